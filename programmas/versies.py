"""Versions of the plan: adopting one (vaststellen), comparing two, and showing, exporting
and restoring one exactly as it was.

A version is the complete JSON document of the plan at the moment it was adopted
(uitwisseling.jsondocument), stored and never changed. Everything shown of a version is
made from that document, never from the live rows: the comparison reads two documents; the
plan page, the Markdown, Excel and PDF of a version are made from the programme the document
describes, imported for the moment in a transaction that is rolled back (`als_programma`),
with the figures of the day it was adopted. Restoring imports the document into the live
programme through the ordinary import (opslaan.importeer), so every rule is checked.
"""

from __future__ import annotations

import copy
import hashlib
import io
import json
import re
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from . import geschiedenis, opslaan, uitwisseling
from .keuzes import (
    OPEN_LIJSTVELDEN,
    Criterium,
    Domein,
    Fase,
    Frequentie,
    InspanningStatus,
    Kans,
    Parameter,
    Prioriteit,
    Rol,
    Status,
    keuze_label,
)
from .models import Planversie, Programma
from .toegang import Toegang
from .uitwisseling.jsondocument import _zonder_namen

# --------------------------------------------------------------------------------------------
# Adopting


_NUMMER = re.compile(r"^([A-Za-z]*)(\d+)\.(\d+)$")


@dataclass(frozen=True)
class Voorstel:
    concept: str
    vastgesteld: str


# The plan's own Versie field before any version is adopted: "0.3 (concept)", "v1.2".
_VERSIEVELD = re.compile(r"^\s*(?:[Vv](?:ersie)?\s*)?([A-Za-z]?)(\d+)\.(\d+)\b")


def voorstel(programma: Programma) -> Voorstel:
    """The next numbers: a concept round continues 0.x (or x.1 after an adopted x.0), an
    adoption makes the next whole number. Plans that write C0.2 / D1.0 keep those letters.
    Before the first version the plan's own Versie is where the count stands."""
    laatste = programma.versies.order_by("-op", "-pk").values_list("nummer", flat=True).first()
    if laatste is None:
        gevonden = _VERSIEVELD.match(programma.versie or "")
        if not gevonden:
            return Voorstel("0.1", "1.0")
    else:
        gevonden = _NUMMER.match(laatste.strip())
    if not gevonden:
        return Voorstel("", "")
    letters, hoofd, sub = gevonden.group(1), int(gevonden.group(2)), int(gevonden.group(3))
    concept_letter = vast_letter = letters
    if letters.upper() in ("C", "D"):
        concept_letter, vast_letter = "C", "D"
    return Voorstel(f"{concept_letter}{hoofd}.{sub + 1}", f"{vast_letter}{hoofd + 1}.0")


def _afdruk(plan: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(plan, sort_keys=True, default=str).encode()).hexdigest()


def vaststellen(
    programma: Programma,
    door: Any,
    *,
    nummer: str,
    vastgesteld: bool,
    notitie: str = "",
    besluit_op: date | None = None,
) -> Planversie:
    """Freeze the live plan as version `nummer`. The header's Versie becomes that number
    first (a change of its own, in the history), so the frozen plan names itself.
    ValidationError when the number is taken or an adoption lacks its decision date."""
    nummer = nummer.strip()
    with transaction.atomic():
        programma = Programma.objects.select_for_update().get(pk=programma.pk)
        versie = Planversie(
            programma=programma,
            nummer=nummer,
            vastgesteld=vastgesteld,
            notitie=notitie.strip(),
            besluit_op=besluit_op,
            door=door,
        )
        if not nummer:
            raise ValidationError({"nummer": _("Vul een versienummer in.")}, code="leeg")
        versie.full_clean(exclude=["document", "afdruk"])
        if programma.versie != nummer:
            programma.versie = nummer
            programma.gewijzigd_door = door
            programma.full_clean()
            programma.save()
        versie.document = uitwisseling.exporteer_json(programma)
        versie.afdruk = _afdruk(json.loads(versie.document)["programma"])
        versie.op = timezone.now()
        versie.save()
    return versie


