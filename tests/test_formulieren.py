"""The forms of the plan as a user fills them in: Dutch numbers, qualitative levels, and bad
input refused with a Dutch message beside the field, keeping what was typed (issue #3)."""

import re
from datetime import date
from decimal import Decimal

import pytest

from programmas.models import Afhankelijkheid, Meetmoment, Programma
from tests.helpers import (
    Formulier,
    FormulierLezer,
    baat,
    database,
    formulier_in,
    open_formulier,
    verstuur,
)

SLUG = "klant-in-beeld"
VANDAAG = date(2026, 11, 29)  # in roadmap quarter Q4 (2026-K4) of the demo
pytestmark = pytest.mark.vandaag(VANDAAG)


def geweigerd(response, veld: str, melding: str, **getypt: str | list[str]) -> Formulier:
    """A refused save: 422, the Dutch message beside the field, what was typed kept."""
    html = response.content.decode()
    assert response.status_code == 422, html[:3000]
    formulier = formulier_in(response)
    assert melding in formulier.fouten.get(f"id_{veld}_error", ""), (formulier.fouten, html)
    for naam, waarde in getypt.items():
        verwacht = waarde if isinstance(waarde, list) else [waarde]
        assert formulier.velden.get(naam) == verwacht, (naam, formulier.velden.get(naam))
    return formulier


def niets_bewaard(client, formulier: Formulier, veld: str, melding: str, **getypt) -> Formulier:
    """`getypt` sent in `formulier`: refused as geweigerd() checks it, and nothing stored."""
    voor = database()
    opnieuw = geweigerd(verstuur(client, formulier, **getypt), veld, melding, **getypt)
    assert database() == voor
    return opnieuw


# ---------------------------------------------------------------------------------------
# Fixtures and the URLs of the demo


def baatdetails_url(nummer: int) -> str:
    return f"/p/{SLUG}/baatdetails/{baat(nummer).pk}/?terug=baat-{nummer}%23kern"


def nieuw_meetmoment_url(nummer: int) -> str:
    return f"/p/{SLUG}/meetmoment/nieuw/?baat={baat(nummer).pk}"


def afhankelijkheid(nummer: int, van: int, soort: str, impact: str) -> dict[str, str | list[str]]:
    """The fields of a dependency of B`nummer` on B`van`, as the form sends them."""
    return {
        "baat": str(baat(nummer).pk),
        "van": [str(baat(van).pk)],
        "type_0": soort,
        "type_1": "",
        "impact_op_planning": impact,
    }


def programma() -> Programma:
    return Programma.objects.get(slug=SLUG)


# ---------------------------------------------------------------------------------------
# Numbers the Dutch way


@pytest.mark.parametrize(
    ("getypt", "getal"),
    [
        ("6,5", Decimal("6.5")),
        ("6.5", Decimal("6.5")),
        ("1.250", Decimal("1250")),
        ("+15", Decimal("15")),
        ("12%", Decimal("12")),
        ("7,25 punten", Decimal("7.25")),
    ],
)
def test_a_meting_typed_the_dutch_way_is_stored_as_typed_with_its_number(pm, getypt, getal):
    formulier = open_formulier(pm, nieuw_meetmoment_url(1))
    # Several of these are far off B1's 6,0 -> 8,0 scale: confirmed, as reading them is the point.
    response = verstuur(
        pm, formulier, datum_tekst="15-11-2026", meting_tekst=getypt, bevestig=getypt
    )
    assert response.status_code == 200, response.content.decode()[:3000]
    meetmoment = Meetmoment.objects.get(baat=baat(1), datum_tekst="15-11-2026")
    assert meetmoment.meting_tekst == getypt
    assert meetmoment.meting == getal
    assert meetmoment.datum == date(2026, 11, 15)


