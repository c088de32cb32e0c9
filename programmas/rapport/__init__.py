"""The PDF report for the sponsorgroep: the whole plan and its dashboard, by WeasyPrint.

The charts are the figures of charts.py, drawn as SVG by svg.py (see docs/grafieken-in-pdf.md
for why not kaleido). A chart that cannot be drawn is replaced by a sentence saying so and the
cause is logged: the report as a whole never fails for a chart.
"""

from __future__ import annotations

import base64
import logging
import re
from datetime import date
from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from .. import paginas
from ..grafieken import svg
from ..models import Programma
from ..toegang import Toegang
from ..vandaag import vandaag as vandaag_van_de_app

logger = logging.getLogger(__name__)

STIJL = "css/rapport.css"
# The text width of an A4 page with our margins (180 mm) in CSS pixels: charts drawn at
# this size need no scaling, so their letters have the size the layout asked for.
BREEDTE = 680
GEEN_GRAFIEK = "De grafiek kon niet worden getekend; de cijfers staan in de tabel."


def teken(figuur: dict[str, Any] | None, wat: str, *, breedte: int = BREEDTE) -> SafeString | None:
    """A chart as an SVG image; None when there is nothing to draw (a qualitative baat)."""
    if figuur is None:
        return None
    try:
        tekening = svg.svg(figuur, breedte=breedte)
    except Exception:
        logger.exception("Grafiek %s kon niet worden getekend", wat)
        return format_html('<p class="geen-grafiek">{}</p>', GEEN_GRAFIEK)
    # An image rather than inline <svg>: WeasyPrint lays it out twice as fast, and still
    # draws it as vectors with its words as text.
    data = base64.b64encode(tekening.encode()).decode()
    return format_html(
        '<img class="grafiek-beeld" alt="{}" src="data:image/svg+xml;base64,{}">', wat, data
    )


def context(programma: Programma, vandaag: date) -> dict[str, Any]:
    data = paginas.dashboard(Toegang.lezer(programma), vandaag)
    regels = data["regels"]
    paginas.toon_alle(regels)  # type: ignore[arg-type]
    data.update(
        roadmap_svg=teken(data["roadmap_json"], "roadmap"),
        stuurparameters_svg=teken(data["stuurparameters_json"], "stuurparameters"),
        traject_svgs={
            r.baat.pk: teken(r.traject_json(vandaag), f"traject {r.baat.code}")  # type: ignore[attr-defined]
            for r in regels  # type: ignore[attr-defined]
        },
        gegenereerd=timezone.localtime(),
    )
    return data


def pdf(programma: Programma, vandaag: date | None = None) -> bytes:
    # Imported here: WeasyPrint loads Pango at import, which only the report needs.
    from weasyprint import CSS, HTML

    vandaag = vandaag or vandaag_van_de_app()
    html = render_to_string("programmas/rapport.html", context(programma, vandaag))
    stijl = finders.find(STIJL)
    return HTML(string=html, base_url=str(Path(stijl).parent)).write_pdf(
        stylesheets=[CSS(filename=stijl)]
    )


def bestandsnaam(programma: Programma, vandaag: date | None = None, soort: str = "pdf") -> str:
    """E.g. batenrealisatieplan-klant-in-beeld-v1.2-2026-11-29.pdf (or .md, .json, .xlsx)."""
    vandaag = vandaag or vandaag_van_de_app()
    schoon = re.sub(r"[^0-9A-Za-z.]+", "-", programma.versie).strip("-.")
    versie = f"-v{schoon}" if schoon else ""
    return f"batenrealisatieplan-{programma.slug}{versie}-{vandaag.isoformat()}.{soort}"
