"""The PDF's charts: charts.py's figures drawn as SVG by programmas.svg, without a browser."""

import asyncio
import logging
import subprocess
import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal

import pytest

from programmas.grafieken import charts
from programmas.grafieken.svg import svg
from programmas.keuzes import Fase, Status
from programmas.models import Lidmaatschap
from programmas.paginas import dashboard
from programmas.realisatie import Onbepaald, Punt
from programmas.toegang import Toegang

D = Decimal
S = "{http://www.w3.org/2000/svg}"
VANDAAG = date(2026, 11, 29)
KWARTALEN = [(1, "2026-K1"), (2, "2026-K2"), (3, "2026-K3"), (4, "2026-K4")]
BATEN = [
    charts.RoadmapBaat(
        "B1", "Klantbeleving", {1: Fase.BASIS, 2: Fase.GROEI, 3: Fase.TARGET}, Fase.GROEI
    ),
    charts.RoadmapBaat("B2", "Tevredenheid", {2: Fase.BASIS, 3: Fase.GROEI}, Onbepaald.KWALITATIEF),
]
TRAJECT = charts.Traject(
    code="B1",
    naam="Klantbeleving",
    eenheid="score",
    punten=[
        Punt(date(2025, 12, 31), D(6)),
        Punt(date(2026, 6, 30), D("6.8")),
        Punt(date(2026, 12, 31), D("7.4")),
        Punt(date(2027, 6, 30), D(8)),
    ],
    metingen=[Punt(date(2026, 3, 31), D("6.5")), Punt(date(2026, 9, 30), D("7.2"))],
    cyclusdoelen=[("Cyclus 1", Punt(date(2026, 6, 30), D("6.8")))],
    nulmeting=Punt(date(2025, 12, 31), D(6)),
    doel=Punt(date(2027, 6, 30), D(8)),
)


@pytest.fixture
def waarschuwingen(caplog):
    caplog.set_level(logging.WARNING, logger="programmas.grafieken.svg")
    return caplog


def teken(figuur, **maat) -> ET.Element:
    """The chart as the PDF gets it, parsed: it must be well-formed XML."""
    return ET.fromstring(svg(charts.figuur_json(figuur), **maat))


def tekst(element: ET.Element) -> str:
    return "".join(element.itertext())


def teksten(boom: ET.Element) -> list[str]:
    return [tekst(t) for t in boom.iter(f"{S}text")]


def vlak(boom: ET.Element) -> tuple[float, float, float, float]:
    plot = next(r for r in boom.iter(f"{S}rect") if r.get("class") == "plot")
    return tuple(float(plot.get(k)) for k in ("x", "y", "width", "height"))


def spoor(boom: ET.Element, naam: str) -> ET.Element:
    return next(g for g in boom.iter(f"{S}g") if g.get("data-name") == naam)


def punten(lijn: ET.Element) -> list[tuple[float, float]]:
    return [tuple(map(float, paar.split(","))) for paar in lijn.get("points").split()]


def test_the_roadmap_draws_a_bar_per_planned_quarter_with_its_fase_word_in_it():
    boom = teken(charts.roadmap(KWARTALEN, BATEN, vandaag=2.5))
    x, _, breedte, _ = vlak(boom)
    kwartaal = breedte / len(KWARTALEN)
    verwacht = {Fase.BASIS: [1, 2], Fase.GROEI: [2, 3], Fase.TARGET: [3], Fase.BORGING: []}
    for fase, kwartalen in verwacht.items():
        groep = spoor(boom, str(fase.label))
        staven = groep.findall(f"{S}rect")
        assert len(staven) == len(kwartalen)
        assert [tekst(t) for t in groep.iter(f"{S}text")] == [str(fase.label)] * len(kwartalen)
        assert {s.get("fill") for s in staven} <= {charts.FASE_KLEUR[fase]}
        starts = sorted(float(s.get("x")) for s in staven)
        assert starts == pytest.approx(sorted(x + (k - 1) * kwartaal for k in kwartalen), abs=0.01)
        assert all(float(s.get("width")) == pytest.approx(kwartaal, abs=0.01) for s in staven)


