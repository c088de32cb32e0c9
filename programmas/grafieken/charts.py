"""The plan's charts as Plotly figures, built from plain data.

Pure functions: the web pages send `figuur_json()` of these figures to the browser, and the
PDF report draws the same figures, so what a chart shows is defined once, here.
A figure is the plain dict plotly.js reads ({"data": [traces with "type"], "layout": {...}}),
not a `plotly.graph_objects` figure: validating constructors and Plotly's JSON conversion
took half of the dashboard's time. tests/test_charts.py feeds every figure through
graph_objects to prove the dicts are valid and come out of Plotly unchanged.
Colours are the Okabe-Ito palette, which colour-blind readers tell apart, and every colour
also carries its word (Basis, Groei, ..., Groen, Geel, Rood) as text in the chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..keuzes import Fase, Status
from ..notatie import in_het_engels
from ..realisatie import Onbepaald, Punt, kwartaal_nummer, kwartaal_periode

FASE_KLEUR = {
    Fase.BASIS: "#BFCDDC",
    Fase.GROEI: "#56B4E9",
    Fase.TARGET: "#009E73",
    Fase.BORGING: "#0072B2",
}
FASE_TEKSTKLEUR = {
    Fase.BASIS: "#1D2430",
    Fase.GROEI: "#06202F",
    Fase.TARGET: "#FFFFFF",
    Fase.BORGING: "#FFFFFF",
}
STATUS_KLEUR = {Status.GROEN: "#009E73", Status.GEEL: "#E69F00", Status.ROOD: "#D55E00"}
GEEN_KLEUR = "#D8DDE5"
TEKST = "#1D2430"
ACCENT = "#0B5CAD"
CONFLICT = "#D55E00"
LETTER = "system-ui, -apple-system, Segoe UI, Roboto, Helvetica Neue, Arial, sans-serif"
# What Plotly wrote for template "none" (its default template would add ~7 KB of unused
# styling to every figure); plotly.js reads it as it is.
GEEN_SJABLOON: dict[str, Any] = {"data": {"scatter": [{"type": "scatter"}]}}

Figuur = dict[str, Any]


def tekst(waarde: object) -> str:
    """Text typed by users, safe in any label or hover text of a figure.

    plotly.js reads labels as its own small HTML (<a href>, <b>, <br>, entities): a baat
    named "<a href=...>" would become a live link. With <, > and & as entities plotly.js
    shows exactly what was typed. Every user text in a figure goes through here.
    """
    return str(waarde).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def basis_layout(**extra: Any) -> dict[str, Any]:
    layout: dict[str, Any] = {
        "template": GEEN_SJABLOON,
        "font": {"family": LETTER, "size": 13, "color": TEKST},
        "paper_bgcolor": "#FFFFFF",
        "plot_bgcolor": "#FFFFFF",
        "margin": {"l": 10, "r": 10, "t": 30, "b": 30},
        "showlegend": False,
    }
    layout.update(extra)
    return layout


def figuur_json(figuur: Figuur | None) -> Figuur | None:
    """Plain JSON data for `json_script`: the figures are built so (dates as ISO strings)."""
    return figuur


def _figuur(sporen: list[dict[str, Any]], layout: dict[str, Any]) -> Figuur:
    return {"data": sporen, "layout": layout}


def _datum(dag: date) -> str:
    return dag.isoformat()


# ---------------------------------------------------------------------------------------
# Roadmap (section 3)


@dataclass(frozen=True)
class RoadmapBaat:
    code: str
    naam: str
    plan: dict[int, Fase]  # planned fase per roadmap quarter
    actueel: Fase | Onbepaald


def vandaag_positie(eerste: tuple[int, int] | None, vandaag: date) -> float | None:
    """Where today lies on the roadmap's axis, in quarters from the start of Q1."""
    if eerste is None:
        return None
    nummer = kwartaal_nummer(*eerste, vandaag)
    begin, eind = kwartaal_periode(*eerste, nummer)
    deel = (vandaag - begin).days / ((eind - begin).days + 1)
    return nummer - 1 + deel


# Each baat has a band of its own: the planned fase as a wide bar in its upper part and, in
# today's quarter, the actual fase as a narrow outlined bar just below it, so that the two
# stand side by side where a sponsor compares them.
GEPLAND_MIDDEN, GEPLAND_DIKTE = -0.19, 0.44
ACTUEEL_MIDDEN, ACTUEEL_DIKTE = 0.24, 0.36
ACTUEEL_NAAM = gettext_lazy("Actuele fase nu (omlijnd)")


