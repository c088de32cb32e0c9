"""Metingen as people enter them (issue 11 point 3, issue 14 #10): the day a meetmoment was
measured beside its planned date, the quick form that fills the nearest planned meetmoment,
"Weet u het zeker?" for a meting far off the scale, text metingen on numeric baten, and a POST
that is retried after a dropped connection storing nothing twice."""

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from hypothesis import assume, given
from hypothesis import strategies as st

from programmas import forms, opslaan, realisatie
from programmas.models import Meetmoment
from programmas.notatie import parse_datum, parse_getal
from programmas.realisatie import (
    BaatCijfers,
    MeetmomentCijfers,
    Onwaarschijnlijk,
    is_telling,
    onwaarschijnlijk,
)
from programmas.toegang import Toegang
from programmas.uitwisseling import exporteer_json, importeer
from tests.helpers import FormulierLezer, baat, formulier_in

SLUG = "klant-in-beeld"
PLAN = f"/p/{SLUG}/"
VANDAAG = date(2026, 11, 29)
pytestmark = pytest.mark.vandaag(VANDAAG)
D = Decimal


def snelformulier(client: Client, nummer: int):
    lezer = FormulierLezer()
    lezer.feed(client.get(f"{PLAN}mijn-baten/").content.decode())
    return next(f for f in lezer.formulieren if f.actie.endswith(f"/baten/{nummer}/meting/"))


def htmx_post(client: Client, url: str, data: dict):
    return client.post(url, data, HTTP_HX_REQUEST="true")


def b1_verstuurd(client: Client, **velden: str):
    """B1's quick form as Mijn baten shows it, sent by htmx with `velden` (no prefix) typed."""
    formulier = snelformulier(client, 1)
    return htmx_post(
        client, formulier.actie, formulier.data(**{f"b1-{k}": v for k, v in velden.items()})
    )


# ---------------------------------------------------------------------------------------
# Plausibility (rule 0) as a pure function


@pytest.mark.parametrize(
    ("meting", "nulmeting", "doel", "telling", "uitkomst"),
    [
        # A 1-10 score from 6,0 to 8,0: anything from 4,0 up to 10,0 passes.
        ("42,5", "6,0", "8,0", True, Onwaarschijnlijk.BUITEN_SCHAAL),
        ("7,1", "6,0", "8,0", True, None),
        ("10", "6,0", "8,0", True, None),
        ("10,01", "6,0", "8,0", True, Onwaarschijnlijk.BUITEN_SCHAAL),
        ("4", "6,0", "8,0", True, None),
        ("3,99", "6,0", "8,0", True, Onwaarschijnlijk.BUITEN_SCHAAL),
        ("6,0", "6,0", "8,0", True, None),
        # Lower is better: 14 dagen down to 7 dagen, the span is the same either way.
        ("30 dagen", "14 dagen", "7 dagen", True, Onwaarschijnlijk.BUITEN_SCHAAL),
        ("21 dagen", "14 dagen", "7 dagen", True, None),
        ("0 dagen", "14 dagen", "7 dagen", True, None),
        ("-1 dagen", "14 dagen", "7 dagen", True, Onwaarschijnlijk.VERKEERD_TEKEN),
        # A count from 2 to 10 incidents: -3 lies within the span but has the wrong sign.
        ("-3", "2", "10", True, Onwaarschijnlijk.VERKEERD_TEKEN),
        ("-3", "2", "10", False, None),
        ("19", "2", "10", False, Onwaarschijnlijk.BUITEN_SCHAAL),
        # NPS from +5 to +20 is not a count: a negative NPS within the span passes.
        ("NPS -8", "NPS +5", "NPS +20", False, None),
        ("NPS -11", "NPS +5", "NPS +20", False, Onwaarschijnlijk.BUITEN_SCHAAL),
        # A percentage typed as a fraction by mistake, on 35% -> 80%.
        ("0,55", "35%", "80%", True, None),
        ("550%", "35%", "80%", True, Onwaarschijnlijk.BUITEN_SCHAAL),
    ],
)
def test_a_meting_far_off_the_scale_or_negative_for_a_count_needs_confirmation(
    meting: str, nulmeting: str, doel: str, telling: bool, uitkomst: Onwaarschijnlijk | None
) -> None:
    assert (
        onwaarschijnlijk(
            parse_getal(meting), parse_getal(nulmeting), parse_getal(doel), telling=telling
        )
        == uitkomst
    )


