"""The reviewer's import findings on the merged code (issue 11): measured dates survive a
Markdown round trip, dependency circles, implausible metingen and bracket remarks after
checkboxes go through the models' rules as every other writer does."""

import json

import pytest

from programmas.demo import SLUG
from programmas.models import AfhankelijkheidVan, Baat
from programmas.uitwisseling import ImportFout, exporteer_json, importeer


def baat(nummer: int) -> Baat:
    return Baat.objects.get(programma__slug=SLUG, nummer=nummer)


def paren(programma) -> set[tuple[int, int]]:
    return set(
        AfhankelijkheidVan.objects.filter(afhankelijkheid__baat__programma=programma).values_list(
            "afhankelijke__nummer", "van__nummer"
        )
    )


def test_a_json_import_with_a_dependency_circle_is_refused_at_the_rows_line(demo):
    doc = json.loads(exporteer_json(demo))
    doc["programma"]["afhankelijkheden"] = [
        {"baat": 1, "van": [2], "extern": "", "type": "Planning", "drempel": None,
         "impact_op_planning": "B2 eerst (na besluit)", "volgorde": 0},
        {"baat": 2, "van": [1], "extern": "", "type": "Planning", "drempel": None,
         "impact_op_planning": "", "volgorde": 1},
    ]  # fmt: skip
    voor = paren(demo)
    with pytest.raises(ImportFout) as fout:
        importeer(json.dumps(doc).encode(), programma=demo)
    teksten = [str(m) for m in fout.value.fouten]
    assert len(teksten) == 1 and "kring van afhankelijkheden" in teksten[0]
    assert "B1 → B2 → B1" in teksten[0] or "B2 → B1 → B2" in teksten[0]
    assert paren(demo) == voor


MD_KRING = """**Programma:** Kring in Beeld
**Versie:** 0.2 (concept)
**Datum:** maart 2026

## 1. Baten Overzicht

| Nr | Baat | Baateigenaar | Sector | Prioriteit |
|----|------|--------------|--------|------------|
| B1 | Snellere afhandeling | Teamleider KCC | PO | [x] Kritiek [ ] Hoog [ ] Midden |
| B2 | Hogere tevredenheid | | VO | [ ] Kritiek [x] Hoog [ ] Midden |
| B3 | Minder klachten | | ZAK | [ ] Kritiek [ ] Hoog [x] Midden |

## 5. Afhankelijkheden tussen Baten

| Baat | Afhankelijk van | Type | Impact op planning |
|------|-----------------|------|--------------------|
| B1 | B2 | Inhoudelijk | B2 moet eerst op 50% zijn |
| B2 | B3 | Planning | [vul in] |
| B3 | B1 | Middelen | zelfde team (voorlopig) |
"""


def test_a_markdown_plan_with_a_circle_of_three_is_refused_with_the_line(db):
    with pytest.raises(ImportFout) as fout:
        importeer(MD_KRING.encode())
    kringen = [m for m in fout.value.fouten if "kring van afhankelijkheden" in m.tekst]
    assert len(kringen) == 1
    eerste_rij = "| B1 | B2 | Inhoudelijk | B2 moet eerst op 50% zijn |"
    assert kringen[0].regel == MD_KRING.splitlines().index(eerste_rij) + 1


def test_turning_a_dependency_around_in_a_reimport_is_no_circle(demo):
    doc = json.loads(exporteer_json(demo))
    rijen = doc["programma"]["afhankelijkheden"]
    for rij in rijen:
        if rij["baat"] == 2 and rij["van"] == [1]:
            rij["baat"], rij["van"] = 1, [2]
            break
    else:
        pytest.skip("the demo has no B2 ← B1")
    importeer(json.dumps(doc).encode(), programma=demo)
    assert (1, 2) in paren(demo) and (2, 1) not in paren(demo)
