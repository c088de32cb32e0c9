"""English beside Dutch (issue 19) outside the pages: the PDF report is in the language of who
asked for it, a reminder in its recipient's, the calendar feed in its owner's, and every
export stays the template's Dutch whatever language is active."""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from datetime import date

import pytest
from django.core import mail
from django.utils import translation
from icalendar import Calendar

from programmas import agenda, herinneringen, rapport
from programmas.models import Profiel, RapportAanvraag, RapportStatus
from programmas.rapport import taak
from programmas.uitwisseling import EXPORTEURS
from tests.test_talen import (
    WOORDENLIJST,
    client_in,
    engelse_woorden,
    plangegevens,
    productwoorden,
)

VANDAAG = date(2026, 11, 29)
ENGELSE_KOPPEN = [
    "Summary for the sponsorgroep",
    "State at a glance",
    "Decisions asked of the sponsorgroep",
    "Baten overview",
    "Latest metingen and open meetmomenten",
    "Current situation (nulmeting)",
]
NEDERLANDSE_KOPPEN = [
    "Samenvatting voor de sponsorgroep",
    "Stand in één oogopslag",
    "Besluiten gevraagd van de sponsorgroep",
    "Baten Overzicht",
    "Laatste metingen en open meetmomenten",
    "Huidige situatie (nulmeting)",
]


def zonder_tijdstip(html: str) -> str:
    """The report without the minute it was made in (its only part that is not the plan's)."""
    return re.sub(r'<p class="gegenereerd">.*?</p>', "", html)


