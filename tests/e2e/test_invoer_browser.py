"""Issue 19, part 3 in the browser: the list with "Anders, namelijk" and the one date input,
at a phone's width and a desktop's, with no horizontal scroll."""

import re

import pytest

from programmas.models import Afhankelijkheid, Escalatie
from tests.helpers import schoon

# After saving a form opened as a page of its own: back to the plan, at its section.
NAAR_HET_PLAN = re.compile(r"/p/klant-in-beeld/(#[\w-]+)?$")


def geen_horizontale_scroll(page) -> None:
    breed, venster = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert breed <= venster, (breed, venster)


@pytest.mark.parametrize("breedte", [390, 1440])
def test_the_type_text_shows_only_for_anders_and_saves(page, inloggen, meldingen, breedte):
    page.set_viewport_size({"width": breedte, "height": 900})
    inloggen("pm")
    afh = Afhankelijkheid.objects.get(type="Inhoudelijk")
    page.goto(f"/p/klant-in-beeld/afhankelijkheid/{afh.pk}/")
    tekst = page.locator("input[name=type_1]")
    assert page.locator("select[name=type_0]").input_value() == "Inhoudelijk"
    assert not tekst.is_visible()
    page.select_option("select[name=type_0]", "_anders")
    assert tekst.is_visible()
    tekst.fill("Kennis en kunde")
    geen_horizontale_scroll(page)
    page.click("form.formulier button[type=submit]")
    page.wait_for_url(NAAR_HET_PLAN)
    afh.refresh_from_db()
    assert afh.type == "Kennis en kunde"
    schoon(page, meldingen)


@pytest.mark.parametrize("breedte", [390, 1440])
def test_the_escalation_date_takes_a_month_and_refuses_nonsense(page, inloggen, meldingen, breedte):
    page.set_viewport_size({"width": breedte, "height": 900})
    inloggen("pm")
    escalatie = Escalatie.objects.first()
    page.goto(f"/p/klant-in-beeld/escalatie/{escalatie.pk}/")
    datum = page.locator("input[name=datum]")
    assert datum.get_attribute("type") == "text"
    datum.fill("31-2-2026")
    page.click("form.formulier button[type=submit]")
    fout = page.locator("#id_datum_error")
    fout.wait_for()
    assert "is geen datum die Batenplan kan lezen" in fout.inner_text()
    assert page.locator("input[name=datum]").input_value() == "31-2-2026"
    geen_horizontale_scroll(page)
    page.fill("input[name=datum]", "maart 2026")
    page.click("form.formulier button[type=submit]")
    page.wait_for_url(NAAR_HET_PLAN)
    escalatie.refresh_from_db()
    assert escalatie.datum.isoformat() == "2026-03-31"
