"""The figures of the plan: domain rules 1-7."""

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from programmas.keuzes import Criterium, Fase, Status
from programmas.notatie import parse_getal
from programmas.realisatie import (
    AfhankelijkheidStatus,
    BaatFiguren,
    Koers,
    Onbepaald,
    Punt,
    Signaal,
    achterstand,
    afhankelijkheid_status,
    automatische_signalen,
    fase,
    is_achterstallig,
    is_conflict,
    is_gemeten,
    koers,
    kwartaal_label,
    kwartaal_nummer,
    kwartaal_periode,
    loopt_achter,
    nog_afgehandeld,
    realisatie,
    suggestie_tempo,
    trajectpunten,
    verwacht_niveau,
    verwachte_realisatie,
)
from tests.helpers import DATUMS, NIVEAUS, datum, getal

D = Decimal
REALISATIES = st.decimals(min_value=-1_000, max_value=1_000, places=4)
FASE_VOLGORDE = [Fase.BASIS, Fase.GROEI, Fase.TARGET, Fase.BORGING]


# Rule 1: realisatie


def test_realisatie_is_the_share_of_the_way_from_baseline_to_target() -> None:
    assert realisatie(D(15), D(40), D(25)) == D(40)


def test_realisatie_of_a_lower_is_better_indicator_counts_towards_the_lower_target() -> None:
    # Doorlooptijd from 14 to 7 dagen.
    assert realisatie(D(14), D(7), D(14)) == 0
    assert realisatie(D(14), D(7), D(10)) == D(400) / D(7)
    assert realisatie(D(14), D(7), D(7)) == 100


def test_realisatie_is_not_clamped() -> None:
    assert realisatie(D(14), D(7), D(5)) == D(900) / D(7)
    assert realisatie(D(14), D(7), D(16)) == D(-200) / D(7)
    assert realisatie(D(15), D(40), D(10)) == D(-20)
    assert realisatie(D(15), D(40), D(50)) == D(140)


def test_realisatie_keeps_full_decimal_precision() -> None:
    uitkomst = realisatie(D(0), D(3), D(1))
    assert isinstance(uitkomst, Decimal)
    assert uitkomst == D(100) / D(3)
    assert str(uitkomst).startswith("33.33333333333333")


def test_realisatie_at_the_baseline_is_a_plain_zero_not_minus_zero() -> None:
    assert str(realisatie(D(14), D(7), D(14))) == "0"


def test_realisatie_works_from_the_levels_as_written() -> None:
    assert realisatie(getal("NPS +15"), getal("NPS +40"), getal("+25")) == 40
    assert realisatie(getal("6,0 (nulmeting)"), getal("7,5"), getal("6,6")) == 40
    assert realisatie(getal("1.250"), getal("1.000"), getal("1.125")) == 50


def test_realisatie_is_kwalitatief_when_baseline_or_target_has_no_number() -> None:
    assert realisatie(None, D(40), D(25)) == Onbepaald.KWALITATIEF
    assert realisatie(D(15), None, D(25)) == Onbepaald.KWALITATIEF
    assert realisatie(parse_getal("Ontwerp gereed"), D(1), D(1)) == Onbepaald.KWALITATIEF


def test_realisatie_is_kwalitatief_before_any_other_reason() -> None:
    assert realisatie(None, None, None, gemeten=False) == Onbepaald.KWALITATIEF
    assert realisatie(None, D(5), D(5), gemeten=False) == Onbepaald.KWALITATIEF


def test_realisatie_has_no_doel_when_target_equals_baseline() -> None:
    assert realisatie(D(15), D(15), D(25)) == Onbepaald.GEEN_DOEL
    assert realisatie(D("6.0"), D(6), D(7)) == Onbepaald.GEEN_DOEL
    assert realisatie(D(15), D(15), None, gemeten=False) == Onbepaald.GEEN_DOEL


def test_realisatie_without_a_meting_is_nog_niet_gemeten_not_zero() -> None:
    assert realisatie(D(15), D(40), None, gemeten=False) == Onbepaald.NOG_NIET_GEMETEN


def test_not_gemeten_wins_over_a_stray_meting_value() -> None:
    assert realisatie(D(15), D(40), D(25), gemeten=False) == Onbepaald.NOG_NIET_GEMETEN


def test_realisatie_of_a_qualitative_meting_is_kwalitatief() -> None:
    assert realisatie(D(15), D(40), parse_getal("Ontwerp gereed")) == Onbepaald.KWALITATIEF


def test_realisatie_per_cycle_uses_startniveau_and_doelniveau() -> None:
    # Cyclus 2 goes from 30 to 50; a meting of 45 is three quarters of that cycle.
    assert realisatie(nulmeting=D(30), doel=D(50), meting=D(45)) == 75


