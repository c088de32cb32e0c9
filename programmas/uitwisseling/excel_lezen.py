"""Reading a plan from an Excel workbook: the one excel.py writes, or one people made from it.

The workbook is read with openpyxl in read-only mode (rows streamed, values only). Sheets
are found by name ("1 Baten" or "Baten"), columns by their heading, loosely (case, accents
and punctuation do not matter), so a sheet may have its columns in any order and columns
of its own, which are not read. What the reader cannot interpret is a warning at its cell
("blad 1 Baten, cel E4"), what makes the plan unreadable an error; the model's rules report
at the row ("blad 2 Cycli, rij 5"), through `PlanData.plaatsen`: every row read gets a
made-up line number (sheet × 100,000 + row) that the place stands for.

What the workbook states:

- Texts are kept as written. A level or date typed as a real number or date (a column with
  "(getal)" or "(datum)" is what the app computed from the text beside it, and is read only
  when that text is empty) is written the Dutch way ("6,4", "15-3-2026").
- Vermogens and inspanningen are their own sheets ("4 Vermogens", "4 Inspanningen"); the
  per-baat columns of "4 Realisatiedetails" are an overview and are not read.
- As in the Markdown template, the workbook does not state members, escalaties (the sheet
  "7 Escalatie" states which criteria escalate; the escalaties below them are history),
  the history of the stuurparameters, or who entered a meting and when ("Ingevoerd door",
  "Ingevoerd op"): an import keeps what is stored.
- A sheet that is missing leaves its section as it is, as a missing section of the
  template does.
"""

from __future__ import annotations

import logging
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from io import BytesIO
from typing import Any

from django.utils.translation import gettext as _

from .. import notatie
from ..keuzes import Domein, Fase, Frequentie, InspanningStatus, Kans, Parameter, Prioriteit, Status
from .markdown import baatnummer, van_uit, vergelijkbaar
from .markdown_lezen import _Lezer as _MarkdownLezer
from .plandata import (
    SECTIES,
    AfhankelijkheidData,
    BaatData,
    CyclusData,
    CyclusDoelData,
    DoelData,
    Gelezen,
    InspanningData,
    MeetmomentData,
    Melding,
    PlanData,
    RisicoData,
    SectorData,
    StuurparameterData,
    VermogenData,
)

logger = logging.getLogger(__name__)

# A workbook of 2 MB can unpack to far more; a real plan of 150 baten and 20,000 metingen
# unpacks to about 10 MB.
MAX_UITGEPAKT = 60 * 1024 * 1024
MAX_RIJEN = 60_000
_BLADREGEL = 100_000
_PROGRAMMA = 1  # the made-up line of what belongs to the programme as a whole

# Sheets by loose name: the first key word found decides.
_BLADEN = (
    ("programma", "programma"),
    ("sectoren", "sectoren"),
    ("doelen", "doelen"),
    ("realisatiedetails", "details"),
    ("vermogens", "vermogens"),
    ("inspanningen", "inspanningen"),
    ("risico", "risicos"),
    ("afhankelijk", "afhankelijkheden"),
    ("monitoring", "monitoring"),
    ("escalatie", "escalatie"),
    ("metingen", "metingen"),
    ("meetmomenten", "metingen"),
    ("roadmap", "roadmap"),
    ("cycli", "cycli"),
    ("cyclus", "cycli"),
    ("baten", "baten"),
)

# The section each sheet states (plandata.SECTIES).
_SECTIE_VAN_BLAD = {
    "baten": "baten",
    "cycli": "cycli",
    "roadmap": "roadmap",
    "details": "details",
    "monitoring": "monitoring",
    "escalatie": "escalatie",
    "afhankelijkheden": "afhankelijkheden",
}

