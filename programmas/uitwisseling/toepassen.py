"""Applying a plan (plandata.PlanData) to the database: all or nothing, with a preview.

`pas_toe` writes the plan into a new or an existing programme in one transaction.
`voorbeeld` reports what `pas_toe` would create, change and remove by running the very same
code in a transaction that it rolls back, so the preview cannot differ from the import.
`controleer` finds every error in a plan's content before anything is written.

Rows are matched on natural keys: baat nummer, cyclus nummer, sector code, (cyclus, baat),
(baat, kwartaal), vermogen and inspanning omschrijving, (baat, omschrijving) for risico's,
(baat, datum) for meetmomenten, (baat, van, extern) for afhankelijkheden, parameter, the
username of a member, and all values of an escalatie or statuswijziging. Matched rows are
updated (their revisie goes up), new ones created and rows no longer present removed; what a
plan does not state (a section a Markdown plan leaves out, members, escalaties, ...) stays as
it is. Rows the plan gives no volgorde (Markdown) are numbered by position, keeping the stored
numbers when the order did not change, so that re-importing an unchanged export changes
nothing.

An owner written as text is linked to a member (programmamanager or baateigenaar) whose
username or full name it is; otherwise it is kept as eigenaar_naam. Whoever creates a
programme from a plan without members (Markdown), or from a backup that does not name them,
becomes its programmamanager; an import never leaves a programme without one.

The rules of the plan live on the models: every row is checked with its model's
`full_clean()` before it is stored, and a refusal becomes an error at the row's line, or a
warning when its code is in ALLEEN_WAARSCHUWING (the form refuses those; a plan as written
may hold them). A table is checked row by row in memory, its sibling rules reading the rows
loaded once (models.GeladenRijen), and then written at once: one INSERT for its new rows and
one UPDATE for its changed rows that raises their revisie in the database (`schrijf_tabel`).
So an import costs about the same number of queries for any size of plan.

A text longer than its field is shortened with a warning and kept whole in
the row's toelichting (`_VOLLEDIGE_TEKST`). Who entered a meting or raised an escalation is
linked only to a member of the programme; any other name is kept as text (`_AUDIT`).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DatabaseError, IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .. import geschiedenis, notatie
from ..models import (
    WAARSCHUWINGEN,
    Afhankelijkheid,
    AfhankelijkheidVan,
    Baat,
    Cyclus,
    CyclusDoel,
    Doel,
    Escalatie,
    GeladenRijen,
    Inspanning,
    Lidmaatschap,
    Meetmoment,
    Programma,
    Risico,
    RoadmapFase,
    Sector,
    Stuurparameter,
    StuurparameterWijziging,
    Vermogen,
    lees_graaf,
    met_geladen_rijen,
)
from ..toegang import geef_beheer
from .plandata import (
    ESCALATIE_VELDEN,
    STANDAARD_SECTOREN,
    TOELICHTINGEN,
    AfhankelijkheidData,
    BaatData,
    CyclusData,
    CyclusDoelData,
    Melding,
    PlanData,
)

# Codes of model refusals (ValidationError.code) that an import reports as a warning and
# stores anyway: a form asks or refuses, a plan as written may hold them (domain rules 0-1,
# issue 11). The model's own list of rules a writer may confirm, plus an unreadable date.
ALLEEN_WAARSCHUWING = WAARSCHUWINGEN | {"onbekende_datum"}
# Codes of rules over the whole programme that an import checks once, after all its rows:
# row by row, a file that swaps the programme manager would be refused half-way.
NA_AFLOOP = frozenset({"geen_programmamanager"})

# Where the full text of a value too long for its field is kept, per model.
_VOLLEDIGE_TEKST = {
    Programma: "bijlagen",
    Baat: "toelichting",
    Meetmoment: "toelichting",
    Risico: "mitigatie",
    Afhankelijkheid: "impact_op_planning",
    Stuurparameter: "actie",
    Escalatie: "afhandeling",
}


# Rows that say who did something (gemeten_door, gemeld_door, door, ...) and the field that
# keeps a name from the file as text when it may not be linked (see _Toepassing.auditveld).
_AUDIT = {
    Meetmoment: "toelichting",
    Escalatie: "omschrijving",
    StuurparameterWijziging: "toelichting",
}


_TOELICHTING_VAN_SECTIE = {
    Sector: "toelichting_baten",
    Cyclus: "toelichting_cycli",
    CyclusDoel: "toelichting_cycli",
    Vermogen: "toelichting_details",
    Inspanning: "toelichting_details",
}


class ImportFout(Exception):
    """The plan cannot be imported; `fouten` says every reason, each at its line."""

    def __init__(self, fouten: list[Melding], waarschuwingen: list[Melding] | None = None):
        super().__init__("\n".join(str(f) for f in fouten))
        self.fouten = fouten
        self.waarschuwingen = waarschuwingen or []


@dataclass
class Wijziging:
    soort: str  # "nieuw", "gewijzigd" or "verwijderd"
    onderdeel: str  # e.g. "baat", "meetmoment"
    naam: str  # e.g. "B2 Hogere klanttevredenheid"
    velden: list[tuple[str, str, str]] = field(default_factory=list)  # (veld, oud, nieuw)

    def __str__(self) -> str:
        tekst = f"{self.soort.capitalize()}: {self.onderdeel} {self.naam}"
        details = "; ".join(f"{veld}: '{oud}' → '{nieuw}'" for veld, oud, nieuw in self.velden)
        return f"{tekst} ({details})" if details else tekst


@dataclass
class BaatNaImport:
    """The figures of a baat as the plan will have them after the import (domain rules 1-6)."""

    code: str
    naam: str
    realisatie: Any  # Decimal, or realisatie.Onbepaald ("kwalitatief", ...)
    fase: Any  # Fase or Onbepaald
    signalen: list[str]


@dataclass
class Uitkomst:
    slug: str
    naam: str
    nieuw: bool  # whether the programme is created
    wijzigingen: list[Wijziging]
    waarschuwingen: list[Melding]
    programma: Programma | None = None  # None in a preview
    # A preview's figures after the import, computed on the result before it is rolled back.
    figuren: list[BaatNaImport] = field(default_factory=list)
    # How the cells of the Markdown template's Meting column were read (domain rule 0).
    metingcellen: dict[str, int] = field(default_factory=dict)

    def per_soort(self, soort: str) -> list[Wijziging]:
        return [w for w in self.wijzigingen if w.soort == soort]


def gebruikersnaam(user: Any) -> str:
    return user.get_username() if user is not None else ""


def _extra_velden(model: type[models.Model], ouder: str) -> list[models.Field]:
    """The fields of a row that only the JSON document holds, generically."""
    overslaan = {"id", "revisie", "gewijzigd_op", "gewijzigd_door", ouder}
    return [f for f in model._meta.concrete_fields if f.name not in overslaan]


def extra_naar_json(obj: models.Model, ouder: str) -> dict[str, Any]:
    uit: dict[str, Any] = {}
    for veld in _extra_velden(type(obj), ouder):
        waarde = getattr(obj, veld.name)
        if isinstance(waarde, Baat):
            waarde = waarde.nummer
        elif veld.is_relation:
            waarde = gebruikersnaam(waarde) or None
        elif isinstance(waarde, date | datetime | Decimal):
            waarde = waarde.isoformat() if not isinstance(waarde, Decimal) else str(waarde)
        uit[veld.name] = waarde
    return uit


@dataclass
class _Rij:
    """One row the plan wants, before its references to other rows are resolved."""

    sleutel: tuple
    waarden: dict[str, Any]
    regel: int
    label: str
    verwijzingen: dict[str, tuple[str, Any]] = field(default_factory=dict)  # veld: (soort, sleutel)
    m2m: dict[str, list[tuple[str, Any]]] = field(default_factory=dict)
    groep: Any = None  # rows numbered together when the plan gives no volgorde
    vooraf: Callable[[dict[str, Any]], None] | None = None  # fills waarden when writing
    regels: dict[str, int] = field(default_factory=dict)  # the line of a field, if not `regel`


def _rij_op_sleutel(data: Any, label: str, velden: tuple[str, ...], **rest: Any) -> _Rij:
    """The row of a plan item that is found back by its first field: the fields `velden`
    have the item's values of the same names."""
    waarden = {veld: getattr(data, veld) for veld in velden}
    return _Rij((waarden[velden[0]],), waarden, data.regel, label, **rest)


