"""English beside Dutch (issue 19) for what the app computes: dates, numbers, the words of
the figures, the charts' labels and the benefits map's checks are in the reader's language,
while the Dutch stays exactly as it was and what is stored or compared stays Dutch."""

from datetime import date, datetime
from decimal import Decimal
from unittest import mock

import pytest
from django.template import Context, Template
from django.utils.translation import override

from programmas import kaartregels, notatie, portfolio
from programmas.grafieken import charts
from programmas.grafieken import kaart as kaartgrafiek
from programmas.keuzes import Criterium, Fase, Status
from programmas.realisatie import (
    AfhankelijkheidCijfers,
    AfhankelijkheidStatus,
    BaatCijfers,
    Koers,
    MeetmomentCijfers,
    Onbepaald,
    automatische_signalen,
    kwartaal_label,
    plan_figuren,
)
from tests.test_svg import TRAJECT, VANDAAG, teken, teksten

D = Decimal


def toon(sjabloon: str, **context) -> str:
    return Template("{% load plan %}" + sjabloon).render(Context(context))


def test_a_day_reads_30_sep_2026_in_english_and_stays_30_sep_dot_2026_in_dutch():
    dag = date(2026, 9, 30)
    with override("en"):
        assert notatie.toon_datum(dag) == "30 Sep 2026"
        assert notatie.toon_datum(date(2026, 3, 1)) == "1 Mar 2026"
        assert notatie.toon_datum(date(2026, 5, 12)) == "12 May 2026"
        assert notatie.toon_tijdstip(datetime(2026, 10, 1, 14, 5)) == "1 Oct 2026 14:05"
        assert toon("{{ d|datum }}", d=dag) == "30 Sep 2026"
        assert notatie.toon_datumtekst("15-3-2026") == "15 Mar 2026"
    with override("nl"):
        assert notatie.toon_datum(dag) == "30 sep. 2026"
        assert notatie.toon_datum(date(2026, 3, 1)) == "1 mrt. 2026"
        assert notatie.toon_datum(date(2026, 5, 12)) == "12 mei 2026"
        assert toon("{{ d|datum }}", d=dag) == "30 sep. 2026"
        assert notatie.toon_datumtekst("15-3-2026") == "15 mrt. 2026"


def test_a_month_or_quarter_as_written_stays_as_written_in_either_language():
    with override("en"):
        assert notatie.toon_datumtekst("maart 2026") == "maart 2026"
        assert notatie.toon_datumtekst("Q3 2026") == "Q3 2026"


def test_a_calendar_quarter_reads_q_in_english_and_k_in_dutch():
    with override("en"):
        assert kwartaal_label(2026, 1, 3) == "2026-Q3"
    with override("nl"):
        assert kwartaal_label(2026, 1, 3) == "2026-K3"


def test_what_a_reader_in_english_would_type_is_read_as_the_same_date():
    assert notatie.parse_datum("30 Sep 2026") == date(2026, 9, 30)
    assert notatie.parse_datum("30 sep. 2026") == date(2026, 9, 30)
    assert notatie.parse_datum("September 2026") == date(2026, 9, 30)
    assert notatie.parse_datum("1 Oct 2026") == date(2026, 10, 1)


def test_computed_numbers_have_the_english_decimal_point_and_the_dutch_comma_stays():
    with override("en"):
        assert notatie.toon_getal(D("1250.5")) == "1,250.5"
        assert notatie.toon_getal(D("-0")) == "0"
        assert toon("{{ r|procent }}", r=D("42.9")) == "43 %"
        assert toon("{{ g|getal }}", g=D("42.90")) == "42.9"
        assert toon("{{ a|procentpunt }}", a=D("-5")) == "−5 pp"
        assert toon("{{ m|niveau:'score' }}", m=D("6.50")) == "6.5 score"
    with override("nl"):
        assert notatie.toon_getal(D("1250.5")) == "1.250,5"
        assert toon("{{ g|getal }}", g=D("42.90")) == "42,9"
        assert toon("{{ m|niveau:'score' }}", m=D("6.50")) == "6,5 score"