@pytest.mark.parametrize(
    ("meting", "nulmeting", "doel"),
    [
        (None, D(6), D(8)),  # a text meting: nothing to judge
        (D(42), None, D(8)),  # a qualitative scale
        (D(42), D(6), None),
        (D(42), D(6), D(6)),  # no doel: no span
    ],
)
def test_a_meting_without_a_scale_to_judge_it_by_needs_no_confirmation(meting, nulmeting, doel):
    assert onwaarschijnlijk(meting, nulmeting, doel, telling=False) is None


def test_a_negative_meting_on_a_count_without_a_doel_still_needs_confirmation() -> None:
    assert onwaarschijnlijk(D(-1), D(6), D(6), telling=True) == Onwaarschijnlijk.VERKEERD_TEKEN


getallen = st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False)


@given(meting=getallen, nulmeting=getallen, doel=getallen)
def test_a_meting_needs_confirmation_exactly_when_it_is_beyond_the_span_by_the_span_again(
    meting: Decimal, nulmeting: Decimal, doel: Decimal
) -> None:
    assume(nulmeting != doel)
    span = abs(doel - nulmeting)
    binnen = min(nulmeting, doel) - span <= meting <= max(nulmeting, doel) + span
    uitkomst = onwaarschijnlijk(meting, nulmeting, doel, telling=False)
    assert uitkomst == (None if binnen else Onwaarschijnlijk.BUITEN_SCHAAL)
    # Lower is better reads the same scale the other way round.
    assert onwaarschijnlijk(meting, doel, nulmeting, telling=False) == uitkomst


@given(meting=getallen, nulmeting=getallen, doel=getallen)
def test_on_a_count_only_a_negative_meting_changes_the_answer(
    meting: Decimal, nulmeting: Decimal, doel: Decimal
) -> None:
    als_telling = onwaarschijnlijk(meting, nulmeting, doel, telling=True)
    if meting < 0:
        assert als_telling == Onwaarschijnlijk.VERKEERD_TEKEN
    else:
        assert als_telling == onwaarschijnlijk(meting, nulmeting, doel, telling=False)


@pytest.mark.parametrize(
    ("nulmeting", "doel", "telling"),
    [
        ("14 dagen", "7 dagen", True),
        ("35%", "80%", True),
        ("6,0", "8,0", True),
        ("NPS +5", "NPS +20", False),  # a sign says the scale has two sides
        ("saldo -3", "12", False),
        ("-3", "12", False),
        ("Geen integraal klantbeeld", "Integraal klantbeeld", False),
        ("6 - 8 dagen", "4 dagen", False),  # ambiguous: no number, so no count
    ],
)
def test_a_scale_is_a_count_when_both_ends_are_at_least_0_and_written_without_a_sign(
    nulmeting: str, doel: str, telling: bool
) -> None:
    assert is_telling(nulmeting, parse_getal(nulmeting), doel, parse_getal(doel)) is telling


# ---------------------------------------------------------------------------------------
# The measured date in the figures


def _baat(*meetmomenten: MeetmomentCijfers) -> BaatCijfers:
    return BaatCijfers(
        code="B1",
        nulmeting=D(6),
        nulmeting_datum=date(2025, 12, 31),
        doel=D(8),
        deadline=date(2027, 6, 30),
        meetmomenten=meetmomenten,
        roadmap={},
    )


def test_meetmomentcijfers_without_a_measured_date_are_dated_by_their_plan() -> None:
    assert MeetmomentCijfers(date(2026, 3, 31), D(6.4), True, D(6.5)).peildatum == date(2026, 3, 31)
    gemeten = MeetmomentCijfers(date(2026, 3, 31), D(6.4), True, D(6.5), meetdatum=date(2026, 4, 9))
    assert gemeten.peildatum == date(2026, 4, 9)