def _van_de_baten(model: type[models.Model]) -> Callable[[Programma], Any]:
    """The rows of `model` that belong to the programme's baten, each with its baat (the
    first part of its natural key)."""
    return lambda p: model._default_manager.filter(baat__programma=p).select_related("baat")


# soort: (model, the rows of a programme, natural key of a stored row)
_Soort = tuple[type[models.Model], Callable[[Programma], Any], Callable[[Any], tuple]]
_SOORTEN: dict[str, _Soort] = {
    "sector": (Sector, lambda p: p.sectoren.all(), lambda o: (o.code,)),
    "lid": (
        Lidmaatschap,
        lambda p: p.lidmaatschappen.select_related("user"),
        lambda o: (o.user.get_username(),),
    ),
    "baat": (
        Baat,
        lambda p: p.baten.select_related("eigenaar").prefetch_related("sectoren"),
        lambda o: (o.nummer,),
    ),
    "cyclus": (Cyclus, lambda p: p.cycli.all(), lambda o: (o.nummer,)),
    "cyclusdoel": (
        CyclusDoel,
        lambda p: CyclusDoel.objects.filter(cyclus__programma=p).select_related("cyclus", "baat"),
        lambda o: (o.cyclus.nummer, o.baat.nummer),
    ),
    "roadmap": (RoadmapFase, _van_de_baten(RoadmapFase), lambda o: (o.baat.nummer, o.kwartaal)),
    "vermogen": (
        Vermogen,
        lambda p: p.vermogens.prefetch_related("baten"),
        lambda o: (o.omschrijving,),
    ),
    "inspanning": (
        Inspanning,
        lambda p: p.inspanningen.prefetch_related("baten", "vermogens"),
        lambda o: (o.omschrijving,),
    ),
    "doel": (Doel, lambda p: p.doelen.prefetch_related("baten"), lambda o: (o.nummer,)),
    "risico": (Risico, _van_de_baten(Risico), lambda o: (o.baat.nummer, o.omschrijving)),
    "meetmoment": (Meetmoment, _van_de_baten(Meetmoment), lambda o: (o.baat.nummer, o.datum_tekst)),
    "afhankelijkheid": (
        Afhankelijkheid,
        lambda p: Afhankelijkheid.objects.filter(baat__programma=p).met_figuurdata(),
        lambda o: (
            o.baat.nummer,
            tuple(sorted(k.van.nummer for k in o.koppelingen.all())),
            o.extern,
        ),
    ),
    "stuurparameter": (Stuurparameter, lambda p: p.stuurparameters.all(), lambda o: (o.parameter,)),
    "wijziging": (
        StuurparameterWijziging,
        lambda p: (
            StuurparameterWijziging.objects.filter(stuurparameter__programma=p)
            .select_related("stuurparameter", "door")
            .order_by("op", "pk")
        ),
        lambda o: (
            o.stuurparameter.parameter,
            json.dumps(extra_naar_json(o, "stuurparameter"), sort_keys=True, default=str),
        ),
    ),
    "escalatie": (
        Escalatie,
        lambda p: p.escalaties.select_related("baat", "gemeld_door").order_by("pk"),
        lambda o: (json.dumps(extra_naar_json(o, "programma"), sort_keys=True, default=str),),
    ),
}
# Natural keys that must be unique; the others get a sequence number (the n-th such row).
_UNIEK = {"sector", "lid", "baat", "cyclus", "cyclusdoel", "roadmap", "stuurparameter"}
_UNIEK |= {"doel"}
# The header fields of a programme and the label that gives their line (plandata.Kop.regels).
_KOPREGELS = {"naam": "naam", "versie": "versie", "datum_tekst": "datum", "opsteller": "opsteller"}
_HEEFT_PROGRAMMA = {"sector", "lid", "baat", "cyclus", "vermogen", "inspanning"}
_HEEFT_PROGRAMMA |= {"stuurparameter", "escalatie", "doel"}


def _tekst(waarde: Any, veld: models.Field | None = None) -> str:
    """A value as the preview shows it."""
    if waarde is None or waarde == "":
        return ""
    if isinstance(waarde, bool):
        return _("ja") if waarde else _("nee")
    if veld is not None and veld.choices:
        return str(dict(veld.flatchoices).get(waarde, waarde))
    if isinstance(waarde, Decimal):
        return notatie.format_getal(
            waarde.normalize() if waarde == waarde.to_integral() else waarde
        )
    tekst = " ".join(str(waarde).split())
    return tekst if len(tekst) <= 80 else tekst[:77] + "..."


