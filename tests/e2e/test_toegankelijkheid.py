"""Accessibility (issue 19 point 8): axe-core finds no serious or critical violation on
any page, for any role, at a phone's and a desktop's width, nor with a form open or a
save just confirmed; and every form is used by keyboard alone: Tab reaches each of its
fields and buttons, in order.

axe-core comes with the PyPI package axe-playwright-python (it bundles axe.min.js and
injects it with Playwright's evaluate, which the pages' CSP does not govern): pip installs
and pins it like every other test dependency, where a copy of axe.min.js vendored into
the tests would need updating by hand."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.e2e.test_schermen import PAGINAS, VERWACHT, P, bezoek, inloggen_als
from tests.helpers import PASSWORD, baat, schoon

ERNSTIG = ("serious", "critical")
axe = Axe()


def overtredingen(page, waar: str) -> list[str]:
    """axe-core's serious and critical findings on the page as it is now, one line each."""
    resultaat = axe.run(page)
    return [
        f"{waar}: {v['id']} ({v['impact']}) {[n['target'] for n in v['nodes'][:3]]}"
        for v in resultaat.response["violations"]
        if v["impact"] in ERNSTIG
    ]


@pytest.mark.parametrize("rol", list(PAGINAS), ids=[str(r) for r in PAGINAS])
def test_no_page_has_a_serious_accessibility_violation(page, demo_live, meldingen, rol):
    inloggen_als(page, rol)
    gevonden = []
    for px in (390, 1440):
        page.set_viewport_size({"width": px, "height": 900})
        for pagina in PAGINAS[rol]:
            bezoek(page, pagina)
            gevonden += overtredingen(page, f"{px} {pagina.pad}")
    assert gevonden == []
    meldingen.console = [m for m in meldingen.console if not any(v in m for v in VERWACHT)]
    schoon(page, meldingen)


# Forms: (role, page, the link that opens it in place or None, where it is).
FORMULIEREN = [
    ("pm", f"{P}/importeren/", None, "main"),
    ("pm", f"{P}/rapport/", None, "main"),
    ("pm", f"{P}/", "#sectie-kop header a", "#plek-kop"),
    ("pm", f"{P}/", "#baat-1 a:text-is('Wijzigen')", "#plek-baten"),
    ("pm", f"{P}/", "#sectie-roadmap a[href$='/roadmap/1/6/']", "#plek-roadmap"),
    ("pm", f"{P}/", "#sectie-monitoring td.acties a", "#plek-monitoring"),
    ("pm", f"{P}/", "#sectie-escalatie a:text-is('Escalatie melden')", "#plek-escalatie"),
    ("pm", f"{P}/baten/1/", "#sectie-kern a:text-is('Wijzigen')", "#plek-kern"),
    ("pm", f"{P}/baten/1/", "#sectie-meetmomenten td.acties a", "#plek-meetmomenten"),
    ("pm", f"{P}/baten/1/", "#sectie-afhankelijkheden p a", "#plek-afhankelijkheden"),
    ("pm", f"{P}/baten/1/", "#sectie-risicos td.acties a.gevaar", "#plek-risicos"),
    ("pm", f"{P}/leden/", "#sectie-leden td.acties a", "#plek-leden"),
    ("sponsor", f"{P}/dashboard/", "#sectie-escalaties td.acties a", "#plek-escalaties"),
    ("eigenaar", f"{P}/baten/2/", "#sectie-risicos td.acties a", "#plek-risicos"),
]


# A control as "name#type#value" (the value tells a group's checkboxes apart).
SLEUTEL = """const sleutel = e => (e.name || e.textContent.trim()) + '#' + e.type + '#'
    + (e.type === 'checkbox' || e.type === 'radio' ? e.value : '');"""


def tab_door(page, formulier) -> list[str]:
    """Tab from the form's first control until the focus leaves the form: what it reached."""
    bereikt = []
    # Arrive as from the element before the form: Tab enters a radio group at its checked
    # radio, not at whichever radio a script would focus.
    formulier.evaluate("f => { f.tabIndex = -1; f.focus(); }")
    page.keyboard.press("Tab")
    formulier.evaluate("f => f.removeAttribute('tabindex')")
    for _ in range(80):
        naam = page.evaluate(
            "f => {"
            + SLEUTEL
            + "const a = document.activeElement; return f.contains(a) ? sleutel(a) : null; }",
            formulier.element_handle(),
        )
        if naam is None:
            break
        # A date field's day, month and year are stops of their own: one control.
        if not bereikt or bereikt[-1] != naam:
            bereikt.append(naam)
        page.keyboard.press("Tab")
    return bereikt


