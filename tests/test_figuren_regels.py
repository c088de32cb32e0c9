"""Issue 11, point 4 as pure figures: cycles (rule 1), verwacht niveau at both ends (rule 2),
section 7's ticks (rule 6) and the dependency stand per row (rule 5)."""

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import assume, given
from hypothesis import strategies as st

from programmas.keuzes import Criterium, Fase
from programmas.notatie import parse_getal, parse_periode
from programmas.realisatie import (
    AfhankelijkheidCijfers,
    BaatCijfers,
    MeetmomentCijfers,
    Onbepaald,
    Punt,
    Signaal,
    baat_trajectpunten,
    cyclus_realisatie,
    escaleert,
    geen_criteria,
    plan_figuren,
    realisatie,
    trajectpunten,
    verdeel_signalen,
    verwacht_niveau,
    verwachte_realisatie,
)
from tests.helpers import DATUMS, NIVEAUS, datum, getal

D = Decimal


def gemeten(tekst_datum: str, meting: str) -> MeetmomentCijfers:
    return MeetmomentCijfers(
        datum=datum(tekst_datum), verwacht=None, gemeten=True, meting=parse_getal(meting)
    )


# B1 as plans write it: a 1-10 score measured through 2026.
METINGEN_B1 = [
    gemeten("maart 2026", "6,3 (klantpanel)"),
    gemeten("juni 2026", "6,6"),
    gemeten("september 2026", "7,0"),
]


def cyclus_op_30_november(
    start: str, doel: str, meetmoment: str, periode: str, metingen=METINGEN_B1
) -> Decimal | Onbepaald:
    """Rule 1 for a cycle as the plan writes it, on 30 November 2026."""
    return cyclus_realisatie(
        getal(start),
        getal(doel),
        datum(meetmoment),
        metingen,
        periode=parse_periode(periode),
        vandaag=date(2026, 11, 30),
    )


# ---------------------------------------------------------------------------------------
# Rule 1 per cycle


def test_a_cycle_that_has_not_started_is_nog_niet_gestart_not_a_negative_percentage() -> None:
    uitkomst = cyclus_op_30_november("7,4", "8,0 [streef]", "juni 2027", "jan-jun 2027")
    assert uitkomst == Onbepaald.NOG_NIET_GESTART
    assert str(uitkomst) == "nog niet gestart"


def test_a_started_cycle_without_a_meting_in_its_period_is_nog_niet_gemeten() -> None:
    uitkomst = cyclus_op_30_november("7,0", "7,6", "december 2026", "okt - dec 2026")
    # The September meting lies before the cycle: it does not count as progress in it.
    assert uitkomst == Onbepaald.NOG_NIET_GEMETEN


def test_a_cycle_uses_the_latest_meting_within_its_period_up_to_its_meetmoment() -> None:
    metingen = [*METINGEN_B1, gemeten("november 2026", "7,3")]
    uitkomst = cyclus_op_30_november("6,0", "6,8", "juni 2026", "2026 H1", metingen)
    assert uitkomst == realisatie(D("6.0"), D("6.8"), D("6.6"))


def test_a_cycle_that_only_measures_has_geen_doel() -> None:
    uitkomst = cyclus_op_30_november("6,8", "6,8 (alleen meten)", "december 2026", "2026 H2")
    assert uitkomst == Onbepaald.GEEN_DOEL


def test_a_cycle_without_a_readable_period_counts_every_meting_up_to_its_meetmoment() -> None:
    uitkomst = cyclus_realisatie(
        D(6), D(8), datum("juni 2026"), METINGEN_B1, periode=None, vandaag=date(2026, 11, 30)
    )
    assert uitkomst == realisatie(D(6), D(8), D("6.6"))


@st.composite
def metingen(draw: st.DrawFn) -> list[MeetmomentCijfers]:
    paren = draw(st.lists(st.tuples(DATUMS, NIVEAUS), max_size=8))
    return [MeetmomentCijfers(datum=d, verwacht=None, gemeten=True, meting=n) for d, n in paren]


@given(metingen(), NIVEAUS, NIVEAUS, DATUMS, st.integers(0, 400), st.integers(1, 4000))
def test_before_a_cycle_starts_its_realisatie_is_never_a_number(
    lijst: list[MeetmomentCijfers],
    start: Decimal,
    doel: Decimal,
    begin: date,
    duur: int,
    eerder: int,
) -> None:
    eind = begin + timedelta(days=duur)
    # Metingen from before the cycle, and even ones wrongly dated inside it, say nothing.
    vandaag = begin - timedelta(days=eerder)
    uitkomst = cyclus_realisatie(start, doel, None, lijst, periode=(begin, eind), vandaag=vandaag)
    assert not isinstance(uitkomst, Decimal)
    if start != doel:
        assert uitkomst == Onbepaald.NOG_NIET_GESTART


