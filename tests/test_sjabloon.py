import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from programmas.keuzes import Fase, Frequentie, Kans, Prioriteit, Status
from programmas.uitwisseling.markdown_lezen import lees_markdown, schrijf_markdown
from programmas.uitwisseling.plandata import (
    BaatData,
    CyclusData,
    InspanningData,
    Kop,
    MeetmomentData,
    PlanData,
    RisicoData,
    VermogenData,
    naar_json,
)

VOORBEELDEN = Path(__file__).parent / "voorbeelden"
# A copy of ../shared/template/batenrealisatieplan.md, the template the product implements.
TEMPLATE = VOORBEELDEN / "sjabloon.md"
VANDAAG = date(2026, 11, 29)
# The busy plan was written in the autumn of 2025.
DRUK_VANDAAG = date(2025, 11, 15)


def lees(tekst: str, vandaag: date = VANDAAG):
    return lees_markdown(tekst, vandaag=vandaag)


def meldingen(resultaat) -> list[str]:
    return [str(m) for m in resultaat.fouten + resultaat.waarschuwingen]


def minimaal(*regels: str, baten: str = "| B1 | Een | | PO | Hoog |") -> str:
    """A small plan: the header, section 1 with `baten`, and whatever lines follow."""
    kop = [
        "**Programma:** Proef",
        "",
        "## 1. Baten Overzicht",
        "",
        "| Nr | Baat | Baateigenaar | Sector | Prioriteit |",
        "|----|------|--------------|--------|------------|",
    ]
    return "\n".join([*kop, *baten.split("\n"), "", *regels]) + "\n"


# The template itself


def test_the_template_reads_as_an_empty_plan_with_six_named_baten():
    resultaat = lees(TEMPLATE.read_text())
    plan = resultaat.plan
    assert resultaat.fouten == [] and resultaat.waarschuwingen == []
    assert [(b.nummer, b.naam) for b in plan.baten] == [
        (1, "Consistente klantbeleving"),
        (2, "Hogere klanttevredenheid"),
        (3, "Efficiëntere klantprocessen"),
        (4, "Betere klantinzichten"),
        (5, "Sterkere klantrelaties"),
        (6, "Outside-in cultuur"),
    ]
    assert all(b.eigenaar == "" and b.prioriteit == "" for b in plan.baten)
    assert all(b.nulmeting == b.target == b.deadline == "" for b in plan.baten)
    # Placeholders are "not filled in": versie, datum, cycles, section 4, meetmomenten.
    assert (plan.kop.naam, plan.kop.versie, plan.kop.datum) == ("Klant in Beeld", "", "")
    assert plan.cycli == [] and plan.vermogens == [] and plan.meetmomenten == []
    assert plan.risicos == [] and plan.inspanningen == []
    assert plan.stuurparameters[0].norm == "Groen"
    assert {s.status for s in plan.stuurparameters} == {""}
    assert plan.frequentie == ""
    assert not plan.escaleer_bij_achterstand and plan.escalatie_drempel == 20


def test_the_templates_example_content_is_read_as_written():
    plan = lees(TEMPLATE.read_text()).plan
    # "PO/VO/ZAK" reads as all three, the sectors a baat writes when it serves all of them.
    assert {tuple(b.sectoren) for b in plan.baten} == {("PO", "VO", "ZAK")}
    # Six labels over five cells: six quarters, read left to right, Q6 empty.
    assert plan.aantal_kwartalen == 6
    assert plan.baten[0].roadmap == {1: "basis", 2: "groei", 3: "groei", 4: "target", 5: "borging"}
    assert plan.baten[1].roadmap == {2: "basis", 3: "groei", 4: "groei", 5: "target"}
    [afhankelijkheid] = plan.afhankelijkheden
    assert (afhankelijkheid.baat, afhankelijkheid.van, afhankelijkheid.drempel) == (2, [1], 50)


def test_the_template_written_back_reads_the_same():
    plan = lees(TEMPLATE.read_text()).plan
    assert naar_json(lees(schrijf_markdown(plan, vandaag=VANDAAG)).plan) == naar_json(plan)


