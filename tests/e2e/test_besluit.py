"""The sponsorgroep records its decision on an escalation in the browser, in place, and the
roadmap shows the actual fase beside the planned one."""

from programmas.models import Escalatie
from tests.helpers import schoon


def test_sponsor_records_a_besluit_in_place_on_the_dashboard(page, inloggen, meldingen):
    inloggen("sponsor")
    page.goto("/p/klant-in-beeld/dashboard/")
    rij = page.locator("#sectie-escalaties tr", has_text="De aanbesteding van het CRM-systeem")
    rij.locator("a", has_text="Besluit vastleggen").click()
    page.fill(
        "#plek-escalaties textarea[name=besluit]", "Aanbesteding opnieuw; B4 een kwartaal later"
    )
    page.click("#plek-escalaties button[type=submit]")
    page.wait_for_selector("#sectie-escalaties >> text=Aanbesteding opnieuw; B4 een kwartaal later")
    assert page.url.endswith("/dashboard/")  # no navigation: swapped in place
    assert "vastgelegd door" in page.locator("#sectie-escalaties").inner_text()
    escalatie = Escalatie.objects.get(omschrijving__startswith="De aanbesteding")
    assert escalatie.besluit_door.username == "sponsor" and escalatie.afgehandeld
    schoon(page, meldingen)


def test_the_roadmap_draws_the_actual_fase_as_bars_in_the_browser(page, inloggen, meldingen):
    inloggen("sponsor")
    page.goto("/p/klant-in-beeld/dashboard/")
    grafiek = page.locator("[data-grafiek=grafiek-roadmap]")
    grafiek.locator(".main-svg").first.wait_for()
    legenda = grafiek.locator(".legend").text_content() or ""
    assert "Actuele fase nu" in legenda
    # Four planned fases, then the actual fase: one bar per baat of the demo.
    assert grafiek.locator(".barlayer .trace").nth(4).locator(".point").count() == 6
    assert "B2 Hogere klanttevredenheid" in (grafiek.text_content() or "")
    schoon(page, meldingen)