def test_files_keep_writing_numbers_and_dates_the_dutch_way_while_english_is_active():
    with override("en"):
        assert notatie.format_getal(D("1250.5")) == "1.250,5"
        assert notatie.format_datum(date(2026, 9, 30)) == "30 sep. 2026"
        assert notatie.format_maand(date(2026, 9, 30)) == "september 2026"


def test_a_figure_without_a_number_says_why_in_the_readers_language():
    with override("en"):
        assert toon("{{ r|procent }}", r=Onbepaald.NOG_NIET_GEMETEN) == "not yet measured"
        assert toon("{{ r|procentpunt }}", r=Onbepaald.KWALITATIEF) == "qualitative"
        assert toon("{{ f|fase_label }}", f=Onbepaald.GEEN_DOEL) == "no doel"
        assert Onbepaald.NOG_NIET_GESTART.label == "not yet started"
        assert AfhankelijkheidStatus.ONVERVULD.label == "not met"
        assert Koers.OP_KOERS.label == "on track"
        assert toon("{{ s|status_label }}", s="") == "not set"
    with override("nl"):
        assert toon("{{ r|procent }}", r=Onbepaald.NOG_NIET_GEMETEN) == "nog niet gemeten"
        assert AfhankelijkheidStatus.ONVERVULD.label == "onvervuld"
    # The value itself, compared and given by the API, stays the Dutch word.
    with override("en"):
        assert str(Onbepaald.KWALITATIEF) == "kwalitatief"


def _plan_met_conflict() -> tuple[dict, list]:
    """B1 measured at 13 % while B2, waiting for B1 to reach 30 %, is planned in Groei now."""
    b1 = BaatCijfers(
        "B1",
        D(0),
        date(2026, 1, 1),
        D(100),
        date(2026, 12, 31),
        [MeetmomentCijfers(date(2026, 6, 30), D(50), True, D(13))],
        {},
    )
    b2 = BaatCijfers("B2", D(0), date(2026, 1, 1), D(100), date(2026, 12, 31), [], {1: Fase.GROEI})
    return plan_figuren(
        [b1, b2],
        [AfhankelijkheidCijfers("B2", ["B1"], D("30.00"))],
        drempel=D("20.00"),
        vandaag=date(2026, 7, 1),
        kwartaal_nu=1,
    )


def test_a_signal_reads_in_english_and_keeps_its_dutch_reason_for_storage():
    with override("en"):
        figuren, _links = _plan_met_conflict()
    achter, *_ = figuren["B1"].signalen
    (conflict,) = figuren["B2"].signalen
    assert achter.criterium == Criterium.ACHTERSTAND
    assert achter.reden == "Loopt 37 procentpunt achter op planning (drempel 20)"
    assert conflict.reden == "Conflict: B2 gepland in Groei, maar B1 staat op 13 % (drempel 30 %)"
    with override("en"):
        assert achter.tekst == "37 percentage points behind plan (threshold 20)"
        assert conflict.tekst == (
            "Conflict: B2 planned in Groei, but B1 stands at 13 % (threshold 30 %)"
        )
    with override("nl"):
        assert achter.tekst == achter.reden
        assert conflict.tekst == conflict.reden


def test_a_signal_given_as_text_shows_that_text_in_either_language():
    (signaal,) = automatische_signalen(
        achterstand=Onbepaald.KWALITATIEF, drempel=D(20), conflicten=["Conflict: zelf"]
    )
    with override("en"):
        assert signaal.tekst == signaal.reden == "Conflict: zelf"


def test_the_trajectory_chart_has_its_legend_hover_and_today_in_english():
    with override("en"):
        figuur = charts.traject(TRAJECT, vandaag=VANDAAG)
    namen = [spoor["name"] for spoor in figuur["data"]]
    assert namen == ["Expected level", "Meting", "Cyclus doel"]
    assert figuur["data"][0]["hovertemplate"].startswith("%{x|%-d %b %Y}: expected %{y}")
    notities = {a["text"] for a in figuur["layout"]["annotations"]}
    assert {"today", "nulmeting", "doel"} <= notities
    with override("nl"):
        figuur = charts.traject(TRAJECT, vandaag=VANDAAG)
    assert [spoor["name"] for spoor in figuur["data"]] == [
        "Verwacht niveau",
        "Meting",
        "Cyclusdoel",
    ]
    assert figuur["data"][0]["hovertemplate"].startswith("%{x|%d-%m-%Y}: verwacht %{y}")
    assert "vandaag" in {a["text"] for a in figuur["layout"]["annotations"]}


