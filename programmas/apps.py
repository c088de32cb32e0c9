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