def roadmap(
    kwartalen: Sequence[tuple[int, str]],
    baten: Sequence[RoadmapBaat],
    *,
    vandaag: float | None,
    afhankelijkheden: Sequence[tuple[str, str, bool]] = (),
) -> Figuur:
    """Baten by quarter: the planned fase coloured and named; in today's quarter the actual
    fase as a bar of its own colour and word beside the planned one; today as a line; and
    each dependency as an arrow from the baat depended upon to the dependent one (in the
    conflict colour when in conflict).

    `kwartalen` are (nummer, label); `afhankelijkheden` are (afhankelijke, van, conflict).
    """
    rijen = [tekst(f"{b.code} {b.naam}") for b in baten]
    sporen: list[dict[str, Any]] = []
    for fase in Fase:
        cellen = [(i, k) for i, b in enumerate(baten) for k, f in b.plan.items() if f == fase]
        sporen.append(
            _spoor(
                "bar",
                name=str(fase.label),
                orientation="h",
                y=[i + GEPLAND_MIDDEN for i, _ in cellen],
                x=[1] * len(cellen),
                base=[k - 1 for _, k in cellen],
                width=GEPLAND_DIKTE,
                text=[str(fase.label)] * len(cellen),
                textposition="inside",
                insidetextanchor="start",
                textfont={"color": FASE_TEKSTKLEUR[fase]},
                marker={"color": FASE_KLEUR[fase], "line": {"color": "#FFFFFF", "width": 2}},
                customdata=[rijen[i] for i, _ in cellen],
                hovertemplate="%{customdata}<br>"
                + tekst(_("gepland: %(fase)s") % {"fase": fase.label})
                + "<extra></extra>",
                showlegend=True,
            )
        )
    binnen = vandaag is not None and 0 <= vandaag <= len(kwartalen)
    if vandaag is not None and binnen and baten:
        # The quarter today falls in; its last day counts as that quarter, not the next.
        kwartaal = min(int(vandaag), len(kwartalen) - 1)
        sporen.append(
            _spoor(
                "bar",
                name=str(ACTUEEL_NAAM),
                orientation="h",
                y=[i + ACTUEEL_MIDDEN for i in range(len(baten))],
                x=[1] * len(baten),
                base=[kwartaal] * len(baten),
                width=ACTUEEL_DIKTE,
                # The fase's word; without a fase a dash, and the column on the right
                # says why ("actueel: kwalitatief"), which would not fit in a quarter.
                text=[str(b.actueel.label) if isinstance(b.actueel, Fase) else "–" for b in baten],
                textposition="inside",
                insidetextanchor="start",
                textfont={"color": [_tekstkleur(b.actueel) for b in baten], "size": 13},
                marker={
                    "color": [_kleur(b.actueel) for b in baten],
                    "line": {"color": TEKST, "width": 1.5},
                },
                customdata=[
                    f"{rij}<br>{_actueel(b.actueel)}"
                    + (
                        " (" + _("gepland: %(fase)s") % {"fase": b.plan[kwartaal + 1].label} + ")"
                        if kwartaal + 1 in b.plan
                        else ""
                    )
                    for rij, b in zip(rijen, baten, strict=True)
                ],
                hovertemplate="%{customdata}<extra></extra>",
                showlegend=True,
            )
        )
    vormen: list[dict[str, Any]] = []
    notities: list[dict[str, Any]] = []
    if binnen:
        vormen.append(
            {
                "type": "line",
                "x0": vandaag,
                "x1": vandaag,
                "yref": "paper",
                "y0": 0,
                "y1": 1,
                "line": {"color": TEKST, "width": 2, "dash": "dot"},
            }
        )
        notities.append(
            {
                "x": vandaag,
                "y": 0,
                "yref": "paper",
                "text": _("vandaag"),
                "showarrow": False,
                "yanchor": "top",
                "font": {"size": 11},
            }
        )
    # The actual fase in words, in a column of its own right of the quarters.
    notities.extend(
        {
            "x": 1.01,
            "xref": "paper",
            "xanchor": "left",
            "y": i + ACTUEEL_MIDDEN,
            "yref": "y",
            "text": _actueel(b.actueel),
            "showarrow": False,
            "font": {"size": 12},
        }
        for i, b in enumerate(baten)
    )
    per_code = {b.code: i for i, b in enumerate(baten)}
    pijl_x = max(0.0, min(vandaag if vandaag is not None else 0.0, len(kwartalen))) + 0.15
    for afhankelijke, van, conflict in afhankelijkheden:
        if afhankelijke in per_code and van in per_code:
            notities.append(
                {
                    "x": pijl_x,
                    "y": per_code[afhankelijke],
                    "ax": pijl_x,
                    "ay": per_code[van],
                    "xref": "x",
                    "yref": "y",
                    "axref": "x",
                    "ayref": "y",
                    "showarrow": True,
                    "arrowhead": 3,
                    "arrowwidth": 2,
                    "arrowcolor": CONFLICT if conflict else "#5B6575",
                    "text": "",
                    "hovertext": tekst(
                        _("%(x)s hangt af van %(y)s") % {"x": afhankelijke, "y": van}
                    )
                    + (" (" + _("conflict") + ")" if conflict else ""),
                }
            )
    return _figuur(
        sporen,
        basis_layout(
            barmode="overlay",
            height=90 + 70 * max(len(baten), 1),
            showlegend=True,
            legend={"orientation": "h", "y": -0.1, "x": 0},
            margin={"l": 10, "r": 170, "t": 30, "b": 60},
            xaxis={
                "range": [0, len(kwartalen)],
                "tickvals": [k - 0.5 for k, _ in kwartalen],
                "ticktext": [
                    f"Q{k}<br>{tekst(label)}" if label else f"Q{k}" for k, label in kwartalen
                ],
                "side": "top",
                "showgrid": False,
                "zeroline": False,
                "fixedrange": True,
            },
            # Rows by number, so that the planned and the actual bar share a baat's band;
            # the first baat on top.
            yaxis={
                "type": "linear",
                "range": [max(len(baten), 1) - 0.5, -0.5],
                "tickvals": [i + GEPLAND_MIDDEN for i in range(len(baten))],
                "ticktext": rijen,
                "showgrid": False,
                "zeroline": False,
                "automargin": True,
                "fixedrange": True,
            },
            # Plotly left out empty lists of shapes and annotations; so do we.
            **{k: v for k, v in (("shapes", vormen), ("annotations", notities)) if v},
        ),
    )


