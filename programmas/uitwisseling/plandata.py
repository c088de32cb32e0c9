"""The batenrealisatieplan as plain data, shared by the Markdown template and the JSON document.

sjabloon.py reads and writes `PlanData` as Markdown; uitwisseling.py applies it to the
database, takes it from the database and stores it as JSON with `naar_json` / `van_json`.
Every item keeps the line it came from (`regel`, 0 when it did not come from Markdown), so
that what is wrong with it can be reported at that line.
"""

from __future__ import annotations

import functools
import types
import typing
from collections.abc import Callable
from dataclasses import MISSING, dataclass, field, fields, is_dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# The language of every file a plan leaves in: the template's own (issue 19). An export is
# a file format, not a page: its headings, labels and choices are the template's keywords,
# which its readers read back, so it is the same Dutch file whatever language is active.
TAAL_VAN_BESTANDEN = "nl"


def in_het_nederlands[**P, R](schrijver: Callable[P, R]) -> Callable[P, R]:
    """A writer of an export, run in Dutch whatever the reader's language."""

    @functools.wraps(schrijver)
    def nederlands(*args: P.args, **kwargs: P.kwargs) -> R:
        with translation.override(TAAL_VAN_BESTANDEN):
            return schrijver(*args, **kwargs)

    return nederlands


@dataclass
class Melding:
    """A warning or error about the file, at a line (0 when the file has no lines, e.g. JSON)."""

    regel: int
    tekst: str
    # Where in a workbook ("blad 1 Baten, cel E4"): an Excel file has no lines.
    plaats: str = ""
    # What kind of message, where code must tell one from another (the text is translated).
    soort: str = field(default="", compare=False)

    def __str__(self) -> str:
        if self.plaats:
            return f"{self.plaats[0].upper()}{self.plaats[1:]}: {self.tekst}"
        if self.regel:
            return _("Regel %(regel)s: %(tekst)s") % {"regel": self.regel, "tekst": self.tekst}
        return self.tekst


@dataclass
class Kop:
    naam: str = ""
    versie: str = ""
    datum: str = ""
    opsteller: str = ""
    # None: the file has no "Theoretische basis" section, so these are left as they are.
    thema: str | None = None
    kernprincipe: str | None = None
    slug: str = ""  # JSON only
    regel: int = 0
    regels: dict[str, int] = field(default_factory=dict)


@dataclass
class SectorData:
    code: str
    naam: str = ""
    volgorde: int | None = None  # None: by position
    regel: int = 0


@dataclass
class BaatData:
    nummer: int
    naam: str
    eigenaar: str = ""  # eigenaar_naam, or in Markdown the text as written
    # A username (JSON); "" not linked; None: link when the text names a member.
    eigenaar_gebruiker: str | None = None
    sectoren: list[str] = field(default_factory=list)
    prioriteit: str = ""
    eenheid: str = ""
    indicator: str = ""
    nulmeting: str = ""
    nulmeting_bron: str = ""
    nulmeting_datum: str = ""
    target: str = ""
    deadline: str = ""
    toelichting: str = ""
    roadmap: dict[int, str] = field(default_factory=dict)  # kwartaal: fase
    regel: int = 0
    regels: dict[str, int] = field(default_factory=dict)


@dataclass
class CyclusDoelData:
    baat: int
    startniveau: str = ""
    doelniveau: str = ""
    indicator: str = ""
    meetmoment: str = ""
    regel: int = 0


@dataclass
class CyclusData:
    nummer: int
    naam: str = ""
    periode: str = ""
    doelen: list[CyclusDoelData] = field(default_factory=list)
    regel: int = 0


@dataclass
class VermogenData:
    omschrijving: str
    baten: list[int] = field(default_factory=list)
    volgorde: int | None = None
    regel: int = 0
    domein: str = ""  # a Domein value, "" when not stated


@dataclass
class InspanningData:
    omschrijving: str
    baten: list[int] = field(default_factory=list)
    vermogens: list[str] = field(default_factory=list)  # by omschrijving
    volgorde: int | None = None
    regel: int = 0
    domein: str = ""
    status: str = ""  # an InspanningStatus value, "" when not stated


@dataclass
class DoelData:
    """A goal of the programme (the benefits map) and the baten that serve it."""

    nummer: int
    naam: str
    omschrijving: str = ""
    baten: list[int] = field(default_factory=list)
    regel: int = 0


