"""What people do in the browser, in Chromium, for every role; with no console errors and no
Content-Security-Policy violations along the way."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from programmas.models import Baat, CyclusDoel, Risico
from tests.helpers import schoon

XSS = "<script>alert(1)</script><img src=x onerror=alert(2)>"


def test_pm_edits_a_baat_name_and_a_cycle_target_in_place(page, inloggen, meldingen):
    inloggen("pm")
    page.goto("/p/klant-in-beeld/")
    page.locator("#baat-1 a", has_text="Wijzigen").click()
    page.fill("#plek-baten input[name=naam]", "Eén klantbeleving in alle sectoren")
    page.click("#plek-baten button[type=submit]")
    page.wait_for_selector("#baat-1 >> text=Eén klantbeleving in alle sectoren")
    assert page.url.endswith("/p/klant-in-beeld/")  # no navigation: swapped in place

    doel = CyclusDoel.objects.get(cyclus__nummer=2, baat__nummer=1)
    page.locator(f"#sectie-cycli a[href*='/cyclusdoel/{doel.pk}/']", has_text="Wijzigen").click()
    page.fill("#plek-cycli input[name=doelniveau_tekst]", "7,5")
    page.click("#plek-cycli button[type=submit]")
    page.wait_for_selector("#sectie-cycli >> text=7,5")

    page.reload()
    assert page.locator("#baat-1").inner_text().count("Eén klantbeleving in alle sectoren") == 1
    assert "7,5" in page.locator("#sectie-cycli").inner_text()
    schoon(page, meldingen)


def test_pm_changes_a_roadmap_cell_in_place(page, inloggen, meldingen):
    inloggen("pm")
    page.goto("/p/klant-in-beeld/")
    cel = page.locator("#sectie-roadmap a[href$='/roadmap/1/6/']")
    expect(cel).not_to_have_text("Groei")
    cel.click()
    page.select_option("#plek-roadmap select[name=fase]", "groei")
    page.click("#plek-roadmap button[type=submit]")
    expect(cel).to_have_text("Groei")
    assert page.url.endswith("/p/klant-in-beeld/")  # no navigation: swapped in place
    schoon(page, meldingen)


def test_eigenaar_enters_a_meting_and_sees_the_figures_and_chart_change(page, inloggen, meldingen):
    inloggen("eigenaar")
    page.goto("/p/klant-in-beeld/mijn-baten/")
    kaart = page.locator("#mijn-2")
    assert "13 %" in kaart.inner_text()
    page.wait_for_selector("#mijn-2 .grafiek .main-svg")
    punten_voor = kaart.locator(".scatterlayer .trace").nth(1).locator(".point").count()

    gepland = kaart.locator("option", has_text="januari 2027").get_attribute("value")
    kaart.locator("select").select_option(value=gepland)
    kaart.locator("input[name$=datum_tekst]").fill("25-11-2026")
    kaart.locator("input[name$=meting_tekst]").fill("NPS +12")
    kaart.locator("button[type=submit]").click()
    page.wait_for_selector("#mijn-2 >> text=Meting opgeslagen")
    page.wait_for_selector("#mijn-2 .grafiek .main-svg")

    kaart = page.locator("#mijn-2")
    assert "47 %" in kaart.inner_text()  # (12 - 5) / (20 - 5)
    assert "Groei" in kaart.locator(".figuur").nth(1).inner_text()
    assert kaart.locator(".scatterlayer .trace").nth(1).locator(".point").count() == (
        punten_voor + 1
    )
    assert page.url.endswith("/mijn-baten/")
    schoon(page, meldingen)


def test_sponsor_reads_everything_changes_nothing_and_downloads_the_pdf(page, inloggen, meldingen):
    inloggen("sponsor")
    for pad in ("/p/klant-in-beeld/", "/p/klant-in-beeld/dashboard/", "/p/klant-in-beeld/baten/1/"):
        page.goto(pad)
        tekst = page.locator("main").inner_text()
        for knop in ("Wijzigen", "Verwijderen", "Toevoegen", "Afhandelen"):
            assert knop not in tekst, (pad, knop)

    naam = Baat.objects.get(nummer=1).naam
    status = page.evaluate(
        """async (pk) => {
            const token = JSON.parse(document.body.getAttribute('hx-headers'))['X-CSRFToken'];
            const body = new URLSearchParams({naam: 'Gekaapt', nummer: '1', revisie: '1'});
            const r = await fetch('/p/klant-in-beeld/baat/' + pk + '/', {
                method: 'POST', body, headers: {'X-CSRFToken': token}});
            return r.status;
        }""",
        Baat.objects.get(nummer=1).pk,
    )
    assert status == 403
    assert Baat.objects.get(nummer=1).naam == naam
    # Chromium logs the refused request itself as a failed resource: that is the point here.
    meldingen.console = [m for m in meldingen.console if "403" not in m]

    page.goto("/p/klant-in-beeld/dashboard/")
    page.click("text=PDF-rapport")
    # Made by the task (at once with the tests' immediate backend); htmx swaps in the status.
    page.click("button:has-text('Rapport maken')")
    page.wait_for_selector("#rapport-status >> text=is klaar")
    assert page.url.endswith("/p/klant-in-beeld/rapport/")
    with page.expect_download() as download:
        page.click("text=PDF-rapport downloaden")
    bestand = download.value
    assert re.fullmatch(
        r"batenrealisatieplan-klant-in-beeld-v1\.2-\d{4}-\d{2}-\d{2}\.pdf",
        bestand.suggested_filename,
    )
    with open(bestand.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    # The full report is a choice of its own on the same page.
    page.click("button:has-text('Volledig rapport maken')")
    page.wait_for_selector("#rapport-status-volledig >> text=is klaar")
    with page.expect_download() as download:
        page.click("text=Volledig rapport downloaden")
    assert download.value.suggested_filename.endswith("-volledig.pdf")
    schoon(page, meldingen)


def test_the_report_page_polls_until_the_worker_has_made_the_report(
    page, inloggen, meldingen, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    inloggen("sponsor")
    page.goto("/p/klant-in-beeld/rapport/")
    page.click("button:has-text('Rapport maken')")
    page.wait_for_selector("#rapport-status >> text=in de wachtrij")
    # What `manage.py db_worker` does beside the server; the page finds out by itself.
    call_command("db_worker", "--batch", "--interval", "0", "--no-startup-delay")
    page.wait_for_selector("#rapport-status >> text=is klaar", timeout=15_000)
    assert page.locator("#rapport-status a", has_text="PDF-rapport downloaden").count() == 1
    schoon(page, meldingen)


def test_an_anonymous_visitor_is_sent_to_login(page, demo_live, meldingen):
    page.goto("/p/klant-in-beeld/dashboard/")
    assert "/accounts/login/" in page.url
    assert page.locator("h1").inner_text() == "Inloggen"
    schoon(page, meldingen)


def test_a_non_member_gets_niet_gevonden(page, buitenstaander, meldingen):
    page.goto("/accounts/login/")
    page.fill("#id_username", "buitenstaander")
    page.fill("#id_password", "test-wachtwoord-123")
    page.click("main button[type=submit]")
    page.wait_for_url("**/")
    antwoord = page.goto("/p/klant-in-beeld/")
    assert antwoord.status == 404
    assert "Niet gevonden" in page.locator("h1").inner_text()
    assert "Klant in Beeld" not in page.content()
    # A 404 is logged by Chromium as a failed resource; that is the point of this test.
    meldingen.console = [m for m in meldingen.console if "404" not in m]
    schoon(page, meldingen)


@pytest.fixture
def kwaadaardig(demo_live) -> None:
    b1 = Baat.objects.get(nummer=1)
    b1.naam = XSS
    b1.toelichting = XSS
    b1.save()
    Risico.objects.create(baat=b1, omschrijving=XSS, mitigatie=XSS)
    programma = b1.programma
    programma.toelichting_baten = XSS
    programma.save()


@pytest.mark.parametrize(
    "pad",
    [
        "/p/klant-in-beeld/",
        "/p/klant-in-beeld/dashboard/",
        "/p/klant-in-beeld/baten/1/",
        "/p/klant-in-beeld/mijn-baten/",
    ],
)
def test_script_in_a_name_shows_as_text_and_never_runs(page, inloggen, kwaadaardig, meldingen, pad):
    inloggen("eigenaar")
    page.goto(pad)
    page.wait_for_load_state("networkidle")
    assert XSS in page.locator("main").inner_text()
    assert page.locator("main img[src=x]").count() == 0
    schoon(page, meldingen)


def test_the_browser_refuses_inline_script_under_the_pages_policy(page, inloggen, meldingen):
    inloggen("sponsor")
    page.goto("/p/klant-in-beeld/dashboard/")
    uitgevoerd = page.evaluate(
        """() => {
            const s = document.createElement('script');
            s.textContent = 'window.__ingeschoven = 1';
            document.body.appendChild(s);
            return window.__ingeschoven === 1;
        }"""
    )
    assert uitgevoerd is False
    assert any("script-src" in schending for schending in meldingen.csp(page))


def test_pm_deletes_a_baat_sees_what_went_with_it_and_undoes_it_in_place(page, inloggen, meldingen):
    inloggen("pm")
    page.goto("/p/klant-in-beeld/")
    page.locator("#baat-6 a", has_text="Verwijderen").click()
    page.wait_for_selector("text=Het gaat weg met 1 meting")
    page.locator("#sectie-baten button[type=submit]", has_text="Verwijderen").click()
    page.wait_for_selector("#melding >> text=is verwijderd, met 1 meting")
    assert page.locator("#baat-6").count() == 0
    assert not Baat.objects.filter(nummer=6).exists()

    page.locator("#melding button", has_text="Ongedaan maken").click()
    page.wait_for_selector("#baat-6")
    page.wait_for_selector("#melding >> text=is teruggezet")
    assert page.url.endswith("/p/klant-in-beeld/")  # no navigation: swapped in place
    assert Baat.objects.get(nummer=6).meetmomenten.exclude(meting_tekst="").count() == 1
    schoon(page, meldingen)


def test_a_link_in_a_baat_name_is_plain_text_in_the_roadmap_chart(page, inloggen, meldingen):
    b1 = Baat.objects.get(nummer=1)
    b1.naam = '<a href="https://kwaad.example/">Klik hier</a>'
    b1.save()
    inloggen("sponsor")
    page.goto("/p/klant-in-beeld/dashboard/")
    page.wait_for_selector(".js-plotly-plot .ytick text")
    labels = page.locator(".js-plotly-plot .ytick text").evaluate_all(
        "teksten => teksten.map(t => t.textContent)"
    )
    assert any('<a href="https://kwaad.example/">Klik hier</a>' in label for label in labels)
    assert page.locator(".js-plotly-plot a[href*='kwaad']").count() == 0
    schoon(page, meldingen)


def test_the_live_server_shows_the_figures_of_the_pinned_day(page, inloggen, meldingen):
    # The live server runs in a thread of this process; time-machine's travel (demo_live)
    # moves its clock too, so the page is of the demo's reference day, whatever the machine says.
    inloggen("sponsor")
    page.goto("/p/klant-in-beeld/dashboard/")
    expect(page.locator(".onderkop")).to_contain_text("cijfers van 1 dec. 2026")
    expect(
        page.get_by_text("meetmoment september 2026 is verstreken zonder meting")
    ).to_be_visible()
    schoon(page, meldingen)
