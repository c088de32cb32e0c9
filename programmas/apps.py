from django.apps import AppConfig
from django.db.models import fields
from django.utils.translation import gettext_lazy as _

# Django 6.1's new empty choice has no Dutch translation yet. Set when the app is loaded, not
# in ready(): the admin's autodiscover (an earlier app's ready()) imports the forms, whose
# choice fields take the label as they are built.
fields.BLANK_CHOICE_LABEL = _("– Kies –")


class ProgrammasConfig(AppConfig):
    name = "programmas"
    verbose_name = _("Programma's en batenplannen")

    def ready(self) -> None:
        from .beheer_nl import vernederlands

        vernederlands()
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_save

        from .models import maak_profiel

        # Every user has a profile from the start (issue 16): a page that shows it never
        # has to write one first.
        post_save.connect(maak_profiel, sender=get_user_model(), dispatch_uid="maak_profiel")

        from django.contrib.auth.signals import user_logged_in

        from .persoonlijk import taal_bij_inloggen

        user_logged_in.connect(taal_bij_inloggen, dispatch_uid="taal_bij_inloggen")
