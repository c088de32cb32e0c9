"""The PDF report made in the background (issue 14 finding 3, issue 13 item 4).

A request only queues the report; the task worker renders it and keeps it in the database,
where every app server finds it. Most tests run the task at once (the immediate backend of
tests/conftest.py); the tests marked "queue" use the real database backend and its worker.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from programmas.middleware import TAAL_SESSIE
from programmas.models import Meetmoment, RapportAanvraag, RapportStatus, plan_stand
from programmas.rapport import taak
from programmas.vandaag import vandaag as vandaag_van_de_app

NEP_PDF = b"%PDF-1.7\n% nep-rapport\n"
HTMX = {"HX-Request": "true"}


@pytest.fixture
def database_queue(settings) -> None:
    """The production backend: tasks wait in the database for `manage.py db_worker`."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def nep_pdf(monkeypatch) -> mock.Mock:
    """Stands in for the rendering (seconds per report); counts the renderings."""
    pdf = mock.Mock(return_value=NEP_PDF)
    monkeypatch.setattr("programmas.rapport.pdf", pdf)
    return pdf


def bezig_sinds(demo, seconden: int) -> RapportAanvraag:
    """A report the worker started making `seconden` ago."""
    return RapportAanvraag.objects.create(
        programma=demo,
        stand="x",
        datum=vandaag_van_de_app(),
        status=RapportStatus.BEZIG,
        gestart_op=timezone.now() - timedelta(seconds=seconden),
    )


def status_url(demo) -> str:
    return reverse("rapport_status", args=[demo.slug])


# The two kinds of report: what the member posts, how the page's part for it is polled and
# downloaded, and the label of its button. Each is asked for, made and kept on its own.
SOORTEN = {
    "standaard": {"post": {}, "query": "", "knop": "Rapport maken", "volledig": False},
    "volledig": {
        "post": {"soort": "volledig"},
        "query": "?soort=volledig",
        "knop": "Volledig rapport maken",
        "volledig": True,
    },
}


def werk_de_wachtrij_af() -> None:
    """What `manage.py db_worker` does in production, until the queue is empty.

    The worker drops connections between tasks like a request does; inside the test's
    transaction that would close it (PostgreSQL), so here it keeps the connection."""
    with mock.patch(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    ):
        call_command("db_worker", "--batch", "--interval", "0", "--no-startup-delay")


@pytest.mark.parametrize("soort", SOORTEN)
def test_asking_for_the_report_queues_it_and_the_request_never_renders(
    database_queue, nep_pdf, sponsor, demo, soort
):
    s = SOORTEN[soort]
    response = sponsor.post(status_url(demo), s["post"], headers=HTMX)
    assert response.status_code == 200
    nep_pdf.assert_not_called()
    aanvraag = RapportAanvraag.objects.get(programma=demo)
    assert aanvraag.status == RapportStatus.WACHTEND
    assert aanvraag.volledig is s["volledig"]
    assert DBTaskResult.objects.filter(pk=aanvraag.taak).exists()
    html = response.content.decode()
    assert "in de wachtrij" in html
    assert 'hx-trigger="every 2s"' in html
    assert f'hx-get="{status_url(demo)}{s["query"]}"' in html
    assert "<script" not in html

    werk_de_wachtrij_af()

    nep_pdf.assert_called_once()
    assert nep_pdf.call_args.kwargs["volledig"] is s["volledig"]
    aanvraag.refresh_from_db()
    assert aanvraag.status == RapportStatus.KLAAR
    assert bytes(aanvraag.pdf) == NEP_PDF
    # The next poll shows the download and stops polling.
    html = sponsor.get(status_url(demo) + s["query"], headers=HTMX).content.decode()
    assert 'hx-trigger="every' not in html
    download_url = reverse("rapport", args=[demo.slug]) + s["query"]
    assert f'href="{download_url}"' in html
    download = sponsor.get(download_url)
    assert download.status_code == 200
    assert download.content == NEP_PDF
    naam = download["Content-Disposition"]
    assert naam.startswith('attachment; filename="batenrealisatieplan-klant-in-beeld-v1.2-')
    assert naam.endswith('-volledig.pdf"') is s["volledig"]


