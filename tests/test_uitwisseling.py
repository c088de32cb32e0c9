import json
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from django.apps import apps
from django.db import transaction
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from programmas.demo import REFERENTIE, SLUG
from programmas.geschiedenis import historische_modellen
from programmas.keuzes import Prioriteit, Rol
from programmas.models import (
    Afhankelijkheid,
    ApiSleutel,
    ApiToken,
    Baat,
    Meetmoment,
    Planversie,
    Profiel,
    Programma,
    Prullenbak,
    RapportAanvraag,
    Risico,
    VerzondenHerinnering,
    Wijzigingsset,
)
from programmas.uitwisseling import (
    ImportFout,
    exporteer_json,
    exporteer_markdown,
    exporteer_xlsx,
    importeer,
    lees_bestand,
)
from tests.helpers import RIJEN, VOORBEELDEN, ZES_BATEN, database, dump

# The import reads dates against the `vandaag` each test passes, but a meting dated after the
# app's today is refused (models.Meetmoment): pin that day too, after every meting in the
# example files, so the machine's calendar decides nothing.
pytestmark = pytest.mark.vandaag(REFERENTIE)


# A copy of ../shared/template/batenrealisatieplan.md, the template the product implements.
TEMPLATE = Path(__file__).parent / "voorbeelden" / "sjabloon.md"
VANDAAG = date(2026, 11, 29)

# Not plan content: the prullenbak holds recent deletes to undo (programmas/prullenbak.py);
# a backup restores the plan, not the undo history of the programme it came from. Reports
# are made from the plan, not part of it: neither exported nor imported.
BUITEN_EXPORT = {Prullenbak, RapportAanvraag}
# Nor are a user's API tokens and the keys of their pushes (issue 18): credentials and
# the memory of requests, not the plan; the metingen they stored are exported.
BUITEN_EXPORT |= {ApiToken, ApiSleutel}
# A person's profile and the reminders sent to them (issue 16) are the person's, not a
# programme's.
BUITEN_EXPORT |= {Profiel, VerzondenHerinnering}
# Versions and history (issue 15) are about the plan's past, kept beside it: a version holds
# a complete document of its own, the history is the record of this server's changes.
BUITEN_EXPORT |= {Planversie, Wijzigingsset, *historische_modellen()}


def test_the_dump_covers_every_model_of_the_app():
    assert set(RIJEN) | BUITEN_EXPORT == set(apps.get_app_config("programmas").get_models())


# Round trips


def test_the_demo_round_trips_exactly_through_json(demo):
    voor = dump(demo)
    document = exporteer_json(demo)
    demo.delete()
    uitkomst = importeer(document.encode())
    assert uitkomst.waarschuwingen == []
    assert dump(Programma.objects.get(slug=SLUG)) == voor


def test_the_demo_round_trips_exactly_through_markdown(demo):
    voor = dump(demo, markdown=True, slug=False)
    tekst = exporteer_markdown(demo, vandaag=VANDAAG)
    importeer(tekst.encode(), slug="kopie", vandaag=VANDAAG)
    kopie = Programma.objects.get(slug="kopie")
    assert dump(kopie, markdown=True, slug=False) == voor
    assert exporteer_markdown(kopie, vandaag=VANDAAG) == tekst


@pytest.mark.parametrize("formaat", ["md", "json"])
def test_importing_an_unchanged_export_previews_no_change_and_changes_nothing(demo, formaat):
    inhoud = (
        exporteer_markdown(demo, vandaag=VANDAAG) if formaat == "md" else exporteer_json(demo)
    ).encode()
    revisies = sorted(Baat.objects.values_list("revisie", flat=True))
    voor = dump(demo)
    assert importeer(inhoud, programma=demo, proef=True, vandaag=VANDAAG).wijzigingen == []
    assert importeer(inhoud, programma=demo, vandaag=VANDAAG).wijzigingen == []
    assert dump(demo) == voor
    assert sorted(Baat.objects.values_list("revisie", flat=True)) == revisies


