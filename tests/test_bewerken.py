"""Editing in place as the user sees it (issue 19 point 2): a new row lands where the user
expects it (at the end of its list, as entered), and a save says so, in the status message
that screen readers read and in the signal static/js/scherm.js highlights the row by.
The browser half (scrolling, focus, highlight) is in tests/e2e/test_schermen.py."""

import json
import re

import pytest

from programmas.models import Afhankelijkheid, Inspanning, Risico, Vermogen
from tests.helpers import baat, open_formulier, tekst, verstuur

SLUG = "klant-in-beeld"


def rijen_op_de_pagina(response, ids: list[str]) -> list[str]:
    """Which of `ids` the page shows, in the order it shows them."""
    html = response.content.decode()
    return sorted((i for i in ids if i in html), key=html.index)


def test_a_new_risico_comes_last_on_the_baat_page_not_among_the_first(pm):
    b2 = baat(2)
    voor = [r.omschrijving for r in b2.risicos.all()]
    assert len(voor) >= 2, "the demo's B2 has several risico's"
    formulier = open_formulier(pm, f"/p/{SLUG}/risico/nieuw/?baat={b2.pk}")
    # "Aaa" would sort first alphabetically, and volgorde 0 put it second (by pk).
    antwoord = verstuur(pm, formulier, omschrijving="Aaa budget wordt gekort", kans="H")
    assert antwoord.status_code == 200, antwoord.content.decode()[:2000]

    assert [r.omschrijving for r in b2.risicos.all()] == [*voor, "Aaa budget wordt gekort"]
    pagina = pm.get(f"/p/{SLUG}/baten/2/")
    assert rijen_op_de_pagina(pagina, [*voor, "Aaa budget wordt gekort"]) == [
        *voor,
        "Aaa budget wordt gekort",
    ]


@pytest.mark.parametrize(
    ("soort", "model", "velden"),
    [
        ("vermogen", Vermogen, {"omschrijving": "Aaa vermogen"}),
        ("inspanning", Inspanning, {"omschrijving": "Aaa inspanning"}),
    ],
)
def test_a_new_vermogen_or_inspanning_comes_last_in_the_programme(pm, soort, model, velden):
    formulier = open_formulier(pm, f"/p/{SLUG}/{soort}/nieuw/?baten={baat(1).pk}")
    antwoord = verstuur(pm, formulier, **velden)
    assert antwoord.status_code == 200, antwoord.content.decode()[:2000]
    alle = list(model.objects.filter(programma__slug=SLUG))
    assert alle[-1].omschrijving == velden["omschrijving"]
    assert alle[-1].volgorde > max(r.volgorde for r in alle[:-1])


def test_a_new_afhankelijkheid_comes_after_the_other_ones_of_its_baat(pm):
    formulier = open_formulier(pm, f"/p/{SLUG}/afhankelijkheid/nieuw/?baat={baat(4).pk}")
    antwoord = verstuur(pm, formulier, extern="Aaa leverancier", type="Planning")
    assert antwoord.status_code == 200, antwoord.content.decode()[:2000]
    van_b4 = list(Afhankelijkheid.objects.filter(baat=baat(4)))
    assert len(van_b4) >= 2
    assert van_b4[-1].extern == "Aaa leverancier"


def test_changing_a_risico_keeps_its_place(pm):
    b1 = baat(1)
    Risico.objects.create(baat=b1, omschrijving="Tweede risico", volgorde=5)
    volgorde = list(b1.risicos.values_list("pk", flat=True))
    formulier = open_formulier(pm, f"/p/{SLUG}/risico/{volgorde[0]}/")
    verstuur(pm, formulier, omschrijving="Zzz als laatste alfabetisch")
    assert list(b1.risicos.values_list("pk", flat=True)) == volgorde


def test_a_save_in_place_says_opgeslagen_and_names_the_saved_row(pm):
    b1 = baat(1)
    formulier = open_formulier(pm, f"/p/{SLUG}/baat/{b1.pk}/?terug=plan%23baten")
    antwoord = verstuur(pm, formulier, naam="Eén klantbeleving")

    assert antwoord.status_code == 200
    # The status message, swapped out of band into the page's aria-live region.
    melding = re.search(
        r'<div id="melding" aria-live="polite" hx-swap-oob="true">(.*?)</div>\s*</div>',
        antwoord.content.decode(),
        re.S,
    )
    assert melding, antwoord.content.decode()[-1500:]
    assert "Opgeslagen: “B1 Eén klantbeleving”." in melding.group(1)
    assert 'role="status"' in melding.group(1)
    # Which section and row scherm.js highlights and gives the focus back to.
    signaal = json.loads(antwoord.headers["HX-Trigger-After-Settle"])["bp:opgeslagen"]
    assert signaal == {"sectie": "#sectie-baten", "rij": f"/p/{SLUG}/baat/{b1.pk}/"}
    # That row's own link is in the section the response brings.
    assert f'href="/p/{SLUG}/baat/{b1.pk}/?' in antwoord.content.decode()


def test_a_refused_save_says_nothing_was_saved(pm):
    formulier = open_formulier(pm, f"/p/{SLUG}/baat/{baat(1).pk}/?terug=plan%23baten")
    antwoord = verstuur(pm, formulier, naam="")
    assert antwoord.status_code == 422
    assert "Opgeslagen" not in antwoord.content.decode()
    assert "HX-Trigger-After-Settle" not in antwoord.headers


def test_a_save_without_javascript_says_opgeslagen_on_the_page_it_returns_to(pm):
    formulier = open_formulier(pm, f"/p/{SLUG}/baat/{baat(1).pk}/?terug=plan%23baten", htmx=False)
    antwoord = verstuur(pm, formulier, htmx=False, naam="Eén klantbeleving")
    assert antwoord.status_code == 302
    pagina = pm.get(antwoord.headers["Location"])
    assert "Opgeslagen: “B1 Eén klantbeleving”." in tekst(pagina)


def test_a_section_and_a_roadmap_cell_say_opgeslagen_too(pm):
    formulier = open_formulier(pm, f"/p/{SLUG}/sectie/cycli/")
    antwoord = verstuur(pm, formulier, toelichting_cycli="Per half jaar.")
    assert "Opgeslagen: “2. Batenrealisatie per Cyclus”." in tekst(antwoord)

    formulier = open_formulier(pm, f"/p/{SLUG}/roadmap/1/6/")
    antwoord = verstuur(pm, formulier, fase="groei")
    assert "Opgeslagen: “B1 Q6”." in tekst(antwoord)
    signaal = json.loads(antwoord.headers["HX-Trigger-After-Settle"])["bp:opgeslagen"]
    assert signaal["rij"] == f"/p/{SLUG}/roadmap/1/6/"