def bedieningen(formulier) -> list[str]:
    """The form's visible controls in order; a group of radios is one stop for Tab."""
    namen = formulier.evaluate(
        "f => {"
        + SLEUTEL
        + """return [...f.querySelectorAll(
              'input:not([type=hidden]), select, textarea, button, a[href]')]
            .filter(e => e.offsetWidth || e.offsetHeight || e.getClientRects().length)
            .map(e => [sleutel(e), e.type === 'radio']); }"""
    )
    uniek = []
    for naam, radio in namen:
        if not (radio and uniek and uniek[-1].split("#")[0] == naam.split("#")[0]):
            uniek.append(naam)
    return uniek


def radiogroepen_gelijk(bereikt: list[str], verwacht: list[str]) -> bool:
    """Tab stops on one radio of a group (the checked one, or the first): compare names."""
    return [b.split("#")[0] for b in bereikt] == [v.split("#")[0] for v in verwacht]


@pytest.mark.parametrize("rol", ["pm", "sponsor", "eigenaar"])
def test_every_form_in_place_is_accessible_and_reached_by_tab_in_order(
    page, inloggen, meldingen, rol
):
    inloggen(rol)
    gevonden = []
    for wie, pad, link, plek in FORMULIEREN:
        if wie != rol:
            continue
        page.goto(pad)
        formulier = page.locator(f"{plek} form").last
        if link is not None:
            page.locator(link).first.click()
            expect(formulier).to_be_visible()
            # The form takes the focus when it opens (scherm.js).
            assert formulier.evaluate("f => f.contains(document.activeElement)"), (pad, link)
        gevonden += overtredingen(page, f"{pad} {link}")
        verwacht = bedieningen(formulier)
        bereikt = tab_door(page, formulier)
        assert radiogroepen_gelijk(bereikt, verwacht), (pad, link, bereikt, verwacht)
    assert gevonden == []
    schoon(page, meldingen)


def test_the_login_form_and_the_quick_meting_form_by_keyboard(page, demo_live, meldingen):
    page.goto("/accounts/login/")
    formulier = page.locator("main form")
    assert radiogroepen_gelijk(tab_door(page, formulier), bedieningen(formulier))
    page.fill("#id_username", "eigenaar")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    page.goto(f"{P}/mijn-baten/")
    formulier = page.locator("#mijn-1 form")
    assert radiogroepen_gelijk(tab_door(page, formulier), bedieningen(formulier))
    # By keyboard alone: the meting, then Enter; the card says it was saved.
    page.locator("#mijn-1 input[name$=meting_tekst]").focus()
    page.keyboard.type("7,3")
    page.keyboard.press("Enter")
    expect(page.locator("#mijn-1 [role=status]")).to_contain_text("Meting opgeslagen")
    assert baat(1).meetmomenten.filter(meting_tekst="7,3").exists()
    assert overtredingen(page, "mijn baten na opslaan") == []
    schoon(page, meldingen)


def test_a_confirmed_save_and_a_delete_with_undo_are_accessible(page, inloggen, meldingen):
    inloggen("pm")
    page.goto(f"{P}/")
    page.locator("#baat-1 a", has_text="Wijzigen").click()
    expect(page.locator("#plek-baten input[name=nummer]")).to_be_focused()
    page.keyboard.press("Enter")  # the focus is in the form: Enter saves it
    expect(page.locator("#melding [role=status]")).to_contain_text("Opgeslagen")
    assert overtredingen(page, "na opslaan") == []

    page.locator("#baat-6 a", has_text="Verwijderen").click()
    page.locator("#plek-baten button[type=submit]").click()
    expect(page.locator("#melding")).to_contain_text("Ongedaan maken")
    assert overtredingen(page, "na verwijderen") == []
    # The message with its undo stays until it is closed: by keyboard too.
    page.locator("#melding button.sluit").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#melding")).not_to_contain_text("Ongedaan maken")
    schoon(page, meldingen)
