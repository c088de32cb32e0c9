"""A property of "one home per rule" (issue 11): for any input, the model's full_clean(),
the admin (through its ModelForm) and the page form (through the HTTP client, as a user)
accept and refuse the same. Nothing one writer stores is refused by another.

The inputs are what plans hold: Dutch numbers, words beside numbers, month dates, dates
outside the roadmap, placeholders and notes in brackets, and some generated text.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.test import Client, RequestFactory
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from programmas.models import Baat, Meetmoment
from tests.helpers import open_formulier, verstuur

SLUG = "klant-in-beeld"
VANDAAG = date(2026, 11, 29)
pytestmark = pytest.mark.vandaag(VANDAAG)

NIVEAUS = [
    "",
    "6,0",
    "6",
    "7,5",
    "NPS +15",
    "NPS +12",
    "14 dagen",
    "42,5",
    "-3",
    "1.250",
    "Ontwerp gereed",
    "[vul in]",
    "6,5 (schatting)",
    "Ontwerp gereed; naleving 55%",
]
DATUMS = [
    "",
    "maart 2026",
    "15-03-2026",
    "januari 2026",
    "december 2025",
    "juni 2027",
    "30-06-2027",
    "01-07-2027",
    "december 2027",
    "Q3 2026",
    "31-02-2026",
    "na de zomer",
    "november 2026 (M11)",
    "maart 2027",
]
# Generated text without surrounding spaces (a form strips those; that is about the form).
TEKST = st.text(alphabet="abcdeNPS0123456789 ,.-+%()", max_size=14).map(str.strip)
# Mostly what a form accepts, so that both answers occur often; then anything.
GOEDE_NIVEAUS = ["6,0", "7,5", "NPS +15", "14 dagen", "Ontwerp gereed", "6,5 (schatting)"]
GOEDE_DATUMS = ["15-03-2026", "juni 2026", "Q3 2026", "november 2026 (M11)", "30-06-2027"]
NIVEAU = st.one_of(
    st.sampled_from(GOEDE_NIVEAUS),
    st.sampled_from(GOEDE_NIVEAUS),
    st.sampled_from(NIVEAUS),
    TEKST,
)
DATUM = st.one_of(
    st.sampled_from(GOEDE_DATUMS),
    st.sampled_from(GOEDE_DATUMS),
    st.sampled_from(DATUMS),
    TEKST,
)
INSTELLINGEN = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def model_neemt_aan(obj: Any) -> bool:
    try:
        obj.full_clean()
    except ValidationError:
        return False
    return True


def admin_neemt_aan(model: type, obj: Any, velden: dict[str, str]) -> bool:
    model_admin = admin.site._registry[model]
    request = RequestFactory().post("/")
    request.user = User.objects.get(username="beheerder")
    form_class = model_admin.get_form(request, obj if obj.pk else None)
    data = {
        k: ([x.pk for x in v] if isinstance(v, list) else v) for k, v in model_to_dict(obj).items()
    }
    data["revisie"] = obj.revisie if obj.pk else None
    data.update(velden)
    data = {k: ("" if v is None else v) for k, v in data.items()}
    return form_class(data, instance=obj if obj.pk else None).is_valid()


def pagina_neemt_aan(response) -> bool:
    assert response.status_code in (200, 422), response.content.decode()[:2000]
    return response.status_code == 200


@INSTELLINGEN
@given(nulmeting=NIVEAU, target=NIVEAU, nulmeting_datum=DATUM, deadline=DATUM)
def test_a_baat_is_accepted_alike_by_the_model_the_admin_and_the_page_form(
    pm, nulmeting: str, target: str, nulmeting_datum: str, deadline: str
):
    velden = {
        "nulmeting_tekst": nulmeting,
        "target_tekst": target,
        "nulmeting_datum_tekst": nulmeting_datum,
        "deadline_tekst": deadline,
    }
    b1 = Baat.objects.get(programma__slug=SLUG, nummer=1)

    model = Baat.objects.get(pk=b1.pk)
    for naam, waarde in velden.items():
        setattr(model, naam, waarde)
    door_model = model_neemt_aan(model)
    door_admin = admin_neemt_aan(Baat, Baat.objects.get(pk=b1.pk), velden)
    formulier = open_formulier(pm, f"/p/{SLUG}/baatdetails/{b1.pk}/?terug=baat-1%23kern")
    door_pagina = pagina_neemt_aan(verstuur(pm, formulier, **velden))

    assert door_model == door_admin == door_pagina, (velden, door_model, door_admin)


@INSTELLINGEN
@given(datum=DATUM, verwacht=NIVEAU, meting=NIVEAU)
def test_a_meetmoment_is_accepted_alike_by_the_model_the_admin_and_the_page_form(
    pm, datum: str, verwacht: str, meting: str
):
    velden = {
        "datum_tekst": datum,
        "omschrijving": "Kwartaalmeting (klantpanel)",
        "verwacht_niveau_tekst": verwacht,
        "meting_tekst": meting,
        "toelichting": "",
    }
    b2 = Baat.objects.get(programma__slug=SLUG, nummer=2)  # numeric: NPS +12 -> NPS +20

    # A meting far off the scale is a question, not a refusal (a warning of the model):
    # every writer confirms it, the page form by "Ja, opslaan", the admin by its box.
    model = Meetmoment(baat=b2, **velden)
    model.bevestigd = {"onwaarschijnlijk"}
    door_model = model_neemt_aan(model)
    door_admin = admin_neemt_aan(
        Meetmoment,
        Meetmoment(baat=b2),
        {**velden, "baat": b2.pk, "bevestig_onwaarschijnlijk": "on"},
    )
    formulier = open_formulier(pm, f"/p/{SLUG}/meetmoment/nieuw/?baat={b2.pk}")
    response = verstuur(pm, formulier, baat=str(b2.pk), **velden)
    if "Weet u het zeker?" in response.content.decode():
        response = verstuur(pm, formulier, baat=str(b2.pk), bevestig=meting, **velden)
    door_pagina = pagina_neemt_aan(response)

    assert door_model == door_admin == door_pagina, (velden, door_model, door_admin)


# ---- The import is a writer too: what it stores without an error, the page form saves again
# (with an unrelated change, as a user would), whatever warnings the import gave.

IMPORT_INSTELLINGEN = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def importeer_doc(demo, pas_aan) -> bool:
    """The demo's own JSON with one change; whether the import stored it (no error)."""
    import json

    from programmas.uitwisseling import ImportFout, exporteer_json, importeer

    doc = json.loads(exporteer_json(demo))
    pas_aan(doc["programma"])
    try:
        importeer(json.dumps(doc).encode(), programma=demo)
    except ImportFout:
        return False
    return True


