"""The reviewer's import findings on the merged code (issue 11): measured dates survive a
Markdown round trip, dependency circles, implausible metingen and bracket remarks after
checkboxes go through the models' rules as every other writer does."""

import json
from collections.abc import Iterator
from datetime import date

import pytest

from programmas.models import AfhankelijkheidVan, Meetmoment
from programmas.uitwisseling import ImportFout, exporteer_json, exporteer_markdown, importeer
from tests.helpers import baat, op_dag


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


def test_the_preview_names_a_new_dependency_with_the_baten_it_depends_on(demo):
    tekst = exporteer_markdown(demo, vandaag=date(2026, 11, 29))
    regel = "| B4 | Aanbesteding CRM-systeem | Middelen |"
    assert regel in tekst
    tekst = tekst.replace(regel, "| B3 | B2 | Middelen | Eerst tevreden klanten |\n" + regel, 1)
    uitkomst = importeer(tekst.encode(), programma=demo, proef=True)
    nieuw = [str(w) for w in uitkomst.wijzigingen if w.soort == "nieuw"]
    assert any("afhankelijkheid" in w and "B3 ← B2" in w for w in nieuw), nieuw


@pytest.fixture
def eerste_december() -> Iterator[None]:
    with op_dag(date(2026, 12, 1)):
        yield


def meetmomenten(programma) -> list[tuple]:
    return list(
        Meetmoment.objects.filter(baat__programma=programma)
        .order_by("baat__nummer", "datum", "pk")
        .values_list("baat__nummer", "datum_tekst", "meting_tekst", "meetdatum_tekst", "meetdatum")
    )


def test_measured_dates_survive_a_markdown_round_trip(demo, eerste_december):
    m = Meetmoment.objects.get(baat=baat(1), datum_tekst="september 2026")
    m.meetdatum_tekst = "20 augustus 2026"
    m.save()
    december = Meetmoment.objects.get(baat=baat(1), datum_tekst="december 2026")
    december.meting_tekst, december.meetdatum_tekst = "7,3", "1 december 2026"
    december.save()
    voor = meetmomenten(demo)
    md = exporteer_markdown(demo)
    assert "| Gemeten op |" in md and "20 augustus 2026" in md
    uit = importeer(md.encode(), programma=demo, proef=True)
    assert [str(w) for w in uit.wijzigingen if w.onderdeel == "meetmoment"] == []
    importeer(md.encode(), programma=demo)
    assert meetmomenten(demo) == voor


def test_measured_dates_survive_a_json_round_trip(demo, eerste_december):
    m = Meetmoment.objects.get(baat=baat(1), datum_tekst="september 2026")
    m.meetdatum_tekst = "20-08-2026 (na de vakantie)"
    m.save()
    voor = meetmomenten(demo)
    tekst = exporteer_json(demo)
    uit = importeer(tekst.encode(), programma=demo, proef=True)
    assert [str(w) for w in uit.wijzigingen if w.onderdeel == "meetmoment"] == []
    importeer(tekst.encode(), programma=demo)
    assert meetmomenten(demo) == voor


def test_a_markdown_plan_that_does_not_state_the_measured_date_keeps_the_stored_one(
    demo, eerste_december
):
    m = Meetmoment.objects.get(baat=baat(1), datum_tekst="september 2026")
    m.meetdatum_tekst = "20 augustus 2026"
    m.save()
    md = exporteer_markdown(demo)
    # As an older export, or a programme office's own copy, without the column.
    kolom = None
    opgeschoond = []
    for regel in md.splitlines():
        cellen = regel.split("|")
        if "| Gemeten op |" in regel:
            kolom = cellen.index(" Gemeten op ")
        elif not regel.startswith("|"):
            kolom = None
        if kolom is not None:
            cellen = cellen[:kolom] + cellen[kolom + 1 :]
        opgeschoond.append("|".join(cellen))
    md = "\n".join(opgeschoond)
    assert "Gemeten op" not in md and "20 augustus 2026" not in md
    importeer(md.encode(), programma=demo)
    m.refresh_from_db()
    assert m.meetdatum_tekst == "20 augustus 2026"