def test_the_template_imports_as_an_empty_plan_with_six_named_baten(make_user):
    pm = make_user("pm", first_name="Petra", last_name="Mulder")
    uitkomst = importeer(TEMPLATE.read_bytes(), gebruiker=pm)
    programma = uitkomst.programma
    assert (uitkomst.nieuw, uitkomst.slug, uitkomst.waarschuwingen) == (True, "klant-in-beeld", [])
    assert [b.naam for b in programma.baten.all()] == ZES_BATEN
    assert [(s.code, s.naam) for s in programma.sectoren.all()] == [
        ("PO", "Primair onderwijs"),
        ("VO", "Voortgezet onderwijs"),
        ("ZAK", "Zakelijk"),
    ]
    assert not programma.cycli.exists()
    assert not Meetmoment.objects.filter(baat__programma=programma).exists()
    assert not Risico.objects.filter(baat__programma=programma).exists()
    assert not programma.vermogens.exists() and not programma.inspanningen.exists()
    assert set(programma.stuurparameters.values_list("status", flat=True)) == {""}
    # Whoever creates a programme from a plan without members becomes its programmamanager.
    assert [(lid.user, lid.rol) for lid in programma.lidmaatschappen.all()] == [
        (pm, Rol.PROGRAMMAMANAGER)
    ]


@pytest.mark.parametrize(
    ("bestand", "vandaag"),
    [("tidy.md", VANDAAG), ("druk.md", date(2025, 11, 15)), ("rommelig.md", date(2026, 11, 15))],
)
def test_the_examples_round_trip_exactly_through_markdown_and_json(db, bestand, vandaag):
    origineel = importeer((VOORBEELDEN / bestand).read_bytes(), vandaag=vandaag).programma
    voor = dump(origineel, slug=False)
    tekst = exporteer_markdown(origineel, vandaag=vandaag)
    via_md = importeer(tekst.encode(), slug="via-md", vandaag=vandaag).programma
    assert dump(via_md, slug=False) == voor
    assert exporteer_markdown(via_md, vandaag=vandaag) == tekst
    document = exporteer_json(origineel)
    origineel.delete()
    via_json = importeer(document.encode()).programma
    assert dump(via_json, slug=False) == voor
    if bestand == "tidy.md":
        assert tekst == (VOORBEELDEN / bestand).read_text()


def test_the_busy_example_imports_with_the_warnings_of_its_lines(db):
    uitkomst = importeer((VOORBEELDEN / "druk.md").read_bytes(), vandaag=date(2025, 11, 15))
    waarschuwingen = [str(m) for m in uitkomst.waarschuwingen]
    # 10 of reading, 2 cycle meetmomenten outside the roadmap (Q3 2025 - Q2 2026).
    assert len(waarschuwingen) == 12 and all(w.startswith("Regel ") for w in waarschuwingen)
    programma = uitkomst.programma
    b1 = programma.baten.get(nummer=1)
    assert (b1.eigenaar, b1.eigenaar_naam, b1.nulmeting, b1.target) == (
        None,
        "Sectormanagers PO en VO",
        Decimal(21),
        Decimal(7),
    )
    # "eind 2026" is the last day of 2026, as "2026" is.
    assert b1.nulmeting_datum == date(2025, 9, 30) and b1.deadline == date(2026, 12, 31)
    b4 = programma.baten.get(nummer=4)
    assert (b4.nulmeting, b4.target, b4.eenheid) == (Decimal(0), Decimal(100), "%")
    assert programma.eerste_kwartaal() == (2025, 3)
    afhankelijkheid = Afhankelijkheid.objects.get(baat__nummer=3, baat__programma=programma)
    assert [b.code for b in afhankelijkheid.van.order_by("nummer")] == ["B1", "B2"]
    assert programma.bijlagen.startswith("## 8. Communicatie")


# Errors: reported all at once, nothing written


BESCHADIGD_FOUTEN = [
    "Regel 13: er zijn twee baten met nummer B2 (ook op regel 12).",
    "Regel 14: B5 heeft geen naam.",
    "Regel 20: de tabel van cyclus 1 mist de kolom Doelniveau.",
    "Regel 29: de roadmap noemt B9, die niet in sectie 1 staat.",
    "Regel 43: de tabel in sectie 4 (Realisatiedetails) is niet te lezen: de kopregel heeft 3 "
    "kolommen en de scheidingsregel eronder 2.",
    "Regel 47: sectie 4 noemt Baat 7, die niet in sectie 1 staat.",
    "Regel 56: afhankelijkheid van B1: B8 staat niet in de lijst van baten (sectie 1).",
    "Regel 62: sectie 6 (Monitoring & Sturing) staat twee keer in het plan (ook op regel 58).",
]


