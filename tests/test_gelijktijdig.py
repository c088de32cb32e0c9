"""Two people editing the same part of the plan: a save based on a version that someone else
has changed since is refused with the other person's values beside one's own, the input stays
in the form, and nothing is overwritten silently (issue #4). Each person has a client."""

import re
from datetime import date
from html import unescape

import pytest
from django.contrib.auth.models import User
from django.test import Client

from programmas.demo import SLUG
from programmas.keuzes import Kans, Rol
from programmas.models import Afhankelijkheid, Lidmaatschap, Meetmoment, Programma, Risico
from tests.helpers import (
    CONFLICT,
    Formulier,
    baat,
    demo_gebruiker,
    formulier_in,
    ingelogd,
    open_formulier,
    verstuur,
)

VANDAAG = date(2026, 11, 29)
pytestmark = pytest.mark.vandaag(VANDAAG)


@pytest.fixture
def tweede_pm(demo, make_user) -> User:
    """Paul, a second programme manager beside Petra (the demo's pm)."""
    paul = make_user("paul", first_name="Paul", last_name="Peters")
    Lidmaatschap.objects.create(programma=demo, user=paul, rol=Rol.PROGRAMMAMANAGER)
    return paul


petra = demo_gebruiker("pm", "petra")
erik = demo_gebruiker("eigenaar", "erik")  # the baateigenaar of B1-B3


@pytest.fixture
def paul(tweede_pm) -> Client:
    return ingelogd("paul")


def verschillen(response) -> list[tuple[str, str, str]]:
    """The conflict table: (field, your input, stored now) per row."""
    html = response.content.decode()
    begin = html.index('<div class="conflict"')
    blok = html[begin : html.index("</div>", begin)]
    blok = blok[blok.index("<tbody>") :] if "<tbody>" in blok else ""
    rijen = re.findall(r"<tr><th>(.*?)</th><td>(.*?)</td><td>(.*?)</td></tr>", blok, re.S)
    return [tuple(unescape(cel).strip() for cel in rij) for rij in rijen]


def geweigerd_wegens_conflict(response) -> Formulier:
    """Refused: 422 with the Dutch message; returns the form shown again."""
    html = response.content.decode()
    assert response.status_code == 422, html[:3000]
    assert CONFLICT in html
    assert "Hieronder staan de huidige waarden naast uw invoer." in html
    return formulier_in(response)


def paul_na_petra(petra: Client, paul: Client, url: str, petra_typt: dict, **paul_typt):
    """Both open `url`; Petra saves first, then Paul sends his change from the form he had
    opened before hers was saved. Paul's response."""
    bij_petra, bij_paul = open_formulier(petra, url), open_formulier(paul, url)
    bewaard(verstuur(petra, bij_petra, **petra_typt))
    return verstuur(paul, bij_paul, **paul_typt)


def bewaard(response) -> None:
    assert response.status_code in (200, 302), response.content.decode()[:3000]
    if response.status_code == 200:
        assert CONFLICT not in response.content.decode()
        assert 'class="fout"' not in response.content.decode()


# ---------------------------------------------------------------------------------------
# A row of the plan: a baat


def test_a_baat_saved_by_someone_else_in_the_meantime_is_not_overwritten(petra, paul):
    url = f"/p/{SLUG}/baat/{baat(1).pk}/?terug=plan%23baten"
    bij_petra, bij_paul = open_formulier(petra, url), open_formulier(paul, url)
    assert bij_petra.waarde("revisie") == bij_paul.waarde("revisie") == "1"

    bewaard(verstuur(petra, bij_petra, naam="Eenduidige klantbeleving"))
    response = verstuur(paul, bij_paul, naam="Klantbeleving overal gelijk")

    opnieuw = geweigerd_wegens_conflict(response)
    assert verschillen(response) == [
        ("Baat", "Klantbeleving overal gelijk", "Eenduidige klantbeleving")
    ]
    assert opnieuw.waarde("naam") == "Klantbeleving overal gelijk"
    assert 'value="Klantbeleving overal gelijk"' in response.content.decode()
    assert baat(1).naam == "Eenduidige klantbeleving"
    assert baat(1).gewijzigd_door.username == "pm"

    # Paul has seen Petra's name beside his own and saves his again: now deliberately.
    assert opnieuw.waarde("revisie") == "2"
    bewaard(verstuur(paul, opnieuw))
    assert baat(1).naam == "Klantbeleving overal gelijk"
    assert baat(1).revisie == 3
    assert baat(1).gewijzigd_door.username == "paul"


