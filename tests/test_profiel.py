"""The profile page (issue 16): name, email, reminders, the calendar address, the password,
and the programmes with the person's role."""

import re

from django.contrib.auth import get_user_model
from django.urls import reverse

from programmas.keuzes import Herinnering
from programmas.models import Profiel
from tests.helpers import PASSWORD, database, ingelogd


def gekozen(html: str) -> str:
    """The reminder choice the page shows as chosen."""
    (waarde,) = re.findall(
        r'<input type="radio" name="h-herinnering" value="(\w+)"[^>]*checked', html
    )
    return waarde


def test_the_profile_page_shows_what_a_person_sets_and_where_they_are_a_member(demo):
    client = ingelogd("pm")
    html = client.get(reverse("profiel")).content.decode()
    sleutel = Profiel.objects.get(user__username="pm").agenda_sleutel
    assert 'value="pm@example.org"' in html and 'value="Petra"' in html
    assert gekozen(html) == "wekelijks"
    # The programme manager owns no baat in the demo: only the programme's calendar.
    assert f'value="http://testserver/agenda/{sleutel}.ics?programma={demo.slug}"' in html
    assert f'value="http://testserver/agenda/{sleutel}.ics"' not in html
    eigenaar = ingelogd("eigenaar").get(reverse("profiel")).content.decode()
    sleutel = Profiel.objects.get(user__username="eigenaar").agenda_sleutel
    assert f'value="http://testserver/agenda/{sleutel}.ics"' in eigenaar
    assert "?programma=" not in eigenaar
    assert f'href="{reverse("password_change")}"' in html
    assert "Klant in Beeld</a>: Programmamanager" in html
    sponsor = ingelogd("sponsor").get(reverse("profiel")).content.decode()
    assert "/agenda/" not in sponsor and "Klant in Beeld</a>: Sponsorgroep" in sponsor
    assert "U bent van geen baat de eigenaar" in sponsor


def test_the_profile_links_to_the_persons_api_tokens(demo):
    html = ingelogd("sponsor").get(reverse("profiel")).content.decode()
    assert f'href="{reverse("api_tokens")}"' in html


def test_every_page_links_to_the_profile(demo):
    for pad in (reverse("start"), reverse("plan", args=[demo.slug])):
        assert f'href="{reverse("profiel")}"' in ingelogd("eigenaar").get(pad).content.decode()


def test_the_profile_saves_name_email_and_reminder_preference(demo):
    client = ingelogd("eigenaar")
    response = client.post(
        reverse("profiel"),
        {
            "g-first_name": "Erika",
            "g-last_name": "Eigen",
            "g-email": "erika@example.org",
            "h-herinnering": Herinnering.DAGELIJKS,
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("profiel")
    user = get_user_model().objects.get(username="eigenaar")
    assert (user.first_name, user.last_name, user.email) == ("Erika", "Eigen", "erika@example.org")
    assert user.profiel.herinnering == Herinnering.DAGELIJKS
    assert "Uw profiel is opgeslagen." in client.get(reverse("profiel")).content.decode()


def test_a_wrong_email_address_is_refused_in_dutch_and_keeps_what_was_typed(demo):
    client = ingelogd("eigenaar")
    voor = database()
    response = client.post(
        reverse("profiel"),
        {"g-first_name": "Erika", "g-email": "geen-adres", "h-herinnering": Herinnering.UIT},
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Voer een geldig e-mailadres in." in html
    assert 'value="geen-adres"' in html and 'value="Erika"' in html
    assert gekozen(html) == "uit"
    assert database() == voor


def test_the_password_is_changed_with_djangos_own_views_in_our_layout(demo):
    client = ingelogd("sponsor")
    formulier = client.get(reverse("password_change")).content.decode()
    assert "Wachtwoord wijzigen" in formulier and 'href="/static/css/batenplan.css"' in formulier
    fout = client.post(
        reverse("password_change"),
        {"old_password": "fout", "new_password1": "x", "new_password2": "x"},
    )
    assert fout.status_code == 200 and "Uw oude wachtwoord" in fout.content.decode()
    nieuw = "een-nieuw-lang-wachtwoord-2026"
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": nieuw, "new_password2": nieuw},
        follow=True,
    )
    assert "Uw wachtwoord is gewijzigd." in response.content.decode()
    assert get_user_model().objects.get(username="sponsor").check_password(nieuw)


def test_every_new_user_has_a_profile_with_a_key_of_their_own(demo, make_user):
    a, b = make_user("a"), make_user("b")
    assert a.profiel.agenda_sleutel != b.profiel.agenda_sleutel
    assert a.profiel.herinnering == Herinnering.WEKELIJKS