def test_a_damaged_file_reports_every_error_with_its_line_and_changes_nothing(demo):
    voor = database()
    with pytest.raises(ImportFout) as fout:
        importeer((VOORBEELDEN / "beschadigd.md").read_bytes(), programma=demo)
    assert [str(m) for m in fout.value.fouten] == BESCHADIGD_FOUTEN
    assert database() == voor


def test_a_failure_while_writing_leaves_no_half_plan(demo):
    from django.db import DatabaseError, connection

    tabel = Meetmoment._meta.db_table

    def weigert(execute, sql, params, many, context):
        # The database itself fails on writing metingen, however the importer writes them.
        if sql.lstrip().upper().startswith(("INSERT", "UPDATE")) and tabel in sql:
            raise DatabaseError("schijf vol")
        return execute(sql, params, many, context)

    document = exporteer_json(demo).replace("Klantpanel Q3", "Klantpanel derde kwartaal")
    voor = database()
    with connection.execute_wrapper(weigert):
        with pytest.raises(ImportFout) as fout:
            importeer(document.encode(), programma=demo)
        assert "er is niets opgeslagen" in str(fout.value)
        with pytest.raises(ImportFout):
            importeer((VOORBEELDEN / "tidy.md").read_bytes())
    assert database() == voor


def test_a_new_programme_needs_a_slug_of_its_own(demo):
    with pytest.raises(ImportFout) as fout:
        importeer(exporteer_json(demo).encode())
    assert [str(m) for m in fout.value.fouten] == [
        "Er bestaat al een programma met de slug 'klant-in-beeld'; kies een andere slug of werk "
        "dat programma bij."
    ]


# The preview


def test_the_preview_tells_exactly_what_an_import_creates_changes_and_removes(demo):
    tekst = exporteer_markdown(demo, vandaag=VANDAAG)
    tekst = tekst.replace(
        "| B2 | Hogere klanttevredenheid | Erik de Eigenaar | PO/VO | [ ] Kritiek [x] Hoog",
        "| B2 | Hogere klanttevredenheid | Erik de Eigenaar | PO/VO | [x] Kritiek [ ] Hoog",
    )
    tekst = tekst.replace(
        "| B6 | Outside-in cultuur | Directeur Bedrijfsvoering | PO/VO/ZAK | [ ] Kritiek [x] Hoog "
        "[ ] Midden |",
        "| B7 | Digitale dienstverlening | Manager Digitaal | ZAK | |",
    )
    tekst = tekst.replace("### Baat 6: Outside-in cultuur", "### Baat 7: Digitale dienstverlening")
    tekst = tekst.replace("B6 ──────┤", "B7 ──────┤")
    voor = database()
    voorbeeld_ = importeer(tekst.encode(), programma=demo, proef=True, vandaag=VANDAAG)
    assert database() == voor
    assert voorbeeld_.programma is None and not voorbeeld_.nieuw
    samenvatting = [str(w) for w in voorbeeld_.wijzigingen]
    assert "Gewijzigd: baat B2 Hogere klanttevredenheid (prioriteit: 'Hoog' → 'Kritiek')" in (
        samenvatting
    )
    assert "Nieuw: baat B7 Digitale dienstverlening" in samenvatting
    assert "Verwijderd: baat B6 Outside-in cultuur" in samenvatting
    assert "Verwijderd: meetmoment B6 juni 2026" in samenvatting
    assert "Nieuw: meetmoment B7 juni 2026" in samenvatting
    uitkomst = importeer(tekst.encode(), programma=demo, vandaag=VANDAAG)
    assert [str(w) for w in uitkomst.wijzigingen] == samenvatting
    assert demo.baten.get(nummer=2).prioriteit == Prioriteit.KRITIEK
    assert not demo.baten.filter(nummer=6).exists()


