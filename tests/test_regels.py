"""One home per rule (issue 11: "Figures you can trust", issue 14 #4, #5, #7).

Every rule of the plan is the model's: clean() refuses with a field and a code, and every
writer (the page forms, the admin, the importer) goes through it. A date outside the roadmap
is a question in the form, a row stored earlier that breaks a rule does not block an
unrelated change, the revisie is raised by the model on every save and required by every
form, and the last programme manager is guarded by the model.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.forms.models import inlineformset_factory, model_to_dict
from django.test import Client, RequestFactory

from programmas import forms, opslaan
from programmas.admin import LedenFormSet, RegelAdminForm
from programmas.demo import SLUG
from programmas.keuzes import Kans, Parameter, Rol
from programmas.models import (
    Afhankelijkheid,
    AfhankelijkheidVan,
    Baat,
    Cyclus,
    CyclusDoel,
    Lidmaatschap,
    Meetmoment,
    Programma,
    Risico,
    RoadmapFase,
    Stuurparameter,
    Vermogen,
)
from programmas.toegang import Toegang
from tests.helpers import CONFLICT, baat, database, formulier_in, ingelogd, open_formulier, verstuur

VANDAAG = date(2026, 11, 29)
pytestmark = pytest.mark.vandaag(VANDAAG)
GEEN_REVISIE = "Dit formulier mist de versie waarop het gebaseerd is; er is niets opgeslagen."


def demo_programma() -> Programma:
    return Programma.objects.get(slug=SLUG)


def codes(obj: Any) -> dict[str, list[str]]:
    """The codes full_clean() refuses with, per field; {} when it accepts."""
    try:
        obj.full_clean()
    except ValidationError as fout:
        return {veld: [f.code for f in lijst] for veld, lijst in fout.error_dict.items()}
    return {}


@pytest.fixture
def plan(make_programma) -> Programma:
    """A roadmap of Q1 2026 - Q2 2027, as the demo's."""
    return make_programma(start_jaar=2026, start_kwartaal=1, aantal_kwartalen=6)


# ---------------------------------------------------------------------------------------
# Every rule on the model, with a field and a code


def test_a_baat_target_equal_to_its_nulmeting_is_refused_with_code_geen_doel(plan):
    b = Baat(programma=plan, nummer=1, naam="Klantbeleving", nulmeting_tekst="6,0 (2025)")
    b.target_tekst = "6"
    assert codes(b) == {"target_tekst": ["geen_doel"]}


def test_a_deadline_outside_the_roadmap_is_refused_with_code_buiten_roadmap(plan):
    b = Baat(programma=plan, nummer=1, naam="Klantbeleving", deadline_tekst="december 2027")
    assert codes(b) == {"deadline_tekst": ["buiten_roadmap"]}
    b.deadline_tekst = "juni 2027"
    assert codes(b) == {}


def test_the_dates_of_a_baat_are_read_and_in_order(plan):
    b = Baat(programma=plan, nummer=1, naam="Doorlooptijd", deadline_tekst="na de zomer")
    assert codes(b) == {"deadline_tekst": ["onbekende_datum"]}
    b.nulmeting_datum_tekst, b.deadline_tekst = "maart 2026", "januari 2026"
    assert codes(b) == {"deadline_tekst": ["deadline_voor_nulmeting"]}


def test_a_b_number_in_use_is_refused_on_the_model(plan, make_baat):
    make_baat(plan, nummer=1, naam="Klantbeleving")
    tweede = Baat(programma=plan, nummer=1, naam="Doorlooptijd")
    assert codes(tweede) == {"nummer": ["nummer_bezet"]}


def test_a_confirmed_warning_passes_and_nothing_else_does(plan, make_baat):
    make_baat(plan, nummer=1, naam="Klantbeleving")
    b = Baat(programma=plan, nummer=1, naam="NPS", nulmeting_tekst="NPS +12", target_tekst="12")
    b.deadline_tekst = "maart 2028"
    b.bevestigd = {"geen_doel", "buiten_roadmap", "nummer_bezet"}
    # Only warnings can be confirmed; a B-number in use stays a refusal.
    assert codes(b) == {"nummer": ["nummer_bezet"]}


def test_a_cycle_whose_doelniveau_equals_its_startniveau_is_allowed(plan, make_baat):
    cyclus = Cyclus.objects.create(programma=plan, nummer=1, periode="2026 H1")
    doel = CyclusDoel(cyclus=cyclus, baat=make_baat(plan), startniveau_tekst="6,0")
    doel.doelniveau_tekst = "6,0 (alleen meten)"
    assert codes(doel) == {}


