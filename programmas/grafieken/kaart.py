"""The benefits map as a Plotly figure: inspanning -> vermogen -> baat -> doel.

A layered network of scatter traces (the app serves plotly.js's basic bundle, which has no
Sankey, and svg.py draws scatter traces for the PDF): one column per kind, each row a
marker with its name above it, each stored link a curve from left to right. Inspanningen
and vermogens are coloured by domain, baten by their state (behind plan, on track, not yet
measured), doelen alike; every colour has its word in the legend and the hover text.

A link is a curve through a few points of a cubic Bezier; the links of one kind are one
trace with gaps (None) between them, and each point carries its link as customdata
[from, to], so that the figure says exactly which links it draws (tests compare them with
the database).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from .charts import LETTER, TEKST, Figuur, basis_layout, tekst

KOLOMMEN = (_("Inspanningen"), _("Vermogens"), _("Baten"), _("Doelen"))
# (legend name, colour, outline) per group of nodes; Okabe-Ito colours.
# The names are lazy: in the reader's language when a figure is built.
GROEPEN: dict[str, tuple[Any, str, str]] = {
    "mens": (_("Mens"), "#E69F00", "#8A5F00"),
    "proces": (_("Proces"), "#56B4E9", "#1F6E9C"),
    "systeem": (_("Systeem"), "#0072B2", "#003F63"),
    "cultuur": (_("Cultuur"), "#CC79A7", "#7D3A60"),
    "": (_("Geen domein"), "#FFFFFF", "#5C6773"),
    "achter": (_("Baat loopt achter / signaal"), "#D55E00", "#7A3400"),
    "op_koers": (_("Baat op koers"), "#009E73", "#005A42"),
    "zonder_cijfer": (
        _("Baat zonder cijfer (kwalitatief, nog niet gemeten of zonder target)"),
        "#D8DDE5",
        "#5C6773",
    ),
    "doel": (_("Programmadoel"), "#1D2430", "#1D2430"),
}
SYMBOOL = {0: "circle", 1: "circle", 2: "square", 3: "diamond"}
LINK_KLEUR = "#8C98A6"
RIJ_HOOGTE = 64  # px per node in the tallest column: room for the name above each marker
LABEL_LENGTE = 28
DICHT = 14  # rows in the tallest column beyond which labels are kept short


@dataclass(frozen=True)
class Knoop:
    id: str  # "i12", "v3", "b5", "d1": kind and pk
    kolom: int  # 0 inspanning, 1 vermogen, 2 baat, 3 doel
    naam: str
    groep: str  # a key of GROEPEN
    hover: str = ""  # plain text lines, joined with <br>
    url: str = ""  # where a click goes (a baat's page)


def kort(naam: str, lengte: int = LABEL_LENGTE) -> str:
    return naam if len(naam) <= lengte else naam[: lengte - 1].rstrip() + "\u2026"


def _bezier(x0: float, y0: float, x1: float, y1: float, stappen: int = 10) -> list[tuple]:
    """Points on an S-curve from (x0, y0) to (x1, y1), horizontal at both ends."""
    midden = (x0 + x1) / 2
    punten = []
    for k in range(stappen + 1):
        t = k / stappen
        a, b, c, d = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t**2, t**3
        x = a * x0 + b * midden + c * midden + d * x1
        y = a * y0 + b * y0 + c * y1 + d * y1
        punten.append((round(x, 4), round(y, 4)))
    return punten


def posities(knopen: Sequence[Knoop]) -> tuple[dict[str, tuple[float, float]], int]:
    """Each node's (x, y): its column, and its place in the column (in the given order),
    centred on the tallest column; and the tallest column's length."""
    per_kolom: dict[int, list[Knoop]] = {}
    for k in knopen:
        per_kolom.setdefault(k.kolom, []).append(k)
    hoogste = max((len(rij) for rij in per_kolom.values()), default=1)
    uit = {}
    for kolom, rij in per_kolom.items():
        # A shorter column spreads out (up to two rows apart) instead of crowding the middle.
        stap = min(2.0, (hoogste - 1) / (len(rij) - 1)) if len(rij) > 1 else 1.0
        for i, k in enumerate(rij):
            uit[k.id] = (float(kolom), stap * ((len(rij) - 1) / 2 - i))
    return uit, hoogste