@given(metingen(), NIVEAUS, NIVEAUS, DATUMS, st.integers(0, 400), DATUMS)
def test_a_cycle_counts_only_the_latest_meting_within_its_period(
    lijst: list[MeetmomentCijfers], start: Decimal, doel: Decimal, begin: date, duur: int, op: date
) -> None:
    assume(start != doel)
    eind = begin + timedelta(days=duur)
    binnen = sorted(
        (m for m in lijst if begin <= m.datum <= eind),  # type: ignore[operator]
        key=lambda m: m.datum,  # type: ignore[arg-type, return-value]
    )
    uitkomst = cyclus_realisatie(start, doel, None, lijst, periode=(begin, eind), vandaag=op)
    if op < begin:
        assert uitkomst == Onbepaald.NOG_NIET_GESTART
    elif binnen:
        assert uitkomst == realisatie(start, doel, binnen[-1].meting)
    else:
        assert isinstance(uitkomst, Onbepaald)


# ---------------------------------------------------------------------------------------
# Rule 2 at both ends


def test_before_the_first_point_the_plan_expects_the_baseline_even_without_its_date() -> None:
    # "Nulmeting: 6,0, datum [vul in]": no point for the baseline on the line.
    punten = trajectpunten(
        None,
        [Punt(datum("juni 2026"), getal("6,4")), Punt(datum("december 2026"), getal("6,8"))],
        Punt(datum("december 2027"), getal("7,5")),
    )
    assert verwacht_niveau(punten, date(2026, 1, 15), nulmeting=D("6.0")) == D("6.0")
    assert verwachte_realisatie(punten, date(2026, 1, 15), D("6.0"), D("7.5")) == 0


def test_after_the_deadline_the_plan_expects_the_target_not_a_later_meetmoment() -> None:
    na_deadline = Punt(datum("maart 2028"), getal("7,9 (nameting)"))
    punten = trajectpunten(
        Punt(datum("januari 2026"), D("6.0")),
        [Punt(datum("juni 2026"), D("6.4")), na_deadline],
        Punt(datum("december 2027"), D("7.5")),
    )
    assert na_deadline not in punten  # it does not move the line either
    assert verwacht_niveau(punten, datum("februari 2028"), nulmeting=D("6.0")) == D("7.5")
    assert verwacht_niveau(punten, datum("maart 2028"), nulmeting=D("6.0")) == D("7.5")
    assert verwachte_realisatie(punten, datum("maart 2028"), D("6.0"), D("7.5")) == 100


def test_the_baat_line_leaves_out_meetmomenten_after_the_deadline() -> None:
    baat = BaatCijfers(
        code="B1",
        nulmeting=D("6.0"),
        nulmeting_datum=None,
        doel=D("7.5"),
        deadline=datum("december 2027"),
        meetmomenten=[
            MeetmomentCijfers(
                datum=datum("juni 2026"), verwacht=D("6.4"), gemeten=False, meting=None
            ),
            MeetmomentCijfers(
                datum=datum("juni 2028"), verwacht=D("8.0"), gemeten=False, meting=None
            ),
        ],
        roadmap={},
    )
    assert [p.datum for p in baat_trajectpunten(baat)] == [
        datum("juni 2026"),
        datum("december 2027"),
    ]


@st.composite
def plannen(draw: st.DrawFn) -> tuple[Punt | None, Decimal, list[Punt], Punt]:
    nulmeting_score = draw(NIVEAUS)
    met_datum = draw(st.booleans())
    meetmomenten = draw(st.lists(st.builds(Punt, DATUMS, NIVEAUS), max_size=6))
    deadline = draw(DATUMS)
    doel = Punt(deadline, draw(NIVEAUS))
    nulmeting = None
    if met_datum:
        nulmeting = Punt(draw(st.dates(max_value=deadline)), nulmeting_score)
    return nulmeting, nulmeting_score, meetmomenten, doel


Plan = tuple[Punt | None, Decimal, list[Punt], Punt]


def uitgezet(plan: Plan) -> tuple[list[Punt], Decimal, Punt]:
    """The plan's trajectory points, its nulmeting score and its target."""
    nulmeting, score, meetmomenten, doel = plan
    return trajectpunten(nulmeting, meetmomenten, doel), score, doel


@given(plannen(), DATUMS)
def test_verwacht_niveau_is_the_baseline_before_every_point_and_the_target_from_the_deadline(
    plan: Plan, op: date
) -> None:
    punten, score, doel = uitgezet(plan)
    niveau = verwacht_niveau(punten, op, nulmeting=score)
    if op < punten[0].datum:
        assert niveau == score
    if op >= doel.datum:
        assert niveau == doel.niveau
    assert all(p.datum <= doel.datum for p in punten)


@given(plannen(), DATUMS)
def test_verwacht_niveau_between_points_stays_between_their_levels(plan: Plan, op: date) -> None:
    punten, score, doel = uitgezet(plan)
    assume(punten[0].datum <= op <= doel.datum)
    niveau = verwacht_niveau(punten, op, nulmeting=score)
    assert isinstance(niveau, Decimal)
    assert min(p.niveau for p in punten) <= niveau <= max(p.niveau for p in punten)


# ---------------------------------------------------------------------------------------
# Rule 6: section 7's ticks