def _spoor(soort: str, **eigenschappen: Any) -> dict[str, Any]:
    """A trace as plotly.js reads it: its type and its properties."""
    return {"type": soort, **eigenschappen}


def _kleur(fase: Fase | Onbepaald) -> str:
    return FASE_KLEUR[fase] if isinstance(fase, Fase) else GEEN_KLEUR


def _tekstkleur(fase: Fase | Onbepaald) -> str:
    return FASE_TEKSTKLEUR[fase] if isinstance(fase, Fase) else TEKST


def fase_tekst(fase: Fase | Onbepaald) -> str:
    return str(fase.label)


def _actueel(fase: Fase | Onbepaald) -> str:
    return _("actueel: %(fase)s") % {"fase": fase_tekst(fase)}


# ---------------------------------------------------------------------------------------
# Stuurparameters (section 6)


def stuurparameters(items: Sequence[tuple[str, str, str | None]]) -> Figuur:
    """Five traffic lights: (parameter, status value or "", suggested status or None).

    Each light carries its word; a status not set is grey and says "niet gezet".
    """
    namen = [tekst(naam) for naam, _, _ in items]
    kleuren = [STATUS_KLEUR.get(status, GEEN_KLEUR) for _, status, _ in items]
    niet_gezet = _("niet gezet")
    woorden = [str(Status(status).label) if status else niet_gezet for _n, status, _s in items]
    suggesties = [
        _("suggestie: %(status)s") % {"status": Status(s).label} if s else ""
        for _n, _st, s in items
    ]
    sporen = [
        _spoor(
            "scatter",
            x=namen,
            y=[1] * len(items),
            mode="markers+text",
            marker={"size": 46, "color": kleuren, "line": {"color": TEKST, "width": 1}},
            text=woorden,
            textposition="bottom center",
            textfont={"size": 13},
            customdata=suggesties,
            hovertemplate="%{x}: %{text}<br>%{customdata}<extra></extra>",
        )
    ]
    return _figuur(
        sporen,
        basis_layout(
            height=190,
            xaxis={"side": "top", "showgrid": False, "zeroline": False, "fixedrange": True},
            yaxis={"visible": False, "range": [0.2, 1.5], "fixedrange": True},
            margin={"l": 20, "r": 20, "t": 40, "b": 10},
        ),
    )


# ---------------------------------------------------------------------------------------
# Trajectory of one baat (section 4)


@dataclass(frozen=True)
class Traject:
    code: str
    naam: str
    eenheid: str
    punten: Sequence[Punt]  # the verwacht niveau line (realisatie.trajectpunten)
    metingen: Sequence[Punt]  # measured levels with a number
    cyclusdoelen: Sequence[tuple[str, Punt]] = field(default_factory=tuple)  # (label, punt)
    nulmeting: Punt | None = None
    doel: Punt | None = None


