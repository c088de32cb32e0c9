"""The batenrealisatieplan as the Markdown template: read a filled-in plan, write one.

`lees_markdown` turns a plan into a `PlanData` (plandata.py) plus warnings and errors
(`Melding`, each with its line number); `schrijf_markdown` (sjabloon_schrijven.py) writes a
`PlanData` back in the template's shape, so that reading it gives the same plan. The JSON
document of uitwisseling.py is a serialisation of the same data.

The structure is read with markdown-it-py (CommonMark plus its table rule), whose tokens carry
line numbers (opmaak.py turns them into blocks); the roadmap grid inside its code fence has a
small reader of its own. The reader never raises on bad input: it reports it.

Rules for what the template leaves open:

- Placeholders ("[x.x]", "[invullen]", "[Naam]", any text wholly in square brackets, "___")
  and empty cells mean "not filled in". "[Herhaal structuur van Baat 1]" is such a placeholder.
- Texts are kept as written; the models derive numbers and dates (notatie.py). What has no
  single number or no readable date is kept as text and reported as a warning.
- Section 1's Sector cell lists codes ("PO/VO", "PO, ZAK"); the template's "PO/VO/ZAK" reads
  as all three. A "**Sectoren:** PO (Primair onderwijs), ..." line below the table states the
  programme's sectors; without it a new programme gets PO, VO and ZAK.
- Section 2: "### Cyclus N: Naam - Periode" splits at the first " - " after which a period
  follows, else at the last one; an en or em dash counts only when there is no plain "-".
  A cycle with nothing filled in (the template's "[Naam] - [Periode]" and empty rows) is
  not a cycle.
- Roadmap: the cells of a row are read left to right as Q1, Q2, ...; the number of quarters
  is the highest "Qn" label or the longest row, whichever is more. The template's example
  (six labels over five cells) therefore reads as six quarters with Q6 empty. The writer puts
  label Qn above the left edge of cell n. "**Startkwartaal (Q1):** 2026 Q1" below the grid
  says which calendar quarter Q1 is.
- Section 4: "- Indicator:" and "- Eenheid:" may follow the nulmeting items; without an
  Eenheid line the unit is the one written with the nulmeting or target ("14 dagen").
  Inspanningen may list the vermogens they build as sub-items "- Vermogen: ...". The same
  vermogen or inspanning text under several baten is one row linked to those baten. Their
  order follows the list numbers (the writer numbers them by their place in the programme,
  "3. Lean-verbetering"; viewers renumber), then first appearance. A blockquote or loose text
  inside a baat block is its toelichting.
- Meetmomenten in the template's three columns (Datum | Meting | Verwacht niveau), as domain
  rule 0 says: in a baat whose nulmeting or target has a number, a Meting cell is the meting
  only when it has a number; a text without one ("Kwartaalmeting NPS", "Procesaudit") is the
  omschrijving, whatever its date, so the same file reads the same on any day. In a
  qualitative baat any text is the meting. `PlanData.metingcellen` counts both for the
  preview. The writer adds an Omschrijving column (and a Toelichting column) only when a
  table needs it. The day a meting was measured ("gemeten op") is a Gemeten op column, which
  the writer adds when a meting has one, or a remark in the Meting cell: "7,2 (gemeten 20
  augustus 2026)". Without either the import keeps the stored day.
- Levels are checked with their baat's unit once the whole plan is read: a level that states
  several things ("Ontwerp gereed; naleving 55%") gets a warning, and so does a remark in
  parentheses with a number ("NPS 20 (was 12)"), which is a note, not the level.
- Section 5: the drempel is read from "op 50%" (also "drempel 50%", "minimaal 50%") in the
  impact text; a Drempel column, which the writer adds only when the text would say
  otherwise, wins. "Afhankelijk van" lists B-codes first; what is not a B-code is `extern`.
- Section 7: the percentage in "meer dan 20% achter" is the escalatiedrempel.
- A blockquote or loose text in a section is that section's toelichting; sections and
  subsections the template does not know are kept verbatim in `bijlagen` (with a warning).
- Texts are written with HTML and Markdown punctuation escaped ("\\<script>"), line breaks as
  "<br>", spaces at a text's ends (which Markdown trims) as references ("&#32;"), and read
  back unescaped, so any text survives the round trip.
- In a qualitative baat (nulmeting and target written without a number) a level without a
  number is what the plan means and is read without a warning; in a baat with numbers it is
  reported.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from .. import notatie
from ..keuzes import Domein, Fase, Frequentie, InspanningStatus, Kans, Parameter, Prioriteit, Status
from ..vandaag import vandaag as vandaag_van_de_app
from .markdown import (
    GETAL_PROCENT,
    Blok,
    Item,
    als_procent,
    baatnummer,
    drempel_uit,
    eenheid_van,
    is_meting,
    is_plaatshouder,
    lees_blokken,
    lees_label,
    lees_tekst,
    naam_en_periode,
    ontsnap_terug,
    rastercellen,
    schaal,
    tabelcellen,
    van_uit,
    vergelijkbaar,
)
from .markdown_schrijven import schrijf_markdown
from .plandata import (
    SECTIES,
    STANDAARD_SECTOREN,
    AfhankelijkheidData,
    BaatData,
    CyclusData,
    CyclusDoelData,
    DoelData,
    InspanningData,
    MeetmomentData,
    Melding,
    PlanData,
    Resultaat,
    RisicoData,
    SectorData,
    StuurparameterData,
    VermogenData,
)

__all__ = ["lees_markdown", "schrijf_markdown"]


def _sectie(titel: str) -> str | None:
    s = vergelijkbaar(titel)
    for woord, sectie in (
        ("doelen", "doelen"),
        ("theoretische basis", "basis"),
        ("cyclus", "cycli"),
        ("cycli", "cycli"),
        ("roadmap", "roadmap"),
        ("realisatiedetails", "details"),
        ("per baat", "details"),
        ("afhankelijkhe", "afhankelijkheden"),
        ("monitoring", "monitoring"),
        ("sturing", "monitoring"),
        ("escalatie", "escalatie"),
        ("overzicht", "baten"),
    ):
        if woord in s:
            return sectie
    nummer = re.match(r"(\d)\b", s)
    return SECTIES[int(nummer[1])] if nummer and 1 <= int(nummer[1]) <= 7 else None


# How a message names a section (the headings in brackets are the template's own).
_SECTIENAAM = {
    "doelen": gettext_lazy("de doelen van het programma"),
    "basis": gettext_lazy("Theoretische basis"),
    "baten": gettext_lazy("sectie 1 (Baten Overzicht)"),
    "cycli": gettext_lazy("sectie 2 (Batenrealisatie per Cyclus)"),
    "roadmap": gettext_lazy("sectie 3 (Roadmap)"),
    "details": gettext_lazy("sectie 4 (Realisatiedetails)"),
    "afhankelijkheden": gettext_lazy("sectie 5 (Afhankelijkheden)"),
    "monitoring": gettext_lazy("sectie 6 (Monitoring & Sturing)"),
    "escalatie": gettext_lazy("sectie 7 (Escalatie)"),
}

# Options of the tick boxes, by loose label.
_PRIORITEITEN = {"kritiek": Prioriteit.KRITIEK, "hoog": Prioriteit.HOOG}
_PRIORITEITEN |= {"midden": Prioriteit.MIDDEN, "gemiddeld": Prioriteit.MIDDEN}
_KANSEN = {"l": Kans.LAAG, "laag": Kans.LAAG, "m": Kans.MIDDEN, "midden": Kans.MIDDEN}
_KANSEN |= {"gemiddeld": Kans.MIDDEN, "h": Kans.HOOG, "hoog": Kans.HOOG}
_STATUSSEN = {"groen": Status.GROEN, "geel": Status.GEEL, "oranje": Status.GEEL}
_STATUSSEN |= {"rood": Status.ROOD}
_FREQUENTIES = {"maandelijks": Frequentie.MAANDELIJKS, "per maand": Frequentie.MAANDELIJKS}
_FREQUENTIES |= {"per cyclus": Frequentie.PER_CYCLUS, "per kwartaal": Frequentie.PER_KWARTAAL}
_FREQUENTIES |= {"elk kwartaal": Frequentie.PER_KWARTAAL, "kwartaal": Frequentie.PER_KWARTAAL}
_FASEN = {vergelijkbaar(str(f.label)): f.value for f in Fase}
_PARAMETERS = {vergelijkbaar(str(p.label)): p.value for p in Parameter}

_VAKJE = re.compile(r"\[(?P<teken>[^\]]{0,2})\]\s*(?P<label>[^\[]*)")
_VINK = {"x", "v", "✓", "✔", "*", "+"}
_RAND = set(" ─━-—=+├┼┤└┴┘┌┬┐│|┃╴╶")

# Columns: (key, title, aliases, required).
_Kolom = tuple[str, str, tuple[str, ...], bool]
_K_BATEN: list[_Kolom] = [
    ("nr", "Nr", ("nummer", "code", "id"), True),
    ("baat", "Baat", ("naam", "baten", "omschrijving"), True),
    ("eigenaar", "Baateigenaar", ("eigenaar", "baat eigenaar"), True),
    ("sector", "Sector", ("sectoren",), True),
    ("prioriteit", "Prioriteit", ("prio",), True),
]
_K_CYCLUS: list[_Kolom] = [
    ("baat", "Baat", ("nr",), True),
    ("start", "Startniveau", ("start",), True),
    ("doel", "Doelniveau", ("doel",), True),
    ("indicator", "Indicator", (), True),
    ("meetmoment", "Meetmoment", ("meetdatum",), True),
]
_K_RISICO: list[_Kolom] = [
    ("risico", "Risico", ("omschrijving",), True),
    ("kans", "Kans", (), True),
    ("impact", "Impact", (), True),
    ("mitigatie", "Mitigatie", ("maatregel", "maatregelen"), True),
]
_K_MEET: list[_Kolom] = [
    ("datum", "Datum", ("wanneer",), True),
    ("omschrijving", "Omschrijving", ("wat",), False),
    ("meting", "Meting", ("gemeten", "resultaat"), True),
    ("meetdatum", "Gemeten op", ("meetdatum", "datum meting", "gemeten op datum"), False),
    ("verwacht", "Verwacht niveau", ("verwacht", "verwachte waarde"), True),
    ("toelichting", "Toelichting", ("opmerking",), False),
]
_K_AFH: list[_Kolom] = [
    ("baat", "Baat", (), True),
    ("van", "Afhankelijk van", ("van",), True),
    ("type", "Type", ("soort",), True),
    ("impact", "Impact op planning", ("impact",), True),
    ("drempel", "Drempel", ("drempel %",), False),
]
_K_DOEL: list[_Kolom] = [
    ("nr", "Nr", ("nummer", "code"), True),
    ("doel", "Doel", ("naam", "programmadoel"), True),
    ("omschrijving", "Omschrijving", ("toelichting",), False),
    ("baten", "Baten", ("baat", "bijdragende baten"), False),
]
_DOMEINEN = {vergelijkbaar(str(d.label)): d.value for d in Domein}
_INSPANNING_STATUSSEN = {vergelijkbaar(str(s.label)): s.value for s in InspanningStatus}
_INSPANNING_STATUSSEN |= {"klaar": "afgerond", "bezig": "lopend", "gereed": "afgerond"}
_STATUSLABEL = ("inspanningen", "status")
_K_STUUR: list[_Kolom] = [
    ("parameter", "Parameter", ("stuurparameter",), True),
    ("norm", "Norm", (), True),
    ("status", "Huidige status", ("status",), True),
    ("actie", "Actie nodig?", ("actie",), True),
]

_DETAILKOPPEN = [
    ("huidige situatie", "nulmeting"),
    ("nulmeting", "nulmeting"),
    ("doelsituatie", "doel"),
    ("doel", "doel"),
    ("benodigde vermogens", "vermogens"),
    ("vermogens zonder baat", "vermogens"),
    ("vermogens", "vermogens"),
    ("benodigde inspanningen", "inspanningen"),
    ("inspanningen zonder baat", "inspanningen"),
    ("inspanningen", "inspanningen"),
    ("risicos", "risicos"),
    ("meetmomenten", "meetmomenten"),
]
_DETAILVELDEN = {
    "score niveau": "nulmeting",
    "score": "nulmeting",
    "niveau": "nulmeting",
    "nulmeting": "nulmeting",
    "bron meting": "nulmeting_bron",
    "bron": "nulmeting_bron",
    "datum nulmeting": "nulmeting_datum",
    "target score": "target",
    "target": "target",
    "doelscore": "target",
    "deadline": "deadline",
    "indicator": "indicator",
    "eenheid": "eenheid",
}
_VELDNAAM = {
    "nulmeting": gettext_lazy("nulmeting"),
    "target": gettext_lazy("target score"),
    "nulmeting_datum": gettext_lazy("datum nulmeting"),
    "deadline": gettext_lazy("deadline"),
}


def _optie(label: str, opties: dict[str, str]) -> tuple[str | None, str]:
    """The option a label starts with, and the rest of the label (a remark)."""
    s = vergelijkbaar(label)
    for sleutel in sorted(opties, key=len, reverse=True):
        if s == sleutel or s.startswith(sleutel + " "):
            woorden = label.split()
            rest = " ".join(woorden[len(sleutel.split()) :]) if len(woorden) > 1 else ""
            return opties[sleutel], rest.strip()
    return None, ""


# --------------------------------------------------------------------------------------------
# Reading


def _per_kop(blokken: list[Blok]) -> tuple[list[Blok], list[tuple[Blok, list[Blok], int]]]:
    """The blocks before the first ### heading, and per such heading its blocks and last line."""
    voor: list[Blok] = []
    delen: list[tuple[Blok, list[Blok], int]] = []
    for blok in blokken:
        if blok.soort == "kop" and blok.niveau == 3:
            delen.append((blok, [], blok.eind))
        elif delen:
            delen[-1][1].append(blok)
        else:
            voor.append(blok)
    for index, (kop, inhoud, _eind) in enumerate(delen):
        eind = delen[index + 1][0].regel - 1 if index + 1 < len(delen) else None
        delen[index] = (kop, inhoud, eind or max([kop.eind, *(b.eind for b in inhoud)]))
    return voor, delen