def test_a_meting_cell_may_say_when_it_was_measured(db, eerste_december):
    md = """**Programma:** Meetdag in Beeld
**Versie:** 0.4 (concept)
**Datum:** november 2026

## 1. Baten Overzicht

| Nr | Baat | Baateigenaar | Sector | Prioriteit |
|----|------|--------------|--------|------------|
| B1 | Hogere tevredenheid | Teamleider KCC | PO | [x] Kritiek [ ] Hoog [ ] Midden |

## 4. Per Baat: Realisatiedetails

### Baat 1: Hogere tevredenheid

**Huidige situatie (nulmeting):**
- Score/niveau: 6,0
- Bron meting: Klantpanel
- Datum: januari 2026

**Doelsituatie:**
- Target score: 8,0
- Deadline: december 2027

**Meetmomenten:**
| Datum | Meting | Verwacht niveau |
|-------|--------|-----------------|
| september 2026 | 7,2 (gemeten 20 augustus 2026) | 6,5 |
| december 2026 | 7,4 | 7,0 |
| maart 2027 | Kwartaalmeting NPS | 7,5 |
"""
    uit = importeer(md.encode())
    assert not [w for w in uit.waarschuwingen if "gemeten" in str(w)]
    rijen = meetmomenten(uit.programma)
    from datetime import date

    assert rijen[0][1:] == ("september 2026", "7,2", "20 augustus 2026", date(2026, 8, 20))
    # The December row measured on 1 December: a month counts from its first day here.
    assert rijen[1][1:4] == ("december 2026", "7,4", "")
    assert rijen[2][2:4] == ("", "")


def test_a_meting_in_this_months_planned_row_is_not_in_the_future(make_baat):
    from django.core.exceptions import ValidationError

    b = make_baat(nulmeting_tekst="6,0", target_tekst="8,0")
    rij = Meetmoment(baat=b, datum_tekst="december 2026", meting_tekst="7,4")
    with op_dag(date(2026, 11, 30)), pytest.raises(ValidationError) as fout:
        rij.full_clean()
    assert [f.code for f in fout.value.error_dict["datum_tekst"]] == ["meting_in_toekomst"]
    with op_dag(date(2026, 12, 1)):
        rij.full_clean()
        rij.meetdatum_tekst = "Q4 2026"
        rij.full_clean()


# ---- Plausibility is the model's rule: the import warns, the admin asks


def test_an_implausible_meting_is_a_model_warning_that_a_writer_may_confirm(make_baat):
    from django.core.exceptions import ValidationError

    from programmas import models
    from programmas.uitwisseling import toepassen

    b = make_baat(nulmeting_tekst="6,0", target_tekst="8,0", eenheid="score")
    rij = Meetmoment(baat=b, datum_tekst="maart 2026", meting_tekst="42,5")
    with pytest.raises(ValidationError) as fout:
        rij.full_clean()
    [melding] = fout.value.error_dict["meting_tekst"]
    assert melding.code == "onwaarschijnlijk"
    assert melding.messages == ["42,5 ligt ver buiten de schaal van B1: van 6,0 naar 8,0 (score)."]
    rij.bevestigd = {"onwaarschijnlijk"}
    rij.full_clean()
    assert "onwaarschijnlijk" in models.WAARSCHUWINGEN
    assert models.WAARSCHUWINGEN | {"onbekende_datum"} == toepassen.ALLEEN_WAARSCHUWING


def test_an_import_warns_about_an_implausible_meting_and_stores_it(demo, eerste_december):
    doc = json.loads(exporteer_json(demo))
    rij = next(m for m in doc["programma"]["meetmomenten"] if m["baat"] == 1 and m["meting"])
    rij["meting"] = "42,5"
    uit = importeer(json.dumps(doc).encode(), programma=demo)
    waarschuwingen = [str(w) for w in uit.waarschuwingen if "42,5" in str(w)]
    assert len(waarschuwingen) == 1 and "ver buiten de schaal van B1" in waarschuwingen[0]
    assert Meetmoment.objects.filter(baat=baat(1), meting_tekst="42,5").count() == 1