def test_the_roadmap_marks_today_with_a_dotted_line_and_the_actual_fase_as_bars():
    boom = teken(charts.roadmap(KWARTALEN, BATEN, vandaag=2.5))
    x, y, breedte, hoogte = vlak(boom)
    lijn = next(e for e in boom.iter(f"{S}line") if e.get("class") == "shape")
    vandaag = x + 2.5 / len(KWARTALEN) * breedte
    assert float(lijn.get("x1")) == float(lijn.get("x2")) == pytest.approx(vandaag, abs=0.01)
    assert {float(lijn.get("y1")), float(lijn.get("y2"))} == {y, y + hoogte}
    assert lijn.get("stroke-dasharray") == "3,3"
    kwartaal = breedte / len(KWARTALEN)
    staven = spoor(boom, charts.ACTUEEL_NAAM).findall(f"{S}rect")
    assert len(staven) == len(BATEN)
    # Today's quarter (Q3), in the actual fase's colour, each below its baat's planned bar.
    assert all(float(s.get("x")) == pytest.approx(x + 2 * kwartaal, abs=0.01) for s in staven)
    assert [s.get("fill") for s in staven] == [charts.FASE_KLEUR[Fase.GROEI], charts.GEEN_KLEUR]
    gepland = spoor(boom, "Groei").findall(f"{S}rect")  # B1 in Q2, B2 in Q3
    for plan, actueel in zip(gepland, staven, strict=True):
        onder = float(plan.get("y")) + float(plan.get("height"))
        assert onder <= float(actueel.get("y"))
    assert float(staven[0].get("y")) < float(gepland[1].get("y"))  # B1's stays in B1's band
    assert {"vandaag", "actueel: Groei", "actueel: kwalitatief"} <= set(teksten(boom))


def test_the_roadmap_names_the_quarters_on_two_lines_above_the_bars_and_has_a_legend():
    boom = teken(charts.roadmap(KWARTALEN, BATEN, vandaag=2.5))
    _, boven, _, _ = vlak(boom)
    kop = next(t for t in boom.iter(f"{S}text") if tekst(t).startswith("Q1"))
    assert [tekst(r) for r in kop.findall(f"{S}tspan")] == ["Q1", "2026-K1"]
    assert all(float(r.get("y")) < boven for r in kop.findall(f"{S}tspan"))
    legenda = next(g for g in boom.iter(f"{S}g") if g.get("class") == "legend")
    assert [tekst(t) for t in legenda.iter(f"{S}text")] == [
        "Basis",
        "Groei",
        "Target",
        "Borging",
        charts.ACTUEEL_NAAM,
    ]


def test_at_the_reports_width_the_quarter_labels_shrink_rather_than_overlap():
    kwartalen = [(k, f"{2026 + (k - 1) // 4}-K{(k - 1) % 4 + 1}") for k in range(1, 7)]
    lang = charts.RoadmapBaat("B3", "Efficiëntere klantprocessen", {1: Fase.BASIS}, Fase.BASIS)
    boom = teken(charts.roadmap(kwartalen, [*BATEN, lang], vandaag=2.5), breedte=680)
    koppen = [t for t in boom.iter(f"{S}text") if tekst(t).startswith("Q")]
    assert len(koppen) == 6
    assert all(9 < float(t.get("font-size")) < 13 for t in koppen)
    ruimte = float(koppen[1].get("x")) - float(koppen[0].get("x"))
    assert 7 * float(koppen[0].get("font-size")) * 0.64 < ruimte  # "2026-K1" fits, DejaVu-wide


