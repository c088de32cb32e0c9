"""python manage.py export_plan SLUG --format md|json|xlsx|docx|pdf [--volledig] [--output FILE]"""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from programmas import rapport
from programmas.models import Programma

# One entry per format, shared with the download in the browser.
from programmas.uitwisseling import EXPORTEURS


class Command(BaseCommand):
    help = "Exporteert het plan van een programma als Markdown (het sjabloon), JSON, Excel of PDF."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="De slug van het programma.")
        parser.add_argument("--format", choices=sorted(EXPORTEURS), default="md")
        parser.add_argument("--output", help="Het bestand; zonder: naar het scherm (tekst).")
        parser.add_argument(
            "--volledig",
            action="store_true",
            help="Bij --format pdf: het volledige rapport, met alle metingen in een bijlage.",
        )

    def handle(
        self,
        *args,
        slug: str,
        format: str,
        output: str | None,
        volledig: bool = False,
        **options,
    ) -> None:
        programma = Programma.objects.filter(slug=slug).first()
        if programma is None:
            raise CommandError(f"Er is geen programma met de slug '{slug}'.")
        if volledig and format != "pdf":
            raise CommandError("--volledig geldt alleen voor het PDF-rapport (--format pdf).")
        exporteur = EXPORTEURS[format]
        if output in (None, "-") and not exporteur.tekst:
            raise CommandError(f"Een {format}-bestand gaat niet naar het scherm; gebruik --output.")
        # Rendered here, not by the task worker: nobody waits on a web request.
        inhoud = rapport.pdf(programma, volledig=True) if volledig else exporteur.maak(programma)
        if output in (None, "-"):
            self.stdout.write(inhoud.decode(), ending="")
            return
        try:
            with open(output, "wb") as bestand:
                bestand.write(inhoud)
        except OSError as fout:
            raise CommandError(f"Kan {output} niet schrijven: {fout.strerror}.") from fout
        soort = f"{format}, volledig" if volledig else format
        self.stderr.write(f"{programma.naam} geëxporteerd naar {output} ({soort}).")
