"""Deleting a plan row says what goes with it and can be undone, exactly (issue 14, 10)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from programmas import prullenbak, uitwisseling
from programmas.demo import SLUG
from programmas.keuzes import Kans, Rol
from programmas.middleware import TAAL_SESSIE
from programmas.models import (
    Afhankelijkheid,
    AfhankelijkheidVan,
    Baat,
    Escalatie,
    Lidmaatschap,
    Meetmoment,
    Programma,
    Prullenbak,
    Risico,
    RoadmapFase,
)
from tests.helpers import baat, ingelogd, tekst

PLAN = f"/p/{SLUG}/"


def plan_als_json() -> str:
    """The whole programme as its JSON export, without the moment of export."""
    programma = Programma.objects.get(slug=SLUG)
    return re.sub(r'"geexporteerd_op": "[^"]*"', "", uitwisseling.exporteer_json(programma))


def sleutels(b: Baat) -> dict[str, set[int]]:
    return {
        "meetmomenten": set(b.meetmomenten.values_list("pk", flat=True)),
        "risicos": set(b.risicos.values_list("pk", flat=True)),
        "cyclusdoelen": set(b.cyclusdoelen.values_list("pk", flat=True)),
        "vermogens": set(b.vermogens.values_list("pk", flat=True)),
    }


def in_het_engels(client) -> None:
    """The person chose English (as the switch in the bar does: in their session)."""
    sessie = client.session
    sessie[TAAL_SESSIE] = "en"
    sessie.save()


def herstel_url(item: Prullenbak) -> str:
    return f"{PLAN}prullenbak/{item.pk}/terugzetten/"


def test_the_confirmation_counts_what_goes_with_the_baat(pm):
    b2 = baat(2)
    metingen = b2.meetmomenten.exclude(meting_tekst="").count()
    risicos = b2.risicos.count()
    vraag = pm.get(f"{PLAN}baat/{b2.pk}/verwijderen/", HTTP_HX_REQUEST="true")
    html = tekst(vraag)
    assert f"Het gaat weg met {metingen} metingen," in html
    assert f"{risicos} risico's" in html
    assert "3 cyclusdoelen" in html and "roadmapfasen" in html
    assert "ongedaan maken" in html
    assert Baat.objects.filter(pk=b2.pk).exists()


def test_gevolgen_of_a_row_without_children_is_empty(demo):
    risico = Risico.objects.filter(baat__programma=demo).first()
    assert prullenbak.gevolgen(risico) == ""


def test_a_deleted_baat_comes_back_exactly_with_its_metingen_and_links(pm):
    b2 = baat(2)
    voor, pks = plan_als_json(), sleutels(b2)
    assert pks["meetmomenten"] and pks["vermogens"]

    weg = pm.post(
        f"{PLAN}baat/{b2.pk}/verwijderen/", {"terug": "plan#baten"}, HTTP_HX_REQUEST="true"
    )
    assert weg.status_code == 200
    html = tekst(weg)
    assert 'id="melding" aria-live="polite" hx-swap-oob="true"' in html
    assert "“B2 Hogere klanttevredenheid” is verwijderd, met 2 metingen" in html
    assert "Ongedaan maken" in html
    assert not Baat.objects.filter(pk=b2.pk).exists()
    assert not Meetmoment.objects.filter(pk__in=pks["meetmomenten"]).exists()
    item = Prullenbak.objects.get()

    terug = pm.post(herstel_url(item), {"terug": "plan#baten"}, HTTP_HX_REQUEST="true")
    assert terug.status_code == 200
    assert terug["HX-Retarget"] == "#sectie-baten"
    assert "is teruggezet" in tekst(terug)
    assert "B2 Hogere klanttevredenheid" in tekst(terug)
    assert plan_als_json() == voor
    assert Baat.objects.filter(pk=b2.pk).exists()
    assert sleutels(Baat.objects.get(pk=b2.pk)) == pks
    assert not Prullenbak.objects.exists()


def test_without_htmx_the_delete_says_so_and_the_pm_undoes_it_on_the_prullenbak_page(pm):
    b6 = baat(6)
    weg = pm.post(f"{PLAN}baat/{b6.pk}/verwijderen/", {"terug": "plan#baten"}, follow=True)
    html = tekst(weg)
    assert "“B6 Outside-in cultuur” is verwijderd, met 1 meting" in html
    assert f'href="{PLAN}prullenbak/"' in html

    lijst = tekst(pm.get(f"{PLAN}prullenbak/"))
    assert "B6 Outside-in cultuur" in lijst and "met 1 meting" in lijst
    item = Prullenbak.objects.get()
    terug = pm.post(herstel_url(item), {"volgende": "prullenbak"}, follow=True)
    assert "“B6 Outside-in cultuur” is teruggezet." in tekst(terug)
    assert "De prullenbak is leeg." in tekst(terug)
    assert Baat.objects.filter(pk=b6.pk, naam="Outside-in cultuur").exists()


def test_undo_refuses_in_words_when_the_number_was_taken_since(pm):
    b6 = baat(6)
    pm.post(f"{PLAN}baat/{b6.pk}/verwijderen/", {"terug": "plan#baten"})
    Baat.objects.create(programma=b6.programma, nummer=6, naam="Nieuwe B6 [vul in]")
    voor = plan_als_json()
    item = Prullenbak.objects.get()

    antwoord = pm.post(herstel_url(item), {"terug": "plan#baten"}, HTTP_HX_REQUEST="true")
    assert antwoord.status_code == 422
    assert antwoord["HX-Retarget"] == "#melding"
    assert "Terugzetten kan niet" in tekst(antwoord)
    assert plan_als_json() == voor
    assert Prullenbak.objects.filter(pk=item.pk).exists()


def test_rows_whose_key_was_taken_come_back_under_a_new_one_with_their_links(pm):
    b2 = baat(2)
    meting = b2.meetmomenten.exclude(meting_tekst="").order_by("pk").first()
    aantal = b2.meetmomenten.count()
    pm.post(f"{PLAN}baat/{b2.pk}/verwijderen/", {"terug": "plan#baten"})
    # Another row took the meting's key in the meantime (as a restored backup might).
    Meetmoment.objects.create(pk=meting.pk, baat=baat(1), datum_tekst="maart 2027")

    pm.post(herstel_url(Prullenbak.objects.get()), {"terug": "plan#baten"})
    terug = Baat.objects.get(pk=b2.pk)
    assert terug.meetmomenten.count() == aantal
    assert terug.meetmomenten.filter(meting_tekst=meting.meting_tekst).exists()
    assert Meetmoment.objects.get(pk=meting.pk).baat == baat(1)


def test_a_baateigenaar_undoes_their_own_risk_delete_but_not_someone_elses(
    demo, make_lid, make_user
):
    make_lid(demo, Rol.BAATEIGENAAR, "ander")
    make_user("buitenstaander")
    eigenaar, ander, sponsor = ingelogd("eigenaar"), ingelogd("ander"), ingelogd("sponsor")
    risico = Risico.objects.get(baat=baat(1))
    weg = eigenaar.post(
        f"{PLAN}risico/{risico.pk}/verwijderen/",
        {"terug": "baat-1#risicos"},
        HTTP_HX_REQUEST="true",
    )
    assert "Ongedaan maken" in tekst(weg)
    item = Prullenbak.objects.get()
    for vreemde in (ander, sponsor):
        assert vreemde.post(herstel_url(item), {"terug": "baat-1#risicos"}).status_code == 403
        assert "Sectoren blijven" not in tekst(vreemde.get(f"{PLAN}prullenbak/"))
    assert ingelogd("buitenstaander").post(herstel_url(item)).status_code == 404

    assert "Sectoren blijven" in tekst(eigenaar.get(f"{PLAN}prullenbak/"))
    terug = eigenaar.post(herstel_url(item), {"terug": "baat-1#risicos"})
    assert terug.status_code == 302
    assert Risico.objects.filter(pk=risico.pk, kans=risico.kans).exists()


def test_an_undone_membership_comes_back_with_its_role(pm):
    lid = Lidmaatschap.objects.get(programma__slug=SLUG, user__username="sponsor")
    pm.post(f"{PLAN}lid/{lid.pk}/verwijderen/", {"terug": "leden#leden"})
    assert not Lidmaatschap.objects.filter(pk=lid.pk).exists()
    pm.post(herstel_url(Prullenbak.objects.get()), {"terug": "leden#leden"})
    assert Lidmaatschap.objects.get(pk=lid.pk).rol == Rol.SPONSORGROEP


def test_a_prullenbak_item_of_another_programme_is_not_found(pm, make_programma, make_user):
    ander = make_programma(naam="Ander programma")
    b = Baat.objects.create(programma=ander, nummer=1, naam="Elders")
    Risico.objects.create(baat=b, omschrijving="Elders (risico)", kans=Kans.LAAG, impact=Kans.LAAG)
    item = prullenbak.verwijder(b, programma=ander, soort="baat", door=None)
    assert pm.post(herstel_url(item)).status_code == 404
    assert Baat.objects.filter(programma=ander).count() == 0


def test_items_older_than_the_retention_period_go_when_a_new_delete_comes_in(pm):
    pm.post(f"{PLAN}baat/{baat(6).pk}/verwijderen/", {"terug": "plan#baten"})
    oud = Prullenbak.objects.get()
    Prullenbak.objects.filter(pk=oud.pk).update(
        verwijderd_op=oud.verwijderd_op - prullenbak.BEWAARTERMIJN - timedelta(days=1)
    )
    pm.post(f"{PLAN}baat/{baat(5).pk}/verwijderen/", {"terug": "plan#baten"})
    assert list(Prullenbak.objects.values_list("omschrijving", flat=True)) == [
        "B5 Sterkere klantrelaties"
    ]


def test_undo_refuses_a_dependency_that_now_closes_a_circle(pm):
    b1, b2 = baat(1), baat(2)
    Afhankelijkheid.objects.filter(baat__in=[b1, b2]).delete()
    eerst = Afhankelijkheid.objects.create(baat=b1, type="Planning (voorlopig)")
    eerst.zet_van([b2])
    item = prullenbak.verwijder(eerst, programma=b1.programma, soort="afhankelijkheid", door=None)
    later = Afhankelijkheid.objects.create(baat=b2, type="Planning")
    later.zet_van([b1])

    with pytest.raises(prullenbak.HerstelFout, match="kring van afhankelijkheden"):
        prullenbak.herstel(item)
    paren = set(
        AfhankelijkheidVan.objects.filter(afhankelijkheid__baat__in=[b1, b2]).values_list(
            "afhankelijke__nummer", "van__nummer"
        )
    )
    assert paren == {(2, 1)}
    assert Prullenbak.objects.filter(pk=item.pk).exists()


def test_undo_refuses_a_baat_whose_owner_is_now_sponsorgroep(pm):
    b = Baat.objects.filter(programma__slug=SLUG, eigenaar__isnull=False).exclude(
        eigenaar__username="pm"
    )[0]
    eigenaar = b.eigenaar
    pm.post(f"{PLAN}baat/{b.pk}/verwijderen/", {"terug": "plan#baten"})
    Lidmaatschap.objects.filter(programma=b.programma, user=eigenaar).update(rol=Rol.SPONSORGROEP)

    antwoord = pm.post(
        herstel_url(Prullenbak.objects.get()), {"terug": "plan#baten"}, HTTP_HX_REQUEST="true"
    )
    assert antwoord.status_code == 422
    assert "De baateigenaar moet lid zijn van het programma" in tekst(antwoord)
    assert not Baat.objects.filter(pk=b.pk).exists()


def test_undo_refuses_roadmap_cells_beyond_a_shortened_roadmap(pm):
    cel = RoadmapFase.objects.filter(baat__programma__slug=SLUG).order_by("-kwartaal")[0]
    b = cel.baat
    item = prullenbak.verwijder(b, programma=b.programma, soort="baat", door=None)
    programma = Programma.objects.get(slug=SLUG)
    RoadmapFase.objects.filter(baat__programma=programma, kwartaal__gte=cel.kwartaal).delete()
    programma.aantal_kwartalen = cel.kwartaal - 1
    programma.full_clean()
    programma.save()

    with pytest.raises(prullenbak.HerstelFout, match="valt erbuiten"):
        prullenbak.herstel(item)
    assert not RoadmapFase.objects.filter(
        baat__programma=programma, kwartaal__gt=programma.aantal_kwartalen
    ).exists()


def test_undo_says_the_number_clash_in_the_models_own_words(pm):
    b6 = baat(6)
    pm.post(f"{PLAN}baat/{b6.pk}/verwijderen/", {"terug": "plan#baten"})
    Baat.objects.create(programma=b6.programma, nummer=6, naam="Nieuwe B6 [vul in]")

    antwoord = pm.post(
        herstel_url(Prullenbak.objects.get()), {"terug": "plan#baten"}, HTTP_HX_REQUEST="true"
    )
    assert "B6 is al in gebruik voor \u201cNieuwe B6 [vul in]\u201d" in tekst(antwoord)
    assert "bestaat al" not in tekst(antwoord)


def test_toegang_says_who_may_change_and_restore_rows(demo):
    from programmas.toegang import Toegang

    def als(username: str) -> Toegang:
        return Toegang(demo, Lidmaatschap.objects.get(programma=demo, user__username=username))

    b1 = baat(1)
    eigenaar = als(b1.eigenaar.username)
    risico = b1.risicos.first()
    assert eigenaar.mag_wijzigen(Risico, risico)
    assert eigenaar.mag_wijzigen(Meetmoment, baat=b1)
    assert not eigenaar.mag_wijzigen(Baat, b1)
    assert not eigenaar.mag_wijzigen(RoadmapFase)
    andere = Baat.objects.filter(programma=demo).exclude(eigenaar=b1.eigenaar).first()
    assert not eigenaar.mag_wijzigen(Risico, baat=andere)
    sponsor = als(
        Lidmaatschap.objects.filter(programma=demo, rol=Rol.SPONSORGROEP)[0].user.username
    )
    assert not sponsor.mag_wijzigen(Risico, risico)

    item = prullenbak.verwijder(risico, programma=demo, soort="risico", door=b1.eigenaar)
    assert eigenaar.mag_herstellen(item)
    assert als("pm").mag_herstellen(item)
    assert not sponsor.mag_herstellen(item)


def test_in_english_the_delete_says_what_went_along_in_english_and_stores_it_in_dutch(pm):
    in_het_engels(pm)
    b2 = baat(2)
    vraag = tekst(pm.get(f"{PLAN}baat/{b2.pk}/verwijderen/", HTTP_HX_REQUEST="true"))
    assert "Are you sure you want to delete this baat?" in vraag
    assert "It is deleted with " in vraag and " links to other parts." in vraag

    weg = tekst(pm.post(f"{PLAN}baat/{b2.pk}/verwijderen/", {"terug": "plan#baten"}, follow=True))
    assert "“B2 Hogere klanttevredenheid” has been deleted, with " in weg
    # What is stored is the plan's language, Dutch, as every value of the plan.
    assert Prullenbak.objects.get().gevolgen.startswith("met ")


def test_an_undo_refused_in_english_says_why_in_english(pm):
    b6 = baat(6)
    pm.post(f"{PLAN}baat/{b6.pk}/verwijderen/", {"terug": "plan#baten"})
    Baat.objects.create(programma=b6.programma, nummer=6, naam="Nieuwe B6 [vul in]")
    in_het_engels(pm)
    item = Prullenbak.objects.get()
    antwoord = pm.post(herstel_url(item), {"terug": "plan#baten"}, HTTP_HX_REQUEST="true")
    assert antwoord.status_code == 422
    assert "It cannot be restored: " in tekst(antwoord)


def test_the_recycle_bin_tells_each_reader_in_their_language_what_was_deleted(pm):
    """Stored in Dutch, told again from the kept rows: an escalatie deleted in English is
    named in Dutch for a Dutch reader, and the other way round."""
    in_het_engels(pm)
    escalatie = Escalatie.objects.filter(automatisch=False).first()
    pm.post(f"{PLAN}escalatie/{escalatie.pk}/verwijderen/", {"terug": "plan#escalatie"})
    pm.post(f"{PLAN}baat/{baat(2).pk}/verwijderen/", {"terug": "plan#baten"})
    # Stored in Dutch, though deleted in English.
    assert Prullenbak.objects.get(soort="escalatie").omschrijving.startswith("Externe factor")
    engels = tekst(pm.get(f"{PLAN}prullenbak/"))
    assert "External factor" in engels and "with 2 metingen" in engels
    assert "met 2 metingen" not in engels
    sessie = pm.session
    sessie[TAAL_SESSIE] = "nl"
    sessie.save()
    nederlands_pagina = tekst(pm.get(f"{PLAN}prullenbak/"))
    assert "met 2 metingen" in nederlands_pagina and "External factor" not in nederlands_pagina


def test_the_recycle_bin_still_opens_when_a_deleted_rows_baat_went_after_it(pm):
    """A meetmoment's name reads its baat; once that baat is gone too, the bin names the
    meetmoment as it stored it instead of failing."""
    b1 = baat(1)
    meetmoment = Meetmoment.objects.filter(baat=b1).first()
    pm.post(f"{PLAN}meetmoment/{meetmoment.pk}/verwijderen/", {"terug": "plan#baten"})
    pm.post(f"{PLAN}baat/{b1.pk}/verwijderen/", {"terug": "plan#baten"})
    antwoord = pm.get(f"{PLAN}prullenbak/")
    assert antwoord.status_code == 200
    assert Prullenbak.objects.get(soort="meetmoment").omschrijving in tekst(antwoord)