# --------------------------------------------------------------------------------------------
# The plan of a version, and of now


def plan_van(versie: Planversie) -> dict[str, Any]:
    return json.loads(versie.document)["programma"]


def plan_nu(programma: Programma) -> dict[str, Any]:
    """The live plan in the form a version holds (as stored: not from the instance given,
    which may be older)."""
    programma = Programma.objects.get(pk=programma.pk)
    return json.loads(uitwisseling.exporteer_json(programma))["programma"]


def zonder_leden(plan: dict[str, Any]) -> dict[str, Any]:
    """The plan without its member list: what a restore brings back (who is a member is
    the programme's present, not a version's: a member removed since stays removed)."""
    return {k: v for k, v in plan.items() if k != "leden"}


def voor_lezer(plan: dict[str, Any], *, met_leden: bool) -> dict[str, Any]:
    """The plan as a reader may see it: without the member list and the names of who
    measured, reported or decided, unless they may see the members
    (Toegang.mag_leden_zien), as the JSON export leaves them out."""
    if met_leden:
        return plan
    plan = copy.deepcopy(zonder_leden(plan))
    _zonder_namen(plan)
    return plan


def is_gewijzigd_sinds(versie: Planversie, nu: dict[str, Any]) -> bool:
    return _afdruk(nu) != versie.afdruk


# --------------------------------------------------------------------------------------------
# Comparing


@dataclass
class Veld:
    label: str
    oud: str
    nieuw: str


@dataclass
class Rij:
    wat: str
    velden: list[Veld] = field(default_factory=list)


@dataclass
class Sectie:
    titel: str
    toegevoegd: list[str] = field(default_factory=list)
    verwijderd: list[str] = field(default_factory=list)
    gewijzigd: list[Rij] = field(default_factory=list)

    @property
    def aantal(self) -> int:
        return len(self.toegevoegd) + len(self.verwijderd) + len(self.gewijzigd)


@dataclass
class Vergelijking:
    oud: str  # "versie 1.0"
    nieuw: str  # "versie 1.1" or "het plan nu"
    secties: list[Sectie]

    @property
    def aantal(self) -> int:
        return sum(s.aantal for s in self.secties)