def test_a_second_click_while_the_report_is_queued_joins_the_same_task(
    database_queue, nep_pdf, sponsor, client, demo
):
    sponsor.post(status_url(demo))
    sponsor.post(status_url(demo))
    client.force_login(get_user_model().objects.get(username="pm"))
    client.post(status_url(demo))
    assert RapportAanvraag.objects.filter(programma=demo).count() == 1
    assert DBTaskResult.objects.count() == 1
    werk_de_wachtrij_af()
    assert nep_pdf.call_count == 1


def test_the_database_allows_one_open_report_per_programme_and_kind(demo):
    dag = vandaag_van_de_app()
    RapportAanvraag.objects.create(programma=demo, stand="a", datum=dag)
    RapportAanvraag.objects.create(programma=demo, stand="a", datum=dag, volledig=True)
    for volledig in (False, True):
        with pytest.raises(IntegrityError), transaction.atomic():
            RapportAanvraag.objects.create(programma=demo, stand="b", datum=dag, volledig=volledig)


def test_the_standard_and_the_full_report_are_made_side_by_side(
    database_queue, nep_pdf, sponsor, demo
):
    sponsor.post(status_url(demo))
    sponsor.post(status_url(demo), {"soort": "volledig"})
    sponsor.post(status_url(demo), {"soort": "volledig"})  # joins the one in the queue
    assert RapportAanvraag.objects.filter(programma=demo).count() == 2
    assert DBTaskResult.objects.count() == 2
    page = sponsor.get(status_url(demo)).content.decode()
    assert 'id="rapport-status"' in page and 'id="rapport-status-volledig"' in page
    assert page.count("in de wachtrij") == 2
    werk_de_wachtrij_af()
    assert sorted(c.kwargs["volledig"] for c in nep_pdf.call_args_list) == [False, True]
    assert set(RapportAanvraag.objects.values_list("status", flat=True)) == {RapportStatus.KLAAR}
    page = sponsor.get(status_url(demo)).content.decode()
    assert "PDF-rapport downloaden" in page and "Volledig rapport downloaden" in page


@pytest.mark.parametrize("soort", SOORTEN)
def test_a_ready_report_of_an_unchanged_plan_is_served_again_without_rendering(
    nep_pdf, sponsor, demo, soort
):
    s = SOORTEN[soort]
    sponsor.post(status_url(demo), s["post"])
    assert nep_pdf.call_count == 1
    html = sponsor.get(status_url(demo) + s["query"], headers=HTMX).content.decode()
    assert "is klaar" in html
    assert s["knop"] not in html, "nothing to make: the plan did not change"
    sponsor.post(status_url(demo), s["post"])
    assert nep_pdf.call_count == 1
    assert RapportAanvraag.objects.filter(programma=demo).count() == 1
    # The other kind is asked for and kept on its own: the first one stays.
    ander = SOORTEN["volledig" if soort == "standaard" else "standaard"]
    sponsor.post(status_url(demo), ander["post"])
    assert nep_pdf.call_count == 2
    assert RapportAanvraag.objects.filter(programma=demo, status=RapportStatus.KLAAR).count() == 2
    sponsor.post(status_url(demo), s["post"])
    assert nep_pdf.call_count == 2


