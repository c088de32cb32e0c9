"""An import costs about the same number of queries for the demo as for a programme of forty
baten and 2,000 metingen (the benchmark's sizes S and M): it writes a table at once, not a
row at a time."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model

from programmas.demo import load_maat
from programmas.models import Meetmoment, Programma
from programmas.uitwisseling import exporteer_markdown, importeer
from tests.helpers import queries

VANDAAG = date(2026, 11, 29)
# What the programme's size may add: a few queries, never one per row.
SPELING = 10


def kosten(programma: Programma, gebruiker) -> dict[str, int]:
    """The queries of importing the programme's Markdown as a new programme, as a preview,
    and over the programme itself after every meetmoment changed in the database."""
    md = exporteer_markdown(programma, vandaag=VANDAAG).encode()
    slug = f"kopie-{programma.slug}"
    uit = {
        "voorbeeld": queries(
            lambda: importeer(md, slug=slug, gebruiker=gebruiker, proef=True, vandaag=VANDAAG)
        ),
        "nieuw": queries(lambda: importeer(md, slug=slug, gebruiker=gebruiker, vandaag=VANDAAG)),
    }
    rijen = Meetmoment.objects.filter(baat__programma=programma)
    rijen.update(toelichting="Anders dan in het bestand")
    uit["bijwerken"] = queries(
        lambda: importeer(md, programma=programma, gebruiker=gebruiker, vandaag=VANDAAG)
    )
    assert set(rijen.values_list("toelichting", flat=True)) != {"Anders dan in het bestand"}
    assert set(rijen.values_list("revisie", flat=True)) == {2}  # raised for each changed row
    return uit


@pytest.mark.django_db
def test_importing_a_large_plan_costs_about_the_queries_of_the_demo(demo):
    pm = get_user_model().objects.get(username="pm")
    klein = kosten(demo, pm)
    # Without its long texts, which only make the file bigger.
    groot = kosten(load_maat("M", "groot-m", lange_teksten=False), pm)
    assert Meetmoment.objects.filter(baat__programma__slug="kopie-groot-m").count() == 2000
    for soort, aantal in klein.items():
        assert abs(groot[soort] - aantal) <= SPELING, (soort, klein, groot)