# Columns per sheet: key -> headings (loose) it is known by; required ones first-listed in
# _VERPLICHT.
_KOLOMMEN: dict[str, dict[str, tuple[str, ...]]] = {
    "programma": {"veld": ("veld",), "waarde": ("waarde",)},
    "sectoren": {"code": ("code", "sector"), "naam": ("naam", "omschrijving")},
    "baten": {
        "nr": ("nr", "nummer", "code"),
        "baat": ("baat", "naam"),
        "eigenaar": ("Baateigenaar", "Eigenaar"),
        "sector": ("sector", "sectoren"),
        "prioriteit": ("prioriteit", "prio"),
        "eenheid": ("eenheid",),
        "indicator": ("indicator",),
    },
    "cycli": {
        "cyclus": ("cyclus", "nr", "nummer"),
        "naam": ("naam",),
        "periode": ("periode",),
        "baat": ("baat",),
        "start": ("startniveau",),
        "start_getal": ("startniveau getal",),
        "doel": ("doelniveau",),
        "doel_getal": ("doelniveau getal",),
        "indicator": ("indicator",),
        "meetmoment": ("meetmoment",),
        "meetmoment_datum": ("meetmoment datum",),
    },
    "roadmap": {"baat": ("baat",)},
    "details": {
        "nr": ("nr", "nummer"),
        "nulmeting": ("nulmeting", "score niveau", "huidige situatie"),
        "nulmeting_getal": ("nulmeting getal",),
        "bron": ("bron meting", "bron"),
        "nulmeting_datum": ("datum nulmeting", "datum"),
        "nulmeting_datum_datum": ("datum nulmeting datum",),
        "target": ("target score", "target", "doelniveau"),
        "target_getal": ("target getal",),
        "deadline": ("deadline",),
        "deadline_datum": ("deadline datum",),
        "eenheid": ("eenheid",),
        "toelichting": ("toelichting",),
    },
    "doelen": {
        "nr": ("nr", "nummer", "code"),
        "doel": ("doel", "naam"),
        "omschrijving": ("omschrijving", "toelichting"),
        "baten": ("baten", "baat"),
    },
    "vermogens": {
        "vermogen": ("vermogen", "omschrijving"),
        "baten": ("baten", "baat"),
        "domein": ("domein",),
    },
    "inspanningen": {
        "inspanning": ("inspanning", "omschrijving"),
        "baten": ("baten", "baat"),
        "vermogens": ("vermogens", "vermogens een per regel", "bouwt vermogens"),
        "domein": ("domein",),
        "status": ("status",),
    },
    "risicos": {
        "baat": ("baat",),
        "risico": ("risico", "omschrijving"),
        "kans": ("kans",),
        "impact": ("impact",),
        "mitigatie": ("mitigatie", "maatregel", "maatregelen"),
    },
    "afhankelijkheden": {
        "baat": ("baat",),
        "van": ("afhankelijk van", "van"),
        "type": ("type", "soort"),
        "drempel": ("drempel %", "drempel"),
        "impact": ("impact op planning", "impact"),
        "extern": ("extern", "extern buiten het plan"),
    },
    "monitoring": {
        "parameter": ("parameter",),
        "norm": ("norm",),
        "status": ("huidige status", "status"),
        "actie": ("actie nodig", "actie"),
    },
    "escalatie": {
        "criterium": ("criterium of escalatie", "criterium"),
        "aan": ("aangevinkt afgehandeld", "aangevinkt"),
        "drempel": ("drempel %", "drempel"),
    },
    "metingen": {
        "baat": ("baat",),
        "datum": ("datum",),
        "datum_datum": ("datum datum",),
        "omschrijving": ("omschrijving",),
        "verwacht": ("verwacht niveau", "verwacht"),
        "verwacht_getal": ("verwacht getal",),
        "meting": ("meting",),
        "meting_getal": ("meting getal",),
        "toelichting": ("toelichting",),
        "meetdatum": ("gemeten op",),
    },
}
_VERPLICHT = {
    "programma": ("veld", "waarde"),
    "sectoren": ("code",),
    "doelen": ("doel",),
    "baten": ("nr", "baat"),
    "cycli": ("cyclus",),
    "roadmap": ("baat",),
    "details": ("nr",),
    "vermogens": ("vermogen", "baten"),
    "inspanningen": ("inspanning", "baten"),
    "risicos": ("baat", "risico"),
    "afhankelijkheden": ("baat", "van"),
    "monitoring": ("parameter",),
    "escalatie": ("criterium", "aan"),
    "metingen": ("baat", "datum"),
}
_NAAM_VAN_KOLOM = {
    "veld": "Veld",
    "waarde": "Waarde",
    "code": "Code",
    "nr": "Nr",
    "baat": "Baat",
    "cyclus": "Cyclus",
    "doel": "Doel",
    "vermogen": "Vermogen",
    "baten": "Baten",
    "inspanning": "Inspanning",
    "risico": "Risico",
    "van": "Afhankelijk van",
    "parameter": "Parameter",
    "criterium": "Criterium of escalatie",
    "aan": "Aangevinkt / afgehandeld",
    "datum": "Datum",
}

_PROGRAMMAVELDEN = {
    "programma": "naam",
    "naam": "naam",
    "versie": "versie",
    "datum": "datum",
    "opsteller": "opsteller",
    "thema": "thema",
    "kernprincipe": "kernprincipe",
}
_TOELICHTING_VELDEN = {
    "toelichting 1 baten overzicht": "baten",
    "toelichting 2 cycli": "cycli",
    "toelichting 3 roadmap": "roadmap",
    "toelichting 4 realisatiedetails": "details",
    "toelichting 5 afhankelijkheden": "afhankelijkheden",
    "toelichting 6 monitoring": "monitoring",
    "toelichting 7 escalatie": "escalatie",
}
TOELICHTING_KOPPEN = {
    "baten": "Toelichting 1 Baten overzicht",
    "cycli": "Toelichting 2 Cycli",
    "roadmap": "Toelichting 3 Roadmap",
    "details": "Toelichting 4 Realisatiedetails",
    "afhankelijkheden": "Toelichting 5 Afhankelijkheden",
    "monitoring": "Toelichting 6 Monitoring",
    "escalatie": "Toelichting 7 Escalatie",
}


def _keuzes(keuze: Any, *extra: tuple[str, str]) -> dict[str, str]:
    uit = {vergelijkbaar(str(k.label)): k.value for k in keuze}
    uit |= {vergelijkbaar(k.value): k.value for k in keuze}
    uit |= {vergelijkbaar(a): b for a, b in extra}
    return uit


