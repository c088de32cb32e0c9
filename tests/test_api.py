"""The API of issue 18: figures out and metingen in, with a personal token or the session,
through the same access, rules and figures as the pages. Who may call which route is in
the access matrix (tests/test_toegang.py); the schema is fuzzed in test_api_schema.py."""

from __future__ import annotations

import json
import re
import threading

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import reverse

from programmas import paginas, uitwisseling
from programmas.demo import REFERENTIE, SLUG, load_demo
from programmas.models import ApiSleutel, ApiToken, Meetmoment
from programmas.toegang import Toegang
from programmas.vandaag import vandaag
from tests.helpers import PASSWORD, baat, ingelogd, op_dag, tekst

API = "/api/v1"


@pytest.fixture(autouse=True)
def lege_limieten():
    """Each test starts with no requests counted against any token."""
    cache.clear()
    yield
    cache.clear()


def gebruiker(username: str):
    return get_user_model().objects.get(username=username)


def token_van(username: str) -> str:
    return ApiToken.maak(gebruiker(username), "test")[1]


def met_token(username: str) -> Client:
    """A client that sends `username`'s new personal token, and no session cookie."""
    return Client(headers={"Authorization": f"Bearer {token_van(username)}"})


def push(client: Client, nummer: int, **velden) -> object:
    return client.post(
        f"{API}/programmas/{SLUG}/baten/{nummer}/metingen",
        json.dumps(velden),
        content_type="application/json",
    )


def open_meetmoment(nummer: int) -> Meetmoment:
    return baat(nummer).meetmomenten.filter(meting_tekst="").order_by("datum").first()


# ---------------------------------------------------------------------------------------
# Reading


def test_a_token_reads_the_programmes_its_user_may_see_and_no_others(demo, make_user):
    assert met_token("sponsor").get(f"{API}/programmas").json() == [
        {"slug": SLUG, "naam": "Klant in Beeld", "versie": demo.versie, "rol": "sponsorgroep"}
    ]
    make_user("buiten")
    buiten = met_token("buiten")
    assert buiten.get(f"{API}/programmas").json() == []
    for pad in ("plan", "figuren", "baten/1/figuren", "baten/1/metingen"):
        antwoord = buiten.get(f"{API}/programmas/{SLUG}/{pad}")
        assert antwoord.status_code == 404, pad
        assert antwoord.json()["detail"] == "Programma niet gevonden."


def test_the_figures_are_the_dashboards(demo):
    figuren = met_token("sponsor").get(f"{API}/programmas/{SLUG}/figuren").json()
    t = Toegang.lezer(demo)
    stand = paginas.Stand(t, vandaag(), demo.baten.all())
    assert figuren["peildatum"] == vandaag().isoformat()
    assert [b["code"] for b in figuren["baten"]] == [r.baat.code for r in stand.regels]
    for uit, regel in zip(figuren["baten"], stand.regels, strict=True):
        f = regel.figuren
        assert uit["realisatie"] == (float(f.realisatie) if uit["onbepaald"] is None else None)
        assert uit["fase"] == (None if uit["onbepaald"] else str(f.fase))
        assert uit["loopt_achter"] is f.loopt_achter
        assert [s["reden"] for s in uit["signalen"]] == [s.reden for s in f.signalen]
    # Rule 2 on the peildatum: between B1's nulmeting (6,0) and target (8,0); B4 is
    # qualitative, so none.
    assert 6 < figuren["baten"][0]["verwacht_niveau"] < 8
    assert figuren["baten"][3]["verwacht_niveau"] is None
    b2 = figuren["baten"][1]
    # The demo's escalation: B2 runs behind plan by more than the threshold.
    assert b2["loopt_achter"] and b2["achterstand"] > 20
    assert b2["signalen"][0]["criterium"] == "achterstand"