def test_the_roadmap_and_the_traffic_lights_are_labelled_in_english():
    baten = [charts.RoadmapBaat("B1", "Klant", {1: Fase.GROEI}, Onbepaald.NOG_NIET_GEMETEN)]
    with override("en"):
        roadmap = charts.roadmap([(1, "2026-K1")], baten, vandaag=0.5)
        lichten = charts.stuurparameters([("Tempo", "", Status.ROOD)])
    teksten_roadmap = {a["text"] for a in roadmap["layout"]["annotations"]}
    assert {"today", "actual: not yet measured"} <= teksten_roadmap
    assert roadmap["data"][-1]["name"] == "Actual fase now (outlined)"
    assert "planned: Groei" in roadmap["data"][1]["hovertemplate"]
    assert lichten["data"][0]["text"] == ["not set"]
    assert lichten["data"][0]["customdata"] == ["suggestion: Red"]
    with override("nl"):
        roadmap = charts.roadmap([(1, "2026-K1")], baten, vandaag=0.5)
    assert "actueel: nog niet gemeten" in {a["text"] for a in roadmap["layout"]["annotations"]}
    assert roadmap["data"][-1]["name"] == "Actuele fase nu (omlijnd)"


def test_the_pdf_chart_names_its_months_and_numbers_in_english():
    with override("en"):
        woorden = set(teksten(teken(charts.traject(TRAJECT, vandaag=VANDAAG))))
    assert {"Jan 2026", "Apr 2026", "Jul 2026", "Oct 2026"} <= woorden
    assert {"6", "6.5", "7", "7.5", "8", "Expected level", "today"} <= woorden
    assert not {"okt 2026", "6,5", "vandaag"} & woorden


def test_the_benefits_map_has_its_columns_legend_and_checks_in_english():
    knopen = [
        kaartgrafiek.Knoop("i1", 0, "Training", "mens"),
        kaartgrafiek.Knoop("b1", 2, "B1 Klant", "op_koers"),
    ]
    with override("en"):
        figuur = kaartgrafiek.kaart(knopen, [("i1", "b1", "direct")])
        keten = kaartregels.Keten(
            inspanningen=[kaartregels.InspanningKnoop(1, "Training", afgerond=True, baten={1})],
            baten=[kaartregels.BaatKnoop(1, "B1", "Klant", loopt_achter=True)],
        )
        bevindingen = [b.tekst for b in kaartregels.controleer(keten)]
    assert figuur["layout"]["xaxis"]["ticktext"] == [
        "Inspanningen",
        "Vermogens",
        "Baten",
        "Doelen",
    ]
    assert {s["name"] for s in figuur["data"]} >= {"Direct", "People", "Baat on track"}
    assert bevindingen == [
        "Baat B1 \u2018Klant\u2019 has no vermogen that makes it possible.",
        "Baat B1 \u2018Klant\u2019 contributes to no programme doel.",
        "Baat B1 \u2018Klant\u2019 is behind plan, while its only inspanning "
        "(\u2018Training\u2019) is completed: the chain is missing something.",
    ]
    with override("nl"):
        assert kaartregels.controleer(keten)[2].tekst == (
            "Baat B1 \u2018Klant\u2019 loopt achter op planning, terwijl haar enige inspanning "
            "(\u2018Training\u2019) afgerond is: de keten mist iets."
        )


@pytest.mark.django_db
def test_the_portfolio_keeps_its_figures_per_language(demo, django_user_model):
    sponsor = django_user_model.objects.get(username="sponsor")
    with mock.patch.object(portfolio.cache, "set_many", wraps=portfolio.cache.set_many) as bewaar:
        with override("nl"):
            portfolio.rijen(sponsor, date(2026, 12, 1))
        with override("en"):
            portfolio.rijen(sponsor, date(2026, 12, 1))
    sleutels = [next(iter(aanroep.args[0])) for aanroep in bewaar.call_args_list]
    assert len(sleutels) == 2 and sleutels[0] != sleutels[1]
    assert ":nl:" in sleutels[0] and ":en:" in sleutels[1]