@dataclass
class RisicoData:
    baat: int
    omschrijving: str
    kans: str = ""
    impact: str = ""
    mitigatie: str = ""
    volgorde: int | None = None
    regel: int = 0


@dataclass
class MeetmomentData:
    baat: int
    datum: str = ""
    omschrijving: str = ""
    verwacht_niveau: str = ""
    meting: str = ""
    toelichting: str = ""
    gemeten_door: str | None = None  # JSON only: a username; None: not stated
    gemeten_op: str | None = None  # JSON only: ISO date-time
    # The day it was measured, as written ("gemeten op"); None: the file does not say, and
    # an import keeps what is stored.
    meetdatum: str | None = None
    regel: int = 0


@dataclass
class AfhankelijkheidData:
    baat: int
    van: list[int] = field(default_factory=list)
    extern: str = ""
    type: str = ""
    drempel: Decimal | None = None
    impact_op_planning: str = ""
    volgorde: int | None = None
    regel: int = 0


@dataclass
class StuurparameterData:
    parameter: str
    norm: str = ""
    status: str = ""
    actie: str = ""
    wijzigingen: list[dict[str, Any]] | None = None  # JSON only
    regel: int = 0


@dataclass
class LidData:
    gebruiker: str
    rol: str
    regel: int = 0


TOELICHTINGEN = ("baten", "cycli", "roadmap", "details", "afhankelijkheden", "monitoring")
TOELICHTINGEN += ("escalatie",)
# The parts of a plan a file can state; what a file leaves out stays as it is on import.
SECTIES = ("basis", "baten", "cycli", "roadmap", "details", "afhankelijkheden", "monitoring")
SECTIES += ("escalatie",)
# The escalation rules (domain rule 6): fields of the same name on PlanData and Programma.
ESCALATIE_VELDEN = ("escalatie_drempel", "escaleer_bij_achterstand", "escaleer_bij_commitment")
ESCALATIE_VELDEN += ("escaleer_bij_externe_factor", "escaleer_bij_conflict")


@dataclass
class PlanData:
    kop: Kop = field(default_factory=Kop)
    sectoren: list[SectorData] | None = None  # None: not stated
    baten: list[BaatData] = field(default_factory=list)
    cycli: list[CyclusData] = field(default_factory=list)
    aantal_kwartalen: int = 6
    start_jaar: int | None = None
    start_kwartaal: int | None = None
    vermogens: list[VermogenData] = field(default_factory=list)
    inspanningen: list[InspanningData] = field(default_factory=list)
    # None: the file states no doelen (an optional section), so those stored stay as they are.
    doelen: list[DoelData] | None = None
    risicos: list[RisicoData] = field(default_factory=list)
    meetmomenten: list[MeetmomentData] = field(default_factory=list)
    afhankelijkheden: list[AfhankelijkheidData] = field(default_factory=list)
    frequentie: str = ""
    stuurparameters: list[StuurparameterData] = field(default_factory=list)
    escalatie_drempel: Decimal = Decimal(20)
    escaleer_bij_achterstand: bool = True
    escaleer_bij_commitment: bool = True
    escaleer_bij_externe_factor: bool = True
    escaleer_bij_conflict: bool = True
    toelichtingen: dict[str, str] = field(default_factory=dict)
    bijlagen: str = ""
    secties: list[str] = field(default_factory=lambda: list(SECTIES))
    leden: list[LidData] | None = None  # JSON only
    escalaties: list[dict[str, Any]] | None = None  # JSON only
    # Markdown only: how the cells of the template's Meting column were read (domain rule 0).
    metingcellen: dict[str, int] = field(
        default_factory=lambda: {"metingen": 0, "omschrijvingen": 0}
    )
    # Excel only: the place in the workbook of each (made-up) line number its rows carry.
    plaatsen: dict[int, str] = field(default_factory=dict)


@dataclass
class Resultaat:
    plan: PlanData
    waarschuwingen: list[Melding]
    fouten: list[Melding]


@dataclass
class Gelezen:
    """A file read but not applied: its plan (None where it cannot be applied), its format
    ("md", "json" or "" when unreadable) and what the reader found."""

    plan: PlanData | None
    formaat: str
    waarschuwingen: list[Melding] = field(default_factory=list)
    fouten: list[Melding] = field(default_factory=list)


STANDAARD_SECTOREN = [
    ("PO", "Primair onderwijs"),
    ("VO", "Voortgezet onderwijs"),
    ("ZAK", "Zakelijk"),
]