def test_one_baats_figures_equal_its_row_in_the_programmes(demo):
    client = met_token("eigenaar")
    alle = client.get(f"{API}/programmas/{SLUG}/figuren").json()["baten"]
    een = client.get(f"{API}/programmas/{SLUG}/baten/3/figuren").json()["baten"]
    assert een == [alle[2]]
    # B3 has an overdue meetmoment in the demo.
    assert een[0]["achterstallig"] == 1


def test_the_plan_is_the_json_export_as_this_member_may_have_it(demo):
    for username in ("pm", "sponsor"):
        plan = met_token(username).get(f"{API}/programmas/{SLUG}/plan").json()
        export = json.loads(
            uitwisseling.EXPORTEURS["json"].voor(Toegang.van(gebruiker(username), SLUG))
        )
        plan.pop("geexporteerd_op"), export.pop("geexporteerd_op")
        assert plan == export
        assert ("leden" in plan["programma"]) is (username == "pm")


def test_metingen_come_in_pages_oldest_change_first_and_since_a_moment(demo):
    client = met_token("sponsor")
    adres = f"{API}/programmas/{SLUG}/baten/1/metingen"
    alle = client.get(adres).json()
    assert alle["aantal"] == baat(1).meetmomenten.count() and alle["volgende"] is None
    eerste = client.get(adres, {"per_pagina": 2}).json()
    assert len(eerste["metingen"]) == 2 and eerste["volgende"].endswith("per_pagina=2&pagina=2")
    tweede = client.get(eerste["volgende"]).json()
    assert [m["id"] for m in eerste["metingen"] + tweede["metingen"]] == [
        m["id"] for m in alle["metingen"]
    ][: 2 + len(tweede["metingen"])]
    # Since the last change seen: only what changed from then on.
    m = open_meetmoment(1)
    antwoord = push(
        met_token("eigenaar"),
        1,
        sleutel="s1",
        meetmoment=m.pk,
        meting="7,4",
        meetdatum="30-11-2026",
    )
    assert antwoord.status_code == 201
    nieuw = client.get(adres, {"since": antwoord.json()["gewijzigd_op"]}).json()
    assert [x["id"] for x in nieuw["metingen"]] == [m.pk]
    assert nieuw["metingen"][0]["meting"] == "7,4" and nieuw["metingen"][0]["meting_getal"] == 7.4


def test_bad_query_values_are_refused_in_dutch_with_their_field(demo):
    client = met_token("sponsor")
    adres = f"{API}/programmas/{SLUG}/baten/1/metingen"
    antwoord = client.get(adres, {"since": "gisteren", "per_pagina": "0"})
    assert antwoord.status_code == 422
    fouten = antwoord.json()["fouten"]
    assert fouten["since"] == [
        "Geen geldig tijdstip: schrijf bijvoorbeeld 2026-12-01T09:00:00+01:00."
    ]
    assert fouten["per_pagina"] == ["Ten minste 1."]
    assert client.get(f"{API}/programmas/{SLUG}/baten/99/metingen").json()["detail"] == (
        "Baat B99 niet gevonden."
    )


# ---------------------------------------------------------------------------------------
# Writing


def test_a_pushed_meting_shows_on_the_dashboard(demo, sponsor):
    m = open_meetmoment(3)
    antwoord = push(
        met_token("eigenaar"),
        3,
        sleutel="crm-2026-11",
        meetmoment=m.pk,
        meting="8 dagen",
        meetdatum="30-11-2026",
        toelichting="Uit het CRM",
    )
    assert antwoord.status_code == 201, antwoord.json()
    assert antwoord.json()["id"] == m.pk and antwoord.json()["gemeten"] is True
    m.refresh_from_db()
    assert (m.meting_tekst, m.meetdatum_tekst, m.gemeten_door.username) == (
        "8 dagen",
        "30-11-2026",
        "eigenaar",
    )
    dashboard = tekst(sponsor.get(reverse("dashboard", args=[SLUG])))
    assert "11 dagen / 8 dagen" in dashboard