def test_a_meetmoment_and_the_figures_agree_on_whether_it_is_gemeten(demo) -> None:
    # The page reads Meetmoment.is_gemeten, the figures MeetmomentQuerySet.figuurdata: both
    # ask realisatie.is_gemeten, also for a meting of only spaces.
    meetmomenten = list(Meetmoment.objects.filter(baat__programma=demo).order_by("pk")[:4])
    for m, tekst in zip(meetmomenten, ["7,2", "Ontwerp gereed", "", "   "], strict=True):
        Meetmoment.objects.filter(pk=m.pk).update(meting_tekst=tekst)
    rijen = Meetmoment.objects.filter(pk__in=[m.pk for m in meetmomenten])
    figuren = {pk: data.gemeten for lijst in rijen.figuurdata().values() for pk, data in lijst}
    assert {m.pk: m.is_gemeten for m in rijen} == figuren
    assert sorted(figuren.values()) == [False, False, True, True]


def test_the_latest_meting_is_the_latest_measured_not_the_latest_planned() -> None:
    # December's meetmoment was measured early, on 20 November; an extra meting of
    # 25 November is the latest.
    december = MeetmomentCijfers(date(2026, 12, 31), D("7.4"), True, D("7.3"), date(2026, 11, 20))
    extra = MeetmomentCijfers(date(2026, 11, 25), None, True, D("7.0"), date(2026, 11, 25))
    figuren, _ = realisatie.plan_figuren(
        [_baat(december, extra)], [], drempel=D(20), vandaag=VANDAAG, kwartaal_nu=None
    )
    assert figuren["B1"].laatste == extra
    assert figuren["B1"].vorige == december


def test_the_achterstand_is_taken_on_the_measured_date_while_the_line_keeps_the_plan() -> None:
    september = MeetmomentCijfers(date(2026, 9, 30), D("7.1"), True, D("7.2"))
    december = MeetmomentCijfers(date(2026, 12, 31), D("7.4"), True, D("7.1"), date(2026, 11, 20))
    data = _baat(september, december)
    figuren, _ = realisatie.plan_figuren(
        [data], [], drempel=D(20), vandaag=VANDAAG, kwartaal_nu=None
    )
    punten = realisatie.baat_trajectpunten(data)
    # The verwacht-niveau line still runs through December's planned point.
    assert realisatie.Punt(date(2026, 12, 31), D("7.4")) in punten
    # Expected on 20 November, between 7,1 (30 Sep) and 7,4 (31 Dec): 7,1 + 0,3 * 51/92.
    verwacht_niveau = D("7.1") + D("0.3") * D(51) / D(92)
    assert figuren["B1"].verwachte_realisatie == realisatie.realisatie(D(6), D(8), verwacht_niveau)
    assert figuren["B1"].achterstand == figuren["B1"].verwachte_realisatie - D(55)


def test_a_cycle_counts_a_meting_measured_within_it_though_planned_after_it() -> None:
    december = MeetmomentCijfers(date(2026, 12, 31), D("7.4"), True, D("7.0"), date(2026, 11, 20))
    assert realisatie.cyclus_realisatie(D(6), D(8), date(2026, 11, 30), [december]) == D(50)


# ---------------------------------------------------------------------------------------
# The quick form of Mijn baten


def test_the_quick_form_fills_the_nearest_open_planned_meetmoment_measured_today(eigenaar):
    # B1's December meetmoment is the open one of this month; it must not stay open beside a
    # new row dated today.
    december = Meetmoment.objects.get(baat=baat(1), datum_tekst="december 2026")
    formulier = snelformulier(eigenaar, 1)
    assert formulier.waarde("b1-meetmoment") == str(december.pk)
    assert formulier.waarde("b1-meetdatum_tekst") == "29-11-2026"
    aantal = Meetmoment.objects.filter(baat=baat(1)).count()

    response = htmx_post(eigenaar, formulier.actie, formulier.data(**{"b1-meting_tekst": "7,3"}))

    assert response.status_code == 200, response.content.decode()[:3000]
    assert Meetmoment.objects.filter(baat=baat(1)).count() == aantal
    december.refresh_from_db()
    assert (december.meting_tekst, december.meting) == ("7,3", D("7.3"))
    # The planned date stays where the plan put it; the measured date is its own.
    assert (december.datum_tekst, december.datum) == ("december 2026", date(2026, 12, 31))
    assert (december.meetdatum_tekst, december.meetdatum) == ("29-11-2026", VANDAAG)
    assert "7,3 score (29 nov. 2026)" in response.content.decode().lower()