def pagina_bewaart_opnieuw(pm: Client, url: str, **wijziging: str) -> None:
    formulier = open_formulier(pm, url)
    response = verstuur(pm, formulier, **wijziging)
    assert response.status_code == 200, response.content.decode()[:3000]


@IMPORT_INSTELLINGEN
@given(nulmeting=NIVEAU, target=NIVEAU, nulmeting_datum=DATUM, deadline=DATUM)
def test_a_baat_the_import_stores_is_saved_again_by_the_page_form(
    pm, nulmeting: str, target: str, nulmeting_datum: str, deadline: str
):
    demo = Baat.objects.get(programma__slug=SLUG, nummer=1).programma

    def pas_aan(plan: dict) -> None:
        b1 = next(b for b in plan["baten"] if b["nummer"] == 1)
        b1.update(
            nulmeting=nulmeting, target=target, nulmeting_datum=nulmeting_datum, deadline=deadline
        )

    if not importeer_doc(demo, pas_aan):
        return
    b1 = Baat.objects.get(programma=demo, nummer=1)
    assert (b1.nulmeting_tekst, b1.target_tekst) == (nulmeting, target)
    pagina_bewaart_opnieuw(
        pm,
        f"/p/{SLUG}/baatdetails/{b1.pk}/?terug=baat-1%23kern",
        nulmeting_bron="Klantpanel (herzien)",
    )


@IMPORT_INSTELLINGEN
@given(datum=DATUM, verwacht=NIVEAU, meting=NIVEAU)
def test_a_meetmoment_the_import_stores_is_saved_again_by_the_page_form(
    pm, datum: str, verwacht: str, meting: str
):
    demo = Baat.objects.get(programma__slug=SLUG, nummer=2).programma

    def pas_aan(plan: dict) -> None:
        rij = next(m for m in plan["meetmomenten"] if m["baat"] == 2)
        rij.update(datum=datum, verwacht_niveau=verwacht, meting=meting, meetdatum="")

    if not importeer_doc(demo, pas_aan):
        return
    opgeslagen = (
        Meetmoment.objects.filter(
            baat__programma=demo,
            baat__nummer=2,
            datum_tekst=datum,
            verwacht_niveau_tekst=verwacht,
            meting_tekst=meting,
        )
        .order_by("pk")
        .last()
    )
    assert opgeslagen is not None
    pagina_bewaart_opnieuw(
        pm, f"/p/{SLUG}/meetmoment/{opgeslagen.pk}/", toelichting="Herzien (na audit)"
    )


@IMPORT_INSTELLINGEN
@given(
    afhankelijk=st.integers(1, 6),
    van=st.lists(st.integers(1, 6), max_size=3, unique=True),
    drempel=st.sampled_from([None, "0", "50", "100", "150", "-5", "12.5"]),
    extern=st.sampled_from(["", "Leverancier CRM (extern)"]),
)
def test_a_dependency_the_import_stores_is_saved_again_by_the_page_form(
    pm, afhankelijk: int, van: list[int], drempel: str | None, extern: str
):
    from programmas.models import Afhankelijkheid

    demo = Baat.objects.get(programma__slug=SLUG, nummer=1).programma
    merk = "Gegenereerd (eigenschapstest)"

    def pas_aan(plan: dict) -> None:
        # Examples share the database: an earlier example's row goes (the import removes it).
        plan["afhankelijkheden"] = [
            a for a in plan["afhankelijkheden"] if a["impact_op_planning"] not in (merk, "Herzien")
        ]
        plan["afhankelijkheden"].append(
            {
                "baat": afhankelijk,
                "van": sorted(van),
                "extern": extern,
                "type": "Planning",
                "drempel": drempel,
                "impact_op_planning": merk,
                "volgorde": 99,
            }
        )

    if not importeer_doc(demo, pas_aan):
        return
    opgeslagen = Afhankelijkheid.objects.get(baat__programma=demo, impact_op_planning=merk)
    assert sorted(k.van.nummer for k in opgeslagen.koppelingen.all()) == sorted(van)
    pagina_bewaart_opnieuw(
        pm, f"/p/{SLUG}/afhankelijkheid/{opgeslagen.pk}/", impact_op_planning="Herzien"
    )
    opgeslagen.refresh_from_db()
    assert opgeslagen.impact_op_planning == "Herzien"
