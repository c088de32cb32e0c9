"""The quick form of Mijn baten in Chromium: the planned meetmoment it fills by default, and
"Weet u het zeker?" for a meting far off the scale (issue 11 point 3)."""

from django.utils.formats import date_format

from programmas.models import Meetmoment
from programmas.vandaag import vandaag as vandaag_van_de_app
from tests.helpers import schoon

# The form answers "Weet u het zeker?" with 422, as every form with a question or an error
# does; Chromium logs that status, which is no fault of the page.
GEWEIGERD = "Failed to load resource: the server responded with a status of 422"


def schoon_na_vraag(page, meldingen) -> None:
    assert meldingen.console and all(m.startswith(GEWEIGERD) for m in meldingen.console)
    meldingen.console.clear()
    schoon(page, meldingen)


def test_the_quick_form_fills_the_planned_meetmoment_of_this_month_by_default(
    page, inloggen, meldingen
):
    inloggen("eigenaar")
    december = Meetmoment.objects.get(baat__nummer=1, datum_tekst="december 2026")
    aantal = Meetmoment.objects.filter(baat__nummer=1).count()
    page.goto("/p/klant-in-beeld/mijn-baten/")
    kaart = page.locator("#mijn-1")
    assert kaart.locator("select[name=b1-meetmoment]").input_value() == str(december.pk)
    vandaag = date_format(vandaag_van_de_app(), "d-m-Y")
    assert kaart.locator("input[name=b1-meetdatum_tekst]").input_value() == vandaag

    kaart.locator("input[name=b1-meting_tekst]").fill("7,3")
    kaart.locator("button[type=submit]").click()
    page.wait_for_selector("#mijn-1 >> text=Meting opgeslagen")

    december.refresh_from_db()
    assert (december.meting_tekst, december.datum_tekst) == ("7,3", "december 2026")
    assert december.meetdatum == vandaag_van_de_app()
    assert Meetmoment.objects.filter(baat__nummer=1).count() == aantal
    # The planned meetmoment is no longer offered; "een extra meting" now is the choice.
    keuze = page.locator("#mijn-1 select[name=b1-meetmoment]")
    assert keuze.input_value() == ""
    assert "Een extra meting (niet gepland)" in keuze.inner_text()
    schoon(page, meldingen)


def test_an_implausible_meting_is_saved_only_after_ja_opslaan(page, inloggen, meldingen):
    inloggen("eigenaar")
    page.goto("/p/klant-in-beeld/mijn-baten/")
    kaart = page.locator("#mijn-1")
    kaart.locator("input[name=b1-meting_tekst]").fill("42,5")
    kaart.locator("button[type=submit]", has_text="Meting opslaan").click()
    page.wait_for_selector("#mijn-1 >> text=Weet u het zeker?")

    kaart = page.locator("#mijn-1")
    assert "van 6,0 naar 8,0 (score)" in kaart.inner_text()
    assert kaart.locator("input[name=b1-meting_tekst]").input_value() == "42,5"
    assert not Meetmoment.objects.filter(meting_tekst="42,5").exists()

    kaart.locator("button", has_text="Ja, opslaan").click()
    page.wait_for_selector("#mijn-1 >> text=Meting opgeslagen")
    assert Meetmoment.objects.get(meting_tekst="42,5").datum_tekst == "december 2026"
    schoon_na_vraag(page, meldingen)


def test_an_implausible_meting_corrected_after_the_question_is_checked_again(
    page, inloggen, meldingen
):
    inloggen("eigenaar")
    page.goto("/p/klant-in-beeld/mijn-baten/")
    kaart = page.locator("#mijn-1")
    kaart.locator("input[name=b1-meting_tekst]").fill("73")
    kaart.locator("button[type=submit]").click()
    page.wait_for_selector("#mijn-1 >> text=Weet u het zeker?")
    page.locator("#mijn-1 input[name=b1-meting_tekst]").fill("7,3")
    page.locator("#mijn-1 button", has_text="Opnieuw controleren").click()
    page.wait_for_selector("#mijn-1 >> text=Meting opgeslagen")
    assert Meetmoment.objects.filter(meting_tekst="7,3").count() == 1
    assert not Meetmoment.objects.filter(meting_tekst="73").exists()
    schoon_na_vraag(page, meldingen)
