"""English beside Dutch in the browser (issue 19, item 7): the switch in the bar, as a
person uses it, on the page they are on."""

from playwright.sync_api import expect

from tests.e2e.test_schermen import P
from tests.helpers import schoon


def test_the_switch_in_the_bar_turns_the_page_english_and_back(page, inloggen, meldingen):
    inloggen("eigenaar")
    page.goto(f"{P}/dashboard/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_role("link", name="Mijn baten")).to_be_visible()
    page.get_by_role("button", name="English").click()
    page.wait_for_url(f"**{P}/dashboard/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("link", name="My baten")).to_be_visible()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    # The plan's own words stay as written.
    expect(page.get_by_text("Klant in Beeld").first).to_be_visible()
    page.get_by_role("button", name="Nederlands").click()
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()
    schoon(page, meldingen)