LABELS = {
    "naam": gettext_lazy("naam"),
    "versie": gettext_lazy("versie"),
    "datum": gettext_lazy("datum"),
    "opsteller": gettext_lazy("opsteller"),
    "thema": gettext_lazy("thema"),
    "kernprincipe": gettext_lazy("kernprincipe"),
    "aantal_kwartalen": gettext_lazy("aantal kwartalen"),
    "start_jaar": gettext_lazy("startjaar"),
    "start_kwartaal": gettext_lazy("startkwartaal"),
    "frequentie": gettext_lazy("frequentie batenrapportage"),
    "bijlagen": gettext_lazy("bijlagen"),
    "eigenaar": gettext_lazy("eigenaar"),
    "eigenaar_gebruiker": gettext_lazy("eigenaar (gebruiker)"),
    "sectoren": gettext_lazy("sectoren"),
    "prioriteit": gettext_lazy("prioriteit"),
    "eenheid": gettext_lazy("eenheid"),
    "indicator": gettext_lazy("indicator"),
    "nulmeting": gettext_lazy("nulmeting"),
    "nulmeting_bron": gettext_lazy("bron nulmeting"),
    "nulmeting_datum": gettext_lazy("datum nulmeting"),
    "target": gettext_lazy("target"),
    "deadline": gettext_lazy("deadline"),
    "toelichting": gettext_lazy("toelichting"),
    "periode": gettext_lazy("periode"),
    "startniveau": gettext_lazy("startniveau"),
    "doelniveau": gettext_lazy("doelniveau"),
    "meetmoment": gettext_lazy("meetmoment"),
    "fase": gettext_lazy("fase"),
    "omschrijving": gettext_lazy("omschrijving"),
    "baten": gettext_lazy("baten"),
    "vermogens": gettext_lazy("vermogens"),
    "kans": gettext_lazy("kans"),
    "impact": gettext_lazy("impact"),
    "mitigatie": gettext_lazy("mitigatie"),
    "verwacht_niveau": gettext_lazy("verwacht niveau"),
    "meting": gettext_lazy("meting"),
    "gemeten_door": gettext_lazy("gemeten door"),
    "meetdatum": gettext_lazy("gemeten op (datum)"),
    "van": gettext_lazy("afhankelijk van"),
    "extern": gettext_lazy("externe afhankelijkheid"),
    "type": gettext_lazy("type"),
    "drempel": gettext_lazy("drempel"),
    "impact_op_planning": gettext_lazy("impact op planning"),
    "norm": gettext_lazy("norm"),
    "status": gettext_lazy("status"),
    "actie": gettext_lazy("actie"),
    "rol": gettext_lazy("rol"),
    "criterium": gettext_lazy("criterium"),
    "afgehandeld": gettext_lazy("afgehandeld"),
    "afgehandeld_op": gettext_lazy("afgehandeld op"),
    "afhandeling": gettext_lazy("afhandeling"),
    "automatisch": gettext_lazy("automatisch signaal"),
    "gemeld_door": gettext_lazy("gemeld door"),
    "besluit": gettext_lazy("besluit"),
    "besluit_door": gettext_lazy("besluit door"),
    "besluit_op": gettext_lazy("besluit op"),
    "escalatie_drempel": gettext_lazy("escalatiedrempel"),
    "escaleer_bij_achterstand": gettext_lazy("escaleren bij achterstand"),
    "escaleer_bij_commitment": gettext_lazy("escaleren als commitment niet waar te maken is"),
    "escaleer_bij_externe_factor": gettext_lazy("escaleren bij externe factor"),
    "escaleer_bij_conflict": gettext_lazy("escaleren bij conflict tussen baten"),
}
KEUZES = {
    "prioriteit": dict(Prioriteit.choices),
    "kans": dict(Kans.choices),
    "impact": dict(Kans.choices),
    "fase": dict(Fase.choices),
    # A stuurparameter's status and an inspanning's share the field name, not the values.
    "status": {**dict(Status.choices), **dict(InspanningStatus.choices)},
    "domein": dict(Domein.choices),
    "rol": dict(Rol.choices),
    "criterium": dict(Criterium.choices),
    "parameter": dict(Parameter.choices),
    "frequentie": dict(Frequentie.choices),
}
# Bookkeeping a sponsor does not read as a change of the plan: the order of rows (which
# shifts when one is removed), the moment a meting was typed in, the log of status changes
# (each status change is shown as such).
OVERSLAAN = {"volgorde", "gemeten_op", "wijzigingen", "doelen", "roadmap", "regel"}


def _tekst(veld: str, waarde: Any) -> str:
    if waarde is None or waarde == "" or waarde == []:
        return "–"
    if isinstance(waarde, bool):
        return _("ja") if waarde else _("nee")
    if veld in ("baten", "van"):
        return ", ".join(f"B{n}" for n in waarde)
    if isinstance(waarde, list):
        return ", ".join(str(w) for w in waarde)
    if veld in KEUZES:
        return str(KEUZES[veld].get(waarde, waarde))
    if veld in OPEN_LIJSTVELDEN:  # a usual value in the reader's language
        return keuze_label(str(waarde))
    return str(waarde)


def _velden(
    oud: dict[str, Any], nieuw: dict[str, Any], sleutelvelden: tuple[str, ...]
) -> list[Veld]:
    uit = []
    for naam in dict.fromkeys([*oud, *nieuw]):
        if naam in OVERSLAAN or naam in sleutelvelden:
            continue
        a, b = oud.get(naam), nieuw.get(naam)
        if _tekst(naam, a) != _tekst(naam, b):
            uit.append(
                Veld(
                    str(LABELS.get(naam, naam.replace("_", " "))),
                    _tekst(naam, a),
                    _tekst(naam, b),
                )
            )
    return uit


