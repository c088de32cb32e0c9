"""Versions of the plan and its history (issue 15): adopting, comparing, exporting a version
exactly as it was, restoring one, and a history row for every kind of write."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from programmas import geschiedenis, versies
from programmas.demo import SLUG
from programmas.keuzes import Domein, Rol
from programmas.models import (
    Baat,
    Doel,
    Lidmaatschap,
    Meetmoment,
    Planversie,
    Programma,
    Risico,
    Vermogen,
    Wijzigingsset,
)
from programmas.uitwisseling import exporteer_markdown
from tests.helpers import als, open_formulier, verstuur

PM = "pm"


def tekst(response) -> str:
    """What a reader reads: the text without its tags, on one line."""
    return " ".join(unescape(re.sub(r"<[^>]+>", "", response.content.decode())).split())


@pytest.fixture
def pm(demo: Programma) -> Client:
    return als(Client(), PM)


def vaststellen(client: Client, nummer: str, *, vastgesteld: bool = False, **extra: str):
    data = {
        "soort": "vastgesteld" if vastgesteld else "concept",
        "nummer": nummer,
        "besluit_op": "30-11-2026" if vastgesteld else "",
        "notitie": f"Notitie bij {nummer}",
        **extra,
    }
    return client.post(reverse("versies", args=[SLUG]), data)


def wijzig_opsteller(client: Client, opsteller: str) -> None:
    formulier = open_formulier(client, reverse("sectie_bewerken", args=[SLUG, "kop"]))
    response = verstuur(client, formulier, opsteller=opsteller)
    assert response.status_code == 200, response.content.decode()[:1000]


def nieuwe_meting(client: Client, datum: str = "15-11-2026", meting: str = "7,3"):
    data = {
        "b1-meetmoment": "",
        "b1-datum_tekst": datum,
        "b1-omschrijving": "Extra klantpanel",
        "b1-verwacht_niveau_tekst": "",
        "b1-meting_tekst": meting,
        "b1-toelichting": "Na de klantdag",
    }
    response = client.post(reverse("meting", args=[SLUG, 1]), data)
    assert response.status_code == 302, response.content.decode()[:2000]


def nieuw_risico(client: Client, demo: Programma, omschrijving: str) -> None:
    b1 = demo.baten.get(nummer=1)
    data = {
        "baat": b1.pk,
        "omschrijving": omschrijving,
        "kans": "H",
        "impact": "H",
        "mitigatie": "Klantbelofte in elk sectorplan",
    }
    url = reverse("rij_nieuw", args=[SLUG, "risico"]) + f"?baat={b1.pk}"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]


def als_tuples(vergelijking: versies.Vergelijking) -> dict[str, dict[str, object]]:
    return {
        s.titel: {
            "toegevoegd": s.toegevoegd,
            "verwijderd": s.verwijderd,
            "gewijzigd": [
                (r.wat, [(v.label, v.oud, v.nieuw) for v in r.velden]) for r in s.gewijzigd
            ],
        }
        for s in vergelijking.secties
    }


# ---------------------------------------------------------------------------------------
# Adopt, edit, adopt, edit, compare


def test_adopting_editing_and_comparing_shows_exactly_the_changes_made(pm, demo):
    opsteller = demo.opsteller
    assert vaststellen(pm, "0.1").status_code == 302
    wijzig_opsteller(pm, "PMO Klant in Beeld")
    assert vaststellen(pm, "1.0", vastgesteld=True).status_code == 302
    nieuwe_meting(pm)
    nieuw_risico(pm, demo, "Klantpanel krimpt")

    v01, v10 = (Planversie.objects.get(programma=demo, nummer=n) for n in ("0.1", "1.0"))
    assert v10.vastgesteld and v10.besluit_op.isoformat() == "2026-11-30"
    assert not v01.vastgesteld

    sinds_10 = versies.vergelijk_versies(v10, None, demo, met_leden=True)
    assert als_tuples(sinds_10) == {
        "4. Realisatiedetails": {
            "toegevoegd": [
                "risico van B1: “Klantpanel krimpt”",
                "meetmoment van B1, 15-11-2026",
            ],
            "verwijderd": [],
            "gewijzigd": [],
        }
    }
    van_01_naar_10 = versies.vergelijk_versies(v01, v10, demo, met_leden=True)
    assert als_tuples(van_01_naar_10) == {
        "Kop": {
            "toegevoegd": [],
            "verwijderd": [],
            "gewijzigd": [
                (
                    "de kop van het plan",
                    [("versie", "0.1", "1.0"), ("opsteller", opsteller, "PMO Klant in Beeld")],
                )
            ],
        }
    }

    # The same on the page a sponsor reads.
    pagina = tekst(pm.get(reverse("vergelijking", args=[SLUG]) + f"?oud={v01.pk}&nieuw={v10.pk}"))
    assert "Van versie 0.1 naar versie 1.0: 1 wijziging." in pagina
    assert f"opsteller: {opsteller} → PMO Klant in Beeld" in pagina
    pagina = tekst(pm.get(reverse("vergelijking", args=[SLUG]) + f"?oud={v10.pk}&nieuw=nu"))
    assert "Van versie 1.0 naar het plan nu: 2 wijzigingen." in pagina
    assert "meetmoment van B1, 15-11-2026" in pagina


def test_a_field_change_reads_old_to_new_in_dutch(pm, demo):
    vaststellen(pm, "0.1")
    b2 = demo.baten.get(nummer=2)
    Baat.objects.filter(pk=b2.pk).update(prioriteit="midden")
    Meetmoment.objects.filter(baat=b2, datum_tekst="juni 2026").update(meting_tekst="NPS +9")
    v = Planversie.objects.get(nummer="0.1")
    secties = als_tuples(versies.vergelijk_versies(v, None, demo, met_leden=True))
    (baat,) = secties["1. Baten overzicht"]["gewijzigd"]
    assert baat[1][0][0] == "prioriteit" and baat[1][0][2] == "Midden"
    (meting,) = secties["4. Realisatiedetails"]["gewijzigd"]
    assert meting[0] == "meetmoment van B2, juni 2026"
    assert meting[1][0][0] == "meting" and meting[1][0][2] == "NPS +9"


def test_a_new_doel_and_a_changed_domein_show_in_the_comparison(pm, demo):
    vaststellen(pm, "0.1")
    b1 = demo.baten.get(nummer=1)
    doel = Doel.objects.create(programma=demo, nummer=9, naam="Wendbare organisatie")
    doel.baten.add(b1)
    vermogen = Vermogen.objects.filter(baten=b1).order_by("pk").first()
    oud = vermogen.get_domein_display() or "–"
    nieuw = Domein.CULTUUR if vermogen.domein != Domein.CULTUUR else Domein.MENS
    Vermogen.objects.filter(pk=vermogen.pk).update(domein=nieuw)
    v = Planversie.objects.get(nummer="0.1")
    secties = als_tuples(versies.vergelijk_versies(v, None, demo, met_leden=True))
    assert secties["Doelen"]["toegevoegd"] == ["doel D9 Wendbare organisatie"]
    ((wat, velden),) = secties["4. Realisatiedetails"]["gewijzigd"]
    assert wat.startswith("vermogen “")
    assert velden == [("domein", oud, Domein(nieuw).label)]
    assert list(secties) == ["Doelen", "4. Realisatiedetails"]


def test_the_header_says_the_version_and_whether_the_plan_changed_since(pm, demo):
    assert "vastgesteld op" not in tekst(pm.get(reverse("plan", args=[SLUG])))
    vaststellen(pm, "1.0", vastgesteld=True)
    kop = tekst(pm.get(reverse("plan", args=[SLUG])))
    assert "versie 1.0, vastgesteld op 30 nov. 2026" in kop
    assert "sindsdien gewijzigd" not in kop
    assert Programma.objects.get(pk=demo.pk).versie == "1.0"  # the header's Versie too
    nieuwe_meting(pm)
    kop = tekst(pm.get(reverse("plan", args=[SLUG])))
    assert "versie 1.0, vastgesteld op 30 nov. 2026; sindsdien gewijzigd" in kop


def test_the_first_number_continues_from_the_plans_own_versie(demo):
    assert demo.versie == "1.2"
    assert versies.voorstel(demo) == versies.Voorstel("1.3", "2.0")
    for versie, voorstel in (
        ("0.3 (concept)", ("0.4", "1.0")),
        ("v2.1", ("2.2", "3.0")),
        ("C0.2", ("C0.3", "D1.0")),
        ("", ("0.1", "1.0")),
        ("concept", ("0.1", "1.0")),
    ):
        Programma.objects.filter(pk=demo.pk).update(versie=versie)
        demo.refresh_from_db()
        assert versies.voorstel(demo) == versies.Voorstel(*voorstel), versie


def test_the_next_number_is_proposed_from_the_last(pm, demo):
    Programma.objects.filter(pk=demo.pk).update(versie="")
    demo.refresh_from_db()
    assert versies.voorstel(demo) == versies.Voorstel("0.1", "1.0")
    vaststellen(pm, "0.1")
    assert versies.voorstel(demo) == versies.Voorstel("0.2", "1.0")
    vaststellen(pm, "1.0", vastgesteld=True)
    assert versies.voorstel(demo) == versies.Voorstel("1.1", "2.0")
    vaststellen(pm, "C1.1")
    assert versies.voorstel(demo) == versies.Voorstel("C1.2", "D2.0")


def test_an_empty_number_takes_the_one_proposed_for_the_kind_chosen(pm, demo):
    assert vaststellen(pm, "").status_code == 302
    assert vaststellen(pm, "", vastgesteld=True).status_code == 302
    assert vaststellen(pm, "").status_code == 302
    nummers = Planversie.objects.order_by("op").values_list("nummer", "vastgesteld")
    # The demo's plan says versie 1.2: the count goes on from there.
    assert list(nummers) == [("1.3", False), ("2.0", True), ("2.1", False)]


def test_a_taken_number_or_an_adoption_without_its_date_is_refused_in_dutch(pm, demo):
    vaststellen(pm, "0.1")
    response = vaststellen(pm, "0.1")
    assert response.status_code == 422
    assert "Versie 0.1 bestaat al." in tekst(response)
    response = vaststellen(pm, "1.0", vastgesteld=True, besluit_op="")
    assert response.status_code == 422
    assert "Vul de datum in waarop de sponsorgroep besloot." in tekst(response)
    response = vaststellen(pm, "1.0", vastgesteld=True, besluit_op="ergens in de winter")
    assert "Onbekende datum" in tekst(response)
    assert list(Planversie.objects.values_list("nummer", flat=True)) == ["0.1"]


def test_an_adopted_version_never_changes(pm, demo):
    vaststellen(pm, "0.1")
    versie = Planversie.objects.get()
    versie.notitie = "anders"
    with pytest.raises(Exception, match="verandert niet meer"):
        versie.save()


# ---------------------------------------------------------------------------------------
# A version as it was


def test_a_versions_exports_are_byte_stable_and_not_the_live_plan(pm, demo):
    vaststellen(pm, "1.0", vastgesteld=True)
    versie = Planversie.objects.get()
    urls = {s: reverse("versie_export", args=[SLUG, versie.pk, s]) for s in versies.SOORTEN}
    eerst = {s: pm.get(url).content for s, url in urls.items()}
    assert eerst["pdf"].startswith(b"%PDF") and eerst["xlsx"].startswith(b"PK")
    assert b"Consistente klantbeleving" in eerst["md"]
    # Later, on another day, after the live plan changed: the same bytes.
    wijzig_opsteller(pm, "PMO Klant in Beeld")
    nieuwe_meting(pm)
    with time_machine.travel(timezone.now() + timedelta(days=3, hours=5), tick=False):
        als(pm, PM)
        later = {s: pm.get(url).content for s, url in urls.items()}
    for soort in urls:
        assert later[soort] == eerst[soort], soort
    assert b"PMO Klant in Beeld" not in eerst["md"]
    assert "PMO Klant in Beeld" in exporteer_markdown(Programma.objects.get(pk=demo.pk))
    # Nothing of the version's temporary programme stays.
    assert list(Programma.objects.values_list("slug", flat=True)) == [SLUG]


def pdf_tekst(client: Client, versie: Planversie) -> str:
    from io import BytesIO

    from pypdf import PdfReader

    pdf = client.get(reverse("versie_export", args=[SLUG, versie.pk, "pdf"])).content
    return " ".join(
        " ".join((p.extract_text() or "").split()) for p in PdfReader(BytesIO(pdf)).pages
    )


def test_the_pdf_of_a_version_lists_the_changes_since_the_adopted_version_before_it(pm, demo):
    vaststellen(pm, "0.1")
    wijzig_opsteller(pm, "PMO Klant in Beeld")
    vaststellen(pm, "1.0", vastgesteld=True)
    vaststellen(pm, "1.1")
    wijzig_opsteller(pm, "Programmabureau")
    vaststellen(pm, "1.2")
    # Before the first adoption: since the concept before it.
    tekst_10 = pdf_tekst(pm, Planversie.objects.get(nummer="1.0"))
    assert "Wijzigingen sinds versie 0.1" in tekst_10
    assert "PMO Klant in Beeld" in tekst_10
    # After it: since the adopted version, past the concepts in between.
    tekst_12 = pdf_tekst(pm, Planversie.objects.get(nummer="1.2"))
    assert "Wijzigingen sinds versie 1.0" in tekst_12
    assert "opsteller: PMO Klant in Beeld → Programmabureau" in tekst_12


def test_a_version_reads_as_the_plan_page_read_only(pm, demo):
    vaststellen(pm, "0.1")
    wijzig_opsteller(pm, "PMO Klant in Beeld")
    versie = Planversie.objects.get()
    response = pm.get(reverse("versie_bekijken", args=[SLUG, versie.pk]))
    pagina = tekst(response)
    assert response.status_code == 200
    assert "U bekijkt versie 0.1" in pagina
    assert demo.opsteller in pagina and "PMO Klant in Beeld" not in pagina
    assert "Wijzigen" not in pagina  # read-only
    assert f"/p/{SLUG}/baten/1/" in response.content.decode()
    # Its downloads are the version's files, not the live plan's.
    assert reverse("versie_export", args=[SLUG, versie.pk, "md"]) in response.content.decode()
    assert reverse("exporteren", args=[SLUG, "md"]) not in response.content.decode()
    assert versies.tijdelijke_slug(versie) not in response.content.decode()


# ---------------------------------------------------------------------------------------
# Restoring


def test_restoring_a_version_previews_then_makes_it_the_live_plan(pm, demo):
    vaststellen(pm, "0.1")
    wijzig_opsteller(pm, "PMO Klant in Beeld")
    nieuwe_meting(pm)
    versie = Planversie.objects.get()
    url = reverse("versie_terugzetten", args=[SLUG, versie.pk])
    voorbeeld = pm.get(url)
    pagina = tekst(voorbeeld)
    assert "Van het plan nu naar versie 0.1: 2 wijzigingen." in pagina
    assert "meetmoment van B1, 15-11-2026" in pagina
    assert Programma.objects.get(pk=demo.pk).opsteller == "PMO Klant in Beeld"  # not yet
    afdruk = voorbeeld.context["vingerafdruk"]
    response = pm.post(url, {"vingerafdruk": afdruk})
    assert response.status_code == 302
    assert versies.vergelijk_versies(versie, None, demo, met_leden=True).aantal == 0
    assert Programma.objects.get(pk=demo.pk).opsteller == demo.opsteller
    set_ = Wijzigingsset.objects.get(oorsprong="versie 0.1 teruggezet")
    assert set_.door.username == PM
    assert Meetmoment.history.filter(wijzigingsset=set_, history_type="-").count() == 1


def test_a_restore_confirmed_after_another_change_shows_a_fresh_preview(pm, demo):
    vaststellen(pm, "0.1")
    wijzig_opsteller(pm, "PMO Klant in Beeld")
    versie = Planversie.objects.get()
    url = reverse("versie_terugzetten", args=[SLUG, versie.pk])
    afdruk = pm.get(url).context["vingerafdruk"]
    nieuwe_meting(pm)  # someone else, meanwhile
    response = pm.post(url, {"vingerafdruk": afdruk})
    assert response.status_code == 409
    assert Programma.objects.get(pk=demo.pk).opsteller == "PMO Klant in Beeld"


# ---------------------------------------------------------------------------------------
# History


def sets(oorsprong: str) -> list[Wijzigingsset]:
    return list(Wijzigingsset.objects.filter(oorsprong=oorsprong))


def test_every_kind_of_write_leaves_history_rows_with_who_and_how(pm, demo):
    b1 = demo.baten.get(nummer=1)
    # A form.
    wijzig_opsteller(pm, "PMO Klant in Beeld")
    (formulier,) = sets("formulier")
    rij = Programma.history.get(wijzigingsset=formulier)
    assert rij.opsteller == "PMO Klant in Beeld" and rij.history_user.username == PM
    # A quick meting.
    nieuwe_meting(pm)
    (snel,) = sets("meting (snelinvoer)")
    assert Meetmoment.history.get(wijzigingsset=snel).meting_tekst == "7,3"
    # An import, in bulk.
    md = exporteer_markdown(demo).replace("Klantpanel 2025", "Klantpanel 2025 (herzien)")
    url = reverse("importeren", args=[SLUG])
    upload = SimpleUploadedFile("plan.md", md.encode(), content_type="text/markdown")
    assert pm.post(url, {"bestand": upload}).status_code == 200
    assert pm.post(url, {"bevestig": "1"}).status_code == 302
    (ingelezen,) = sets("import van plan.md")
    rij = Baat.history.get(wijzigingsset=ingelezen, id=b1.pk)
    assert rij.history_type == "~" and rij.nulmeting_bron == "Klantpanel 2025 (herzien)"
    assert ingelezen.door.username == PM and ingelezen.programma_id == demo.pk
    # The admin.
    beheerder = als(Client(), "beheerder")
    risico = Risico.objects.filter(baat=b1).first()
    admin_url = reverse("admin:programmas_risico_delete", args=[risico.pk])
    assert beheerder.post(admin_url, {"post": "yes"}).status_code == 302
    (beheer,) = sets("beheer (admin)")
    assert Risico.history.get(wijzigingsset=beheer).history_type == "-"
    assert beheer.door.username == "beheerder"
    # A restore.
    vaststellen(pm, "0.1")
    versie = Planversie.objects.get()
    nieuwe_meting(pm, datum="20-11-2026", meting="7,4")
    terug = reverse("versie_terugzetten", args=[SLUG, versie.pk])
    pm.post(terug, {"vingerafdruk": pm.get(terug).context["vingerafdruk"]})
    (hersteld,) = sets("versie 0.1 teruggezet")
    assert Meetmoment.history.filter(wijzigingsset=hersteld, history_type="-").exists()


def test_the_import_preview_leaves_no_history(pm, demo):
    voor = Wijzigingsset.objects.count()
    upload = SimpleUploadedFile("plan.md", exporteer_markdown(demo).encode())
    pm.post(reverse("importeren", args=[SLUG]), {"bestand": upload})
    assert Wijzigingsset.objects.count() == voor


def test_the_baat_page_and_the_log_show_who_changed_what(pm, demo):
    nieuwe_meting(pm)
    wijzig_opsteller(pm, "PMO Klant in Beeld")
    baat = tekst(pm.get(reverse("baat_geschiedenis", args=[SLUG, 1]), HTTP_HX_REQUEST="true"))
    assert "Petra Mulder · meting (snelinvoer) meetmoment: B1 15-11-2026 toegevoegd" in baat
    assert "meting: 7,3" in baat
    assert "PMO Klant in Beeld" not in baat  # the header is not this baat's
    log = tekst(pm.get(reverse("geschiedenis", args=[SLUG])))
    assert "opsteller:" in log and "PMO Klant in Beeld" in log and "7,3" in log
    alleen_kop = tekst(
        pm.get(reverse("geschiedenis", args=[SLUG]), {"sectie": "Kop en toelichtingen"})
    )
    assert "PMO Klant in Beeld" in alleen_kop and "7,3" not in alleen_kop
    pm_id = get_user_model().objects.get(username=PM).pk
    sponsor_id = get_user_model().objects.get(username="sponsor").pk
    assert "7,3" in tekst(pm.get(reverse("geschiedenis", args=[SLUG]), {"door": pm_id}))
    assert "7,3" not in tekst(pm.get(reverse("geschiedenis", args=[SLUG]), {"door": sponsor_id}))
    morgen = (timezone.localdate() + timedelta(days=1)).strftime("%d-%m-%Y")
    assert "7,3" not in tekst(pm.get(reverse("geschiedenis", args=[SLUG]), {"van": morgen}))
    vandaag = timezone.localdate().strftime("%d-%m-%Y")
    assert "7,3" in tekst(
        pm.get(reverse("geschiedenis", args=[SLUG]), {"van": vandaag, "tot": vandaag})
    )


def test_writes_outside_the_app_are_recorded_too(demo):
    b1 = demo.baten.get(nummer=1)
    b1.naam = "Consistente klantbeleving overal"
    b1.save()
    rij = Baat.history.filter(id=b1.pk).latest("history_date")
    assert rij.naam == "Consistente klantbeleving overal"
    assert rij.wijzigingsset.oorsprong == "buiten de app (opdrachtregel)"
    assert rij.wijzigingsset.programma_id == demo.pk
    assert geschiedenis.regels(demo.pk, met_leden=True, modellen=[Baat])[0].velden == [
        ("baat", "Consistente klantbeleving", "Consistente klantbeleving overal")
    ]


def test_a_delete_and_its_undo_from_the_prullenbak_are_in_the_history(pm, demo):
    risico = Risico.objects.filter(baat__programma=demo, baat__nummer=1).first()
    url = reverse("rij_verwijderen", args=[SLUG, "risico", risico.pk])
    assert pm.post(url).status_code == 302
    assert Risico.history.filter(id=risico.pk, history_type="-").exists()
    item = demo.prullenbak.get()
    terug = reverse("prullenbak_herstellen", args=[SLUG, item.pk])
    assert pm.post(terug, {"volgende": "prullenbak"}).status_code == 302
    (teruggezet,) = sets("ongedaan gemaakt uit de prullenbak")
    rij = Risico.history.get(wijzigingsset=teruggezet)
    assert rij.history_type == "+" and rij.omschrijving == risico.omschrijving


def test_a_version_todays_rules_refuse_is_said_in_dutch_and_its_json_still_downloads(pm, demo):
    vaststellen(pm, "0.1")
    versie = Planversie.objects.get()
    # A document the import refuses (as after a change of the rules since it was adopted).
    document = versie.document.replace('"nummer": 1,', '"nummer": 0,', 1)
    Planversie.objects.filter(pk=versie.pk).update(document=document)
    response = pm.get(reverse("versie_bekijken", args=[SLUG, versie.pk]), follow=True)
    assert "Versie 0.1 kan niet als plan worden getoond" in tekst(response)
    json_url = reverse("versie_export", args=[SLUG, versie.pk, "json"])
    assert pm.get(json_url).content == document.encode()


# ---------------------------------------------------------------------------------------
# Who sees the members: only the programme manager, in the history and comparisons too


def nieuw_lid(demo: Programma, make_user, username: str) -> Lidmaatschap:
    return Lidmaatschap.objects.create(
        programma=demo, user=make_user(username), rol=Rol.SPONSORGROEP
    )


def test_the_history_shows_the_member_list_only_to_the_programme_manager(pm, demo, make_user):
    nieuw_lid(demo, make_user, "nalid")
    url = reverse("geschiedenis", args=[SLUG])
    assert "nalid" in tekst(pm.get(url))
    for wie in ("sponsor", "eigenaar"):
        lezer = als(Client(), wie)
        assert "nalid" not in tekst(lezer.get(url)), wie
        assert "nalid" not in tekst(lezer.get(url, {"sectie": "Leden"})), wie
        assert ">Leden</option>" not in lezer.get(url).content.decode(), wie
    assert ">Leden</option>" in pm.get(url).content.decode()


def test_a_comparison_names_members_and_who_measured_only_to_the_programme_manager(
    pm, demo, make_user
):
    vaststellen(pm, "0.1")
    nieuw_lid(demo, make_user, "nalid")
    nieuwe_meting(pm)
    gemeten = Meetmoment.objects.filter(baat__programma=demo).exclude(meting_tekst="").first()
    Meetmoment.objects.filter(pk=gemeten.pk).update(
        gemeten_door=get_user_model().objects.get(username="nalid")
    )
    versie = Planversie.objects.get()
    url = reverse("vergelijking", args=[SLUG]) + f"?oud={versie.pk}&nieuw=nu"
    voor_pm = tekst(pm.get(url))
    assert "lid nalid" in voor_pm and "gemeten door" in voor_pm
    voor_sponsor = tekst(als(Client(), "sponsor").get(url))
    assert "meetmoment van B1, 15-11-2026" in voor_sponsor
    assert "nalid" not in voor_sponsor and "gemeten door" not in voor_sponsor
    assert "Van versie 0.1 naar het plan nu: 1 wijziging." in voor_sponsor


def test_restoring_a_version_leaves_the_members_as_they_are_now(pm, demo, make_user):
    vertrokken = nieuw_lid(demo, make_user, "vertrokken")
    vaststellen(pm, "0.1")
    vertrokken.delete()  # access taken away after the version
    nieuw_lid(demo, make_user, "nalid")  # and given to someone new
    versie = Planversie.objects.get()
    url = reverse("versie_terugzetten", args=[SLUG, versie.pk])
    voorbeeld = pm.get(url)
    assert "nalid" not in tekst(voorbeeld) and "vertrokken" not in tekst(voorbeeld)
    assert pm.post(url, {"vingerafdruk": voorbeeld.context["vingerafdruk"]}).status_code == 302
    leden = set(demo.lidmaatschappen.values_list("user__username", flat=True))
    assert "nalid" in leden and "vertrokken" not in leden
