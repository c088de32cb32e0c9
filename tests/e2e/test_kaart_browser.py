"""The benefits map in Chromium (issue 17): drawn by the static script under the strict CSP,
a click on a baat opens its page, the checks beside it, and on a phone the map scrolls inside
its box instead of widening the page."""

from programmas.models import Baat
from tests.helpers import schoon

KAART = "/p/klant-in-beeld/batenkaart/"

# The screen position of a node of the map, by its id in the figure's customdata.
PLEK = """
id => {
  const gd = document.querySelector('[data-grafiek="grafiek-kaart"]');
  for (const [t, spoor] of gd._fullData.entries()) {
    if (spoor.mode === 'lines') continue;
    const i = spoor.customdata.findIndex(d => d[0] === id);
    if (i < 0) continue;
    const punt = gd.querySelectorAll('.scatterlayer .trace')[t].querySelectorAll('.point')[i];
    const r = punt.getBoundingClientRect();
    return [r.x + r.width / 2, r.y + r.height / 2];
  }
  return null;
}
"""


def test_the_map_is_drawn_and_a_click_on_a_baat_opens_its_page(page, inloggen, meldingen):
    inloggen("sponsor")
    page.goto("/p/klant-in-beeld/")
    page.click("nav >> text=Batenkaart")
    page.wait_for_url(f"**{KAART}")
    page.wait_for_selector('[data-grafiek="grafiek-kaart"] .main-svg')
    tekst = page.locator('[data-grafiek="grafiek-kaart"]').inner_text()
    for woord in ("Inspanningen", "Vermogens", "Baten", "Doelen", "Project Klantcontactcentrum"):
        assert woord in tekst
    controles = page.locator("#sectie-controles").inner_text()
    assert "wordt door geen inspanning opgebouwd" in controles
    assert "loopt achter op planning, terwijl haar enige inspanning" in controles

    b2 = Baat.objects.get(programma__slug="klant-in-beeld", nummer=2)
    x, y = page.evaluate(PLEK, f"b{b2.pk}")
    page.mouse.move(x, y)
    page.wait_for_selector(".hoverlayer .hovertext")
    assert "Realisatie" in page.locator(".hoverlayer").text_content()
    page.mouse.click(x, y)
    page.wait_for_url("**/p/klant-in-beeld/baten/2/")
    schoon(page, meldingen)


def test_a_click_on_a_vermogen_goes_nowhere(page, inloggen, meldingen):
    inloggen("pm")
    page.goto(KAART)
    page.wait_for_selector('[data-grafiek="grafiek-kaart"] .main-svg')
    vermogen = page.evaluate(
        "() => JSON.parse(document.getElementById('grafiek-kaart').textContent)"
        ".data.filter(s => s.mode !== 'lines').flatMap(s => s.customdata)"
        ".find(d => d[0].startsWith('v'))[0]"
    )
    x, y = page.evaluate(PLEK, vermogen)
    page.mouse.move(x, y)
    page.mouse.click(x, y)
    page.wait_for_timeout(300)
    assert page.url.endswith(KAART)
    schoon(page, meldingen)


def test_on_a_phone_the_map_scrolls_in_its_box_and_the_checks_follow(page, inloggen, meldingen):
    page.set_viewport_size({"width": 390, "height": 900})
    inloggen("eigenaar")
    page.goto(KAART)
    page.wait_for_selector('[data-grafiek="grafiek-kaart"] .main-svg')
    breedte = page.evaluate("document.documentElement.scrollWidth")
    assert breedte <= 390
    doos = page.locator(".kaart-scroll")
    assert doos.evaluate("e => e.scrollWidth > e.clientWidth")
    kaart = page.locator("#sectie-kaart").bounding_box()
    controles = page.locator("#sectie-controles").bounding_box()
    assert controles["y"] >= kaart["y"] + kaart["height"] - 1
    schoon(page, meldingen)