def test_the_conflict_lists_every_field_the_other_person_stored_differently(petra, paul):
    url = f"/p/{SLUG}/baatdetails/{baat(2).pk}/?terug=baat-2%23kern"
    petra_typt = {"target_tekst": "NPS +25", "nulmeting_bron": "Onderzoek 2025"}
    response = paul_na_petra(petra, paul, url, petra_typt, target_tekst="NPS +18")

    opnieuw = geweigerd_wegens_conflict(response)
    assert verschillen(response) == [
        ("Bron meting", "Klanttevredenheidsonderzoek 2025", "Onderzoek 2025"),
        ("Target score", "NPS +18", "NPS +25"),
    ]
    assert opnieuw.waarde("target_tekst") == "NPS +18"
    b2 = baat(2)
    assert (b2.target_tekst, b2.nulmeting_bron) == ("NPS +25", "Onderzoek 2025")


def test_the_refused_form_is_shown_again_in_place_for_htmx_and_as_a_page_without(petra, paul):
    url = f"/p/{SLUG}/baat/{baat(3).pk}/?terug=plan%23baten"
    bij_petra, bij_paul = open_formulier(petra, url), open_formulier(paul, url)
    bewaard(verstuur(petra, bij_petra, eigenaar="", eigenaar_naam="Hoofd Klantenservice"))

    zonder_htmx = verstuur(
        paul, bij_paul, htmx=False, eigenaar="", eigenaar_naam="Teamleider Klachten"
    )
    geweigerd_wegens_conflict(zonder_htmx)
    assert "<html" in zonder_htmx.content.decode()
    met_htmx = verstuur(paul, bij_paul, eigenaar="", eigenaar_naam="Teamleider Klachten")
    geweigerd_wegens_conflict(met_htmx)
    assert "<html" not in met_htmx.content.decode()
    assert baat(3).eigenaar_naam == "Hoofd Klantenservice"


# ---------------------------------------------------------------------------------------
# A section of the programme itself


def test_a_section_saved_by_someone_else_in_the_meantime_is_not_overwritten(petra, paul):
    url = f"/p/{SLUG}/sectie/kop/"
    bij_petra, bij_paul = open_formulier(petra, url), open_formulier(paul, url)
    assert bij_petra.waarde("versie") == "1.2"

    bewaard(verstuur(petra, bij_petra, versie="1.3", opsteller="Petra Mulder"))
    response = verstuur(paul, bij_paul, versie="2.0")

    opnieuw = geweigerd_wegens_conflict(response)
    assert verschillen(response) == [
        ("Versie", "2.0", "1.3"),
        ("Opsteller", "Programmabureau Klant in Beeld", "Petra Mulder"),
    ]
    assert opnieuw.waarde("versie") == "2.0"
    programma = Programma.objects.get(slug=SLUG)
    assert (programma.versie, programma.opsteller) == ("1.3", "Petra Mulder")

    bewaard(verstuur(paul, opnieuw))
    assert Programma.objects.get(slug=SLUG).versie == "2.0"


def test_a_save_of_one_section_never_undoes_a_change_to_another_section(petra, paul):
    bij_petra = open_formulier(petra, f"/p/{SLUG}/sectie/monitoring/")
    bij_paul = open_formulier(paul, f"/p/{SLUG}/sectie/kop/")
    bewaard(
        verstuur(
            petra,
            bij_petra,
            rapportage_frequentie="maandelijks",
            toelichting_monitoring="Maandelijks in het programmaoverleg.",
        )
    )
    # Another section changed since Paul opened his: no conflict, and nothing undone.
    bewaard(verstuur(paul, bij_paul, thema="Sturen op baten"))
    programma = Programma.objects.get(slug=SLUG)
    assert programma.thema == "Sturen op baten"
    assert programma.rapportage_frequentie == "maandelijks"
    assert programma.toelichting_monitoring == "Maandelijks in het programmaoverleg."


# ---------------------------------------------------------------------------------------
# A risk, updated by its baateigenaar and by the programme manager