@dataclass(frozen=True)
class Lijst:
    """A list of the plan compared row by row: rows are the same row by their key."""

    titel: str
    rijen: Callable[[dict[str, Any]], list[dict[str, Any]]]
    sleutel: tuple[str, ...]
    naam: Callable[[dict[str, Any]], str]


def _lijst(naam: str) -> Callable[[dict[str, Any]], list[dict[str, Any]]]:
    return lambda plan: list(plan.get(naam) or [])


def _doelen(plan: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"cyclus": c["nummer"], **d} for c in plan.get("cycli") or [] for d in c.get("doelen") or []
    ]


def _roadmap(plan: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"baat": b["nummer"], "kwartaal": int(k), "fase": fase}
        for b in plan.get("baten") or []
        for k, fase in (b.get("roadmap") or {}).items()
    ]


def _kort(tekst: Any, n: int = 60) -> str:
    tekst = str(tekst or "")
    return tekst if len(tekst) <= n else tekst[: n - 1] + "…"


LIJSTEN: tuple[Lijst, ...] = (
    Lijst(
        gettext_noop("Doelen"),
        _lijst("doelen"),
        ("nummer",),
        lambda r: _("doel D%(n)s %(naam)s") % {"n": r["nummer"], "naam": r["naam"]},
    ),
    Lijst(
        gettext_noop("Sectoren"),
        _lijst("sectoren"),
        ("code",),
        lambda r: _("sector %(code)s") % {"code": r["code"]},
    ),
    Lijst(
        gettext_noop("1. Baten overzicht"),
        _lijst("baten"),
        ("nummer",),
        lambda r: f"B{r['nummer']} {r['naam']}",
    ),
    Lijst(
        gettext_noop("2. Batenrealisatie per cyclus"),
        _lijst("cycli"),
        ("nummer",),
        lambda r: (
            _("cyclus %(n)s %(naam)s") % {"n": r["nummer"], "naam": r.get("naam") or ""}
        ).strip(),
    ),
    Lijst(
        gettext_noop("2. Batenrealisatie per cyclus"),
        _doelen,
        ("cyclus", "baat"),
        lambda r: _("doel van B%(baat)s in cyclus %(cyclus)s") % r,
    ),
    Lijst(
        gettext_noop("3. Roadmap"),
        _roadmap,
        ("baat", "kwartaal"),
        lambda r: f"B{r['baat']} in Q{r['kwartaal']}",
    ),
    Lijst(
        gettext_noop("4. Realisatiedetails"),
        _lijst("vermogens"),
        ("omschrijving",),
        lambda r: _("vermogen “%(wat)s”") % {"wat": _kort(r["omschrijving"])},
    ),
    Lijst(
        gettext_noop("4. Realisatiedetails"),
        _lijst("inspanningen"),
        ("omschrijving",),
        lambda r: _("inspanning “%(wat)s”") % {"wat": _kort(r["omschrijving"])},
    ),
    Lijst(
        gettext_noop("4. Realisatiedetails"),
        _lijst("risicos"),
        ("baat", "omschrijving"),
        lambda r: (
            _("risico van B%(baat)s: “%(wat)s”")
            % {"baat": r["baat"], "wat": _kort(r["omschrijving"])}
        ),
    ),
    Lijst(
        gettext_noop("4. Realisatiedetails"),
        _lijst("meetmomenten"),
        ("baat", "datum"),
        lambda r: (
            _("meetmoment van B%(baat)s, %(datum)s")
            % {"baat": r["baat"], "datum": r.get("datum") or _("zonder datum")}
        ),
    ),
    Lijst(
        gettext_noop("5. Afhankelijkheden"),
        _lijst("afhankelijkheden"),
        ("baat", "van", "extern"),
        lambda r: (
            _("B%(baat)s afhankelijk van %(van)s")
            % {
                "baat": r["baat"],
                "van": ", ".join(f"B{n}" for n in r.get("van") or []) or _kort(r.get("extern"), 40),
            }
        ),
    ),
    Lijst(
        gettext_noop("6. Monitoring & sturing"),
        _lijst("stuurparameters"),
        ("parameter",),
        lambda r: (
            _("stuurparameter %(naam)s")
            % {"naam": KEUZES["parameter"].get(r["parameter"], r["parameter"])}
        ),
    ),
    Lijst(
        gettext_noop("7. Escalatie"),
        _lijst("escalaties"),
        ("baat", "criterium", "datum", "omschrijving"),
        lambda r: (
            _("escalatie van B%(baat)s (%(datum)s): “%(wat)s”")
            % {"baat": r.get("baat"), "datum": r.get("datum"), "wat": _kort(r.get("omschrijving"))}
        ),
    ),
    Lijst(
        gettext_noop("Leden"),
        _lijst("leden"),
        ("gebruiker",),
        lambda r: _("lid %(naam)s") % {"naam": r["gebruiker"]},
    ),
)