def test_the_quick_form_offers_een_extra_meting_which_stands_on_its_measured_date(eigenaar):
    response = b1_verstuurd(
        eigenaar, meetmoment="", meetdatum_tekst="15-11-2026", meting_tekst="7,0"
    )
    assert response.status_code == 200, response.content.decode()[:3000]
    extra = Meetmoment.objects.get(baat=baat(1), meting_tekst="7,0")
    assert (extra.datum, extra.meetdatum) == (date(2026, 11, 15), date(2026, 11, 15))
    assert not Meetmoment.objects.get(baat=baat(1), datum_tekst="december 2026").is_gemeten
    assert "Een extra meting (niet gepland)" in eigenaar.get(f"{PLAN}mijn-baten/").content.decode()


def test_a_measured_date_in_the_future_is_refused_keeping_what_was_typed(eigenaar):
    response = b1_verstuurd(eigenaar, meetdatum_tekst="3-12-2026", meting_tekst="7,3")
    assert response.status_code == 422
    assert "Een meting kan niet in de toekomst liggen." in response.content.decode()
    assert formulier_in(response).waarde("b1-meting_tekst") == "7,3"
    assert not Meetmoment.objects.filter(meting_tekst="7,3").exists()


def test_the_nearest_open_meetmoment_may_lie_before_or_after_today() -> None:
    def gepland(pk: int, tekst: str) -> Meetmoment:
        return Meetmoment(pk=pk, datum_tekst=tekst, datum=parse_datum(tekst))

    oktober, december = gepland(1, "oktober 2026"), gepland(2, "december 2026")
    # A month-planned meetmoment is near all that month: December is 2 days off on 29 Nov.
    assert forms.dichtstbijzijnde([oktober, december], date(2026, 11, 29)) == december
    assert forms.dichtstbijzijnde([oktober, december], date(2026, 12, 10)) == december
    assert forms.dichtstbijzijnde([oktober, december], date(2026, 11, 12)) == oktober
    # On a tie the earlier, overdue one.
    dag = gepland(3, "21-11-2026")  # 5 days before, as 1 December is 5 days after
    assert forms.dichtstbijzijnde([dag, december], date(2026, 11, 26)) == dag
    assert forms.dichtstbijzijnde([Meetmoment(pk=4)], date(2026, 11, 30)) is None
    gemeten = gepland(5, "december 2026")
    gemeten.meting_tekst = "7,4"
    assert forms.dichtstbijzijnde([oktober, gemeten], date(2026, 12, 10)) == oktober


def test_the_baat_page_shows_the_measured_date_beside_the_planned_one(eigenaar):
    formulier = snelformulier(eigenaar, 1)
    htmx_post(eigenaar, formulier.actie, formulier.data(**{"b1-meting_tekst": "7,3"}))
    html = eigenaar.get(f"{PLAN}baten/1/").content.decode()
    assert "7,3 score <small>(gemeten op 29 nov. 2026)</small>" in html


# ---------------------------------------------------------------------------------------
# "Weet u het zeker?"


def test_an_implausible_meting_asks_weet_u_het_zeker_with_the_scale_and_saves_on_confirmation(
    eigenaar,
):
    formulier = snelformulier(eigenaar, 1)
    aantal = Meetmoment.objects.count()

    eerst = htmx_post(eigenaar, formulier.actie, formulier.data(**{"b1-meting_tekst": "42,5"}))

    html = eerst.content.decode()
    assert eerst.status_code == 422
    assert (
        "Weet u het zeker? 42,5 ligt ver buiten de schaal van B1: van 6,0 naar 8,0 (score)." in html
    )
    assert Meetmoment.objects.count() == aantal
    assert not Meetmoment.objects.filter(meting_tekst="42,5").exists()
    terug = formulier_in(eerst)
    assert terug.waarde("b1-meting_tekst") == "42,5"
    assert 'name="b1-bevestig" value="42,5"' in html

    # The "Ja, opslaan" button sends the confirmed text with the form as typed.
    bevestigd = htmx_post(eigenaar, formulier.actie, terug.data(**{"b1-bevestig": "42,5"}))

    assert bevestigd.status_code == 200, bevestigd.content.decode()[:3000]
    assert "Meting opgeslagen." in bevestigd.content.decode()
    meetmoment = Meetmoment.objects.get(meting_tekst="42,5")
    assert (meetmoment.baat, meetmoment.datum_tekst) == (baat(1), "december 2026")


