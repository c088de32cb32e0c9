"""No figure of the demo depends on the calendar: loaded on any day, it shows the same.

The demo moves by whole quarters to the day it is loaded (programmas.demo.DemoKalender);
these tests load it on many days from 2026 to 2030 and read the dashboard as the sponsor
does on that day.
"""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from programmas import rapport
from programmas.demo import REFERENTIE, SLUG, DemoKalender
from programmas.keuzes import Criterium
from programmas.models import Meetmoment, Programma
from programmas.notatie import format_datum, parse_periode
from programmas.vandaag import vandaag
from tests.helpers import PASSWORD, op_dag


def dagen() -> list[date]:
    """Every 37th day over 2026-2030, and each quarter's first and last day and each
    month's last day, where an off-by-one in the move would show."""
    gekozen = {date(2026, 1, 1) + timedelta(days=37 * i) for i in range(50)}
    for jaar in range(2026, 2031):
        for maand in range(1, 13):
            eerste = date(jaar, maand, 1)
            volgende = date(jaar + maand // 12, maand % 12 + 1, 1)
            gekozen.add(volgende - timedelta(days=1))
            if maand in (1, 4, 7, 10):
                gekozen.add(eerste)
    return sorted(d for d in gekozen if d.year <= 2030)


def dashboard_op(demo_op, dag: date) -> dict:
    demo_op(dag)
    client = Client()
    client.force_login(get_user_model().objects.get(username="sponsor"))
    response = client.get(reverse("dashboard", args=[SLUG]))
    assert response.status_code == 200
    return response.context


@pytest.mark.parametrize("dag", dagen(), ids=str)
def test_the_demo_shows_one_conflict_one_escalation_and_one_overdue_meetmoment_on_any_day(
    demo_op, dag: date
) -> None:
    context = dashboard_op(demo_op, dag)
    assert vandaag() == dag
    programma: Programma = context["programma"]
    assert programma.kwartaal_nu(dag) == 4
    signalen = [(s.regel.baat.code, s.signaal.criterium) for s in context["signaal_regels"]]
    assert signalen == [("B2", Criterium.ACHTERSTAND), ("B5", Criterium.CONFLICT)]
    assert [(link.baat, link.van) for link in context["links"] if link.conflict] == [("B5", "B2")]
    assert [(r.baat.code, m.omschrijving) for r, m in context["achterstallig"]] == [
        ("B3", "Doorlooptijd Q3")
    ]
    # Nothing measured lies in the future, and nothing that happened lies after today.
    assert not Meetmoment.objects.filter(meting_tekst__gt="", datum__gt=dag).exists()
    assert all(e.datum <= dag for e in programma.escalaties.all())


@pytest.mark.parametrize(
    "dag", [REFERENTIE - timedelta(days=365), REFERENTIE, REFERENTIE + timedelta(days=730)]
)
def test_the_dashboard_says_the_demo_day_and_its_signals_one_year_earlier_today_and_later(
    demo_op, dag: date
) -> None:
    programma = demo_op(dag)
    k = DemoKalender.voor(dag)
    client = Client()
    client.force_login(get_user_model().objects.get(username="sponsor"))
    html = client.get(reverse("dashboard", args=[SLUG])).content.decode()
    assert f"cijfers van {format_datum(dag)}" in html
    assert "60 %" in html  # B1 on track
    assert "Loopt 40 procentpunt achter op planning (drempel 20)" in html  # B2 behind
    assert "Conflict: B5 gepland in Groei, maar B2 staat op 13 % (drempel 30 %)" in html
    assert f"meetmoment {k.maand('september 2026')} is verstreken zonder meting" in html
    plan = client.get(reverse("plan", args=[SLUG])).content.decode()
    assert f"Cijfers van {format_datum(dag)}" in plan
    assert k.maand("maart 2026") in plan and k.maand("juni 2027") in plan
    baat = client.get(reverse("baat", args=[SLUG, 3])).content.decode()
    assert f"cijfers van {format_datum(dag)}" in baat
    assert "achterstallig" in baat
    # The PDF report: the same day, asked of the one today.
    verslag = render_to_string("programmas/rapport.html", rapport.context(programma, vandaag()))
    assert f"Cijfers van {format_datum(dag)}." in verslag
    assert f"{k.maand('september 2026')}</td><td>Doorlooptijd Q3 (achterstallig)" in verslag


def test_the_demo_on_its_reference_day_is_the_demo_as_written(demo_op) -> None:
    programma = demo_op(REFERENTIE)
    assert (programma.start_jaar, programma.start_kwartaal) == (2026, 1)
    b3 = programma.baten.get(nummer=3)
    assert [m.datum_tekst for m in b3.meetmomenten.all()] == [
        "april 2026",
        "juli 2026",
        "september 2026",
    ]
    assert b3.nulmeting_bron == "Klachtenregistratie 2025"
    assert [c.periode for c in programma.cycli.all()] == ["2026 H1", "2026 H2", "2027 H1"]


def test_the_demo_a_quarter_later_moves_every_date_a_quarter_in_dutch(demo_op) -> None:
    programma = demo_op(date(2027, 2, 14))
    assert (programma.start_jaar, programma.start_kwartaal) == (2026, 2)
    b1 = programma.baten.get(nummer=1)
    assert (b1.nulmeting_datum_tekst, b1.nulmeting_bron, b1.deadline_tekst) == (
        "maart 2026",
        "Klantpanel 2026",
        "september 2027",
    )
    assert [m.datum_tekst for m in b1.meetmomenten.all()][:2] == ["juni 2026", "september 2026"]
    # Half years that no longer start in January or July are written as their quarters.
    assert [c.periode for c in programma.cycli.all()] == [
        "Q2 2026 - Q3 2026",
        "Q4 2026 - Q1 2027",
        "Q2 2027 - Q3 2027",
    ]
    assert [parse_periode(c.periode)[0] for c in programma.cycli.all()] == [
        date(2026, 4, 1),
        date(2026, 10, 1),
        date(2027, 4, 1),
    ]
    assert "12 april 2026" in programma.toelichting_baten


def test_loaddemo_prints_the_dates_it_chose(db, settings) -> None:
    settings.DEBUG = True
    out = StringIO()
    with op_dag(date(2029, 5, 17)):
        call_command("loaddemo", password=PASSWORD, stdout=out)
    tekst = out.getvalue()
    assert "Vandaag: 17 mei 2029 (kwartaal Q4 van de roadmap" in tekst
    assert "Roadmap: Q1 = Q3 2028 tot en met Q6 = Q4 2029." in tekst
    assert "Meetmomenten: september 2028 tot en met september 2029." in tekst
    assert Programma.objects.get(slug=SLUG).start_jaar == 2028


def test_the_session_day_can_be_set_for_the_whole_suite(machineklok) -> None:
    # BATENPLAN_VANDAAG (tests/conftest.py) sets the machine's clock for the session.
    if machineklok is None:
        pytest.skip("BATENPLAN_VANDAAG is not set")
    assert vandaag() == machineklok
