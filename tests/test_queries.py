"""Every page costs the same number of SQL queries whatever the size of the programme."""

import pytest
from django.test import Client

from programmas.demo import load_groot, met_demo_leden
from programmas.models import Programma
from tests.helpers import ingelogd, queries


def kosten(client: Client, methode: str, pad: str, data: dict | None = None) -> int:
    def vraag() -> None:
        if methode == "htmx":
            # The card Mijn baten swaps in after a meting.
            antwoord = client.post(pad, data or {}, HTTP_HX_REQUEST="true")
        else:
            antwoord = getattr(client, methode)(pad, data or {})
        assert antwoord.status_code in (200, 302), (pad, antwoord.status_code)

    return queries(vraag)


def groot(baten: int, metingen: int) -> Programma:
    return met_demo_leden(
        load_groot(
            f"groot-{baten}",
            baten=baten,
            cycli=3,
            kwartalen=8,
            metingen=metingen,
            lange_teksten=False,
        )
    )


PAGINAS = [
    ("pm", "get", "/p/{slug}/"),
    ("pm", "get", "/p/{slug}/dashboard/"),
    ("pm", "get", "/p/{slug}/baten/1/"),
    ("eigenaar", "get", "/p/{slug}/mijn-baten/"),
    ("pm", "get", "/p/{slug}/leden/"),
    ("eigenaar", "post", "/p/{slug}/baten/1/meting/"),
    ("eigenaar", "htmx", "/p/{slug}/baten/1/meting/"),
    ("eigenaar", "htmx", "/p/{slug}/baten/2/meting/"),
]


@pytest.mark.parametrize(("wie", "methode", "pad"), PAGINAS, ids=[p[2] + p[1] for p in PAGINAS])
def test_a_page_costs_the_same_queries_for_a_small_and_a_large_programme(demo, wie, methode, pad):
    client = ingelogd(wie)
    data = {
        f"b{n}-{veld}": waarde
        for n in (1, 2)
        for veld, waarde in (("datum_tekst", "20-11-2026"), ("meting_tekst", "6,5"))
    }
    aantallen = []
    for programma in (demo, groot(6, 30), groot(24, 480)):
        aantallen.append(kosten(client, methode, pad.format(slug=programma.slug), data))
    assert len(set(aantallen)) == 1, aantallen