def test_a_dependency_is_an_arrow_from_the_baat_depended_upon_to_the_dependent_one():
    boom = teken(
        charts.roadmap(KWARTALEN, BATEN, vandaag=2.5, afhankelijkheden=[("B2", "B1", True)])
    )
    pijl = next(
        g
        for g in boom.iter(f"{S}g")
        if g.get("class") == "annotation" and g.find(f"{S}line") is not None
    )
    lijn, punt = pijl.find(f"{S}line"), pijl.find(f"{S}path")
    assert lijn.get("stroke") == punt.get("fill") == charts.CONFLICT
    assert float(lijn.get("y2")) > float(lijn.get("y1"))  # B1 is above B2: the arrow points down


def test_the_traffic_lights_are_five_circles_in_the_okabe_ito_colours_with_their_words():
    items = [
        ("Doeltreffendheid", Status.GEEL, None),
        ("Tempo", Status.ROOD, Status.ROOD),
        ("Haalbaarheid", Status.GROEN, None),
        ("Wendbaarheid", "", None),
        ("Efficiëntie", Status.GROEN, None),
    ]
    boom = teken(charts.stuurparameters(items))
    lampen = list(boom.iter(f"{S}circle"))
    assert [c.get("fill") for c in lampen] == [
        charts.STATUS_KLEUR[Status.GEEL],
        charts.STATUS_KLEUR[Status.ROOD],
        charts.STATUS_KLEUR[Status.GROEN],
        charts.GEEN_KLEUR,
        charts.STATUS_KLEUR[Status.GROEN],
    ]
    assert {float(c.get("r")) for c in lampen} == {23}
    woorden = teksten(boom)
    assert {"Groen", "Geel", "Rood", "niet gezet", "Efficiëntie"} <= set(woorden)
    # Each word is under its light, each name above it.
    for lamp, woord in zip(lampen, ["Geel", "Rood", "Groen", "niet gezet", "Groen"], strict=True):
        onder = next(
            t for t in boom.iter(f"{S}text") if t.get("x") == lamp.get("cx") and tekst(t) == woord
        )
        assert float(onder.get("y")) > float(lamp.get("cy")) + float(lamp.get("r"))


def test_the_trajectory_draws_every_point_of_its_lines_and_its_cycle_targets():
    boom = teken(charts.traject(TRAJECT, vandaag=VANDAAG))
    verwacht = spoor(boom, "Verwacht niveau").find(f"{S}polyline")
    assert len(punten(verwacht)) == len(TRAJECT.punten)
    assert verwacht.get("stroke-dasharray") == "9,9"
    meting = spoor(boom, "Meting")
    assert len(punten(meting.find(f"{S}polyline"))) == len(TRAJECT.metingen)
    assert len(meting.findall(f"{S}circle")) == len(TRAJECT.metingen)
    doelen = spoor(boom, "Cyclusdoel").findall(f"{S}rect")
    assert [(d.get("fill"), d.get("stroke")) for d in doelen] == [("none", "#009E73")]
    # Higher levels are higher up: the line rises to the target.
    hoogtes = [y for _, y in punten(verwacht)]
    assert hoogtes == sorted(hoogtes, reverse=True)


def test_the_trajectory_marks_today_between_its_dates_and_labels_nulmeting_and_doel():
    boom = teken(charts.traject(TRAJECT, vandaag=VANDAAG))
    (x0, _), *_, (x1, _) = punten(spoor(boom, "Verwacht niveau").find(f"{S}polyline"))
    begin, eind = TRAJECT.punten[0].datum, TRAJECT.punten[-1].datum
    verwacht = x0 + (VANDAAG - begin).days / (eind - begin).days * (x1 - x0)
    lijn = next(e for e in boom.iter(f"{S}line") if e.get("class") == "shape")
    assert float(lijn.get("x1")) == pytest.approx(verwacht, abs=0.05)
    assert {"nulmeting", "doel", "vandaag", "score"} <= set(teksten(boom))