def _getal(waarde: Decimal) -> float:
    return float(waarde)


def _lijn(naam: str, punten: Sequence[Punt], **opmaak: Any) -> dict[str, Any]:
    """A line through dated levels, with a marker at each: the expected level or the
    metingen of a traject."""
    return _spoor(
        "scatter",
        name=naam,
        x=[_datum(p.datum) for p in punten],
        y=[_getal(p.niveau) for p in punten],
        mode="lines+markers",
        **opmaak,
    )


def traject(data: Traject, *, vandaag: date, klein: bool = False) -> Figuur | None:
    """The expected line from nulmeting through the planned meetmomenten to the target, the
    metingen as points, and the cycle targets. None for a qualitative baat: there is no line
    to draw, and the page says so in words."""
    if not data.punten and not data.metingen:
        return None
    eenheid = f" {tekst(data.eenheid)}" if data.eenheid else ""
    # A day in the hover as the page writes dates: "30-09-2026", in English "30 Sep 2026".
    dag = "%{x|%-d %b %Y}" if in_het_engels() else "%{x|%d-%m-%Y}"
    sporen: list[dict[str, Any]] = []
    sporen.append(
        _lijn(
            _("Verwacht niveau"),
            data.punten,
            line={"color": ACCENT, "width": 2, "dash": "dash"},
            marker={"size": 5},
            hovertemplate=f"{dag}: " + _("verwacht") + " %{y}" + eenheid + "<extra></extra>",
        )
    )
    sporen.append(
        _lijn(
            _("Meting"),
            data.metingen,
            line={"color": CONFLICT, "width": 2},
            marker={"size": 9, "symbol": "circle"},
            hovertemplate=f"{dag}: " + _("gemeten") + " %{y}" + eenheid + "<extra></extra>",
        )
    )
    if data.cyclusdoelen:
        sporen.append(
            _spoor(
                "scatter",
                name=_("Cyclusdoel"),
                x=[_datum(p.datum) for _, p in data.cyclusdoelen],
                y=[_getal(p.niveau) for _, p in data.cyclusdoelen],
                mode="markers",
                marker={
                    "size": 11,
                    "symbol": "square-open",
                    "color": "#009E73",
                    "line": {"width": 2},
                },
                text=[tekst(label) for label, _ in data.cyclusdoelen],
                hovertemplate="%{text}: " + _("doel") + " %{y}" + eenheid + "<extra></extra>",
            )
        )
    notities: list[dict[str, Any]] = []
    for punt, label in ((data.nulmeting, _("nulmeting")), (data.doel, _("doel"))):
        if punt is not None and not klein:
            notities.append(
                {
                    "x": _datum(punt.datum),
                    "y": _getal(punt.niveau),
                    "text": label,
                    "showarrow": True,
                    "arrowhead": 0,
                    "ax": 0,
                    "ay": -22,
                    "font": {"size": 11},
                }
            )
    return _figuur(
        sporen,
        basis_layout(
            # A small chart too has its unit and legend (issue 19), in smaller letters, and
            # room above the plot for "vandaag".
            height=210 if klein else 320,
            showlegend=True,
            legend={
                "orientation": "h",
                "y": -0.3 if klein else -0.2,
                "x": 0,
                **({"font": {"size": 9}} if klein else {}),
            },
            margin={"l": 10, "r": 10, "t": 24 if klein else 30, "b": 50 if klein else 60},
            # A small chart over two years or more would turn its many month labels on
            # their side, into the legend: at most four, which stay level.
            xaxis={
                "type": "date",
                "showgrid": False,
                "tickformat": "%b %Y",
                "fixedrange": klein,
                **({"nticks": 4} if klein else {}),
            },
            yaxis={
                "title": {
                    "text": tekst(data.eenheid),
                    **({"font": {"size": 10}} if klein else {}),
                },
                "gridcolor": "#EEF1F5",
                "automargin": True,
                "fixedrange": klein,
            },
            shapes=[
                {
                    "type": "line",
                    "x0": _datum(vandaag),
                    "x1": _datum(vandaag),
                    "yref": "paper",
                    "y0": 0,
                    "y1": 1,
                    "line": {"color": TEKST, "width": 1, "dash": "dot"},
                }
            ],
            annotations=[
                *notities,
                {
                    "x": _datum(vandaag),
                    "y": 1,
                    "yref": "paper",
                    "text": _("vandaag"),
                    "showarrow": False,
                    "yanchor": "bottom",
                    "font": {"size": 10},
                },
            ],
        ),
    )