_PRIORITEITEN = _keuzes(Prioriteit, ("gemiddeld", Prioriteit.MIDDEN))
_KANSEN = _keuzes(Kans, ("gemiddeld", Kans.MIDDEN))
_FASEN = _keuzes(Fase)
_FREQUENTIES = _keuzes(Frequentie, ("per maand", "maandelijks"), ("kwartaal", "per_kwartaal"))
_PARAMETERS = _keuzes(Parameter)
_STATUSSEN = _keuzes(Status, ("oranje", Status.GEEL))
_DOMEINEN = _keuzes(Domein)
_INSPANNING_STATUSSEN = _keuzes(InspanningStatus)
_CRITERIA = {
    "achter": "escaleer_bij_achterstand",
    "commitment": "escaleer_bij_commitment",
    "extern": "escaleer_bij_externe_factor",
    "conflict": "escaleer_bij_conflict",
}
_JA = {"ja", "j", "x", "v", "true", "waar", "1", "yes", "aangevinkt"}
_NEE = {"nee", "n", "false", "onwaar", "0", "no", ""}


def is_werkmap(inhoud: bytes) -> bool:
    """Whether the bytes are an Excel workbook (a zip holding xl/workbook.xml)."""
    if not inhoud.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(BytesIO(inhoud)) as zip_:
            return "xl/workbook.xml" in zip_.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def tekst_van(waarde: Any) -> str:
    """A cell as the text a person means by it: numbers and dates the Dutch way."""
    if waarde is None:
        return ""
    if isinstance(waarde, bool):
        return "ja" if waarde else "nee"
    if isinstance(waarde, datetime):
        if waarde.time() == time(0):
            return f"{waarde.day}-{waarde.month}-{waarde.year}"
        return f"{waarde.day}-{waarde.month}-{waarde.year} {waarde:%H:%M}"
    if isinstance(waarde, date):
        return f"{waarde.day}-{waarde.month}-{waarde.year}"
    if isinstance(waarde, int | float | Decimal):
        getal = _decimal(waarde)
        return notatie.format_getal(getal) if getal is not None else str(waarde)
    return str(waarde)


def _stemt_overeen(tekst: str, berekend: Any, kolom: str) -> bool:
    """Whether a computed cell ("(getal)", "(datum)") says what the text beside it says: a
    number the text states, or the day the text means."""
    if kolom.endswith("_datum"):
        if isinstance(berekend, datetime):
            dag: date | None = berekend.date()
        elif isinstance(berekend, date):
            dag = berekend
        else:
            dag = notatie.parse_datum(str(berekend))
        return dag is not None and dag == notatie.parse_datum(tekst)
    getal = (
        _decimal(berekend)
        if isinstance(berekend, int | float | Decimal) and not isinstance(berekend, bool)
        else notatie.parse_getal(str(berekend))
    )
    return getal is not None and getal in notatie.getallen(tekst)


def _decimal(waarde: Any) -> Decimal | None:
    try:
        getal = Decimal(repr(waarde) if isinstance(waarde, float) else str(waarde))
    except InvalidOperation:
        return None
    if not getal.is_finite():
        return None
    return getal.normalize() if getal == getal.to_integral() else getal


class _Controle:
    """What the Markdown reader's level check reads and reports to, for a workbook's levels:
    each is numbered, and a warning on number i goes to the cell level i came from."""

    def __init__(self, plan: PlanData, niveaus: list[tuple[str, int, str, str, int]]) -> None:
        self.plan = plan
        self.bron = niveaus
        self.niveaus = [(tekst, i, wat, baat) for i, (tekst, _, _, wat, baat) in enumerate(niveaus)]
        self.uit: list[Melding] = []

    def waarschuw(self, i: int, tekst: str) -> None:
        self.uit.append(Melding(self.bron[i][1], tekst, self.bron[i][2]))


@dataclass
class _Rij:
    nummer: int  # the row in the sheet
    regel: int  # the made-up line number
    cellen: dict[str, tuple[Any, str]]  # key -> (value, cell reference)
    # Computed cells that disagree with the text beside them: (cell reference, warning).
    afwijkingen: list[tuple[str, str]] = field(default_factory=list)

    def ruw(self, sleutel: str) -> Any:
        return self.cellen.get(sleutel, (None, ""))[0]

    def tekst(self, sleutel: str, reserve: str | None = None) -> str:
        """The cell's text; when empty, the computed column beside it (`reserve`)."""
        tekst = tekst_van(self.ruw(sleutel))
        if reserve is None:
            return tekst
        if not tekst.strip():
            return tekst_van(self.ruw(reserve))
        berekend = self.ruw(reserve)
        if tekst_van(berekend).strip() and not _stemt_overeen(tekst, berekend, reserve):
            # Someone changed the computed cell and not the text: the text counts, so say
            # that their change is not read rather than lose it without a word.
            self.afwijkingen.append(
                (
                    self.cel(reserve),
                    _(
                        "'%(waarde)s' past niet bij de tekst '%(tekst)s' ernaast, en alleen die "
                        "tekst wordt gelezen. Maak de tekstcel leeg als deze waarde moet tellen."
                    )
                    % {"waarde": tekst_van(berekend), "tekst": tekst},
                )
            )
        return tekst

    def cel(self, sleutel: str) -> str:
        return self.cellen.get(sleutel, (None, ""))[1]

    def leeg(self) -> bool:
        return all(tekst_van(w).strip() == "" for w, _ in self.cellen.values())