def test_the_rules_of_cycles_and_their_targets(plan, make_baat, make_programma):
    cyclus = Cyclus.objects.create(programma=plan, nummer=1, periode="2026 H1")
    assert codes(Cyclus(programma=plan, nummer=1)) == {"nummer": ["nummer_bezet"]}
    assert codes(Cyclus(programma=plan, nummer=2, periode="na de zomer")) == {
        "periode": ["onbekende_periode"]
    }
    b1 = make_baat(plan)
    CyclusDoel.objects.create(cyclus=cyclus, baat=b1)
    assert codes(CyclusDoel(cyclus=cyclus, baat=b1)) == {"baat": ["dubbel"]}
    vreemd = make_baat(make_programma())
    assert codes(CyclusDoel(cyclus=cyclus, baat=vreemd)) == {"baat": ["ander_programma"]}
    laat = CyclusDoel(cyclus=cyclus, baat=make_baat(plan), meetmoment_tekst="december 2025")
    assert codes(laat) == {"meetmoment_tekst": ["buiten_roadmap"]}


def test_the_rules_of_a_meetmoment(plan, make_baat):
    b = make_baat(plan, nulmeting_tekst="NPS +12", target_tekst="NPS +20")
    assert codes(Meetmoment(baat=b, datum_tekst=" ")) == {"datum_tekst": ["datum_leeg"]}
    # A text meting on a numeric baat is allowed: it counts as kwalitatief.
    tekst = Meetmoment(baat=b, datum_tekst="september 2026", meting_tekst="Procesaudit gedaan")
    assert codes(tekst) == {}
    toekomst = Meetmoment(baat=b, datum_tekst="maart 2027", meting_tekst="NPS +15")
    assert codes(toekomst) == {"datum_tekst": ["meting_in_toekomst"]}
    # A planned meetmoment of a later month, measured today, keeps its planned date.
    vandaag = Meetmoment(baat=b, datum_tekst="december 2026", meetdatum_tekst="29-11-2026")
    vandaag.meting_tekst = "NPS +15"
    assert codes(vandaag) == {}
    vandaag.meetdatum_tekst = "15-12-2026"
    assert codes(vandaag) == {"meetdatum_tekst": ["meting_in_toekomst"]}
    buiten = Meetmoment(baat=b, datum_tekst="maart 2028", verwacht_niveau_tekst="NPS +20")
    assert codes(buiten) == {"datum_tekst": ["buiten_roadmap"]}


def test_a_stuurparameter_and_a_member_once_per_programme(plan, make_lid):
    Stuurparameter.objects.create(programma=plan, parameter=Parameter.TEMPO)
    assert codes(Stuurparameter(programma=plan, parameter=Parameter.TEMPO)) == {
        "parameter": ["dubbel"]
    }
    lid = make_lid(plan, Rol.BAATEIGENAAR, "erik")
    assert codes(Lidmaatschap(programma=plan, user=lid.user, rol=Rol.SPONSORGROEP)) == {
        "user": ["al_lid"]
    }


def test_a_roadmap_cannot_shrink_below_a_filled_quarter(plan, make_baat):
    RoadmapFase.objects.create(baat=make_baat(plan), kwartaal=5, fase="groei")
    plan = Programma.objects.get(pk=plan.pk)
    plan.aantal_kwartalen = 4
    assert codes(plan) == {"aantal_kwartalen": ["roadmap_gevuld"]}


def test_dependencies_stay_in_the_programme_and_make_no_circle(plan, make_baat, make_programma):
    b1, b2, b3 = make_baat(plan), make_baat(plan), make_baat(plan)
    Afhankelijkheid.objects.create(baat=b2).zet_van([b1])
    Afhankelijkheid.objects.create(baat=b3).zet_van([b2])
    nieuw = Afhankelijkheid(baat=b1)
    with pytest.raises(ValidationError) as fout:
        nieuw.controleer_van([b3])
    assert [f.code for f in fout.value.error_dict["van"]] == ["kring"]
    assert "B1 → B3 → B2 → B1" in fout.value.messages[0]
    for van, code in (([b1], "zichzelf"), ([make_baat(make_programma())], "ander_programma")):
        with pytest.raises(ValidationError) as fout:
            nieuw.controleer_van(van)
        assert [f.code for f in fout.value.error_dict["van"]] == [code]
    with pytest.raises(ValidationError) as fout:
        nieuw.controleer_van([], extern="")
    assert [f.code for f in fout.value.error_dict["van"]] == ["leeg"]
    nieuw.controleer_van([], extern="Landelijke wetgeving (2027)")


