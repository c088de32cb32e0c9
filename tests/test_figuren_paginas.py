"""Issue 11, point 4 as users see it: cycles that have not started, section 7's ticks, the
sponsorgroep's besluit and the dependency stand per row, on the pages and in the PDF."""

import json
import re
import subprocess
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from programmas import rapport
from programmas.grafieken import charts
from programmas.keuzes import Criterium, Fase
from programmas.models import Afhankelijkheid, Baat, Cyclus, CyclusDoel, Escalatie, Programma
from programmas.vandaag import vandaag as vandaag_van_de_app
from tests.helpers import als

SLUG = "klant-in-beeld"


def tekst(html: str) -> str:
    """The page as words, without tags, so a test reads what the user reads."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def pdf_tekst(programma: Programma) -> str:
    pdf = rapport.pdf(programma, vandaag_van_de_app())
    uit = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
    return re.sub(r"\s+", " ", uit.stdout.decode())


@pytest.fixture
def toekomstige_cyclus(demo: Programma) -> CyclusDoel:
    # B1 is measured through 2026 at levels below this cycle's startniveau: the old formula
    # made that a negative realisatie for a cycle that has not begun.
    cyclus = Cyclus.objects.create(programma=demo, nummer=9, naam="Verankering", periode="2031 H1")
    return CyclusDoel.objects.create(
        cyclus=cyclus,
        baat=Baat.objects.get(programma=demo, nummer=1),
        startniveau_tekst="7,4",
        doelniveau_tekst="8,0 (streefwaarde)",
        indicator="Klantbelevingsscore",
        meetmoment_tekst="juni 2031",
    )


def cyclusrij(html: str, cyclus_kop: str) -> str:
    """The row of this cycle on a baat page (its table of targets per cycle)."""
    deel = html[html.index(cyclus_kop) :]
    return tekst(deel[: deel.index("</tr>")])


def cyclus_cel(html: str, cyclus_kop: str, baat: str) -> str:
    """The cell of section 2's baat x cycle table for this baat in this cycle."""
    tabel = html[html.index('<table class="tabel cycli"') :]
    tabel = tabel[: tabel.index("</table>")]
    koppen = re.findall(r'<th scope="col">(.*?)</th>', tabel)
    kolom = next(i for i, kop in enumerate(koppen) if cyclus_kop in kop)
    rij = re.search(rf'<tr><th scope="row">{baat}\b.*?</tr>', tabel).group(0)  # type: ignore[union-attr]
    return tekst(re.findall(r"<td>(.*?)</td>", rij)[kolom])


def test_a_cycle_that_has_not_started_reads_nog_niet_gestart_on_the_plan(
    client, toekomstige_cyclus
):
    html = als(client, "sponsor").get(reverse("plan", args=[SLUG])).content.decode()
    cel = cyclus_cel(html, "Cyclus 9: Verankering", "B1")
    assert "nog niet gestart" in cel
    assert "7,4 score → 8,0 (streefwaarde) · juni 2031" in cel
    assert not re.search(r"[−-]\d+ %", cel)


def test_a_cycle_that_has_not_started_reads_nog_niet_gestart_on_the_baat_page(
    client, toekomstige_cyclus
):
    html = als(client, "sponsor").get(reverse("baat", args=[SLUG, 1])).content.decode()
    rij = cyclusrij(html, "Cyclus 9: Verankering")
    assert "nog niet gestart" in rij
    assert not re.search(r"[−-]\d+ %", rij)


def test_a_cycle_that_only_measures_reads_geen_doel(client, demo):
    cyclus = Cyclus.objects.create(programma=demo, nummer=8, naam="Meten", periode="2026 H2")
    CyclusDoel.objects.create(
        cyclus=cyclus,
        baat=Baat.objects.get(programma=demo, nummer=1),
        startniveau_tekst="6,8",
        doelniveau_tekst="6,8",
        meetmoment_tekst="december 2026",
    )
    html = als(client, "sponsor").get(reverse("plan", args=[SLUG])).content.decode()
    assert "geen doel" in cyclus_cel(html, "Cyclus 8: Meten", "B1")