# Fields of the plan itself, per section.
KOPVELDEN = ("naam", "versie", "datum", "opsteller", "thema", "kernprincipe")
ROADMAPVELDEN = ("aantal_kwartalen", "start_jaar", "start_kwartaal")
ESCALATIEVELDEN = (
    "escalatie_drempel",
    "escaleer_bij_achterstand",
    "escaleer_bij_commitment",
    "escaleer_bij_externe_factor",
    "escaleer_bij_conflict",
)
TOELICHTING_SECTIE = {
    "baten": gettext_noop("1. Baten overzicht"),
    "cycli": gettext_noop("2. Batenrealisatie per cyclus"),
    "roadmap": gettext_noop("3. Roadmap"),
    "details": gettext_noop("4. Realisatiedetails"),
    "afhankelijkheden": gettext_noop("5. Afhankelijkheden"),
    "monitoring": gettext_noop("6. Monitoring & sturing"),
    "escalatie": gettext_noop("7. Escalatie"),
}
VOLGORDE = (
    gettext_noop("Kop"),
    gettext_noop("Doelen"),
    gettext_noop("Sectoren"),
    gettext_noop("1. Baten overzicht"),
    gettext_noop("2. Batenrealisatie per cyclus"),
    gettext_noop("3. Roadmap"),
    gettext_noop("4. Realisatiedetails"),
    gettext_noop("5. Afhankelijkheden"),
    gettext_noop("6. Monitoring & sturing"),
    gettext_noop("7. Escalatie"),
    gettext_noop("Bijlagen"),
    gettext_noop("Leden"),
)


def _per_sleutel(lijst: Lijst, plan: dict[str, Any]) -> dict[tuple, dict[str, Any]]:
    """Rows by key; a key that occurs twice gets its occurrence number, so nothing is lost."""
    uit: dict[tuple, dict[str, Any]] = {}
    for rij in lijst.rijen(plan):
        basis = tuple(json.dumps(rij.get(v), sort_keys=True, default=str) for v in lijst.sleutel)
        sleutel, n = basis, 1
        while sleutel in uit:
            n += 1
            sleutel = (*basis, n)
        uit[sleutel] = rij
    return uit


