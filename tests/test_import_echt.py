"""Real plans import: messy text, long fields, the Meting column, ambiguous levels, bounded
reading, and a confirmation that applies only what the preview showed (issues 11 and 14)."""

import json
import re
from datetime import date
from decimal import Decimal

import markdown_it.parser_inline
import pytest

from programmas.demo import REFERENTIE
from programmas.uitwisseling import MAX_REGELS, lees_bestand
from tests.helpers import VOORBEELDEN, als

# The import reads dates against the `vandaag` each test passes, but a meting dated after the
# app's today is refused (models.Meetmoment): pin that day too, after every meting in the
# example files, so the machine's calendar decides nothing.
pytestmark = pytest.mark.vandaag(REFERENTIE)


def test_a_file_of_950000_short_lines_is_refused_at_once_with_the_reason(monkeypatch):
    def niet_lezen(*args, **kwargs):
        raise AssertionError("the Markdown parser should not run on this file")

    monkeypatch.setattr("programmas.uitwisseling.markdown_lezen.lees_blokken", niet_lezen)
    gelezen = lees_bestand(b"a\n" * 950_000)
    assert gelezen.plan is None
    assert [str(f) for f in gelezen.fouten] == [
        f"Het bestand heeft 950.001 regels; een plan heeft er hoogstens "
        f"{MAX_REGELS:,}. Is dit het goede bestand?".replace(",", ".")
    ]


def test_a_paragraph_of_1900000_brackets_is_read_without_inline_parsing(monkeypatch):
    # Inline parsing scans ahead from every "[" (quadratic); the reader needs only the text.
    aanroepen = []
    echt = markdown_it.parser_inline.ParserInline.parse
    monkeypatch.setattr(
        markdown_it.parser_inline.ParserInline,
        "parse",
        lambda self, *a, **k: aanroepen.append(1) or echt(self, *a, **k),
    )
    gelezen = lees_bestand(b"[" * 1_900_000)
    assert aanroepen == []
    assert gelezen.plan is None
    assert "het plan mist sectie 1 (Baten Overzicht)" in " ".join(map(str, gelezen.fouten))


def test_every_writer_reads_an_ambiguous_level_with_the_baats_unit(make_baat):
    from programmas.models import Cyclus, CyclusDoel, Meetmoment

    baat = make_baat(eenheid="%", nulmeting_tekst="40%", target_tekst="80%")
    meetmoment = Meetmoment.objects.create(
        baat=baat, datum_tekst="maart 2026", meting_tekst="Ontwerp gereed; naleving 55%"
    )
    cyclus = Cyclus.objects.create(programma=baat.programma, nummer=1)
    doel = CyclusDoel.objects.create(
        cyclus=cyclus, baat=baat, startniveau_tekst="NPS 20 (was 12); 40%"
    )
    assert meetmoment.meting == 55 and doel.startniveau == 40
    # With another unit no number carries it: the level keeps its text and has no number.
    baat.eenheid = "score"
    baat.save()
    meetmoment.refresh_from_db()
    doel.refresh_from_db()
    assert meetmoment.meting is None and meetmoment.meting_tekst == "Ontwerp gereed; naleving 55%"
    assert doel.startniveau is None


def plan_md(*, versie: str = "0.3", b1_details: str = "", cycli: str = "") -> bytes:
    """A small plan as a programme office writes it."""
    return f"""**Programma:** Klant Dichtbij
**Versie:** {versie}
**Datum:** maart 2026
**Opsteller:** [invullen]

## 1. Baten Overzicht

| Nr | Baat | Baateigenaar | Sector | Prioriteit |
|----|------|--------------|--------|------------|
| B1 | Snellere afhandeling | Teamleider KCC | PO/VO | [x] Hoog |

## 2. Batenrealisatie per Cyclus

{cycli}

## 4. Per Baat: Realisatiedetails

### Baat 1: Snellere afhandeling

{b1_details}
""".encode()


