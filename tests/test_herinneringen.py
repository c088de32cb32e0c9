"""Reminders by email (issue 16): who hears of which meetmoment, once per reason."""

import re
from datetime import date, timedelta
from io import StringIO
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from programmas import herinneringen
from programmas.keuzes import Herinnering, Rol
from programmas.models import Baat, Lidmaatschap, Meetmoment, Profiel, VerzondenHerinnering
from tests.helpers import op_dag


@pytest.fixture
def tweede(demo, make_programma, make_user):
    """The demo and a second programme: the demo's eigenaar owns B1 there too, `tweede`
    owns B2, and `vertrokken` owns B3 but is now only in the sponsorgroep."""
    programma = make_programma(naam="Digitaal Leren", slug="digitaal-leren")
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    eigenaar = users.get(username="eigenaar")
    tweede = make_user("tweede", email="tweede@example.org", first_name="Twan")
    vertrokken = make_user("vertrokken", email="vertrokken@example.org")
    pm2 = make_user("pm2", email="pm2@example.org")
    for user, rol in (
        (eigenaar, Rol.BAATEIGENAAR),
        (tweede, Rol.BAATEIGENAAR),
        (vertrokken, Rol.SPONSORGROEP),
        (pm2, Rol.PROGRAMMAMANAGER),
    ):
        Lidmaatschap.objects.create(programma=programma, user=user, rol=rol)
    baten = {}
    for nummer, user in ((1, eigenaar), (2, tweede), (3, vertrokken)):
        baten[nummer] = Baat.objects.create(
            programma=programma,
            nummer=nummer,
            naam=f"Digitale baat {nummer}",
            eigenaar=user,
            nulmeting_tekst="10",
            target_tekst="20",
        )
    # The demo's day is 1 December 2026; due means up to and including 15 December.
    for nummer, datum, meting in (
        (1, "15-11-2026", ""),  # overdue
        (1, "20-11-2026", "14"),  # measured: nothing to remind
        (1, "1-12-2026", ""),  # today: due, not yet overdue
        (1, "10-12-2026", ""),
        (1, "15-12-2026", ""),  # the 14th day: due
        (1, "16-12-2026", ""),  # the 15th: not yet
        (1, "maart 2027", ""),
        (2, "1-10-2026", ""),  # overdue
        (2, "5-12-2026", ""),
        (2, "december 2026", ""),  # the 31st: not yet
        (3, "2-12-2026", ""),  # its owner may no longer measure it
    ):
        Meetmoment.objects.create(baat=baten[nummer], datum_tekst=datum, meting_tekst=meting)
    return programma


VERWACHT = {
    "eigenaar": {
        "Klant in Beeld B3 30-09-2026 achterstallig",
        "Digitaal Leren B1 15-11-2026 achterstallig",
        "Digitaal Leren B1 01-12-2026 binnenkort",
        "Digitaal Leren B1 10-12-2026 binnenkort",
        "Digitaal Leren B1 15-12-2026 binnenkort",
    },
    "tweede": {
        "Digitaal Leren B2 01-10-2026 achterstallig",
        "Digitaal Leren B2 05-12-2026 binnenkort",
    },
}


def droog(*args: str) -> str:
    uit = StringIO()
    call_command("stuur_herinneringen", "--dry-run", *args, stdout=uit)
    return uit.getvalue()


def per_persoon(uitvoer: str) -> dict[str, set[str]]:
    """The meetmomenten the dry run lists under each person's reminder."""
    lijst: dict[str, set[str]] = {}
    wie = None
    for regel in uitvoer.splitlines():
        kop = re.match(r"- (\S+) <[^>]*>: (herinnering|weekoverzicht)", regel)
        if kop:
            wie = kop.group(1) if kop.group(2) == "herinnering" else None
            if wie:
                lijst[wie] = set()
        elif regel.startswith("    ") and wie:
            lijst[wie].add(regel.strip().removesuffix(" (al gemeld)"))
    return lijst