def test_a_changed_plan_makes_a_new_report_and_only_the_newest_is_kept(nep_pdf, sponsor, demo):
    sponsor.post(status_url(demo), {"soort": "volledig"})
    volledig = RapportAanvraag.objects.get(programma=demo, volledig=True)
    sponsor.post(status_url(demo))
    eerste = RapportAanvraag.objects.get(programma=demo, volledig=False)
    baat = demo.baten.get(nummer=1)
    Meetmoment.objects.create(baat=baat, datum_tekst="november 2026", meting_tekst="NPS +21")
    html = sponsor.get(status_url(demo)).content.decode()
    assert "Het plan is sindsdien gewijzigd" in html
    assert "Rapport maken" in html
    sponsor.post(status_url(demo))
    assert nep_pdf.call_count == 3
    tweede = RapportAanvraag.objects.get(programma=demo, volledig=False)
    assert tweede.pk != eerste.pk
    assert tweede.status == RapportStatus.KLAAR
    # The full report of before is still there, of the other kind, until it is asked again.
    assert RapportAanvraag.objects.get(programma=demo, volledig=True).pk == volledig.pk
    html = sponsor.get(status_url(demo) + "?soort=volledig", headers=HTMX).content.decode()
    assert "Het plan is sindsdien gewijzigd" in html
    assert "Volledig rapport maken" in html


def test_the_plan_stand_changes_with_every_save_addition_and_deletion(demo):
    stand = plan_stand(demo)
    assert plan_stand(demo) == stand
    risico = demo.baten.get(nummer=1).risicos.get()
    risico.mitigatie = "Klantpanel (elk kwartaal) [vul in]"
    risico.save()
    na_wijziging = plan_stand(demo)
    assert na_wijziging != stand
    risico.delete()
    assert plan_stand(demo) not in {stand, na_wijziging}


@pytest.mark.parametrize("soort", SOORTEN)
def test_a_report_that_fails_says_so_is_logged_and_can_be_asked_again(
    monkeypatch, sponsor, demo, caplog, soort
):
    s = SOORTEN[soort]
    monkeypatch.setattr("programmas.rapport.pdf", mock.Mock(side_effect=MemoryError("vol")))
    with caplog.at_level(logging.ERROR, logger="programmas.rapport.taak"):
        response = sponsor.post(status_url(demo), s["post"], headers=HTMX)
    html = response.content.decode()
    assert "Het rapport kon niet worden gemaakt. Vraag het opnieuw aan" in html
    assert s["knop"] in html
    assert RapportAanvraag.objects.get(programma=demo).status == RapportStatus.MISLUKT
    assert any("kon niet worden gemaakt" in r.getMessage() for r in caplog.records)
    monkeypatch.setattr("programmas.rapport.pdf", mock.Mock(return_value=NEP_PDF))
    sponsor.post(status_url(demo), s["post"])
    aanvraag = RapportAanvraag.objects.get(programma=demo)
    assert aanvraag.status == RapportStatus.KLAAR
    assert aanvraag.volledig is s["volledig"]


def test_a_report_whose_worker_died_is_marked_interrupted_and_can_be_asked_again(
    database_queue, nep_pdf, sponsor, demo, settings
):
    settings.RAPPORT_MAX_DUUR = 300
    dood = bezig_sinds(demo, seconden=301)
    html = sponsor.get(status_url(demo)).content.decode()
    assert "onderbroken" in html
    dood.refresh_from_db()
    assert dood.status == RapportStatus.MISLUKT
    sponsor.post(status_url(demo))
    assert RapportAanvraag.objects.filter(status=RapportStatus.WACHTEND).count() == 1


def test_a_report_being_made_within_its_time_is_left_alone(database_queue, sponsor, demo):
    bezig = bezig_sinds(demo, seconden=30)
    html = sponsor.get(status_url(demo), headers=HTMX).content.decode()
    assert "wordt gemaakt" in html
    assert 'hx-trigger="every 2s"' in html
    sponsor.post(status_url(demo))
    assert list(RapportAanvraag.objects.values_list("pk", flat=True)) == [bezig.pk]


def test_without_a_ready_report_the_download_leads_to_the_report_page(nep_pdf, sponsor, demo):
    response = sponsor.get(reverse("rapport", args=[demo.slug]))
    assert response.status_code == 302
    assert response["Location"] == status_url(demo)
    nep_pdf.assert_not_called()


def test_a_ready_standard_report_is_not_served_as_the_full_one(nep_pdf, sponsor, demo):
    sponsor.post(status_url(demo))
    response = sponsor.get(reverse("rapport", args=[demo.slug]) + "?soort=volledig")
    assert response.status_code == 302
    assert response["Location"] == status_url(demo)