def test_the_baateigenaar_enters_6_comma_5_in_mijn_baten_and_it_is_stored_as_6_point_5(eigenaar):
    mijn = eigenaar.get(f"/p/{SLUG}/mijn-baten/")
    lezer = FormulierLezer()
    lezer.feed(mijn.content.decode())
    formulier = next(f for f in lezer.formulieren if f.actie.endswith("/baten/1/meting/"))
    response = verstuur(
        eigenaar,
        formulier,
        **{"b1-meetmoment": "", "b1-meetdatum_tekst": "20-11-2026", "b1-meting_tekst": "6,5"},
    )
    assert response.status_code == 200, response.content.decode()[:3000]
    meetmoment = Meetmoment.objects.get(baat=baat(1), datum_tekst="20-11-2026")
    assert meetmoment.meting_tekst == "6,5"
    assert meetmoment.meting == Decimal("6.5")
    assert meetmoment.gemeten_door.username == "eigenaar"


@pytest.mark.parametrize(("getypt", "getal"), [("12,5", "12.5"), ("12.5", "12.5"), ("50%", "50")])
def test_a_drempel_typed_the_dutch_way_is_stored_as_its_number(pm, getypt, getal):
    formulier = open_formulier(pm, f"/p/{SLUG}/afhankelijkheid/nieuw/")
    response = verstuur(
        pm,
        formulier,
        baat=str(baat(6).pk),
        van=[str(baat(1).pk)],
        type="Inhoudelijk",
        drempel=getypt,
        impact_op_planning="Cultuur volgt klantbeleving",
    )
    assert response.status_code == 200, response.content.decode()[:3000]
    afhankelijkheid = Afhankelijkheid.objects.get(baat=baat(6))
    assert afhankelijkheid.drempel == Decimal(getal)
    assert [b.code for b in afhankelijkheid.van.all()] == ["B1"]


def test_the_escalatiedrempel_accepts_a_decimal_comma(pm):
    formulier = open_formulier(pm, f"/p/{SLUG}/sectie/escalatie/")
    response = verstuur(pm, formulier, escalatie_drempel="25,5")
    assert response.status_code == 200, response.content.decode()[:3000]
    assert programma().escalatie_drempel == Decimal("25.5")
    assert "Baat loopt meer dan 25,5% achter op planning" in response.content.decode()


def test_a_nulmeting_and_target_typed_the_dutch_way_are_stored_with_their_numbers(pm):
    formulier = open_formulier(pm, baatdetails_url(5))
    response = verstuur(pm, formulier, nulmeting_tekst="1.250 klanten", target_tekst="+2.500,5")
    assert response.status_code == 200, response.content.decode()[:3000]
    b5 = baat(5)
    assert (b5.nulmeting_tekst, b5.nulmeting) == ("1.250 klanten", Decimal("1250"))
    assert (b5.target_tekst, b5.target) == ("+2.500,5", Decimal("2500.5"))


# ---------------------------------------------------------------------------------------
# Qualitative levels