@pytest.mark.parametrize("eerst", ["eigenaar", "pm"])
def test_a_risk_changed_by_the_baateigenaar_and_the_pm_at_once_is_not_overwritten(demo, eerst):
    risico = Risico.objects.get(baat=baat(1))
    url = f"/p/{SLUG}/risico/{risico.pk}/?terug=baat-1%23risicos"
    erik, petra = ingelogd("eigenaar"), ingelogd("pm")
    bij_erik = open_formulier(erik, url)
    bij_petra = open_formulier(petra, url)
    assert bij_erik.waarde("revisie") == bij_petra.waarde("revisie") == "1"
    erik_wil = {"mitigatie": "Klantbelofte per sector ondertekenen"}
    petra_wil = {"kans": Kans.HOOG.value, "mitigatie": "Sectorplannen laten toetsen"}
    eerste, tweede = (erik, petra) if eerst == "eigenaar" else (petra, erik)
    eerste_formulier, tweede_formulier = (
        (bij_erik, bij_petra) if eerst == "eigenaar" else (bij_petra, bij_erik)
    )
    eerste_wil, tweede_wil = (erik_wil, petra_wil) if eerst == "eigenaar" else (petra_wil, erik_wil)

    bewaard(verstuur(eerste, eerste_formulier, **eerste_wil))
    response = verstuur(tweede, tweede_formulier, **tweede_wil)

    opnieuw = geweigerd_wegens_conflict(response)
    assert ("Mitigatie", tweede_wil["mitigatie"], eerste_wil["mitigatie"]) in verschillen(response)
    assert opnieuw.waarde("mitigatie") == tweede_wil["mitigatie"]
    risico.refresh_from_db()
    assert risico.mitigatie == eerste_wil["mitigatie"]
    assert risico.kans == eerste_wil.get("kans", Kans.MIDDEN.value)

    bewaard(verstuur(tweede, opnieuw))
    risico.refresh_from_db()
    assert risico.mitigatie == tweede_wil["mitigatie"]
    assert risico.revisie == 3


# ---------------------------------------------------------------------------------------
# A meting entered by two people


def test_a_meting_entered_by_two_people_on_the_same_meetmoment_is_not_overwritten(demo):
    # B3's meetmoment of september 2026 is overdue; Erik (its owner) and Petra both fill it in.
    meetmoment = Meetmoment.objects.get(baat=baat(3), datum_tekst="september 2026")
    url = f"/p/{SLUG}/meetmoment/{meetmoment.pk}/?terug=baat-3%23meetmomenten"
    erik, petra = ingelogd("eigenaar"), ingelogd("pm")
    bij_erik = open_formulier(erik, url)
    bij_petra = open_formulier(petra, url)

    bewaard(verstuur(erik, bij_erik, meting_tekst="9 dagen"))
    response = verstuur(petra, bij_petra, meting_tekst="10 dagen")

    opnieuw = geweigerd_wegens_conflict(response)
    assert ("Meting", "10 dagen", "9 dagen") in verschillen(response)
    assert opnieuw.waarde("meting_tekst") == "10 dagen"
    meetmoment.refresh_from_db()
    assert (meetmoment.meting_tekst, meetmoment.gemeten_door.username) == ("9 dagen", "eigenaar")

    bewaard(verstuur(petra, opnieuw))
    meetmoment.refresh_from_db()
    assert (meetmoment.meting_tekst, meetmoment.gemeten_door.username) == ("10 dagen", "pm")


def test_two_metingen_for_the_same_planned_meetmoment_in_the_quick_form_are_not_lost(demo):
    # Both open the quick meting form of B3, which offers the overdue meetmoment of september
    # 2026; Erik saves first. Petra's meting must not silently vanish or overwrite his.
    meetmoment = Meetmoment.objects.get(baat=baat(3), datum_tekst="september 2026")
    url = f"/p/{SLUG}/baten/3/meting/"
    erik, petra = ingelogd("eigenaar"), ingelogd("pm")
    bij_erik = open_formulier(erik, url, htmx=False)
    bij_petra = open_formulier(petra, url, htmx=False)
    assert bij_erik.waarde("b3-meetmoment") == bij_petra.waarde("b3-meetmoment")
    assert bij_petra.waarde("b3-meetmoment") == str(meetmoment.pk)

    bewaard(verstuur(erik, bij_erik, htmx=False, **{"b3-meting_tekst": "9 dagen"}))
    response = verstuur(petra, bij_petra, htmx=False, **{"b3-meting_tekst": "10 dagen"})

    opnieuw = geweigerd_wegens_conflict(response)
    assert ("Meting", "10 dagen", "9 dagen") in verschillen(response)
    assert opnieuw.waarde("b3-meting_tekst") == "10 dagen"
    meetmoment.refresh_from_db()
    assert meetmoment.meting_tekst == "9 dagen"
    assert not Meetmoment.objects.filter(baat=baat(3), meting_tekst="10 dagen").exists()


