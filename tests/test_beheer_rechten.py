"""What the admin may not do: delete a plan version (the record of what was decided) or
edit the keys of pushed metingen, which are documented read-only."""

import json

from django.contrib.auth import get_user_model
from django.urls import reverse

from programmas.demo import SLUG
from programmas.models import ApiSleutel, Planversie, Wijzigingsset
from programmas.versies import vaststellen
from tests.helpers import ingelogd


def test_the_admin_deletes_no_adopted_plan_version(beheerder, demo):
    versie = vaststellen(demo, None, nummer="1.0", vastgesteld=True, besluit_op=demo.periode()[0])
    adres = reverse("admin:programmas_planversie_delete", args=[versie.pk])
    assert beheerder.get(adres).status_code == 403
    assert beheerder.post(adres, {"post": "yes"}).status_code == 403
    assert Planversie.objects.filter(pk=versie.pk).exists()
    lijst = beheerder.get(reverse("admin:programmas_planversie_changelist"))
    assert 'value="delete_selected"' not in lijst.content.decode()


def test_the_admin_shows_push_keys_but_does_not_change_them(beheerder, demo):
    eigenaar = get_user_model().objects.get(username="eigenaar")
    rij = ApiSleutel.objects.create(user=eigenaar, sleutel="push-1", programma=demo, inhoud="-")
    adres = reverse("admin:programmas_apisleutel_change", args=[rij.pk])
    assert beheerder.get(adres).status_code == 200
    beheerder.post(adres, {"user": eigenaar.pk, "sleutel": "anders", "programma": demo.pk})
    rij.refresh_from_db()
    assert rij.sleutel == "push-1"
    assert beheerder.get(reverse("admin:programmas_apisleutel_add")).status_code == 403


def test_a_meting_pushed_through_the_api_is_named_api_in_the_history(demo):
    voor = set(Wijzigingsset.objects.values_list("pk", flat=True))
    response = ingelogd("eigenaar").post(
        f"/api/v1/programmas/{SLUG}/baten/1/metingen",
        json.dumps({"sleutel": "q1", "meting": "7,3", "meetdatum": "01-11-2026"}),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content.decode()
    nieuw = Wijzigingsset.objects.exclude(pk__in=voor)
    assert [s.oorsprong for s in nieuw] == ["API"]