def test_a_push_with_the_same_key_twice_stores_one_meting(demo):
    client = met_token("eigenaar")
    voor = Meetmoment.objects.count()
    velden = {"sleutel": "nps-export-0042", "meting": "NPS +9", "meetdatum": "28-11-2026"}
    eerste, tweede = push(client, 2, **velden), push(client, 2, **velden)
    assert (eerste.status_code, tweede.status_code) == (201, 200)
    assert eerste.json() == tweede.json()
    assert Meetmoment.objects.count() == voor + 1
    assert ApiSleutel.objects.get(sleutel="nps-export-0042").meetmoment_id == eerste.json()["id"]
    # The same key for another meting is a mistake of the client, not a retry.
    ander = push(client, 2, **{**velden, "meting": "NPS +10"})
    assert ander.status_code == 422 and "sleutel" in ander.json()["fouten"]
    assert Meetmoment.objects.count() == voor + 1


def test_a_retry_after_someone_corrected_the_meting_stores_nothing_again(demo):
    client = met_token("eigenaar")
    velden = {"sleutel": "k-1", "meting": "7,1", "meetdatum": "28-11-2026"}
    eerste = push(client, 1, **velden).json()
    Meetmoment.objects.filter(pk=eerste["id"]).update(meting_tekst="7,2", sleutel="ander")
    voor = Meetmoment.objects.count()
    herhaald = push(client, 1, **velden)
    assert herhaald.status_code == 200 and herhaald.json()["meting"] == "7,2"
    assert Meetmoment.objects.count() == voor


def test_keys_are_per_user_so_two_systems_may_both_count_from_one(demo):
    voor = Meetmoment.objects.count()
    assert (
        push(met_token("eigenaar"), 1, sleutel="1", meting="7", meetdatum="27-11-2026").status_code
        == 201
    )
    assert (
        push(met_token("pm"), 1, sleutel="1", meting="7", meetdatum="27-11-2026").status_code == 201
    )
    assert Meetmoment.objects.count() == voor + 2


def test_an_implausible_meting_needs_its_explicit_confirmation(demo):
    client = met_token("eigenaar")
    velden = {"sleutel": "p-1", "meting": "75", "meetdatum": "30-11-2026"}
    geweigerd = push(client, 1, **velden)
    assert geweigerd.status_code == 422
    (bericht,) = geweigerd.json()["fouten"]["meting"]
    assert "75 ligt ver buiten de schaal van B1" in bericht
    assert 'stuur dan "bevestig": true mee' in bericht
    assert not ApiSleutel.objects.filter(sleutel="p-1").exists(), "the refused push keeps no key"
    assert push(client, 1, **velden, bevestig=True).status_code == 201


def test_a_meting_over_someone_elses_needs_the_revisie_it_was_based_on(demo):
    client = met_token("eigenaar")
    m = open_meetmoment(3)
    assert (
        push(
            client, 3, sleutel="a", meetmoment=m.pk, meting="9 dagen", meetdatum="29-11-2026"
        ).status_code
        == 201
    )
    m.refresh_from_db()
    conflict = push(
        client, 3, sleutel="b", meetmoment=m.pk, meting="10 dagen", meetdatum="30-11-2026"
    )
    assert conflict.status_code == 409
    body = conflict.json()
    assert body["revisie"] == m.revisie
    assert {"veld": "Meting", "jouw": "10 dagen", "huidig": "9 dagen"} in body["verschillen"]
    m.refresh_from_db()
    assert m.meting_tekst == "9 dagen"
    bewust = push(
        client,
        3,
        sleutel="c",
        meetmoment=m.pk,
        meting="10 dagen",
        meetdatum="30-11-2026",
        revisie=m.revisie,
    )
    assert bewust.status_code == 201 and bewust.json()["meting"] == "10 dagen"


