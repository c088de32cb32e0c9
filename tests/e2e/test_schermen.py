"""Every page at a phone's, a tablet's and a desktop's width, for every role that sees it
(issue 19 point 1): the page never scrolls sideways, wide tables scroll in their own box,
the roadmap opens at today's quarter on a phone, chart labels are not cut off; and editing
in place (point 2): the form scrolls into view with the focus in it, a save is confirmed
(status message, highlight, focus back on the row), a new row lands at the end of its list.

PAGINAS is the list the width and the accessibility test (test_toegankelijkheid.py) walk:
a new page gets a line there."""

from dataclasses import dataclass

import pytest
from playwright.sync_api import expect

from programmas.models import Risico
from tests.helpers import PASSWORD, baat, schoon

SLUG = "klant-in-beeld"
P = f"/p/{SLUG}"
BREEDTES = (390, 768, 1440)


@dataclass(frozen=True)
class Pagina:
    pad: str
    status: int = 200  # what the role gets: the 403 and 404 pages are pages too


# Every page, per role that can see it (None: not logged in). Add new pages here.
PAGINAS: dict[str | None, list[Pagina]] = {
    "pm": [
        Pagina("/"),
        Pagina(f"{P}/"),
        Pagina(f"{P}/dashboard/"),
        Pagina(f"{P}/baten/1/"),
        Pagina(f"{P}/baten/2/"),
        Pagina(f"{P}/leden/"),
        Pagina(f"{P}/prullenbak/"),
        Pagina(f"{P}/rapport/"),
        Pagina(f"{P}/importeren/"),
        Pagina(f"{P}/batenkaart/"),
        Pagina(f"{P}/versies/"),
        Pagina(f"{P}/versies/vergelijken/"),
        Pagina(f"{P}/geschiedenis/"),
        Pagina("/profiel/"),
        Pagina("/profiel/tokens/"),
        Pagina("/p/bestaat-niet/", 404),
    ],
    "eigenaar": [
        Pagina("/"),
        Pagina(f"{P}/"),
        Pagina(f"{P}/dashboard/"),
        Pagina(f"{P}/baten/3/"),
        Pagina(f"{P}/mijn-baten/"),
        Pagina(f"{P}/rapport/"),
        Pagina(f"{P}/batenkaart/"),
        Pagina(f"{P}/geschiedenis/"),
        Pagina("/profiel/"),
        Pagina(f"{P}/leden/", 403),
    ],
    "sponsor": [
        Pagina("/"),
        Pagina(f"{P}/"),
        Pagina(f"{P}/dashboard/"),
        Pagina(f"{P}/baten/4/"),
        Pagina(f"{P}/rapport/"),
        Pagina(f"{P}/batenkaart/"),
        Pagina(f"{P}/versies/"),
        Pagina("/profiel/"),
    ],
    "beheerder": [Pagina("/"), Pagina("/importeren/"), Pagina("/profiel/"), Pagina(f"{P}/", 404)],
    None: [Pagina("/accounts/login/")],
}

# Chromium logs a 403 or 404 page as a failed resource; that is the page, not a fault.
VERWACHT = ("status of 403", "status of 404")


def bezoek(page, pagina: Pagina) -> None:
    antwoord = page.goto(pagina.pad)
    assert antwoord is not None and antwoord.status == pagina.status, pagina
    if page.locator("[data-grafiek]").count():
        page.wait_for_selector("[data-grafiek] .main-svg")


def breedte(page) -> dict[str, int]:
    return page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"
    )


# A chart's words that plotly does not clip to its plot area (bars outside the x range are
# clipped there, and so are not read here).
LABELS = ".xtick text, .ytick text, .annotation text, .legendtext, .g-xtitle text, .g-ytitle text"


def afgesneden_grafiektekst(page) -> list[str]:
    """Labels of the charts (ticks, notes, legend) that stick out of their chart's box."""
    return page.evaluate(
        """labels => {
        const uit = [];
        for (const g of document.querySelectorAll('[data-grafiek]')) {
          const kader = g.getBoundingClientRect();
          for (const t of g.querySelectorAll(labels)) {
            const r = t.getBoundingClientRect();
            if (!t.textContent.trim() || r.width === 0) continue;
            if (r.left < kader.left - 1 || r.right > kader.right + 1)
              uit.push(g.dataset.grafiek + ': ' + t.textContent);
          }
        }
        return uit;
    }""",
        LABELS,
    )


