"""The chart figures as pure functions: what each figure contains."""

import itertools
import json
from datetime import date
from decimal import Decimal

import plotly.graph_objects as go

from programmas.grafieken import charts
from programmas.keuzes import Fase, Status
from programmas.realisatie import Onbepaald, Punt
from programmas.toegang import Toegang

D = Decimal
KWARTALEN = [(1, "2026-K1"), (2, "2026-K2"), (3, "2026-K3"), (4, "2026-K4")]
BATEN = [
    charts.RoadmapBaat(
        "B1", "Klantbeleving", {1: Fase.BASIS, 2: Fase.GROEI, 3: Fase.TARGET}, Fase.GROEI
    ),
    charts.RoadmapBaat("B2", "Tevredenheid", {2: Fase.BASIS, 3: Fase.GROEI}, Onbepaald.KWALITATIEF),
]


def plotly(figuur: charts.Figuur) -> go.Figure:
    """The figure through Plotly's validating constructors: a dict plotly.js would not read
    (a misspelt property, a wrong value) raises here, and Plotly must write exactly the JSON
    the page sends, so that the plain dicts draw as Plotly's own figures did."""
    valide = go.Figure(figuur)
    assert json.loads(valide.to_json()) == charts.figuur_json(figuur)
    return valide


def trace(figuur, naam):
    return next(t for t in figuur.data if t.name == naam)


def test_roadmap_colours_each_planned_fase_with_its_word_in_the_cell():
    figuur = plotly(charts.roadmap(KWARTALEN, BATEN, vandaag=2.5))
    groei = trace(figuur, "Groei")
    # Each baat has a band of its own (row 0, 1, ...); the plan fills its upper part.
    assert list(groei.y) == [0 + charts.GEPLAND_MIDDEN, 1 + charts.GEPLAND_MIDDEN]
    assert list(figuur.layout.yaxis.ticktext) == ["B1 Klantbeleving", "B2 Tevredenheid"]
    assert list(groei.base) == [1, 2]  # Q2 of B1 starts at 1, Q3 of B2 at 2
    assert list(groei.text) == ["Groei", "Groei"]
    assert groei.marker.color == charts.FASE_KLEUR[Fase.GROEI]
    assert [t.name for t in figuur.data[:4]] == ["Basis", "Groei", "Target", "Borging"]


def test_roadmap_marks_today_and_the_actual_fase_in_words():
    figuur = plotly(charts.roadmap(KWARTALEN, BATEN, vandaag=2.5))
    lijn = figuur.layout.shapes[0]
    assert (lijn.x0, lijn.x1, lijn.line.dash) == (2.5, 2.5, "dot")
    teksten = [a.text for a in figuur.layout.annotations]
    assert "vandaag" in teksten
    assert "actueel: Groei" in teksten
    assert "actueel: kwalitatief" in teksten


def test_roadmap_shows_the_actual_fase_as_a_bar_beside_the_planned_one_in_todays_quarter():
    # B3 is planned in Groei this quarter but actually still in Basis.
    achter = charts.RoadmapBaat("B3", "Klantprocessen", {3: Fase.GROEI}, Fase.BASIS)
    figuur = plotly(charts.roadmap(KWARTALEN, [*BATEN, achter], vandaag=2.5))
    actueel = trace(figuur, charts.ACTUEEL_NAAM)
    assert list(actueel.base) == [2, 2, 2] and list(actueel.x) == [1, 1, 1]  # all of Q3
    assert list(actueel.text) == ["Groei", "–", "Basis"]
    assert list(actueel.marker.color) == [
        charts.FASE_KLEUR[Fase.GROEI],
        charts.GEEN_KLEUR,
        charts.FASE_KLEUR[Fase.BASIS],
    ]
    gepland = trace(figuur, "Groei")
    # In each baat's own band, just below its planned bar: B3's Basis beside its planned Groei.
    for rij, y in enumerate(actueel.y):
        assert (
            rij + charts.GEPLAND_MIDDEN + charts.GEPLAND_DIKTE / 2 <= y - charts.ACTUEEL_DIKTE / 2
        )
        assert y + charts.ACTUEEL_DIKTE / 2 < rij + 0.5
    assert 2 + charts.GEPLAND_MIDDEN in list(gepland.y)
    assert "Gepland" not in charts.ACTUEEL_NAAM and "Actuele fase" in charts.ACTUEEL_NAAM


