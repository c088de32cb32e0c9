"""English beside Dutch (issue 19, item 7) in the forms and the admin: what a form refuses,
its open lists, and the admin's names read English when English is active, Dutch otherwise."""

from __future__ import annotations

import re

from django.urls import reverse
from django.utils import translation

from programmas.models import Afhankelijkheid, Baat, Stuurparameter
from tests.test_navigatie import modelnamen
from tests.test_talen import client_in

P = "/p/klant-in-beeld"


def baat_velden(baat: Baat, **anders: str) -> dict[str, str]:
    """What the baat's details form posts as it stands, with some fields changed."""
    return {
        "revisie": str(baat.revisie),
        "eenheid": baat.eenheid,
        "indicator": baat.indicator,
        "nulmeting_tekst": baat.nulmeting_tekst,
        "nulmeting_bron": baat.nulmeting_bron,
        "nulmeting_datum_tekst": baat.nulmeting_datum_tekst,
        "target_tekst": baat.target_tekst,
        "deadline_tekst": baat.deadline_tekst,
        "toelichting": baat.toelichting,
        **anders,
    }


def test_a_form_refuses_in_english_when_english_is_active(demo) -> None:
    baat = Baat.objects.get(programma=demo, nummer=1)
    velden = baat_velden(baat, target_tekst=baat.nulmeting_tekst)
    pad = f"{P}/baatdetails/{baat.pk}/"

    engels = client_in("en", "pm").post(pad, velden).content.decode()
    assert "The target score equals the nulmeting: there is then nothing to realise." in engels
    assert "gelijk aan de nulmeting" not in engels

    nederlands = client_in("nl", "pm").post(pad, velden).content.decode()
    assert "De target score is gelijk aan de nulmeting" in nederlands


def test_an_unreadable_date_is_refused_in_english(demo) -> None:
    baat = Baat.objects.get(programma=demo, nummer=1)
    velden = baat_velden(baat, deadline_tekst="na de zomer")
    html = client_in("en", "pm").post(f"{P}/baatdetails/{baat.pk}/", velden).content.decode()
    assert "is not a date Batenplan can read" in html


def test_an_open_list_shows_its_usual_values_in_english_and_keeps_them_dutch(demo) -> None:
    afhankelijkheid = Afhankelijkheid.objects.filter(baat__programma=demo, type="Inhoudelijk")
    a = afhankelijkheid.first()
    html = client_in("en", "pm").get(f"{P}/afhankelijkheid/{a.pk}/").content.decode()
    assert '<option value="Inhoudelijk" selected>Content</option>' in html
    assert ">Other, namely …</option>" in html
    with translation.override("en"):
        assert a.type_weergave == "Content"
        assert Stuurparameter(norm="Groen").norm_weergave == "Green"
        assert Stuurparameter(norm="Groen of Geel").norm_weergave == "Groen of Geel"
    with translation.override("nl"):
        assert a.type_weergave == "Inhoudelijk"


def test_the_admin_index_reads_english_for_an_english_superuser(demo) -> None:
    html = client_in("en", "beheerder").get(reverse("admin:index")).content.decode()
    namen = modelnamen(html)
    assert len(namen) > 20, namen
    for naam in (
        "Login protection",
        "Failed login attempts (counters per account and address)",
        "Logins and logouts (log)",
        "Background tasks",
        "Task results",
        "Memberships",
        "Baten",
    ):
        assert naam in namen, (naam, namen)
    nederlands = {"inlogbeveiliging", "inlogs", "achtergrondtaken", "lidmaatschappen"}
    assert not [n for n in namen if set(re.findall(r"\w+", n.lower())) & nederlands]


def test_the_admins_lists_read_english_for_an_english_superuser(demo) -> None:
    beheerder = client_in("en", "beheerder")
    baten = beheerder.get(reverse("admin:programmas_baat_changelist")).content.decode()
    koppen = re.findall(r'<th scope="col"[^>]*>.*?<a [^>]*>([^<]+)</a>', baten, re.S)
    koppen += re.findall(r'<th scope="col"[^>]*>\s*<div class="text"><span>([^<]+)</span>', baten)
    assert {"Programme", "Baateigenaar"} <= set(koppen), koppen
    sets = beheerder.get(reverse("admin:programmas_wijzigingsset_changelist")).content.decode()
    assert "demo loaded" in sets and "demo geladen" not in sets
    bak = beheerder.get(reverse("admin:programmas_prullenbak_changelist")).content.decode()
    assert "wastebasket" not in bak
    profiel = beheerder.get(reverse("admin:programmas_profiel_changelist")).content.decode()
    assert "Language" in profiel