def test_onbepaald_reads_as_the_text_users_see() -> None:
    assert str(Onbepaald.KWALITATIEF) == "kwalitatief"
    assert str(Onbepaald.NOG_NIET_GEMETEN) == "nog niet gemeten"
    assert str(Onbepaald.GEEN_DOEL) == "geen doel"


@given(NIVEAUS, NIVEAUS)
def test_realisatie_is_0_at_the_baseline_and_100_at_the_target_whichever_direction(
    nulmeting: Decimal, doel: Decimal
) -> None:
    assume(nulmeting != doel)
    assert realisatie(nulmeting, doel, nulmeting) == 0
    assert realisatie(nulmeting, doel, doel) == 100


@given(NIVEAUS, NIVEAUS, NIVEAUS, NIVEAUS)
def test_realisatie_grows_as_the_meting_moves_towards_the_target(
    nulmeting: Decimal, doel: Decimal, meting: Decimal, andere: Decimal
) -> None:
    assume(nulmeting != doel)
    dichter, verder = sorted([meting, andere], reverse=doel < nulmeting)
    # "verder" lies further in the direction of the target than "dichter".
    laag = realisatie(nulmeting, doel, dichter)
    hoog = realisatie(nulmeting, doel, verder)
    assert isinstance(laag, Decimal)
    assert isinstance(hoog, Decimal)
    assert laag <= hoog


@given(NIVEAUS, NIVEAUS, NIVEAUS)
def test_realisatie_is_below_0_exactly_when_the_meting_moved_away_from_the_target(
    nulmeting: Decimal, doel: Decimal, meting: Decimal
) -> None:
    assume(nulmeting != doel)
    uitkomst = realisatie(nulmeting, doel, meting)
    assert isinstance(uitkomst, Decimal)
    weg_van_doel = (meting - nulmeting) * (doel - nulmeting) < 0
    assert (uitkomst < 0) == weg_van_doel


# Rule 2: verwacht niveau


def test_trajectpunten_are_sorted_by_date() -> None:
    nul = Punt(date(2026, 1, 31), D(14))
    m1 = Punt(date(2026, 3, 31), D(12))
    m2 = Punt(date(2026, 6, 30), D(10))
    doel = Punt(date(2026, 12, 31), D(7))
    assert trajectpunten(nul, [m2, m1], doel) == [nul, m1, m2, doel]


def test_trajectpunten_put_baseline_first_and_target_last_on_equal_dates() -> None:
    dag = date(2026, 6, 30)
    nul = Punt(dag, D(0))
    meetmoment = Punt(dag, D(5))
    doel = Punt(dag, D(10))
    assert trajectpunten(nul, [meetmoment], doel) == [nul, meetmoment, doel]
    assert trajectpunten(None, [meetmoment], doel) == [meetmoment, doel]


def test_of_meetmomenten_on_one_date_the_later_listed_is_kept() -> None:
    eerst = Punt(date(2026, 3, 31), D(11))
    later = Punt(date(2026, 3, 31), D(12))
    ander = Punt(date(2026, 2, 28), D(13))
    assert trajectpunten(None, [eerst, ander, later], None) == [ander, later]


def test_trajectpunten_may_lack_baseline_or_target() -> None:
    m = Punt(date(2026, 3, 31), D(12))
    assert trajectpunten(None, [m], None) == [m]
    assert trajectpunten(None, [], None) == []


def test_trajectpunten_take_any_iterable_of_meetmomenten() -> None:
    m = Punt(date(2026, 3, 31), D(12))
    assert trajectpunten(None, iter([m]), None) == [m]


NUL = Punt(date(2026, 1, 1), D(10))
M1 = Punt(date(2026, 1, 11), D(20))
DOEL = Punt(date(2026, 1, 21), D(40))
TRAJECT = [NUL, M1, DOEL]


def test_verwacht_niveau_interpolates_linearly_by_days() -> None:
    assert verwacht_niveau(TRAJECT, date(2026, 1, 6)) == 15
    assert verwacht_niveau(TRAJECT, date(2026, 1, 16)) == 30
    assert verwacht_niveau(TRAJECT, date(2026, 1, 12)) == 22


def test_verwacht_niveau_is_each_points_level_on_its_date() -> None:
    for punt in TRAJECT:
        assert verwacht_niveau(TRAJECT, punt.datum) == punt.niveau


def test_verwacht_niveau_before_the_first_point_is_the_baseline() -> None:
    assert verwacht_niveau(TRAJECT, date(2025, 12, 31)) == 10
    assert verwacht_niveau(TRAJECT, date(1999, 1, 1)) == 10


def test_verwacht_niveau_after_the_deadline_is_the_target() -> None:
    assert verwacht_niveau(TRAJECT, date(2026, 1, 22)) == 40
    assert verwacht_niveau(TRAJECT, date(2030, 1, 1)) == 40