# The tidy and the busy example


def test_a_tidy_plan_is_written_back_exactly_as_it_was_read():
    tekst = (VOORBEELDEN / "tidy.md").read_text()
    resultaat = lees(tekst)
    assert meldingen(resultaat) == []
    assert schrijf_markdown(resultaat.plan, vandaag=VANDAAG) == tekst


def test_the_tidy_plan_is_read_completely():
    plan = lees((VOORBEELDEN / "tidy.md").read_text()).plan
    assert (plan.start_jaar, plan.start_kwartaal, plan.aantal_kwartalen) == (2026, 1, 4)
    assert [b.eenheid for b in plan.baten] == ["dagen", "cijfer", "€"]
    assert [(v.omschrijving, v.baten) for v in plan.vermogens] == [
        ("Digitaal aanvraagportaal", [1, 2]),
        ("Zaakgericht werken", [1, 3]),
    ]
    assert [(i.omschrijving, i.baten, i.vermogens) for i in plan.inspanningen] == [
        ("Project Aanvraagportaal", [1, 2], ["Digitaal aanvraagportaal"]),
        ("Training zaakgericht werken", [1, 3], ["Zaakgericht werken"]),
    ]
    assert [a.drempel for a in plan.afhankelijkheden] == [50, 30]
    assert plan.toelichtingen["cycli"].startswith("Cyclus 2 start")
    assert plan.baten[1].toelichting == "Het cijfer is het gemiddelde van PO en VO samen."


DRUK_WAARSCHUWINGEN = [
    "Regel 21: de opmerking '(voorlopig)' bij prioriteit is niet bewaard.",
    "Regel 25: deze rij heeft 1 cel(len) meer dan de kop; die zijn niet gelezen.",
    "Regel 37: 'na de zomer' (meetmoment) is niet als datum te lezen; bewaard als tekst.",
    "Regel 59: 'Groeien' in Q3 van B3 is geen fase (Basis, Groei, Target of Borging); niet "
    "bewaard.",
    "Regel 87: de opmerking '(schatting)' bij impact is niet bewaard.",
    "Regel 141: losse tekst bij B4 is bewaard als toelichting.",
    "Regel 146: 'Ontwerp gereed' (verwacht niveau) bevat geen eenduidig getal; bewaard als "
    "tekst, het niveau telt als kwalitatief.",
    "Regel 147: 'van 0 naar 1 sector' (meting) noemt meer dan één getal of niveau en geen van "
    "de getallen draagt de eenheid '%'; bewaard als tekst zonder getal, het niveau telt als "
    "kwalitatief.",
    "Regel 169: 'Budget' is geen stuurparameter (Doeltreffendheid, Tempo, Haalbaarheid, "
    "Wendbaarheid, Efficiëntie); niet bewaard.",
    "Regel 179: Deze sectie kent het sjabloon niet; bewaard als bijlage.",
]


def test_a_busy_plan_reads_with_a_warning_at_each_line_it_could_not_interpret():
    resultaat = lees((VOORBEELDEN / "druk.md").read_text(encoding="utf-8"), DRUK_VANDAAG)
    assert resultaat.fouten == []
    assert [str(m) for m in resultaat.waarschuwingen] == DRUK_WAARSCHUWINGEN