class _Lezer:
    def __init__(self, werkmap: Any) -> None:
        self.werkmap = werkmap
        self.plan = PlanData(secties=[])
        self.waarschuwingen: list[Melding] = []
        self.fouten: list[Melding] = []
        self.rijen = 0
        self.kwartalen = 0
        # Levels to check against their baat's unit once all units are read: (text, line,
        # place, what, baat).
        self.niveaus: list[tuple[str, int, str, str, int]] = []

    def niveau(self, rij: _Rij, sleutel: str, naam: str, wat: str, baat: int, tekst: str) -> None:
        if tekst.strip():
            self.niveaus.append((tekst, rij.regel, self.plaats(naam, rij.cel(sleutel)), wat, baat))

    # ---- reporting

    def plaats(self, blad: str, cel: str = "", rij: int = 0) -> str:
        if cel:
            return _("blad %(blad)s, cel %(cel)s") % {"blad": blad, "cel": cel}
        return _("blad %(blad)s, rij %(rij)s") % {"blad": blad, "rij": rij}

    def waarschuw(self, regel: int, plaats: str, tekst: str) -> None:
        self.waarschuwingen.append(Melding(regel, tekst, plaats))

    def fout(self, regel: int, plaats: str, tekst: str) -> None:
        self.fouten.append(Melding(regel, tekst, plaats))

    # ---- sheets and rows

    def bladen(self) -> dict[str, tuple[int, str]]:
        """Each kind of sheet: (its index, its name); unknown sheets get a warning."""
        gevonden: dict[str, tuple[int, str]] = {}
        for index, naam in enumerate(self.werkmap.sheetnames, start=1):
            los = vergelijkbaar(naam)
            soort = next((s for woord, s in _BLADEN if woord in los), None)
            if soort is None:
                self.waarschuw(
                    index * _BLADREGEL,
                    _("blad %(blad)s") % {"blad": naam},
                    _("dit blad kent Batenplan niet; niet gelezen."),
                )
            elif soort in gevonden:
                self.waarschuw(
                    index * _BLADREGEL,
                    _("blad %(blad)s") % {"blad": naam},
                    _("het blad %(gevonden)s staat er al; dit blad is niet gelezen.")
                    % {"gevonden": gevonden[soort][1]},
                )
            else:
                gevonden[soort] = (index, naam)
        return gevonden

    def lees_rijen(self, soort: str, index: int, naam: str) -> Iterator[_Rij]:
        """The rows of a sheet below its heading, with each known column by key."""
        from openpyxl.utils import get_column_letter

        blad = self.werkmap[naam]
        rijen = blad.iter_rows(values_only=True)
        kop = next(rijen, None)
        if kop is None:
            return
        bekend = _KOLOMMEN[soort]
        kolommen: dict[str, int] = {}
        for k, titel in enumerate(kop):
            los = vergelijkbaar(tekst_van(titel))
            if soort == "roadmap" and (q := re.fullmatch(r"q\s*(\d{1,2})", los)):
                kolommen[f"q{int(q[1])}"] = k
                continue
            sleutel = next(
                (s for s, namen in bekend.items() if los in {vergelijkbaar(n) for n in namen}),
                None,
            )
            if sleutel is not None and sleutel not in kolommen:
                kolommen[sleutel] = k
        ontbreekt = [s for s in _VERPLICHT[soort] if s not in kolommen]
        if ontbreekt:
            self.fout(
                index * _BLADREGEL + 1,
                self.plaats(naam, rij=1),
                _("de kolom %(kolom)s ontbreekt.")
                % {"kolom": _NAAM_VAN_KOLOM.get(ontbreekt[0], ontbreekt[0])},
            )
            return
        if soort == "roadmap":
            self.kwartalen = max([0, *(int(s[1:]) for s in kolommen if s.startswith("q"))])
        letters = {s: get_column_letter(k + 1) for s, k in kolommen.items()}
        for nummer, waarden in enumerate(rijen, start=2):
            self.rijen += 1
            if self.rijen > MAX_RIJEN:
                self.fout(
                    0,
                    "",
                    _("De werkmap heeft meer dan %(max_rijen)s rijen; dit is geen plan.")
                    % {"max_rijen": format(MAX_RIJEN, ",")},
                )
                return
            cellen = {
                s: (waarden[k] if k < len(waarden) else None, f"{letters[s]}{nummer}")
                for s, k in kolommen.items()
            }
            rij = _Rij(nummer, index * _BLADREGEL + nummer, cellen)
            if rij.leeg():
                continue
            self.plan.plaatsen[rij.regel] = self.plaats(naam, rij=nummer)
            yield rij
            for cel, tekst in rij.afwijkingen:
                self.waarschuw(rij.regel, self.plaats(naam, cel), tekst)

    def drempel(self, rij: _Rij, naam: str, anders: str) -> Decimal | None:
        """A percentage cell ("20", "20%" or the number 20); None when empty, and a warning
        at the cell saying what happens instead (`anders`) when it is no percentage."""
        tekst = rij.tekst("drempel").strip()
        if not tekst:
            return None
        ruw = rij.ruw("drempel")
        drempel = (
            _decimal(ruw)
            if isinstance(ruw, int | float)
            else notatie.parse_getal(tekst.replace("%", ""))
        )
        if drempel is None:
            self.waarschuw(
                rij.regel,
                self.plaats(naam, rij.cel("drempel")),
                _("'%(tekst)s' is geen percentage; %(anders)s.")
                % {"tekst": tekst, "anders": anders},
            )
        return drempel

    def keuze(self, rij: _Rij, sleutel: str, opties: dict[str, str], wat: str, naam: str) -> str:
        tekst = rij.tekst(sleutel).strip()
        if not tekst:
            return ""
        waarde = opties.get(vergelijkbaar(tekst))
        if waarde is None:
            self.waarschuw(
                rij.regel,
                self.plaats(naam, rij.cel(sleutel)),
                _("'%(tekst)s' is geen %(wat)s; niet bewaard.") % {"tekst": tekst, "wat": wat},
            )
            return ""
        return waarde

    def baat_van(self, rij: _Rij, sleutel: str, naam: str, baten: set[int]) -> int | None:
        tekst = rij.tekst(sleutel).strip()
        nummer = baatnummer(tekst)
        if nummer is None:
            self.fout(
                rij.regel,
                self.plaats(naam, rij.cel(sleutel)),
                _("'%(tekst)s' is geen baat (B1, B2, ...).") % {"tekst": tekst},
            )
        elif nummer not in baten:
            self.fout(
                rij.regel,
                self.plaats(naam, rij.cel(sleutel)),
                _("B%(nummer)s staat niet op het blad met de baten.") % {"nummer": nummer},
            )
            return None
        return nummer

    def baten_in(self, rij: _Rij, sleutel: str, naam: str, baten: set[int]) -> list[int]:
        codes = [d for d in re.split(r"[,;/\s]+(?:en\s+)?", rij.tekst(sleutel)) if d.strip()]
        uit = []
        for code in codes:
            nummer = baatnummer(code)
            if nummer is None or nummer not in baten:
                self.fout(
                    rij.regel,
                    self.plaats(naam, rij.cel(sleutel)),
                    _("'%(code)s' is geen baat van dit plan.") % {"code": code},
                )
            else:
                uit.append(nummer)
        return list(dict.fromkeys(uit))

    # ---- the plan

    def lees(self) -> None:
        bladen = self.bladen()
        plan = self.plan
        # The programme's name is on the sheet Programma, or missing with it.
        plan.kop.regels["naam"] = _PROGRAMMA
        plan.plaatsen[_PROGRAMMA] = _("blad %(blad)s") % {"blad": "Programma"}
        if "baten" not in bladen:
            self.fout(
                0, "", _("De werkmap heeft geen blad met de baten (1 Baten); dit is geen plan.")
            )
            return
        for soort in ("programma", "sectoren", "baten", "details", "cycli", "roadmap"):
            if soort in bladen:
                getattr(self, f"lees_{soort}")(soort, *bladen[soort])
        baten = {b.nummer for b in plan.baten}
        for soort in ("doelen", "vermogens", "inspanningen", "risicos", "metingen"):
            if soort in bladen:
                getattr(self, f"lees_{soort}")(soort, *bladen[soort], baten)
        for soort in ("afhankelijkheden",):
            if soort in bladen:
                self.lees_afhankelijkheden(soort, *bladen[soort], baten)
        for soort in ("monitoring", "escalatie"):
            if soort in bladen:
                getattr(self, f"lees_{soort}")(soort, *bladen[soort])
        stated = {_SECTIE_VAN_BLAD[s] for s in bladen if s in _SECTIE_VAN_BLAD}
        if "programma" in bladen:
            stated.add("basis")
        if {"details", "vermogens", "inspanningen", "risicos", "metingen"} & set(bladen):
            stated.add("details")
        plan.secties = [s for s in SECTIES if s in stated]
        self.controleer_niveaus()
        if self.kwartalen and "programma" not in bladen:
            plan.aantal_kwartalen = self.kwartalen

    def controleer_niveaus(self) -> None:
        """Every level with its baat's unit (domain rule 0), by the Markdown reader's very
        rules and words, each warning at its cell."""
        controle = _Controle(self.plan, self.niveaus)
        _MarkdownLezer.controleer_niveaus(controle)  # type: ignore[arg-type]
        self.waarschuwingen += controle.uit

    def lees_programma(self, soort: str, index: int, naam: str) -> None:
        kop = self.plan.kop
        kop.thema = kop.kernprincipe = ""
        for rij in self.lees_rijen(soort, index, naam):
            veld = vergelijkbaar(rij.tekst("veld"))
            waarde = rij.tekst("waarde")
            if veld in _PROGRAMMAVELDEN:
                setattr(kop, _PROGRAMMAVELDEN[veld], waarde)
                kop.regels[_PROGRAMMAVELDEN[veld]] = rij.regel
            elif veld in _TOELICHTING_VELDEN:
                self.plan.toelichtingen[_TOELICHTING_VELDEN[veld]] = waarde
            elif veld == "bijlagen":
                self.plan.bijlagen = waarde
            elif veld in ("startjaar", "startkwartaal", "aantal kwartalen"):
                getal = self.geheel(rij, naam)
                attribuut = {"startjaar": "start_jaar", "startkwartaal": "start_kwartaal"}
                if veld == "aantal kwartalen":
                    self.plan.aantal_kwartalen = getal or self.plan.aantal_kwartalen
                else:
                    setattr(self.plan, attribuut[veld], getal)
            elif veld not in ("slug", "datum datum", ""):
                self.waarschuw(
                    rij.regel,
                    self.plaats(naam, rij.cel("veld")),
                    _("'%(tekst)s' is geen veld van het programma; niet gelezen.")
                    % {"tekst": rij.tekst("veld")},
                )

    def geheel(self, rij: _Rij, naam: str) -> int | None:
        tekst = rij.tekst("waarde").strip()
        if not tekst:
            return None
        getal = _decimal(rij.ruw("waarde")) if not isinstance(rij.ruw("waarde"), str) else None
        getal = getal if getal is not None else notatie.parse_getal(tekst)
        if getal is None or getal != getal.to_integral() or not 0 < getal < 10_000:
            self.waarschuw(
                rij.regel,
                self.plaats(naam, rij.cel("waarde")),
                _("'%(tekst)s' is geen geheel getal; niet bewaard.") % {"tekst": tekst},
            )
            return None
        return int(getal)

    def lees_sectoren(self, soort: str, index: int, naam: str) -> None:
        self.plan.sectoren = [
            SectorData(rij.tekst("code").strip(), rij.tekst("naam"), regel=rij.regel)
            for rij in self.lees_rijen(soort, index, naam)
        ]

    def lees_baten(self, soort: str, index: int, naam: str) -> None:
        gezien: dict[int, _Rij] = {}
        for rij in self.lees_rijen(soort, index, naam):
            tekst = rij.tekst("nr").strip()
            nummer = baatnummer(tekst)
            plaats = self.plaats(naam, rij.cel("nr"))
            if nummer is None:
                self.fout(
                    rij.regel,
                    plaats,
                    _("'%(tekst)s' is geen baatnummer (B1, B2, ...).") % {"tekst": tekst},
                )
                continue
            if nummer in gezien:
                self.fout(
                    rij.regel,
                    plaats,
                    _("er zijn twee baten met nummer B%(nummer)s (ook op rij %(nummer2)s).")
                    % {"nummer": nummer, "nummer2": gezien[nummer].nummer},
                )
                continue
            gezien[nummer] = rij
            sectoren = [s.strip() for s in re.split(r"[/,;]", rij.tekst("sector")) if s.strip()]
            self.plan.baten.append(
                BaatData(
                    nummer=nummer,
                    naam=rij.tekst("baat"),
                    eigenaar=rij.tekst("eigenaar"),
                    sectoren=sectoren,
                    prioriteit=self.keuze(
                        rij,
                        "prioriteit",
                        _PRIORITEITEN,
                        _("prioriteit (Kritiek, Hoog, Midden)"),
                        naam,
                    ),
                    eenheid=rij.tekst("eenheid"),
                    indicator=rij.tekst("indicator"),
                    regel=rij.regel,
                )
            )

    def lees_details(self, soort: str, index: int, naam: str) -> None:
        baten = {b.nummer: b for b in self.plan.baten}
        for rij in self.lees_rijen(soort, index, naam):
            nummer = self.baat_van(rij, "nr", naam, set(baten))
            if nummer is None:
                continue
            baat = baten[nummer]
            baat.nulmeting = rij.tekst("nulmeting", "nulmeting_getal")
            self.niveau(rij, "nulmeting", naam, "nulmeting", nummer, baat.nulmeting)
            baat.nulmeting_bron = rij.tekst("bron")
            baat.nulmeting_datum = rij.tekst("nulmeting_datum", "nulmeting_datum_datum")
            baat.target = rij.tekst("target", "target_getal")
            self.niveau(rij, "target", naam, "target score", nummer, baat.target)
            baat.deadline = rij.tekst("deadline", "deadline_datum")
            baat.toelichting = rij.tekst("toelichting")
            eenheid = rij.tekst("eenheid")
            if "eenheid" in rij.cellen and eenheid != baat.eenheid:
                if baat.eenheid:
                    self.waarschuw(
                        rij.regel,
                        self.plaats(naam, rij.cel("eenheid")),
                        _(
                            "de eenheid '%(eenheid)s' verschilt van die op het blad met de "
                            "baten ('%(eenheid2)s'); die daar telt."
                        )
                        % {"eenheid": eenheid, "eenheid2": baat.eenheid},
                    )
                else:
                    baat.eenheid = eenheid
            baat.regels |= dict.fromkeys(
                ("nulmeting", "nulmeting_bron", "nulmeting_datum", "target", "deadline"), rij.regel
            )

    def lees_cycli(self, soort: str, index: int, naam: str) -> None:
        baten = {b.nummer for b in self.plan.baten}
        cycli: dict[int, CyclusData] = {}
        for rij in self.lees_rijen(soort, index, naam):
            tekst = rij.tekst("cyclus").strip()
            getal = notatie.parse_getal(re.sub(r"(?i)^cyclus\s*", "", tekst)) if tekst else None
            if getal is None or getal != getal.to_integral() or getal < 1:
                self.fout(
                    rij.regel,
                    self.plaats(naam, rij.cel("cyclus")),
                    _("'%(tekst)s' is geen cyclusnummer (1, 2, ...).") % {"tekst": tekst},
                )
                continue
            cyclus = cycli.get(int(getal))
            if cyclus is None:
                cyclus = cycli[int(getal)] = CyclusData(
                    int(getal), rij.tekst("naam"), rij.tekst("periode"), regel=rij.regel
                )
            if not rij.tekst("baat").strip():
                continue
            nummer = self.baat_van(rij, "baat", naam, baten)
            if nummer is None:
                continue
            start, doel = rij.tekst("start", "start_getal"), rij.tekst("doel", "doel_getal")
            self.niveau(rij, "start", naam, "startniveau", nummer, start)
            self.niveau(rij, "doel", naam, "doelniveau", nummer, doel)
            cyclus.doelen.append(
                CyclusDoelData(
                    nummer,
                    start,
                    doel,
                    rij.tekst("indicator"),
                    rij.tekst("meetmoment", "meetmoment_datum"),
                    regel=rij.regel,
                )
            )
        self.plan.cycli = [cycli[n] for n in sorted(cycli)]

    def lees_roadmap(self, soort: str, index: int, naam: str) -> None:
        baten = {b.nummer: b for b in self.plan.baten}
        for rij in self.lees_rijen(soort, index, naam):
            nummer = self.baat_van(rij, "baat", naam, set(baten))
            if nummer is None:
                continue
            for sleutel in rij.cellen:
                if sleutel.startswith("q"):
                    fase = self.keuze(
                        rij, sleutel, _FASEN, _("fase (Basis, Groei, Target of Borging)"), naam
                    )
                    if fase:
                        baten[nummer].roadmap[int(sleutel[1:])] = fase

    def lees_vermogens(self, soort: str, index: int, naam: str, baten: set[int]) -> None:
        for rij in self.lees_rijen(soort, index, naam):
            self.plan.vermogens.append(
                VermogenData(
                    rij.tekst("vermogen"),
                    sorted(self.baten_in(rij, "baten", naam, baten)),
                    regel=rij.regel,
                    domein=self.keuze(rij, "domein", _DOMEINEN, _("domein"), naam),
                )
            )

    def lees_inspanningen(self, soort: str, index: int, naam: str, baten: set[int]) -> None:
        bekend = {v.omschrijving for v in self.plan.vermogens}
        for rij in self.lees_rijen(soort, index, naam):
            vermogens: list[str] = []
            deel = ""
            for regel in rij.tekst("vermogens").split("\n") if rij.tekst("vermogens") else []:
                # One vermogen per line; a vermogen whose own text has a line break is
                # matched whole.
                deel = f"{deel}\n{regel}" if deel else regel
                if deel in bekend or deel.strip() in bekend:
                    vermogens.append(deel if deel in bekend else deel.strip())
                    deel = ""
            if deel.strip():
                self.waarschuw(
                    rij.regel,
                    self.plaats(naam, rij.cel("vermogens")),
                    _("'%(deel)s' staat niet op het blad met de vermogens; niet gekoppeld.")
                    % {"deel": deel.strip()},
                )
            self.plan.inspanningen.append(
                InspanningData(
                    rij.tekst("inspanning"),
                    sorted(self.baten_in(rij, "baten", naam, baten)),
                    vermogens,
                    regel=rij.regel,
                    domein=self.keuze(rij, "domein", _DOMEINEN, _("domein"), naam),
                    status=self.keuze(
                        rij, "status", _INSPANNING_STATUSSEN, _("status van een inspanning"), naam
                    ),
                )
            )

    def lees_doelen(self, soort: str, index: int, naam: str, baten: set[int]) -> None:
        """The programme's goals (the benefits map). A workbook without the sheet leaves the
        stored doelen alone, as a Markdown file without the section does."""
        self.plan.doelen = []
        for rij in self.lees_rijen(soort, index, naam):
            code = rij.tekst("nr").strip()
            treffer = re.fullmatch(r"[Dd]?\s*(\d{1,4})", code)
            gebruikt = {d.nummer for d in self.plan.doelen}
            nummer = int(treffer[1]) if treffer else max(gebruikt, default=0) + 1
            if code and not treffer:
                self.waarschuw(
                    rij.regel,
                    self.plaats(naam, rij.cel("nr")),
                    _("'%(code)s' is geen doelnummer (D1, D2, ...); D%(nummer)s.")
                    % {"code": code, "nummer": nummer},
                )
            if not rij.tekst("doel").strip():
                self.fout(
                    rij.regel,
                    self.plaats(naam, rij.cel("doel")),
                    _("D%(nummer)s heeft geen naam.") % {"nummer": nummer},
                )
            self.plan.doelen.append(
                DoelData(
                    nummer,
                    rij.tekst("doel"),
                    rij.tekst("omschrijving"),
                    sorted(self.baten_in(rij, "baten", naam, baten)),
                    regel=rij.regel,
                )
            )

    def lees_risicos(self, soort: str, index: int, naam: str, baten: set[int]) -> None:
        for rij in self.lees_rijen(soort, index, naam):
            nummer = self.baat_van(rij, "baat", naam, baten)
            if nummer is None:
                continue
            self.plan.risicos.append(
                RisicoData(
                    nummer,
                    rij.tekst("risico"),
                    self.keuze(rij, "kans", _KANSEN, _("kans (Laag, Midden, Hoog)"), naam),
                    self.keuze(rij, "impact", _KANSEN, _("impact (Laag, Midden, Hoog)"), naam),
                    rij.tekst("mitigatie"),
                    regel=rij.regel,
                )
            )

    def lees_metingen(self, soort: str, index: int, naam: str, baten: set[int]) -> None:
        for rij in self.lees_rijen(soort, index, naam):
            nummer = self.baat_van(rij, "baat", naam, baten)
            if nummer is None:
                continue
            verwacht = rij.tekst("verwacht", "verwacht_getal")
            meting = rij.tekst("meting", "meting_getal")
            self.niveau(rij, "verwacht", naam, "verwacht niveau", nummer, verwacht)
            self.niveau(rij, "meting", naam, "meting", nummer, meting)
            self.plan.meetmomenten.append(
                MeetmomentData(
                    nummer,
                    datum=rij.tekst("datum", "datum_datum"),
                    omschrijving=rij.tekst("omschrijving"),
                    verwacht_niveau=verwacht,
                    meting=meting,
                    toelichting=rij.tekst("toelichting"),
                    meetdatum=rij.tekst("meetdatum") if "meetdatum" in rij.cellen else None,
                    regel=rij.regel,
                )
            )

    def lees_afhankelijkheden(self, soort: str, index: int, naam: str, baten: set[int]) -> None:
        for rij in self.lees_rijen(soort, index, naam):
            nummer = self.baat_van(rij, "baat", naam, baten)
            if nummer is None:
                continue
            van, rest = van_uit(rij.tekst("van"))
            for v in van:
                if v not in baten:
                    self.fout(
                        rij.regel,
                        self.plaats(naam, rij.cel("van")),
                        _("B%(v)s staat niet op het blad met de baten.") % {"v": v},
                    )
            extern = rest
            if "extern" in rij.cellen:
                extern = rij.tekst("extern")
                if rest and rest != extern:
                    extern = f"{extern}, {rest}" if extern else rest
                    self.waarschuw(
                        rij.regel,
                        self.plaats(naam, rij.cel("van")),
                        _("'%(rest)s' is geen baat; bewaard als afhankelijkheid buiten het plan.")
                        % {"rest": rest},
                    )
            drempel = self.drempel(rij, naam, _("geen drempel bewaard"))
            self.plan.afhankelijkheden.append(
                AfhankelijkheidData(
                    nummer,
                    [v for v in van if v in baten],
                    extern,
                    rij.tekst("type"),
                    drempel,
                    rij.tekst("impact"),
                    regel=rij.regel,
                )
            )

    def lees_monitoring(self, soort: str, index: int, naam: str) -> None:
        for rij in self.lees_rijen(soort, index, naam):
            los = vergelijkbaar(rij.tekst("parameter"))
            if "frequentie" in los:
                self.plan.frequentie = self.keuze(
                    rij,
                    "status",
                    _FREQUENTIES,
                    _("frequentie (Maandelijks, Per cyclus, Per kwartaal)"),
                    naam,
                )
                continue
            parameter = self.keuze(
                rij,
                "parameter",
                _PARAMETERS,
                _(
                    "stuurparameter (Doeltreffendheid, Tempo, Haalbaarheid, Wendbaarheid, "
                    "Efficiëntie)"
                ),
                naam,
            )
            if parameter:
                self.plan.stuurparameters.append(
                    StuurparameterData(
                        parameter,
                        rij.tekst("norm"),
                        self.keuze(
                            rij, "status", _STATUSSEN, _("status (Groen, Geel, Rood)"), naam
                        ),
                        rij.tekst("actie"),
                        regel=rij.regel,
                    )
                )

    def lees_escalatie(self, soort: str, index: int, naam: str) -> None:
        gezien: set[str] = set()
        for rij in self.lees_rijen(soort, index, naam):
            los = vergelijkbaar(rij.tekst("criterium"))
            veld = next((v for w, v in _CRITERIA.items() if w in los), None)
            # The rows below the four criteria are escalaties: history, not read.
            if veld is None or veld in gezien or ":" in rij.tekst("criterium"):
                continue
            gezien.add(veld)
            aan = vergelijkbaar(rij.tekst("aan"))
            if aan not in _JA | _NEE:
                self.waarschuw(
                    rij.regel,
                    self.plaats(naam, rij.cel("aan")),
                    _("'%(tekst)s' is geen ja of nee; gelezen als nee.")
                    % {"tekst": rij.tekst("aan")},
                )
            setattr(self.plan, veld, aan in _JA)
            if veld == "escaleer_bij_achterstand":
                drempel = self.drempel(rij, naam, _("de drempel blijft 20"))
                if drempel is not None:
                    self.plan.escalatie_drempel = drempel


