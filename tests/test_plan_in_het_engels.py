"""The plan and baat pages in English (issue 19): what the code shows by a value of its own
is said in the page's language, and what scherm.js says it reads from the page."""

from __future__ import annotations

from programmas.demo import SLUG
from programmas.middleware import TAAL_SESSIE
from tests.helpers import baat, tekst

PLAN = f"/p/{SLUG}/"


def in_het_engels(client) -> None:
    sessie = client.session
    sessie[TAAL_SESSIE] = "en"
    sessie.save()


def test_a_dependency_says_whether_its_drempel_is_met_in_the_pages_language(pm):
    pagina = f"{PLAN}baten/{baat(2).nummer}/"
    assert "B2 13 % / drempel 30 %: onvervuld — conflict" in tekst(pm.get(pagina))
    in_het_engels(pm)
    html = tekst(pm.get(pagina))
    assert "B1 60 % / threshold 50 %: met" in html
    assert "B2 13 % / threshold 30 %: not met — conflict" in html
    # The state stays the code's value where it is a class, not a word.
    assert 'class="afh afh-onvervuld afh-conflict"' in pm.get(pagina).content.decode()


def test_the_close_button_of_a_message_is_named_in_the_pages_language(pm):
    assert 'data-melding-sluiten="Melding sluiten"' in pm.get(PLAN).content.decode()
    in_het_engels(pm)
    assert 'data-melding-sluiten="Close message"' in pm.get(PLAN).content.decode()


def test_a_form_opened_in_english_has_english_chrome_and_plan_headings(pm):
    in_het_engels(pm)
    html = tekst(pm.get(f"{PLAN}baat/{baat(1).pk}/"))
    assert "Edit baat" in html and "Save" in html and "Cancel" in html
    plan = tekst(pm.get(PLAN))
    assert "1. Baten overview" in plan and "Add baat" in plan


def test_a_figure_without_a_number_says_why_in_the_pages_language(pm):
    in_het_engels(pm)
    html = tekst(pm.get(PLAN))
    assert "not yet measured" in html and "qualitative" in html and "not yet started" in html
    assert "nog niet gemeten" not in html and "kwalitatief" not in html
