"""The figures of a whole plan: rules 1-6 combined, as pure functions and on the demo."""

from datetime import date
from decimal import Decimal

from programmas.keuzes import Criterium, Fase
from programmas.realisatie import (
    AfhankelijkheidCijfers,
    AfhankelijkheidStatus,
    BaatCijfers,
    MeetmomentCijfers,
    Onbepaald,
    cyclus_realisatie,
    plan_figuren,
)

D = Decimal
VANDAAG = date(2026, 11, 29)
D20 = Decimal(20)


def meetmoment(datum: date, verwacht: str | None, meting: str | None = None) -> MeetmomentCijfers:
    return MeetmomentCijfers(
        datum=datum,
        verwacht=D(verwacht) if verwacht else None,
        gemeten=meting is not None,
        meting=D(meting) if meting not in (None, "") else None,
    )


def baat(code: str, *meetmomenten: MeetmomentCijfers, roadmap=None, **fields) -> BaatCijfers:
    values = {
        "nulmeting": D(0),
        "nulmeting_datum": date(2026, 1, 1),
        "doel": D(100),
        "deadline": date(2026, 12, 31),
    }
    values.update(fields)
    return BaatCijfers(code=code, meetmomenten=meetmomenten, roadmap=roadmap or {}, **values)


def figures(*baten: BaatCijfers, afhankelijkheden=(), kwartaal_nu=4, drempel=D20):
    return plan_figuren(
        baten, afhankelijkheden, drempel=drempel, vandaag=VANDAAG, kwartaal_nu=kwartaal_nu
    )


def test_a_baat_without_metingen_is_not_yet_measured_not_zero_percent():
    result, _ = figures(baat("B1", meetmoment(date(2027, 3, 1), "50")))
    assert result["B1"].realisatie == Onbepaald.NOG_NIET_GEMETEN
    assert result["B1"].achterstand == Onbepaald.NOG_NIET_GEMETEN
    assert result["B1"].fase == Onbepaald.NOG_NIET_GEMETEN
    assert result["B1"].signalen == ()


def test_the_latest_meting_counts_and_the_one_before_is_kept_for_vorig_nu():
    result, _ = figures(
        baat(
            "B1",
            meetmoment(date(2026, 9, 30), "60", "50"),
            meetmoment(date(2026, 3, 31), "20", "25"),
        )
    )
    assert result["B1"].realisatie == 50
    assert result["B1"].laatste.datum == date(2026, 9, 30)
    assert result["B1"].vorige.datum == date(2026, 3, 31)


def test_achterstand_is_measured_on_the_date_of_the_latest_meting():
    # Planned: 60 on 30 September; measured 35 then: 25 points behind, above 20.
    result, _ = figures(baat("B1", meetmoment(date(2026, 9, 30), "60", "35")))
    assert result["B1"].verwachte_realisatie == 60
    assert result["B1"].achterstand == 25
    assert result["B1"].loopt_achter
    assert [s.criterium for s in result["B1"].signalen] == [Criterium.ACHTERSTAND]


def test_exactly_at_the_threshold_is_not_an_escalation():
    result, _ = figures(baat("B1", meetmoment(date(2026, 9, 30), "60", "40")))
    assert result["B1"].achterstand == 20
    assert not result["B1"].loopt_achter
    assert result["B1"].signalen == ()


def test_a_programme_threshold_other_than_20_is_used():
    result, _ = figures(baat("B1", meetmoment(date(2026, 9, 30), "60", "45")), drempel=D(10))
    assert result["B1"].loopt_achter


def test_lower_is_better_baten_compute_the_same_way():
    doorlooptijd = baat(
        "B3",
        meetmoment(date(2026, 7, 31), "10", "11"),
        nulmeting=D(14),
        doel=D(7),
        nulmeting_datum=date(2026, 1, 31),
        deadline=date(2027, 3, 31),
    )
    result, _ = figures(doorlooptijd)
    assert result["B3"].realisatie == D(300) / D(7)
    assert result["B3"].fase == Fase.GROEI


def test_a_qualitative_meting_gives_kwalitatief():
    result, _ = figures(baat("B4", MeetmomentCijfers(date(2026, 9, 30), None, True, None)))
    assert result["B4"].realisatie == Onbepaald.KWALITATIEF
    assert result["B4"].laatste is not None


def test_an_unmeasured_meetmoment_in_the_past_is_overdue_but_not_an_escalation():
    verleden = meetmoment(date(2026, 10, 31), "80")
    toekomst = meetmoment(date(2026, 12, 31), "90")
    result, _ = figures(baat("B3", verleden, toekomst))
    assert result["B3"].achterstallig == (verleden,)
    assert result["B3"].signalen == ()


def test_the_planned_fase_is_that_of_the_current_quarter():
    result, _ = figures(baat("B1", roadmap={3: Fase.BASIS, 4: Fase.TARGET}), kwartaal_nu=4)
    assert result["B1"].geplande_fase == Fase.TARGET
    result, _ = figures(baat("B1", roadmap={3: Fase.BASIS}), kwartaal_nu=None)
    assert result["B1"].geplande_fase is None