def test_a_capability_serves_only_baten_of_its_programme(plan, make_baat, make_programma):
    vermogen = Vermogen.objects.create(programma=plan, omschrijving="Eén klantbeeld")
    vermogen.controleer_koppelingen(baten=[make_baat(plan)])
    with pytest.raises(ValidationError) as fout:
        vermogen.controleer_koppelingen(baten=[make_baat(make_programma())])
    assert [f.code for f in fout.value.error_dict["baten"]] == ["ander_programma"]


# ---------------------------------------------------------------------------------------
# The last programme manager (issue 14 #5)


def test_the_model_refuses_a_role_change_or_removal_that_leaves_no_programme_manager(
    plan, make_lid
):
    lid = make_lid(plan, Rol.PROGRAMMAMANAGER, "petra")
    lid = Lidmaatschap.objects.get(pk=lid.pk)
    lid.rol = Rol.SPONSORGROEP
    assert codes(lid) == {"rol": ["geen_programmamanager"]}
    with pytest.raises(ValidationError) as fout:
        lid.controleer_verwijderen()
    assert fout.value.code == "geen_programmamanager"
    # With a second programme manager the first may step down.
    make_lid(plan, Rol.PROGRAMMAMANAGER, "paul")
    assert codes(lid) == {}
    lid.controleer_verwijderen()


def test_the_importer_can_ask_whether_a_programme_keeps_a_programme_manager(plan, make_lid):
    make_lid(plan, Rol.SPONSORGROEP, "sanne")
    with pytest.raises(ValidationError) as fout:
        plan.controleer_programmamanager()
    assert fout.value.code == "geen_programmamanager"
    make_lid(plan, Rol.PROGRAMMAMANAGER, "petra")
    plan.controleer_programmamanager()


def test_the_model_checks_a_change_of_several_members_before_it_is_made(plan, make_lid):
    petra = make_lid(plan, Rol.PROGRAMMAMANAGER, "petra")
    sanne = make_lid(plan, Rol.BAATEIGENAAR, "sanne")
    with pytest.raises(ValidationError):
        plan.controleer_programmamanager(weg=[petra.pk])
    with pytest.raises(ValidationError):
        plan.controleer_programmamanager(rollen={petra.pk: Rol.SPONSORGROEP})
    plan.controleer_programmamanager(
        rollen={petra.pk: Rol.SPONSORGROEP, sanne.pk: Rol.PROGRAMMAMANAGER}
    )
    plan.controleer_programmamanager(weg=[petra.pk], rollen={("nieuw", 0): Rol.PROGRAMMAMANAGER})


def test_the_admin_bulk_delete_keeps_a_programme_manager(beheerder):
    pms = Lidmaatschap.objects.filter(programma__slug=SLUG, rol=Rol.PROGRAMMAMANAGER)
    response = beheerder.post(
        "/beheer/programmas/lidmaatschap/",
        {
            "action": "delete_selected",
            "_selected_action": [str(pk) for pk in pms.values_list("pk", flat=True)],
            "post": "yes",
        },
        follow=True,
    )
    assert "houdt dan geen programmamanager over" in response.content.decode()
    assert pms.exists()


def test_the_admin_inline_of_members_keeps_a_programme_manager(demo):
    Leden = inlineformset_factory(
        Programma, Lidmaatschap, form=RegelAdminForm, formset=LedenFormSet, fields=["rol"]
    )
    leden = list(demo.lidmaatschappen.order_by("pk"))
    data: dict[str, Any] = {
        "lidmaatschappen-TOTAL_FORMS": str(len(leden)),
        "lidmaatschappen-INITIAL_FORMS": str(len(leden)),
    }
    for i, lid in enumerate(leden):
        data[f"lidmaatschappen-{i}-id"] = str(lid.pk)
        data[f"lidmaatschappen-{i}-rol"] = Rol.SPONSORGROEP if lid.rol == "pm" else lid.rol
        if lid.rol == Rol.PROGRAMMAMANAGER:
            data[f"lidmaatschappen-{i}-DELETE"] = "on"
    formset = Leden(data, instance=demo)
    assert not formset.is_valid()
    assert "geen programmamanager" in str(formset.non_form_errors())