def test_the_level_fields_say_that_text_without_a_number_reads_kwalitatief(pm):
    response = pm.get(baatdetails_url(1), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "Tekst zonder getal (“Ontwerp gereed”) is kwalitatief" in html
    assert "de figuren tonen dan “kwalitatief”" in html


def test_a_level_without_a_number_is_accepted_as_qualitative(pm):
    formulier = open_formulier(pm, baatdetails_url(5))
    response = verstuur(
        pm,
        formulier,
        nulmeting_tekst="Weinig accountplannen",
        target_tekst="Elke klant een accountplan",
    )
    assert response.status_code == 200, response.content.decode()[:3000]
    b5 = baat(5)
    assert (b5.nulmeting_tekst, b5.nulmeting) == ("Weinig accountplannen", None)
    assert (b5.target_tekst, b5.target) == ("Elke klant een accountplan", None)
    pagina = pm.get(f"/p/{SLUG}/baten/5/").content.decode()
    assert 'Weinig accountplannen <small class="hint">(kwalitatief)</small>' in pagina
    assert 'Elke klant een accountplan <small class="hint">(kwalitatief)</small>' in pagina


def test_the_form_says_beside_a_typed_level_without_a_number_that_it_reads_kwalitatief(pm):
    # Shown again because of another error: the hint stands beside the qualitative level.
    formulier = open_formulier(pm, baatdetails_url(5))
    voor = database()
    response = verstuur(
        pm, formulier, target_tekst="Elke klant een accountplan", deadline_tekst="ooit"
    )
    assert response.status_code == 422
    html = response.content.decode()
    hint = "Geen getal herkend: dit niveau is kwalitatief, de figuren tonen “kwalitatief”."
    assert html.count(hint) == 1
    veld = html[html.index('id="id_target_tekst"') :]
    assert veld.index(hint) < veld.index('id="id_deadline_tekst"')
    assert formulier_in(response).waarde("target_tekst") == "Elke klant een accountplan"
    assert database() == voor


def test_a_qualitative_meting_on_a_qualitative_baat_is_accepted_and_reads_kwalitatief(pm):
    assert baat(4).target is None
    # The programme manager enters it on the meting page of B4, which has no owner account.
    formulier = open_formulier(pm, f"/p/{SLUG}/baten/4/meting/", htmx=False)
    response = verstuur(
        pm,
        formulier,
        htmx=False,
        **{
            "b4-meetmoment": "",
            "b4-meetdatum_tekst": "27-11-2026",
            "b4-meting_tekst": "Ontwerp gereed",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    meetmoment = Meetmoment.objects.get(baat=baat(4), datum_tekst="27-11-2026")
    assert (meetmoment.meting_tekst, meetmoment.meting) == ("Ontwerp gereed", None)
    html = pm.get(f"/p/{SLUG}/baten/4/").content.decode()
    figuren = html[
        html.index('id="figuren"') : html.index("</section>", html.index('id="figuren"'))
    ]
    assert "kwalitatief <small>(27 nov. 2026)</small>" in figuren
    assert "<td>27 nov. 2026</td>" in html  # the stored "27-11-2026", shown as every date
    assert 'Ontwerp gereed <small class="hint">(kwalitatief)</small>' in html


# ---------------------------------------------------------------------------------------
# Bad input: refused with a Dutch message beside the field, keeping what was typed


def test_a_text_meting_on_a_numeric_baat_is_saved_and_said_to_count_as_kwalitatief(pm):
    # Issue 11 #3: allowed, with a note; the pm's form says so on the next page.
    formulier = open_formulier(pm, nieuw_meetmoment_url(1))
    response = verstuur(pm, formulier, datum_tekst="15-11-2026", meting_tekst="ruim voldoende")
    assert response.status_code == 200, response.content.decode()[:3000]
    meetmoment = Meetmoment.objects.get(baat=baat(1), datum_tekst="15-11-2026")
    assert (meetmoment.meting_tekst, meetmoment.meting) == ("ruim voldoende", None)
    html = pm.get(f"/p/{SLUG}/").content.decode()
    assert "\u201cruim voldoende\u201d heeft geen getal en telt als kwalitatieve meting" in html


def test_a_text_meting_in_mijn_baten_is_saved_with_the_kwalitatief_note_on_the_card(eigenaar):
    pagina = eigenaar.get(f"/p/{SLUG}/mijn-baten/").content.decode()
    lezer = FormulierLezer()
    lezer.feed(pagina)
    formulier = next(f for f in lezer.formulieren if f.actie.endswith("/baten/2/meting/"))
    response = verstuur(
        eigenaar,
        formulier,
        **{"b2-meetmoment": "", "b2-meetdatum_tekst": "20-11-2026", "b2-meting_tekst": "beter"},
    )
    html = response.content.decode()
    assert response.status_code == 200, html[:3000]
    assert "Meting opgeslagen." in html
    assert (
        "\u201cbeter\u201d heeft geen getal en telt als kwalitatieve meting: de realisatie van B2 "
        "toont \u201ckwalitatief\u201d tot de volgende meting met een getal."
    ) in html
    meetmoment = Meetmoment.objects.get(baat=baat(2), meting_tekst="beter")
    assert (meetmoment.meting, meetmoment.meetdatum) == (None, date(2026, 11, 20))


def test_a_text_meting_on_a_full_page_is_saved_and_the_note_shows_after_the_redirect(eigenaar):
    response = eigenaar.post(
        f"/p/{SLUG}/baten/2/meting/",
        {"b2-meetmoment": "", "b2-meetdatum_tekst": "20-11-2026", "b2-meting_tekst": "beter"},
        follow=True,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "\u201cbeter\u201d heeft geen getal en telt als kwalitatieve meting" in html
    assert Meetmoment.objects.filter(baat=baat(2), meting_tekst="beter").count() == 1


@pytest.mark.parametrize("target", ["6", "6,0", "6.00"])
def test_a_target_equal_to_the_baseline_is_refused(pm, target):
    formulier = open_formulier(pm, baatdetails_url(1))
    assert formulier.waarde("nulmeting_tekst") == "6,0"
    niets_bewaard(
        pm,
        formulier,
        "target_tekst",
        "De target score is gelijk aan de nulmeting: er valt dan niets te realiseren.",
        target_tekst=target,
    )


def test_a_deadline_before_the_nulmeting_is_refused(pm):
    formulier = open_formulier(pm, baatdetails_url(1))
    niets_bewaard(
        pm,
        formulier,
        "deadline_tekst",
        "De deadline ligt niet na de datum van de nulmeting.",
        nulmeting_datum_tekst="maart 2026",
        deadline_tekst="februari 2026",
    )


def test_a_deadline_outside_the_roadmap_asks_to_extend_it_or_keep_the_date(pm):
    formulier = open_formulier(pm, baatdetails_url(1))
    voor = database()
    response = verstuur(pm, formulier, deadline_tekst="december 2027 (na evaluatie)")
    gevraagd = geweigerd(
        response,
        "deadline_tekst",
        "De deadline valt buiten de roadmap (Q1 2026 - Q2 2027).",
        deadline_tekst="december 2027 (na evaluatie)",
    )
    html = response.content.decode()
    assert "De datum valt buiten de roadmap (Q1 2026 - Q2 2027)" in html
    assert "Roadmap verlengen tot Q4 2027 (8 kwartalen)" in html
    assert "Datum toch bewaren" in html
    assert database() == voor
    # The user keeps the date: saved as typed, the roadmap as it was.
    bewaard = verstuur(pm, gevraagd, buiten_roadmap="bewaren")
    assert bewaard.status_code == 200, bewaard.content.decode()[:3000]
    assert baat(1).deadline_tekst == "december 2027 (na evaluatie)"
    assert programma().aantal_kwartalen == 6


def test_extending_the_roadmap_for_a_meetmoment_keeps_the_date_and_grows_the_roadmap(pm):
    formulier = open_formulier(pm, nieuw_meetmoment_url(2))
    voor = database()
    getypt = {
        "datum_tekst": "maart 2028",
        "omschrijving": "Kwartaalmeting NPS",
        "verwacht_niveau_tekst": "NPS +22",
    }
    response = verstuur(pm, formulier, **getypt)
    gevraagd = geweigerd(
        response,
        "datum_tekst",
        "Het meetmoment valt buiten de roadmap (Q1 2026 - Q2 2027).",
        **getypt,
    )
    assert "Roadmap verlengen tot Q1 2028 (9 kwartalen)" in response.content.decode()
    assert database() == voor
    bewaard = verstuur(pm, gevraagd, buiten_roadmap="verlengen")
    assert bewaard.status_code == 200, bewaard.content.decode()[:3000]
    assert baat(2).meetmomenten.filter(datum_tekst="maart 2028").exists()
    assert programma().aantal_kwartalen == 9


def test_a_cycle_target_measured_before_the_programme_starts_can_only_be_kept(pm):
    cyclus = programma().cycli.get(nummer=1)
    formulier = open_formulier(pm, f"/p/{SLUG}/cyclusdoel/nieuw/?cyclus={cyclus.pk}")
    voor = database()
    getypt = {
        "startniveau_tekst": "5,8",
        "doelniveau_tekst": "6,2",
        "meetmoment_tekst": "december 2025",
    }
    response = verstuur(pm, formulier, baat=str(baat(6).pk), **getypt)
    gevraagd = geweigerd(
        response, "meetmoment_tekst", "Het meetmoment valt buiten de roadmap", **getypt
    )
    # A roadmap grows at its end; before Q1 the only choice is to keep the date.
    assert "Roadmap verlengen" not in response.content.decode()
    assert database() == voor
    bewaard = verstuur(pm, gevraagd, buiten_roadmap="bewaren")
    assert bewaard.status_code == 200, bewaard.content.decode()[:3000]
    assert cyclus.doelen.filter(baat=baat(6), meetmoment_tekst="december 2025").exists()


def test_a_date_that_cannot_be_read_is_refused(pm):
    formulier = open_formulier(pm, nieuw_meetmoment_url(1))
    niets_bewaard(
        pm,
        formulier,
        "datum_tekst",
        "“na de zomer” is geen datum die Batenplan kan lezen. Schrijf een dag "
        "(15-3-2026 of 15 maart 2026) of een maand (maart 2026).",
        datum_tekst="na de zomer",
    )


def test_a_new_baat_with_a_b_number_already_in_use_is_refused(pm):
    formulier = open_formulier(pm, f"/p/{SLUG}/baat/nieuw/?terug=plan%23baten")
    assert formulier.waarde("nummer") == "7"
    niets_bewaard(
        pm,
        formulier,
        "nummer",
        "B2 is al in gebruik voor “Hogere klanttevredenheid”.",
        nummer="2",
        naam="Snellere klantvragen",
    )


def test_renumbering_a_baat_to_a_b_number_in_use_is_refused(pm):
    formulier = open_formulier(pm, f"/p/{SLUG}/baat/{baat(3).pk}/?terug=plan%23baten")
    opnieuw = niets_bewaard(
        pm, formulier, "nummer", "B1 is al in gebruik voor “Consistente klantbeleving”.", nummer="1"
    )
    assert opnieuw.waarde("naam") == "Efficiëntere klantprocessen"


def test_a_baat_cannot_depend_on_itself(pm):
    formulier = open_formulier(pm, f"/p/{SLUG}/afhankelijkheid/nieuw/")
    niets_bewaard(
        pm,
        formulier,
        "van",
        "Een baat kan niet van zichzelf afhangen.",
        **afhankelijkheid(3, 3, "Planning", "Eerst zichzelf"),
    )


def test_a_cycle_of_dependencies_b1_on_b2_on_b1_is_refused(pm):
    # The demo has B2 depending on B1.
    formulier = open_formulier(pm, f"/p/{SLUG}/afhankelijkheid/nieuw/")
    niets_bewaard(
        pm,
        formulier,
        "van",
        "Dit maakt een kring van afhankelijkheden: B1 → B2 → B1.",
        **afhankelijkheid(1, 2, "Inhoudelijk", "Klantbeleving volgt tevredenheid"),
    )


def test_a_longer_cycle_of_dependencies_is_refused_with_its_path(pm):
    # The demo has B5 on B2 and B2 on B1: B1 on B5 closes the circle.
    formulier = open_formulier(pm, f"/p/{SLUG}/afhankelijkheid/nieuw/")
    voor = database()
    response = verstuur(pm, formulier, baat=str(baat(1).pk), van=[str(baat(5).pk)])
    geweigerd(
        response,
        "van",
        "Dit maakt een kring van afhankelijkheden: B1 → B5 → B2 → B1.",
        van=[str(baat(5).pk)],
    )
    assert database() == voor


def test_changing_a_dependency_into_a_cycle_is_refused(pm):
    b5_op_b2 = Afhankelijkheid.objects.get(baat=baat(5))
    formulier = open_formulier(pm, f"/p/{SLUG}/afhankelijkheid/{b5_op_b2.pk}/")
    assert formulier.velden["van"] == [str(baat(2).pk)]
    voor = database()
    # Without its drempel, so that only the circle can be the reason for refusing it.
    response = verstuur(pm, formulier, baat=str(baat(1).pk), drempel="")
    geweigerd(
        response,
        "van",
        "Dit maakt een kring van afhankelijkheden: B1 → B2 → B1.",
        baat=str(baat(1).pk),
    )
    assert database() == voor


@pytest.mark.parametrize("drempel", ["150", "-5", "100,5"])
def test_a_drempel_outside_0_to_100_is_refused(pm, drempel):
    formulier = open_formulier(pm, f"/p/{SLUG}/afhankelijkheid/nieuw/")
    melding = "Vul een getal van 0 tot en met 100 in."
    zes_op_een = {"baat": str(baat(6).pk), "van": [str(baat(1).pk)]}
    niets_bewaard(pm, formulier, "drempel", melding, drempel=drempel, **zes_op_een)


def test_a_drempel_that_is_not_a_number_is_refused(pm):
    formulier = open_formulier(pm, f"/p/{SLUG}/afhankelijkheid/nieuw/")
    melding = "Vul een getal in, bijvoorbeeld 50 of 12,5."
    zes_op_een = {"baat": str(baat(6).pk), "van": [str(baat(1).pk)]}
    niets_bewaard(pm, formulier, "drempel", melding, drempel="de helft", **zes_op_een)


def test_an_escalatiedrempel_outside_0_to_100_is_refused(pm):
    formulier = open_formulier(pm, f"/p/{SLUG}/sectie/escalatie/")
    melding = "Vul een getal van 0 tot en met 100 in."
    niets_bewaard(pm, formulier, "escalatie_drempel", melding, escalatie_drempel="120")


@pytest.mark.parametrize(
    ("url", "veld", "lengte"),
    [
        ("/p/{slug}/baat/{b1}/?terug=plan%23baten", "naam", 200),
        ("/p/{slug}/baatdetails/{b1}/?terug=baat-1%23kern", "eenheid", 100),
        ("/p/{slug}/baatdetails/{b1}/?terug=baat-1%23kern", "nulmeting_bron", 200),
        ("/p/{slug}/meetmoment/nieuw/?baat={b1}", "omschrijving", 500),
        ("/p/{slug}/sectie/kop/", "versie", 100),
        ("/p/{slug}/sectie/kop/", "naam", 200),
    ],
)
def test_text_over_the_fields_length_is_refused(pm, url, veld, lengte):
    formulier = open_formulier(pm, url.format(slug=SLUG, b1=baat(1).pk))
    te_lang = ("Klantbeleving " * 50)[: lengte + 1]
    # A new meetmoment needs a date; the other forms are filled in already.
    extra = {"datum_tekst": "15-11-2026"} if "meetmoment" in url else {}
    melding = (
        f"Zorg dat deze waarde niet meer dan {lengte} tekens bevat (het zijn er nu {lengte + 1})."
    )
    niets_bewaard(pm, formulier, veld, melding, **{veld: te_lang}, **extra)


def test_a_refused_form_as_a_whole_page_keeps_what_was_typed(pm):
    voor = database()
    response = pm.post(
        f"/p/{SLUG}/baatdetails/{baat(1).pk}/?terug=baat-1%23kern",
        {
            "revisie": "1",
            "terug": "baat-1#kern",
            "eenheid": "score",
            "nulmeting_tekst": "6,0",
            "target_tekst": "6,0",
            "deadline_tekst": "juni 2027",
            "indicator": "Klantbelevingsscore",
        },
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert "<html" in html
    assert "De target score is gelijk aan de nulmeting" in html
    assert 'value="Klantbelevingsscore"' in html
    assert database() == voor


def test_the_message_beside_a_refused_field_is_the_one_its_input_points_to(pm):
    # Screen readers read the message with the field only if aria-describedby names it.
    formulier = open_formulier(pm, baatdetails_url(1))
    response = verstuur(pm, formulier, deadline_tekst="december 2027")
    assert response.status_code == 422
    html = response.content.decode()
    invoer = html[html.index('id="id_deadline_tekst"') - 400 : html.index('id="id_deadline_tekst"')]
    beschreven_door = invoer.rsplit('aria-describedby="', 1)[1].split('"', 1)[0].split()
    fout_id = next(i for i in formulier_in(response).fouten if "deadline_tekst" in i)
    assert fout_id in beschreven_door
    for naam in beschreven_door:
        assert f'id="{naam}"' in html


@pytest.mark.parametrize("nummer", [1, 2, 3, 4, 5, 6])
def test_every_baat_of_the_demo_can_be_saved_as_it_is(pm, nummer):
    # The demo is what people first try: its own data must pass the form's checks.
    formulier = open_formulier(pm, baatdetails_url(nummer))
    response = verstuur(pm, formulier)
    assert response.status_code == 200, formulier_in(response).fouten
    assert baat(nummer).revisie == 2


def test_a_dependency_without_a_drempel_is_saved_with_the_baten_it_waits_for(pm):
    formulier = open_formulier(pm, f"/p/{SLUG}/afhankelijkheid/nieuw/")
    response = verstuur(
        pm,
        formulier,
        baat=str(baat(6).pk),
        van=[str(baat(1).pk), str(baat(3).pk)],
        type="Middelen",
        drempel="",
    )
    assert response.status_code == 200, response.content.decode()[:3000]
    afhankelijkheid = Afhankelijkheid.objects.get(baat=baat(6))
    assert afhankelijkheid.drempel is None
    assert sorted(b.code for b in afhankelijkheid.van.all()) == ["B1", "B3"]
    assert "B1, B3" in response.content.decode()


def test_changing_a_target_on_the_baat_page_refreshes_its_figures_beside_the_section(pm):
    voor = pm.get(f"/p/{SLUG}/baten/1/").content.decode()
    realisatie_voor = re.search(r"Realisatie</span><span class=\"waarde\">([^<]+)<", voor)[1]
    formulier = open_formulier(pm, baatdetails_url(1))
    response = verstuur(pm, formulier, target_tekst="7,5")
    assert response.status_code == 200, response.content.decode()[:3000]
    html = response.content.decode()
    figuren = html[html.index('<section id="figuren"') :]
    assert 'hx-swap-oob="outerHTML"' in figuren.split(">", 1)[0]
    na = pm.get(f"/p/{SLUG}/baten/1/").content.decode()
    realisatie_na = re.search(r"Realisatie</span><span class=\"waarde\">([^<]+)<", na)[1]
    assert realisatie_na != realisatie_voor
    assert f'<span class="waarde">{realisatie_na}</span>' in figuren


def test_choosing_an_account_as_baateigenaar_drops_the_name_written_beside_it(pm, demo):
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from programmas.uitwisseling import exporteer_markdown, importeer

    b4 = demo.baten.get(nummer=4)
    type(b4).objects.filter(pk=b4.pk).update(eigenaar=None, eigenaar_naam="Afdelingshoofd VTH")
    b4.refresh_from_db()
    eigenaar = get_user_model().objects.get(username="eigenaar")
    formulier = open_formulier(pm, reverse("rij_bewerken", args=[SLUG, "baat", b4.pk]))
    assert verstuur(pm, formulier, eigenaar=str(eigenaar.pk)).status_code in (200, 302)
    b4.refresh_from_db()
    assert (b4.eigenaar, b4.eigenaar_naam) == (eigenaar, "")
    # So an export reads back without a change.
    uitkomst = importeer(
        exporteer_markdown(demo, vandaag=VANDAAG).encode(), programma=demo, proef=True
    )
    assert not [w for w in uitkomst.wijzigingen if "baateigenaar" in str(w)]