class _Lezer:
    def __init__(self, tekst: str, vandaag: date) -> None:
        self.regels = tekst.split("\n")
        self.vandaag = vandaag
        self.plan = PlanData(secties=[])
        self.waarschuwingen: list[Melding] = []
        self.fouten: list[Melding] = []
        self.namen: dict[str, int] = {}
        self.codes = [code for code, _ in STANDAARD_SECTOREN]
        self.sectornamen = {naam: code for code, naam in STANDAARD_SECTOREN}
        self.expliciete_eenheid: set[int] = set()
        self.volgnummers: dict[tuple[str, str], int] = {}
        self.baten: dict[int, BaatData] = {}
        self.niveaus: list[tuple[str, int, str, int | None]] = []
        self.metingcellen: list[tuple[MeetmomentData, str]] = []
        self.items: dict[tuple[str, str], Any] = {}

    def waarschuw(self, regel: int, tekst: str) -> None:
        self.waarschuwingen.append(Melding(regel, tekst))

    def fout(self, regel: int, tekst: str) -> None:
        self.fouten.append(Melding(regel, tekst))

    # ---- helpers

    def ruw(self, van: int, tot: int) -> str:
        return "\n".join(r.rstrip() for r in self.regels[van - 1 : tot]).strip("\n")

    def citaat(self, blok: Blok) -> str:
        regels = self.ruw(blok.regel, blok.eind).split("\n")
        return ontsnap_terug("\n".join(re.sub(r"^\s{0,3}> ?", "", r) for r in regels).strip())

    def toelichting(self, sectie: str, blok: Blok, waar: str) -> None:
        """A blockquote or loose text in a section: that section's toelichting."""
        if blok.soort == "citaat":
            tekst = self.citaat(blok)
        else:
            tekst = ontsnap_terug(self.ruw(blok.regel, blok.eind))
            self.waarschuw(
                blok.regel,
                _("losse tekst in %(waar)s is bewaard als toelichting.") % {"waar": waar},
            )
        if tekst:
            oud = self.plan.toelichtingen.get(sectie, "")
            self.plan.toelichtingen[sectie] = f"{oud}\n\n{tekst}" if oud else tekst

    def bijlage(self, van: int, tot: int, wat: str) -> None:
        regels = self.ruw(van, tot).split("\n")
        while regels and (
            not regels[-1].strip()
            or re.fullmatch(r"\s*([-*_])\s*(\1\s*){2,}", regels[-1])
            or regels[-1].lstrip("*_ ").startswith("Template gebaseerd op")
        ):
            regels.pop()
        tekst = "\n".join(regels).strip("\n")
        if tekst:
            self.plan.bijlagen = f"{self.plan.bijlagen}\n\n{tekst}" if self.plan.bijlagen else tekst
            self.waarschuw(
                van, _("%(wat)s kent het sjabloon niet; bewaard als bijlage.") % {"wat": wat}
            )

    def tussenkop(self, blok: Blok) -> None:
        self.waarschuw(
            blok.regel,
            _("de tussenkop '%(tekst)s' wordt niet bewaard.") % {"tekst": blok.tekst.strip()},
        )

    def kapotte_tabel(self, blok: Blok, waar: str) -> bool:
        """Report a table markdown-it could not read (it is then a paragraph of pipes)."""
        regels = blok.tekst.split("\n")
        begin = next((i for i, r in enumerate(regels) if r.lstrip().startswith("|")), None)
        if blok.soort != "alinea" or begin is None:
            return False
        regels = regels[begin:]
        if len(regels) < 2 or not re.fullmatch(r"[\s|:-]*-[\s|:-]*", regels[1]):
            reden = _("onder de kopregel ontbreekt de scheidingsregel (|---|---|)")
        else:
            reden = _(
                "de kopregel heeft %(kop)s kolommen en de scheidingsregel eronder %(onder)s"
            ) % {"kop": len(tabelcellen(regels[0])), "onder": len(tabelcellen(regels[1]))}
        self.fout(
            blok.regel + begin,
            _("de tabel in %(waar)s is niet te lezen: %(reden)s.") % {"waar": waar, "reden": reden},
        )
        return True

    def kolommen(self, blok: Blok, spec: list[_Kolom], waar: str) -> dict[str, int] | None:
        assert blok.tabel is not None
        gevonden: dict[str, int] = {}
        for index, kop in enumerate(blok.tabel.kop):
            s = vergelijkbaar(kop)
            sleutel = next((k for k, t, a, _ in spec if s == vergelijkbaar(t) or s in a), None)
            if sleutel is None and s:
                self.waarschuw(
                    blok.regel,
                    _("de kolom '%(kop)s' van %(waar)s wordt niet gelezen.")
                    % {"kop": kop.strip(), "waar": waar},
                )
            elif sleutel is not None and sleutel not in gevonden:
                gevonden[sleutel] = index
        ontbrekend = [titel for k, titel, _, nodig in spec if nodig and k not in gevonden]
        for titel in ontbrekend:
            self.fout(
                blok.regel,
                _("de tabel van %(waar)s mist de kolom %(titel)s.")
                % {"waar": waar, "titel": titel},
            )
        if ontbrekend:
            return None
        for regel, _cellen_rij in blok.tabel.rijen:
            teveel = len(tabelcellen(self.regels[regel - 1])) - len(blok.tabel.kop)
            if teveel > 0:
                self.waarschuw(
                    regel,
                    _("deze rij heeft %(teveel)s cel(len) meer dan de kop; die zijn niet gelezen.")
                    % {"teveel": teveel},
                )
        return gevonden

    def rijen(self, blok: Blok, kolommen: dict[str, int]) -> list[tuple[int, dict[str, str]]]:
        """The rows that are not empty, as (line, {column key: raw cell})."""
        assert blok.tabel is not None
        uit = []
        for regel, cellen in blok.tabel.rijen:
            rij = {k: cellen[i] if i < len(cellen) else "" for k, i in kolommen.items()}
            if any(not is_plaatshouder(c) for c in rij.values()):
                uit.append((regel, rij))
        return uit

    def keuze(self, ruw: str, opties: dict[str, str], regel: int, wat: str) -> str:
        """The ticked option ("[ ] Kritiek [x] Hoog"), or an option written as a word."""
        tekst = " ".join(ruw.split())
        if is_plaatshouder(tekst):
            return ""
        vakjes = list(_VAKJE.finditer(tekst))
        if vakjes:
            aangevinkt = [v for v in vakjes if v["teken"].strip().lower() in _VINK]
            # A remark anywhere in the cell ("[ ] H (na audit)", "(voorlopig) [x] Hoog") is
            # warned about, never dropped silently; the ticked one's remark is told below.
            opmerkingen = [tekst[: vakjes[0].start()].strip()]
            for v in vakjes:
                if aangevinkt and v is aangevinkt[0]:
                    continue
                waarde, rest = _optie(v["label"].strip(), opties)
                opmerkingen.append(rest if waarde is not None else v["label"].strip())
            for opmerking in filter(None, opmerkingen):
                self.waarschuw(
                    regel,
                    _("de opmerking '%(opmerking)s' bij %(wat)s is niet bewaard.")
                    % {"opmerking": opmerking, "wat": wat},
                )
            gekozen = [v["label"].strip() for v in aangevinkt]
            if not gekozen:
                return ""
            if len(gekozen) > 1:
                self.waarschuw(
                    regel,
                    _("bij %(wat)s is meer dan één vakje aangevinkt; %(gekozen)s is gekozen.")
                    % {"wat": wat, "gekozen": gekozen[0]},
                )
            tekst = gekozen[0]
        waarde, rest = _optie(tekst, opties)
        if waarde is None:
            self.waarschuw(
                regel,
                _("'%(tekst)s' is geen keuze voor %(wat)s; niets gekozen.")
                % {"tekst": tekst, "wat": wat},
            )
            return ""
        if rest:
            self.waarschuw(
                regel,
                _("de opmerking '%(rest)s' bij %(wat)s is niet bewaard.")
                % {"rest": rest, "wat": wat},
            )
        return waarde

    def baat_ref(self, ruw: str, regel: int) -> int | None:
        """A baat named by code ("B3") or by its name in section 1."""
        tekst = lees_tekst(ruw)
        nummer = baatnummer(tekst)
        if nummer is None:
            nummer = self.namen.get(vergelijkbaar(tekst))
        if nummer is None and tekst:
            self.fout(
                regel,
                _("'%(tekst)s' is geen baat uit sectie 1 (verwacht B1, B2, ...).")
                % {"tekst": tekst},
            )
        return nummer

    def niveau(self, tekst: str, regel: int, wat: str, baat: int | None) -> None:
        # Checked at the end (controleer_niveaus): the baat's unit may be stated later.
        if tekst:
            self.niveaus.append((tekst, regel, wat, baat))

    def datum(self, tekst: str, regel: int, wat: str) -> None:
        if tekst and notatie.parse_datum(tekst) is None:
            tekst = _("'%(tekst)s' (%(wat)s) is niet als datum te lezen; bewaard als tekst.") % {
                "tekst": tekst,
                "wat": wat,
            }
            # Told by its kind: the model's own "Onbekende datum" on this line is left out.
            self.waarschuwingen.append(Melding(regel, tekst, soort="datum"))

    # ---- the document

    def lees(self, markdown: str) -> None:
        kopgebied: list[Blok] = []
        secties: list[tuple[str | None, Blok, list[Blok]]] = []
        for blok in lees_blokken(markdown):
            if blok.soort == "setext":
                # Text over "---" without a blank line: a heading only if it names a section.
                blok.soort = "kop" if blok.niveau == 2 and _sectie(blok.tekst) else "alinea"
            if blok.soort == "kop" and blok.niveau <= 2:
                if blok.niveau == 1 and not secties:
                    continue  # the title
                secties.append((_sectie(blok.tekst), blok, []))
            elif secties:
                secties[-1][2].append(blok)
            else:
                kopgebied.append(blok)
        self.lees_kop(kopgebied)
        bekend: dict[str, tuple[Blok, list[Blok]]] = {}
        for index, (sectie, kop, inhoud) in enumerate(secties):
            if sectie is None:
                tot = secties[index + 1][1].regel - 1 if index + 1 < len(secties) else None
                self.bijlage(kop.regel, tot or len(self.regels), _("Deze sectie"))
            elif sectie in bekend:
                self.fout(
                    kop.regel,
                    _("%(sectienaam)s staat twee keer in het plan (ook op regel %(regel)s).")
                    % {"sectienaam": _SECTIENAAM[sectie], "regel": bekend[sectie][0].regel},
                )
            else:
                bekend[sectie] = (kop, inhoud)
        if "baten" not in bekend:
            self.fout(1, _("het plan mist sectie 1 (Baten Overzicht) met de tabel van de baten."))
            return
        self.plan.secties = [s for s in SECTIES if s in bekend]
        # Section 1 first: the others refer to its baten.
        for sectie in sorted(bekend, key=lambda s: s != "baten"):
            kop, inhoud = bekend[sectie]
            getattr(self, f"lees_{sectie}")(kop, inhoud)
        self.deel_metingcellen_in()
        self.controleer_niveaus()

    def lees_kop(self, blokken: list[Blok]) -> None:
        kop = self.plan.kop
        velden = {"programma": "naam", "versie": "versie", "datum": "datum"}
        velden["opsteller"] = "opsteller"
        for blok in blokken:
            if blok.soort != "alinea":
                if blok.soort != "lijn":
                    self.waarschuw(blok.regel, _("deze tekst boven sectie 1 wordt niet gelezen."))
                continue
            for n, regel in enumerate(blok.tekst.split("\n")):
                gelezen = lees_label(regel)
                if gelezen and gelezen[0] in velden:
                    setattr(kop, velden[gelezen[0]], lees_tekst(gelezen[1]))
                    kop.regels[velden[gelezen[0]]] = blok.regel + n
                elif regel.strip():
                    self.waarschuw(
                        blok.regel + n, _("deze regel boven sectie 1 wordt niet gelezen.")
                    )
        if not kop.naam:
            self.fout(
                kop.regels.get("naam", 1),
                _("de naam van het programma ontbreekt (verwacht **Programma:** naam)."),
            )
        self.datum(kop.datum, kop.regels.get("datum", 0), _("datum van het plan"))

    def lees_basis(self, kop: Blok, blokken: list[Blok]) -> None:
        self.plan.kop.thema = self.plan.kop.kernprincipe = ""
        for blok in blokken:
            if blok.soort == "alinea":
                for n, regel in enumerate(blok.tekst.split("\n")):
                    gelezen = lees_label(regel)
                    if gelezen and gelezen[0] in ("thema", "kernprincipe"):
                        setattr(self.plan.kop, gelezen[0], lees_tekst(gelezen[1]))
                    elif regel.strip():
                        self.waarschuw(blok.regel + n, _("deze regel wordt niet bewaard."))
            elif blok.soort == "citaat":
                if "baten realiseren is geen automatisme" not in vergelijkbaar(self.citaat(blok)):
                    self.waarschuw(blok.regel, _("dit citaat wordt niet bewaard."))
            elif blok.soort == "kop":
                self.tussenkop(blok)
            elif blok.soort != "lijn":
                self.waarschuw(blok.regel, _("deze tekst wordt niet bewaard."))

    def lees_baten(self, kop: Blok, blokken: list[Blok]) -> None:
        waar = _SECTIENAAM["baten"]
        tabel = next((b for b in blokken if b.soort == "tabel"), None)
        kapot = False
        for blok in blokken:
            gelezen = lees_label(blok.tekst) if blok.soort == "alinea" else None
            if blok is tabel or blok.soort == "lijn":
                continue
            if self.kapotte_tabel(blok, waar):
                kapot = True
            elif gelezen and gelezen[0] == "sectoren":
                self.lees_sectoren(gelezen[1], blok.regel)
            elif blok.soort == "kop":
                self.tussenkop(blok)
            else:
                self.toelichting("baten", blok, waar)
        if tabel is None:
            if not kapot:
                self.fout(kop.regel, _("%(waar)s heeft geen tabel met de baten.") % {"waar": waar})
            return
        kolommen = self.kolommen(tabel, _K_BATEN, waar)
        for regel, rij in self.rijen(tabel, kolommen) if kolommen else []:
            self.lees_baat(regel, rij)

    def lees_baat(self, regel: int, rij: dict[str, str]) -> None:
        tekst = lees_tekst(rij["nr"])
        nummer = baatnummer(tekst)
        if nummer is None or nummer < 1:
            wat = (
                _("'%(tekst)s' is geen baatnummer") % {"tekst": tekst}
                if tekst
                else _("deze baat heeft geen nummer")
            )
            self.fout(regel, _("%(wat)s (verwacht B1, B2, ...).") % {"wat": wat})
            return
        eerder = self.baten.get(nummer)
        if eerder is not None:
            self.fout(
                regel,
                _("er zijn twee baten met nummer B%(nummer)s (ook op regel %(regel)s).")
                % {"nummer": nummer, "regel": eerder.regel},
            )
            return
        baat = BaatData(
            nummer=nummer,
            naam=lees_tekst(rij["baat"]),
            eigenaar=lees_tekst(rij["eigenaar"]),
            sectoren=self.sectoren_uit(rij["sector"], regel),
            prioriteit=self.keuze(rij["prioriteit"], _PRIORITEITEN, regel, _("prioriteit")),
            regel=regel,
        )
        if not baat.naam:
            self.fout(regel, _("B%(nummer)s heeft geen naam.") % {"nummer": nummer})
        self.namen.setdefault(vergelijkbaar(baat.naam), nummer)
        self.plan.baten.append(baat)
        self.baten[nummer] = baat

    def lees_sectoren(self, ruw: str, regel: int) -> None:
        sectoren: list[SectorData] = []
        for deel in re.split(r"[,;]", lees_tekst(ruw)):
            treffer = re.fullmatch(r"\s*([A-Za-z0-9-]{1,12})\s*(?:\((.*)\))?\s*", deel)
            if treffer is None:
                if deel.strip():
                    self.waarschuw(
                        regel,
                        _("'%(deel)s' is geen sector (verwacht CODE (naam)).")
                        % {"deel": deel.strip()},
                    )
                continue
            code = treffer[1].upper()
            if code not in {s.code for s in sectoren}:
                sectoren.append(SectorData(code=code, naam=(treffer[2] or "").strip(), regel=regel))
        self.plan.sectoren = sectoren
        self.codes = [s.code for s in sectoren]
        self.sectornamen |= {s.naam: s.code for s in sectoren if s.naam}

    def sectoren_uit(self, ruw: str, regel: int) -> list[str]:
        for opmerking in re.findall(r"\([^()]*\)", lees_tekst(ruw)):
            self.waarschuw(
                regel,
                _("de opmerking '%(opmerking)s' bij de sector is niet bewaard.")
                % {"opmerking": opmerking},
            )
        tekst = re.sub(r"\([^()]*\)", " ", lees_tekst(ruw))
        if vergelijkbaar(tekst) in ("alle", "alle sectoren", "allemaal"):
            return list(self.codes)
        for naam, code in self.sectornamen.items():
            tekst = re.sub(rf"\b{re.escape(naam)}\b", code, tekst, flags=re.IGNORECASE)
        codes: list[str] = []
        for deel in re.split(r"[\s/,;+&]+|\ben\b", tekst):
            if deel and (deel.upper() in self.codes or re.fullmatch(r"[A-Z][A-Z0-9]{0,11}", deel)):
                codes += [deel.upper()] if deel.upper() not in codes else []
            elif deel:
                self.waarschuw(
                    regel,
                    _("'%(deel)s' is geen sectorcode (zoals PO, VO of ZAK); niet bewaard.")
                    % {"deel": deel},
                )
        return codes

    def lees_cycli(self, kop: Blok, blokken: list[Blok]) -> None:
        waar = _SECTIENAAM["cycli"]
        voor, delen = _per_kop(blokken)
        for blok in voor:
            if blok.soort != "lijn" and not self.kapotte_tabel(blok, waar):
                self.toelichting("cycli", blok, waar)
        nummers: dict[int, int] = {}
        for kopblok, inhoud, eind in delen:
            treffer = re.match(r"\W*cyclus\s*(\d{1,4})\b\s*[:.–-]?\s*(.*)", kopblok.tekst, re.I)
            if treffer is None:
                self.bijlage(kopblok.regel, eind, _("Deze paragraaf"))
                continue
            nummer = int(treffer[1])
            if nummer in nummers:
                self.fout(
                    kopblok.regel,
                    _("er zijn twee cycli met nummer %(nummer)s (ook op regel %(nummers)s).")
                    % {"nummer": nummer, "nummers": nummers[nummer]},
                )
                continue
            nummers[nummer] = kopblok.regel
            naam, periode = naam_en_periode(treffer[2])
            cyclus = CyclusData(nummer=nummer, naam=naam, periode=periode, regel=kopblok.regel)
            if periode and notatie.parse_periode(periode) is None:
                self.waarschuw(
                    kopblok.regel,
                    _("'%(periode)s' (periode) is niet als periode te lezen; bewaard als tekst.")
                    % {"periode": periode},
                )
            for blok in inhoud:
                if blok.soort == "tabel":
                    self.lees_cyclustabel(cyclus, blok)
                elif blok.soort != "lijn" and not self.kapotte_tabel(blok, waar):
                    self.toelichting("cycli", blok, waar)
            # A cycle with nothing filled in is the template's empty example, not a cycle.
            if cyclus.naam or cyclus.periode or cyclus.doelen:
                self.plan.cycli.append(cyclus)

    def lees_cyclustabel(self, cyclus: CyclusData, blok: Blok) -> None:
        kolommen = self.kolommen(blok, _K_CYCLUS, _("cyclus %(n)s") % {"n": cyclus.nummer})
        for regel, rij in self.rijen(blok, kolommen) if kolommen else []:
            doel = CyclusDoelData(
                baat=0,
                startniveau=lees_tekst(rij["start"]),
                doelniveau=lees_tekst(rij["doel"]),
                indicator=lees_tekst(rij["indicator"]),
                meetmoment=lees_tekst(rij["meetmoment"]),
                regel=regel,
            )
            if not (doel.startniveau or doel.doelniveau or doel.indicator or doel.meetmoment):
                continue  # the template's empty "| B1 | | | | |"
            nummer = self.baat_ref(rij["baat"], regel)
            if nummer is None:
                if not lees_tekst(rij["baat"]):
                    self.fout(regel, _("deze rij noemt geen baat (verwacht B1, B2, ...)."))
                continue
            doel.baat = nummer
            self.niveau(doel.startniveau, regel, _("startniveau"), nummer)
            self.niveau(doel.doelniveau, regel, _("doelniveau"), nummer)
            self.datum(doel.meetmoment, regel, _("meetmoment"))
            cyclus.doelen.append(doel)

    def lees_roadmap(self, kop: Blok, blokken: list[Blok]) -> None:
        waar = _SECTIENAAM["roadmap"]
        grid = next((b for b in blokken if b.soort == "code"), None)
        for blok in blokken:
            gelezen = lees_label(blok.tekst) if blok.soort == "alinea" else None
            legenda = blok.soort == "lijst" and all(
                vergelijkbaar(i.tekst).split(" ")[0] in _FASEN for i in blok.items
            )
            if blok is grid or blok.soort == "lijn" or legenda:
                continue
            if gelezen and gelezen[0].startswith("start"):
                self.lees_start(gelezen[1], blok.regel)
            elif gelezen and gelezen[0] == "legenda" and not gelezen[1]:
                continue
            elif blok.soort == "kop":
                self.tussenkop(blok)
            else:
                self.toelichting("roadmap", blok, waar)
        if grid is None:
            self.plan.secties.remove("roadmap")
            self.waarschuw(
                kop.regel,
                _(
                    "%(waar)s heeft geen roadmap in een codeblok (```); de roadmap blijft "
                    "zoals hij was."
                )
                % {"waar": waar},
            )
            return
        self.lees_grid(grid)

    def lees_start(self, ruw: str, regel: int) -> None:
        periode = notatie.parse_periode(lees_tekst(ruw))
        if periode is None:
            self.waarschuw(
                regel, _("'%(ruw)s' is niet als kwartaal te lezen.") % {"ruw": lees_tekst(ruw)}
            )
        else:
            self.plan.start_jaar, self.plan.start_kwartaal = notatie.kwartaal_van(periode[0])

    def lees_grid(self, blok: Blok) -> None:
        labels = langste = 0
        baten = {b.nummer: b for b in self.plan.baten}
        gezien: dict[int, int] = {}
        for n, tekst in enumerate(blok.tekst.split("\n")):
            regel = blok.regel + 1 + n
            rij = re.match(r"\s*(?:\*\*)?\s*B\s*(\d{1,5})\b", tekst, re.IGNORECASE)
            if rij is None:
                kwartalen = [int(q) for q in re.findall(r"\bQ\s*(\d{1,3})\b", tekst, re.I)]
                if kwartalen:
                    labels = max(labels, *kwartalen)
                elif not set(tekst) <= _RAND:
                    self.waarschuw(regel, _("deze regel van de roadmap is niet te lezen."))
                continue
            nummer = int(rij[1])
            cellen = rastercellen(tekst[rij.end() :])
            langste = max(langste, len(cellen))
            if nummer in gezien:
                self.fout(
                    regel,
                    _("B%(nummer)s staat twee keer in de roadmap (ook op regel %(gezien)s).")
                    % {"nummer": nummer, "gezien": gezien[nummer]},
                )
                continue
            gezien[nummer] = regel
            if nummer not in baten:
                self.fout(
                    regel,
                    _("de roadmap noemt B%(nummer)s, die niet in sectie 1 staat.")
                    % {"nummer": nummer},
                )
                continue
            for kwartaal, cel in enumerate(cellen, start=1):
                if vergelijkbaar(cel) in _FASEN:
                    baten[nummer].roadmap[kwartaal] = _FASEN[vergelijkbaar(cel)]
                elif cel:
                    self.waarschuw(
                        regel,
                        _(
                            "'%(cel)s' in Q%(kwartaal)s van B%(nummer)s is geen fase (Basis, "
                            "Groei, Target of Borging); niet bewaard."
                        )
                        % {"cel": cel, "kwartaal": kwartaal, "nummer": nummer},
                    )
        self.plan.aantal_kwartalen = max(labels, langste) or 6

    def lees_details(self, kop: Blok, blokken: list[Blok]) -> None:
        waar = _SECTIENAAM["details"]
        baten = {b.nummer: b for b in self.plan.baten}
        voor, delen = _per_kop(blokken)
        self.lees_baatblok(None, voor, waar)
        gezien: dict[int, int] = {}
        for kopblok, inhoud, eind in delen:
            treffer = re.match(
                r"\W*(?:baat\s*|b\s*)(\d{1,5})\b\s*[:.–-]?\s*(.*)", kopblok.tekst, re.I
            )
            if treffer is None:
                self.bijlage(kopblok.regel, eind, _("Deze paragraaf"))
                continue
            nummer = int(treffer[1])
            if nummer in gezien or nummer not in baten:
                self.fout(
                    kopblok.regel,
                    (
                        _("B%(nummer)s heeft twee blokken in sectie 4 (ook op regel %(gezien)s).")
                        % {"nummer": nummer, "gezien": gezien[nummer]}
                        if nummer in gezien
                        else _("sectie 4 noemt Baat %(nummer)s, die niet in sectie 1 staat.")
                        % {"nummer": nummer}
                    ),
                )
                continue
            gezien[nummer] = kopblok.regel
            naam = lees_tekst(treffer[2])
            if naam and vergelijkbaar(naam) != vergelijkbaar(baten[nummer].naam):
                self.waarschuw(
                    kopblok.regel,
                    _(
                        "de naam '%(naam)s' wijkt af van sectie 1 ('%(naam2)s'); die van "
                        "sectie 1 geldt."
                    )
                    % {"naam": naam, "naam2": baten[nummer].naam},
                )
            self.lees_baatblok(baten[nummer], inhoud, waar)
        for baat in self.plan.baten:
            if baat.nummer not in self.expliciete_eenheid:
                baat.eenheid = eenheid_van(baat.nulmeting, baat.target)
        # The order of the programme's vermogens and inspanningen: by the numbers the lists
        # give them (the writer numbers them programme-wide), then by first appearance.
        for soort in ("vermogens", "inspanningen"):
            lijst: list[Any] = getattr(self.plan, soort)
            lijst.sort(key=lambda r, s=soort: self.volgnummers.get((s, r.omschrijving), 10**6))

    def lees_baatblok(self, baat: BaatData | None, blokken: list[Blok], waar: str) -> None:
        context = ""
        for blok in blokken:
            if blok.soort == "lijn" or self.kapotte_tabel(blok, waar):
                continue
            if blok.soort in ("alinea", "kop"):
                rest: list[tuple[int, str]] = []
                regels = [f"{blok.tekst}:"] if blok.soort == "kop" else blok.tekst.split("\n")
                for n, regel in enumerate(regels):
                    gelezen = lees_label(regel)
                    s, waarde = gelezen or ("", "")
                    nieuw = next(
                        (c for k, c in _DETAILKOPPEN if s == k or s.startswith(k + " ")), ""
                    )
                    if nieuw:
                        context = nieuw
                    veld = _detailveld(s, context) or {"nulmeting": "nulmeting"}.get(s, "")
                    if nieuw and not is_plaatshouder(waarde):
                        if context in ("vermogens", "inspanningen"):
                            self.item(baat, context, waarde, blok.regel + n, [])
                        elif baat and nieuw in ("nulmeting", "doel"):
                            veld = "nulmeting" if nieuw == "nulmeting" else "target"
                            self.veld(baat, veld, waarde, blok.regel + n)
                    elif not nieuw and veld and baat:
                        self.veld(baat, veld, waarde, blok.regel + n)
                    elif context in ("vermogens", "inspanningen") and (
                        lijstregel := re.match(r"\s*(\d{1,4})[.)]\s+(.*)", regel)
                    ):
                        # A list that starts at 2 or later cannot interrupt a paragraph.
                        nummer = int(lijstregel[1])
                        self.item(baat, context, lijstregel[2], blok.regel + n, [], nummer)
                    elif not nieuw and not is_plaatshouder(regel):
                        rest.append((blok.regel + n, regel))
                if rest:
                    self.los(baat, blok, "\n".join(r for _, r in rest), rest[0][0], waar)
            elif blok.soort == "lijst":
                for item in blok.items:
                    gelezen = lees_label(item.tekst)
                    veld = _detailveld(gelezen[0], context) if gelezen else ""
                    if context in ("vermogens", "inspanningen"):
                        self.item(baat, context, item.tekst, item.regel, item.sub, item.nummer)
                    elif veld and baat and gelezen:
                        self.veld(baat, veld, gelezen[1], item.regel)
                    elif not is_plaatshouder(item.tekst):
                        self.los(baat, blok, item.tekst, item.regel, waar)
            elif blok.soort == "tabel":
                koppen = {vergelijkbaar(k) for k in blok.tabel.kop} if blok.tabel else set()
                if "risico" in koppen or (context == "risicos" and "datum" not in koppen):
                    self.lees_risicos(baat, blok)
                else:
                    self.lees_meetmomenten(baat, blok)
            elif blok.soort == "citaat" and baat is not None:
                tekst = self.citaat(blok)
                baat.toelichting = f"{baat.toelichting}\n\n{tekst}" if baat.toelichting else tekst
            else:
                self.los(baat, blok, self.ruw(blok.regel, blok.eind), blok.regel, waar)

    def los(self, baat: BaatData | None, blok: Blok, tekst: str, regel: int, waar: str) -> None:
        """Loose text in section 4: the baat's toelichting, or the section's."""
        if baat is None:
            self.toelichting("details", blok, waar)
            return
        tekst = ontsnap_terug(tekst.strip())
        baat.toelichting = f"{baat.toelichting}\n\n{tekst}" if baat.toelichting else tekst
        self.waarschuw(
            regel,
            _("losse tekst bij B%(nummer)s is bewaard als toelichting.") % {"nummer": baat.nummer},
        )

    def veld(self, baat: BaatData, veld: str, ruw: str, regel: int) -> None:
        tekst = lees_tekst(ruw)
        setattr(baat, veld, tekst)
        baat.regels[veld] = regel
        if veld == "eenheid":
            self.expliciete_eenheid.add(baat.nummer)
        elif veld in ("nulmeting", "target"):
            self.niveau(tekst, regel, _VELDNAAM[veld], baat.nummer)
        elif veld in ("nulmeting_datum", "deadline"):
            self.datum(tekst, regel, _VELDNAAM[veld])

    def item(
        self,
        baat: BaatData | None,
        soort: str,
        ruw: str,
        regel: int,
        sub: list[Item],
        nummer: int | None = None,
    ) -> None:
        tekst = lees_tekst(ruw)
        if not tekst:
            return
        if nummer is not None:
            oud = self.volgnummers.get((soort, tekst), nummer)
            self.volgnummers[(soort, tekst)] = min(oud, nummer)
        lijst: list[Any] = self.plan.vermogens if soort == "vermogens" else self.plan.inspanningen
        # Looked up by text, not searched for: a list of thousands stays linear.
        rij = self.items.get((soort, tekst))
        if rij is None:
            rij = (VermogenData if soort == "vermogens" else InspanningData)(tekst, regel=regel)
            lijst.append(rij)
            self.items[(soort, tekst)] = rij
        if baat is not None and baat.nummer not in rij.baten:
            rij.baten.append(baat.nummer)
        for item in sub:
            gelezen = lees_label(item.tekst)
            if soort == "inspanningen" and gelezen and gelezen[0] == "vermogen":
                vermogen = lees_tekst(gelezen[1])
                if vermogen and vermogen not in rij.vermogens:
                    rij.vermogens.append(vermogen)
            elif gelezen and (gelezen[0] == "domein" or (soort, gelezen[0]) == _STATUSLABEL):
                self.kenmerk(rij, gelezen[0], lees_tekst(gelezen[1]), item.regel)
            elif not is_plaatshouder(item.tekst):
                wat = _("'- Vermogen: ...', '- Domein: ...' en '- Status: ...'")
                if soort == "vermogens":
                    wat = "'- Domein: ...'"
                self.waarschuw(
                    item.regel,
                    _("onder een %(soort)s wordt alleen %(wat)s gelezen; deze regel niet.")
                    % {"soort": _(soort[:-2]), "wat": wat},
                )

    def kenmerk(self, rij: Any, naam: str, tekst: str, regel: int) -> None:
        """A vermogen's or inspanning's domein, or an inspanning's status (the benefits
        map): one of its choices, written as a word; the same wherever the row is listed."""
        opties = _DOMEINEN if naam == "domein" else _INSPANNING_STATUSSEN
        soort = Domein if naam == "domein" else InspanningStatus
        if is_plaatshouder(tekst) or not tekst:
            return
        waarde = opties.get(vergelijkbaar(tekst))
        if waarde is None:
            with translation.override("nl"):  # as the file writes them
                keuzes = ", ".join(str(k.label) for k in soort)
            self.waarschuw(
                regel,
                _("'%(tekst)s' is geen %(naam)s (verwacht %(keuzes)s); niet bewaard.")
                % {"tekst": tekst, "naam": _(naam), "keuzes": keuzes},
            )
            return
        oud = getattr(rij, naam)
        if oud and oud != waarde:
            self.waarschuw(
                regel,
                _(
                    "'%(omschrijving)s' heeft elders %(naam)s %(oud)s; hier %(waarde)s, dat "
                    "geldt nu."
                )
                % {"omschrijving": rij.omschrijving, "naam": _(naam), "oud": oud, "waarde": waarde},
            )
        setattr(rij, naam, waarde)

    def lees_doelen(self, kop: Blok, blokken: list[Blok]) -> None:
        """The programme's goals (the benefits map): a table Nr | Doel | Omschrijving | Baten,
        after the header. Optional: a plan without it leaves the stored doelen alone."""
        self.plan.doelen = []
        for blok in blokken:
            if blok.soort == "tabel":
                kolommen = self.kolommen(blok, _K_DOEL, _SECTIENAAM["doelen"])
                for regel, rij in self.rijen(blok, kolommen) if kolommen else []:
                    self.lees_doel(regel, rij)
            elif blok.soort not in ("lijn",) and not self.kapotte_tabel(
                blok, _SECTIENAAM["doelen"]
            ):
                self.waarschuw(
                    blok.regel, _("tekst bij de doelen buiten de tabel wordt niet bewaard.")
                )

    def lees_doel(self, regel: int, rij: dict[str, str]) -> None:
        code = lees_tekst(rij["nr"])
        naam = lees_tekst(rij["doel"])
        if not code and not naam:
            return
        treffer = re.fullmatch(r"[Dd]?\s*(\d{1,4})", code)
        gebruikt = {d.nummer for d in self.plan.doelen or []}
        if treffer:
            nummer = int(treffer[1])
        else:
            nummer = max(gebruikt, default=0) + 1
            if code:
                self.waarschuw(
                    regel,
                    _("'%(code)s' is geen doelnummer (D1, D2, ...); D%(nummer)s.")
                    % {"code": code, "nummer": nummer},
                )
        if not naam:
            self.fout(regel, _("D%(nummer)s heeft geen naam.") % {"nummer": nummer})
        baten = []
        delen = re.split(r"[,;/]|\ben\b", lees_tekst(rij.get("baten", "")))
        for deel in (d for d in delen if d.strip() and not is_plaatshouder(d.strip())):
            baat = self.baat_ref(deel, regel)
            if baat is not None and baat not in {b.nummer for b in self.plan.baten}:
                # Tolerant: a baat renumbered or removed in section 1 loses its link to the
                # doel, and the plan is still read.
                self.waarschuw(
                    regel,
                    _("B%(baat)s staat niet in sectie 1; D%(nummer)s is er niet aan gekoppeld.")
                    % {"baat": baat, "nummer": nummer},
                )
            elif baat is not None and baat not in baten:
                baten.append(baat)
        assert self.plan.doelen is not None
        self.plan.doelen.append(
            DoelData(nummer, naam, lees_tekst(rij.get("omschrijving", "")), baten, regel=regel)
        )

    def lees_risicos(self, baat: BaatData | None, blok: Blok) -> None:
        if baat is None:
            self.fout(blok.regel, _("deze tabel met risico's staat niet onder een baat."))
            return
        kolommen = self.kolommen(blok, _K_RISICO, _("de risico's van B%(n)s") % {"n": baat.nummer})
        for regel, rij in self.rijen(blok, kolommen) if kolommen else []:
            risico = RisicoData(
                baat=baat.nummer,
                omschrijving=lees_tekst(rij["risico"]),
                kans=self.keuze(rij["kans"], _KANSEN, regel, _("kans")),
                impact=self.keuze(rij["impact"], _KANSEN, regel, _("impact")),
                mitigatie=lees_tekst(rij["mitigatie"]),
                regel=regel,
            )
            if risico.omschrijving or risico.kans or risico.impact or risico.mitigatie:
                self.plan.risicos.append(risico)

    def lees_meetmomenten(self, baat: BaatData | None, blok: Blok) -> None:
        if baat is None:
            self.fout(blok.regel, _("deze tabel staat niet onder een baat."))
            return
        kolommen = self.kolommen(
            blok, _K_MEET, _("de meetmomenten van B%(n)s") % {"n": baat.nummer}
        )
        for regel, rij in self.rijen(blok, kolommen) if kolommen else []:
            meetmoment = MeetmomentData(
                baat=baat.nummer,
                datum=lees_tekst(rij["datum"]),
                verwacht_niveau=lees_tekst(rij["verwacht"]),
                toelichting=lees_tekst(rij.get("toelichting", "")),
                regel=regel,
            )
            meting, meetdatum = _meting_en_meetdatum(lees_tekst(rij["meting"]))
            if "meetdatum" in rij:
                meetdatum = lees_tekst(rij["meetdatum"]) or meetdatum or ""
            if meetdatum is not None:
                meetmoment.meetdatum = meetdatum
                self.datum(meetdatum, regel, _("gemeten op"))
            if "omschrijving" in rij:
                meetmoment.omschrijving = lees_tekst(rij["omschrijving"])
                meetmoment.meting = meting
                self.plan.metingcellen["metingen"] += bool(meting)
                self.niveau(meting, regel, _("meting"), baat.nummer)
            elif meting:
                # Meting or omschrijving: decided once the baat's scale is known (`lees`).
                self.metingcellen.append((meetmoment, meting))
            self.datum(meetmoment.datum, regel, _("datum meetmoment"))
            self.niveau(meetmoment.verwacht_niveau, regel, _("verwacht niveau"), baat.nummer)
            self.plan.meetmomenten.append(meetmoment)

    def deel_metingcellen_in(self) -> None:
        """The Meting column of the template's three columns as domain rule 0 reads it."""
        baten = {b.nummer: b for b in self.plan.baten}
        for meetmoment, meting in self.metingcellen:
            baat = baten[meetmoment.baat]
            if is_meting(meting, schaal(baat.nulmeting, baat.target, baat.eenheid)):
                meetmoment.meting = meting
                self.plan.metingcellen["metingen"] += 1
                self.niveau(meting, meetmoment.regel, _("meting"), baat.nummer)
            else:
                meetmoment.omschrijving = meting
                self.plan.metingcellen["omschrijvingen"] += 1

    def controleer_niveaus(self) -> None:
        """Every level read with its baat's unit, once the units are known (rule 0)."""
        baten = {b.nummer: b for b in self.plan.baten}
        for tekst, regel, wat, nummer in self.niveaus:
            baat = baten.get(nummer) if nummer is not None else None
            eenheid = baat.eenheid if baat is not None else ""
            getal = notatie.parse_niveau(tekst, eenheid)
            if notatie.is_dubbelzinnig(tekst):
                if getal is None:
                    uitleg = (
                        _("geen van de getallen draagt de eenheid '%(eenheid)s'")
                        % {"eenheid": eenheid}
                        if eenheid
                        else _("de baat heeft geen eenheid")
                    )
                    self.waarschuw(
                        regel,
                        _(
                            "'%(tekst)s' (%(wat)s) noemt meer dan één getal of niveau en "
                            "%(uitleg)s; bewaard als tekst zonder getal, het niveau telt als "
                            "kwalitatief."
                        )
                        % {"tekst": tekst, "wat": wat, "uitleg": uitleg},
                    )
                else:
                    self.waarschuw(
                        regel,
                        _(
                            "'%(tekst)s' (%(wat)s) noemt meer dan één getal of niveau; alleen"
                            " %(format_getal)s draagt de eenheid '%(eenheid)s' en telt als "
                            "het niveau. De tekst is bewaard."
                        )
                        % {
                            "tekst": tekst,
                            "wat": wat,
                            "format_getal": notatie.format_getal(getal),
                            "eenheid": eenheid,
                        },
                    )
            elif getal is None and (
                baat is None or schaal(baat.nulmeting, baat.target, eenheid) != "kwalitatief"
            ):
                # In a qualitative baat (nulmeting and target without a number) a level
                # without one is what the plan means, not something to warn about.
                self.waarschuw(
                    regel,
                    _(
                        "'%(tekst)s' (%(wat)s) bevat geen eenduidig getal; bewaard als tekst,"
                        " het niveau telt als kwalitatief."
                    )
                    % {"tekst": tekst, "wat": wat},
                )
            for opmerking in notatie.getallen_in_opmerkingen(tekst):
                self.waarschuw(
                    regel,
                    _(
                        "de opmerking '%(opmerking)s' bij '%(tekst)s' (%(wat)s) is een "
                        "notitie: haar getal telt niet als het niveau. De tekst is bewaard."
                    )
                    % {"opmerking": opmerking, "tekst": tekst, "wat": wat},
                )

    def lees_afhankelijkheden(self, kop: Blok, blokken: list[Blok]) -> None:
        for blok in blokken:
            self.tabel_of_toelichting(blok, "afhankelijkheden", _K_AFH, self.lees_afhankelijkheid)

    def tabel_of_toelichting(
        self,
        blok: Blok,
        sectie: str,
        koppen: list[_Kolom],
        lees_rij: Callable[[int, dict[str, str]], None],
    ) -> None:
        """A block of a section that holds one table: its rows, a subheading, or the
        section's toelichting (what programme offices write around the table)."""
        waar = _SECTIENAAM[sectie]
        if blok.soort == "tabel":
            kolommen = self.kolommen(blok, koppen, waar)
            for regel, rij in self.rijen(blok, kolommen) if kolommen else []:
                lees_rij(regel, rij)
        elif blok.soort == "kop":
            self.tussenkop(blok)
        elif blok.soort != "lijn" and not self.kapotte_tabel(blok, waar):
            self.toelichting(sectie, blok, waar)

    def lees_afhankelijkheid(self, regel: int, rij: dict[str, str]) -> None:
        impact = lees_tekst(rij["impact"])
        drempel = drempel_uit(impact)
        if "drempel" in rij:
            tekst = lees_tekst(rij["drempel"])
            treffer = re.fullmatch(r"([+-]?\d+(?:[.,]\d+)?)\s*%?", tekst)
            drempel = als_procent(treffer[1]) if treffer else None
            if tekst and treffer is None:
                self.waarschuw(
                    regel,
                    _("'%(tekst)s' is geen drempel (verwacht bijvoorbeeld 50%%).")
                    % {"tekst": tekst},
                )
        van, extern = van_uit(lees_tekst(rij["van"]))
        delen = [d for d in re.split(r"[,;]|\ben\b", lees_tekst(rij["baat"])) if d.strip()]
        if not delen:
            self.fout(regel, _("deze afhankelijkheid noemt geen baat (verwacht B1, B2, ...)."))
        elif len(delen) > 1:
            self.waarschuw(regel, _("deze rij noemt meer baten; elke baat krijgt een eigen rij."))
        for deel in delen:
            nummer = self.baat_ref(deel, regel)
            if nummer is not None:
                self.plan.afhankelijkheden.append(
                    AfhankelijkheidData(
                        baat=nummer,
                        van=list(van),
                        extern=extern,
                        type=lees_tekst(rij["type"]),
                        drempel=drempel,
                        impact_op_planning=impact,
                        regel=regel,
                    )
                )

    def lees_monitoring(self, kop: Blok, blokken: list[Blok]) -> None:
        for blok in blokken:
            gelezen = lees_label(blok.tekst) if blok.soort == "alinea" else None
            if gelezen and gelezen[0].startswith("frequentie"):
                self.plan.frequentie = self.keuze(
                    gelezen[1], _FREQUENTIES, blok.regel, _("frequentie")
                )
            elif not (gelezen and gelezen[0].startswith("stuurparameters") and not gelezen[1]):
                self.tabel_of_toelichting(blok, "monitoring", _K_STUUR, self.lees_stuurparameter)

    def lees_stuurparameter(self, regel: int, rij: dict[str, str]) -> None:
        naam = lees_tekst(rij["parameter"])
        parameter = _PARAMETERS.get(vergelijkbaar(naam))
        if parameter is None:
            self.waarschuw(
                regel,
                _(
                    "'%(naam)s' is geen stuurparameter (Doeltreffendheid, Tempo, "
                    "Haalbaarheid, Wendbaarheid, Efficiëntie); niet bewaard."
                )
                % {"naam": naam},
            )
            return
        self.plan.stuurparameters.append(
            StuurparameterData(
                parameter=parameter,
                norm=lees_tekst(rij["norm"]),
                status=self.keuze(rij["status"], _STATUSSEN, regel, _("status")),
                actie=lees_tekst(rij["actie"]),
                regel=regel,
            )
        )

    def lees_escalatie(self, kop: Blok, blokken: list[Blok]) -> None:
        plan = self.plan
        plan.escaleer_bij_achterstand = plan.escaleer_bij_commitment = False
        plan.escaleer_bij_externe_factor = plan.escaleer_bij_conflict = False
        for blok in blokken:
            gelezen = lees_label(blok.tekst) if blok.soort == "alinea" else None
            if blok.soort == "lijst":
                for item in blok.items:
                    self.lees_criterium(item)
            elif (gelezen and gelezen[0].startswith("wanneer") and not gelezen[1]) or (
                blok.soort == "alinea"
                and vergelijkbaar(blok.tekst).startswith("template gebaseerd")
            ):
                continue  # the template's own words
            elif blok.soort == "kop":
                self.tussenkop(blok)
            elif blok.soort != "lijn":
                self.toelichting("escalatie", blok, _SECTIENAAM["escalatie"])

    def lees_criterium(self, item: Item) -> None:
        vakje = _VAKJE.match(item.tekst.strip())
        # A criterion listed without a box counts as chosen.
        aan = vakje is None or vakje["teken"].strip().lower() in _VINK
        tekst = (vakje["label"] if vakje else item.tekst).strip()
        s = vergelijkbaar(tekst)
        if "achter" in s:
            self.plan.escaleer_bij_achterstand = aan
            procent = re.search(GETAL_PROCENT, tekst)
            waarde = als_procent(procent[1]) if procent else None
            if waarde is None:
                self.waarschuw(
                    item.regel, _("bij 'loopt achter' staat geen percentage; 20%% aangenomen.") % {}
                )
            self.plan.escalatie_drempel = Decimal(20) if waarde is None else waarde
        elif "commitment" in s:
            self.plan.escaleer_bij_commitment = aan
        elif "extern" in s:
            self.plan.escaleer_bij_externe_factor = aan
        elif "conflict" in s:
            self.plan.escaleer_bij_conflict = aan
        elif s:
            self.waarschuw(
                item.regel,
                _("'%(tekst)s' is geen escalatiecriterium van het sjabloon; niet bewaard.")
                % {"tekst": tekst},
            )