def test_verwacht_niveau_without_points_is_kwalitatief() -> None:
    assert verwacht_niveau([], date(2026, 1, 1)) == Onbepaald.KWALITATIEF


def test_verwacht_niveau_of_a_single_point_is_its_level_always() -> None:
    punten = [Punt(date(2026, 3, 31), D(12))]
    assert verwacht_niveau(punten, date(2026, 1, 1)) == 12
    assert verwacht_niveau(punten, date(2026, 3, 31)) == 12
    assert verwacht_niveau(punten, date(2027, 1, 1)) == 12


def test_verwacht_niveau_goes_down_for_a_lower_is_better_indicator() -> None:
    punten = [Punt(date(2026, 1, 1), D(14)), Punt(date(2026, 1, 8), D(7))]
    assert verwacht_niveau(punten, date(2026, 1, 4)) == 11


def test_verwacht_niveau_on_a_shared_date_is_the_last_point_there() -> None:
    dag = date(2026, 6, 30)
    punten = trajectpunten(Punt(date(2026, 1, 1), D(0)), [Punt(dag, D(50))], Punt(dag, D(60)))
    assert verwacht_niveau(punten, dag) == 60
    assert verwacht_niveau(punten, dag - timedelta(days=1)) < 50


def test_month_dates_make_the_plan_expect_the_level_at_the_end_of_the_month() -> None:
    punten = trajectpunten(
        Punt(datum("januari 2026"), getal("14 dagen")),
        [Punt(datum("maart 2026"), getal("12 dagen"))],
        Punt(datum("december 2026"), getal("7 dagen")),
    )
    assert verwacht_niveau(punten, date(2026, 3, 1)) > 12
    assert verwacht_niveau(punten, date(2026, 3, 31)) == 12


@st.composite
def trajecten(draw: st.DrawFn) -> list[Punt]:
    datums = draw(st.lists(DATUMS, min_size=1, max_size=8, unique=True))
    niveaus = draw(st.lists(NIVEAUS, min_size=len(datums), max_size=len(datums)))
    return [Punt(datum, niveau) for datum, niveau in sorted(zip(datums, niveaus, strict=True))]


@given(trajecten())
def test_verwacht_niveau_at_each_points_date_equals_that_points_level(
    punten: list[Punt],
) -> None:
    for punt in punten:
        assert verwacht_niveau(punten, punt.datum) == punt.niveau


@given(trajecten(), st.data())
def test_verwacht_niveau_between_two_points_lies_between_their_levels(
    punten: list[Punt], data: st.DataObject
) -> None:
    assume(len(punten) >= 2)
    index = data.draw(st.integers(min_value=0, max_value=len(punten) - 2))
    vorig, volgend = punten[index], punten[index + 1]
    op = data.draw(st.dates(min_value=vorig.datum, max_value=volgend.datum))
    niveau = verwacht_niveau(punten, op)
    assert isinstance(niveau, Decimal)
    assert min(vorig.niveau, volgend.niveau) <= niveau <= max(vorig.niveau, volgend.niveau)


@given(trajecten(), DATUMS)
def test_verwacht_niveau_is_the_first_level_before_and_the_last_after_the_points(
    punten: list[Punt], op: date
) -> None:
    niveau = verwacht_niveau(punten, op)
    if op <= punten[0].datum:
        assert niveau == punten[0].niveau
    if op >= punten[-1].datum:
        assert niveau == punten[-1].niveau


# Verwachte realisatie


def test_verwachte_realisatie_is_the_realisatie_of_the_verwacht_niveau() -> None:
    assert verwachte_realisatie(TRAJECT, date(2026, 1, 16), D(10), D(40)) == D(200) / D(3)
    assert verwachte_realisatie(TRAJECT, date(2025, 1, 1), D(10), D(40)) == 0
    assert verwachte_realisatie(TRAJECT, date(2027, 1, 1), D(10), D(40)) == 100


def test_verwachte_realisatie_says_why_it_has_no_value() -> None:
    assert verwachte_realisatie([], date(2026, 1, 1), D(10), D(40)) == Onbepaald.KWALITATIEF
    assert verwachte_realisatie([], date(2026, 1, 1), D(10), D(10)) == Onbepaald.GEEN_DOEL
    assert verwachte_realisatie(TRAJECT, date(2026, 1, 1), None, D(40)) == Onbepaald.KWALITATIEF
    assert verwachte_realisatie(TRAJECT, date(2026, 1, 1), D(10), D(10)) == Onbepaald.GEEN_DOEL


# Rule 3: achterstand


def test_achterstand_is_verwacht_minus_actueel_in_percentage_points() -> None:
    assert achterstand(D(60), D(33)) == 27
    assert achterstand(D(40), D(55)) == -15


