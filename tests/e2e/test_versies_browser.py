"""Versions in the browser (issue 15): the programme manager adopts a version, changes the
plan, adopts the next one and compares them; a sponsor reads the comparison and the history
of a baat, which the baat page loads as it scrolls into view."""

from programmas.models import Planversie
from tests.helpers import schoon


def vastleggen(page, nummer: str, *, vastgesteld: bool = False, notitie: str = "") -> None:
    page.goto("/p/klant-in-beeld/versies/")
    if vastgesteld:
        page.check("input[name=soort][value=vastgesteld]")
        page.fill("input[name=besluit_op]", "30-11-2026")
    page.fill("input[name=nummer]", nummer)
    page.fill("textarea[name=notitie]", notitie)
    page.click("button:has-text('Versie vastleggen')")
    page.wait_for_selector(f"text=Versie {nummer} is vastgelegd.")


def test_pm_adopts_two_versions_and_compares_them(page, inloggen, meldingen):
    inloggen("pm")
    page.goto("/p/klant-in-beeld/")
    page.click(".paginakop a:has-text('Versies')")
    # Left empty, the proposed number of the kind chosen.
    assert "1.3 voor een concept, 2.0 als de sponsorgroep" in page.inner_text("#vaststellen")
    vastleggen(page, "0.1", notitie="Concept voor de stuurgroep")
    # Change the header's opsteller in place (htmx), as a programme manager does.
    page.goto("/p/klant-in-beeld/")
    page.click("#sectie-kop a:has-text('Wijzigen')")
    page.fill("#plek-kop input[name=opsteller]", "PMO Klant in Beeld")
    page.click("#plek-kop button[type=submit]")
    page.wait_for_selector("#sectie-kop >> text=PMO Klant in Beeld")
    vastleggen(page, "1.0", vastgesteld=True, notitie="Vastgesteld")
    assert list(Planversie.objects.values_list("nummer", flat=True)) == ["1.0", "0.1"]

    page.goto("/p/klant-in-beeld/")
    kop = page.locator(".versiekop").inner_text()
    assert "versie 1.0, vastgesteld op 30 nov. 2026" in kop
    assert "sindsdien gewijzigd" not in kop

    # Compare 0.1 with 1.0: choosing in the form swaps the result in place.
    page.goto("/p/klant-in-beeld/versies/vergelijken/")
    page.select_option("select[name=oud]", label="versie 0.1")
    page.select_option("select[name=nieuw]", label="versie 1.0")
    page.wait_for_selector("#uitkomst >> text=Van versie 0.1 naar versie 1.0")
    uitkomst = page.locator("#uitkomst").inner_text()
    assert "opsteller: Programmabureau Klant in Beeld → PMO Klant in Beeld" in uitkomst
    assert "versie: 0.1 → 1.0" in uitkomst
    assert "oud=" in page.url  # the choice is in the address, to share
    schoon(page, meldingen)


def test_sponsor_reads_a_comparison_and_a_baats_history_but_cannot_adopt(page, inloggen, meldingen):
    inloggen("pm")
    vastleggen(page, "1.0", vastgesteld=True)
    page.goto("/p/klant-in-beeld/mijn-baten/")
    page.context.clear_cookies()
    inloggen("sponsor")
    page.goto("/p/klant-in-beeld/versies/")
    assert page.locator("text=Huidig plan vastleggen als versie").count() == 0
    assert page.locator("a:has-text('Terugzetten')").count() == 0
    page.click("a:has-text('Met nu vergelijken')")
    page.wait_for_selector("text=Van versie 1.0 naar het plan nu")
    assert "zijn gelijk" in page.locator("#uitkomst").inner_text()
    page.goto("/p/klant-in-beeld/baten/1/")
    page.locator("#sectie-geschiedenis").scroll_into_view_if_needed()
    page.wait_for_selector("#baat-geschiedenis")
    assert "demo geladen" in page.locator("#sectie-geschiedenis").inner_text()
    schoon(page, meldingen)