# The fields that belong to reading a file, not to the plan.
_NIET_IN_JSON = {"regel", "regels", "secties", "metingcellen", "plaatsen", "plaats"}


def naar_json(waarde: Any) -> Any:
    """A PlanData (or part of one) as JSON-ready values."""
    if is_dataclass(waarde) and not isinstance(waarde, type):
        return {
            f.name: naar_json(getattr(waarde, f.name))
            for f in fields(waarde)
            if f.name not in _NIET_IN_JSON
        }
    if isinstance(waarde, Decimal):
        return str(waarde)
    if isinstance(waarde, dict):
        return {str(k): naar_json(v) for k, v in waarde.items()}
    if isinstance(waarde, list | tuple):
        return [naar_json(v) for v in waarde]
    return waarde


_SOORTNAAM = {
    str: gettext_lazy("tekst"),
    int: gettext_lazy("een geheel getal"),
    bool: gettext_lazy("true of false"),
    Decimal: gettext_lazy("een getal"),
}


def van_json(soort: Any, waarde: Any, pad: str, fouten: list[Melding]) -> Any:
    """`waarde` read as `soort` (a type hint of these dataclasses); what does not fit is
    reported in `fouten` at its path ("baten[2].nummer") and read as None."""
    oorsprong = typing.get_origin(soort)
    argumenten = typing.get_args(soort)
    if soort is Any:
        return waarde
    if oorsprong in (typing.Union, types.UnionType):
        if waarde is None and type(None) in argumenten:
            return None
        soort = next(a for a in argumenten if a is not type(None))
        return van_json(soort, waarde, pad, fouten)
    if is_dataclass(soort):
        return _dataclass_van_json(soort, waarde, pad, fouten)
    if oorsprong is list:
        if not isinstance(waarde, list):
            fouten.append(Melding(0, _("%(pad)s: verwacht een lijst.") % {"pad": pad}))
            return []
        return [van_json(argumenten[0], w, f"{pad}[{i}]", fouten) for i, w in enumerate(waarde)]
    if oorsprong is dict:
        if not isinstance(waarde, dict):
            fouten.append(Melding(0, _("%(pad)s: verwacht een object.") % {"pad": pad}))
            return {}
        uit = {}
        for sleutel, w in waarde.items():
            k = van_json(
                argumenten[0],
                int(sleutel) if argumenten[0] is int and str(sleutel).isdigit() else sleutel,
                f"{pad}.{sleutel}",
                fouten,
            )
            uit[k] = van_json(argumenten[1], w, f"{pad}.{sleutel}", fouten)
        return uit
    if soort is Decimal and isinstance(waarde, str | int) and not isinstance(waarde, bool):
        try:
            getal = Decimal(str(waarde))
        except InvalidOperation:
            getal = None
        if getal is not None and getal.is_finite():
            return getal
    elif isinstance(waarde, soort) and not (soort is int and isinstance(waarde, bool)):
        return waarde
    fouten.append(
        Melding(
            0,
            _("%(pad)s: verwacht %(soort)s.")
            % {"pad": pad, "soort": _SOORTNAAM.get(soort, soort.__name__)},
        )
    )
    return None


def _dataclass_van_json(soort: Any, waarde: Any, pad: str, fouten: list[Melding]) -> Any:
    if not isinstance(waarde, dict):
        fouten.append(Melding(0, _("%(pad)s: verwacht een object.") % {"pad": pad}))
        return None
    hints = typing.get_type_hints(soort)
    argumenten: dict[str, Any] = {}
    for f in fields(soort):
        if f.name in _NIET_IN_JSON:
            continue
        if f.name in waarde:
            argumenten[f.name] = van_json(hints[f.name], waarde[f.name], f"{pad}.{f.name}", fouten)
        elif f.default is MISSING and f.default_factory is MISSING:
            fouten.append(
                Melding(
                    0, _("%(pad)s: het veld '%(name)s' ontbreekt.") % {"pad": pad, "name": f.name}
                )
            )
            return None
    onbekend = sorted(set(waarde) - {f.name for f in fields(soort)})
    if onbekend:
        fouten.append(
            Melding(
                0,
                _("%(pad)s: onbekend veld '%(onbekend)s'.") % {"pad": pad, "onbekend": onbekend[0]},
            )
        )
    try:
        return soort(**argumenten)
    except TypeError:
        return None