def test_achterstand_passes_on_why_the_actual_figure_is_missing_first() -> None:
    assert achterstand(D(60), Onbepaald.NOG_NIET_GEMETEN) == Onbepaald.NOG_NIET_GEMETEN
    assert achterstand(Onbepaald.KWALITATIEF, Onbepaald.NOG_NIET_GEMETEN) == (
        Onbepaald.NOG_NIET_GEMETEN
    )
    assert achterstand(Onbepaald.KWALITATIEF, D(30)) == Onbepaald.KWALITATIEF


def test_a_baat_loopt_achter_only_strictly_above_the_drempel() -> None:
    assert loopt_achter(D("20.01"), D(20))
    assert not loopt_achter(D(20), D(20))
    assert not loopt_achter(D(-30), D(20))


def test_a_baat_without_a_numeric_achterstand_does_not_loopt_achter() -> None:
    for reden in Onbepaald:
        assert not loopt_achter(reden, D(20))


def test_a_lower_is_better_baat_behind_plan_has_a_positive_achterstand() -> None:
    # Doorlooptijd 14 -> 7 dagen in a year; halfway through it is still 13 dagen.
    punten = trajectpunten(Punt(date(2026, 1, 1), D(14)), [], Punt(date(2026, 12, 31), D(7)))
    halverwege = date(2026, 7, 2)
    verwacht = verwachte_realisatie(punten, halverwege, D(14), D(7))
    actueel = realisatie(D(14), D(7), D(13))
    assert isinstance(verwacht, Decimal)
    assert round(verwacht) == 50
    uitkomst = achterstand(verwacht, actueel)
    assert isinstance(uitkomst, Decimal)
    assert round(uitkomst) == 36
    assert loopt_achter(uitkomst, D(20))


@given(NIVEAUS, NIVEAUS, NIVEAUS)
def test_a_meting_on_the_verwacht_niveau_has_no_achterstand(
    nulmeting: Decimal, doel: Decimal, niveau: Decimal
) -> None:
    assume(nulmeting != doel)
    # The plan expects this level and it was measured: the same realisatie on both sides.
    verwacht, actueel = realisatie(nulmeting, doel, niveau), realisatie(nulmeting, doel, niveau)
    assert achterstand(verwacht, actueel) == 0


# Rule 4: fase


@pytest.mark.parametrize(
    ("waarde", "verwacht"),
    [
        ("-20", Fase.BASIS),
        ("0", Fase.BASIS),
        ("29.999", Fase.BASIS),
        ("30", Fase.GROEI),
        ("69.99", Fase.GROEI),
        ("70", Fase.TARGET),
        ("99.9999", Fase.TARGET),
        ("100", Fase.BORGING),
        ("250", Fase.BORGING),
    ],
)
def test_fase_follows_the_realisatie_bands(waarde: str, verwacht: Fase) -> None:
    assert fase(D(waarde)) == verwacht


def test_fase_passes_on_why_there_is_no_realisatie() -> None:
    for reden in Onbepaald:
        assert fase(reden) == reden


@given(REALISATIES, REALISATIES)
def test_fase_never_goes_back_as_realisatie_grows(een: Decimal, ander: Decimal) -> None:
    laag, hoog = sorted([een, ander])
    fase_laag, fase_hoog = fase(laag), fase(hoog)
    assert isinstance(fase_laag, Fase)
    assert isinstance(fase_hoog, Fase)
    assert FASE_VOLGORDE.index(fase_laag) <= FASE_VOLGORDE.index(fase_hoog)


# Rule 5: afhankelijkheden


def test_a_dependency_without_drempel_has_no_state_to_meet() -> None:
    assert afhankelijkheid_status(None, D(10)) == AfhankelijkheidStatus.GEEN_DREMPEL
    assert afhankelijkheid_status(None, Onbepaald.NOG_NIET_GEMETEN) == (
        AfhankelijkheidStatus.GEEN_DREMPEL
    )


def test_a_dependency_is_unmet_while_y_is_below_the_drempel() -> None:
    assert afhankelijkheid_status(D(50), D(32)) == AfhankelijkheidStatus.ONVERVULD
    assert afhankelijkheid_status(D(50), D("49.999")) == AfhankelijkheidStatus.ONVERVULD


def test_a_dependency_is_met_from_the_drempel_on() -> None:
    assert afhankelijkheid_status(D(50), D(50)) == AfhankelijkheidStatus.VERVULD
    assert afhankelijkheid_status(D(50), D(120)) == AfhankelijkheidStatus.VERVULD


def test_a_dependency_on_a_baat_not_yet_measured_is_unmet() -> None:
    assert afhankelijkheid_status(D(50), Onbepaald.NOG_NIET_GEMETEN) == (
        AfhankelijkheidStatus.ONVERVULD
    )


