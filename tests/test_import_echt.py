"""Real plans import: messy text, long fields, the Meting column, ambiguous levels, bounded
reading, and a confirmation that applies only what the preview showed (issues 11 and 14)."""

import time
from pathlib import Path

import markdown_it.parser_inline

from programmas.uitwisseling import MAX_REGELS, lees_bestand

VOORBEELDEN = Path(__file__).parent / "voorbeelden"


def test_a_file_of_950000_short_lines_is_refused_at_once_with_the_reason(monkeypatch):
    def niet_lezen(*args, **kwargs):
        raise AssertionError("the Markdown parser should not run on this file")

    monkeypatch.setattr("programmas.sjabloon.lees_blokken", niet_lezen)
    begin = time.perf_counter()
    gelezen = lees_bestand(b"a\n" * 950_000)
    assert time.perf_counter() - begin < 10  # generous; it takes milliseconds
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
    begin = time.perf_counter()
    gelezen = lees_bestand(b"[" * 1_900_000)
    assert time.perf_counter() - begin < 10  # generous; it takes milliseconds
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