def test_roadmap_without_a_known_today_has_no_today_marker():
    figuur = plotly(charts.roadmap(KWARTALEN, BATEN, vandaag=None))
    assert not figuur.layout.shapes
    assert all(t.name != charts.ACTUEEL_NAAM for t in figuur.data)


def test_roadmap_on_the_last_day_of_the_roadmap_marks_the_last_quarter():
    figuur = plotly(charts.roadmap(KWARTALEN, BATEN, vandaag=4.0))
    assert list(trace(figuur, charts.ACTUEEL_NAAM).base) == [3, 3]


def test_roadmap_draws_dependencies_as_arrows_in_the_conflict_colour_when_in_conflict():
    figuur = plotly(
        charts.roadmap(KWARTALEN, BATEN, vandaag=2.5, afhankelijkheden=[("B2", "B1", True)])
    )
    pijl = next(a for a in figuur.layout.annotations if a.showarrow)
    assert (pijl.y, pijl.ay) == (1, 0)  # from B1's band to B2's
    assert pijl.arrowcolor == charts.CONFLICT
    rustig = plotly(
        charts.roadmap(KWARTALEN, BATEN, vandaag=2.5, afhankelijkheden=[("B2", "B1", False)])
    )
    assert next(a for a in rustig.layout.annotations if a.showarrow).arrowcolor != charts.CONFLICT


def test_today_lies_within_its_quarter_on_the_roadmap_axis():
    assert charts.vandaag_positie((2026, 1), date(2026, 1, 1)) == 0
    assert 3 < charts.vandaag_positie((2026, 1), date(2026, 11, 29)) < 4
    assert charts.vandaag_positie(None, date(2026, 11, 29)) is None


def test_traffic_lights_show_colour_and_word_and_grey_when_not_set():
    figuur = plotly(
        charts.stuurparameters(
            [
                ("Tempo", Status.ROOD, Status.ROOD),
                ("Haalbaarheid", Status.GROEN, None),
                ("Wendbaarheid", "", None),
            ]
        )
    )
    lampen = figuur.data[0]
    assert list(lampen.x) == ["Tempo", "Haalbaarheid", "Wendbaarheid"]
    assert list(lampen.marker.color) == [
        charts.STATUS_KLEUR[Status.ROOD],
        charts.STATUS_KLEUR[Status.GROEN],
        charts.GEEN_KLEUR,
    ]
    assert list(lampen.text) == ["Rood", "Groen", "niet gezet"]
    assert list(lampen.customdata) == ["suggestie: Rood", "", ""]


def test_the_palette_tells_fases_and_lights_apart_by_more_than_hue():
    # Okabe-Ito colours; and all differ in lightness enough to survive greyscale printing.
    def lichtheid(kleur: str) -> float:
        r, g, b = (int(kleur[i : i + 2], 16) for i in (1, 3, 5))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    fases = sorted(lichtheid(k) for k in charts.FASE_KLEUR.values())
    assert all(b - a > 15 for a, b in itertools.pairwise(fases))
    assert set(charts.STATUS_KLEUR.values()) == {"#009E73", "#E69F00", "#D55E00"}


def b1_traject(eenheid: str, **gegevens) -> charts.Traject:
    return charts.Traject(code="B1", naam="Klantbeleving", eenheid=eenheid, **gegevens)


def test_trajectory_draws_the_expected_line_the_metingen_and_cycle_targets():
    data = b1_traject(
        "score",
        punten=[Punt(date(2025, 12, 31), D(6)), Punt(date(2027, 6, 30), D(8))],
        metingen=[Punt(date(2026, 3, 31), D("6.5")), Punt(date(2026, 9, 30), D("7.2"))],
        cyclusdoelen=[("Cyclus 1", Punt(date(2026, 6, 30), D("6.8")))],
        nulmeting=Punt(date(2025, 12, 31), D(6)),
        doel=Punt(date(2027, 6, 30), D(8)),
    )
    figuur = plotly(charts.traject(data, vandaag=date(2026, 11, 29)))
    verwacht = trace(figuur, "Verwacht niveau")
    assert list(verwacht.y) == [6.0, 8.0]
    assert verwacht.line.dash == "dash"
    assert list(trace(figuur, "Meting").y) == [6.5, 7.2]
    assert list(trace(figuur, "Cyclusdoel").text) == ["Cyclus 1"]
    assert figuur.layout.shapes[0].x0 == "2026-11-29"
    assert {a.text for a in figuur.layout.annotations} >= {"nulmeting", "doel", "vandaag"}


