"""The API's pages in Chromium (issue 18): the interactive docs work under the strict CSP,
with the session of the logged-in browser; a token is made, shown once and revoked."""

from programmas.models import ApiToken
from tests.helpers import schoon


def test_the_api_docs_run_a_request_with_the_session_under_the_csp(page, inloggen, meldingen):
    inloggen("sponsor")
    page.goto("/api/v1/docs")
    page.wait_for_selector(".opblock")
    assert page.locator(".opblock").count() == 6
    route = page.locator(".opblock", has_text="/api/v1/programmas").first
    route.locator(".opblock-summary").click()
    route.locator("button", has_text="Try it out").click()
    route.locator("button", has_text="Execute").click()
    antwoord = route.locator(".live-responses-table tbody .response-col_status").first
    antwoord.wait_for()
    assert antwoord.inner_text().strip() == "200"
    assert "klant-in-beeld" in route.locator(".live-responses-table").inner_text()
    schoon(page, meldingen)


def test_a_token_is_made_shown_once_and_revoked_on_a_phone(page, inloggen, meldingen):
    page.set_viewport_size({"width": 390, "height": 900})
    inloggen("eigenaar")
    page.goto("/profiel/tokens/")
    page.fill("#id_naam", "Power BI")
    page.click("button:has-text('Token maken')")
    token = page.locator("#nieuw-token").inner_text()
    assert token.startswith("bp_") and ApiToken.objects.get().hash == ApiToken.hash_van(token)
    page.screenshot(path="/tmp/bp_api_tokens_390.png", full_page=True)
    page.reload()
    assert page.locator("#nieuw-token").count() == 0
    page.click("button:has-text('Intrekken')")
    page.wait_for_selector("text=is ingetrokken")
    assert not ApiToken.objects.exists()
    schoon(page, meldingen)
