"""A fragment costs the same queries whatever the size of the programme (issue 12): the
sections htmx swaps in after a change, a meting entered on Mijn baten, and an escalation
signal handled on the dashboard each read what they show, not the whole plan.

Sizes: S is the demo (6 baten); M is the benchmark's M (demo.MATEN: 40 baten, 8 cycles,
12 quarters, 2,000 metingen).
"""

from urllib.parse import quote

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client

from programmas import paginas
from programmas.demo import load_maat
from programmas.models import Lidmaatschap, Programma
from programmas.toegang import Toegang
from programmas.vandaag import vandaag
from tests.helpers import queries

PLAN_SECTIES = sorted(paginas.PLAN)
BAAT_SECTIES = sorted(paginas.BAAT)
DASHBOARD_SECTIES = sorted(paginas.DASHBOARD)


@pytest.fixture
def maten(demo) -> list[Programma]:
    return [demo, load_maat("M", "maat-m")]


def ingelogd(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def kosten(verzoek) -> int:
    """The queries of a request that succeeds."""

    def vraag() -> None:
        antwoord = verzoek()
        assert antwoord.status_code in (200, 302), antwoord.content.decode()[:500]

    return queries(vraag)


def sectie(client: Client, programma: Programma, terug: str):
    pad = f"/p/{programma.slug}/tonen/?terug={quote(terug, safe='')}"
    return lambda: client.get(pad, HTTP_HX_REQUEST="true")


def per_maat(maten: list[Programma], verzoek) -> list[int]:
    verzoek(maten[0])()  # warm up what is read once per process
    return [kosten(verzoek(programma)) for programma in maten]


@pytest.mark.parametrize("naam", PLAN_SECTIES)
def test_a_plan_section_costs_the_same_queries_at_sizes_s_and_m(maten, naam):
    pm = ingelogd("pm")
    aantallen = per_maat(maten, lambda p: sectie(pm, p, f"plan#{naam}"))
    assert aantallen[0] == aantallen[1], aantallen


@pytest.mark.parametrize("naam", BAAT_SECTIES)
def test_a_baat_page_section_costs_the_same_queries_at_sizes_s_and_m(maten, naam):
    pm = ingelogd("pm")
    aantallen = per_maat(maten, lambda p: sectie(pm, p, f"baat-1#{naam}"))
    assert aantallen[0] == aantallen[1], aantallen


@pytest.mark.parametrize("naam", DASHBOARD_SECTIES)
def test_a_dashboard_section_costs_the_same_queries_at_sizes_s_and_m(maten, naam):
    pm = ingelogd("pm")
    aantallen = per_maat(maten, lambda p: sectie(pm, p, f"dashboard#{naam}"))
    assert aantallen[0] == aantallen[1], aantallen


@pytest.mark.parametrize("htmx", [True, False], ids=["card", "redirect"])
def test_a_meting_from_mijn_baten_costs_the_same_queries_at_sizes_s_and_m(maten, htmx):
    eigenaar = ingelogd("eigenaar")
    kop = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    dagen = iter(range(2, 29))

    def post(programma: Programma):
        data = {"b1-datum_tekst": f"{next(dagen)}-11-2026", "b1-meting_tekst": "6,5"}
        return lambda: eigenaar.post(f"/p/{programma.slug}/baten/1/meting/", data, **kop)

    aantallen = per_maat(maten, post)
    assert aantallen[0] == aantallen[1], aantallen


def open_signaal(programma: Programma) -> paginas.SignaalRegel:
    lid = Lidmaatschap.objects.get(programma=programma, user__username="pm")
    context = paginas.dashboard_sectie(Toegang(programma, lid), "escalaties", vandaag())
    # Of a baat that depends on another, at both sizes: a signal is read with the baten its
    # baat depends on, so a baat without any would read less at one size than the other.
    return next(
        s for s in context["signaal_regels"] if s.afhandeling is None and s.regel.afhankelijk_van
    )


class _Terug(Exception):
    pass


@pytest.mark.parametrize("methode", ["get", "post"])
def test_handling_an_escalation_signal_costs_the_same_queries_at_sizes_s_and_m(maten, methode):
    pm = ingelogd("pm")

    def afhandelen(programma: Programma):
        s = open_signaal(programma)
        pad = f"/p/{programma.slug}/dashboard/signaal/{s.regel.baat.nummer}/{s.signaal.criterium}/"
        if methode == "get":
            return lambda: pm.get(pad, HTTP_HX_REQUEST="true")

        def post():
            # Rolled back, so that the warm-up and the measured run handle the same signal.
            try:
                with transaction.atomic():
                    antwoord = pm.post(pad, {"afhandeling": "Besproken"}, HTTP_HX_REQUEST="true")
                    assert b"Besproken" in antwoord.content
                    raise _Terug(antwoord)
            except _Terug as terug:
                return terug.args[0]

        return post

    aantallen = per_maat(maten, afhandelen)
    assert aantallen[0] == aantallen[1], aantallen


def test_the_reports_data_cost_the_same_queries_at_sizes_s_and_m(maten):
    """paginas.dashboard is what the PDF reads: every relation it lists per baat prefetched."""

    def rapport_data(programma: Programma):
        def lees():
            data = paginas.dashboard(Toegang.lezer(programma), vandaag())
            paginas.toon_alle(data["regels"])
            for regel in data["regels"]:
                baat = regel.baat
                for rel in ("sectoren", "vermogens", "inspanningen", "risicos", "roadmap"):
                    list(getattr(baat, rel).all())
                list(baat.meetmomenten.all())
                regel.traject_json(vandaag())

            class Antwoord:
                status_code = 200

            return Antwoord()

        return lees

    aantallen = per_maat(maten, rapport_data)
    assert aantallen[0] == aantallen[1], aantallen