def test_an_unticked_achterstand_is_a_warning_not_an_escalation(client, demo):
    demo.escaleer_bij_achterstand = False
    demo.save()
    html = als(client, "pm").get(reverse("dashboard", args=[SLUG])).content.decode()
    escalaties = html[html.index('id="sectie-escalaties"') :]
    lijst = escalaties[: escalaties.index("</table>")]
    assert "Loopt 40 procentpunt achter op planning" not in lijst
    url = reverse("signaal_afhandelen", args=[SLUG, 2, Criterium.ACHTERSTAND])
    assert url not in html
    waarschuwingen = tekst(escalaties[escalaties.index("Waarschuwingen") :])
    assert "B2: Loopt 40 procentpunt achter op planning (drempel 20)" in waarschuwingen
    assert "geen escalatie" in waarschuwingen
    # The conflict is still ticked and still escalates.
    assert "Conflict: B5 gepland in Groei" in lijst
    # And a handling of it is refused: it is no escalation.
    assert client.post(url, {"afhandeling": "x"}).status_code == 404


def test_the_plan_counts_only_escalating_signals(client, demo):
    voor = als(client, "pm").get(reverse("plan", args=[SLUG])).content.decode()
    aantal_voor = int(re.search(r"(\d+) open escalatiesigna", voor).group(1))
    demo.escaleer_bij_conflict = False
    demo.save()
    na = client.get(reverse("plan", args=[SLUG])).content.decode()
    aantal_na = int(re.search(r"(\d+) open escalatiesigna", na).group(1))
    assert aantal_na == aantal_voor - 1


def test_a_plan_with_no_criterion_ticked_says_so_on_the_dashboard(client, demo):
    demo.escaleer_bij_achterstand = demo.escaleer_bij_commitment = False
    demo.escaleer_bij_externe_factor = demo.escaleer_bij_conflict = False
    demo.save()
    html = als(client, "sponsor").get(reverse("dashboard", args=[SLUG])).content.decode()
    assert "geen enkel escalatiecriterium" in html
    assert "(automatisch)" not in html


def test_a_plan_with_criteria_does_not_say_it_has_none(client, demo):
    html = als(client, "sponsor").get(reverse("dashboard", args=[SLUG])).content.decode()
    assert "geen enkel escalatiecriterium" not in html


def hand_escalatie(demo: Programma) -> Escalatie:
    return demo.escalaties.get(omschrijving__startswith="De aanbesteding")