def test_a_busy_plan_keeps_what_people_wrote_and_takes_numbers_and_choices_from_it():
    plan = lees((VOORBEELDEN / "druk.md").read_text(encoding="utf-8"), DRUK_VANDAAG).plan
    b1, b2, b3, b4 = plan.baten
    assert plan.kop.naam == "Leerlingzorg Dichtbij" and plan.kop.versie == "0.3 (concept)"
    assert (b1.eigenaar, b1.sectoren, b1.prioriteit) == (
        "Sectormanagers PO en VO",
        ["PO", "VO"],
        Prioriteit.HOOG,
    )
    assert (b2.naam, b2.sectoren, b2.prioriteit) == ("Tevreden ouders", ["PO", "ZAK"], "hoog")
    assert (b3.sectoren, b3.prioriteit) == (["PO", "VO", "ZAK"], Prioriteit.KRITIEK)
    assert (b1.eenheid, b2.eenheid, b4.eenheid) == ("dagen", "NPS", "%")
    assert (b4.nulmeting, b4.target) == ("0% (geen sector)", "100%")
    assert b4.toelichting == "Nog afstemmen met de privacy officer."
    # The empty cycle 3 of the template is not a cycle; cycle 1's period keeps its dashes.
    assert [(c.naam, c.periode) for c in plan.cycli] == [
        ("Opstart", "september 2025 - februari 2026"),
        ("Opschalen", "2026 H2"),
    ]
    assert plan.baten[2].roadmap == {2: Fase.BASIS, 4: Fase.TARGET}
    assert plan.risicos[0].kans == Kans.HOOG and plan.risicos[0].impact == Kans.MIDDEN
    assert [(a.baat, a.van, a.extern, a.drempel) for a in plan.afhankelijkheden] == [
        (2, [1], "", Decimal(50)),
        (3, [1, 2], "", None),
        (4, [], "Aanbesteding zorgregistratie", None),
        (4, [1], "Landelijke privacyregels", None),
    ]
    assert plan.frequentie == Frequentie.PER_CYCLUS
    assert [(s.parameter, s.status) for s in plan.stuurparameters] == [
        ("doeltreffendheid", Status.GROEN),
        ("tempo", Status.GEEL),
        ("efficientie", Status.ROOD),
    ]
    assert plan.escalatie_drempel == 15 and not plan.escaleer_bij_externe_factor
    assert plan.toelichtingen["baten"].startswith("Let op: B3")
    assert plan.bijlagen.startswith("## 8. Communicatie\n\nMaandelijkse nieuwsbrief")


@pytest.mark.parametrize("vandaag", [date(2025, 1, 1), DRUK_VANDAAG, date(2031, 1, 1)])
def test_a_meting_cell_of_a_numeric_baat_is_the_meting_only_with_a_number_on_any_day(vandaag):
    # Domain rule 0: "Ontwerp gereed" in B4 (0% -> 100%) says what is measured, even past.
    plan = lees((VOORBEELDEN / "druk.md").read_text(encoding="utf-8"), vandaag).plan
    b1 = [(m.datum, m.omschrijving, m.meting) for m in plan.meetmomenten if m.baat == 1]
    assert b1 == [
        ("oktober 2025", "", "19 dagen"),
        ("december 2025", "Kwartaalmeting doorlooptijd", ""),
        ("maart 2026 (M3)", "Kwartaalmeting doorlooptijd", ""),
    ]
    b4 = [(m.datum, m.omschrijving, m.meting) for m in plan.meetmomenten if m.baat == 4]
    assert b4 == [
        ("september 2025", "Ontwerp gereed", ""),
        ("oktober 2025", "", "van 0 naar 1 sector"),
        ("januari 2026", "Telling sectoren", ""),
    ]
    assert plan.metingcellen == {"metingen": 2, "omschrijvingen": 5}


def test_any_text_in_the_meting_column_of_a_qualitative_baat_is_a_meting():
    tekst = minimaal(baten="| B1 | Eén werkwijze | | PO | |") + (
        "\n## 4. Per Baat: Realisatiedetails\n\n### Baat 1: Eén werkwijze\n\n"
        "**Huidige situatie (nulmeting):**\n- Score/niveau: Geen gedeelde werkwijze\n\n"
        "**Doelsituatie:**\n- Target score: Werkwijze geborgd\n\n**Meetmomenten:**\n"
        "| Datum | Meting | Verwacht niveau |\n|---|---|---|\n"
        "| maart 2030 | Ontwerp gereed | Ontwerp gereed |\n"
    )
    plan = lees(tekst).plan
    assert [(m.omschrijving, m.meting) for m in plan.meetmomenten] == [("", "Ontwerp gereed")]
    assert plan.metingcellen == {"metingen": 1, "omschrijvingen": 0}