def test_a_qualitative_baat_has_no_trajectory_to_draw():
    data = charts.Traject(code="B4", naam="Inzicht", eenheid="", punten=[], metingen=[])
    assert charts.traject(data, vandaag=date(2026, 11, 29)) is None


def test_figures_become_plain_json_with_iso_dates():
    data = charts.Traject(
        code="B1", naam="x", eenheid="", punten=[Punt(date(2026, 1, 31), D(1))], metingen=[]
    )
    figuur = charts.figuur_json(charts.traject(data, vandaag=date(2026, 2, 1), klein=True))
    assert figuur["data"][0]["x"] == ["2026-01-31"]
    assert charts.figuur_json(None) is None


KWAAD = '<a href="https://kwaad.example/">Klik</a> & <b>vet</b>'


def geen_markup(waarde: object) -> bool:
    return "<a" not in str(waarde) and "<b>" not in str(waarde)


def test_markup_in_a_baat_name_is_plain_text_in_the_roadmap():
    baten = [charts.RoadmapBaat("B1", KWAAD, {1: Fase.BASIS}, Fase.BASIS)]
    figuur = charts.figuur_json(
        charts.roadmap(KWARTALEN, baten, vandaag=0.5, afhankelijkheden=[("B1", "B1", False)])
    )
    rij = 'B1 &lt;a href="https://kwaad.example/"&gt;Klik&lt;/a&gt; &amp; &lt;b&gt;vet&lt;/b&gt;'
    assert figuur["layout"]["yaxis"]["ticktext"] == [rij]
    for spoor in figuur["data"]:
        assert all(geen_markup(y) for y in spoor.get("y", []))
        assert all(geen_markup(c) for c in spoor.get("customdata", []))
    assert all(geen_markup(n.get("text", "")) for n in figuur["layout"]["annotations"])
    basis = next(s for s in figuur["data"] if s["name"] == "Basis")
    assert any(rij in c for c in basis["customdata"])


def test_markup_in_a_unit_or_cycle_label_is_plain_text_in_the_trajectory():
    data = b1_traject(
        "<a href='x'>NPS</a>",
        punten=[Punt(date(2026, 1, 1), D(10)), Punt(date(2026, 12, 31), D(25))],
        metingen=[Punt(date(2026, 3, 31), D(12))],
        cyclusdoelen=[("<b>Cyclus 1</b> & co", Punt(date(2026, 6, 30), D(15)))],
    )
    figuur = charts.figuur_json(charts.traject(data, vandaag=date(2026, 4, 1)))
    assert figuur["layout"]["yaxis"]["title"]["text"] == "&lt;a href='x'&gt;NPS&lt;/a&gt;"
    assert all(geen_markup(s.get("hovertemplate", "")) for s in figuur["data"])
    doel = next(s for s in figuur["data"] if s["name"] == "Cyclusdoel")
    assert doel["text"] == ["&lt;b&gt;Cyclus 1&lt;/b&gt; &amp; co"]


def test_a_plain_name_with_an_ampersand_reads_the_same_after_escaping():
    assert charts.tekst("R&D <3") == "R&amp;D &lt;3"
    assert charts.tekst("Klantbeleving") == "Klantbeleving"


def test_every_figure_of_the_demo_and_a_large_programme_is_what_plotly_itself_writes(demo):
    from programmas import paginas
    from programmas.demo import REFERENTIE, load_groot

    groot = load_groot("groot", baten=12, cycli=3, kwartalen=8, metingen=120)
    for programma in (demo, groot):
        context = paginas.dashboard(Toegang.lezer(programma), REFERENTIE)
        figuren = [
            context["roadmap_json"],
            context["stuurparameters_json"],
            *context["trajecten"].values(),
            *(r.traject_json(REFERENTIE) for r in context["regels"]),  # type: ignore[attr-defined]
        ]
        getekend = [f for f in figuren if f is not None]
        assert len(getekend) > 2 + len(context["regels"])  # type: ignore[arg-type]
        for figuur in getekend:
            plotly(figuur)
        # json_script sends them as they are: nothing in them needs Django's encoder.
        assert json.loads(json.dumps(getekend)) == getekend