def test_a_dependency_on_a_qualitative_baat_is_unknown() -> None:
    assert afhankelijkheid_status(D(50), Onbepaald.KWALITATIEF) == AfhankelijkheidStatus.ONBEKEND
    assert afhankelijkheid_status(D(50), Onbepaald.GEEN_DOEL) == AfhankelijkheidStatus.ONBEKEND


def test_the_drempel_can_come_from_the_templates_impact_text() -> None:
    drempel = parse_getal("B1 moet eerst op 50% zijn")
    assert afhankelijkheid_status(drempel, D(32)) == AfhankelijkheidStatus.ONVERVULD


@pytest.mark.parametrize("gepland", [Fase.GROEI, Fase.TARGET, Fase.BORGING])
def test_an_unmet_dependency_conflicts_when_x_is_planned_beyond_basis(gepland: Fase) -> None:
    assert is_conflict(AfhankelijkheidStatus.ONVERVULD, gepland)


@pytest.mark.parametrize("gepland", [Fase.BASIS, None])
def test_an_unmet_dependency_does_not_conflict_while_x_is_in_basis_or_unplanned(
    gepland: Fase | None,
) -> None:
    assert not is_conflict(AfhankelijkheidStatus.ONVERVULD, gepland)


@pytest.mark.parametrize(
    "status",
    [
        AfhankelijkheidStatus.VERVULD,
        AfhankelijkheidStatus.ONBEKEND,
        AfhankelijkheidStatus.GEEN_DREMPEL,
    ],
)
def test_only_an_unmet_dependency_can_conflict(status: AfhankelijkheidStatus) -> None:
    for gepland in [*Fase, None]:
        assert not is_conflict(status, gepland)


# Rule 6: achterstallige meetmomenten


def test_a_meetmoment_is_overdue_once_its_date_has_passed_without_a_meting() -> None:
    assert is_achterstallig(date(2026, 3, 15), False, date(2026, 3, 16))


def test_a_meetmoment_is_not_overdue_on_its_own_date() -> None:
    assert not is_achterstallig(date(2026, 3, 15), False, date(2026, 3, 15))


def test_a_measured_meetmoment_is_never_overdue() -> None:
    assert not is_achterstallig(date(2026, 3, 15), True, date(2027, 1, 1))


def test_a_meetmoment_without_a_date_is_never_overdue() -> None:
    assert not is_achterstallig(None, False, date(2027, 1, 1))


def test_a_month_meetmoment_is_overdue_only_after_that_month() -> None:
    maart = datum("maart 2026")
    assert not is_achterstallig(maart, False, date(2026, 3, 2))
    assert not is_achterstallig(maart, False, date(2026, 3, 31))
    assert is_achterstallig(maart, False, date(2026, 4, 1))


# Roadmap quarters


def test_the_start_quarter_is_roadmap_quarter_1() -> None:
    assert kwartaal_nummer(2026, 1, date(2026, 1, 1)) == 1
    assert kwartaal_nummer(2026, 1, date(2026, 3, 31)) == 1
    assert kwartaal_nummer(2026, 1, date(2026, 4, 1)) == 2


def test_roadmap_quarters_run_on_across_years() -> None:
    assert kwartaal_nummer(2025, 3, date(2026, 2, 1)) == 3
    assert kwartaal_nummer(2025, 3, date(2027, 12, 31)) == 10


def test_kwartaal_nummer_is_below_1_before_the_roadmap_starts() -> None:
    assert kwartaal_nummer(2026, 1, date(2025, 12, 31)) == 0
    assert kwartaal_nummer(2026, 2, date(2025, 1, 1)) == -4


def test_kwartaal_periode_gives_the_calendar_days_of_a_roadmap_quarter() -> None:
    assert kwartaal_periode(2026, 1, 1) == (date(2026, 1, 1), date(2026, 3, 31))
    assert kwartaal_periode(2025, 3, 2) == (date(2025, 10, 1), date(2025, 12, 31))
    assert kwartaal_periode(2025, 3, 3) == (date(2026, 1, 1), date(2026, 3, 31))
    assert kwartaal_periode(2026, 1, 0) == (date(2025, 10, 1), date(2025, 12, 31))


def test_kwartaal_label_names_the_calendar_quarter() -> None:
    assert kwartaal_label(2026, 1, 3) == "2026-K3"
    assert kwartaal_label(2025, 4, 2) == "2026-K1"
    assert kwartaal_label(2026, 1, 0) == "2025-K4"


def test_a_start_quarter_outside_1_to_4_is_refused() -> None:
    with pytest.raises(ValueError, match="kwartaal"):
        kwartaal_nummer(2026, 5, date(2026, 1, 1))
    with pytest.raises(ValueError, match="kwartaal"):
        kwartaal_periode(2026, 0, 1)
    with pytest.raises(ValueError, match="kwartaal"):
        kwartaal_label(2026, 0, 1)