def test_the_trajectory_names_its_months_in_dutch_and_its_levels_with_a_decimal_comma():
    woorden = set(teksten(teken(charts.traject(TRAJECT, vandaag=VANDAAG))))
    assert {"jan 2026", "apr 2026", "jul 2026", "okt 2026"} <= woorden
    assert {"6", "6,5", "7", "7,5", "8"} <= woorden
    assert not {"Oct 2026", "6.5"} & woorden


def test_a_trajectory_in_the_thousands_is_labelled_in_thousands_as_on_the_web_page():
    punten = [Punt(date(2026, 1, 1), D(12000)), Punt(date(2027, 1, 1), D(25000))]
    data = charts.Traject(code="B2", naam="Klanten", eenheid="klanten", punten=punten, metingen=[])
    woorden = set(teksten(teken(charts.traject(data, vandaag=VANDAAG))))
    assert {"15k", "20k", "25k"} <= woorden


def test_a_small_trajectory_has_its_unit_and_legend_but_no_nulmeting_or_doel_labels():
    boom = teken(charts.traject(TRAJECT, vandaag=VANDAAG, klein=True))
    assert any(g.get("class") == "legend" for g in boom.iter(f"{S}g"))
    woorden = set(teksten(boom))
    assert {"Verwacht niveau", "Meting", TRAJECT.eenheid} <= woorden
    assert not {"nulmeting", "doel"} & woorden
    # "vandaag" above the plot stands inside the drawing, not cut off at its top.
    vandaag = next(t for t in boom.iter(f"{S}text") if tekst(t) == "vandaag")
    assert float(vandaag.get("y")) - float(vandaag.get("font-size")) >= 0


def test_the_svg_stands_alone_and_scales_to_the_size_asked():
    figuur = charts.stuurparameters([("Tempo", Status.GROEN, None)])
    boom = teken(figuur)
    assert (boom.get("width"), boom.get("height"), boom.get("viewBox")) == (
        "800px",
        "190px",
        "0 0 800 190",
    )
    assert boom.get("font-family") == charts.LETTER
    smal = teken(figuur, breedte=500, hoogte=150)
    assert (smal.get("width"), smal.get("viewBox")) == ("500px", "0 0 500 150")


def test_names_with_markup_stay_escaped_text(waarschuwingen):
    naam = "<script>alert(\"x\")</script> & 'co'"
    baten = [charts.RoadmapBaat("B1", naam, {1: Fase.BASIS}, Fase.BASIS)]
    bron = svg(charts.figuur_json(charts.roadmap(KWARTALEN, baten, vandaag=0.5)))
    boom = ET.fromstring(bron)
    assert "<script" not in bron
    assert not any(e.tag.endswith("script") for e in boom.iter())
    assert f"B1 {naam}" in teksten(boom)
    assert not waarschuwingen.records


def test_unknown_trace_types_and_attributes_are_skipped_with_a_warning(waarschuwingen):
    figuur = charts.figuur_json(charts.stuurparameters([("Tempo", Status.ROOD, None)]))
    figuur["data"].append({"type": "pie", "values": [1, 2]})
    figuur["data"][0]["marker"]["opacity"] = 0.5
    boom = ET.fromstring(svg(figuur))
    assert len(list(boom.iter(f"{S}circle"))) == 1
    meldingen = [r.getMessage() for r in waarschuwingen.records]
    assert any("pie" in m for m in meldingen)
    assert any("'opacity'" in m for m in meldingen)


def test_every_attribute_charts_py_uses_is_drawn(waarschuwingen):
    # A new chart feature must be added to the PDF renderer too: this fails until it is.
    for figuur in (
        charts.roadmap(KWARTALEN, BATEN, vandaag=2.5, afhankelijkheden=[("B2", "B1", False)]),
        charts.roadmap(KWARTALEN, BATEN, vandaag=None),
        charts.stuurparameters([("Tempo", Status.ROOD, Status.GEEL), ("Wendbaarheid", "", None)]),
        charts.traject(TRAJECT, vandaag=VANDAAG),
        charts.traject(TRAJECT, vandaag=VANDAAG, klein=True),
    ):
        teken(figuur)
    assert [r.getMessage() for r in waarschuwingen.records] == []