def test_meetmomenten_written_today_read_the_same_on_any_later_day():
    plan = PlanData(kop=Kop(naam="Proef"), baten=[BaatData(1, "Een")])
    plan.meetmomenten = [
        MeetmomentData(1, "maart 2027", omschrijving="Kwartaalmeting NPS"),
        MeetmomentData(1, "april 2027", meting="Ontwerp gereed"),
        MeetmomentData(1, "mei 2027", omschrijving="Telling", meting="12"),
    ]
    tekst = schrijf_markdown(plan, vandaag=date(2026, 1, 1))
    assert "| Datum | Omschrijving | Meting | Verwacht niveau |" in tekst
    for dag in (date(2026, 1, 1), date(2027, 4, 15), date(2030, 1, 1)):
        gelezen = lees(tekst, dag).plan.meetmomenten
        assert [(m.omschrijving, m.meting) for m in gelezen] == [
            ("Kwartaalmeting NPS", ""),
            ("", "Ontwerp gereed"),
            ("Telling", "12"),
        ]


def test_the_writer_keeps_the_templates_three_columns_when_they_say_it_all():
    plan = PlanData(kop=Kop(naam="Proef"), baten=[BaatData(1, "Een")])
    plan.meetmomenten = [MeetmomentData(1, "maart 2026", meting="6,5", verwacht_niveau="6,4")]
    assert "| Datum | Meting | Verwacht niveau |" in schrijf_markdown(plan, vandaag=VANDAAG)


# Tolerance


def test_windows_line_ends_a_bom_extra_spaces_and_missing_pipes_are_read():
    tekst = minimaal(baten="|  B1 |   Een   | Piet |PO/VO  | [X] Kritiek\n| b2 | Twee | | ZAK |")
    resultaat = lees("\ufeff" + tekst.replace("\n", "\r\n"))
    assert resultaat.fouten == []
    assert [(b.nummer, b.naam, b.sectoren, b.prioriteit) for b in resultaat.plan.baten] == [
        (1, "Een", ["PO", "VO"], Prioriteit.KRITIEK),
        (2, "Twee", ["ZAK"], ""),
    ]


def test_two_ticked_boxes_keep_the_first_with_a_warning():
    resultaat = lees(minimaal(baten="| B1 | Een | | PO | [x] Kritiek [x] Hoog [ ] Midden |"))
    assert resultaat.plan.baten[0].prioriteit == Prioriteit.KRITIEK
    assert meldingen(resultaat) == [
        "Regel 7: bij prioriteit is meer dan één vakje aangevinkt; Kritiek is gekozen."
    ]


def test_a_heading_without_a_blank_line_before_a_rule_is_still_the_header():
    tekst = minimaal().replace("**Programma:** Proef\n", "**Programma:** Proef\n---\n")
    resultaat = lees(tekst)
    assert resultaat.fouten == [] and resultaat.plan.kop.naam == "Proef"


def test_a_cycle_heading_splits_at_a_bare_dash_or_else_at_words_en_dash():
    tabel = [
        "| Baat | Startniveau | Doelniveau | Indicator | Meetmoment |",
        "|---|---|---|---|---|",
    ]
    tekst = minimaal(
        "## 2. Cycli",
        "### Cyclus 1: Fundament – 2026 H1",
        *tabel,
        "### Cyclus 2:  Groei  -  sep 2026 - feb 2027",
        *tabel,
        "### Cyclus 3: Plan B - fase 2 - voorjaar",
        *tabel,
    )
    assert [(c.naam, c.periode) for c in lees(tekst).plan.cycli] == [
        ("Fundament", "2026 H1"),
        ("Groei", "sep 2026 - feb 2027"),
        ("Plan B - fase 2", "voorjaar"),
    ]


def test_a_roadmap_in_ascii_with_ragged_rows_is_read_left_to_right():
    grid = [
        "## 3. Roadmap",
        "",
        "```",
        "      Q1    Q2    Q3",
        "      +-----+-----+-----+",
        "B1 ---| Basis | Groei",
        "B2    |       | basis |",
        "```",
    ]
    plan = lees(minimaal(*grid, baten="| B1 | Een | | PO | |\n| B2 | Twee | | PO | |")).plan
    assert plan.aantal_kwartalen == 3
    assert (plan.baten[0].roadmap, plan.baten[1].roadmap) == (
        {1: Fase.BASIS, 2: Fase.GROEI},
        {2: Fase.BASIS},
    )


