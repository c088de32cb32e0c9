"""Doelen, domein and inspanning status in and out of Markdown, JSON and Excel (issue 17).

The whole-plan round trips of tests/test_uitwisseling.py compare every field of every row,
the new ones included; these tests say what the file holds and how a hand-written one reads.
"""

import json
from datetime import date
from io import BytesIO

import pytest
from openpyxl import load_workbook

from programmas.demo import REFERENTIE
from programmas.keuzes import Domein, InspanningStatus
from programmas.models import Programma
from programmas.uitwisseling import (
    exporteer_json,
    exporteer_markdown,
    exporteer_xlsx,
    importeer,
    lees_bestand,
)

pytestmark = pytest.mark.vandaag(REFERENTIE)
VANDAAG = date(2026, 11, 29)


def kenmerken(programma: Programma) -> dict[str, object]:
    return {
        "doelen": [
            (d.code, d.naam, d.omschrijving, sorted(b.code for b in d.baten.all()))
            for d in programma.doelen.all()
        ],
        "vermogens": sorted((v.omschrijving, v.domein) for v in programma.vermogens.all()),
        "inspanningen": sorted(
            (i.omschrijving, i.domein, i.status) for i in programma.inspanningen.all()
        ),
    }


def test_markdown_writes_the_doelen_after_the_header_and_domein_and_status_per_row(demo):
    tekst = exporteer_markdown(demo, vandaag=VANDAAG)
    assert tekst.index("## Theoretische basis") < tekst.index("## Doelen van het programma")
    assert tekst.index("## Doelen van het programma") < tekst.index("## 1. Baten Overzicht")
    assert "| D1 | De klant ervaart één organisatie |" in tekst
    assert "| B1, B2, B5 |" in tekst
    assert "1. Project Klantcontactcentrum\n   - Vermogen:" in tekst
    assert "   - Domein: Proces\n   - Status: Afgerond" in tekst
    assert "- Domein: Cultuur" in tekst


@pytest.mark.parametrize("formaat", ["md", "json", "xlsx"])
def test_a_round_trip_keeps_doelen_domeinen_and_statussen(demo, formaat):
    voor = kenmerken(demo)
    assert len(voor["doelen"]) == 3
    assert ("Project Klantcontactcentrum", Domein.PROCES, InspanningStatus.AFGEROND) in (
        voor["inspanningen"]
    )
    inhoud = {
        "md": lambda: exporteer_markdown(demo, vandaag=VANDAAG).encode(),
        "json": lambda: exporteer_json(demo).encode(),
        "xlsx": lambda: exporteer_xlsx(demo),
    }[formaat]()
    importeer(inhoud, slug="kopie", vandaag=VANDAAG)
    assert kenmerken(Programma.objects.get(slug="kopie")) == voor


def test_json_holds_the_doelen_and_the_domeinen(demo):
    document = json.loads(exporteer_json(demo))["programma"]
    assert document["doelen"][0] == {
        "nummer": 1,
        "naam": "De klant ervaart één organisatie",
        "omschrijving": demo.doelen.get(nummer=1).omschrijving,
        "baten": [1, 2, 5],
    }
    assert {v["domein"] for v in document["vermogens"]} == {d.value for d in Domein}


def test_an_older_json_document_without_doelen_leaves_the_stored_ones_alone(demo):
    document = json.loads(exporteer_json(demo))
    del document["programma"]["doelen"]
    for rij in document["programma"]["vermogens"] + document["programma"]["inspanningen"]:
        rij.pop("domein")
    voor = [d.naam for d in demo.doelen.all()]
    importeer(json.dumps(document).encode(), programma=demo, vandaag=VANDAAG)
    assert [d.naam for d in demo.doelen.all()] == voor
    assert set(demo.vermogens.values_list("domein", flat=True)) == {""}


def test_a_markdown_plan_without_doelen_leaves_the_stored_ones_alone(demo):
    tekst = exporteer_markdown(demo, vandaag=VANDAAG)
    begin, eind = tekst.index("## Doelen van het programma"), tekst.index("## 1. Baten")
    uitkomst = importeer((tekst[:begin] + tekst[eind:]).encode(), programma=demo, vandaag=VANDAAG)
    assert uitkomst.wijzigingen == []
    assert demo.doelen.count() == 3


HANDGESCHREVEN = """# Batenrealisatieplan

**Programma:** Klant in Beeld

## Programmadoelen

Wat we willen bereiken.

| Doel | Nr | Baten |
|------|----|-------|
| Eén organisatie | D1 | B1 en Betere klantinzichten |
| Sneller | 2 | B9 |

## 1. Baten Overzicht

| Nr | Baat | Baateigenaar | Sector | Prioriteit |
|----|------|--------------|--------|------------|
| B1 | Consistente klantbeleving | | PO | [x] Kritiek [ ] Hoog [ ] Midden |
| B2 | Betere klantinzichten | | PO | [x] Kritiek [ ] Hoog [ ] Midden |

## 4. Per Baat: Realisatiedetails

### Baat 1: Consistente klantbeleving

**Benodigde vermogens:**
1. Klantdata op orde
   - Domein: systeem

**Benodigde inspanningen:**
1. CRM-implementatie
   - Vermogen: Klantdata op orde
   - Status: klaar
   - Domein: Techniek
"""


def test_a_hand_written_doelen_section_is_read_tolerantly():
    gelezen = lees_bestand(HANDGESCHREVEN.encode(), vandaag=VANDAAG)
    assert gelezen.plan is not None, gelezen.fouten
    doelen = [(d.nummer, d.naam, d.omschrijving, d.baten) for d in gelezen.plan.doelen]
    assert doelen == [(1, "Eén organisatie", "", [1, 2]), (2, "Sneller", "", [])]
    assert gelezen.plan.vermogens[0].domein == Domein.SYSTEEM
    inspanning = gelezen.plan.inspanningen[0]
    assert (inspanning.status, inspanning.domein) == (InspanningStatus.AFGEROND, "")
    meldingen = [str(w) for w in gelezen.waarschuwingen]
    assert "Regel 7: tekst bij de doelen buiten de tabel wordt niet bewaard." in meldingen
    assert "Regel 12: B9 staat niet in sectie 1; D2 is er niet aan gekoppeld." in meldingen
    assert any(
        "'Techniek' is geen domein (verwacht Mens, Proces, Systeem, Cultuur)" in m
        for m in meldingen
    )


def test_excel_has_a_sheet_of_doelen_and_the_domain_columns(demo):
    boek = load_workbook(BytesIO(exporteer_xlsx(demo)))
    doelen = [list(r) for r in boek["Doelen"].iter_rows(values_only=True)]
    assert doelen[0] == ["Nr", "Doel", "Omschrijving", "Baten"]
    assert doelen[1] == [
        "D1",
        "De klant ervaart één organisatie",
        demo.doelen.get(nummer=1).omschrijving,
        "B1, B2, B5",
    ]
    inspanningen = [list(r) for r in boek["4 Inspanningen"].iter_rows(values_only=True)]
    assert inspanningen[0] == [
        "Inspanning",
        "Baten",
        "Vermogens (één per regel)",
        "Domein",
        "Status",
    ]
    assert [
        "Project Klantcontactcentrum",
        "B1, B2, B3",
        "Eenduidig klantcontactmodel voor alle sectoren\nProcesregie over de klantketen",
        "Proces",
        "Afgerond",
    ] in inspanningen
    vermogens = [list(r) for r in boek["4 Vermogens"].iter_rows(values_only=True)]
    assert vermogens[0] == ["Vermogen", "Baten", "Domein"]
    assert all(len(r) == 3 for r in vermogens)