def test_the_pdf_export_in_the_browser_does_not_render_either(nep_pdf, sponsor, demo):
    response = sponsor.get(reverse("exporteren", args=[demo.slug, "pdf"]))
    assert response.status_code == 302
    assert response["Location"] == status_url(demo)
    nep_pdf.assert_not_called()


def test_a_non_member_can_neither_ask_for_nor_see_the_report(nep_pdf, client, demo, make_user):
    client.force_login(make_user("buitenstaander"))
    assert client.get(status_url(demo)).status_code == 404
    assert client.post(status_url(demo)).status_code == 404
    assert not RapportAanvraag.objects.exists()
    nep_pdf.assert_not_called()


def test_the_report_page_without_htmx_asks_and_comes_back(nep_pdf, sponsor, demo):
    response = sponsor.post(status_url(demo))
    assert response.status_code == 302
    assert response["Location"] == status_url(demo)
    page = sponsor.get(status_url(demo))
    assert page.status_code == 200
    assert "PDF-rapport downloaden" in page.content.decode()


def test_the_task_skips_an_aanvraag_that_is_gone_or_taken(nep_pdf, demo):
    assert taak.maak_rapport.call(999_999) == "overgeslagen"
    klaar = RapportAanvraag.objects.create(
        programma=demo,
        stand="x",
        datum=vandaag_van_de_app(),
        status=RapportStatus.KLAAR,
        pdf=NEP_PDF,
    )
    assert taak.maak_rapport.call(klaar.pk) == "overgeslagen"
    nep_pdf.assert_not_called()


@pytest.mark.parametrize("koppeling", ["afhankelijkheid", "sector", "vermogen", "inspanning"])
def test_the_plan_stand_changes_when_only_a_link_changes(demo, koppeling):
    from programmas.models import Afhankelijkheid, AfhankelijkheidVan

    b5, b6 = demo.baten.get(nummer=5), demo.baten.get(nummer=6)
    afh = Afhankelijkheid.objects.filter(baat=b6).first() or Afhankelijkheid.objects.create(
        baat=b6, extern="Landelijke wetgeving (verwacht 2027)"
    )
    stand = plan_stand(demo)
    if koppeling == "afhankelijkheid":
        bestaand = set(afh.koppelingen.values_list("van_id", flat=True))
        kandidaat = next(
            b for b in demo.baten.exclude(pk=b6.pk).order_by("-nummer") if b.pk not in bestaand
        )
        # As the admin's inline does: the link alone, no save of the dependency.
        AfhankelijkheidVan(afhankelijkheid=afh, van=kandidaat).save()
    elif koppeling == "sector":
        b5.sectoren.set([s for s in demo.sectoren.all() if s not in b5.sectoren.all()][:1])
    elif koppeling == "vermogen":
        demo.vermogens.first().baten.remove(*demo.vermogens.first().baten.all())
    else:
        inspanning = demo.inspanningen.first()
        inspanning.baten.set([b5]) if b5 not in inspanning.baten.all() else inspanning.baten.set(
            [b6]
        )
    assert plan_stand(demo) != stand


def test_a_report_that_fails_in_english_says_so_in_english_and_keeps_its_message_in_dutch(
    monkeypatch, sponsor, demo
):
    sessie = sponsor.session
    sessie[TAAL_SESSIE] = "en"
    sessie.save()
    monkeypatch.setattr("programmas.rapport.pdf", mock.Mock(side_effect=MemoryError("vol")))
    html = sponsor.post(status_url(demo), headers=HTMX).content.decode()
    assert "The report could not be made" in html
    assert RapportAanvraag.objects.get(programma=demo).fout.startswith(
        "Het rapport kon niet worden gemaakt"
    )
    # A Dutch reader is not shown an English reader's report, failed or made: theirs to ask.
    sessie = sponsor.session
    sessie[TAAL_SESSIE] = "nl"
    sessie.save()
    html = sponsor.get(status_url(demo)).content.decode()
    assert "could not be made" not in html and "Rapport maken" in html
