"""python manage.py import_plan FILE [--programma SLUG] [--dry-run]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from programmas.geschiedenis import wijzigingsset
from programmas.models import Programma
from programmas.uitwisseling import MAX_GROOTTE, ImportFout, importeer


class Command(BaseCommand):
    help = (
        "Importeert een batenrealisatieplan (het Markdown-sjabloon of een JSON-export) als "
        "nieuw programma, of werkt met --programma een bestaand programma bij. Alles of niets: "
        "bij een fout wordt niets opgeslagen."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("bestand", help="Het plan: .md, .json of .xlsx.")
        parser.add_argument(
            "--programma",
            metavar="SLUG",
            help="Werk dit programma bij; bestaat het niet, dan wordt het met deze slug gemaakt.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Toon wat er zou veranderen, zonder iets op te slaan.",
        )

    def handle(self, *args, bestand: str, programma: str | None, dry_run: bool, **options) -> None:
        pad = Path(bestand)
        try:
            if pad.stat().st_size > MAX_GROOTTE:
                raise CommandError(f"{bestand} is groter dan 2 MB; dat is geen plan.")
            inhoud = pad.read_bytes()
        except OSError as fout:
            raise CommandError(f"Kan {bestand} niet lezen: {fout.strerror}.") from fout
        bestaand = Programma.objects.filter(slug=programma).first() if programma else None
        try:
            with wijzigingsset(f"import van {pad.name} (opdrachtregel)"):
                uitkomst = importeer(
                    inhoud,
                    programma=bestaand,
                    slug=programma if bestaand is None else None,
                    proef=dry_run,
                )
        except ImportFout as fout:
            for melding in fout.waarschuwingen:
                self.stderr.write(f"Waarschuwing: {melding}")
            for melding in fout.fouten:
                self.stderr.write(f"Fout: {melding}")
            raise CommandError(
                f"{len(fout.fouten)} fout(en) in {bestand}; er is niets opgeslagen."
            ) from fout
        for melding in uitkomst.waarschuwingen:
            self.stderr.write(f"Waarschuwing: {melding}")
        for wijziging in uitkomst.wijzigingen:
            self.stdout.write(str(wijziging))
        aantallen = ", ".join(
            f"{len(uitkomst.per_soort(soort))} {soort}"
            for soort in ("nieuw", "gewijzigd", "verwijderd")
        )
        wat = "zou worden" if dry_run else "is"
        actie = "aangemaakt" if uitkomst.nieuw else "bijgewerkt"
        slot = f"Programma '{uitkomst.naam}' ({uitkomst.slug}) {wat} {actie}: {aantallen}."
        if dry_run:
            slot += " Er is niets opgeslagen (--dry-run)."
        self.stdout.write(self.style.SUCCESS(slot))
