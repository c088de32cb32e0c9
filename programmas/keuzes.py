"""The fixed choices of the template, shared by the models and the figures.

They live apart from the models so that the pure figures in realisatie.py can use them
without importing the models.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Rol(models.TextChoices):
    PROGRAMMAMANAGER = "programmamanager", _("Programmamanager")
    BAATEIGENAAR = "baateigenaar", _("Baateigenaar")
    SPONSORGROEP = "sponsorgroep", _("Sponsorgroep")


class Prioriteit(models.TextChoices):
    KRITIEK = "kritiek", _("Kritiek")
    HOOG = "hoog", _("Hoog")
    MIDDEN = "midden", _("Midden")


class Fase(models.TextChoices):
    BASIS = "basis", _("Basis")
    GROEI = "groei", _("Groei")
    TARGET = "target", _("Target")
    BORGING = "borging", _("Borging")


class Kans(models.TextChoices):
    LAAG = "L", _("Laag")
    MIDDEN = "M", _("Midden")
    HOOG = "H", _("Hoog")


class Frequentie(models.TextChoices):
    MAANDELIJKS = "maandelijks", _("Maandelijks")
    PER_CYCLUS = "per_cyclus", _("Per cyclus")
    PER_KWARTAAL = "per_kwartaal", _("Per kwartaal")


class Parameter(models.TextChoices):
    DOELTREFFENDHEID = "doeltreffendheid", _("Doeltreffendheid")
    TEMPO = "tempo", _("Tempo")
    HAALBAARHEID = "haalbaarheid", _("Haalbaarheid")
    WENDBAARHEID = "wendbaarheid", _("Wendbaarheid")
    EFFICIENTIE = "efficientie", _("Efficiëntie")


class Status(models.TextChoices):
    GROEN = "groen", _("Groen")
    GEEL = "geel", _("Geel")
    ROOD = "rood", _("Rood")


class Criterium(models.TextChoices):
    """Section 7: when to take a baat to the sponsorgroep (domain rule 6)."""

    ACHTERSTAND = "achterstand", _("Baat loopt meer dan de drempel achter op planning")
    COMMITMENT = "commitment", _("Baateigenaar kan commitment niet waarmaken")
    EXTERNE_FACTOR = "externe_factor", _("Externe factor verhindert realisatie")
    CONFLICT = "conflict", _("Conflict tussen baten onderling")


# Open lists of the template: the usual values, offered beside "Anders, namelijk" (issue
# 19). The models keep text, so a plan that writes something else keeps what it wrote.
AFHANKELIJKHEID_TYPEN = ("Inhoudelijk", "Planning", "Middelen")
# A stuurparameter's norm: the status it should have (the template writes "Groen").
NORMEN = ("Groen", "Geel", "Rood")
# Their labels on screen: the value stays Dutch in the database and the exports.
_LABELS = {
    "Inhoudelijk": _("Inhoudelijk"),
    "Planning": _("Planning"),
    "Middelen": _("Middelen"),
    "Groen": Status.GROEN.label,
    "Geel": Status.GEEL.label,
    "Rood": Status.ROOD.label,
}


# The fields that hold an open list: a dependency's type, a stuurparameter's norm.
OPEN_LIJSTVELDEN = frozenset({"type", "norm"})


def keuze_label(waarde: str) -> str:
    """A value of an open list as shown: a usual value ("Inhoudelijk") in the person's
    language, anything else the plan wrote as written."""
    label = _LABELS.get(waarde)
    return str(label) if label is not None else waarde


class Domein(models.TextChoices):
    """Where a vermogen or inspanning changes the organisation (the benefits map, issue 17)."""

    MENS = "mens", _("Mens")
    PROCES = "proces", _("Proces")
    SYSTEEM = "systeem", _("Systeem")
    CULTUUR = "cultuur", _("Cultuur")


class InspanningStatus(models.TextChoices):
    GEPLAND = "gepland", _("Gepland")
    LOPEND = "lopend", _("Lopend")
    AFGEROND = "afgerond", _("Afgerond")


class Herinnering(models.TextChoices):
    """How often a person gets the reminders of issue 16 (programmas/herinneringen.py)."""

    DAGELIJKS = "dagelijks", _("Dagelijks")
    WEKELIJKS = "wekelijks", _("Wekelijks")
    UIT = "uit", _("Uit")
