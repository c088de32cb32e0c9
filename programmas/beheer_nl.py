"""Dutch names in the admin for the models of the libraries we use (issue 19).

django-axes and django-tasks-db ship no Dutch, so a site administrator read "Access
attempts" and "Task Results" between Dutch models. The names are set on the models'
options when the apps are ready: only `verbose_name`, never `original_attrs`, so the
migration state of those apps is unchanged (`makemigrations --check` stays clean).

The names are lazy and their msgids have English beside them ("Inlogbeveiliging" ->
"Login protection"), so the Dutch shows only when Dutch is active: an administrator who
chose English reads the admin in English throughout.
"""

from __future__ import annotations

from django.apps import apps
from django.utils.translation import gettext_lazy as _

APPS = {
    "axes": _("Inlogbeveiliging"),
    "django_tasks_database": _("Achtergrondtaken"),
}

MODELLEN = {
    ("axes", "AccessAttempt"): (
        _("teller van mislukte inlogpogingen"),
        _("mislukte inlogpogingen (tellers per account en adres)"),
    ),
    ("axes", "AccessFailureLog"): (_("mislukte inlog"), _("mislukte inlogs (logboek)")),
    ("axes", "AccessLog"): (_("inlog"), _("inlogs en uitlogs (logboek)")),
    ("django_tasks_database", "DBTaskResult"): (_("taakresultaat"), _("taakresultaten")),
}


def vernederlands() -> None:
    """Give the library apps and models their Dutch names (called from AppConfig.ready)."""
    for label, naam in APPS.items():
        try:
            apps.get_app_config(label).verbose_name = naam
        except LookupError:  # not installed
            continue
    for (label, model_naam), (enkelvoud, meervoud) in MODELLEN.items():
        try:
            model = apps.get_model(label, model_naam)
        except LookupError:  # the library changed or is not installed
            continue
        model._meta.verbose_name = enkelvoud
        model._meta.verbose_name_plural = meervoud