class _Toepassing:
    def __init__(
        self, plan: PlanData, programma: Programma | None, slug: str | None, gebruiker: Any
    ) -> None:
        self.plan = plan
        self.programma = programma
        self.slug = slug
        self.gebruiker = gebruiker if gebruiker is not None and gebruiker.is_authenticated else None
        self.fouten: list[Melding] = []
        self.waarschuwingen: list[Melding] = []
        self.wijzigingen: list[Wijziging] = []
        self.rijen: dict[str, list[_Rij]] = {}
        self.aanvullen: set[str] = set()  # soorten of which only missing rows are added
        self.objecten: dict[str, dict[tuple, Any]] = defaultdict(dict)
        self.weg: dict[str, list[models.Model]] = {}
        self.gebruikers: dict[str, Any] = {}
        self._programma_waarden: dict[str, Any] | None = None
        self._ledennamen: set[str] | None = None
        self._eigenaars: list[Any] | None = None
        self._gebruikers_gelezen = False
        self.mislukt: set[tuple[str, tuple]] = set()  # rows the model refused
        # Links to write once their table is written: (row, field, baten or sectoren, ...).
        self.koppelingen: list[tuple[models.Model, str, list[Any], list[Any]]] = []

    def fout(self, regel: int, tekst: str) -> None:
        self.fouten.append(Melding(regel, tekst))

    def waarschuw(self, regel: int, tekst: str) -> None:
        self.waarschuwingen.append(Melding(regel, tekst))

    # ---- the rows the plan wants

    def programma_waarden(self) -> dict[str, Any]:
        # Read once: controleer_velden may shorten a value and keep its full text.
        if self._programma_waarden is None:
            self._programma_waarden = self._lees_programma_waarden()
        return self._programma_waarden

    def _lees_programma_waarden(self) -> dict[str, Any]:
        plan, kop, secties = self.plan, self.plan.kop, set(self.plan.secties)
        waarden: dict[str, Any] = {
            "naam": kop.naam,
            "versie": kop.versie,
            "datum_tekst": kop.datum,
            "opsteller": kop.opsteller,
            "bijlagen": plan.bijlagen,
        }
        if "basis" in secties and kop.thema is not None:
            waarden |= {"thema": kop.thema, "kernprincipe": kop.kernprincipe or ""}
        if "roadmap" in secties:
            waarden |= {
                "aantal_kwartalen": plan.aantal_kwartalen,
                "start_jaar": plan.start_jaar,
                "start_kwartaal": plan.start_kwartaal,
            }
        if "monitoring" in secties:
            waarden["rapportage_frequentie"] = plan.frequentie
        if "escalatie" in secties:
            waarden |= {veld: getattr(plan, veld) for veld in ESCALATIE_VELDEN}
        for sectie in TOELICHTINGEN:
            if sectie in secties:
                waarden[f"toelichting_{sectie}"] = plan.toelichtingen.get(sectie, "")
        return waarden

    def verzamel(self) -> None:
        plan, secties = self.plan, set(self.plan.secties)
        r = self.rijen
        if plan.sectoren is not None:
            r["sector"] = [
                _rij_op_sleutel(s, f"sector {s.code}", ("code", "naam", "volgorde"))
                for s in plan.sectoren
            ]
        else:
            self.aanvullen.add("sector")
            codes = [c for c, _ in STANDAARD_SECTOREN] if self.programma is None else []
            codes = list(dict.fromkeys([*codes, *(c for b in plan.baten for c in b.sectoren)]))
            namen = dict(STANDAARD_SECTOREN)
            r["sector"] = [
                _Rij(
                    (c,), {"code": c, "naam": namen.get(c, ""), "volgorde": None}, 0, f"sector {c}"
                )
                for c in codes
            ]
        if plan.leden is not None:
            bestaand = set(
                get_user_model()
                .objects.filter(username__in=[lid.gebruiker for lid in plan.leden])
                .values_list("username", flat=True)
            )
            for lid in plan.leden:
                if lid.gebruiker in bestaand:
                    r.setdefault("lid", []).append(
                        _Rij(
                            (lid.gebruiker,),
                            {"rol": lid.rol},
                            lid.regel,
                            f"lid {lid.gebruiker}",
                            {"user": ("gebruiker", lid.gebruiker)},
                        )
                    )
                else:
                    self.waarschuw(
                        lid.regel,
                        _(
                            "De gebruiker '%(gebruiker)s' bestaat niet op deze server; het "
                            "lidmaatschap is overgeslagen."
                        )
                        % {"gebruiker": lid.gebruiker},
                    )
            r.setdefault("lid", [])
        r["baat"] = [self.baat_rij(b, "details" in secties) for b in plan.baten]
        if "cycli" in secties:
            r["cyclus"] = [
                _rij_op_sleutel(c, f"cyclus {c.nummer}", ("nummer", "naam", "periode"))
                for c in plan.cycli
            ]
            r["cyclusdoel"] = [self.doel_rij(c, d) for c in plan.cycli for d in c.doelen]
        if "roadmap" in secties:
            r["roadmap"] = [
                _Rij(
                    (b.nummer, k),
                    {"kwartaal": k, "fase": f},
                    b.regel,
                    f"roadmap B{b.nummer} Q{k}",
                    {"baat": ("baat", (b.nummer,))},
                )
                for b in plan.baten
                for k, f in sorted(b.roadmap.items())
            ]
        if "details" in secties:
            self.details()
        if plan.doelen is not None:
            r["doel"] = [
                _rij_op_sleutel(
                    d,
                    f"doel D{d.nummer}",
                    ("nummer", "naam", "omschrijving"),
                    m2m={"baten": [("baat", (n,)) for n in d.baten]},
                )
                for d in plan.doelen
            ]
        if "afhankelijkheden" in secties:
            r["afhankelijkheid"] = [self.afhankelijkheid_rij(a) for a in plan.afhankelijkheden]
        if "monitoring" in secties:
            r["stuurparameter"] = [
                _rij_op_sleutel(
                    s, f"stuurparameter {s.parameter}", ("parameter", "norm", "status", "actie")
                )
                for s in plan.stuurparameters
            ]
            if (
                all(s.wijzigingen is not None for s in plan.stuurparameters)
                and plan.leden is not None
            ):
                r["wijziging"] = [
                    self.extra_rij(
                        StuurparameterWijziging,
                        "stuurparameter",
                        w,
                        f"stuurparameters[{i}].wijzigingen[{j}]",
                        ("stuurparameter", (s.parameter,)),
                    )
                    for i, s in enumerate(plan.stuurparameters)
                    for j, w in enumerate(s.wijzigingen or [])
                ]
        if plan.escalaties is not None:
            r["escalatie"] = [
                self.extra_rij(Escalatie, "programma", e, f"escalaties[{i}]")
                for i, e in enumerate(plan.escalaties)
            ]
        for soort in _UNIEK:
            gezien: dict[tuple, _Rij] = {}
            for rij in r.get(soort, []):
                if rij.sleutel in gezien:
                    eerder = (
                        _(" (ook op regel %(regel)s)") % {"regel": gezien[rij.sleutel].regel}
                        if gezien[rij.sleutel].regel
                        else ""
                    )
                    self.fout(
                        rij.regel,
                        _("%(label)s staat twee keer in het plan%(eerder)s.")
                        % {"label": rij.label, "eerder": eerder},
                    )
                gezien[rij.sleutel] = rij
        for soort, rijen in r.items():
            if soort not in _UNIEK:
                tellers: dict[tuple, int] = defaultdict(int)
                for rij in rijen:
                    tellers[rij.sleutel] += 1
                    rij.sleutel = (*rij.sleutel, tellers[rij.sleutel])

    def baat_rij(self, b: BaatData, details: bool) -> _Rij:
        waarden: dict[str, Any] = {"nummer": b.nummer, "naam": b.naam, "prioriteit": b.prioriteit}
        if not b.naam:
            self.fout(b.regel, _("B%(nummer)s heeft geen naam.") % {"nummer": b.nummer})
        velden = {"nulmeting_tekst": "nulmeting", "nulmeting_datum_tekst": "nulmeting_datum"}
        velden |= {"target_tekst": "target", "deadline_tekst": "deadline"}
        velden |= {"nulmeting_bron": "nulmeting_bron", "eenheid": "eenheid"}
        velden |= {"indicator": "indicator"}
        regels = {
            veld: b.regels[sleutel] for veld, sleutel in velden.items() if sleutel in b.regels
        }
        if details:
            waarden |= {
                "eenheid": b.eenheid,
                "indicator": b.indicator,
                "nulmeting_tekst": b.nulmeting,
                "nulmeting_bron": b.nulmeting_bron,
                "nulmeting_datum_tekst": b.nulmeting_datum,
                "target_tekst": b.target,
                "deadline_tekst": b.deadline,
                "toelichting": b.toelichting,
            }
        rij = _Rij(
            (b.nummer,),
            waarden,
            b.regel,
            f"B{b.nummer}",
            m2m={"sectoren": [("sector", (c,)) for c in b.sectoren]},
            regels=regels,
        )
        rij.vooraf = lambda w: w.update(
            zip(("eigenaar", "eigenaar_naam"), self.eigenaar(b), strict=True)
        )
        return rij

    def doel_rij(self, c: CyclusData, d: CyclusDoelData) -> _Rij:
        waarden = {
            "startniveau_tekst": d.startniveau,
            "doelniveau_tekst": d.doelniveau,
            "indicator": d.indicator,
            "meetmoment_tekst": d.meetmoment,
        }
        return _Rij(
            (c.nummer, d.baat),
            waarden,
            d.regel,
            f"cyclus {c.nummer}, B{d.baat}",
            {"cyclus": ("cyclus", (c.nummer,)), "baat": ("baat", (d.baat,))},
        )

    def details(self) -> None:
        plan, r = self.plan, self.rijen
        r["vermogen"] = [
            _rij_op_sleutel(
                v,
                f"vermogen '{v.omschrijving}'",
                ("omschrijving", "volgorde", "domein"),
                m2m={"baten": [("baat", (n,)) for n in v.baten]},
            )
            for v in plan.vermogens
        ]
        r["inspanning"] = [
            _rij_op_sleutel(
                i,
                f"inspanning '{i.omschrijving}'",
                ("omschrijving", "volgorde", "domein", "status"),
                m2m={
                    "baten": [("baat", (n,)) for n in i.baten],
                    "vermogens": [("vermogen", (v, 1)) for v in i.vermogens],
                },
            )
            for i in plan.inspanningen
        ]
        r["risico"] = [
            _Rij(
                (x.baat, x.omschrijving),
                {
                    "omschrijving": x.omschrijving,
                    "kans": x.kans,
                    "impact": x.impact,
                    "mitigatie": x.mitigatie,
                    "volgorde": x.volgorde,
                },
                x.regel,
                f"risico van B{x.baat}",
                {"baat": ("baat", (x.baat,))},
                groep=x.baat,
            )
            for x in plan.risicos
        ]
        r["meetmoment"] = []
        for m in plan.meetmomenten:
            waarden: dict[str, Any] = {
                "datum_tekst": m.datum,
                "omschrijving": m.omschrijving,
                "verwacht_niveau_tekst": m.verwacht_niveau,
                "meting_tekst": m.meting,
                "toelichting": m.toelichting,
            }
            if m.meetdatum is not None:
                # Only what the file states: a plan without the column keeps the stored day.
                waarden["meetdatum_tekst"] = m.meetdatum
            verwijzingen = {"baat": ("baat", (m.baat,))}
            if m.gemeten_door is not None:
                verwijzingen["gemeten_door"] = ("gebruiker", m.gemeten_door)
            if m.gemeten_op is not None:
                waarden["gemeten_op"] = self.tijdstip(m.gemeten_op, m.regel)
            r["meetmoment"].append(
                _Rij(
                    (m.baat, m.datum),
                    waarden,
                    m.regel,
                    f"meetmoment van B{m.baat} ({m.datum})",
                    verwijzingen,
                )
            )

    def tijdstip(self, tekst: str, regel: int) -> datetime | None:
        if not tekst:
            return None
        try:
            waarde = datetime.fromisoformat(tekst)
        except ValueError:
            self.fout(
                regel, _("'%(tekst)s' is geen tijdstip (verwacht ISO 8601).") % {"tekst": tekst}
            )
            return None
        return waarde if timezone.is_aware(waarde) else timezone.make_aware(waarde)

    def afhankelijkheid_rij(self, a: AfhankelijkheidData) -> _Rij:
        waarden = {
            "extern": a.extern,
            "type": a.type,
            "drempel": a.drempel,
            "impact_op_planning": a.impact_op_planning,
            "volgorde": a.volgorde,
        }
        return _Rij(
            (a.baat, tuple(sorted(a.van)), a.extern),
            waarden,
            a.regel,
            f"afhankelijkheid van B{a.baat}",
            {"baat": ("baat", (a.baat,))},
            {"van": [("baat", (n,)) for n in a.van]},
        )

    def extra_rij(
        self,
        model: type[models.Model],
        ouder: str,
        data: dict[str, Any],
        pad: str,
        ouder_ref: tuple[str, Any] | None = None,
    ) -> _Rij:
        """A row only the JSON document holds, read field by field from the model."""
        velden = {f.name: f for f in _extra_velden(model, ouder)}
        for naam in sorted(set(data) - set(velden)):
            self.waarschuw(
                0,
                _("%(pad)s: het veld '%(naam)s' is onbekend en wordt overgeslagen.")
                % {"pad": pad, "naam": naam},
            )
        waarden: dict[str, Any] = {}
        verwijzingen: dict[str, tuple[str, Any]] = {ouder: ouder_ref} if ouder_ref else {}
        for naam, veld in velden.items():
            if naam not in data:
                continue
            waarde = data[naam]
            if veld.is_relation and veld.related_model is Baat:
                verwijzingen[naam] = ("baat", (waarde,)) if waarde is not None else ("niets", None)
            elif veld.is_relation:
                verwijzingen[naam] = ("gebruiker", waarde or "")
            else:
                try:
                    waarden[naam] = veld.to_python(waarde)
                except ValidationError as fout:
                    self.fout(0, f"{pad}.{naam}: {' '.join(fout.messages)}")
        # Matched on all their values: an exported row finds itself back exactly.
        inhoud = json.dumps({n: data.get(n) for n in velden}, sort_keys=True, default=str)
        sleutel = (ouder_ref[1][0], inhoud) if ouder_ref else (inhoud,)
        return _Rij(sleutel, waarden, 0, pad, verwijzingen)

    # ---- checks before writing

    def controleer_slug(self) -> None:
        """A new programme needs a slug of its own."""
        if self.programma is not None:
            return
        kop = self.plan.kop
        self.slug = self.slug or kop.slug or slugify(kop.naam)[:80] or "programma"
        if Programma.objects.filter(slug=self.slug).exists():
            self.fout(
                0,
                _(
                    "Er bestaat al een programma met de slug '%(slug)s'; kies een andere slug"
                    " of werk dat programma bij."
                )
                % {"slug": self.slug},
            )
        self.controleer_velden(Programma, {"slug": self.slug}, 0, "programma")

    def controleer(self) -> None:
        """Every error in the plan's content, before anything is written."""
        kop = self.plan.kop
        if not kop.naam:
            self.fout(
                kop.regels.get("naam", 1 if self.plan.secties else 0),
                _("de naam van het programma ontbreekt (verwacht **Programma:** naam)."),
            )
        self.controleer_velden(
            Programma, self.programma_waarden(), 0, "programma", self.kopregels()
        )
        if (self.plan.start_jaar is None) != (self.plan.start_kwartaal is None):
            self.fout(0, _("Vul startjaar en startkwartaal allebei in, of allebei niet."))
        for soort, rijen in self.rijen.items():
            model = _SOORTEN[soort][0]
            for rij in rijen:
                self.controleer_velden(model, rij.waarden, rij.regel, rij.label, rij.regels)
                for doel in [
                    *rij.verwijzingen.values(),
                    *(d for lijst in rij.m2m.values() for d in lijst),
                ]:
                    self.controleer_verwijzing(doel, rij)

    def controleer_velden(
        self,
        model: type[models.Model],
        waarden: dict[str, Any],
        regel: int,
        label: str,
        regels: dict[str, int] | None = None,
    ) -> None:
        """Each value as its model field would take it: length, choices, limits."""
        niveaus = getattr(model, "niveaus", ())
        for naam, waarde in waarden.items():
            veld = model._meta.get_field(naam)
            if (waarde is None and naam == "volgorde") or (naam == "naam" and not waarde):
                continue  # numbered by position; a missing name has a message of its own
            waar = (regels or {}).get(naam) or regel
            if self.te_lang(model, waarden, naam, waar, label):
                waarde = waarden[naam]
            try:
                if isinstance(waarde, str) and "\x00" in waarde:
                    raise ValidationError(_("de tekst bevat een ongeldig teken (NUL)."))
                veld.clean(waarde, None)
                if naam.endswith("_tekst") and naam.removesuffix("_tekst") in niveaus:
                    # The number the model will derive must fit its column too.
                    getal = model._meta.get_field(naam.removesuffix("_tekst"))
                    getal.clean(notatie.parse_getal(waarde), None)
            except ValidationError as fout:
                self.fout(waar, f"{label}, {veld.verbose_name}: {' '.join(fout.messages)}")

    def te_lang(
        self, model: type[models.Model], waarden: dict[str, Any], naam: str, regel: int, label: str
    ) -> bool:
        """Shorten a text too long for its field when the row has a place for the full text
        (`_VOLLEDIGE_TEKST`), with a warning; never cut silently. Whether it did."""
        veld = model._meta.get_field(naam)
        waarde = waarden[naam]
        if not (
            isinstance(veld, models.CharField)
            and veld.max_length
            and isinstance(waarde, str)
            and len(waarde) > veld.max_length
        ):
            return False
        thuis, bij = _VOLLEDIGE_TEKST.get(model), waarden
        if model in _TOELICHTING_VAN_SECTIE:
            # No text field of its own: the toelichting of its section of the plan, if the
            # plan states that section.
            thuis, bij = _TOELICHTING_VAN_SECTIE[model], self.programma_waarden()
        if thuis not in bij or thuis == naam:
            return False
        waarden[naam] = waarde[: veld.max_length - 1].rstrip() + "…"
        thuisveld = (Programma if bij is not waarden else model)._meta.get_field(thuis)
        with translation.override("nl"):  # stored in the plan, as the plan is written
            notitie = f"{label}, {veld.verbose_name} (volledige tekst): {waarde}"
        oud = bij[thuis] or ""
        bij[thuis] = oud if notitie in oud else "\n\n".join(filter(None, [oud, notitie]))
        self.waarschuw(
            regel,
            _(
                "%(label)s, %(verbose_name)s: de tekst is %(aantal)s tekens, het veld houdt "
                "er %(max_length)s; ingekort tot '%(tekst)s'. De volledige tekst staat in "
                "%(verbose_name2)s."
            )
            % {
                "label": label,
                "verbose_name": veld.verbose_name,
                "aantal": len(waarde),
                "max_length": veld.max_length,
                "tekst": _tekst(waarden[naam]),
                "verbose_name2": thuisveld.verbose_name,
            },
        )
        return True

    def controleer_verwijzing(self, doel: tuple[str, Any], rij: _Rij) -> None:
        soort, sleutel = doel
        if soort in ("gebruiker", "niets") or soort in self.aanvullen:
            return
        if soort in self.rijen and not any(r.sleutel == sleutel for r in self.rijen[soort]):
            if soort == "baat":
                wat = _("B%(n)s staat niet in de lijst van baten (sectie 1)") % {"n": sleutel[0]}
            elif soort == "vermogen":
                wat = _("het vermogen '%(naam)s' staat niet bij de benodigde vermogens") % {
                    "naam": sleutel[0]
                }
            else:
                wat = _("'%(naam)s' staat niet in het plan") % {"naam": sleutel[0]}
            self.fout(rij.regel, f"{rij.label}: {wat}.")

    # ---- writing

    def schrijf(self) -> Programma:
        nieuw = self.programma is None
        had_programmamanager = False
        if nieuw:
            programma = Programma(slug=self.slug, gewijzigd_door=self.gebruiker)
            for naam, waarde in self.programma_waarden().items():
                setattr(programma, naam, waarde)
            if not self.valideer(programma, 0, "programma", self.kopregels()):
                return programma
            programma.save()
            self.wijzigingen.append(Wijziging("nieuw", _("programma"), programma.naam))
            if self.plan.leden is None:
                self.maak_programmamanager(programma)
            self.programma = programma
        else:
            programma = Programma.objects.select_for_update().get(pk=self.programma.pk)
            self.programma = programma
            had_programmamanager = programma.heeft_programmamanager()
            self.bewaar(
                programma,
                self.programma_waarden(),
                "programma",
                programma.naam,
                label="programma",
                regels=self.kopregels(),
            )
        for soort in _SOORTEN:
            if soort in self.rijen:
                self.synchroniseer(soort)
                # Cycles and baten derive Q1, which the rules of later rows read.
                programma.vergeet_eerste_kwartaal()
        for soort in reversed(_SOORTEN):
            self.verwijder_alle(self.weg.get(soort, []))
        self.controleer_kringen()
        if self.plan.leden is not None:
            if nieuw and not programma.lidmaatschappen.filter(user=self.gebruiker).exists():
                # Whoever imports a backup as a new programme may manage the result.
                self.maak_programmamanager(programma)
            if not nieuw and had_programmamanager:
                try:
                    programma.controleer_programmamanager()  # the model's rule, after all rows
                except ValidationError:
                    self.fout(
                        0,
                        _(
                            "Na deze import heeft het programma geen programmamanager meer, "
                            "en kan niemand het nog beheren. Geef in de leden van het bestand"
                            " minstens één lid de rol programmamanager."
                        ),
                    )
        return programma

    def auditveld(
        self, model: type[models.Model], veld: str, naam: str, waarden: dict[str, Any]
    ) -> Any:
        """Who entered a meting or raised an escalation, as the file says: linked only to a
        member of this programme (so a backup restores exactly); anyone else is never linked
        (issue 14 #8): the importing user takes their place and the name from the file is
        kept as text in the row's note."""
        if not naam:
            return None
        if self._ledennamen is None:
            # Read after the members of the file are applied ("lid" comes first).
            self._ledennamen = set(
                Lidmaatschap.objects.filter(programma=self.programma).values_list(
                    "user__username", flat=True
                )
            )
        if naam in self._ledennamen:
            return self.vind(("gebruiker", naam))
        notitieveld = _AUDIT[model]
        label = str(model._meta.get_field(veld).verbose_name)
        with translation.override("nl"):  # stored in the plan, as the plan is written
            veldnaam = str(model._meta.get_field(veld).verbose_name)
        notitie = f"{veldnaam.capitalize()} volgens het geïmporteerde bestand: {naam}"
        oud = waarden.get(notitieveld) or ""
        if notitie not in oud:
            waarden[notitieveld] = "\n\n".join(filter(None, [oud, notitie]))
        wie = gebruikersnaam(self.gebruiker) or _("leeg")
        self.waarschuw(
            0,
            _(
                "'%(naam)s' is geen lid van dit programma; bij %(verbose_name)s is "
                "'%(label)s' %(wie)s geworden, de naam uit het bestand staat in "
                "%(verbose_name2)s."
            )
            % {
                "naam": naam,
                "verbose_name": model._meta.verbose_name,
                "label": label,
                "wie": wie,
                "verbose_name2": model._meta.get_field(notitieveld).verbose_name,
            },
        )
        return self.gebruiker

    def maak_programmamanager(self, programma: Programma) -> None:
        if self.gebruiker is None or geef_beheer(programma, self.gebruiker) is None:
            return
        self.wijzigingen.append(
            Wijziging(
                "nieuw",
                _("lidmaatschap"),
                _("%(naam)s (programmamanager)") % {"naam": self.gebruiker.get_username()},
            )
        )

    def kopregels(self) -> dict[str, int]:
        return {veld: self.plan.kop.regels.get(sleutel, 0) for veld, sleutel in _KOPREGELS.items()}

    def valideer(
        self,
        obj: models.Model,
        regel: int,
        label: str,
        regels: dict[str, int] | None = None,
        *,
        in_geheugen: bool = False,
    ) -> bool:
        """The model's own rules (full_clean) before a row is stored: a refusal becomes an
        error at its line, or a warning when its code is in ALLEEN_WAARSCHUWING. Whether
        the row may be stored.

        `in_geheugen` for the rows of a table written at once (`schrijf_tabel`): clean() and
        the fields' own checks run as for any row, with the sibling rules reading the loaded
        rows (models.GeladenRijen). Two checks are left to where they cost no query per row:
        a reference this import resolved to a row it loaded or wrote exists, and the
        database constraints are the database's own, checked by the write itself.
        """
        try:
            if in_geheugen:
                bekend = [
                    f.name
                    for f in obj._meta.concrete_fields
                    if f.is_relation and getattr(obj, f.attname) is not None
                ]
                obj.full_clean(exclude=bekend, validate_unique=False, validate_constraints=False)
            else:
                obj.full_clean(validate_unique=False)
        except ValidationError as fout:
            return self.meld(obj, fout, regel, label, regels)
        return True

    def meld(
        self,
        obj: models.Model,
        fout: ValidationError,
        regel: int,
        label: str,
        regels: dict[str, int] | None,
    ) -> bool:
        """A model's refusal as errors and warnings at the row's lines; whether it may be
        stored all the same (only warnings)."""
        per_veld = getattr(fout, "error_dict", None) or {NON_FIELD_ERRORS: fout.error_list}
        goed = True
        for veldnaam, lijst in per_veld.items():
            wat = label
            if veldnaam != NON_FIELD_ERRORS:
                wat = f"{label}, {obj._meta.get_field(veldnaam).verbose_name}"
            waar = (regels or {}).get(veldnaam) or regel
            for melding in lijst:
                tekst = f"{wat}: {' '.join(melding.messages)}"
                if melding.code in NA_AFLOOP:
                    continue
                if melding.code in ALLEEN_WAARSCHUWING:
                    self.waarschuw(waar, tekst)
                else:
                    self.fout(waar, tekst)
                    goed = False
        return goed

    def bewaar(
        self,
        obj: models.Model,
        waarden: dict[str, Any],
        onderdeel: str,
        naam: str,
        *,
        regel: int = 0,
        label: str = "",
        regels: dict[str, int] | None = None,
        later: list[models.Model] | None = None,
    ) -> bool:
        """Update a stored row; False when the model refuses the new values. With `later`
        the row is checked in memory and added to it, to be written with its table."""
        verschillen = []
        for veldnaam, nieuw in waarden.items():
            veld = obj._meta.get_field(veldnaam)
            oud = getattr(obj, veld.attname)
            if veld.is_relation:
                nieuw_id = nieuw.pk if nieuw is not None else None
                if oud != nieuw_id:
                    verschillen.append(
                        (str(veld.verbose_name), _tekst(getattr(obj, veldnaam)), _tekst(nieuw))
                    )
                if oud != nieuw_id or nieuw is not None:
                    # Also the same row: the one this import holds knows its programme, so
                    # the rules that read it need no query.
                    setattr(obj, veldnaam, nieuw)
            elif oud != nieuw:
                verschillen.append((str(veld.verbose_name), _tekst(oud, veld), _tekst(nieuw, veld)))
                setattr(obj, veldnaam, nieuw)
        if verschillen:
            if not self.valideer(obj, regel, label or naam, regels, in_geheugen=later is not None):
                return False
            if hasattr(obj, "revisie"):
                obj.gewijzigd_door = self.gebruiker
            if later is None:
                obj.save()
            else:
                later.append(obj)
            self.wijzigingen.append(Wijziging("gewijzigd", onderdeel, naam, verschillen))
        return True

    def vind(self, doel: tuple[str, Any]) -> Any:
        soort, sleutel = doel
        if soort == "niets":
            return None
        if soort == "gebruiker":
            if not sleutel:
                return None
            if not self._gebruikers_gelezen:
                self.lees_gebruikers()
            if sleutel not in self.gebruikers:
                self.gebruikers[sleutel] = get_user_model().objects.filter(username=sleutel).first()
                if self.gebruikers[sleutel] is None:
                    self.waarschuw(
                        0,
                        _(
                            "De gebruiker '%(sleutel)s' bestaat niet op deze server; de "
                            "verwijzing ernaar is leeg gelaten."
                        )
                        % {"sleutel": sleutel},
                    )
            return self.gebruikers[sleutel]
        if sleutel not in self.objecten[soort]:
            # Not stated by the plan (e.g. a sector a Markdown plan adds): the stored row.
            _model, rijen_van, sleutel_van = _SOORTEN[soort]
            self.objecten[soort].update({sleutel_van(o): o for o in rijen_van(self.programma)})
        return self.objecten[soort].get(sleutel)

    def lees_gebruikers(self) -> None:
        """Every user the plan names, in one query (each missing one is warned about once,
        when a row refers to it)."""
        namen = {
            doel[1]
            for rijen in self.rijen.values()
            for rij in rijen
            for doel in rij.verwijzingen.values()
            if doel[0] == "gebruiker" and doel[1]
        }
        self._gebruikers_gelezen = True
        if namen:
            gebruikers = get_user_model().objects.filter(username__in=namen)
            self.gebruikers.update({g.get_username(): g for g in gebruikers})

    def synchroniseer(self, soort: str) -> None:
        model, rijen_van, sleutel_van = _SOORTEN[soort]
        onderdeel = str(model._meta.verbose_name)
        bestaand: dict[tuple, Any] = {}
        tellers: dict[tuple, int] = defaultdict(int)
        for obj in rijen_van(self.programma):
            sleutel = sleutel_van(obj)
            if soort not in _UNIEK:
                tellers[sleutel] += 1
                sleutel = (*sleutel, tellers[sleutel])
            bestaand[sleutel] = obj
        gewenst = self.rijen[soort]
        if soort == "meetmoment":
            _herken_herschreven_datums(gewenst, bestaand)
        self.nummer(soort, gewenst, bestaand)
        # The rules over siblings read these rows instead of the database (GeladenRijen).
        geladen = GeladenRijen()
        geladen.laad(model, bestaand.values())
        if model is Baat:
            geladen.laad(Lidmaatschap, Lidmaatschap.objects.filter(programma=self.programma))
        nieuw: list[tuple[models.Model, _Rij]] = []
        gewijzigd: list[models.Model] = []
        with met_geladen_rijen(geladen):
            for rij in gewenst:
                obj = bestaand.pop(rij.sleutel, None)
                if obj is not None and soort in self.aanvullen:
                    self.objecten[soort][rij.sleutel] = obj
                    continue
                if any(doel in self.mislukt for doel in rij.verwijzingen.values()):
                    # Refers to a row the model refused, which has its error already.
                    self.mislukt.add((soort, rij.sleutel))
                    continue
                waarden = dict(rij.waarden)
                for naam, doel in rij.verwijzingen.items():
                    if model in _AUDIT and doel[0] == "gebruiker":
                        waarden[naam] = self.auditveld(model, naam, doel[1], waarden)
                    else:
                        waarden[naam] = self.vind(doel)
                if rij.vooraf:
                    rij.vooraf(waarden)
                if soort == "lid" and waarden["user"] is None:
                    continue
                if obj is None:
                    obj = model(**waarden)
                    if soort in _HEEFT_PROGRAMMA:
                        obj.programma = self.programma
                    if hasattr(obj, "gewijzigd_door"):
                        obj.gewijzigd_door = self.gebruiker
                    if not self.valideer(obj, rij.regel, rij.label, rij.regels, in_geheugen=True):
                        self.mislukt.add((soort, rij.sleutel))
                        continue
                    nieuw.append((obj, rij))
                    geladen.voeg_toe(obj)
                    self.wijzigingen.append(Wijziging("nieuw", onderdeel, self.naam(obj, rij)))
                    self.koppel(obj, rij, None)
                else:
                    goed = self.bewaar(
                        obj,
                        waarden,
                        onderdeel,
                        self.naam(obj),
                        regel=rij.regel,
                        label=rij.label,
                        regels=rij.regels,
                        later=gewijzigd,
                    )
                    if not goed:
                        self.mislukt.add((soort, rij.sleutel))
                        continue
                    self.koppel(obj, rij, onderdeel)
                self.objecten[soort][rij.sleutel] = obj
        self.schrijf_tabel(model, nieuw, gewijzigd)
        self.weg[soort] = [] if soort in self.aanvullen else list(bestaand.values())

    def schrijf_tabel(
        self,
        model: type[models.Model],
        nieuw: list[tuple[models.Model, _Rij]],
        gewijzigd: list[models.Model],
    ) -> None:
        """Write the rows of one table the rules passed: new rows in one INSERT, changed rows
        in one UPDATE that also raises their revisie in the database (as save() does row by
        row), then their links. A constraint the database refuses is looked up row by row,
        so that its message stands at the row's line as before."""
        oude_eenheid = {
            obj.pk: obj._geladen.get("eenheid") for obj in gewijzigd if hasattr(obj, "_geladen")
        }
        # The fields that differ from the row as loaded (what the plan changed, what the
        # model derived or its rules set): the rest is in the database as it is.
        velden = {
            f.name
            for obj in gewijzigd
            for f in model._meta.concrete_fields
            if not f.primary_key
            and getattr(obj, "_geladen", {}).get(f.attname, f) != getattr(obj, f.attname)
        }
        nu = timezone.now()
        for obj in gewijzigd:
            if hasattr(obj, "revisie"):
                obj.revisie = F("revisie") + 1
                obj.gewijzigd_op = nu
                velden |= {"revisie", "gewijzigd_op", "gewijzigd_door"}
        try:
            with transaction.atomic():
                model.objects.bulk_create([obj for obj, _rij in nieuw])
                if gewijzigd:
                    model.objects.bulk_update(gewijzigd, sorted(velden))
        except IntegrityError as fout:
            self.zoek_weigering(fout, nieuw)
            self.koppelingen = []
            return
        if gewijzigd and hasattr(model, "revisie"):
            revisies = dict(
                model.objects.filter(pk__in=[o.pk for o in gewijzigd]).values_list("pk", "revisie")
            )
            for obj in gewijzigd:
                obj.revisie = revisies[obj.pk]
                obj._geladen = obj._waarden()
        # Bulk writes send no model signals: their history is recorded here (issue 15).
        geschiedenis.bulk(model, [obj for obj, _rij in nieuw], "+", self.programma.pk, op=nu)
        geschiedenis.bulk(model, gewijzigd, "~", self.programma.pk, op=nu)
        if model is Baat:
            self.lees_niveaus_opnieuw(
                [b for b in gewijzigd if oude_eenheid.get(b.pk, b.eenheid) != b.eenheid]
            )
        self.schrijf_koppelingen()

    def zoek_weigering(self, fout: IntegrityError, nieuw: list[tuple[models.Model, _Rij]]) -> None:
        gevonden = False
        for obj, rij in nieuw:
            try:
                obj.validate_constraints()
            except ValidationError as weigering:
                self.meld(obj, weigering, rij.regel, rij.label, rij.regels)
                gevonden = True
        if not gevonden:
            self.fout(
                0,
                _("De database weigerde het plan; er is niets opgeslagen (%(fout)s).")
                % {"fout": fout},
            )

    def lees_niveaus_opnieuw(self, baten: list[Baat]) -> None:
        """The levels of the meetmomenten and cycle targets of baten whose unit changed are
        read again with it, as Baat.save does for a single baat."""
        if not baten:
            return
        per_pk = {b.pk: b for b in baten}
        for model in (Meetmoment, CyclusDoel):
            rijen = list(model.objects.filter(baat__in=baten))
            for rij in rijen:
                rij.baat = per_pk[rij.baat_id]
                rij.vul_afgeleiden()
                rij.revisie = F("revisie") + 1
            model.objects.bulk_update(rijen, [*model.niveaus, *model.datums, "revisie"])

    def schrijf_koppelingen(self) -> None:
        """The many-to-many links of the rows just written: one INSERT per link table, and
        a DELETE per row that loses links."""
        nieuw: dict[type[models.Model], list[models.Model]] = defaultdict(list)
        for obj, naam, doelen, oud in self.koppelingen:
            if naam == "van":
                tussen, van, naar = AfhankelijkheidVan, "afhankelijkheid_id", "van_id"
                extra = {"afhankelijke_id": obj.baat_id}
            else:
                veld = obj._meta.get_field(naam)
                tussen = veld.remote_field.through
                van, naar = f"{veld.m2m_field_name()}_id", f"{veld.m2m_reverse_field_name()}_id"
                extra = {}
            weg = {o.pk for o in oud} - {o.pk for o in doelen}
            if weg:
                tussen.objects.filter(**{van: obj.pk, f"{naar}__in": weg}).delete()
            erbij = {o.pk for o in doelen} - {o.pk for o in oud}
            nieuw[tussen] += [tussen(**{van: obj.pk, naar: pk}, **extra) for pk in erbij]
        for tussen, rijen in nieuw.items():
            tussen.objects.bulk_create(rijen)
        self.koppelingen = []

    def nummer(self, soort: str, gewenst: list[_Rij], bestaand: dict[tuple, Any]) -> None:
        """Number rows whose plan gives no volgorde (Markdown) by their position; keep the
        stored numbers when the order did not change, so an unchanged plan changes nothing."""
        groepen: dict[Any, list[_Rij]] = defaultdict(list)
        for rij in gewenst:
            if "volgorde" in rij.waarden and rij.waarden["volgorde"] is None:
                groepen[rij.groep].append(rij)
        for rijen in groepen.values():
            oud = [bestaand.get(r.sleutel) for r in rijen]
            if soort in self.aanvullen:
                hoogste = max((o.volgorde for o in bestaand.values()), default=-1)
                for n, rij in enumerate(r for r, o in zip(rijen, oud, strict=True) if o is None):
                    rij.waarden["volgorde"] = hoogste + 1 + n
            elif all(oud) and sorted(oud, key=lambda o: (o.volgorde, o.pk)) == oud:
                for rij, obj in zip(rijen, oud, strict=True):
                    rij.waarden["volgorde"] = obj.volgorde
            else:
                for n, rij in enumerate(rijen):
                    rij.waarden["volgorde"] = n

    def koppel(self, obj: models.Model, rij: _Rij, onderdeel: str | None) -> None:
        """Set the many-to-many links; `onderdeel` None for a new row (no change to report)."""
        for naam, doelen in rij.m2m.items():
            nieuw = [o for o in (self.vind(d) for d in doelen) if o is not None]
            if onderdeel is None:
                oud = []  # a new row has no links yet
            elif naam == "van":
                oud = [k.van for k in obj.koppelingen.all()]
            else:
                oud = list(getattr(obj, naam).all())
            # Also when the links stay as stored: a row that points at nothing (no baat, no
            # extern) is refused as the form refuses it.
            if naam == "van" and not self.valideer_van(obj, nieuw, rij):
                continue
            if {o.pk for o in oud} == {o.pk for o in nieuw}:
                continue
            self.koppelingen.append((obj, naam, nieuw, oud))  # written with the table
            if onderdeel is not None:
                veld = str(obj._meta.get_field(naam).verbose_name)
                wijziging = Wijziging(
                    "gewijzigd", onderdeel, self.naam(obj), [(veld, _lijst(oud), _lijst(nieuw))]
                )
                self.wijzigingen.append(wijziging)

    def valideer_van(self, obj: Afhankelijkheid, baten: list[Baat], rij: _Rij) -> bool:
        """The links of a dependency checked by their model's rule (Afhankelijkheid.
        controleer_van) and constraints; a refusal is an error at the row's line. A circle is
        judged once all rows are in (`controleer_kringen`): row by row, a plan that turns a
        dependency around would meet the stored row it replaces."""
        goed = True
        try:
            # The link's own constraint (not on itself) is the rule "zichzelf" here; the
            # database checks it again when the links are written.
            obj.controleer_van(baten, extern=obj.extern, kring=False)
        except ValidationError as fout:
            for melding in fout.error_dict.get("van", []):
                self.fout(rij.regel, f"{rij.label}: {' '.join(melding.messages)}")
                goed = False
        return goed

    def controleer_kringen(self) -> None:
        """Afhankelijkheid.controleer_van over the dependencies as the import leaves them: a
        circle is an error at the line of the first of its rows in the plan."""
        gemeld: set[frozenset[str]] = set()
        if not self.objecten["afhankelijkheid"]:
            return
        graaf = lees_graaf(self.programma.pk)
        baten = {b.pk: b for b in self.objecten["baat"].values()}
        van: dict[int, list[Baat]] = defaultdict(list)
        for afhankelijkheid, _afhankelijke, baat in graaf[0]:
            van[afhankelijkheid].append(baten.get(baat) or Baat.objects.get(pk=baat))
        for rij in self.rijen.get("afhankelijkheid", []):
            obj = self.objecten["afhankelijkheid"].get(rij.sleutel)
            if obj is None:
                continue
            try:
                obj.controleer_van(van[obj.pk], graaf=graaf)
            except ValidationError as fout:
                for melding in fout.error_dict.get("van", []):
                    kring = frozenset((melding.params or {}).get("kring", "").split(" → "))
                    if kring in gemeld:
                        continue
                    gemeld.add(kring)
                    self.fout(rij.regel, f"{rij.label}: {' '.join(melding.messages)}")

    def naam(self, obj: models.Model, rij: _Rij | None = None) -> str:
        if isinstance(obj, Baat):
            return f"B{obj.nummer} {obj.naam}"
        if isinstance(obj, Lidmaatschap):
            return f"{obj.user.get_username()} ({obj.get_rol_display()})"
        if isinstance(obj, Afhankelijkheid) and obj.pk is None:
            # Named before its links exist: the baten it depends on come from its row.
            van = ", ".join(f"B{n}" for n in (rij.sleutel[1] if rij else ()))
            return _tekst(f"{obj.baat.code} ← {', '.join(d for d in (van, obj.extern) if d)}")
        return _tekst(str(obj))

    def verwijder_alle(self, objecten: list[models.Model]) -> None:
        """Remove rows the plan no longer has: in one DELETE when nothing goes with them,
        else row by row, so that the preview says what went with each."""
        if not objecten:
            return
        model = type(objecten[0])
        rijen = model.objects.filter(pk__in=[o.pk for o in objecten])
        if not geschiedenis.kan_in_een_keer_weg(rijen):
            for obj in objecten:
                self.verwijder(obj)
            return
        namen = [self.naam(obj) for obj in objecten]
        geschiedenis.verwijder_in_een_keer(rijen, objecten, self.programma.pk)
        onderdeel = str(model._meta.verbose_name)
        self.wijzigingen += [Wijziging("verwijderd", onderdeel, naam) for naam in namen]

    def verwijder(self, obj: models.Model) -> None:
        naam = self.naam(obj)
        _aantal, aantallen = obj.delete()
        meer = []
        for label, aantal in aantallen.items():
            model = apps.get_model(label)
            if (
                aantal
                and model is not type(obj)
                and not model._meta.auto_created
                and model is not AfhankelijkheidVan
            ):
                naam = model._meta.verbose_name_plural if aantal > 1 else model._meta.verbose_name
                meer.append(f"{aantal} {naam}")
        velden = [("ook verwijderd", "", ", ".join(meer))] if meer else []
        self.wijzigingen.append(Wijziging("verwijderd", str(obj._meta.verbose_name), naam, velden))

    def eigenaar(self, baat: BaatData) -> tuple[Any, str]:
        """The member who owns the baat and the owner's name as text (see the module doc)."""
        if self._eigenaars is None:
            # Read once, after the members of the file are applied ("lid" comes first).
            self._eigenaars = list(Baat.mogelijke_eigenaren(self.programma.pk).order_by("username"))
        leden = self._eigenaars
        if baat.eigenaar_gebruiker is None:
            tekst = baat.eigenaar.strip().casefold()
            passend = [
                u
                for u in leden
                if tekst and tekst in (u.get_username().casefold(), u.get_full_name().casefold())
            ]
            if len(passend) > 1:
                self.waarschuw(
                    baat.regel,
                    _("'%(eigenaar)s' past bij meer leden; B%(nummer)s houdt de eigenaar als naam.")
                    % {"eigenaar": baat.eigenaar, "nummer": baat.nummer},
                )
            return (passend[0], "") if len(passend) == 1 else (None, baat.eigenaar)
        if not baat.eigenaar_gebruiker:
            return None, baat.eigenaar
        user = next((u for u in leden if u.get_username() == baat.eigenaar_gebruiker), None)
        if user is None:
            self.waarschuw(
                baat.regel,
                _(
                    "B%(nummer)s: '%(eigenaar_gebruiker)s' is hier geen baateigenaar of "
                    "programmamanager van het programma; de eigenaar is als naam bewaard."
                )
                % {"nummer": baat.nummer, "eigenaar_gebruiker": baat.eigenaar_gebruiker},
            )
            return None, baat.eigenaar or baat.eigenaar_gebruiker
        return user, baat.eigenaar