@settings(max_examples=60, deadline=None)
@given(
    kwartalen=st.integers(min_value=1, max_value=12),
    fasen=st.lists(st.sampled_from([None, *Fase.values]), min_size=0, max_size=12),
)
def test_any_roadmap_the_writer_draws_is_read_back_identically(kwartalen, fasen):
    roadmap = {q: f for q, f in enumerate(fasen[:kwartalen], start=1) if f}
    plan = PlanData(kop=Kop(naam="Proef"), baten=[BaatData(1, "Een", roadmap=roadmap)])
    plan.aantal_kwartalen = kwartalen
    gelezen = lees(schrijf_markdown(plan, vandaag=VANDAAG)).plan
    assert (gelezen.aantal_kwartalen, gelezen.baten[0].roadmap) == (kwartalen, roadmap)


def test_a_dependency_on_several_baten_and_on_something_outside_the_plan():
    sectie5 = [
        "## 5. Afhankelijkheden",
        "",
        "| Baat | Afhankelijk van | Type | Impact op planning |",
        "|---|---|---|---|",
        "| B3 | B1, B2 en B4 | Planning | Pas starten als B2 minimaal 40% is |",
        "| B2 | Gemeente, provincie | Middelen | |",
    ]
    baten = "\n".join(f"| B{n} | Baat {n} | | | |" for n in range(1, 5))
    afhankelijkheden = lees(minimaal(*sectie5, baten=baten)).plan.afhankelijkheden
    assert [(a.van, a.extern, a.drempel) for a in afhankelijkheden] == [
        ([1, 2, 4], "", Decimal(40)),
        ([], "Gemeente, provincie", None),
    ]


def test_a_drempel_column_wins_over_the_prose():
    sectie5 = [
        "## 5. Afhankelijkheden",
        "",
        "| Baat | Afhankelijk van | Type | Impact op planning | Drempel |",
        "|---|---|---|---|---|",
        "| B2 | B1 | Inhoudelijk | B1 moet eerst op 50% zijn | 60% |",
    ]
    baten = "| B1 | Een | | | |\n| B2 | Twee | | | |"
    [afhankelijkheid] = lees(minimaal(*sectie5, baten=baten)).plan.afhankelijkheden
    assert afhankelijkheid.drempel == 60
    plan = lees(minimaal(*sectie5, baten=baten)).plan
    assert "| Drempel |" in schrijf_markdown(plan, vandaag=VANDAAG)


def test_a_table_with_too_many_cells_warns_and_one_with_too_few_reads():
    tekst = minimaal(baten="| B1 | Een | Piet | PO | Hoog | extra | meer |\n| B2 | Twee |")
    resultaat = lees(tekst)
    assert [b.naam for b in resultaat.plan.baten] == ["Een", "Twee"]
    assert meldingen(resultaat) == [
        "Regel 7: deze rij heeft 2 cel(len) meer dan de kop; die zijn niet gelezen."
    ]


# Errors


def test_a_plan_without_section_1_is_an_error():
    resultaat = lees("**Programma:** Proef\n\n## 2. Batenrealisatie per Cyclus\n")
    assert meldingen(resultaat) == [
        "Regel 1: het plan mist sectie 1 (Baten Overzicht) met de tabel van de baten."
    ]


def test_a_table_whose_columns_cannot_be_matched_is_an_error_with_its_line():
    tekst = minimaal().replace("| Baateigenaar ", "| Verantwoordelijke ")
    assert meldingen(lees(tekst)) == [
        "Regel 5: de tabel van sectie 1 (Baten Overzicht) mist de kolom Baateigenaar.",
        "Regel 5: de kolom 'Verantwoordelijke' van sectie 1 (Baten Overzicht) wordt niet gelezen.",
    ]


