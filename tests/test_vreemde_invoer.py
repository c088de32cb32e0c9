"""Odd input in a URL or form field is a page or a 404, never a 500: dates at the ends of
the calendar in the history filter, digits outside 0-9 ("²") and ids beyond any database,
and a NUL in the calendar feed's key or programme (an error on PostgreSQL)."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from programmas.demo import SLUG
from programmas.models import ApiToken, Profiel
from tests.helpers import ingelogd, tekst


def rijen(response) -> int:
    assert response.status_code == 200
    return tekst(response).count('class="wanneer"')


@pytest.fixture
def met_geschiedenis(demo) -> None:
    """A change in the history: a meting pushed by its baateigenaar."""
    response = ingelogd("eigenaar").post(
        f"/api/v1/programmas/{SLUG}/baten/1/metingen",
        json.dumps({"sleutel": "q1", "meting": "7,3", "meetdatum": "01-11-2026"}),
        content_type="application/json",
    )
    assert response.status_code == 201


@pytest.mark.parametrize(
    "filter",
    [
        {"tot": "31-12-9999"},
        {"tot": "december 9999"},
        {"van": "01-01-0001"},
        {"van": "01-01-0001", "tot": "31-12-9999"},
    ],
    ids=str,
)
def test_a_history_period_at_the_ends_of_the_calendar_is_open_on_that_side(
    pm, met_geschiedenis, filter
):
    alles = rijen(pm.get(reverse("geschiedenis", args=[SLUG])))
    assert alles >= 1
    assert rijen(pm.get(reverse("geschiedenis", args=[SLUG]), filter)) == alles


@pytest.mark.parametrize("door", ["99999999999999999999999", "\u00b2"])
def test_a_history_filter_on_a_person_who_cannot_exist_shows_the_page(pm, met_geschiedenis, door):
    assert rijen(pm.get(reverse("geschiedenis", args=[SLUG]), {"door": door})) >= 1


@pytest.mark.parametrize("waarde", ["\u00b2", "99999999999999999999999"])
def test_revoking_a_token_by_a_number_outside_0_to_9_revokes_nothing(demo, waarde):
    rij = ApiToken.maak(get_user_model().objects.get(username="eigenaar"), "x")[0]
    response = ingelogd("eigenaar").post(reverse("api_tokens"), {"intrekken": waarde})
    assert response.status_code in (200, 302)
    assert ApiToken.objects.filter(pk=rij.pk).exists()


def test_a_calendar_key_or_programme_with_a_nul_is_not_found(demo):
    sleutel = Profiel.objects.get(user__username="pm").agenda_sleutel
    assert Client().get(f"/agenda/{sleutel}.ics", {"programma": SLUG}).status_code == 200
    assert Client().get("/agenda/%00.ics").status_code == 404
    assert Client().get(f"/agenda/{sleutel}.ics?programma=a%00b").status_code == 404
    assert Client().get(f"/agenda/{sleutel}%00.ics").status_code == 404