def _herken_herschreven_datums(gewenst: list[_Rij], bestaand: dict[tuple, Any]) -> None:
    """A meetmoment whose date is written anew ("september 2026" became "30-9-2026") is the
    same meetmoment: re-key the stored one to the file's row, so it is changed and keeps
    who measured it and when, instead of being deleted and made again. Only where the date
    means one day of that baat that exactly one unmatched stored meetmoment has."""
    onbekend = [r for r in gewenst if r.sleutel not in bestaand]
    if not onbekend:
        return
    gevraagd = {r.sleutel for r in gewenst}
    vrij: dict[tuple[int, date], list[tuple]] = defaultdict(list)
    for sleutel, obj in bestaand.items():
        if sleutel not in gevraagd and obj.datum is not None:
            vrij[(obj.baat.nummer, obj.datum)].append(sleutel)
    per_dag: dict[tuple[int, date], list[_Rij]] = defaultdict(list)
    for rij in onbekend:
        dag = notatie.parse_datum(rij.waarden.get("datum_tekst") or "")
        if dag is not None:
            per_dag[(rij.sleutel[0], dag)].append(rij)
    for dag, rijen in per_dag.items():
        if len(rijen) == 1 and len(vrij.get(dag, [])) == 1:
            bestaand[rijen[0].sleutel] = bestaand.pop(vrij[dag][0])