def test_the_admin_asks_before_it_saves_an_implausible_meting(client, demo):
    from django.contrib.auth.models import User
    from django.urls import reverse

    client.force_login(User.objects.get(username="beheerder"))
    m = Meetmoment.objects.filter(baat=baat(1)).exclude(meting_tekst="").first()
    url = reverse("admin:programmas_meetmoment_change", args=[m.pk])
    data = {
        "revisie": m.revisie,  # every admin form carries the revisie it was based on
        "baat": m.baat_id,
        "datum_tekst": m.datum_tekst,
        "omschrijving": m.omschrijving,
        "verwacht_niveau_tekst": m.verwacht_niveau_tekst,
        "meting_tekst": "42,5",
        "meetdatum_tekst": m.meetdatum_tekst,
        "toelichting": "(typfout?)",
        "gemeten_door": "",
        "gemeten_op_0": "",
        "gemeten_op_1": "",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Weet u het zeker? 42,5 ligt ver buiten de schaal van B1" in html
    assert 'value="42,5"' in html  # what was typed stays
    m.refresh_from_db()
    assert m.meting_tekst != "42,5"
    response = client.post(url, {**data, "bevestig_onwaarschijnlijk": "on"})
    assert response.status_code == 302, response.content.decode()[:3000]
    m.refresh_from_db()
    assert m.meting_tekst == "42,5"


# ---- Remarks after checkboxes

MD_VAKJES = """**Programma:** Klant Dichtbij
**Versie:** 0.3
**Datum:** maart 2026

## 1. Baten Overzicht

| Nr | Baat | Baateigenaar | Sector | Prioriteit |
|----|------|--------------|--------|------------|
| B1 | Snel | KCC | PO/VO | [ ] Kritiek [x] Hoog [ ] Midden (voorlopig, na stuurgroep) |
| B2 | Minder klachten | | ZAK | (concept) [x] Kritiek [ ] Hoog [ ] Midden |

## 4. Per Baat: Realisatiedetails

### Baat 1: Snel

**Risico's voor realisatie:**

| Risico | Kans | Impact | Mitigatie |
|---|---|---|---|
| Te weinig capaciteit | [ ] L [x] M [ ] H (na audit) | [ ] L [ ] M [x] H (NPS -5) | Inhuur |

## 6. Monitoring & Sturing

**Frequentie batenrapportage:** [ ] Maandelijks [x] Per cyclus [ ] Per kwartaal (tijdelijk)

**Stuurparameters (H17-H22):**

| Parameter | Norm | Huidige status | Actie nodig? |
|---|---|---|---|
| Tempo | Groen | [ ] Groen [x] Geel [ ] Rood (was Rood in mei) | |
"""


def test_a_remark_after_any_checkbox_is_warned_about_with_its_line(db):
    uit = importeer(MD_VAKJES.encode())
    regels = MD_VAKJES.splitlines()

    def regel_met(stuk: str) -> int:
        return next(n for n, r in enumerate(regels, 1) if stuk in r)

    for opmerking in [
        "(voorlopig, na stuurgroep)",
        "(concept)",
        "(na audit)",
        "(NPS -5)",
        "(tijdelijk)",
        "(was Rood in mei)",
    ]:
        meldingen = [w for w in uit.waarschuwingen if opmerking in w.tekst]
        assert len(meldingen) == 1, (opmerking, [str(w) for w in uit.waarschuwingen])
        assert meldingen[0].regel == regel_met(opmerking)
        assert "niet bewaard" in meldingen[0].tekst
    # The ticked choices themselves are read as before.
    p = uit.programma
    prioriteiten = p.baten.order_by("nummer").values_list("prioriteit", flat=True)
    assert list(prioriteiten) == ["hoog", "kritiek"]
    assert p.stuurparameters.get().status == "geel"


def test_a_json_dependency_on_nothing_is_refused_as_the_form_refuses_it(demo):
    # Found by the property test: no baat and no extern, stored by the import, refused by
    # every later save of the page form.
    doc = json.loads(exporteer_json(demo))
    doc["programma"]["afhankelijkheden"].append(
        {"baat": 3, "van": [], "extern": "", "type": "Planning", "drempel": None,
         "impact_op_planning": "(nog uitzoeken)", "volgorde": 9}
    )  # fmt: skip
    with pytest.raises(ImportFout) as fout:
        importeer(json.dumps(doc).encode(), programma=demo)
    assert [m.tekst for m in fout.value.fouten] == [
        "afhankelijkheid van B3: Kies minstens één baat, of beschrijf waarvan de baat buiten "
        "het plan afhangt."
    ]


def test_a_reworded_meetmoment_date_keeps_who_measured_it(demo, eerste_december):
    """A programme office that writes "30-9-2026" where the export said "september 2026"
    means the same meetmoment: it is changed, not replaced, and who measured it stays."""
    m = Meetmoment.objects.get(baat=baat(1), datum_tekst="september 2026")
    assert m.gemeten_door is not None and m.meting_tekst
    door, op = m.gemeten_door, m.gemeten_op
    regels = exporteer_markdown(demo).splitlines()
    rij = next(i for i, r in enumerate(regels) if r.startswith("| september 2026 | Klantpanel Q3"))
    regels[rij] = regels[rij].replace("| september 2026 |", "| 30-9-2026 |", 1)
    md = "\n".join(regels).encode()
    uit = importeer(md, programma=demo, proef=True)
    assert [w.soort for w in uit.wijzigingen if w.onderdeel == "meetmoment"] == ["gewijzigd"]
    importeer(md, programma=demo)
    m.refresh_from_db()
    assert (m.datum_tekst, m.datum) == ("30-9-2026", date(2026, 9, 30))
    assert (m.gemeten_door, m.gemeten_op) == (door, op)