def test_the_models_rules_refuse_in_dutch_with_the_api_field_names(demo):
    client = met_token("eigenaar")
    voor = Meetmoment.objects.count()
    toekomst = push(client, 1, sleutel="t", meting="7", meetdatum="31-12-2026")
    assert toekomst.status_code == 422
    assert toekomst.json()["fouten"] == {
        "meetdatum": ["Een meting kan niet in de toekomst liggen."]
    }
    onleesbaar = push(client, 1, sleutel="u", meting="7", meetdatum="morgen")
    assert onleesbaar.json()["fouten"]["meetdatum"] == [
        "“morgen” is geen datum die Batenplan kan lezen. Schrijf een dag (15-3-2026 of"
        " 15 maart 2026) of een maand (maart 2026)."
    ]
    leeg = push(client, 1, sleutel="v")
    assert leeg.status_code == 422 and leeg.json()["fouten"]["meting"] == ["Dit veld is verplicht."]
    kapot = client.post(
        f"{API}/programmas/{SLUG}/baten/1/metingen", "{kapot", content_type="application/json"
    )
    assert kapot.status_code == 400
    assert kapot.json()["detail"] == "De inhoud is geen geldige JSON; er is niets opgeslagen."
    assert Meetmoment.objects.count() == voor and not ApiSleutel.objects.exists()


def test_a_member_may_push_only_for_the_baten_whose_metingen_they_may_enter(demo):
    antwoord = push(met_token("eigenaar"), 4, sleutel="x", meting="30", meetdatum="30-11-2026")
    assert antwoord.status_code == 403
    assert antwoord.json()["detail"] == "U mag de metingen van B4 niet invoeren."


# ---------------------------------------------------------------------------------------
# Logging in: tokens, sessions, limits


def test_a_token_is_shown_once_and_stored_only_as_a_hash(demo):
    browser = ingelogd("eigenaar")
    adres = reverse("api_tokens")
    gemaakt = browser.post(adres, {"naam": "NPS-koppeling"}, follow=True)
    token = re.search(r'id="nieuw-token"[^>]*>(bp_[^<]+)<', gemaakt.content.decode()).group(1)
    rij = ApiToken.objects.get(user__username="eigenaar")
    assert rij.naam == "NPS-koppeling" and rij.hash == ApiToken.hash_van(token)
    assert token not in json.dumps(list(ApiToken.objects.values()), default=str)
    assert token not in browser.get(adres).content.decode(), "shown once only"
    assert rij.begin in browser.get(adres).content.decode()
    api = Client(headers={"Authorization": f"Bearer {token}"})
    assert api.get(f"{API}/programmas").status_code == 200
    browser.post(adres, {"intrekken": rij.pk})
    assert not ApiToken.objects.exists()
    ingetrokken = api.get(f"{API}/programmas")
    assert ingetrokken.status_code == 401 and ingetrokken["WWW-Authenticate"].startswith("Bearer")


def test_nobody_revokes_another_users_token(demo):
    van_pm = ApiToken.maak(gebruiker("pm"), "pm")[0]
    ingelogd("eigenaar").post(reverse("api_tokens"), {"intrekken": van_pm.pk})
    assert ApiToken.objects.filter(pk=van_pm.pk).exists()


def test_a_token_page_without_a_name_keeps_the_form_with_its_error(demo):
    antwoord = ingelogd("sponsor").post(reverse("api_tokens"), {"naam": ""})
    assert antwoord.status_code == 422 and "Dit veld is verplicht." in tekst(antwoord)
    assert not ApiToken.objects.exists()


def test_the_session_reads_and_writes_with_its_csrf_token(demo):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(gebruiker("eigenaar"))
    assert browser.get(f"{API}/programmas/{SLUG}/figuren").status_code == 200
    velden = {"sleutel": "sessie-1", "meting": "7", "meetdatum": "30-11-2026"}
    zonder = push(browser, 1, **velden)
    assert zonder.status_code == 403 and "CSRF" in zonder.json()["detail"]
    browser.get(reverse("mijn", args=[SLUG]))  # a page sets the CSRF cookie
    csrf = browser.cookies["csrftoken"].value
    met = browser.post(
        f"{API}/programmas/{SLUG}/baten/1/metingen",
        json.dumps(velden),
        content_type="application/json",
        headers={"X-CSRFToken": csrf},
    )
    assert met.status_code == 201