def test_the_demo_dashboard_charts_render_without_warnings(demo, waarschuwingen):
    lid = Lidmaatschap.objects.get(programma=demo, user__username="pm")
    context = dashboard(Toegang(demo, lid), VANDAAG)
    figuren = [
        context["roadmap_json"],
        context["stuurparameters_json"],
        *(t for t in context["trajecten"].values() if t),
    ]
    for figuur in figuren:
        boom = ET.fromstring(svg(figuur))
        assert boom.get("viewBox") == f"0 0 800 {figuur['layout']['height']}"
    roadmap = ET.fromstring(svg(context["roadmap_json"]))
    assert len(list(roadmap.iter(f"{S}polyline"))) == 0  # arrows are lines, not polylines
    assert "B3 Efficiëntere klantprocessen" in teksten(roadmap)
    assert not waarschuwingen.records


def test_a_40_baat_plan_draws_its_42_charts_in_process_without_a_browser(monkeypatch):
    # What made kaleido slow (~18 s for these charts) is the Chromium it starts; how fast svg()
    # is, bench/svg_vs_kaleido.py prints (about 0.1 s). A test proves the cause is gone
    # without a clock: drawing every chart starts no process at all.
    def geen_proces(*args, **kwargs):
        raise AssertionError("drawing a chart started a process")

    monkeypatch.setattr(subprocess, "Popen", geen_proces)
    monkeypatch.setattr(asyncio, "create_subprocess_exec", geen_proces)
    baten = [
        charts.RoadmapBaat(f"B{i}", f"Baat {i}", {k: Fase.GROEI for k in range(1, 9)}, Fase.GROEI)
        for i in range(40)
    ]
    figuren = [
        charts.figuur_json(charts.roadmap([(k, "") for k in range(1, 9)], baten, vandaag=3.2)),
        charts.figuur_json(charts.stuurparameters([("Tempo", Status.GROEN, None)] * 5)),
        *[charts.figuur_json(charts.traject(TRAJECT, vandaag=VANDAAG, klein=True))] * 40,
    ]
    bomen = [ET.fromstring(svg(figuur)) for figuur in figuren]
    assert len(bomen) == 42
    assert all(boom.tag == f"{S}svg" and len(boom) > 0 for boom in bomen)


def test_a_small_trajectory_over_three_years_keeps_a_few_level_month_labels():
    """Issue 19: over years, plotly.js turns a narrow chart's many month labels on their side,
    into the legend; a small chart asks for at most four, and the PDF's drawing keeps as few."""
    lang = charts.Traject(
        code="B1",
        naam="Klantbeleving",
        eenheid="score",
        punten=[Punt(date(2025, 1, 31), D(6)), Punt(date(2028, 6, 30), D(8))],
        metingen=[],
        nulmeting=Punt(date(2025, 1, 31), D(6)),
        doel=Punt(date(2028, 6, 30), D(8)),
    )
    figuur = charts.figuur_json(charts.traject(lang, vandaag=VANDAAG, klein=True))
    assert figuur["layout"]["xaxis"]["nticks"] == 4
    boom = ET.fromstring(svg(figuur, breedte=300))
    maanden = [t for t in teksten(boom) if t[-4:].isdigit() and t[:3].isalpha()]
    assert 2 <= len(maanden) <= 5, maanden
    groot = ET.fromstring(svg(charts.figuur_json(charts.traject(lang, vandaag=VANDAAG))))
    assert len([t for t in teksten(groot) if t[-4:].isdigit() and t[:3].isalpha()]) > 5