def vergelijk(
    oud: dict[str, Any], nieuw: dict[str, Any], oud_naam: str, nieuw_naam: str
) -> Vergelijking:
    """Per section of the plan what `nieuw` added, removed and changed against `oud`,
    field by field (old -> new), in the words of the plan."""
    secties = {titel: Sectie(titel) for titel in VOLGORDE}

    def velden_van(titel: str, wat: str, a: dict[str, Any], b: dict[str, Any]) -> None:
        velden = _velden(a, b, ())
        if velden:
            secties[titel].gewijzigd.append(Rij(wat, velden))

    kop_a, kop_b = oud.get("kop") or {}, nieuw.get("kop") or {}
    velden_van(
        "Kop",
        _("de kop van het plan"),
        {k: kop_a.get(k) for k in KOPVELDEN},
        {k: kop_b.get(k) for k in KOPVELDEN},
    )
    velden_van(
        "3. Roadmap",
        _("de roadmap"),
        {k: oud.get(k) for k in ROADMAPVELDEN},
        {k: nieuw.get(k) for k in ROADMAPVELDEN},
    )
    velden_van(
        "6. Monitoring & sturing",
        _("de rapportage"),
        {"frequentie": oud.get("frequentie")},
        {"frequentie": nieuw.get("frequentie")},
    )
    velden_van(
        "7. Escalatie",
        _("de escalatieregels"),
        {k: oud.get(k) for k in ESCALATIEVELDEN},
        {k: nieuw.get(k) for k in ESCALATIEVELDEN},
    )
    velden_van(
        "Bijlagen",
        _("de bijlagen"),
        {"bijlagen": oud.get("bijlagen")},
        {"bijlagen": nieuw.get("bijlagen")},
    )
    toel_a, toel_b = oud.get("toelichtingen") or {}, nieuw.get("toelichtingen") or {}
    for deel, titel in TOELICHTING_SECTIE.items():
        velden_van(
            titel,
            _("de toelichting"),
            {"toelichting": toel_a.get(deel)},
            {"toelichting": toel_b.get(deel)},
        )
    for lijst in LIJSTEN:
        a, b = _per_sleutel(lijst, oud), _per_sleutel(lijst, nieuw)
        sectie = secties[lijst.titel]
        sectie.verwijderd += [lijst.naam(a[k]) for k in a if k not in b]
        sectie.toegevoegd += [lijst.naam(b[k]) for k in b if k not in a]
        for k in a:
            if k in b:
                velden = _velden(a[k], b[k], lijst.sleutel)
                if velden:
                    sectie.gewijzigd.append(Rij(lijst.naam(b[k]), velden))
    # The sections by their Dutch names above (VOLGORDE); shown in the reader's language.
    getoond = [replace(s, titel=_(s.titel)) for s in secties.values() if s.aantal]
    return Vergelijking(oud_naam, nieuw_naam, getoond)


def naam(versie: Planversie) -> str:
    return _("versie %(n)s") % {"n": versie.nummer}


def vergelijk_versies(
    oud: Planversie, nieuw: Planversie | None, programma: Programma, *, met_leden: bool
) -> Vergelijking:
    """Two versions, or (nieuw None) a version with the live plan; `met_leden`: whether the
    reader may see the members and who measured (Toegang.mag_leden_zien)."""
    a = voor_lezer(plan_van(oud), met_leden=met_leden)
    if nieuw is None:
        b, nieuw_naam = voor_lezer(plan_nu(programma), met_leden=met_leden), _("het plan nu")
    else:
        b, nieuw_naam = voor_lezer(plan_van(nieuw), met_leden=met_leden), naam(nieuw)
    return vergelijk(a, b, naam(oud), nieuw_naam)


def vorige_vastgestelde(versie: Planversie) -> Planversie | None:
    """What a version's PDF lists the changes since: the adopted version before it, or,
    before the first adoption, the version just before it (the last concept)."""
    eerder = (
        Planversie.objects.filter(programma_id=versie.programma_id, op__lt=versie.op)
        .exclude(pk=versie.pk)
        .order_by("-op", "-pk")
    )
    return eerder.filter(vastgesteld=True).first() or eerder.first()


# --------------------------------------------------------------------------------------------
# A version as a programme, for the moment


class _Terug(Exception):
    pass


def dag_van(versie: Planversie) -> date:
    """The day a version's figures are for: the day it was adopted."""
    return timezone.localdate(versie.op)


def tijdelijke_slug(versie: Planversie) -> str:
    return f"versie-{versie.pk}-{versie.programma.slug}"[:80]


@contextmanager
def als_programma(versie: Planversie) -> Iterator[Programma]:
    """The programme the version's document describes, imported under a slug of its own in a
    transaction that is rolled back afterwards: pages and exports read it as they read the
    live plan, and nothing of it stays."""
    try:
        with transaction.atomic():
            uitkomst = uitwisseling.importeer(
                versie.document.encode(), slug=tijdelijke_slug(versie), gebruiker=None
            )
            yield uitkomst.programma
            raise _Terug
    except _Terug:
        pass
    finally:
        geschiedenis.vergeet_sets()