def test_an_update_raises_the_revisie_of_changed_rows_only(demo):
    tekst = exporteer_markdown(demo, vandaag=VANDAAG).replace("| 6,9 | 6,8 |", "| 7,0 | 6,8 |")
    uitkomst = importeer(tekst.encode(), programma=demo, vandaag=VANDAAG)
    assert [str(w) for w in uitkomst.wijzigingen] == [
        "Gewijzigd: meetmoment B1 juni 2026 (meting: '6,9' → '7,0')"
    ]
    revisies = dict(Meetmoment.objects.filter(baat__nummer=1).values_list("datum_tekst", "revisie"))
    assert revisies == {"maart 2026": 1, "juni 2026": 2, "september 2026": 1, "december 2026": 1}


def test_a_markdown_plan_without_a_section_leaves_that_part_alone(demo):
    tekst = exporteer_markdown(demo, vandaag=VANDAAG)
    begin, eind = tekst.index("## 5. Afhankelijkheden"), tekst.index("## 6. Monitoring")
    voor = dump(demo)
    zonder = (tekst[:begin] + tekst[eind:]).encode()
    assert importeer(zonder, programma=demo, vandaag=VANDAAG).wijzigingen == []
    assert dump(demo) == voor


# Owners


def test_an_owner_written_as_a_members_name_or_username_is_linked(demo, make_user):
    tekst = exporteer_markdown(demo, vandaag=VANDAAG)
    tekst = tekst.replace("| Manager Data & Analyse |", "| pm |")
    tekst = tekst.replace("| Directeur Bedrijfsvoering |", "| Sanne Sponsor |")
    importeer(tekst.encode(), programma=demo, vandaag=VANDAAG)
    baten = {b.nummer: b for b in demo.baten.select_related("eigenaar")}
    assert baten[1].eigenaar.get_username() == "eigenaar"
    assert (baten[4].eigenaar.get_username(), baten[4].eigenaar_naam) == ("pm", "")
    # A member of the sponsorgroep does not own baten: the text stays a name.
    assert (baten[6].eigenaar, baten[6].eigenaar_naam) == (None, "Sanne Sponsor")
    assert (baten[5].eigenaar, baten[5].eigenaar_naam) == (None, "Sectormanagers PO en VO")


# Files that are not a plan


@pytest.mark.parametrize(
    ("inhoud", "fout"),
    [
        (b"x" * (2 * 1024 * 1024 + 1), "Het bestand is 2.0 MB; het mag hoogstens 2 MB zijn."),
        (b"PK\x03\x04rest-of-a-zip", "Dit is geen tekstbestand en geen Excel-werkmap"),
        (b"\x00\x01\x02binary\x00", "Dit bestand is niet als tekst te lezen"),
        (bytes(range(1, 32)) * 20, "Dit bestand bevat binaire gegevens en is geen plan."),
        (b"", "Regel 1: het plan mist sectie 1"),
        (b'{"formaat": "iets anders"}', "Dit is geen JSON-document van Batenplan"),
        (b'{"formaat": "batenplan", "versie": 2}', "Versie 2 van het document wordt niet"),
        (b'{"formaat": "batenplan",\n "versie": }', "Regel 2: dit is geen geldige JSON"),
    ],
)
def test_a_file_that_is_not_a_plan_is_refused_with_a_reason(db, inhoud, fout):
    gelezen = lees_bestand(inhoud)
    assert gelezen.plan is None
    assert any(str(f).startswith(fout) for f in gelezen.fouten)
    with pytest.raises(ImportFout):
        importeer(inhoud)
    assert not Programma.objects.exists()


def test_a_json_document_with_wrong_values_names_each_place(db):
    document = {
        "formaat": "batenplan",
        "versie": 1,
        "programma": {"kop": {"naam": 7}, "baten": [{"nummer": "een", "naam": "B"}, {}]},
    }
    gelezen = lees_bestand(json.dumps(document).encode())
    assert [str(f) for f in gelezen.fouten] == [
        "programma.kop.naam: verwacht tekst.",
        "programma.baten[0].nummer: verwacht een geheel getal.",
        "programma.baten[1]: het veld 'nummer' ontbreekt.",
    ]