def test_a_target_equal_to_the_baseline_imports_with_a_warning_at_its_line(db):
    from programmas.uitwisseling import importeer

    details = (
        "**Huidige situatie (nulmeting):**\n- Score/niveau: 14 dagen\n- Datum: januari 2026\n\n"
        "**Doelsituatie:**\n- Target score: 14 dagen (eerst stabiliseren)\n- Deadline: 2027\n"
    )
    uitkomst = importeer(plan_md(b1_details=details))
    baat = uitkomst.programma.baten.get()
    assert baat.target_tekst == "14 dagen (eerst stabiliseren)" and baat.target == 14
    regel = (
        plan_md(b1_details=details)
        .decode()
        .split("\n")
        .index("- Target score: 14 dagen (eerst stabiliseren)")
        + 1
    )
    assert (
        f"Regel {regel}: B1, target score: De target score is gelijk aan de nulmeting: er valt "
        "dan niets te realiseren." in [str(w) for w in uitkomst.waarschuwingen]
    )


def test_a_cycle_that_only_measures_imports(db):
    from programmas.uitwisseling import importeer

    cycli = (
        "### Cyclus 1: Nulmeting - 2026 H1\n\n"
        "| Baat | Startniveau | Doelniveau | Indicator | Meetmoment |\n|---|---|---|---|---|\n"
        "| B1 | 14 dagen | 14 dagen | Doorlooptijd | juni 2026 |\n"
    )
    uitkomst = importeer(plan_md(cycli=cycli))
    doel = uitkomst.programma.cycli.get().doelen.get()
    assert (doel.startniveau, doel.doelniveau) == (14, 14)


def test_a_model_rule_refuses_the_row_with_an_error_at_its_line_and_nothing_is_stored(db):
    from programmas.models import Programma
    from programmas.uitwisseling import ImportFout, importeer

    details = (
        "**Huidige situatie (nulmeting):**\n- Score/niveau: 14 dagen\n- Datum: juni 2026\n\n"
        "**Doelsituatie:**\n- Target score: 7 dagen\n- Deadline: januari 2026\n"
    )
    inhoud = plan_md(b1_details=details)
    regel = inhoud.decode().split("\n").index("- Deadline: januari 2026") + 1
    try:
        importeer(inhoud)
    except ImportFout as fout:
        assert [str(f) for f in fout.fouten] == [
            f"Regel {regel}: B1, deadline: De deadline ligt niet na de datum van de nulmeting."
        ]
    else:
        raise AssertionError("the import should be refused")
    assert not Programma.objects.exists()


def test_long_texts_are_kept_whole_with_a_warning(db):
    from programmas.uitwisseling import importeer

    versie = "0.3 (concept, na review stuurgroep 12 maart)"
    eenheid = "dagen doorlooptijd " * 8  # 152 characters, the field holds 100
    details = (
        f"- Eenheid: {eenheid.strip()}\n\n"
        "**Huidige situatie (nulmeting):**\n- Score/niveau: 14 dagen\n\n"
        "**Doelsituatie:**\n- Target score: 7 dagen\n"
    )
    uitkomst = importeer(plan_md(versie=versie, b1_details=details))
    programma = uitkomst.programma
    assert programma.versie == versie
    baat = programma.baten.get()
    assert len(baat.eenheid) == 100 and baat.eenheid.endswith("…")
    assert f"B1, eenheid (volledige tekst): {eenheid.strip()}" in baat.toelichting
    assert any(
        "B1, eenheid: de tekst is 151 tekens, het veld houdt er 100" in str(w)
        for w in uitkomst.waarschuwingen
    )


def test_an_import_cannot_leave_a_programme_without_a_programmamanager(demo):
    import json

    from programmas.keuzes import Rol
    from programmas.uitwisseling import ImportFout, exporteer_json, importeer

    document = json.loads(exporteer_json(demo))
    for lid in document["programma"]["leden"]:
        if lid["rol"] == Rol.PROGRAMMAMANAGER:
            lid["rol"] = Rol.SPONSORGROEP
    pm = demo.lidmaatschappen.get(rol=Rol.PROGRAMMAMANAGER).user
    try:
        importeer(json.dumps(document).encode(), programma=demo, gebruiker=pm)
    except ImportFout as fout:
        assert [str(f) for f in fout.fouten] == [
            "Na deze import heeft het programma geen programmamanager meer, en kan niemand het "
            "nog beheren. Geef in de leden van het bestand minstens één lid de rol "
            "programmamanager."
        ]
    else:
        raise AssertionError("the import should be refused")
    assert demo.lidmaatschappen.filter(rol=Rol.PROGRAMMAMANAGER, user=pm).exists()