def _lijst(objecten: list[Any]) -> str:
    return ", ".join(sorted(getattr(o, "code", None) or str(o) for o in objecten))


class _Terugdraaien(Exception):
    def __init__(self, uitkomst: Uitkomst) -> None:
        self.uitkomst = uitkomst


def _toepassen(
    plan: PlanData, programma: Programma | None, slug: str | None, gebruiker: Any, proef: bool
) -> Uitkomst:
    toepassing = _Toepassing(plan, programma, slug, gebruiker)
    toepassing.verzamel()
    toepassing.controleer()
    toepassing.controleer_slug()
    if toepassing.fouten:
        raise ImportFout(
            sorted(toepassing.fouten, key=lambda m: m.regel), toepassing.waarschuwingen
        )
    nieuw = programma is None
    try:
        with transaction.atomic():
            opgeslagen = toepassing.schrijf()
            if toepassing.fouten:
                # What the models refused; raising rolls back all that was written.
                raise ImportFout(
                    sorted(toepassing.fouten, key=lambda m: m.regel), toepassing.waarschuwingen
                )
            uitkomst = Uitkomst(
                opgeslagen.slug,
                opgeslagen.naam,
                nieuw,
                toepassing.wijzigingen,
                toepassing.waarschuwingen,
                None if proef else opgeslagen,
            )
            if proef:
                uitkomst.figuren = figuren_na_import(opgeslagen)
                uitkomst.metingcellen = dict(plan.metingcellen)
                raise _Terugdraaien(uitkomst)
    except _Terugdraaien as terug:
        geschiedenis.vergeet_sets()
        return terug.uitkomst
    except ImportFout:
        geschiedenis.vergeet_sets()  # rolled back with the rest
        raise
    except DatabaseError as fout:
        raise ImportFout(
            [
                Melding(
                    0,
                    _("De database weigerde het plan; er is niets opgeslagen (%(fout)s).")
                    % {"fout": fout},
                )
            ]
        ) from fout
    return uitkomst


