"""The portfolio and the profile page in the browser (issue 16): sorting in place, no
horizontal scroll of the page on a phone, nothing refused by the page's policy."""

import pytest

from tests.helpers import schoon


@pytest.mark.parametrize("breedte", [390, 1440])
def test_the_portfolio_and_profile_fit_the_screen(page, inloggen, meldingen, breedte):
    page.set_viewport_size({"width": breedte, "height": 900})
    inloggen("eigenaar")
    for pad in ("/", "/profiel/"):
        page.goto(pad)
        assert page.evaluate("document.documentElement.scrollWidth") <= breedte, pad
    schoon(page, meldingen)


def test_a_column_head_sorts_the_portfolio_in_place(page, inloggen, meldingen):
    inloggen("sponsor")
    page.goto("/")
    page.click("th >> text=Open escalaties")
    page.wait_for_selector('th[aria-sort="descending"] >> text=Open escalaties')
    assert page.url.endswith("/?sorteer=-escalaties")  # pushed: the back button works
    assert page.locator("h1").count() == 1  # the table alone was swapped in
    schoon(page, meldingen)