def test_a_confirmation_of_another_value_does_not_save_a_changed_meting(eigenaar):
    response = b1_verstuurd(eigenaar, meting_tekst="73", bevestig="42,5")
    assert response.status_code == 422
    assert "Weet u het zeker? 73 ligt ver buiten de schaal van B1" in response.content.decode()
    assert not Meetmoment.objects.filter(meting_tekst="73").exists()


def test_a_plausible_meting_is_saved_at_once(eigenaar):
    response = b1_verstuurd(eigenaar, meting_tekst="7,1")
    assert response.status_code == 200
    assert "Weet u het zeker?" not in response.content.decode()
    assert Meetmoment.objects.filter(baat=baat(1), meting_tekst="7,1").exists()


def test_a_lower_is_better_baat_asks_confirmation_for_a_meting_far_above_its_baseline(eigenaar):
    formulier = snelformulier(eigenaar, 3)
    response = htmx_post(
        eigenaar, formulier.actie, formulier.data(**{"b3-meting_tekst": "30 dagen"})
    )
    assert response.status_code == 422
    assert (
        "Weet u het zeker? 30 dagen ligt ver buiten de schaal van B3: "
        "van 14 dagen naar 7 dagen (dagen)."
    ) in response.content.decode()
    negatief = htmx_post(
        eigenaar, formulier.actie, formulier.data(**{"b3-meting_tekst": "-2 dagen"})
    )
    assert "Weet u het zeker? -2 dagen is negatief, maar B3 telt iets" in negatief.content.decode()
    assert not Meetmoment.objects.filter(baat=baat(3), meting_tekst__in=["30 dagen", "-2 dagen"])


def test_the_programme_managers_meetmoment_form_asks_confirmation_too(pm):
    url = f"{PLAN}meetmoment/nieuw/?baat={baat(1).pk}"
    formulier = formulier_in(pm.get(url, HTTP_HX_REQUEST="true"))
    data = formulier.data(baat=str(baat(1).pk), datum_tekst="15-11-2026", meting_tekst="1.250")
    eerst = htmx_post(pm, formulier.actie, data)
    assert eerst.status_code == 422
    assert "Weet u het zeker? 1.250 ligt ver buiten de schaal van B1" in eerst.content.decode()
    assert 'name="bevestig" value="1.250"' in eerst.content.decode()
    tweede = htmx_post(pm, formulier.actie, {**data, "bevestig": "1.250"})
    assert tweede.status_code == 200, tweede.content.decode()[:3000]
    assert Meetmoment.objects.get(meting_tekst="1.250").meting == D(1250)


def test_correcting_another_field_of_an_implausible_meting_asks_nothing_again(pm):
    meetmoment = Meetmoment.objects.create(
        baat=baat(1), datum_tekst="15-11-2026", meting_tekst="42,5"
    )
    url = f"{PLAN}meetmoment/{meetmoment.pk}/"
    formulier = formulier_in(pm.get(url, HTTP_HX_REQUEST="true"))
    response = htmx_post(pm, formulier.actie, formulier.data(toelichting="Klopt: nieuwe schaal"))
    assert response.status_code == 200, response.content.decode()[:3000]
    meetmoment.refresh_from_db()
    assert meetmoment.toelichting == "Klopt: nieuwe schaal"


# ---------------------------------------------------------------------------------------
# A retried POST (issue 14 #10)


def test_the_same_quick_form_post_twice_stores_one_meting_and_answers_as_the_first(eigenaar):
    formulier = snelformulier(eigenaar, 1)
    sleutel = formulier.waarde("b1-sleutel")
    assert len(sleutel) >= 20
    data = formulier.data(
        **{"b1-meetmoment": "", "b1-meetdatum_tekst": "20-11-2026", "b1-meting_tekst": "7,25"}
    )

    eerste = htmx_post(eigenaar, formulier.actie, data)
    tweede = htmx_post(eigenaar, formulier.actie, data)

    assert Meetmoment.objects.filter(baat=baat(1), meting_tekst="7,25").count() == 1
    assert (eerste.status_code, tweede.status_code) == (200, 200)
    assert "Meting opgeslagen." in tweede.content.decode()
    # Without htmx the retry is sent on to Mijn baten, as the first was.
    derde = eigenaar.post(formulier.actie, data)
    assert derde.status_code == 302
    assert Meetmoment.objects.filter(baat=baat(1), meting_tekst="7,25").count() == 1