def inloggen_als(page, rol: str | None) -> None:
    if rol is None:
        return
    page.goto("/accounts/login/")
    page.fill("#id_username", rol)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/")


@pytest.mark.parametrize("rol", list(PAGINAS), ids=[str(r) for r in PAGINAS])
def test_no_page_scrolls_sideways_at_390_768_or_1440_px(page, demo_live, meldingen, rol):
    inloggen_als(page, rol)
    te_breed = []
    for px in BREEDTES:
        page.set_viewport_size({"width": px, "height": 900})
        for pagina in PAGINAS[rol]:
            bezoek(page, pagina)
            maat = breedte(page)
            if maat["scroll"] > maat["inner"]:
                te_breed.append((px, pagina.pad, maat["scroll"]))
            te_breed.extend((px, pagina.pad, t) for t in afgesneden_grafiektekst(page))
    assert te_breed == []
    meldingen.console = [m for m in meldingen.console if not any(v in m for v in VERWACHT)]
    schoon(page, meldingen)


def test_an_open_form_fits_a_phone_too(page, inloggen, meldingen):
    inloggen("pm")
    for px in BREEDTES:
        page.set_viewport_size({"width": px, "height": 800})
        for pad, link in ((f"{P}/", "#baat-1 a"), (f"{P}/baten/1/", "#sectie-risicos a")):
            page.goto(pad)
            page.locator(link, has_text="Wijzigen").first.click()
            page.wait_for_selector(".bewerk form")
            maat = breedte(page)
            assert maat["scroll"] <= maat["inner"], (px, pad, maat)
    schoon(page, meldingen)


def test_a_wide_table_scrolls_in_its_own_box_with_its_first_column_fixed(page, inloggen, meldingen):
    inloggen("pm")
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(f"{P}/")
    kader = page.locator("#sectie-baten .scroll")
    assert kader.evaluate("k => k.scrollWidth > k.clientWidth")  # it has more to show
    eerste = kader.locator("tbody tr").first.locator("td").first
    links_voor = eerste.bounding_box()["x"]
    kader.evaluate("k => { k.scrollLeft = 300; }")
    assert kader.evaluate("k => k.scrollLeft") == 300
    assert eerste.bounding_box()["x"] == links_voor  # B1 stays where it was
    # A table without a box of its own gets one (the start page's table has none).
    page.goto("/")
    assert page.locator("main table").count() == page.locator("main .scroll > table").count()
    schoon(page, meldingen)


def test_the_roadmap_on_a_phone_opens_at_todays_quarter(page, inloggen, meldingen):
    inloggen("eigenaar")
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(f"{P}/")
    kader = page.locator("#sectie-roadmap .scroll")
    kop = kader.locator("thead th")
    nu = kader.locator("thead th.nu")
    expect(nu).to_contain_text("Q4")  # the demo's today falls in Q4
    vak = kader.bounding_box()
    vaste_kolom = kop.first.bounding_box()
    cel = nu.bounding_box()
    # Today's quarter stands right of the baat's column, inside the box, not off screen.
    assert vaste_kolom["x"] + vaste_kolom["width"] - 1 <= cel["x"]
    assert cel["x"] + cel["width"] <= vak["x"] + vak["width"] + 1

    # The dashboard's chart: today's quarter and the next ones, the lights upright.
    page.goto(f"{P}/dashboard/")
    page.wait_for_selector("#sectie-roadmap .main-svg")
    kwartalen = page.locator("#sectie-roadmap .xtick text").all_text_contents()
    assert kwartalen and kwartalen[0].startswith("Q4"), kwartalen
    assert not any(k.startswith("Q1") for k in kwartalen)
    namen = page.locator("#sectie-stuurparameters .ytick text").all_text_contents()
    assert "Doeltreffendheid" in namen
    assert afgesneden_grafiektekst(page) == []
    schoon(page, meldingen)