@given(DATUMS, st.integers(min_value=2000, max_value=2100), st.integers(min_value=1, max_value=4))
def test_every_date_lies_in_the_period_of_its_roadmap_quarter(
    op: date, start_jaar: int, start_kwartaal: int
) -> None:
    nummer = kwartaal_nummer(start_jaar, start_kwartaal, op)
    eerste, laatste = kwartaal_periode(start_jaar, start_kwartaal, nummer)
    assert eerste <= op <= laatste
    assert kwartaal_label(start_jaar, start_kwartaal, nummer) == (
        f"{op.year}-K{(op.month - 1) // 3 + 1}"
    )


@given(st.integers(min_value=2000, max_value=2100), st.integers(min_value=1, max_value=4))
def test_roadmap_quarters_follow_each_other_without_gaps(
    start_jaar: int, start_kwartaal: int
) -> None:
    for nummer in range(1, 12):
        _, einde = kwartaal_periode(start_jaar, start_kwartaal, nummer)
        begin, _ = kwartaal_periode(start_jaar, start_kwartaal, nummer + 1)
        assert begin == einde + timedelta(days=1)


# Rule 7: suggestion for Tempo


def test_suggestie_tempo_is_rood_when_any_baat_is_behind_beyond_the_drempel() -> None:
    assert suggestie_tempo([D(5), D("20.5")], D(20)) == Status.ROOD


def test_suggestie_tempo_is_geel_beyond_half_the_drempel() -> None:
    assert suggestie_tempo([D(5), D(11), D(20)], D(20)) == Status.GEEL


def test_suggestie_tempo_is_groen_up_to_half_the_drempel() -> None:
    assert suggestie_tempo([D(10), D(-30)], D(20)) == Status.GROEN


def test_suggestie_tempo_ignores_baten_without_a_numeric_achterstand() -> None:
    assert suggestie_tempo([Onbepaald.NOG_NIET_GEMETEN, D(3)], D(20)) == Status.GROEN


def test_suggestie_tempo_suggests_nothing_without_any_numeric_achterstand() -> None:
    assert suggestie_tempo([], D(20)) is None
    assert suggestie_tempo([Onbepaald.KWALITATIEF, Onbepaald.GEEN_DOEL], D(20)) is None


def test_suggestie_tempo_takes_any_iterable() -> None:
    assert suggestie_tempo((waarde for waarde in [D(25)]), D(20)) == Status.ROOD


# Rule 6: automatic escalation signals


def test_an_achterstand_above_the_drempel_raises_a_signal_in_whole_points() -> None:
    signalen = automatische_signalen(achterstand=D(80) / D(3), drempel=D(20), conflicten=[])
    assert signalen == [
        Signaal(Criterium.ACHTERSTAND, "Loopt 27 procentpunt achter op planning (drempel 20)")
    ]


def test_the_signal_writes_numbers_the_dutch_way() -> None:
    signalen = automatische_signalen(achterstand=D("1250.4"), drempel=D("12.50"), conflicten=[])
    assert [signaal.reden for signaal in signalen] == [
        "Loopt 1.250 procentpunt achter op planning (drempel 12,5)"
    ]


def test_no_achterstand_signal_at_or_below_the_drempel() -> None:
    assert automatische_signalen(achterstand=D(20), drempel=D(20), conflicten=[]) == []


def test_no_achterstand_signal_without_a_numeric_achterstand() -> None:
    for reden in Onbepaald:
        assert automatische_signalen(achterstand=reden, drempel=D(20), conflicten=[]) == []


def test_every_conflict_becomes_a_signal_as_the_caller_wrote_it() -> None:
    tekst = "Conflict: B2 gepland in Groei, maar B1 staat op 32 % (drempel 50 %)"
    signalen = automatische_signalen(
        achterstand=D(30), drempel=D(20), conflicten=iter([tekst, "Conflict: B4"])
    )
    assert [signaal.criterium for signaal in signalen] == [
        Criterium.ACHTERSTAND,
        Criterium.CONFLICT,
        Criterium.CONFLICT,
    ]
    assert signalen[1] == Signaal(Criterium.CONFLICT, tekst)


# A baat from the plan as written, end to end


