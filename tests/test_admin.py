from datetime import date

import pytest
from django.apps import apps
from django.urls import reverse

from programmas.models import (
    ApiSleutel,
    ApiToken,
    Planversie,
    Prullenbak,
    RapportAanvraag,
    VerzondenHerinnering,
)
from programmas.prullenbak import verwijder
from programmas.versies import vaststellen


@pytest.mark.parametrize(
    "model", list(apps.get_app_config("programmas").get_models()), ids=lambda m: m.__name__
)
def test_every_model_has_an_admin_list_and_change_page(beheerder, demo, model):
    if model is RapportAanvraag:
        # Made on the report page, not by the demo.
        RapportAanvraag.objects.create(programma=demo, stand="-", datum=date(2026, 11, 29))
    if model in (ApiToken, ApiSleutel):
        # Made by users on /profiel/tokens/ and by pushes to the API, not by the demo.
        eigenaar = demo.lidmaatschappen.get(user__username="eigenaar").user
        ApiToken.maak(eigenaar, "Power BI")
        ApiSleutel.objects.create(user=eigenaar, sleutel="push-1", programma=demo, inhoud="-")
    if model is VerzondenHerinnering:
        # Written when a reminder goes (tests/test_herinneringen.py), not by the demo.
        VerzondenHerinnering.objects.create(user=demo.lidmaatschappen.first().user, sleutel="-")
    if model is Planversie:  # adopted on the Versies page, not by the demo
        vaststellen(demo, None, nummer="0.1", vastgesteld=False)
    info = (model._meta.app_label, model._meta.model_name)
    response = beheerder.get(reverse("admin:{}_{}_changelist".format(*info)))
    assert response.status_code == 200
    if model is Prullenbak:  # the demo deletes nothing
        verwijder(demo.baten.get(nummer=6), programma=demo, soort="baat", door=None)
    obj = model.objects.first()
    assert obj is not None, f"the demo has no {model.__name__}"
    response = beheerder.get(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))
    assert response.status_code == 200


def test_the_programma_page_shows_its_baten_and_children_inline(beheerder, demo):
    response = beheerder.get(reverse("admin:programmas_programma_change", args=[demo.pk]))
    content = response.content.decode()
    for text in (
        "Consistente klantbeleving",
        "Fundament",
        "Eenduidig klantcontactmodel",
        "Project Klantcontactcentrum",
        "aanbesteding van het CRM-systeem",
    ):
        assert text in content


def test_the_baat_page_shows_meetmomenten_risks_and_roadmap(beheerder, demo):
    baat = demo.baten.get(nummer=2)
    content = beheerder.get(reverse("admin:programmas_baat_change", args=[baat.pk])).content
    for text in ("NPS +13", "Kwartaalmeting NPS", "Lage respons op enquêtes", "NPS +20"):
        assert text in content.decode()
