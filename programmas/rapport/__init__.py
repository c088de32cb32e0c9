"""The PDF report for the sponsorgroep: the plan and its dashboard, by WeasyPrint.

The cover shows the programme at a glance (`Oogopslag`: the verdict, the five lights, the
baten by how they stand, the decisions asked of the sponsorgroep); the summary separates
the decisions asked (open escalaties) from what is for information (warnings, overdue
metingen). Status colours are print-safe (RAPPORT_ROOD) and always carry their word.

The standard report is what a sponsorgroep reads: the dashboard, a page per baat with its
figures, its chart, its latest and overdue metingen and its risks, and the plan's sections
(section 2 as one baat x cycle table, the roadmap on landscape pages). The full report
(`volledig`) adds every meting and the cycle targets in detail as appendices (issue 13).

The charts are the figures of charts.py, drawn as SVG by svg.py (see docs/grafieken-in-pdf.md
for why not kaleido). A chart that cannot be drawn is replaced by a sentence saying so and the
cause is logged: the report as a whole never fails for a chart.
"""

from __future__ import annotations

import base64
import logging
import math
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import paginas, realisatie
from ..grafieken import charts, svg
from ..keuzes import Fase, Status
from ..models import Baat, Cyclus, CyclusDoel, Meetmoment, Programma
from ..toegang import Toegang
from ..vandaag import vandaag as vandaag_van_de_app

logger = logging.getLogger(__name__)

STIJL = "css/rapport.css"
# The text width of an A4 page with our margins (180 mm) in CSS pixels: charts drawn at
# this size need no scaling, so their letters have the size the layout asked for.
BREEDTE = 680
GEEN_GRAFIEK = gettext_lazy("De grafiek kon niet worden getekend; de cijfers staan in de tabel.")
# The class of the sentence in a chart's place: how the roadmap knows one failed, in any
# language.
GEEN_GRAFIEK_KLASSE = 'class="geen-grafiek"'


def teken(
    figuur: dict[str, Any] | None,
    wat: str,
    *,
    breedte: int = BREEDTE,
    hoogte: int | None = None,
) -> SafeString | None:
    """A chart as an SVG image; None when there is nothing to draw (a qualitative baat)."""
    if figuur is None:
        return None
    try:
        tekening = svg.svg(figuur, breedte=breedte, hoogte=hoogte)
    except Exception:
        logger.exception("Grafiek %s kon niet worden getekend", wat)
        return format_html('<p class="geen-grafiek">{}</p>', str(GEEN_GRAFIEK))
    # An image rather than inline <svg>: WeasyPrint lays it out twice as fast, and still
    # draws it as vectors with its words as text.
    data = base64.b64encode(tekening.encode()).decode()
    return format_html(
        '<img class="grafiek-beeld" alt="{}" src="data:image/svg+xml;base64,{}">', wat, data
    )


# The latest metingen a baat's page lists; the overdue ones and the next planned one come
# with them. Every meting is in the full report's appendix and in the Excel export.
LAATSTE = 3
# The text area of a landscape A4 page (267 x 172 mm) in CSS pixels: the roadmap's page.
LIGGEND_BREEDTE = 1000
# Baten per roadmap chart, so that each chart with its quarters and legend fits one
# landscape page (a chart is an image: it cannot break across pages).
ROADMAP_RIJEN = 14
ROADMAP_RIJHOOGTE = 33  # px per baat: the planned fase's word fits its bar at 8 px
ROADMAP_RAND = 110  # px for the quarters above, the legend and "vandaag" below
ROADMAP_NAAM = 48  # characters of a baat's name in the chart; section 1 has them whole
# The roadmap's letters as a share of the web page's: A4 is narrower than a screen.
ROADMAP_LETTER = 0.72
# Quarters whose calendar label still fits under Q1, Q2, ... on the landscape page.
ROADMAP_MET_LABEL = 16
TRAJECT_HOOGTE = 200


@dataclass
class BaatPagina:
    """A baat's page: the figures of paginas, its chart, and the metingen it lists."""

    regel: paginas.BaatRegel
    traject: SafeString | None
    metingen: list[Meetmoment]  # the latest, the overdue and the next planned, in order
    eerdere: int  # metingen of this baat the page leaves to the full report
    achterstallig: list[Meetmoment]  # of those listed, the overdue ones (all there are)

    @property
    def baat(self) -> Baat:
        return self.regel.baat


@dataclass
class CyclusRij:
    regel: paginas.BaatRegel
    cellen: list[tuple[CyclusDoel, Any] | None]  # per cycle: its target and realisatie