def test_wijzigen_brings_the_form_into_view_with_the_focus_and_a_save_is_confirmed(
    page, inloggen, meldingen
):
    inloggen("pm")
    page.set_viewport_size({"width": 1440, "height": 700})
    page.goto(f"{P}/")
    page.locator("#baat-1 a", has_text="Wijzigen").click()
    veld = page.locator("#plek-baten input[name=nummer]")
    expect(veld).to_be_focused()
    expect(page.locator("#plek-baten .bewerk")).to_be_in_viewport()

    page.keyboard.press("Tab")
    page.keyboard.press("Control+A")
    page.keyboard.type("Eén klantbeleving")
    page.keyboard.press("Enter")

    melding = page.locator("#melding [role=status]")
    expect(melding).to_have_text("Opgeslagen: “B1 Eén klantbeleving”.")
    expect(melding.locator("button")).to_have_count(0)  # it leaves by itself
    assert page.locator("#melding").get_attribute("aria-live") == "polite"
    rij = page.locator("#baat-1")
    expect(rij).to_have_class("net-opgeslagen")
    expect(rij.locator("a", has_text="Wijzigen")).to_be_focused()
    expect(rij).to_be_in_viewport()
    expect(rij).not_to_have_class("net-opgeslagen", timeout=5000)  # a short highlight
    schoon(page, meldingen)


def test_annuleren_gives_the_focus_back_to_wijzigen(page, inloggen, meldingen):
    inloggen("pm")
    page.goto(f"{P}/")
    page.locator("#baat-2 a", has_text="Wijzigen").click()
    expect(page.locator("#plek-baten input[name=nummer]")).to_be_focused()
    page.locator("#plek-baten a", has_text="Annuleren").click()
    expect(page.locator("#plek-baten form")).to_have_count(0)
    expect(page.locator("#baat-2 a", has_text="Wijzigen")).to_be_focused()
    schoon(page, meldingen)


def test_eigenaar_adds_a_risico_on_a_phone_by_keyboard_alone_and_it_comes_last(
    page, inloggen, meldingen
):
    """The whole form by keyboard: Tab to the link, Enter, type, Tab, arrow keys, Enter."""
    inloggen("eigenaar")
    page.set_viewport_size({"width": 390, "height": 800})
    voor = list(Risico.objects.filter(baat=baat(2)).values_list("omschrijving", flat=True))
    page.goto(f"{P}/baten/2/")
    for _ in range(300):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Risico toevoegen":
            break
    else:
        pytest.fail("Tab never reached 'Risico toevoegen'")
    page.keyboard.press("Enter")

    formulier = page.locator("#plek-risicos form")
    expect(formulier).to_be_in_viewport()
    expect(formulier.locator("select[name=baat]")).to_be_focused()
    page.keyboard.press("Tab")
    expect(formulier.locator("[name=omschrijving]")).to_be_focused()
    page.keyboard.type("Aaa: de enquête loopt uit")
    # Kans and impact: a choice by arrow keys, whichever widget offers it.
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_attribute("name", "kans")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_attribute("name", "impact")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_attribute("name", "mitigatie")
    page.keyboard.type("Herinnering na een week")
    page.keyboard.press("Tab")
    expect(formulier.locator("button[type=submit]")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.locator("#melding [role=status]")).to_contain_text("Opgeslagen")
    rijen = page.locator("#sectie-risicos tbody tr")
    expect(rijen.last).to_contain_text("Aaa: de enquête loopt uit")
    expect(rijen.last).to_have_class("net-opgeslagen")
    expect(rijen.last.locator("a", has_text="Wijzigen")).to_be_focused()
    nieuw = Risico.objects.get(omschrijving="Aaa: de enquête loopt uit")
    assert nieuw.kans and nieuw.impact and nieuw.mitigatie == "Herinnering na een week"
    assert [*voor, nieuw.omschrijving] == list(
        Risico.objects.filter(baat=baat(2)).values_list("omschrijving", flat=True)
    )
    maat = breedte(page)
    assert maat["scroll"] <= maat["inner"]
    schoon(page, meldingen)