def test_a_retried_post_filling_a_planned_meetmoment_is_no_conflict(eigenaar):
    formulier = snelformulier(eigenaar, 1)
    data = formulier.data(**{"b1-meting_tekst": "7,3"})
    htmx_post(eigenaar, formulier.actie, data)
    opnieuw = htmx_post(eigenaar, formulier.actie, data)
    assert opnieuw.status_code == 200
    assert "Iemand anders heeft dit intussen gewijzigd" not in opnieuw.content.decode()
    december = Meetmoment.objects.get(baat=baat(1), datum_tekst="december 2026")
    assert (december.meting_tekst, december.revisie) == ("7,3", 2)


def test_each_showing_of_the_form_has_its_own_key(eigenaar):
    eerst, daarna = snelformulier(eigenaar, 1), snelformulier(eigenaar, 1)
    assert eerst.waarde("b1-sleutel") != daarna.waarde("b1-sleutel")


def test_the_programme_managers_form_posted_twice_stores_one_meetmoment(pm):
    url = f"{PLAN}meetmoment/nieuw/?baat={baat(1).pk}"
    formulier = formulier_in(pm.get(url, HTTP_HX_REQUEST="true"))
    data = formulier.data(baat=str(baat(1).pk), datum_tekst="15-11-2026", meting_tekst="7,0")
    assert htmx_post(pm, formulier.actie, data).status_code == 200
    assert htmx_post(pm, formulier.actie, data).status_code == 200
    assert Meetmoment.objects.filter(baat=baat(1), datum_tekst="15-11-2026").count() == 1


def test_two_retries_at_once_store_one_meting_the_database_decides(demo):
    # The second request passed the check for an earlier save before the first committed:
    # the unique key refuses its insert, and it answers as saved.
    b1 = baat(1)
    toegang = Toegang(b1.programma, b1.programma.lidmaatschappen.get(user__username="eigenaar"))
    data = {
        "b1-meetmoment": "",
        "b1-meetdatum_tekst": "20-11-2026",
        "b1-meting_tekst": "7,25",
        "b1-sleutel": "dezelfde-sleutel-van-een-formulier",
    }
    form = forms.MetingForm(data, toegang=toegang, baat=b1, prefix="b1")
    assert form.herhaling() is None and form.is_valid(), form.errors
    Meetmoment.objects.create(
        baat=b1, datum_tekst="20-11-2026", meting_tekst="7,25", sleutel=data["b1-sleutel"]
    )
    assert opslaan.bewaar_meting(form, toegang.lid.user) is None
    assert Meetmoment.objects.filter(baat=b1, meting_tekst="7,25").count() == 1


def test_a_form_from_before_the_measured_date_still_posts_its_date_as_datum_tekst(eigenaar):
    response = eigenaar.post(
        f"{PLAN}baten/1/meting/",
        {"b1-meetmoment": "", "b1-datum_tekst": "20-11-2026", "b1-meting_tekst": "7,25"},
    )
    assert response.status_code == 302
    meting = Meetmoment.objects.get(baat=baat(1), meting_tekst="7,25")
    assert (meting.datum, meting.meetdatum) == (date(2026, 11, 20), date(2026, 11, 20))


# ---------------------------------------------------------------------------------------
# Export


def test_the_measured_date_goes_out_in_the_json_export_and_comes_back(demo):
    december = Meetmoment.objects.get(baat=baat(1), datum_tekst="december 2026")
    december.meting_tekst, december.meetdatum_tekst = "7,3", "20 november 2026"
    december.save()
    document = exporteer_json(demo)
    assert '"meetdatum": "20 november 2026"' in document
    demo.delete()
    importeer(document.encode())
    terug = Meetmoment.objects.get(baat=baat(1), datum_tekst="december 2026")
    assert (terug.meetdatum_tekst, terug.meetdatum) == ("20 november 2026", date(2026, 11, 20))
    assert terug.datum == date(2026, 12, 31)
