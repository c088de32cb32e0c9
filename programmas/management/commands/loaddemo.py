import secrets

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from programmas.demo import SLUG, DemoKalender, load_demo
from programmas.vandaag import vandaag


class Command(BaseCommand):
    help = (
        "Laadt het demoprogramma 'Klant in Beeld' met de gebruikers pm, eigenaar, sponsor en "
        "beheerder. Wat al bestaat blijft ongewijzigd."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--password", help="Wachtwoord voor nieuwe demogebruikers.")
        parser.add_argument(
            "--force", action="store_true", help="Ook laden als DEBUG uit staat (productie)."
        )

    def handle(self, *args, password: str | None, force: bool, **options) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG staat uit: dit lijkt een productieomgeving. Demogebruikers met een bekend "
                "wachtwoord horen daar niet; gebruik --force als u dit toch wilt."
            )
        generated = not password
        if generated:
            password = secrets.token_urlsafe(12)
        dag = vandaag()
        created_users, created_programma = load_demo(password, dag)
        if created_programma:
            self.stdout.write(
                self.style.SUCCESS(_("Demoprogramma '%(slug)s' geladen.") % {"slug": SLUG})
            )
            # The demo's dates follow the day it is loaded: say which it chose.
            for regel in DemoKalender.voor(dag).samenvatting():
                self.stdout.write(f"  {regel}")
        else:
            bericht = _("Het demoprogramma '%(slug)s' bestaat al; het is niet gewijzigd.")
            self.stdout.write(bericht % {"slug": SLUG})
        if created_users:
            names = ", ".join(created_users)
            if generated:
                self.stdout.write(
                    _("Nieuwe gebruikers %(namen)s, met het wachtwoord %(wachtwoord)s")
                    % {"namen": names, "wachtwoord": password}
                )
            else:
                # Never echo a password given on the command line, nor a stand-in for it
                # that reads like one: say where it came from.
                self.stdout.write(
                    _("Nieuwe gebruikers %(namen)s, met het wachtwoord dat u opgaf (--password).")
                    % {"namen": names}
                )
        else:
            self.stdout.write(
                _(
                    "Er zijn geen nieuwe gebruikers gemaakt: de demogebruikers bestonden al en "
                    "hun wachtwoord is niet gewijzigd."
                )
            )