def test_a_baat_as_written_in_the_plan_gives_all_its_figures() -> None:
    nulmeting = getal("14 dagen")
    doel = getal("7 dagen")
    punten = trajectpunten(
        Punt(datum("januari 2026"), nulmeting),
        [
            Punt(datum("maart 2026"), getal("12 dagen")),
            Punt(datum("juni 2026"), getal("10 dagen")),
        ],
        Punt(datum("december 2026"), doel),
    )
    # Measured at the end of June: still 13 dagen where 10 was planned.
    op = datum("30-06-2026")
    actueel = realisatie(nulmeting, doel, getal("13 dagen"))
    verwacht = verwachte_realisatie(punten, op, nulmeting, doel)
    assert isinstance(actueel, Decimal)
    assert round(actueel) == 14
    assert isinstance(verwacht, Decimal)
    assert round(verwacht) == 57
    achter = achterstand(verwacht, actueel)
    assert isinstance(achter, Decimal)
    assert round(achter) == 43
    assert fase(actueel) == Fase.BASIS
    assert suggestie_tempo([achter], D(20)) == Status.ROOD
    assert automatische_signalen(achterstand=achter, drempel=D(20), conflicten=[]) == [
        Signaal(Criterium.ACHTERSTAND, "Loopt 43 procentpunt achter op planning (drempel 20)")
    ]


def test_a_baat_not_yet_measured_shows_nog_niet_gemeten_not_zero() -> None:
    actueel = realisatie(D(15), D(40), None, gemeten=False)
    verwacht = verwachte_realisatie(TRAJECT, date(2026, 1, 16), D(10), D(40))
    assert actueel == Onbepaald.NOG_NIET_GEMETEN
    assert achterstand(verwacht, actueel) == Onbepaald.NOG_NIET_GEMETEN
    assert fase(actueel) == Onbepaald.NOG_NIET_GEMETEN
    achter = achterstand(verwacht, actueel)
    assert automatische_signalen(achterstand=achter, drempel=D(20), conflicten=[]) == []


# When a meetmoment counts as measured: one rule for the model and the figures' records


@pytest.mark.parametrize(
    ("meting_tekst", "gemeten"),
    [("7,2", True), ("Ontwerp gereed", True), (" 0 ", True), ("", False), (" \n ", False)],
)
def test_a_meetmoment_is_gemeten_once_its_meting_holds_any_text(
    meting_tekst: str, gemeten: bool
) -> None:
    assert is_gemeten(meting_tekst) is gemeten


def test_a_meetmoment_without_a_meting_text_at_all_is_not_gemeten() -> None:
    assert is_gemeten(None) is False


# What the pages show, decided here (issue 12): rounding, the ends and marks of a trajectory,
# which meetmomenten are overdue and which an overview lists.


def test_a_percentage_is_shown_whole_with_a_half_rounded_away_from_zero() -> None:
    from programmas.realisatie import heel

    assert heel(D("26.666")) == 27
    assert heel(D("12.5")) == 13
    assert heel(D("-2.5")) == -3
    assert heel(D("-2.4")) == -2


def test_a_trajectory_runs_from_the_dated_nulmeting_to_the_target_on_the_deadline() -> None:
    from programmas.realisatie import traject_einden

    begin, eind = traject_einden(D(6), date(2025, 12, 31), D(8), date(2027, 6, 30))
    assert begin == Punt(date(2025, 12, 31), D(6))
    assert eind == Punt(date(2027, 6, 30), D(8))
    # A level without a number or a date has no place on a line.
    assert traject_einden(None, date(2025, 12, 31), D(8), None) == (None, None)


def meetmoment(dag: date | None, *, meting: str | None = None, verwacht: str = "7"):
    from programmas.realisatie import MeetmomentCijfers

    return MeetmomentCijfers(dag, D(verwacht), meting is not None, D(meting) if meting else None)


def test_the_metingen_on_a_trajectory_are_the_measured_numbers_oldest_first() -> None:
    from programmas.realisatie import MeetmomentCijfers, metingpunten

    lijst = [
        meetmoment(date(2026, 9, 30), meting="7"),
        meetmoment(date(2026, 3, 31), meting="6"),
        meetmoment(date(2026, 12, 31)),  # planned, not measured
        MeetmomentCijfers(date(2026, 6, 30), None, True, None),  # measured, in words
    ]
    assert metingpunten(lijst) == [
        Punt(date(2026, 3, 31), D(6)),
        Punt(date(2026, 9, 30), D(7)),
    ]


def test_an_overview_lists_the_latest_metingen_every_overdue_one_and_the_next() -> None:
    from programmas.realisatie import achterstallige, overzicht

    vandaag = date(2026, 12, 1)
    lijst = [meetmoment(date(2025, m, 28), meting="6") for m in range(1, 7)]  # 0-5
    lijst += [meetmoment(date(2026, 3, 31)), meetmoment(date(2026, 9, 30))]  # 6, 7 overdue
    lijst += [meetmoment(date(2027, 3, 31)), meetmoment(date(2027, 6, 30))]  # 8 next, 9
    assert achterstallige(lijst, vandaag) == [6, 7]
    assert overzicht(lijst, vandaag) == ([3, 4, 5, 6, 7, 8], 3)
    assert overzicht(lijst, vandaag, laatste=1) == ([5, 6, 7, 8], 5)
    assert overzicht([], vandaag) == ([], 0)