def test_a_windows_1252_file_is_read_with_a_warning_and_utf_16_without(db):
    tekst = "**Programma:** Proef\n\n## 1. Baten\n\n| Nr | Baat | Baateigenaar | Sector | "
    tekst += "Prioriteit |\n|---|---|---|---|---|\n| B1 | Efficiëntere processen | | | |\n"
    gelezen = lees_bestand(tekst.encode("cp1252"))
    assert gelezen.plan is not None and gelezen.plan.baten[0].naam == "Efficiëntere processen"
    assert [str(m) for m in gelezen.waarschuwingen] == [
        "Het bestand is geen UTF-8; het is gelezen als Windows-1252. Controleer de letters met "
        "accenten."
    ]
    gelezen = lees_bestand(TEMPLATE.read_text().encode("utf-16"))
    assert gelezen.plan is not None and gelezen.waarschuwingen == []


def test_html_and_formulas_in_texts_are_stored_as_text_and_exported_safely(demo):
    script = '<script>alert("x")</script>'
    Baat.objects.filter(programma=demo, nummer=1).update(naam=script, toelichting="=1+1")
    tekst = exporteer_markdown(demo, vandaag=VANDAAG)
    assert "<script>" not in tekst.replace("\\<", "")
    kopie = importeer(tekst.encode(), slug="kopie", vandaag=VANDAAG).programma
    assert kopie.baten.get(nummer=1).naam == script
    assert json.loads(exporteer_json(demo))["programma"]["baten"][0]["naam"] == script
    werkboek = load_workbook(BytesIO(exporteer_xlsx(demo)))
    assert werkboek["1 Baten"]["B2"].value == script
    cel = werkboek["4 Realisatiedetails"]["O2"]
    assert (cel.value, cel.data_type) == ("=1+1", "s")


# Excel


def test_the_excel_export_shows_the_sponsorgroeps_besluit_on_an_escalation(demo):
    escalatie = demo.escalaties.filter(automatisch=False).first()
    escalatie.besluit = "Aanbesteding opnieuw; B4 schuift een kwartaal"
    escalatie.besluit_op = date(2026, 11, 26)
    escalatie.full_clean()  # as every writer does: the model's rules close it
    escalatie.save()
    blad = load_workbook(BytesIO(exporteer_xlsx(demo)))["7 Escalatie"]
    rijen = [[c.value for c in rij] for rij in blad.iter_rows()]
    assert rijen[0][-2:] == ["Besluit sponsorgroep", "Besluit op"]
    rij = next(r for r in rijen if r[0] and escalatie.omschrijving in str(r[0]))
    assert rij[-2:] == ["Aanbesteding opnieuw; B4 schuift een kwartaal", datetime(2026, 11, 26)]
    assert rij[1] is True  # a besluit ends the escalation (Escalatie's rule)


def test_the_excel_export_has_a_sheet_per_section_with_real_numbers_and_dates(demo):
    werkboek = load_workbook(BytesIO(exporteer_xlsx(demo)))
    assert werkboek.sheetnames == [
        "Programma",
        "Doelen",  # the benefits map (issue 17)
        "Sectoren",
        "1 Baten",
        "2 Cycli",
        "3 Roadmap",
        "4 Realisatiedetails",
        "4 Vermogens",
        "4 Inspanningen",
        "4 Risico's",
        "5 Afhankelijkheden",
        "6 Monitoring",
        "7 Escalatie",
        "Metingen",
    ]
    baten = [[c.value for c in rij] for rij in werkboek["1 Baten"].iter_rows(min_row=2)]
    assert baten[0] == [
        "B1",
        "Consistente klantbeleving",
        "Erik de Eigenaar",
        "PO/VO/ZAK",
        "Kritiek",
        "score",
        "Klantbelevingsscore (1-10) uit het klantpanel",
    ]
    details = werkboek["4 Realisatiedetails"]
    assert [details[f"{k}2"].value for k in "CDFGHIJK"] == [
        "6,0",
        6,
        "december 2025",
        datetime(2025, 12, 31),
        "8,0",
        8,
        "juni 2027",
        datetime(2027, 6, 30),
    ]
    metingen = [[c.value for c in rij] for rij in werkboek["Metingen"].iter_rows(min_row=2)]
    assert len(metingen) == Meetmoment.objects.filter(baat__programma=demo).count()
    assert metingen[0][:9] == [
        "B1",
        "maart 2026",
        datetime(2026, 3, 31),
        "Klantpanel Q1",
        "6,4",
        6.4,
        "6,5",
        6.5,
        "score",
    ]
    assert metingen[0][10] == "eigenaar"
    roadmap = [[c.value for c in rij] for rij in werkboek["3 Roadmap"].iter_rows()]
    assert roadmap[0] == ["Baat", "Q1", "Q2", "Q3", "Q4", "Q5", "Q6"]
    assert roadmap[2] == ["B2", None, "Basis", "Groei", "Groei", "Target", "Target"]
    afhankelijkheden = werkboek["5 Afhankelijkheden"]
    assert [c.value for c in afhankelijkheden[2]][:4] == ["B2", "B1", "Inhoudelijk", 50]