def test_an_unmet_dependency_is_a_conflict_when_x_is_planned_beyond_basis():
    b1 = baat("B1", meetmoment(date(2026, 9, 30), "40", "32"))
    b2 = baat("B2", roadmap={4: Fase.GROEI})
    result, links = figures(b1, b2, afhankelijkheden=[AfhankelijkheidCijfers("B2", ["B1"], D(50))])
    assert links[0].status == AfhankelijkheidStatus.ONVERVULD
    assert links[0].conflict
    conflict = result["B2"].signalen[0]
    assert conflict.criterium == Criterium.CONFLICT
    assert conflict.reden == "Conflict: B2 gepland in Groei, maar B1 staat op 32 % (drempel 50 %)"
    assert result["B1"].signalen == ()


def test_an_unmet_dependency_is_no_conflict_while_x_is_planned_in_basis():
    b1 = baat("B1", meetmoment(date(2026, 9, 30), "40", "32"))
    b2 = baat("B2", roadmap={4: Fase.BASIS})
    result, links = figures(b1, b2, afhankelijkheden=[AfhankelijkheidCijfers("B2", ["B1"], D(50))])
    assert links[0].status == AfhankelijkheidStatus.ONVERVULD
    assert not links[0].conflict
    assert result["B2"].signalen == ()


def test_a_met_dependency_and_one_without_drempel_raise_nothing():
    b1 = baat("B1", meetmoment(date(2026, 9, 30), "40", "60"))
    b2 = baat("B2", roadmap={4: Fase.TARGET})
    _, links = figures(
        b1,
        b2,
        afhankelijkheden=[
            AfhankelijkheidCijfers("B2", ["B1"], D(50)),
            AfhankelijkheidCijfers("B2", ["B1"], None),
        ],
    )
    assert [link.status for link in links] == [
        AfhankelijkheidStatus.VERVULD,
        AfhankelijkheidStatus.GEEN_DREMPEL,
    ]
    assert not any(link.conflict for link in links)


def test_a_dependency_on_several_baten_is_judged_per_baat():
    b1 = baat("B1", meetmoment(date(2026, 9, 30), "40", "60"))
    b2 = baat("B2")
    b3 = baat("B3", roadmap={4: Fase.GROEI})
    result, links = figures(
        b1, b2, b3, afhankelijkheden=[AfhankelijkheidCijfers("B3", ["B1", "B2"], D(50))]
    )
    assert [(link.van, link.status) for link in links] == [
        ("B1", AfhankelijkheidStatus.VERVULD),
        ("B2", AfhankelijkheidStatus.ONVERVULD),
    ]
    assert "B2 staat op nog niet gemeten" in result["B3"].signalen[0].reden


def test_cycle_realisatie_uses_the_cycle_levels_and_the_meting_up_to_its_meetmoment():
    metingen = [
        meetmoment(date(2026, 6, 30), None, "6.9"),
        meetmoment(date(2026, 9, 30), None, "7.2"),
    ]
    assert cyclus_realisatie(D("6.0"), D("6.8"), date(2026, 6, 30), metingen) > 100
    assert cyclus_realisatie(D("6.8"), D("7.4"), date(2026, 12, 31), metingen) == 400 / D(6)
    assert cyclus_realisatie(D("6.8"), D("7.4"), date(2026, 5, 1), metingen) == (
        Onbepaald.NOG_NIET_GEMETEN
    )
    assert cyclus_realisatie(None, D("7.4"), None, metingen) == Onbepaald.KWALITATIEF


def test_the_demo_shows_every_state_the_dashboard_must_show(demo):
    result, links = demo.figuren(VANDAAG)
    # B1 on track, B2 more than 20 points behind, B3 an overdue meetmoment.
    assert result["B1"].realisatie == 60
    assert result["B1"].achterstand <= 0
    assert result["B2"].loopt_achter and result["B2"].achterstand > 20
    assert [s.criterium for s in result["B2"].signalen] == [Criterium.ACHTERSTAND]
    assert len(result["B3"].achterstallig) == 1
    assert result["B4"].realisatie == Onbepaald.KWALITATIEF
    assert result["B5"].realisatie == Onbepaald.NOG_NIET_GEMETEN
    assert [s.criterium for s in result["B5"].signalen] == [Criterium.CONFLICT]
    b2_op_b1 = next(link for link in links if (link.baat, link.van) == ("B2", "B1"))
    assert b2_op_b1.status == AfhankelijkheidStatus.VERVULD


def test_plan_figures_cost_the_same_queries_for_any_number_of_baten(
    demo, make_baat, django_assert_num_queries
):
    with django_assert_num_queries(6) as small:
        demo.figuren(VANDAAG)
    for _ in range(20):
        make_baat(demo, nulmeting_tekst="1", target_tekst="2")
    with django_assert_num_queries(len(small.captured_queries)):
        demo.figuren(VANDAAG)