def test_an_overview_takes_the_latest_metingen_by_the_day_they_were_measured() -> None:
    """A meetmoment planned in February but measured in December is the latest meting, as
    the figures take it; later planned meetmomenten are not counted as earlier metingen."""
    from programmas.realisatie import overzicht

    vandaag = date(2026, 12, 5)
    laat = replace(meetmoment(date(2026, 2, 15), meting="7.9"), meetdatum=date(2026, 12, 1))
    lijst = [
        laat,  # 0
        meetmoment(date(2026, 3, 31), meting="6.5"),  # 1
        meetmoment(date(2026, 6, 30), meting="6.9"),  # 2
        meetmoment(date(2026, 9, 30), meting="7.2"),  # 3
        meetmoment(date(2026, 12, 31)),  # 4 next
        meetmoment(date(2027, 3, 31)),  # 5
        meetmoment(date(2027, 6, 30)),  # 6
    ]
    assert overzicht(lijst, vandaag) == ([0, 2, 3, 4], 1)


@given(
    st.lists(st.tuples(DATUMS, st.booleans()), max_size=12),
    st.one_of(st.none(), DATUMS),
    st.one_of(st.none(), DATUMS),
)
def test_a_cycle_reads_the_same_from_sorted_metingen(metingen, begin, eind) -> None:
    from programmas.realisatie import cyclus_realisatie, gemeten_op_volgorde

    # Each meting its own value, so that picking another one shows.
    lijst = [
        meetmoment(dag, meting=f"6.{i:02d}" if gemeten else None)
        for i, (dag, gemeten) in enumerate(metingen)
    ]
    periode = (begin, eind) if begin and eind and begin <= eind else None
    uit = cyclus_realisatie(D(6), D(7), eind, lijst, periode=periode)
    gesorteerd = gemeten_op_volgorde(lijst)
    assert cyclus_realisatie(D(6), D(7), eind, gesorteerd, periode=periode, op_volgorde=True) == uit


# ---------------------------------------------------------------------------------------
# A baat's course at a glance: the benefits map's colour and the PDF cover's count


def figuren_met(
    realisatie_: Decimal | Onbepaald, *, achter: bool = False, signaal: bool = False
) -> BaatFiguren:
    signalen = (Signaal(Criterium.CONFLICT, "conflict"),) if signaal else ()
    return BaatFiguren(
        realisatie=realisatie_,
        verwachte_realisatie=Onbepaald.GEEN_DOEL,
        achterstand=Onbepaald.GEEN_DOEL,
        fase=Onbepaald.GEEN_DOEL,
        geplande_fase=None,
        laatste=None,
        vorige=None,
        achterstallig=(),
        loopt_achter=achter,
        signalen=signalen,
    )


@pytest.mark.parametrize(
    ("realisatie_", "achter", "signaal", "verwacht"),
    [
        (D(60), False, False, Koers.OP_KOERS),
        (D(-10), False, False, Koers.OP_KOERS),  # below the nulmeting, but not behind plan
        (D(13), True, False, Koers.ACHTER),
        (D(80), False, True, Koers.ACHTER),  # an open escalation signal weighs heavier
        (Onbepaald.NOG_NIET_GEMETEN, False, True, Koers.ACHTER),  # B5 in the demo: a conflict
        (Onbepaald.NOG_NIET_GEMETEN, False, False, Koers.ZONDER_CIJFER),
        (Onbepaald.KWALITATIEF, False, False, Koers.ZONDER_CIJFER),
        (Onbepaald.GEEN_DOEL, False, False, Koers.ZONDER_CIJFER),
    ],
)
def test_a_baats_course_is_behind_with_a_signal_and_without_a_figure_when_undetermined(
    realisatie_, achter, signaal, verwacht
):
    assert koers(figuren_met(realisatie_, achter=achter, signaal=signaal)) == verwacht


@pytest.mark.parametrize(
    ("afgehandeld_op", "laatste_peildatum", "afgehandeld"),
    [
        (date(2026, 10, 1), date(2026, 9, 30), True),  # handled after the latest meting
        (date(2026, 10, 1), date(2026, 10, 1), True),  # a meting of the day itself: seen
        (date(2026, 10, 1), date(2026, 10, 2), False),  # a newer meting raises it again
        (None, date(2026, 10, 2), True),  # a handling without a date holds
        (date(2026, 10, 1), None, True),  # a baat without a meting: nothing newer
    ],
)
def test_a_handled_signal_stays_handled_until_newer_data_come_in(
    afgehandeld_op, laatste_peildatum, afgehandeld
):
    assert nog_afgehandeld(afgehandeld_op, laatste_peildatum) is afgehandeld