def kaart(
    knopen: Sequence[Knoop],
    links: Sequence[tuple[str, str, str]],
) -> Figuur | None:
    """The map: `knopen` in column order, `links` as (from, to, soort); soort "direct" (an
    inspanning linked to a baat directly) is dashed, every other link solid."""
    if not knopen:
        return None
    plek, hoogste = posities(knopen)
    sporen: list[dict[str, Any]] = []
    for soort, naam, streep in (("keten", _("Koppeling"), "solid"), ("direct", _("Direct"), "dot")):
        xs: list[float | None] = []
        ys: list[float | None] = []
        data: list[list[str] | None] = []
        for van, naar, s in links:
            if s != soort or van not in plek or naar not in plek:
                continue
            punten = _bezier(*plek[van], *plek[naar])
            xs += [p[0] for p in punten] + [None]
            ys += [p[1] for p in punten] + [None]
            data += [[van, naar]] * len(punten) + [None]
        if xs:
            sporen.append(
                {
                    "type": "scatter",
                    "mode": "lines",
                    "name": str(naam),
                    "x": xs,
                    "y": ys,
                    "customdata": data,
                    "line": {"color": LINK_KLEUR, "width": 1.4, "dash": streep},
                    "hoverinfo": "skip",
                    "showlegend": False,
                }
            )
    gezien: list[str] = []
    for k in knopen:
        if k.groep not in gezien:
            gezien.append(k.groep)
    # The outer columns have their names outside, where no link runs; in a tall map the
    # baten are named by their code (their names are in the hover and beside the map).
    plaatsen = {0: "middle left", 1: "top center", 2: "top center", 3: "middle right"}
    dicht = hoogste > DICHT
    if dicht:
        plaatsen[2] = "middle right"

    def opschrift(k: Knoop) -> str:
        if dicht and k.kolom in (2, 3):
            return k.naam.split(" ", 1)[0]
        return kort(k.naam, LABEL_LENGTE if not dicht else 24)

    for groep in gezien:
        leden = [k for k in knopen if k.groep == groep]
        label, kleur, rand = GROEPEN.get(groep, GROEPEN[""])
        sporen.append(
            {
                "type": "scatter",
                "mode": "markers+text",
                "name": str(label),
                "x": [plek[k.id][0] for k in leden],
                "y": [plek[k.id][1] for k in leden],
                "text": [tekst(opschrift(k)) for k in leden],
                "textposition": [plaatsen[k.kolom] for k in leden],
                "textfont": {"size": 11, "color": TEKST},
                "hovertext": [tekst(k.hover or k.naam).replace("\n", "<br>") for k in leden],
                "hoverinfo": "text",
                "customdata": [[k.id, k.url] for k in leden],
                "marker": {
                    "color": kleur,
                    "size": 14,
                    "symbol": [SYMBOOL[k.kolom] for k in leden],
                    "line": {"color": rand, "width": 1.5},
                },
                "showlegend": True,
            }
        )
    rand = 0.75
    layout = basis_layout(
        height=max(320, RIJ_HOOGTE * hoogste + 130),
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        showlegend=True,
        legend={"orientation": "h", "x": 0, "y": -0.02, "font": {"size": 12}},
        hovermode="closest",
        xaxis={
            "range": [-1.05, 4.05],
            "tickvals": [0, 1, 2, 3],
            "ticktext": [str(k) for k in KOLOMMEN],
            "side": "top",
            "showgrid": False,
            "zeroline": False,
            "tickfont": {"size": 13, "family": LETTER, "color": TEKST},
            "fixedrange": True,
        },
        yaxis={
            "range": [-(hoogste - 1) / 2 - rand + 0.1, (hoogste - 1) / 2 + rand],
            "visible": False,
            "fixedrange": True,
        },
    )
    return {"data": sporen, "layout": layout}


def getoonde_links(figuur: Figuur) -> set[tuple[str, str]]:
    """The links a map draws, as (from, to) ids: what its line traces carry."""
    uit = set()
    for spoor in figuur["data"]:
        if spoor.get("mode") == "lines":
            uit |= {tuple(d) for d in spoor["customdata"] if d}
    return uit  # type: ignore[return-value]


def getoonde_knopen(figuur: Figuur) -> set[str]:
    return {
        d[0]
        for spoor in figuur["data"]
        if spoor.get("mode") != "lines"
        for d in spoor["customdata"]
    }