def figuren_na_import(programma: Programma) -> list[BaatNaImport]:
    """Per baat the figures the programme has now, with the same rules as every page."""
    baten = list(programma.baten.met_figuurdata())
    per_baat, _afhankelijkheden = programma.figuren(baten=baten)
    uit = []
    for baat in baten:
        figuren = per_baat[baat.code]
        uit.append(
            BaatNaImport(
                code=baat.code,
                naam=baat.naam,
                realisatie=figuren.realisatie,
                fase=figuren.fase,
                signalen=[s.tekst for s in figuren.signalen],
            )
        )
    return uit


def pas_toe(
    plan: PlanData,
    *,
    programma: Programma | None = None,
    slug: str | None = None,
    gebruiker: Any = None,
) -> Uitkomst:
    """Write the plan into `programma`, or into a new programme (with `slug`, else one made
    from its name): all or nothing. Raises ImportFout with every error."""
    return _toepassen(plan, programma, slug, gebruiker, proef=False)


def voorbeeld(
    plan: PlanData,
    *,
    programma: Programma | None = None,
    slug: str | None = None,
    gebruiker: Any = None,
) -> Uitkomst:
    """What `pas_toe` with the same arguments would create, change and remove; writes nothing."""
    return _toepassen(plan, programma, slug, gebruiker, proef=True)


def controleer(plan: PlanData) -> list[Melding]:
    """Every error in the plan's content that would stop `pas_toe`, whatever the database
    holds (`pas_toe` also refuses a slug that is taken)."""
    toepassing = _Toepassing(plan, None, None, None)
    toepassing.verzamel()
    toepassing.controleer()
    return toepassing.fouten