def upload(client, url: str, inhoud: bytes, naam: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(url, {"bestand": SimpleUploadedFile(naam, inhoud)})


def test_a_confirmation_does_not_apply_when_the_programme_changed_since_the_preview(client, demo):
    from django.urls import reverse

    from programmas.models import Meetmoment
    from programmas.uitwisseling import exporteer_json

    url = reverse("importeren", args=[demo.slug])
    als(client, "pm")
    response = upload(client, url, exporteer_json(demo).encode(), "backup.json")
    assert response.status_code == 200 and "Verwijderd (0)" in response.content.decode()
    # Meanwhile the baateigenaar enters three metingen.
    baat = demo.baten.filter(eigenaar__username="eigenaar").first()
    for dag in (10, 11, 12):
        Meetmoment.objects.create(
            baat=baat, datum_tekst=f"{dag}-11-2026", meting_tekst="6,1", gemeten_door=baat.eigenaar
        )
    response = client.post(url, {"bevestig": "1"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Het programma is gewijzigd sinds het voorbeeld" in html
    assert "Er is niets geïmporteerd" in html
    assert Meetmoment.objects.filter(baat=baat, meting_tekst="6,1").count() == 3
    # The fresh preview tells what confirming now would remove.
    assert "Verwijderd (3)" in html
    # Confirming that fresh preview applies it, as it said.
    response = client.post(url, {"bevestig": "1"})
    assert response.status_code == 302
    assert not Meetmoment.objects.filter(baat=baat, meting_tekst="6,1").exists()


def test_the_preview_shows_each_baats_figures_after_the_import(client, demo):
    from django.urls import reverse

    from programmas.uitwisseling import exporteer_markdown

    voor, _ = demo.figuren()
    als(client, "pm")
    md = exporteer_markdown(demo)
    response = upload(client, reverse("importeren", args=[demo.slug]), md.encode(), "plan.md")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Zo staan de baten er na de import voor" in html
    rijen = re.findall(r"<tr><th scope=\"row\">(B\d+) [^<]*</th><td>([^<]*)</td>", html)
    from programmas.templatetags.plan import procent

    assert rijen == [(code, procent(f.realisatie)) for code, f in voor.items()]
    assert "cel(len) gelezen als meting" in html


def test_audit_fields_from_a_file_never_link_a_user_of_another_programme(demo, make_user):
    import json

    from programmas.keuzes import Rol
    from programmas.models import Escalatie, Meetmoment
    from programmas.uitwisseling import exporteer_json, importeer

    buitenstaander = make_user("buitenstaander")
    pm = demo.lidmaatschappen.get(rol=Rol.PROGRAMMAMANAGER).user
    document = json.loads(exporteer_json(demo))
    plan = document["programma"]
    plan["meetmomenten"].append(
        {
            "baat": 1,
            "datum": "15-11-2026",
            "meting": "6,4",
            "toelichting": "Panel november",
            "gemeten_door": "buitenstaander",
        }
    )
    plan["escalaties"] = [
        {
            "criterium": "commitment",
            "omschrijving": "Eigenaar vertrokken",
            "datum": "2026-11-20",
            "gemeld_door": "buitenstaander",
        }
    ]
    uitkomst = importeer(json.dumps(document).encode(), programma=demo, gebruiker=pm)
    meting = Meetmoment.objects.get(baat__programma=demo, datum_tekst="15-11-2026")
    assert meting.gemeten_door == pm
    assert (
        meting.toelichting
        == "Panel november\n\nIngevoerd door volgens het geïmporteerde bestand: buitenstaander"
    )
    escalatie = Escalatie.objects.get(programma=demo, omschrijving__startswith="Eigenaar")
    assert escalatie.gemeld_door == pm and "buitenstaander" in escalatie.omschrijving
    assert buitenstaander not in {meting.gemeten_door, escalatie.gemeld_door}
    assert any(
        "'buitenstaander' is geen lid van dit programma" in str(w) for w in uitkomst.waarschuwingen
    )


ROMMELIG_BEWAARD = [
    "0.3 (concept, na review stuurgroep 12 maart)",
    "Manager KCC (nog bevestigen)",
    "NPS +5 (klantpanel, n=412)",
    "NPS klantpanel (alleen meten)",
    "18 dagen (eerste stap)",
    "Training klantgesprekken (2 dagdelen per medewerker)",
    "Herinnering na 1 week (ca. 10% extra respons)",
    "NPS 9 (was 5)",
    "21 dagen (mediaan)",
    "eind 2027",
    "Ontwerp gereed; naleving 55%",
    "Kwartaalmeting NPS",
    "Procesaudit",
    "Pilot in 2 teams",
]


@pytest.mark.parametrize("vandaag", [date(2026, 1, 1), date(2026, 11, 15), date(2030, 6, 1)])
def test_a_messy_plan_imports_with_warnings_and_nothing_lost_on_any_day(db, vandaag):
    from programmas.models import Meetmoment
    from programmas.uitwisseling import exporteer_json, importeer

    uitkomst = importeer((VOORBEELDEN / "rommelig.md").read_bytes(), vandaag=vandaag)
    waarschuwingen = [str(w) for w in uitkomst.waarschuwingen]
    programma = uitkomst.programma
    opgeslagen = exporteer_json(programma)
    for tekst in ROMMELIG_BEWAARD:
        assert json.dumps(tekst, ensure_ascii=False) in opgeslagen, tekst
    # The one remark that is not stored is named in a warning.
    assert "Regel 14: de opmerking '(vooral VO)' bij de sector is niet bewaard." in waarschuwingen
    assert any("'(was 5)' bij 'NPS 9 (was 5)'" in w for w in waarschuwingen)
    assert any(
        "'Ontwerp gereed; naleving 55%' (verwacht niveau) noemt meer dan één getal" in w
        for w in waarschuwingen
    )
    # The same metingen whatever the day: "Kwartaalmeting NPS" and "Procesaudit" in the
    # numeric baten describe what is measured; in the qualitative B3 any text is a meting.
    metingen = sorted(
        Meetmoment.objects.filter(baat__programma=programma)
        .exclude(meting_tekst="")
        .values_list("baat__nummer", "meting_tekst", "meting")
    )
    assert metingen == [
        (1, "NPS 9 (was 5)", Decimal(9)),
        (2, "ca. 17 dagen", Decimal(17)),
        (3, "Ontwerp gereed; naleving 55%", None),
        (3, "Procesaudit", None),
    ]
    omschrijvingen = sorted(
        Meetmoment.objects.filter(baat__programma=programma)
        .exclude(omschrijving="")
        .values_list("baat__nummer", "omschrijving")
    )
    assert omschrijvingen == [
        (1, "Kwartaalmeting NPS"),
        (1, "Kwartaalmeting NPS"),
        (2, "Procesaudit"),
        (2, "Procesaudit"),
    ]
    assert uitkomst.programma.versie == "0.3 (concept, na review stuurgroep 12 maart)"
    doel = programma.cycli.get(nummer=1).doelen.get(baat__nummer=1)
    assert doel.startniveau == doel.doelniveau == 5


def test_a_messy_plans_figures_come_out_as_the_domain_says(db):
    from programmas.realisatie import Onbepaald
    from programmas.uitwisseling import importeer

    programma = importeer((VOORBEELDEN / "rommelig.md").read_bytes()).programma
    figuren, _ = programma.figuren(vandaag=date(2026, 11, 15))
    # B1: NPS +5 -> +20, latest meting 9: (9 - 5) / (20 - 5) = 26,7 %, Basis.
    assert round(figuren["B1"].realisatie, 1) == Decimal("26.7")
    assert figuren["B1"].fase == "basis"
    # Planned measurements whose Meting cell only says what is measured are overdue.
    assert [m.datum for m in figuren["B1"].achterstallig] == [
        date(2026, 1, 31),
        date(2026, 7, 31),
        date(2026, 10, 31),
    ]
    # B2: 21 -> 10 dagen, latest meting 17: (17 - 21) / (10 - 21) = 36,4 %, Groei.
    assert round(figuren["B2"].realisatie, 1) == Decimal("36.4")
    assert figuren["B2"].fase == "groei"
    assert figuren["B3"].realisatie == Onbepaald.KWALITATIEF


def test_a_baat_depending_on_itself_is_refused_by_the_model_at_its_line(db):
    from programmas.models import Programma
    from programmas.uitwisseling import ImportFout, importeer

    inhoud = plan_md() + (
        b"\n## 5. Afhankelijkheden tussen Baten\n\n"
        b"| Baat | Afhankelijk van | Type | Impact op planning |\n|---|---|---|---|\n"
        b"| B1 | B1 | Planning | (eerst zelf op orde) |\n"
    )
    regel = inhoud.decode().split("\n").index("| B1 | B1 | Planning | (eerst zelf op orde) |") + 1
    with pytest.raises(ImportFout) as fout:
        importeer(inhoud)
    assert [str(f) for f in fout.value.fouten] == [
        f"Regel {regel}: afhankelijkheid van B1: Een baat kan niet van zichzelf afhangen."
    ]
    assert not Programma.objects.exists()


def test_a_long_text_in_a_row_without_a_note_of_its_own_is_kept_in_its_sections_note(db):
    from programmas.uitwisseling import importeer

    indicator = "Doorlooptijd van aanvraag tot besluit, gemeten in werkdagen " * 4
    cycli = (
        "### Cyclus 1: Fundament - 2026 H1\n\n"
        "| Baat | Startniveau | Doelniveau | Indicator | Meetmoment |\n|---|---|---|---|---|\n"
        f"| B1 | 21 dagen | 18 dagen | {indicator.strip()} | juni 2026 |\n"
    )
    uitkomst = importeer(plan_md(cycli=cycli))
    programma = uitkomst.programma
    doel = programma.cycli.get().doelen.get()
    assert len(doel.indicator) == 200 and doel.indicator.endswith("…")
    assert (
        f"cyclus 1, B1, indicator (volledige tekst): {indicator.strip()}"
        in programma.toelichting_cycli
    )
    assert any("cyclus 1, B1, indicator: de tekst is" in str(w) for w in uitkomst.waarschuwingen)


def test_a_shortened_text_round_trips_and_a_second_import_changes_nothing(db):
    from programmas.uitwisseling import exporteer_json, exporteer_markdown, importeer

    indicator = "Doorlooptijd van aanvraag tot besluit, gemeten in werkdagen " * 4
    cycli = (
        "### Cyclus 1: Fundament - 2026 H1\n\n"
        "| Baat | Startniveau | Doelniveau | Indicator | Meetmoment |\n|---|---|---|---|---|\n"
        f"| B1 | 21 dagen | 18 dagen | {indicator.strip()} | juni 2026 |\n"
    )
    inhoud = plan_md(versie="0.3 (concept)", cycli=cycli)
    programma = importeer(inhoud).programma
    assert importeer(inhoud, programma=programma, proef=True).wijzigingen == []
    for export in (exporteer_markdown(programma), exporteer_json(programma)):
        assert importeer(export.encode(), programma=programma, proef=True).wijzigingen == []


def test_a_meting_saved_just_after_the_preview_is_not_removed_by_the_confirmation(
    client, demo, monkeypatch
):
    # The fingerprint must cover exactly what was previewed: a meting that arrives after the
    # preview was made (but before the request ends) makes the confirmation stale.
    from django.urls import reverse

    from programmas import uitwisseling
    from programmas.models import Meetmoment

    baat = demo.baten.filter(eigenaar__username="eigenaar").first()
    echt = uitwisseling.importeer

    def preview_then_meting(*args, **kwargs):
        uitkomst = echt(*args, **kwargs)
        if kwargs.get("proef") and not Meetmoment.objects.filter(meting_tekst="6,4").exists():
            Meetmoment.objects.create(
                baat=baat, datum_tekst="14-11-2026", meting_tekst="6,4", gemeten_door=baat.eigenaar
            )
        return uitkomst

    monkeypatch.setattr(uitwisseling, "importeer", preview_then_meting)
    url = reverse("importeren", args=[demo.slug])
    als(client, "pm")
    response = upload(client, url, uitwisseling.exporteer_json(demo).encode(), "backup.json")
    assert response.status_code == 200 and "Verwijderd (0)" in response.content.decode()
    response = client.post(url, {"bevestig": "1"})
    assert response.status_code == 409
    assert "Het programma is gewijzigd sinds het voorbeeld" in response.content.decode()
    assert Meetmoment.objects.filter(baat=baat, meting_tekst="6,4").count() == 1