def test_the_sponsor_records_a_besluit_in_place_and_the_dashboard_shows_it(client, demo):
    escalatie = hand_escalatie(demo)
    url = reverse("escalatie_besluit", args=[SLUG, escalatie.pk])
    als(client, "sponsor")
    formulier = client.get(url, HTTP_HX_REQUEST="true")
    assert formulier.status_code == 200 and "Besluit van de sponsorgroep" in formulier.text
    response = client.post(
        url,
        {
            "revisie": escalatie.revisie,
            "besluit": "Aanbesteding CRM opnieuw; B4 schuift één kwartaal (Q3 → Q4)",
            "besluit_op": "2026-11-26",
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "B4 schuift één kwartaal" in response.text  # the section again, in place
    escalatie.refresh_from_db()
    assert escalatie.besluit_door.username == "sponsor"
    assert escalatie.besluit_op == date(2026, 11, 26)
    assert escalatie.afgehandeld  # the decision ends the escalation
    html = client.get(reverse("dashboard", args=[SLUG])).content.decode()
    assert "B4 schuift één kwartaal" in html
    assert "besloten op 26 nov. 2026, vastgelegd door" in tekst(html).lower()


def test_a_besluit_as_a_full_page_without_htmx_goes_back_to_the_dashboard(client, demo):
    escalatie = hand_escalatie(demo)
    url = reverse("escalatie_besluit", args=[SLUG, escalatie.pk])
    als(client, "pm")
    assert "<html" in client.get(url).text
    response = client.post(
        url,
        {
            "revisie": escalatie.revisie,
            "besluit": "Doorgaan zoals gepland",
            "besluit_op": "2026-11-30",
        },
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("dashboard", args=[SLUG]))
    escalatie.refresh_from_db()
    assert escalatie.besluit == "Doorgaan zoals gepland" and escalatie.besluit_door.username == "pm"


def test_a_besluit_without_a_date_keeps_what_was_typed(client, demo):
    escalatie = hand_escalatie(demo)
    url = reverse("escalatie_besluit", args=[SLUG, escalatie.pk])
    response = als(client, "sponsor").post(
        url,
        {
            "revisie": escalatie.revisie,
            "besluit": "Budget B4 bevriezen tot de aanbesteding rond is",
            "besluit_op": "",
        },
    )
    assert response.status_code == 422
    assert "Vul in op welke datum" in response.text or "verplicht" in response.text
    assert "Budget B4 bevriezen tot de aanbesteding rond is" in response.text
    escalatie.refresh_from_db()
    assert escalatie.besluit == ""


def test_a_baateigenaar_may_not_record_a_besluit(client, demo):
    escalatie = hand_escalatie(demo)
    url = reverse("escalatie_besluit", args=[SLUG, escalatie.pk])
    response = als(client, "eigenaar").post(
        url, {"besluit": "Zelf besloten", "besluit_op": "2026-11-30"}
    )
    assert response.status_code == 403
    escalatie.refresh_from_db()
    assert escalatie.besluit == ""


def test_the_sponsor_decides_on_an_automatic_signal(client, demo):
    url = reverse("signaal_afhandelen", args=[SLUG, 2, Criterium.ACHTERSTAND])
    als(client, "sponsor")
    assert "Afhandeling" not in client.get(url).text  # the handling note is the manager's
    response = client.post(
        url,
        {"besluit": "B2 krijgt 2 fte extra tot Q3 2027", "besluit_op": "2026-11-27"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    escalatie = Escalatie.objects.get(automatisch=True, criterium=Criterium.ACHTERSTAND)
    assert escalatie.besluit == "B2 krijgt 2 fte extra tot Q3 2027"
    assert escalatie.besluit_door.username == "sponsor"
    assert escalatie.besluit_op == date(2026, 11, 27)
    assert "B2 krijgt 2 fte extra tot Q3 2027" in response.text


def test_the_manager_handles_a_signal_with_the_besluit_of_the_meeting(client, demo):
    url = reverse("signaal_afhandelen", args=[SLUG, 2, Criterium.ACHTERSTAND])
    als(client, "pm").post(
        url,
        {
            "afhandeling": "Besproken in de sponsorgroep van 27 november",
            "besluit": "Doel B2 bijstellen naar NPS +12",
            "besluit_op": "2026-11-27",
        },
    )
    escalatie = Escalatie.objects.get(automatisch=True, criterium=Criterium.ACHTERSTAND)
    assert escalatie.afhandeling.startswith("Besproken")
    assert escalatie.besluit == "Doel B2 bijstellen naar NPS +12"
    assert escalatie.besluit_door.username == "pm"


def test_a_besluit_needs_its_date_on_the_model():
    escalatie = Escalatie(criterium=Criterium.COMMITMENT, omschrijving="x", besluit="Akkoord")
    with pytest.raises(Exception, match="datum"):
        escalatie.clean()


def test_a_besluit_ends_the_escalation_by_the_models_rule_in_the_admin_too(client, demo):
    escalatie = Escalatie.objects.filter(programma=demo, afgehandeld=False).first()
    beheerder = get_user_model().objects.create_superuser("beheer", password="x-123-y-456")
    client.force_login(beheerder)
    response = client.post(
        reverse("admin:programmas_escalatie_change", args=[escalatie.pk]),
        {
            "programma": demo.pk,
            "baat": escalatie.baat_id or "",
            "criterium": escalatie.criterium,
            "omschrijving": escalatie.omschrijving,
            "datum": escalatie.datum.isoformat(),
            "afhandeling": "",
            "besluit": "Doorgaan; B4 schuift naar Q4 (SG 26-11)",
            "besluit_op": "2026-11-26",
            "revisie": escalatie.revisie,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    escalatie.refresh_from_db()
    assert escalatie.afgehandeld
    assert escalatie.afgehandeld_op == date(2026, 11, 26)


def test_a_signal_handled_with_a_besluit_but_no_date_is_refused_by_the_model(client, demo):
    url = reverse("signaal_afhandelen", args=[SLUG, 2, Criterium.ACHTERSTAND])
    response = als(client, "pm").post(
        url,
        {
            "afhandeling": "Besproken (kort)",
            "besluit": "Doel B2 bijstellen naar NPS +12",
            "besluit_op": "",
        },
    )
    assert response.status_code == 422
    assert "Vul in op welke datum het besluit is genomen." in tekst(response.content.decode())
    assert "Doel B2 bijstellen naar NPS +12" in response.content.decode()
    assert not Escalatie.objects.filter(automatisch=True, besluit__startswith="Doel B2").exists()


def test_an_outside_dependency_shows_extern_not_the_stand_of_other_baten(client, demo):
    b4 = Baat.objects.get(programma=demo, nummer=4)
    # B4 also waits for B1, in a row of its own; the CRM row must not show B1's stand.
    op_b1 = Afhankelijkheid.objects.create(baat=b4, type="Inhoudelijk", drempel=40, volgorde=1)
    op_b1.zet_van([Baat.objects.get(programma=demo, nummer=1)])
    html = als(client, "sponsor").get(reverse("plan", args=[SLUG])).content.decode()
    sectie = html[html.index('id="sectie-afhankelijkheden"') :]
    tabel = sectie[: sectie.index("</table>")]
    rijen = [tekst(r) for r in re.findall(r"<tr>(.*?)</tr>", tabel, re.S)]
    crm = next(r for r in rijen if "Aanbesteding CRM-systeem" in r)
    assert "extern" in crm
    assert "B1" not in crm and "%" not in crm
    b1_rij = next(r for r in rijen if r.strip().startswith("B4") and "Inhoudelijk" in r)
    assert "B1" in b1_rij and "drempel 40 %" in b1_rij


def test_the_pdf_shows_besluit_ticks_cycles_and_dependency_rows(demo, toekomstige_cyclus):
    escalatie = hand_escalatie(demo)
    escalatie.besluit = "Aanbesteding CRM opnieuw uitzetten"
    escalatie.besluit_op = date(2026, 11, 26)
    escalatie.besluit_door = get_user_model().objects.get(username="sponsor")
    escalatie.save()
    demo.escaleer_bij_achterstand = demo.escaleer_bij_commitment = False
    demo.escaleer_bij_externe_factor = demo.escaleer_bij_conflict = False
    demo.save()
    pdf = pdf_tekst(demo)
    assert "Aanbesteding CRM opnieuw uitzetten" in pdf
    assert "besloten op 26 nov. 2026, vastgelegd door sanne sponsor" in pdf.lower()
    assert "geen enkel escalatiecriterium" in pdf
    assert "nog niet gestart" in pdf
    assert "Aanbesteding CRM-systeem: extern, buiten het plan" in pdf
    # No escalation from the figures when nothing is ticked; the signals are warnings.
    assert "(automatisch)" not in pdf
    assert "Loopt 40 procentpunt achter op planning" in pdf
    assert "Achterstand (waarschuwing)" in pdf  # B2's line in the summary, not "op koers"


def test_the_roadmap_puts_the_actual_fase_in_each_baats_own_band_as_the_figures_say(client, demo):
    html = als(client, "sponsor").get(reverse("dashboard", args=[SLUG])).content.decode()
    match = re.search(r'<script id="grafiek-roadmap" type="application/json">(.*?)</script>', html)
    assert match
    roadmap = json.loads(match.group(1))
    actueel = next(t for t in roadmap["data"] if t["name"].startswith("Actuele fase"))
    rijen = roadmap["layout"]["yaxis"]["ticktext"]
    b2 = next(i for i, rij in enumerate(rijen) if rij.startswith("B2"))
    # B2 is planned in Groei this quarter but is actually in Basis (13 %): its own bar says so
    # in the colour of Basis, in B2's band, not a marker inside the planned Groei bar.
    assert actueel["text"][b2] == "Basis"
    assert actueel["marker"]["color"][b2] == charts.FASE_KLEUR[Fase.BASIS]
    assert round(actueel["y"][b2]) == b2
    figuren = tekst(html[html.index('id="sectie-baten"') :])
    assert "B2 Hogere klanttevredenheid" in figuren and "Groei / Basis" in figuren


def test_an_unticked_signal_is_a_warning_on_the_baat_page(client, demo):
    demo.escaleer_bij_achterstand = False
    demo.save()
    html = als(client, "eigenaar").get(reverse("baat", args=[SLUG, 2])).content.decode()
    figuren = tekst(html[html.index('id="figuren"') :])
    assert "Loopt 40 procentpunt achter op planning (drempel 20) (waarschuwing, geen escalatie" in (
        figuren
    )
    assert "⚠ Loopt 40" not in figuren


def test_a_besluit_survives_a_json_export_and_import(demo):
    from programmas.uitwisseling import exporteer_json, importeer

    escalatie = hand_escalatie(demo)
    escalatie.besluit = "Aanbesteding opnieuw (besluit SG 26-11)"
    escalatie.besluit_op = date(2026, 11, 26)
    escalatie.besluit_door = get_user_model().objects.get(username="sponsor")
    escalatie.save()
    document = exporteer_json(demo)
    demo.delete()
    importeer(document.encode())
    terug = Escalatie.objects.get(omschrijving__startswith="De aanbesteding")
    assert terug.besluit == "Aanbesteding opnieuw (besluit SG 26-11)"
    assert terug.besluit_op == date(2026, 11, 26)
    assert terug.besluit_door.username == "sponsor"


def rapport_html(programma: Programma) -> str:
    from django.template.loader import render_to_string

    vandaag = vandaag_van_de_app()
    return tekst(render_to_string("programmas/rapport.html", rapport.context(programma, vandaag)))


def test_every_page_and_the_pdf_take_overdue_from_the_realisatie_rule(client, demo, monkeypatch):
    b3 = Baat.objects.get(programma=demo, nummer=3)
    voorbij = b3.meetmomenten.filter(meting_tekst="").exclude(datum=None).order_by("datum")[0]
    voorbij.datum_tekst = "15-01-2026"
    voorbij.save()
    eigenaar = als(client, b3.eigenaar.username)
    baat_url, mijn_url = reverse("baat", args=[SLUG, 3]), reverse("mijn", args=[SLUG])
    assert "achterstallig" in tekst(eigenaar.get(baat_url).content.decode())
    assert "Achterstallig" in tekst(eigenaar.get(mijn_url).content.decode())
    assert "achterstallig" in rapport_html(demo)

    # Whatever the rule says, every output follows it: it lives in realisatie.py only.
    monkeypatch.setattr("programmas.realisatie.is_achterstallig", lambda *a: False)
    assert "achterstallig" not in tekst(eigenaar.get(baat_url).content.decode())
    assert "Achterstallig" not in tekst(eigenaar.get(mijn_url).content.decode())
    assert "achterstallig" not in rapport_html(demo)


def test_the_pdf_table_of_meetmomenten_says_when_a_meting_was_taken(demo):
    b1 = Baat.objects.get(programma=demo, nummer=1)
    m = b1.meetmomenten.exclude(meting_tekst="").order_by("datum")[0]
    m.meetdatum_tekst = "3 september 2026"
    m.save()
    assert "gemeten op 3 september 2026" in rapport_html(demo)