def baat_paginas(
    programma: Programma, regels: list[paginas.BaatRegel], vandaag: date
) -> list[BaatPagina]:
    """Per baat what its page lists, in two queries whatever the number of metingen: their
    figure data, then the rows shown."""
    data = Meetmoment.objects.filter(baat__programma=programma).figuurdata()
    keuze = {
        baat_id: realisatie.overzicht([m for _, m in rijen], vandaag, laatste=LAATSTE)
        for baat_id, rijen in data.items()
    }
    pks = {data[baat_id][i][0] for baat_id, o in keuze.items() for i in o.posities}
    getoond: dict[int, list[Meetmoment]] = {}
    for m in Meetmoment.objects.filter(pk__in=pks).select_related("gemeten_door"):
        getoond.setdefault(m.baat_id, []).append(m)
    return [
        BaatPagina(
            regel,
            teken(
                regel.traject_json(vandaag),
                _("traject %(code)s") % {"code": regel.baat.code},
                hoogte=TRAJECT_HOOGTE,
            ),
            metingen,
            keuze[regel.baat.pk].eerdere if regel.baat.pk in keuze else 0,
            [m for m in metingen if m.is_achterstallig(vandaag)],
        )
        for regel in regels
        for metingen in [getoond.get(regel.baat.pk, [])]
    ]


def cyclus_matrix(
    cycli: list[tuple[Cyclus, list[tuple[CyclusDoel, Any]]]], regels: list[paginas.BaatRegel]
) -> list[CyclusRij]:
    """Section 2 as one table: a row per baat, a column per cycle, in each cell the baat's
    target of that cycle and its realisatie (from the plan page's figures)."""
    per_baat: dict[int, list[tuple[CyclusDoel, Any] | None]] = {}
    for i, (_cyclus, doelen) in enumerate(cycli):
        for doel, waarde in doelen:
            per_baat.setdefault(doel.baat_id, [None] * len(cycli))[i] = (doel, waarde)
    return [CyclusRij(r, per_baat.get(r.baat.pk) or [None] * len(cycli)) for r in regels]


def _kort(tekst: str, lengte: int) -> str:
    return tekst if len(tekst) <= lengte else tekst[: lengte - 1].rstrip() + "…"


def _verklein(figuur: Any, factor: float) -> None:
    """Every letter size in a figure times `factor` (fonts of the layout, axes, traces and
    annotations), wherever charts.py put one."""
    if isinstance(figuur, list):
        for item in figuur:
            _verklein(item, factor)
        return
    if not isinstance(figuur, dict):
        return
    for sleutel, waarde in figuur.items():
        if sleutel in ("font", "textfont", "tickfont") and isinstance(waarde, dict):
            grootte = waarde.get("size")
            if isinstance(grootte, int | float):
                waarde["size"] = round(grootte * factor, 1)
            elif isinstance(grootte, list):
                waarde["size"] = [round(g * factor, 1) for g in grootte]
        else:
            _verklein(waarde, factor)


@dataclass
class Roadmap:
    """Section 3: its charts, and only when one could not be drawn the planned fase per
    baat and quarter as a table (the sentence in its place says the table has them)."""

    tekeningen: list[SafeString]
    tabel: list[tuple[charts.RoadmapBaat, list[Fase | None]]] | None


def roadmap(data: dict[str, Any], programma: Programma, vandaag: date) -> Roadmap:
    """Section 3 for a landscape A4 page: the dashboard's roadmap chart, for at most
    ROADMAP_RIJEN baten per chart (a larger programme gets several pages), with smaller
    letters and rows, and names that fit. Dependency arrows are drawn where both baten are
    in the same chart; section 5 lists them all."""
    regels: list[paginas.BaatRegel] = data["regels"]
    kwartalen = [
        (k.nummer, k.label if len(data["kwartalen"]) <= ROADMAP_MET_LABEL else "")
        for k in data["kwartalen"]
    ]
    baten = [
        charts.RoadmapBaat(
            r.baat.code,
            _kort(r.baat.naam, ROADMAP_NAAM),
            {c.kwartaal: Fase(c.fase) for c in r.baat.roadmap.all()},
            r.figuren.fase,
        )
        for r in regels
    ]
    links = [(link.baat, link.van, link.conflict) for link in data["links"]]
    positie = charts.vandaag_positie(programma.eerste_kwartaal(), vandaag)
    delen = max(1, math.ceil(len(baten) / ROADMAP_RIJEN))
    per_deel = math.ceil(len(baten) / delen) if baten else 0
    tekeningen = []
    for begin in range(0, max(len(baten), 1), max(per_deel, 1)):
        deel = baten[begin : begin + per_deel]
        codes = {b.code for b in deel}
        figuur = charts.roadmap(
            kwartalen,
            deel,
            vandaag=positie,
            afhankelijkheden=[(a, v, c) for a, v, c in links if a in codes and v in codes],
        )
        _verklein(figuur, ROADMAP_LETTER)
        figuur["layout"]["margin"]["r"] = 120  # "actueel: Borging" in the smaller letters
        hoogte = ROADMAP_RAND + ROADMAP_RIJHOOGTE * max(len(deel), 1)
        wat = _("roadmap")
        if deel:
            wat = _("roadmap %(van)s-%(tot)s") % {"van": deel[0].code, "tot": deel[-1].code}
        tekening = teken(figuur, wat, breedte=LIGGEND_BREEDTE, hoogte=hoogte)
        if tekening is not None:
            tekeningen.append(tekening)
    if not any(GEEN_GRAFIEK_KLASSE in t for t in tekeningen):
        return Roadmap(tekeningen, None)
    nummers = [k for k, _ in kwartalen]
    return Roadmap(tekeningen, [(b, [b.plan.get(k) for k in nummers]) for b in baten])