def _slug_terug(inhoud: bytes, versie: Planversie) -> bytes:
    return inhoud.replace(tijdelijke_slug(versie).encode(), versie.programma.slug.encode())


def _vast_zip(inhoud: bytes, op: Any) -> bytes:
    """An xlsx with the times inside fixed to the version's: the same bytes every time."""
    tijd = timezone.localtime(op).replace(tzinfo=None)
    iso = tijd.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    uit = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(inhoud)) as bron,
        zipfile.ZipFile(uit, "w", zipfile.ZIP_DEFLATED) as doel,
    ):
        for info in bron.infolist():
            data = bron.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + iso, data)
            nieuw = zipfile.ZipInfo(info.filename, date_time=tijd.timetuple()[:6])
            nieuw.compress_type = zipfile.ZIP_DEFLATED
            doel.writestr(nieuw, data)
    return uit.getvalue()


SOORTEN = {
    "md": "text/markdown; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def exporteer(versie: Planversie, soort: str, toegang: Toegang) -> bytes:
    """The version as a file, made from its frozen document: the same bytes every time."""
    if soort == "json":
        if toegang.mag_leden_zien:
            return versie.document.encode()
        document = json.loads(versie.document)
        document["programma"].pop("leden", None)
        _zonder_namen(document["programma"])
        return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode()
    if soort == "pdf":
        return pdf(versie)
    with als_programma(versie) as programma:
        if soort == "md":
            inhoud = uitwisseling.exporteer_markdown(programma, vandaag=dag_van(versie)).encode()
        else:
            inhoud = _vast_zip(uitwisseling.exporteer_xlsx(programma), versie.op)
    return _slug_terug(inhoud, versie)


def bestandsnaam(versie: Planversie, soort: str) -> str:
    schoon = re.sub(r"[^0-9A-Za-z.]+", "-", versie.nummer).strip("-.")
    return f"batenrealisatieplan-{versie.programma.slug}-v{schoon}.{soort}"


def pdf(versie: Planversie) -> bytes:
    """The report of the version as the sponsorgroep read it, with a page of what changed
    since the adopted version before it."""
    from weasyprint import CSS, HTML

    from . import rapport

    vorige = vorige_vastgestelde(versie)
    # The PDF is the sponsorgroep's: its page of changes names no members, as its readers
    # may not see them.
    wijzigingen = (
        vergelijk(
            voor_lezer(plan_van(vorige), met_leden=False),
            voor_lezer(plan_van(versie), met_leden=False),
            naam(vorige),
            naam(versie),
        )
        if vorige
        else None
    )
    with als_programma(versie) as programma:
        context = rapport.context(programma, dag_van(versie))
        context["gegenereerd"] = timezone.localtime(versie.op)
        html = render_to_string("programmas/rapport.html", context)
    extra = render_to_string(
        "programmas/_versie_rapport.html",
        {"versie": versie, "vorige": vorige, "vergelijking": wijzigingen},
    )
    html = html.replace("</body>", extra + "</body>", 1)
    html = html.replace(tijdelijke_slug(versie), versie.programma.slug)
    stijl = finders.find(rapport.STIJL)
    return HTML(string=html, base_url=str(Path(stijl).parent)).write_pdf(
        stylesheets=[CSS(filename=stijl)]
    )


# --------------------------------------------------------------------------------------------
# Restoring


def herstel(
    versie: Planversie, door: Any, *, bevestig: str | None
) -> tuple[uitwisseling.Uitkomst, str, bool]:
    """Preview (bevestig None) or apply the version as the live plan, through the import
    and all its rules: one change set "versie x teruggezet". As opslaan.importeer. The
    members stay as they are now (a document without "leden" leaves them alone)."""
    document = json.loads(versie.document)
    document["programma"] = zonder_leden(document["programma"])
    return opslaan.importeer(
        json.dumps(document, ensure_ascii=False).encode(),
        versie.programma,
        door,
        bevestig=bevestig,
        # Stored in Dutch, as every origin; the history shows it translated.
        oorsprong=f"versie {versie.nummer} teruggezet",
    )
