from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammasConfig(AppConfig):
    name = "programmas"
    verbose_name = _("Programma's en batenplannen")

    def ready(self) -> None:
        from django.db.models import fields

        # Django 6.1's new empty choice has no Dutch translation yet.
        fields.BLANK_CHOICE_LABEL = _("– Kies –")