# The benefits map on a landscape page: at most this high, its letters smaller where the
# tallest column holds many rows (a chart is an image: it cannot break across pages).
KAART_HOOGTE = 520
KAART_MARKER = 11


def kaart(programma: Programma, vandaag: date) -> dict[str, Any]:
    """The benefits map (issue 17): the figure of the map page drawn as SVG, its checks and
    the programme's doelen."""
    from ..kaart import kaart_gegevens  # kaart reads paginas, as this module does

    k = kaart_gegevens(Toegang.lezer(programma), vandaag)
    figuur = k.figuur
    tekening = None
    if figuur is not None:
        hoogte = int(figuur["layout"]["height"])
        if hoogte > KAART_HOOGTE:
            _verklein(figuur, max(0.55, KAART_HOOGTE / hoogte))
            laag, hoog = figuur["layout"]["yaxis"]["range"]
            per_rij = (KAART_HOOGTE - 130) / max(hoog - laag, 1)  # px between two rows
            for spoor in figuur["data"]:
                if "marker" in spoor:
                    spoor["marker"]["size"] = max(4, min(KAART_MARKER, round(per_rij * 0.8)))
        tekening = teken(
            figuur, _("batenkaart"), breedte=LIGGEND_BREEDTE, hoogte=min(hoogte, KAART_HOOGTE)
        )
    return {"tekening": tekening, "bevindingen": k.bevindingen, "doelen": k.doelen}


def achterstallig_per_baat(
    pagina_lijst: list[BaatPagina],
) -> list[tuple[paginas.BaatRegel, list[Meetmoment]]]:
    """The summary's warnings about metingen: one line per baat, however many are overdue."""
    return [(p.regel, p.achterstallig) for p in pagina_lijst if p.achterstallig]


# Red as print shows red: the screen's Okabe-Ito vermillion prints as orange. The word
# ("Rood") always stands beside the colour.
RAPPORT_ROOD = "#C8102E"


def _rood_voor_druk(figuur: Any) -> Any:
    """The figure with the status red of the screen replaced by RAPPORT_ROOD."""
    if isinstance(figuur, dict):
        return {k: _rood_voor_druk(v) for k, v in figuur.items()}
    if isinstance(figuur, list):
        return [_rood_voor_druk(v) for v in figuur]
    if isinstance(figuur, str) and figuur.upper() == charts.STATUS_KLEUR[Status.ROOD]:
        return RAPPORT_ROOD
    return figuur


OMSLAG_BESLUITEN = 8


@dataclass
class Besluit:
    """What the sponsorgroep is asked to decide: an open escalation (domain rule 6: an
    escalation ends with its besluit)."""

    baat: str
    criterium: str
    reden: str
    sinds: date | None = None


@dataclass
class Oogopslag:
    """The programme at a glance, for the cover and the summary: the five stuurparameters,
    the baten by how they stand, and what is asked of the sponsorgroep. Counted from the
    figures the dashboard shows (realisatie.py), not computed anew."""

    lichten: list[tuple[str, str]]  # (parameter, status value or "")
    op_koers: int  # a realisatie, not behind plan
    achter: int  # behind plan by more than the drempel (figuren.loopt_achter)
    zonder_cijfer: int  # qualitative or not yet measured
    besluiten: list[Besluit]
    informatie: int  # warnings and baten with overdue metingen
    oordeel: str  # "rood", "geel", "groen" or "geen" (no figures yet)

    @property
    def op_omslag(self) -> list[Besluit]:
        """The decisions the cover lists: it stays one page; the summary lists them all."""
        return self.besluiten[:OMSLAG_BESLUITEN]

    @property
    def meer(self) -> int:
        return max(0, len(self.besluiten) - OMSLAG_BESLUITEN)

    @property
    def oordeel_tekst(self) -> str:
        return {
            "rood": _("Sponsorgroep aan zet"),
            "geel": _("Aandacht nodig"),
            "groen": _("Op koers"),
            "geen": _("Nog geen cijfers"),
        }[self.oordeel]