def test_a_dry_run_lists_exactly_the_due_and_overdue_meetmomenten_per_person(tweede):
    uitvoer = droog()
    assert per_persoon(uitvoer) == VERWACHT
    assert "Zou versturen: 4 e-mail(s)." in uitvoer  # eigenaar, tweede, pm and pm2
    assert "- pm <pm@example.org>: weekoverzicht [zou gaan]" in uitvoer
    assert "Digitaal Leren: 2 achterstallig, 0 escalatie(s)" in uitvoer  # B1 and B2
    assert mail.outbox == []
    assert not VerzondenHerinnering.objects.exists()


def test_the_window_of_days_can_be_set(tweede):
    assert per_persoon(droog("--dagen", "0"))["eigenaar"] == {
        "Klant in Beeld B3 30-09-2026 achterstallig",
        "Digitaal Leren B1 15-11-2026 achterstallig",
        "Digitaal Leren B1 01-12-2026 binnenkort",
    }


def test_due_and_overdue_follow_the_dashboards_rule(tweede, demo):
    """Every overdue meetmoment the dashboard (Stand.achterstallig) lists of a baat with an
    owner is in someone's reminder, and the reminder has no other overdue one."""
    from programmas import paginas
    from programmas.toegang import Toegang

    brieven = herinneringen.brieven()
    genoemd = {m.meetmoment.pk for b in brieven if b.soort == "herinnering" for m in b.momenten}
    achter_genoemd = {
        m.meetmoment.pk
        for b in brieven
        if b.soort == "herinnering"
        for m in b.momenten
        if m.achterstallig
    }
    dashboard = set()
    for programma in (demo, tweede):
        s = paginas.Stand(Toegang.lezer(programma), date(2026, 12, 1), programma.baten.all())
        dashboard |= {
            m.pk
            for regel, m in s.achterstallig
            if regel.baat.eigenaar_id and regel.baat.eigenaar.username != "vertrokken"
        }
    assert achter_genoemd == dashboard
    assert achter_genoemd < genoemd


def test_sending_twice_sends_once(tweede):
    call_command("stuur_herinneringen", stdout=StringIO())
    ontvangers = sorted(m.to[0] for m in mail.outbox)
    assert ontvangers == [
        "eigenaar@example.org",
        "pm2@example.org",
        "pm@example.org",
        "tweede@example.org",
    ]
    uit = StringIO()
    call_command("stuur_herinneringen", stdout=uit)
    assert len(mail.outbox) == 4
    assert "Verstuurd: 0 e-mail(s)." in uit.getvalue()
    assert "niets nieuws" in uit.getvalue()
    assert VerzondenHerinnering.objects.filter(user__username="eigenaar").count() == 5


def test_one_mail_per_person_holds_all_their_baten_with_a_link_to_the_quick_form(tweede, settings):
    settings.BATENPLAN_URL = "https://baten.example.nl"
    herinneringen.stuur()
    (bericht,) = [m for m in mail.outbox if m.to == ["eigenaar@example.org"]]
    assert bericht.subject == "Batenplan: 2 achterstallige meting(en), 3 binnenkort"
    tekst = bericht.body
    assert tekst.startswith("Beste Erik de Eigenaar,")
    assert "Klant in Beeld" in tekst and "Digitaal Leren" in tekst
    assert ": ACHTERSTALLIG sinds 30 september 2026" in tekst
    assert "https://baten.example.nl/p/digitaal-leren/mijn-baten/#mijn-1" in tekst
    assert "https://baten.example.nl/profiel/" in tekst
    html, soort = bericht.alternatives[0]
    assert soort == "text/html"
    assert '<a href="https://baten.example.nl/p/klant-in-beeld/mijn-baten/#mijn-3">' in html
    assert html.count("Meting invoeren") == 5