def test_without_a_login_the_api_answers_401_never_the_login_page(demo):
    for antwoord in (
        Client().get(f"{API}/programmas"),
        Client(headers={"Authorization": "Bearer bp_onzin"}).get(f"{API}/programmas"),
        push(Client(), 1, sleutel="x", meting="7", meetdatum="30-11-2026"),
    ):
        assert antwoord.status_code == 401
        assert antwoord.json()["detail"].startswith("Niet ingelogd")


def test_too_many_requests_per_token_get_429_with_retry_after(demo, settings):
    settings.API_VERZOEKEN_PER_MINUUT = 3
    client, ander = met_token("sponsor"), met_token("sponsor")
    antwoorden = [client.get(f"{API}/programmas") for _ in range(4)]
    assert [a.status_code for a in antwoorden] == [200, 200, 200, 429]
    te_veel = antwoorden[-1]
    assert 1 <= int(te_veel["Retry-After"]) <= 60
    assert te_veel.json()["detail"].startswith(
        "Te veel verzoeken: hoogstens 3 per minuut per token."
    )
    assert ander.get(f"{API}/programmas").status_code == 200, "per token, not per user"


# ---------------------------------------------------------------------------------------
# The schema and its docs


def test_the_docs_page_loads_its_assets_from_this_site_under_the_strict_csp(db):
    antwoord = Client().get(f"{API}/docs")
    assert antwoord.status_code == 200
    html = antwoord.content.decode()
    bronnen = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert bronnen and all(b.startswith("/") for b in bronnen), bronnen
    assert "script-src 'self'" in antwoord["Content-Security-Policy"]
    # No inline script: the only script element without src holds JSON data.
    assert re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html) == [
        ' type="application/json" id="swagger-settings"'
    ]


def test_two_pushes_at_once_with_one_key_store_one_meting(transactional_db):
    """Two retries of one push arriving together (PostgreSQL, as in production): the
    unique key makes the second wait for the first and then answer with its meting."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer at a time; the race needs PostgreSQL")
    with op_dag(REFERENTIE):
        load_demo(PASSWORD)
        token = token_van("eigenaar")
        voor = Meetmoment.objects.count()
        samen = threading.Barrier(2)
        antwoorden: list[int] = []

        def verstuur() -> None:
            try:
                client = Client(headers={"Authorization": f"Bearer {token}"})
                samen.wait(timeout=10)
                velden = {"sleutel": "tegelijk-1", "meting": "7,4", "meetdatum": "30-11-2026"}
                antwoorden.append(push(client, 1, **velden).status_code)
            finally:
                connection.close()

        draden = [threading.Thread(target=verstuur) for _ in range(2)]
        for draad in draden:
            draad.start()
        for draad in draden:
            draad.join(timeout=30)
        assert sorted(antwoorden) == [200, 201]
        assert Meetmoment.objects.count() == voor + 1


def test_a_path_that_no_slug_can_be_is_not_found(demo):
    client = met_token("pm")
    for slug in ("klant%00in-beeld", "%C3%A9%20x", "a" * 300):
        antwoord = client.get(f"{API}/programmas/{slug}/figuren")
        assert antwoord.status_code == 404, slug
        assert antwoord.json()["detail"] == "Programma niet gevonden."


def test_the_token_page_is_a_full_page_and_an_htmx_fragment(demo):
    browser = ingelogd("sponsor")
    pagina = browser.get(reverse("api_tokens"))
    fragment = browser.get(reverse("api_tokens"), headers={"HX-Request": "true"})
    assert "<html" in pagina.content.decode() and "<html" not in fragment.content.decode()
    assert 'id="sectie-tokens"' in fragment.content.decode()
