from django.core.management.base import BaseCommand, CommandError

from programmas import herinneringen
from programmas.vandaag import vandaag


class Command(BaseCommand):
    help = (
        "Stuurt de herinneringen: aan elke baateigenaar de meetmomenten die binnen N dagen "
        "aan de beurt zijn en de achterstallige, en het weekoverzicht aan programmamanagers. "
        "Niets gaat twee keer om dezelfde reden. Voor cron; de taakworker doet het ook dagelijks."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Alleen tonen wat er per persoon gestuurd zou worden; niets versturen.",
        )
        parser.add_argument(
            "--dagen",
            type=int,
            help="Hoeveel dagen vooruit een meetmoment gemeld wordt (standaard "
            "DJANGO_HERINNERING_DAGEN, 14).",
        )
        parser.add_argument(
            "--inplannen",
            action="store_true",
            help="Zet de dagelijkse run in de wachtrij van de taakworker (als die er niet staat).",
        )

    def handle(self, *args, dry_run: bool, dagen: int | None, inplannen: bool, **options):
        if dagen is not None and dagen < 0:
            raise CommandError("--dagen kan niet negatief zijn.")
        if inplannen:
            om = herinneringen.plan_in()
            if om is None:
                self.stdout.write("De dagelijkse run staat al in de wachtrij (of kan niet later).")
            else:
                self.stdout.write(f"De volgende run staat in de wachtrij voor {om:%d-%m-%Y %H:%M}.")
            return
        dag = vandaag()
        brieven = herinneringen.brieven(dag, dagen) if dry_run else herinneringen.stuur(dag, dagen)
        binnen = herinneringen.dagen() if dagen is None else dagen
        self.stdout.write(
            f"Herinneringen op {dag:%d-%m-%Y} (meetmomenten tot {binnen} dagen vooruit en "
            f"achterstallige){' - DROOG: er wordt niets verstuurd' if dry_run else ''}:"
        )
        for brief in brieven:
            self.stdout.write(self._regels(brief, dry_run))
        verstuurd = sum(b.verstuurd for b in brieven)
        zou = sum(not b.overslaan for b in brieven)
        if dry_run:
            self.stdout.write(f"Zou versturen: {zou} e-mail(s).")
        else:
            self.stdout.write(f"Verstuurd: {verstuurd} e-mail(s).")

    def _regels(self, brief: herinneringen.Brief, dry_run: bool) -> str:
        user = brief.user
        wie = f"{user.get_username()} <{user.email or '-'}>"
        if brief.verstuurd:
            status = "verstuurd"
        elif brief.overslaan:
            status = f"niet: {brief.overslaan}"
        else:
            status = "zou gaan" if dry_run else "niet verstuurd"
        regels = []
        if brief.soort == herinneringen.HERINNERING:
            regels.append(f"- {wie}: herinnering, {len(brief.momenten)} meetmoment(en) [{status}]")
            for m in brief.momenten:
                soort = "achterstallig" if m.achterstallig else "binnenkort"
                nieuw = "" if m.nieuw else " (al gemeld)"
                regels.append(
                    f"    {m.programma.naam} {m.baat.code} {m.meetmoment.datum:%d-%m-%Y} "
                    f"{soort}{nieuw}"
                )
        else:
            regels.append(f"- {wie}: weekoverzicht [{status}]")
            for p in brief.programmas:
                regels.append(
                    f"    {p.programma.naam}: {len(p.achterstallig)} achterstallig, "
                    f"{len(p.signalen) + len(p.gemeld)} escalatie(s)"
                )
        return "\n".join(regels)