def test_two_baten_with_one_number_is_an_error():
    resultaat = lees(minimaal(baten="| B1 | Een | | | |\n| B1 | Twee | | | |"))
    assert [str(m) for m in resultaat.fouten] == [
        "Regel 8: er zijn twee baten met nummer B1 (ook op regel 7)."
    ]


# Text survives the round trip, HTML included

tekst_strategie = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cc", "Cs", "Zl", "Zp"]),
    min_size=1,
    max_size=40,
).filter(lambda t: t.strip())


@settings(max_examples=60, deadline=None)
@given(tekst=tekst_strategie, regels=st.lists(tekst_strategie, min_size=1, max_size=3))
@example(tekst="0 –", regels=["0"])
@example(tekst="#", regels=["0"])
@example(tekst="[a]: b", regels=["# kop", "1. x", "> citaat"])
@example(tekst=" a ", regels=["b ", " c", "&#32; \\"])
def test_any_text_is_written_and_read_back_exactly(tekst, regels):
    meerdere = "\n".join(regels)
    plan = PlanData(kop=Kop(naam=tekst, versie=tekst))
    plan.baten = [BaatData(1, tekst, eigenaar=tekst, nulmeting_bron=meerdere, toelichting=meerdere)]
    plan.vermogens = [VermogenData(tekst, [1])]
    plan.inspanningen = [InspanningData(tekst, [1], [tekst])]
    plan.risicos = [RisicoData(1, tekst, mitigatie=meerdere)]
    plan.toelichtingen = {"baten": meerdere}
    plan.cycli = [CyclusData(1, tekst, tekst), CyclusData(2, f"{tekst} - {tekst}", "2026 H1")]
    gelezen = lees(schrijf_markdown(plan, vandaag=VANDAAG)).plan
    assert [(c.naam, c.periode) for c in gelezen.cycli] == [
        (tekst, tekst),
        (f"{tekst} - {tekst}", "2026 H1"),
    ]
    assert (gelezen.kop.naam, gelezen.kop.versie) == (tekst, tekst)
    baat = gelezen.baten[0]
    assert (baat.naam, baat.eigenaar, baat.nulmeting_bron) == (tekst, tekst, meerdere)
    assert baat.toelichting == meerdere
    assert [v.omschrijving for v in gelezen.vermogens] == [tekst]
    assert [(i.omschrijving, i.vermogens) for i in gelezen.inspanningen] == [(tekst, [tekst])]
    assert [(r.omschrijving, r.mitigatie) for r in gelezen.risicos] == [(tekst, meerdere)]
    assert gelezen.toelichtingen["baten"] == meerdere


def test_html_in_a_text_is_escaped_in_the_markdown_and_read_back_as_text():
    script = '<script>alert("x")</script> & <b>vet</b>'
    plan = PlanData(kop=Kop(naam="Proef"), baten=[BaatData(1, script, toelichting=script)])
    tekst = schrijf_markdown(plan, vandaag=VANDAAG)
    # Every "<" is escaped, so no Markdown viewer renders the text as HTML.
    assert re.search(r"(?<!\\)<", tekst) is None and "\\<script>" in tekst
    gelezen = lees(tekst).plan.baten[0]
    assert (gelezen.naam, gelezen.toelichting) == (script, script)


def test_the_sectors_line_states_the_programmes_own_sectors():
    tekst = minimaal(
        "**Sectoren:** MBO (Middelbaar beroepsonderwijs), PO",
        baten="| B1 | Een | | mbo en Primair onderwijs | |",
    )
    resultaat = lees(tekst)
    plan = resultaat.plan
    assert meldingen(resultaat) == []
    assert [(s.code, s.naam) for s in plan.sectoren] == [
        ("MBO", "Middelbaar beroepsonderwijs"),
        ("PO", ""),
    ]
    assert plan.baten[0].sectoren == ["MBO", "PO"]
    terug = naar_json(lees(schrijf_markdown(plan, vandaag=VANDAAG)).plan)
    assert (terug["sectoren"], terug["baten"]) == (naar_json(plan.sectoren), naar_json(plan.baten))
