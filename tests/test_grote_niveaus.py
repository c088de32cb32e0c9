"""A level with more digits than its number column holds (12 before the comma, 6 after):
every writer (form, API, import, save) is refused with a Dutch message naming the field and
stores nothing, so the plan, dashboard and export keep working on SQLite and PostgreSQL."""

import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from programmas.demo import SLUG
from programmas.models import ApiSleutel, Meetmoment, Programma
from programmas.uitwisseling import ImportFout, exporteer_json, exporteer_markdown, importeer
from tests.helpers import baat, ingelogd

PLAN = f"/p/{SLUG}/"
VANDAAG = date(2026, 11, 29)
pytestmark = pytest.mark.vandaag(VANDAAG)
TE_GROOT = "99999999999999999999999999999999,5"


def de_pagina_s_werken(client) -> None:
    for url in (PLAN, f"{PLAN}dashboard/", f"{PLAN}baten/1/"):
        assert client.get(url).status_code == 200, url
    exporteer_json(Programma.objects.get(slug=SLUG))


def test_a_meting_too_large_for_its_column_is_refused_by_the_form_keeping_the_plan_whole(
    eigenaar,
):
    aantal = Meetmoment.objects.filter(baat=baat(1)).count()
    response = eigenaar.post(
        f"{PLAN}baten/1/meting/",
        {"b1-meting_tekst": TE_GROOT, "b1-bevestig": TE_GROOT, "b1-meetdatum_tekst": "29-11-2026"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 422, response.content.decode()[:2000]
    assert "Meting is te groot" in response.content.decode()
    assert TE_GROOT in response.content.decode()
    assert not Meetmoment.objects.filter(meting_tekst=TE_GROOT).exists()
    assert Meetmoment.objects.filter(baat=baat(1)).count() == aantal
    de_pagina_s_werken(eigenaar)


def test_a_meting_too_large_through_the_api_is_a_422_in_dutch_storing_nothing(demo):
    client = ingelogd("eigenaar")
    response = client.post(
        f"/api/v1/programmas/{SLUG}/baten/1/metingen",
        json.dumps(
            {
                "sleutel": "q1",
                "meting": "1234567890123,5",
                "meetdatum": "01-11-2026",
                "bevestig": True,
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 422, response.content.decode()
    assert "Meting is te groot: een getal van hoogstens 12 cijfers" in response.content.decode()
    assert not Meetmoment.objects.filter(meting_tekst="1234567890123,5").exists()
    assert not ApiSleutel.objects.exists(), "nor the push's key: a corrected retry may use it"
    de_pagina_s_werken(client)


def test_the_largest_level_that_fits_is_stored_and_more_decimals_are_rounded(demo):
    b1 = baat(1)
    b1.nulmeting_tekst = "-999.999.999.999,999"
    b1.target_tekst = "1,12345678"
    b1.full_clean()
    b1.save()
    b1.refresh_from_db()
    assert (b1.nulmeting, b1.target) == (Decimal("-999999999999.999"), Decimal("1.123457"))
    de_pagina_s_werken(ingelogd("pm"))
    # One more digit, or rounding up to 10**12 (which SQLite would read back), is too large.
    b1.nulmeting_tekst = "999.999.999.999,9999"
    with pytest.raises(ValidationError) as fout:
        b1.full_clean()
    assert fout.value.message_dict["nulmeting_tekst"] == [
        "Nulmeting score/niveau is te groot: een getal van hoogstens 12 cijfers voor de komma."
    ]


def test_a_save_that_skips_clean_keeps_the_text_without_a_number_rather_than_corrupt(demo, pm):
    b1 = baat(1)
    b1.target_tekst = TE_GROOT
    b1.save()
    b1.refresh_from_db()
    assert (b1.target_tekst, b1.target) == (TE_GROOT, None)
    de_pagina_s_werken(pm)


@pytest.mark.parametrize("getal", [TE_GROOT, "999.999.999.999,9999"])
def test_a_markdown_plan_with_a_level_too_large_imports_with_a_message_not_a_crash(demo, getal):
    tekst = exporteer_markdown(demo, vandaag=VANDAAG)
    nulmeting = baat(1).nulmeting_tekst
    regel = f"- Score/niveau: {nulmeting}"
    assert regel in tekst
    tekst = tekst.replace(regel, f"- Score/niveau: {getal}", 1)
    try:
        uitkomst = importeer(tekst.encode(), slug="kopie", vandaag=VANDAAG)
    except ImportFout as fout:
        meldingen = [m.tekst for m in fout.fouten]
        assert any(("nulmeting" in m and "te groot" in m) or "cijfers" in m for m in meldingen), (
            meldingen
        )
        assert not Programma.objects.filter(slug="kopie").exists()
    else:
        meldingen = [m.tekst for m in uitkomst.waarschuwingen]
        assert any(("nulmeting" in m and "te groot" in m) or "cijfers" in m for m in meldingen), (
            meldingen
        )
        kopie = Programma.objects.get(slug="kopie")
        assert kopie.baten.get(nummer=1).nulmeting is None
        exporteer_json(kopie)
