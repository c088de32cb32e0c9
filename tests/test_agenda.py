"""The calendar feed (issue 16): a person's own open meetmomenten, read back with icalendar."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from programmas import realisatie
from programmas.keuzes import Rol
from programmas.models import Baat, Lidmaatschap, Meetmoment, Profiel
from tests.helpers import ingelogd


@pytest.fixture
def tweede(demo, make_programma, make_user):
    """A second programme in which the demo's eigenaar owns B1 and `tweede` owns B2."""
    programma = make_programma(naam="Digitaal Leren", slug="digitaal-leren")
    eigenaar = get_user_model().objects.get(username="eigenaar")
    tweede = make_user("tweede")
    Lidmaatschap.objects.create(programma=programma, user=eigenaar, rol=Rol.BAATEIGENAAR)
    Lidmaatschap.objects.create(programma=programma, user=tweede, rol=Rol.BAATEIGENAAR)
    for nummer, user, data in (
        (1, eigenaar, [("15-11-2026", ""), ("10-12-2026", ""), ("20-11-2026", "14")]),
        (2, tweede, [("5-12-2026", "")]),
    ):
        baat = Baat.objects.create(
            programma=programma, nummer=nummer, naam=f"Digitale baat {nummer}", eigenaar=user
        )
        for datum, meting in data:
            Meetmoment.objects.create(baat=baat, datum_tekst=datum, meting_tekst=meting)
    return programma


def feed(sleutel: str, **query: str):
    return Client().get(reverse("agenda", args=[sleutel]), query)


def sleutel(username: str) -> str:
    return Profiel.objects.get(user__username=username).agenda_sleutel


def gebeurtenissen(response) -> dict[str, tuple[date, str, list[str]]]:
    """The events of a feed, parsed back with the library that wrote it, by UID."""
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    cal = Calendar.from_ical(response.content)
    assert cal["VERSION"] == "2.0" and cal["PRODID"]
    uitkomst = {}
    for event in cal.walk("VEVENT"):
        start = event.decoded("DTSTART")
        eind = event.decoded("DTEND")
        assert type(start) is date and (eind - start).days == 1, "an all-day event"
        categorieen = [str(c) for c in event.get("CATEGORIES").cats]
        uitkomst[str(event["UID"])] = (start, str(event["SUMMARY"]), categorieen)
    return uitkomst


def open_meetmomenten(**filter_: object) -> set[str]:
    return {
        f"meetmoment-{m.pk}@batenplan"
        for m in Meetmoment.objects.filter(**filter_)
        if realisatie.is_open(m.datum, m.is_gemeten)
    }


def test_the_feed_holds_every_open_meetmoment_of_that_person_and_nobody_elses(tweede):
    response = feed(sleutel("eigenaar"))
    assert response.status_code == 200
    events = gebeurtenissen(response)
    eigen = open_meetmomenten(baat__eigenaar__username="eigenaar")
    assert set(events) == eigen
    assert open_meetmomenten(baat__eigenaar__username="tweede").isdisjoint(events)
    # Both programmes; the measured one is not there.
    assert any("Digitale baat 1" in titel for _, titel, _ in events.values())
    assert any(titel.startswith("Achterstallig: B3") for _, titel, _ in events.values())
    gemeten = Meetmoment.objects.get(datum_tekst="20-11-2026")
    assert f"meetmoment-{gemeten.pk}@batenplan" not in events


def test_overdue_meetmomenten_are_marked_and_the_others_are_not(tweede):
    events = gebeurtenissen(feed(sleutel("eigenaar")))
    for start, titel, categorieen in events.values():
        achter = start < date(2026, 12, 1)
        assert titel.startswith("Achterstallig: ") is achter, titel
        assert categorieen == (["Achterstallig"] if achter else ["Meetmoment"])


def test_the_programme_feed_holds_every_open_meetmoment_for_its_programme_manager(tweede, demo):
    events = gebeurtenissen(feed(sleutel("pm"), programma=demo.slug))
    assert set(events) == open_meetmomenten(baat__programma=demo)
    assert len(events) == len(open_meetmomenten(baat__programma=demo)) > 3


def test_the_programme_feed_is_not_found_for_a_member_who_does_not_manage_it(tweede, demo):
    for username, slug in (("eigenaar", demo.slug), ("sponsor", demo.slug), ("pm", tweede.slug)):
        assert feed(sleutel(username), programma=slug).status_code == 404, username


def test_an_unknown_or_renewed_key_is_not_found(tweede):
    oud = sleutel("eigenaar")
    assert feed("geen-echte-sleutel").status_code == 404
    client = ingelogd("eigenaar")
    response = client.post(reverse("agenda_vernieuwen"))
    assert response.status_code == 302 and response["Location"] == "/profiel/#agenda"
    nieuw = sleutel("eigenaar")
    assert nieuw != oud and len(nieuw) >= 40
    assert feed(oud).status_code == 404
    assert feed(nieuw).status_code == 200
    assert nieuw in client.get(reverse("profiel")).content.decode()


def test_the_feed_of_an_inactive_user_is_not_found(tweede):
    get_user_model().objects.filter(username="eigenaar").update(is_active=False)
    assert feed(sleutel("eigenaar")).status_code == 404


def test_the_feed_is_not_cached_and_leaks_no_referrer(tweede):
    response = feed(sleutel("eigenaar"))
    assert response["Cache-Control"] == "private, no-store"
    assert response["Referrer-Policy"] == "no-referrer"


def test_a_member_who_may_no_longer_measure_a_baat_has_no_events_of_it(tweede):
    Lidmaatschap.objects.filter(programma=tweede, user__username="tweede").update(
        rol=Rol.SPONSORGROEP
    )
    assert gebeurtenissen(feed(sleutel("tweede"))) == {}