# "7,2 (gemeten 20 augustus 2026)": the day it was measured, written beside the meting.
_GEMETEN = re.compile(r"\s*\(\s*gemeten(?:\s+op)?:?\s+(?P<datum>[^()]+?)\s*\)\s*$", re.IGNORECASE)


def _meting_en_meetdatum(tekst: str) -> tuple[str, str | None]:
    """A Meting cell as (meting, the day it was measured if the cell says so)."""
    treffer = _GEMETEN.search(tekst)
    if treffer is None or notatie.parse_datum(treffer["datum"]) is None:
        return tekst, None
    return tekst[: treffer.start()].strip(), treffer["datum"]


def _detailveld(label: str, context: str) -> str:
    if label == "datum":
        return "deadline" if context == "doel" else "nulmeting_datum"
    return _DETAILVELDEN.get(label, "")


def lees_markdown(tekst: str, *, vandaag: date | None = None) -> Resultaat:
    """Read a filled-in template; bad input is reported, never raised."""
    tekst = tekst.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lezer = _Lezer(tekst, vandaag or vandaag_van_de_app())
    lezer.lees(tekst)
    lezer.waarschuwingen.sort(key=lambda m: m.regel)
    lezer.fouten.sort(key=lambda m: m.regel)
    return Resultaat(lezer.plan, lezer.waarschuwingen, lezer.fouten)


# Words the messages above take from the template's own names (translated where shown).
_WOORDEN = (
    gettext_noop("vermogen"),
    gettext_noop("inspanning"),
    gettext_noop("domein"),
    gettext_noop("status"),
)