def pdf_tekst(pdf: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


def test_the_report_in_english_has_english_headings_and_no_dutch_product_word(demo):
    nederlands = rapport.html(demo, VANDAAG, volledig=True, taal="nl")
    engels = rapport.html(demo, VANDAAG, volledig=True, taal="en")
    assert '<html lang="en">' in engels
    for kop in ENGELSE_KOPPEN:
        assert kop in engels
    for kop in NEDERLANDSE_KOPPEN:
        assert kop not in engels
    gegevens = plangegevens()
    woorden = engelse_woorden()
    dutch = {
        w
        for w in productwoorden(nederlands, gegevens)
        if w not in woorden and w not in WOORDENLIJST
    }
    left = [
        f"{woord!r} in {tekst!r}"
        for woord, tekst in productwoorden(engels, gegevens).items()
        if woord in dutch
    ]
    assert not left, "\n".join(left)


def test_the_dutch_report_is_the_same_whoever_asks_in_which_language(demo):
    gewoon = rapport.html(demo, VANDAAG)
    with translation.override("en"):
        gevraagd_in_het_nederlands = rapport.html(demo, VANDAAG, taal="nl")
    assert '<html lang="nl">' in gewoon
    assert zonder_tijdstip(gevraagd_in_het_nederlands) == zonder_tijdstip(gewoon)
    for kop in NEDERLANDSE_KOPPEN:
        assert kop in gewoon


def test_a_report_asked_for_in_english_is_made_in_english_and_not_served_to_a_dutch_reader(
    demo,
):
    with translation.override("en"):
        engels = taak.vraag_aan(demo)
        assert taak.is_actueel(engels)
    engels.refresh_from_db()
    assert engels.status == RapportStatus.KLAAR
    assert taak.taal_van(engels.stand) == "en"
    tekst = pdf_tekst(bytes(engels.pdf))
    assert "Summary for the sponsorgroep" in tekst and "page 2 of " in tekst
    # A Dutch reader: the English report is not theirs; asking makes a Dutch one.
    with translation.override("nl"):
        assert not taak.is_actueel(engels)
        nederlands = taak.vraag_aan(demo)
    assert nederlands.pk != engels.pk
    nederlands.refresh_from_db()
    tekst = pdf_tekst(bytes(nederlands.pdf))
    assert "Samenvatting voor de sponsorgroep" in tekst and "pagina 2 van " in tekst
    # Each language keeps its newest report, and each reader gets theirs.
    assert RapportAanvraag.objects.filter(status=RapportStatus.KLAAR).count() == 2
    assert taak.klaar(demo, taal="nl").pk == nederlands.pk
    assert taak.klaar(demo, taal="en").pk == engels.pk
    with translation.override("en"):
        assert taak.vraag_aan(demo).pk == engels.pk  # reused: same plan, same language


def test_a_reminder_goes_in_the_recipients_language(demo):
    Profiel.objects.filter(user__username="eigenaar").update(taal="en")
    Profiel.objects.filter(user__username="pm").update(taal="nl")
    herinneringen.stuur()
    aan_eigenaar = next(b for b in mail.outbox if b.to == ["eigenaar@example.org"])
    assert aan_eigenaar.subject.startswith("Batenplan: overdue metingen: 1;")
    assert "Dear " in aan_eigenaar.body and "Enter meting" in aan_eigenaar.body
    html = aan_eigenaar.alternatives[0].content
    assert '<html lang="en">' in html and "These metingen of your baten are due" in html
    assert "OVERDUE since 30 September 2026" in aan_eigenaar.body
    # The programme manager's digest stays Dutch: that is her language.
    overzicht = next(b for b in mail.outbox if b.to == ["pm@example.org"])
    assert overzicht.subject == "Batenplan: weekoverzicht van achterstand en escalaties"
    assert "Beste " in overzicht.body and "Naar het dashboard" in overzicht.alternatives[0].content


def test_the_weekly_digest_goes_in_the_programme_managers_language(demo):
    Profiel.objects.filter(user__username="pm").update(taal="en")
    herinneringen.stuur()
    overzicht = next(b for b in mail.outbox if b.to == ["pm@example.org"])
    assert overzicht.subject == "Batenplan: weekly overview of delays and escalaties"
    assert "Dear Petra Mulder," in overzicht.body
    assert "The weekly overview of your programmes on 1 December 2026" in overzicht.body
    assert "To the dashboard" in overzicht.alternatives[0].content


def test_the_calendar_feed_speaks_its_owners_language(demo):
    meetmomenten = agenda.van_programma(demo)
    with translation.override("nl"):
        engels = Calendar.from_ical(agenda.kalender("feed", meetmomenten, VANDAAG, taal="en"))
    teksten = [str(e.get("summary")) + str(e.get("description")) for e in engels.walk("VEVENT")]
    assert any(t.startswith("Overdue: ") for t in teksten)
    assert all("Programme: " in t and "Planned: " in t for t in teksten)
    assert not any("Achterstallig" in t or "Gepland" in t for t in teksten)


def test_the_api_answers_a_browser_session_in_its_language(demo):
    engels = client_in("en", "sponsor")
    onbekend = engels.get("/api/v1/programmas/onbekend/plan")
    assert onbekend.status_code == 404 and onbekend.json()["detail"] == "Programme not found."
    kapot = engels.get("/api/v1/programmas/klant-in-beeld/baten/1/metingen?since=kapot")
    assert kapot.status_code == 422
    assert kapot.json()["detail"] == "Invalid input; nothing has been saved."
    assert kapot.json()["fouten"]["since"][0].startswith("Not a valid time")
    nederlands = client_in("nl", "pm").get("/api/v1/programmas/onbekend/plan")
    assert nederlands.json()["detail"] == "Programma niet gevonden."


def zip_inhoud(bestand: bytes) -> dict[str, bytes]:
    """A workbook's or document's parts, without the moment it was written."""
    with zipfile.ZipFile(io.BytesIO(bestand)) as z:
        return {
            naam: re.sub(rb"<dcterms:(created|modified)[^<]*</dcterms:\1>", b"", z.read(naam))
            for naam in z.namelist()
        }


@pytest.mark.parametrize("soort", ["md", "json", "xlsx", "docx"])
def test_every_export_is_the_same_dutch_file_with_english_active(demo, soort):
    exporteur = EXPORTEURS[soort]
    with translation.override("nl"):
        nederlands = exporteur.maak(demo)
    with translation.override("en"):
        engels = exporteur.maak(demo)
    if soort in ("xlsx", "docx"):
        assert zip_inhoud(engels) == zip_inhoud(nederlands)
    else:
        assert engels == nederlands


def test_the_feed_address_gives_the_calendar_in_its_owners_language(client, demo):
    """A calendar app asks without a session: the owner's profile decides, not the asker."""
    Profiel.objects.filter(user__username__in=["eigenaar", "pm"]).update(taal="en")
    eigenaar = Profiel.objects.get(user__username="eigenaar")
    pm = Profiel.objects.get(user__username="pm")
    eigen = f"/agenda/{eigenaar.agenda_sleutel}.ics"
    programma = f"/agenda/{pm.agenda_sleutel}.ics?programma={demo.slug}"
    for pad, naam in ((eigen, "My meetmomenten (Batenplan)"), (programma, "Klant in Beeld")):
        antwoord = client.get(pad)
        assert antwoord.headers["Content-Language"] == "en"
        kalender = Calendar.from_ical(antwoord.content)
        assert str(kalender.get("x-wr-calname")).startswith(naam)
        teksten = [
            str(e.get("summary")) + str(e.get("description")) for e in kalender.walk("VEVENT")
        ]
        assert teksten and all("Planned: " in t for t in teksten)
    Profiel.objects.filter(pk=eigenaar.pk).update(taal="nl")
    kalender = Calendar.from_ical(client.get(eigen).content)
    assert str(kalender.get("x-wr-calname")) == "Mijn meetmomenten (Batenplan)"


def test_the_download_link_serves_the_report_in_the_readers_language(client, demo):
    with translation.override("en"):
        engels = taak.vraag_aan(demo)
    with translation.override("nl"):
        nederlands = taak.vraag_aan(demo)
    pm = Profiel.objects.get(user__username="pm")
    for taal, aanvraag in (("en", engels), ("nl", nederlands)):
        pm.taal = taal
        pm.save()
        client.force_login(pm.user)
        antwoord = client.get(f"/p/{demo.slug}/rapport.pdf")
        assert antwoord.content == bytes(RapportAanvraag.objects.get(pk=aanvraag.pk).pdf)


def test_a_reader_is_offered_a_report_in_their_language_not_told_the_plan_changed(client, demo):
    with translation.override("en"):
        taak.vraag_aan(demo)
    pm = Profiel.objects.get(user__username="pm")
    client.force_login(pm.user)
    pagina = client.get(f"/p/{demo.slug}/rapport/").content.decode()
    assert "sindsdien gewijzigd" not in pagina and "Rapport maken" in pagina
    assert taak.klaar(demo, taal="nl") is None
    antwoord = client.get(f"/p/{demo.slug}/rapport.pdf")
    assert antwoord.status_code == 302 and antwoord.url.endswith("/rapport/")