def oogopslag(data: dict[str, Any], achterstallig: list[Any]) -> Oogopslag:
    regels = data["regels"]
    # The benefits map's colours, counted: one rule (realisatie.koers) for both.
    koersen = [realisatie.koers(r.figuren) for r in regels]
    achter = koersen.count(realisatie.Koers.ACHTER)
    op_koers = koersen.count(realisatie.Koers.OP_KOERS)
    open_ = paginas.open_escalaties(data["signaal_regels"], data["gemeld"])
    besluiten = [
        Besluit(s.regel.baat.code, str(s.signaal.criterium.label), s.signaal.reden)
        for s in open_.signalen
    ] + [
        Besluit(e.baat.code if e.baat else "–", e.get_criterium_display(), e.omschrijving, e.datum)
        for e in open_.gemeld
    ]
    lichten = [(s.get_parameter_display(), s.status) for s in data["stuurparameters"]]
    informatie = len(data["waarschuwingen"]) + len(achterstallig)
    if besluiten:
        oordeel = "rood"
    elif achter or informatie or any(status == Status.ROOD for _, status in lichten):
        oordeel = "geel"
    elif not op_koers:
        oordeel = "geen"  # not one baat has a figure yet: no verdict to give
    else:
        oordeel = "groen"
    return Oogopslag(
        lichten,
        op_koers,
        achter,
        len(regels) - achter - op_koers,
        besluiten,
        informatie,
        oordeel,
    )


def context(programma: Programma, vandaag: date, *, volledig: bool = False) -> dict[str, Any]:
    """What the report shows: the dashboard's data (paginas), and what only the report
    needs, built here: a page per baat, section 2 as one table, the roadmap for A4."""
    data = paginas.dashboard(Toegang.lezer(programma), vandaag)
    regels = data["regels"]
    if volledig:
        paginas.toon_alle(regels)  # type: ignore[arg-type]
    per_baat = baat_paginas(programma, regels, vandaag)  # type: ignore[arg-type]
    achterstallig = achterstallig_per_baat(per_baat)
    data.update(
        volledig=volledig,
        baat_paginas=per_baat,
        achterstallig_per_baat=achterstallig,
        oogopslag=oogopslag(data, achterstallig),
        cyclus_matrix=cyclus_matrix(data["cycli"], regels),  # type: ignore[arg-type]
        rapport_roadmap=roadmap(data, programma, vandaag),
        stuurparameters_svg=teken(
            _rood_voor_druk(data["stuurparameters_json"]), _("stuurparameters")
        ),
        rapport_kaart=kaart(programma, vandaag),
        gegenereerd=timezone.localtime(),
    )
    return data


def html(
    programma: Programma,
    vandaag: date | None = None,
    *,
    volledig: bool = False,
    taal: str | None = None,
) -> str:
    """The HTML the PDF is made of, in `taal` (the language of who asked for it; None: the
    active one): its words, dates and charts."""
    vandaag = vandaag or vandaag_van_de_app()
    with translation.override(taal or translation.get_language()):
        return render_to_string(
            "programmas/rapport.html", context(programma, vandaag, volledig=volledig)
        )


def pdf(
    programma: Programma,
    vandaag: date | None = None,
    *,
    volledig: bool = False,
    taal: str | None = None,
) -> bytes:
    """The report as PDF: the standard one for the sponsorgroep, or with `volledig` the
    same with every meting and the cycle targets in detail in appendices; in `taal`."""
    # Imported here: WeasyPrint loads Pango at import, which only the report needs.
    from weasyprint import CSS, HTML

    inhoud = html(programma, vandaag, volledig=volledig, taal=taal)
    stijl = finders.find(STIJL)
    return HTML(string=inhoud, base_url=str(Path(stijl).parent)).write_pdf(
        stylesheets=[CSS(filename=stijl)]
    )


def bestandsnaam(
    programma: Programma,
    vandaag: date | None = None,
    soort: str = "pdf",
    *,
    volledig: bool = False,
) -> str:
    """E.g. batenrealisatieplan-klant-in-beeld-v1.2-2026-11-29.pdf (or .md, .json, .xlsx);
    the full report ends in -volledig.pdf."""
    vandaag = vandaag or vandaag_van_de_app()
    schoon = re.sub(r"[^0-9A-Za-z.]+", "-", programma.versie).strip("-.")
    versie = f"-v{schoon}" if schoon else ""
    deel = "-volledig" if volledig else ""
    return f"batenrealisatieplan-{programma.slug}{versie}-{vandaag.isoformat()}{deel}.{soort}"