def test_the_admin_refuses_to_change_or_delete_the_last_programme_manager(beheerder):
    lid = Lidmaatschap.objects.get(programma__slug=SLUG, user__username="pm")
    response = beheerder.post(
        f"/beheer/programmas/lidmaatschap/{lid.pk}/change/",
        {
            "programma": lid.programma_id,
            "user": lid.user_id,
            "rol": Rol.SPONSORGROEP,
            "revisie": lid.revisie,
        },
    )
    assert response.status_code == 200
    assert "Dit is de enige programmamanager" in response.content.decode()
    response = beheerder.post(
        f"/beheer/programmas/lidmaatschap/{lid.pk}/delete/", {"post": "yes"}, follow=True
    )
    assert "De laatste programmamanager kan niet weg" in response.content.decode()
    assert Lidmaatschap.objects.filter(pk=lid.pk, rol=Rol.PROGRAMMAMANAGER).exists()


def test_the_admin_still_deletes_a_whole_programme_with_its_members(beheerder, demo):
    response = beheerder.post(f"/beheer/programmas/programma/{demo.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Programma.objects.filter(pk=demo.pk).exists()


# ---------------------------------------------------------------------------------------
# The admin goes through the same rules


def admin_form(model: type, obj: Any, user: User, **wijzigingen: Any):
    model_admin = admin.site._registry[model]
    request = RequestFactory().post("/")
    request.user = user
    form_class = model_admin.get_form(request, obj)
    data = model_to_dict(obj) if obj is not None else {}
    data = {k: ([x.pk for x in v] if isinstance(v, list) else v) for k, v in data.items()}
    data["revisie"] = getattr(obj, "revisie", None)
    data.update(wijzigingen)
    data = {k: ("" if v is None else v) for k, v in data.items()}
    return form_class(data, instance=obj)


def test_the_admin_refuses_a_target_equal_to_the_nulmeting(demo):
    b1 = baat(1)
    form = admin_form(Baat, b1, User.objects.get(username="beheerder"), target_tekst="6,0")
    form.data["nulmeting_tekst"] = "6,0"
    assert not form.is_valid()
    assert [e.code for e in form.errors.as_data()["target_tekst"]] == ["geen_doel"]


def test_the_admin_refuses_a_link_that_closes_a_circle_of_dependencies(beheerder):
    b5, b6 = baat(5), baat(6)
    Afhankelijkheid.objects.filter(baat__in=[b5, b6]).delete()
    Afhankelijkheid.objects.create(baat=b6).zet_van([b5])
    b5_op = Afhankelijkheid.objects.create(baat=b5, extern="Aanbesteding CRM (Q3)")
    response = beheerder.post(
        "/beheer/programmas/afhankelijkheidvan/add/", {"afhankelijkheid": b5_op.pk, "van": b6.pk}
    )
    assert response.status_code == 200
    assert "kring van afhankelijkheden" in response.content.decode()
    assert not AfhankelijkheidVan.objects.filter(afhankelijkheid=b5_op).exists()


def eerste_risico() -> Risico:
    risico = Risico.objects.filter(baat__programma__slug=SLUG).order_by("pk").first()
    assert risico is not None
    return risico


def risico_herzien(risico: Risico) -> dict[str, Any]:
    """The admin's change form of `risico` with its omschrijving revised (no revisie)."""
    return {
        "baat": risico.baat_id,
        "omschrijving": "Sectoren houden vast aan eigen werkwijzen (herzien)",
        "kans": Kans.MIDDEN,
        "impact": Kans.HOOG,
        "mitigatie": "Klantbelofte in elk sectorplan",
        "volgorde": "0",
    }


def test_a_save_in_the_admin_raises_the_revisie_so_a_stale_page_form_is_refused(pm, beheerder):
    risico = eerste_risico()
    bij_pm = open_formulier(pm, f"/p/{SLUG}/risico/{risico.pk}/")
    voor = risico.revisie
    response = beheerder.post(
        f"/beheer/programmas/risico/{risico.pk}/change/",
        {**risico_herzien(risico), "revisie": risico.revisie},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Risico.objects.get(pk=risico.pk).revisie == voor + 1
    response = verstuur(pm, bij_pm, mitigatie="Maandelijks klantpanel")
    assert response.status_code == 422
    assert CONFLICT in response.content.decode()
    assert Risico.objects.get(pk=risico.pk).omschrijving.endswith("(herzien)")


def test_every_model_save_raises_the_revisie_in_the_database_also_from_stale_copies(demo):
    eerste, tweede = baat(1), baat(1)
    voor = eerste.revisie
    eerste.naam = "Consistente klantbeleving (herijkt)"
    eerste.save()
    tweede.toelichting = "Zie het klantpanel"
    tweede.save(update_fields=["toelichting"])
    assert (eerste.revisie, tweede.revisie) == (voor + 1, voor + 2)
    assert baat(1).revisie == voor + 2


# ---------------------------------------------------------------------------------------
# The revisie is required in every form (issue 14 #4)


@pytest.mark.parametrize("revisie", [None, "0", "", "twee"])
def test_a_form_posted_without_its_revisie_is_refused_and_saves_nothing(pm, revisie):
    formulier = open_formulier(pm, f"/p/{SLUG}/baat/{baat(1).pk}/")
    data = formulier.data(naam="Klantbeleving overal")
    if revisie is None:
        del data["revisie"]
    else:
        data["revisie"] = [revisie]
    voor = database()
    response = pm.post(formulier.actie, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    assert GEEN_REVISIE in response.content.decode()
    assert formulier_in(response).velden["naam"] == ["Klantbeleving overal"]
    assert database() == voor


def test_a_section_form_without_its_revisie_is_refused_too(pm):
    formulier = open_formulier(pm, f"/p/{SLUG}/sectie/kop/")
    data = formulier.data(thema="Sturen op baten")
    del data["revisie"]
    response = pm.post(formulier.actie, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    assert GEEN_REVISIE in response.content.decode()
    assert demo_programma().thema != "Sturen op baten"


def kop_gelezen(pm: Client) -> tuple[forms.SectieForm, Lidmaatschap]:
    """The header section's form as the pm's request reads it now, with a new thema typed,
    bound to the programme as loaded at this moment; and the pm's membership."""
    formulier = open_formulier(pm, f"/p/{SLUG}/sectie/kop/")
    gelezen = demo_programma()
    lid = Lidmaatschap.objects.get(programma=gelezen, user__username="pm")
    form = forms.SectieForm(
        {naam: waarden[0] for naam, waarden in formulier.data(thema="Sturen op baten").items()},
        instance=gelezen,
        toegang=Toegang(gelezen, lid),
        sectie="kop",
    )
    return form, lid


def test_two_sections_saved_at_the_same_moment_both_keep_their_change(pm, demo):
    """Paul's request read the programme just before Petra's save of another section was
    committed: his save clashes with nobody and must not be refused, nor undo hers."""
    form, lid = kop_gelezen(pm)  # what Paul's request loaded
    monitoring = open_formulier(pm, f"/p/{SLUG}/sectie/monitoring/")
    response = verstuur(
        pm, monitoring, toelichting_monitoring="Maandelijks in het programmaoverleg."
    )
    assert response.status_code == 200
    assert form.is_valid(), form.errors
    assert opslaan.bewaar(form, lid.user) is None, form.errors
    programma = demo_programma()
    assert programma.thema == "Sturen op baten"
    assert programma.toelichting_monitoring == "Maandelijks in het programmaoverleg."


def test_a_section_changed_by_someone_else_in_the_meantime_is_still_a_conflict(pm, demo):
    form, lid = kop_gelezen(pm)
    verstuur(pm, open_formulier(pm, f"/p/{SLUG}/sectie/kop/"), thema="Baten eerst")
    assert form.is_valid(), form.errors
    assert opslaan.bewaar(form, lid.user)
    assert demo_programma().thema == "Baten eerst"


# ---------------------------------------------------------------------------------------
# A row stored earlier that breaks a rule does not block an unrelated change (issue 11)


def test_a_new_bron_saves_although_the_stored_deadline_lies_before_the_nulmeting(pm):
    b1 = baat(1)
    # Stored by an older import, before the rule was on the model.
    Baat.objects.filter(pk=b1.pk).update(
        nulmeting_datum_tekst="maart 2026", deadline_tekst="januari 2026"
    )
    formulier = open_formulier(pm, f"/p/{SLUG}/baatdetails/{b1.pk}/?terug=baat-1%23kern")
    response = verstuur(pm, formulier, nulmeting_bron="Klantpanel (steekproef 2026)")
    assert response.status_code == 200, response.content.decode()[:3000]
    assert baat(1).nulmeting_bron == "Klantpanel (steekproef 2026)"
    # Touching the dates themselves still meets the rule.
    formulier = open_formulier(pm, f"/p/{SLUG}/baatdetails/{b1.pk}/?terug=baat-1%23kern")
    response = verstuur(pm, formulier, deadline_tekst="februari 2026")
    assert response.status_code == 422
    assert "De deadline ligt niet na de datum van de nulmeting." in response.content.decode()


def test_a_note_saves_on_a_meetmoment_stored_outside_the_roadmap_with_a_text_meting(pm):
    b2 = baat(2)
    meetmoment = Meetmoment.objects.create(
        baat=b2, datum_tekst="maart 2028", omschrijving="Procesaudit", meting_tekst="Procesaudit"
    )
    formulier = open_formulier(pm, f"/p/{SLUG}/meetmoment/{meetmoment.pk}/")
    response = verstuur(pm, formulier, toelichting="Na de audit bespreken [vul in]")
    assert response.status_code == 200, response.content.decode()[:3000]
    meetmoment.refresh_from_db()
    assert meetmoment.toelichting == "Na de audit bespreken [vul in]"


# ---------------------------------------------------------------------------------------
# Deletes by role (issue 14 #7): decided in toegang.Toegang


def test_a_baateigenaar_cannot_delete_a_planned_meetmoment_of_their_own_baat(demo):
    erik = ingelogd("eigenaar")
    meetmoment = baat(1).meetmomenten.order_by("pk").first()
    assert meetmoment is not None and baat(1).eigenaar.username == "eigenaar"
    url = f"/p/{SLUG}/meetmoment/{meetmoment.pk}/verwijderen/"
    assert erik.get(url).status_code == 403
    assert erik.post(url, {"terug": "plan#details"}).status_code == 403
    assert Meetmoment.objects.filter(pk=meetmoment.pk).exists()


def test_a_baateigenaar_removes_a_risk_of_their_own_baat_but_not_of_another(demo):
    erik = ingelogd("eigenaar")
    eigen = Risico.objects.create(baat=baat(1), omschrijving="Klantpanel krimpt")
    ander = Risico.objects.create(baat=baat(5), omschrijving="Budget onder druk")
    assert erik.post(f"/p/{SLUG}/risico/{ander.pk}/verwijderen/").status_code == 403
    assert erik.post(f"/p/{SLUG}/risico/{eigen.pk}/verwijderen/").status_code == 302
    assert not Risico.objects.filter(pk=eigen.pk).exists()
    assert Risico.objects.filter(pk=ander.pk).exists()


def test_toegang_decides_who_removes_which_row(demo):
    programma = demo_programma()
    leden = {lid.user.username: lid for lid in programma.lidmaatschappen.select_related("user")}
    meetmoment = baat(1).meetmomenten.first()
    risico = Risico.objects.create(baat=baat(1), omschrijving="Klantpanel krimpt")
    pm_, erik, sponsor = (Toegang(programma, leden[n]) for n in ("pm", "eigenaar", "sponsor"))
    assert pm_.mag_verwijderen(meetmoment) and pm_.mag_verwijderen(baat(1))
    assert erik.mag_verwijderen(risico)
    assert not erik.mag_verwijderen(meetmoment)
    assert not erik.mag_verwijderen(baat(1))
    assert not sponsor.mag_verwijderen(risico)


def test_a_stale_admin_page_does_not_overwrite_a_newer_page_edit(pm, beheerder):
    risico = eerste_risico()
    getoond = risico.revisie  # the admin page is opened here
    bij_pm = open_formulier(pm, f"/p/{SLUG}/risico/{risico.pk}/")
    assert verstuur(pm, bij_pm, mitigatie="Maandelijks klantpanel (vanaf mei)").status_code == 200
    velden = risico_herzien(risico)
    url = f"/beheer/programmas/risico/{risico.pk}/change/"
    oud = beheerder.post(url, {**velden, "revisie": getoond})
    assert oud.status_code == 200
    assert "Iemand anders heeft dit intussen gewijzigd" in oud.content.decode()
    zonder = beheerder.post(url, velden)
    assert zonder.status_code == 200
    assert "mist de versie" in zonder.content.decode()
    assert Risico.objects.get(pk=risico.pk).mitigatie == "Maandelijks klantpanel (vanaf mei)"
    nieuw = beheerder.post(url, {**velden, "revisie": Risico.objects.get(pk=risico.pk).revisie})
    assert nieuw.status_code == 302