ACHTER = Signaal(Criterium.ACHTERSTAND, "Loopt 40 procentpunt achter op planning (drempel 20)")
CONFLICT = Signaal(Criterium.CONFLICT, "Conflict: B5 gepland in Groei, maar B2 staat op 13 %")


def test_only_a_ticked_criterion_escalates() -> None:
    assert escaleert(Criterium.ACHTERSTAND, {Criterium.ACHTERSTAND})
    assert not escaleert(Criterium.ACHTERSTAND, {Criterium.CONFLICT})


def test_signals_of_unticked_criteria_are_warnings() -> None:
    escalaties, waarschuwingen = verdeel_signalen([ACHTER, CONFLICT], {Criterium.CONFLICT})
    assert escalaties == (CONFLICT,)
    assert waarschuwingen == (ACHTER,)


def test_a_plan_without_ticks_says_so() -> None:
    assert geen_criteria(frozenset())
    assert not geen_criteria({Criterium.COMMITMENT})


@given(st.lists(st.sampled_from([ACHTER, CONFLICT])), st.sets(st.sampled_from(Criterium)))
def test_every_signal_is_either_an_escalation_or_a_warning(
    signalen: list[Signaal], aangevinkt: set[Criterium]
) -> None:
    escalaties, waarschuwingen = verdeel_signalen(signalen, aangevinkt)
    assert sorted(escalaties + waarschuwingen, key=str) == sorted(signalen, key=str)
    assert all(s.criterium in aangevinkt for s in escalaties)
    assert not any(s.criterium in aangevinkt for s in waarschuwingen)


def achterlopende_baat(code: str = "B2") -> BaatCijfers:
    # Planned 0 → 100 over 2026; measured 10 on 1 July, when 50 was expected: 40 pp behind.
    return BaatCijfers(
        code=code,
        nulmeting=D(0),
        nulmeting_datum=date(2026, 1, 1),
        doel=D(100),
        deadline=date(2026, 12, 31),
        meetmomenten=[
            MeetmomentCijfers(datum=date(2026, 7, 2), verwacht=None, gemeten=True, meting=D(10))
        ],
        roadmap={1: Fase.GROEI},
    )


def test_an_unticked_achterstand_is_a_warning_on_the_baat_not_an_escalation() -> None:
    figuren, _ = plan_figuren(
        [achterlopende_baat()],
        [],
        drempel=D(20),
        vandaag=date(2026, 8, 1),
        kwartaal_nu=1,
        criteria={Criterium.CONFLICT, Criterium.COMMITMENT},
    )
    b2 = figuren["B2"]
    assert b2.loopt_achter
    assert b2.signalen == ()
    assert [s.criterium for s in b2.waarschuwingen] == [Criterium.ACHTERSTAND]


def test_a_ticked_achterstand_escalates_as_before() -> None:
    for criteria in (None, {Criterium.ACHTERSTAND}):
        figuren, _ = plan_figuren(
            [achterlopende_baat()],
            [],
            drempel=D(20),
            vandaag=date(2026, 8, 1),
            kwartaal_nu=1,
            criteria=criteria,
        )
        assert [s.criterium for s in figuren["B2"].signalen] == [Criterium.ACHTERSTAND]
        assert figuren["B2"].waarschuwingen == ()


# ---------------------------------------------------------------------------------------
# Rule 5: the stand of each row of section 5


def test_each_dependency_link_knows_its_row_so_an_outside_row_gets_no_stand() -> None:
    b1 = achterlopende_baat("B1")
    b3 = achterlopende_baat("B3")
    _, links = plan_figuren(
        [b1, b3],
        [
            AfhankelijkheidCijfers(baat="B3", van=["B1"], drempel=D(50), rij=11),
            # "Aanbesteding CRM-systeem (extern)": no baat of the plan.
            AfhankelijkheidCijfers(baat="B3", van=[], drempel=None, rij=12),
        ],
        drempel=D(20),
        vandaag=date(2026, 8, 1),
        kwartaal_nu=1,
    )
    assert [(link.rij, link.van) for link in links] == [(11, "B1")]


@given(
    st.lists(st.tuples(DATUMS, NIVEAUS), max_size=6),
    NIVEAUS,
    NIVEAUS,
    DATUMS,
    st.booleans(),
    DATUMS,
)
def test_a_baat_expects_0_percent_before_its_plan_and_100_percent_from_its_deadline(
    gepland: list[tuple[date, Decimal]],
    nulmeting: Decimal,
    doel: Decimal,
    deadline: date,
    met_datum: bool,
    op: date,
) -> None:
    assume(doel != nulmeting)
    baat = BaatCijfers(
        code="B1",
        nulmeting=nulmeting,
        nulmeting_datum=min([deadline, *(d for d, _ in gepland)]) if met_datum else None,
        doel=doel,
        deadline=deadline,
        meetmomenten=[
            MeetmomentCijfers(datum=d, verwacht=n, gemeten=False, meting=None) for d, n in gepland
        ],
        roadmap={},
    )
    punten = baat_trajectpunten(baat)
    verwacht = verwachte_realisatie(punten, op, nulmeting, doel)
    if op < punten[0].datum:
        assert verwacht == 0
    if op >= deadline:
        assert verwacht == 100