# Whatever the input: a clean import or a clean error

BRONNEN = [
    TEMPLATE.read_text(),
    *(p.read_text(encoding="utf-8-sig") for p in sorted(VOORBEELDEN.glob("*.md"))),
]
mutatie = st.tuples(
    st.sampled_from(["weg", "dubbel", "wissel", "vervang", "invoegen", "afkappen", "pijpen"]),
    st.integers(min_value=0, max_value=10**6),
    st.integers(min_value=0, max_value=10**6),
    st.text(max_size=30),
)


def muteer(tekst: str, mutaties: list[tuple[str, int, int, str]]) -> str:
    regels = tekst.split("\n")
    for soort, a, b, nieuw in mutaties:
        i, j = a % len(regels), b % len(regels)
        if soort == "weg":
            del regels[i]
        elif soort == "dubbel":
            regels.insert(i, regels[i])
        elif soort == "wissel":
            regels[i], regels[j] = regels[j], regels[i]
        elif soort == "vervang":
            regels[i] = nieuw
        elif soort == "invoegen":
            positie = b % (len(regels[i]) + 1)
            regels[i] = regels[i][:positie] + nieuw + regels[i][positie:]
        elif soort == "afkappen":
            regels = regels[: i + 1]
        else:
            regels[i] = regels[i].replace("|", nieuw[:1])
        regels = regels or [""]
    return "\n".join(regels)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(bron=st.sampled_from(BRONNEN), mutaties=st.lists(mutatie, min_size=1, max_size=4))
def test_a_mutated_template_gives_a_clean_import_or_a_clean_error(db, bron, mutaties):
    inhoud = muteer(bron, mutaties).encode()
    with transaction.atomic():
        try:
            uitkomst = importeer(inhoud, vandaag=VANDAAG)
        except ImportFout as fout:
            event("een nette fout")
            assert fout.fouten and all(isinstance(str(f), str) for f in fout.fouten)
            assert not Programma.objects.exists()
        else:
            event("een nette import")
            assert Programma.objects.get(slug=uitkomst.slug).naam == uitkomst.naam
        transaction.set_rollback(True)


@settings(max_examples=60, deadline=None)
@given(inhoud=st.binary(max_size=400))
def test_random_bytes_never_crash_the_reader(inhoud):
    gelezen = lees_bestand(inhoud)
    assert gelezen.plan is not None or gelezen.fouten


def test_a_refusal_by_the_database_stops_the_import_with_a_message_not_a_crash(demo):
    """Baten the database refuses (a constraint the rules did not foresee) are not written;
    the metingen of those baten must then not be written against them either."""
    from django.db import IntegrityError, connection

    tabel = Baat._meta.db_table

    def weigert(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith("INSERT") and tabel in sql:
            raise IntegrityError("UNIQUE constraint failed")
        return execute(sql, params, many, context)

    voor = database()
    with connection.execute_wrapper(weigert), pytest.raises(ImportFout) as fout:
        importeer((VOORBEELDEN / "tidy.md").read_bytes())
    assert "De database weigerde het plan; er is niets opgeslagen" in str(fout.value)
    assert database() == voor
