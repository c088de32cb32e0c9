from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammasConfig(AppConfig):
    name = "programmas"
    verbose_name = _("Programma's en batenplannen")