def test_two_new_metingen_on_their_own_dates_are_both_kept(demo):
    # Nothing to conflict: two new rows, each person's own.
    url = f"/p/{SLUG}/baten/1/meting/"
    erik, petra = ingelogd("eigenaar"), ingelogd("pm")
    bij_erik = open_formulier(erik, url, htmx=False)
    bij_petra = open_formulier(petra, url, htmx=False)
    erik_typt = {"b1-meetmoment": "", "b1-datum_tekst": "20-11-2026", "b1-meting_tekst": "7,3"}
    petra_typt = {"b1-meetmoment": "", "b1-datum_tekst": "25-11-2026", "b1-meting_tekst": "7,35"}
    bewaard(verstuur(erik, bij_erik, htmx=False, **erik_typt))
    bewaard(verstuur(petra, bij_petra, htmx=False, **petra_typt))
    metingen = Meetmoment.objects.filter(baat=baat(1), datum_tekst__endswith="-11-2026")
    assert sorted(m.meting_tekst for m in metingen) == ["7,3", "7,35"]


# ---------------------------------------------------------------------------------------
# A dependency: the baten it waits for are part of what is compared


def test_a_dependency_changed_by_someone_else_shows_their_baten_beside_yours(petra, paul):
    b4_extern = Afhankelijkheid.objects.get(baat=baat(4))
    url = f"/p/{SLUG}/afhankelijkheid/{b4_extern.pk}/?terug=plan%23afhankelijkheden"
    response = paul_na_petra(petra, paul, url, {"van": [str(baat(1).pk)]}, van=[str(baat(2).pk)])

    opnieuw = geweigerd_wegens_conflict(response)
    assert (
        "Afhankelijk van",
        "B2 Hogere klanttevredenheid",
        "B1 Consistente klantbeleving",
    ) in verschillen(response)
    assert opnieuw.velden["van"] == [str(baat(2).pk)]
    assert [b.code for b in b4_extern.van.all()] == ["B1"]


# ---------------------------------------------------------------------------------------
# The revisie: one step per save, and an old one never wins


def test_each_save_raises_the_revisie_by_one_and_an_old_revisie_never_wins(petra):
    url = f"/p/{SLUG}/baat/{baat(1).pk}/?terug=plan%23baten"
    oude_formulieren = []
    for keer in range(1, 5):
        formulier = open_formulier(petra, url)
        assert formulier.waarde("revisie") == str(keer)
        oude_formulieren.append(formulier)
        bewaard(verstuur(petra, formulier, naam=f"Klantbeleving versie {keer}"))
        assert baat(1).revisie == keer + 1

    for oud in oude_formulieren:
        response = verstuur(petra, oud, naam="Een verouderde naam")
        assert response.status_code == 422
        assert CONFLICT in response.content.decode()
    b1 = baat(1)
    assert (b1.naam, b1.revisie) == ("Klantbeleving versie 4", 5)


def test_a_revisie_from_the_future_is_refused_too(petra):
    formulier = open_formulier(petra, f"/p/{SLUG}/baat/{baat(2).pk}/?terug=plan%23baten")
    response = verstuur(petra, formulier, revisie="7", naam="Vooruit gedacht")
    assert response.status_code == 422
    assert baat(2).naam == "Hogere klanttevredenheid"
    assert baat(2).revisie == 1


def test_the_second_of_two_identical_saves_is_refused_not_applied_twice(petra, paul):
    url = f"/p/{SLUG}/sectie/kop/"
    response = paul_na_petra(petra, paul, url, {"versie": "1.3"}, versie="1.3")
    # Same value, but based on an old version: refused, with nothing to show for the field.
    geweigerd_wegens_conflict(response)
    assert ("Versie", "1.3", "1.3") not in verschillen(response)
    assert Programma.objects.get(slug=SLUG).revisie == 2