def lees_xlsx(inhoud: bytes) -> Gelezen:
    """A workbook read into a plan, not applied. Never raises on bad input."""
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(BytesIO(inhoud)) as zip_:
            if sum(i.file_size for i in zip_.infolist()) > MAX_UITGEPAKT:
                return Gelezen(
                    None,
                    "xlsx",
                    fouten=[Melding(0, _("De werkmap is uitgepakt te groot voor een plan."))],
                )
        werkmap = load_workbook(BytesIO(inhoud), read_only=True, data_only=True)
    except Exception:
        return Gelezen(
            None,
            "xlsx",
            fouten=[
                Melding(
                    0,
                    _(
                        "Deze Excel-werkmap is beschadigd of niet te lezen. Sla hem opnieuw "
                        "op als .xlsx."
                    ),
                )
            ],
        )
    lezer = _Lezer(werkmap)
    try:
        lezer.lees()
    except Exception:
        # openpyxl parses a sheet while it is read; logged, so that a fault of ours shows.
        logger.exception("Excel-werkmap niet te lezen")
        return Gelezen(
            None,
            "xlsx",
            fouten=[Melding(0, _("Een blad van deze Excel-werkmap is niet te lezen."))],
        )
    finally:
        werkmap.close()
    lezer.waarschuwingen.sort(key=lambda m: m.regel)
    lezer.fouten.sort(key=lambda m: m.regel)
    return Gelezen(lezer.plan, "xlsx", lezer.waarschuwingen, lezer.fouten)