def test_the_programme_managers_digest_says_what_is_overdue_and_what_escalates(tweede):
    herinneringen.stuur()
    (bericht,) = [m for m in mail.outbox if m.to == ["pm@example.org"]]
    assert "weekoverzicht" in bericht.subject
    assert "Loopt" in bericht.body and "achter op planning" in bericht.body  # B2's signal
    assert "B3" in bericht.body and "Achterstallige metingen" in bericht.body
    assert "/p/klant-in-beeld/dashboard/" in bericht.body


def test_a_meetmoment_that_becomes_overdue_is_a_new_reason(tweede):
    Profiel.objects.filter(user__username="tweede").update(herinnering=Herinnering.DAGELIJKS)
    herinneringen.stuur()
    eerst = [m for m in mail.outbox if m.to == ["tweede@example.org"]]
    with op_dag(date(2026, 12, 6)):
        herinneringen.stuur()
        herinneringen.stuur()
    daarna = [m for m in mail.outbox if m.to == ["tweede@example.org"]]
    assert len(eerst) == 1 and len(daarna) == 2
    assert "achterstallig sinds 5 december 2026" in daarna[1].alternatives[0][0]


def test_weekly_means_at_most_one_reminder_in_seven_days(tweede):
    herinneringen.stuur()  # wekelijks is the default
    with op_dag(date(2026, 12, 6)):
        herinneringen.stuur()
    assert len([m for m in mail.outbox if m.to == ["tweede@example.org"]]) == 1
    with op_dag(date(2026, 12, 9)):
        herinneringen.stuur()
    assert len([m for m in mail.outbox if m.to == ["tweede@example.org"]]) == 2


def test_off_sends_nothing_and_without_an_email_address_nothing_goes(tweede):
    Profiel.objects.filter(user__username="eigenaar").update(herinnering=Herinnering.UIT)
    Profiel.objects.get(user__username="tweede").user.__class__.objects.filter(
        username="tweede"
    ).update(email="")
    uitvoer = droog()
    assert "- eigenaar <eigenaar@example.org>: herinnering" in uitvoer
    assert "niet: herinneringen staan uit" in uitvoer
    assert "niet: geen e-mailadres" in uitvoer
    herinneringen.stuur()
    assert {m.to[0] for m in mail.outbox} == {"pm@example.org", "pm2@example.org"}


def test_a_mail_that_fails_is_not_noted_and_goes_in_the_next_run(tweede):
    with mock.patch(
        "django.core.mail.EmailMultiAlternatives.send", side_effect=OSError("smtp weg")
    ):
        brieven = herinneringen.stuur()
    assert not any(b.verstuurd for b in brieven)
    assert not VerzondenHerinnering.objects.exists()
    herinneringen.stuur()
    assert len(mail.outbox) == 4


def test_a_reason_noted_by_another_run_at_the_same_time_is_not_sent_again(tweede):
    brieven = [b for b in herinneringen.brieven() if b.user.username == "tweede"]
    # Another run noted one of the reasons between reading and sending.
    VerzondenHerinnering.objects.create(user=brieven[0].user, sleutel=brieven[0].sleutels[0])
    assert herinneringen.verstuur(brieven[0], date(2026, 12, 1)) is False
    assert mail.outbox == []


def test_the_task_sends_the_reminders(tweede):
    resultaat = herinneringen.herinneringen_taak.enqueue()
    assert resultaat.return_value == "4 verstuurd"
    assert len(mail.outbox) == 4


def test_the_task_plans_its_next_run_in_the_database_queue_once(tweede, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django_tasks_db.models import DBTaskResult

    om = herinneringen.plan_in()
    assert om is not None and timezone.localtime(om).hour == 7
    assert timezone.now() < om <= timezone.now() + timedelta(days=1)
    assert herinneringen.plan_in() is None  # already queued
    uit = StringIO()
    call_command("stuur_herinneringen", "--inplannen", stdout=uit)
    assert "staat al in de wachtrij" in uit.getvalue()
    assert DBTaskResult.objects.filter(task_path__endswith="herinneringen_taak").count() == 1


def test_the_immediate_backend_of_the_tests_plans_nothing():
    assert herinneringen.plan_in() is None
