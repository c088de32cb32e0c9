"""The PDF report, read back as text the way a sponsor's PDF reader would."""

import io
import logging
import re
import subprocess
from datetime import date
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from programmas import rapport
from programmas.demo import load_groot
from programmas.models import Baat, Meetmoment, Risico
from programmas.notatie import toon_datumtekst

VANDAAG = date(2026, 11, 29)
XSS = "<script>alert(1)</script><img src=x onerror=alert(2)>"


def kop_pagina(paginas: list[str], kop: str) -> int:
    """The index of the page (after the contents) on which a heading stands as a line."""
    return next(
        i for i, p in enumerate(paginas) if i > 1 and re.search(rf"^{re.escape(kop)}\s*$", p, re.M)
    )


def lees(pdf: bytes) -> tuple[PdfReader, list[str]]:
    """The PDF's pages as text, as poppler's pdftotext reads them (in reading order)."""
    tekst = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    return PdfReader(io.BytesIO(pdf)), tekst.split("\f")[:-1]


@pytest.fixture(scope="module")
def gemaakt() -> dict[str, tuple[PdfReader, list[str]]]:
    return {}


@pytest.fixture
def demo_pdf(demo, gemaakt) -> tuple[PdfReader, list[str]]:
    # Every test gets the same freshly loaded demo, so one rendering serves them all.
    if "demo" not in gemaakt:
        gemaakt["demo"] = lees(rapport.pdf(demo, VANDAAG))
    return gemaakt["demo"]


def test_the_report_holds_every_section_in_the_templates_order(demo_pdf):
    _, paginas = demo_pdf
    tekst = "\n".join(paginas)
    koppen = [
        "Samenvatting voor de sponsorgroep",
        "1. Baten Overzicht",
        "2. Batenrealisatie per Cyclus",
        "3. Batenrealisatie Roadmap",
        "4. Per Baat: Realisatiedetails",
        "5. Afhankelijkheden tussen Baten",
        "6. Monitoring & Sturing",
        "7. Escalatie",
    ]
    inhoud = paginas[1]
    assert "Inhoud" in inhoud
    # Each heading starts a page of its own, in order, after the table of contents.
    begin = [kop_pagina(paginas, k) for k in koppen]
    assert begin == sorted(begin)
    for kop, pagina in zip(koppen, begin, strict=True):
        assert re.search(rf"{re.escape(kop)}\s*\.*\s*{pagina + 1}\b", inhoud), kop
    assert "Baat 6: Outside-in cultuur" in tekst


def test_the_cover_and_running_header_and_footer_say_what_and_when(demo_pdf):
    _, paginas = demo_pdf
    assert "Klant in Beeld" in paginas[0] and "1.2" in paginas[0]
    assert "Programmabureau Klant in Beeld" in paginas[0]
    totaal = len(paginas)
    for nummer, pagina in enumerate(paginas[1:], start=2):
        assert f"pagina {nummer} van {totaal}" in pagina
        assert "Klant in Beeld · versie 1.2" in pagina
        assert "Gegenereerd op" in pagina


def test_every_field_of_every_baat_is_in_the_report(demo, demo_pdf):
    _, paginas = demo_pdf
    tekst = re.sub(r"\s+", " ", "\n".join(paginas))
    for baat in demo.baten.all():
        for waarde in (
            baat.naam,
            baat.nulmeting_tekst,
            baat.nulmeting_bron,
            baat.nulmeting_datum_tekst,
            baat.target_tekst,
            baat.deadline_tekst,
        ):
            assert waarde in tekst, (baat.code, waarde)
        for meetmoment in baat.meetmomenten.all():
            assert meetmoment.datum_tekst in tekst
        for risico in baat.risicos.all():
            assert risico.omschrijving in tekst
    for tekst_ in ("Eenduidig klantcontactmodel", "Project Klantcontactcentrum", "NPS +13"):
        assert tekst_ in tekst
    assert "Herhaal structuur" not in tekst


def test_the_summary_shows_lights_open_escalations_and_a_line_per_baat(demo_pdf):
    _, paginas = demo_pdf
    samenvatting = next(
        p for p in paginas if "Samenvatting voor de sponsorgroep" in p and "Stand per baat" in p
    )
    for woord in ("Doeltreffendheid", "Tempo", "Rood", "Geel", "Groen"):
        assert woord in samenvatting
    assert "Loopt 40 procentpunt achter op planning" in samenvatting
    assert "aanbesteding van het CRM-systeem" in samenvatting
    assert "op koers" in samenvatting


def test_the_charts_are_vector_drawings_with_their_words_as_text(demo_pdf):
    reader, paginas = demo_pdf
    assert all(not pagina.images for pagina in reader.pages)  # nothing rasterised
    roadmap = paginas[kop_pagina(paginas, "3. Batenrealisatie Roadmap")]
    assert "vandaag" in roadmap and "actueel: Groei" in roadmap
    baat1 = next(p for p in paginas if "Baat 1: Consistente klantbeleving" in p and "Score" in p)
    assert "Verwacht niveau" in baat1 and "nulmeting" in baat1


def test_a_chart_that_cannot_be_drawn_is_replaced_by_a_sentence_and_logged(
    demo, monkeypatch, caplog
):
    from programmas.grafieken import svg

    def kapot(*args, **kwargs):
        raise ValueError("kapotte figuur")

    monkeypatch.setattr(svg, "svg", kapot)
    with caplog.at_level(logging.ERROR, logger="programmas.rapport"):
        _, paginas = lees(rapport.pdf(demo, VANDAAG))
    assert "De grafiek kon niet worden getekend" in "\n".join(paginas)
    assert "kapotte figuur" in caplog.text
    assert "7. Escalatie" in "\n".join(paginas)
    # Without the roadmap chart, its planned fases come as the table the sentence names.
    roadmap = paginas[kop_pagina(paginas, "3. Batenrealisatie Roadmap")]
    assert "Actueel" in roadmap and "Q6" in roadmap and "Borging" in roadmap


def test_the_file_name_names_programme_version_and_date(demo):
    assert (
        rapport.bestandsnaam(demo, VANDAAG)
        == "batenrealisatieplan-klant-in-beeld-v1.2-2026-11-29.pdf"
    )
    demo.versie = "concept 2/3"
    assert rapport.bestandsnaam(demo, VANDAAG) == (
        "batenrealisatieplan-klant-in-beeld-vconcept-2-3-2026-11-29.pdf"
    )


@pytest.mark.parametrize("username", ["sponsor", "eigenaar", "pm"])
def test_every_member_finds_the_report_on_the_plan_and_the_dashboard(client, demo, username):
    client.force_login(get_user_model().objects.get(username=username))
    for pagina in ("plan", "dashboard"):
        html = client.get(reverse(pagina, args=[demo.slug])).content.decode()
        assert f'href="{reverse("rapport_status", args=[demo.slug])}"' in html


def test_the_download_is_a_pdf_with_a_telling_file_name(client, demo):
    client.force_login(get_user_model().objects.get(username="sponsor"))
    # Made by the task (run at once by the tests' immediate backend), then downloaded.
    client.post(reverse("rapport_status", args=[demo.slug]))
    response = client.get(reverse("rapport", args=[demo.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert re.fullmatch(
        r'attachment; filename="batenrealisatieplan-klant-in-beeld-v1\.2-\d{4}-\d{2}-\d{2}\.pdf"',
        response["Content-Disposition"],
    )
    assert response.content.startswith(b"%PDF-")


def test_a_non_member_gets_no_pdf(client, demo, make_user):
    client.force_login(make_user("buitenstaander"))
    assert client.get(reverse("rapport", args=[demo.slug])).status_code == 404


def test_script_in_names_is_plain_text_in_the_pdf(demo):
    baat = Baat.objects.get(programma=demo, nummer=1)
    baat.naam = XSS
    baat.save()
    Risico.objects.create(baat=baat, omschrijving=XSS)
    _, paginas = lees(rapport.pdf(demo, VANDAAG))
    tekst = re.sub(r"\s+", " ", "\n".join(paginas))
    assert "<script>alert(1)</script>" in tekst


def test_a_programme_of_40_baten_with_long_texts_loses_nothing_at_page_edges(db):
    programma = load_groot("groot", baten=40, cycli=3, kwartalen=8, metingen=80)
    reader, paginas = lees(rapport.pdf(programma, VANDAAG))
    tekst = re.sub(r"\s+", " ", "\n".join(paginas))
    for nummer in range(1, 41):
        assert f"Baat {nummer}: betere dienstverlening in keten {nummer}" in tekst
    # A long table continues on the next page with its header repeated.
    overzicht = [p for p in paginas if "1. Baten Overzicht" in p or "Baateigenaar" in p]
    assert sum("Baateigenaar" in p for p in overzicht) >= 2
    breedte = float(reader.pages[0].mediabox.width)
    assert round(breedte) == 595  # A4
    # The roadmap: on landscape pages, every baat's row on a page (a chart taller than the
    # page lost every baat below its edge), each quarter with its calendar label.
    begin = kop_pagina(paginas, "3. Batenrealisatie Roadmap")
    eind = kop_pagina(paginas, "4. Per Baat: Realisatiedetails")
    roadmap = "\n".join(paginas[begin:eind])
    for pagina in reader.pages[begin:eind]:
        assert float(pagina.mediabox.width) > float(pagina.mediabox.height)
    for nummer in range(1, 41):
        assert f"B{nummer} Baat {nummer}: betere dienstverlening in keten {nummer}" in roadmap
    assert all(f"Q{k}" in roadmap for k in range(1, 9)) and "2025-K1" in roadmap
    assert all("vandaag" in pagina for pagina in paginas[begin:eind])
    # No table repeating the chart: the planned fases are words in the chart only.
    assert "Actueel" not in roadmap.replace("Actuele fase", "")


def alle_datums(programma) -> tuple[list[str], list[str]]:
    """Per programme the datum texts of its metingen and of its overdue meetmomenten."""
    momenten = list(Meetmoment.objects.filter(baat__programma=programma))
    return (
        [m.datum_tekst for m in momenten if m.is_gemeten],
        [m.datum_tekst for m in momenten if m.is_achterstallig(VANDAAG)],
    )


def staat_er(datum: str, tekst: str) -> bool:
    # As a whole date, as the report shows it: "1 feb. 2025" is not in "11 feb. 2025".
    getoond = toon_datumtekst(datum)
    return re.search(rf"(?<![\d-]){re.escape(getoond)}(?![\d-])", tekst) is not None


@pytest.fixture
def veel_metingen(db, gemaakt):
    """Three baten with 30 meetmomenten each, and both reports of them. The programme is
    built the same way every time, so one rendering of each serves every test."""
    programma = load_groot("veel", baten=3, cycli=2, kwartalen=8, metingen=90)
    if "veel" not in gemaakt:
        gemaakt["veel"] = (
            lees(rapport.pdf(programma, VANDAAG)),
            lees(rapport.pdf(programma, VANDAAG, volledig=True)),
        )
    return (*alle_datums(programma), *gemaakt["veel"])


def test_the_standard_report_lists_a_baats_latest_metingen_not_every_one(veel_metingen):
    gemeten, _, (_, paginas), _ = veel_metingen
    tekst = re.sub(r"\s+", " ", "\n".join(paginas))
    # The same dates for each of the three baten: the three latest are shown.
    datums = list(dict.fromkeys(gemeten))
    assert len(datums) > 20
    assert all(staat_er(d, tekst) for d in datums[-3:])
    assert not [d for d in datums[:-3] if staat_er(d, tekst)]
    eerdere = len(datums) - 3
    assert tekst.count(f"{eerdere} eerdere metingen staan in het volledige rapport") == 3
    assert "Bijlage A" not in tekst
    assert "Rapport voor de sponsorgroep" in paginas[0]


def test_the_standard_report_shows_every_overdue_meetmoment_on_its_baats_page(veel_metingen):
    _, achter, (_, paginas), _ = veel_metingen
    # One overdue meetmoment per baat, on the same date for each of the three.
    assert len(achter) == 3
    [datum] = set(achter)
    for nummer in (1, 2, 3):
        pagina = paginas[
            kop_pagina(
                paginas, f"Baat {nummer}: Baat {nummer}: betere dienstverlening in keten {nummer}"
            )
        ]
        assert staat_er(datum, pagina)
        assert "nog niet gemeten (achterstallig)" in re.sub(r"\s+", " ", pagina)
    samenvatting = "\n".join(paginas[: kop_pagina(paginas, "1. Baten Overzicht")])
    informatie = samenvatting[samenvatting.index("Ter informatie") :]
    assert "meetmoment verstreken zonder meting" in informatie


def test_the_full_report_adds_every_meting_in_an_appendix(veel_metingen):
    gemeten, achter, (_, standaard), (_, paginas) = veel_metingen
    tekst = re.sub(r"\s+", " ", "\n".join(paginas))
    assert "Volledig rapport" in paginas[0]
    bijlage = re.sub(
        r"\s+", " ", "\n".join(paginas[kop_pagina(paginas, "Bijlage A. Alle metingen per baat") :])
    )
    assert all(staat_er(d, bijlage) for d in gemeten + achter)
    assert bijlage.count("(achterstallig)") == len(achter)
    assert "Bijlage B. Cyclusdoelen per cyclus" in tekst
    assert "eerdere metingen staan in bijlage A" in tekst
    # The summary comes first, unchanged: the appendices only add pages.
    assert len(paginas) > len(standaard)
    assert kop_pagina(paginas, "7. Escalatie") == kop_pagina(standaard, "7. Escalatie")


def test_every_font_is_embedded(demo_pdf):
    reader, _ = demo_pdf
    gezien = set()
    for pagina in reader.pages:
        for font in (pagina["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            beschrijving = font.get("/FontDescriptor")
            if beschrijving is None and "/DescendantFonts" in font:
                beschrijving = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            beschrijving = beschrijving.get_object()
            gezien.add(str(font["/BaseFont"]))
            assert any(k in beschrijving for k in ("/FontFile", "/FontFile2", "/FontFile3")), font
    assert gezien


def test_export_plan_writes_the_full_report_on_request_and_only_as_pdf(demo, tmp_path):
    pad = tmp_path / "volledig.pdf"
    call_command(
        "export_plan", demo.slug, format="pdf", volledig=True, output=str(pad), stderr=StringIO()
    )
    _, paginas = lees(pad.read_bytes())
    assert "Volledig rapport" in paginas[0]
    assert kop_pagina(paginas, "Bijlage A. Alle metingen per baat")
    with pytest.raises(CommandError, match="--volledig geldt alleen voor het PDF-rapport"):
        call_command("export_plan", demo.slug, format="md", volledig=True, stdout=StringIO())


@pytest.mark.parametrize("volledig", [False, True], ids=["standaard", "volledig"])
def test_the_reports_data_costs_the_same_queries_at_every_size(db, volledig):
    def queries(programma) -> int:
        with CaptureQueriesContext(connection) as gezien:
            render_to_string(
                "programmas/rapport.html", rapport.context(programma, VANDAAG, volledig=volledig)
            )
        return len(gezien)

    klein = load_groot("klein", baten=2, cycli=1, kwartalen=4, metingen=4, lange_teksten=False)
    groot = load_groot("groot", baten=12, cycli=3, kwartalen=8, metingen=600, lange_teksten=False)
    assert queries(klein) == queries(groot)


# The programme at a glance (issue 19)


def test_the_cover_shows_the_programmes_status_at_a_glance(demo_pdf):
    lezer, _ = demo_pdf
    omslag = " ".join(lezer.pages[0].extract_text().split())
    # The five lights, each with its word, not only a colour.
    for licht in (
        "Doeltreffendheid Geel",
        "Tempo Rood",
        "Haalbaarheid Groen",
        "Wendbaarheid Groen",
        "Efficiëntie Geel",
    ):
        assert licht in omslag, licht
    for regel in (
        "Stand in één oogopslag Cijfers van 29 nov. 2026.",
        "Sponsorgroep aan zet · 3 besluiten gevraagd van de sponsorgroep",
        "Baten op koers 3",
        "Baten achter op planning of met escalatiesignaal 2",
        "Baten zonder cijfer 1 (kwalitatief, nog niet gemeten of zonder target)",
        "Open escalaties 3",
        "Besluiten gevraagd van de sponsorgroep B2 · Baat loopt meer dan de drempel achter op "
        "planning B5 · Conflict tussen baten onderling B4 · Externe factor verhindert "
        "realisatie",
    ):
        assert regel in omslag, regel


def test_the_summary_splits_decisions_asked_from_what_is_for_information(demo_pdf):
    lezer, paginas = demo_pdf
    nummer = next(
        i for i, p in enumerate(paginas) if "Samenvatting voor de sponsorgroep" in p and i > 1
    )
    tekst = " ".join(lezer.pages[nummer].extract_text().split())
    assert (
        "Oordeel: Sponsorgroep aan zet · 3 baten op koers, 2 achter op planning of met "
        "escalatiesignaal, 1 zonder cijfer" in tekst
    )
    besluiten = tekst.index("Besluiten gevraagd")
    informatie = tekst.index("Ter informatie")
    stand = tekst.index("Stand per baat")
    assert besluiten < informatie < stand
    gevraagd, ter_informatie = tekst[besluiten:informatie], tekst[informatie:stand]
    for escalatie in ("B2 · Baat loopt meer dan", "B5 · Conflict", "B4 · Externe factor"):
        assert escalatie in gevraagd
    # The overdue meting is a warning (domain rule 6), not a decision.
    assert "verstreken zonder meting" not in gevraagd
    assert "B3 · meetmoment verstreken zonder meting: september 2026" in ter_informatie


def test_red_prints_red_not_orange_on_the_cover_and_in_the_summary(demo_pdf, tmp_path):
    lezer, paginas = demo_pdf
    (tmp_path / "r.pdf").write_bytes(lezer.stream.getvalue())
    samenvatting = next(
        i for i, p in enumerate(paginas) if "Samenvatting voor de sponsorgroep" in p and i > 1
    )
    from PIL import Image

    for pagina in (1, samenvatting + 1):
        subprocess.run(
            [
                *("pdftoppm", "-png", "-r", "40", "-singlefile"),
                *("-f", str(pagina), "-l", str(pagina), tmp_path / "r.pdf", tmp_path / "p"),
            ],
            check=True,
        )
        beeld = Image.open(tmp_path / "p.png").convert("RGB")
        pixels = [beeld.getpixel((x, y)) for x in range(beeld.width) for y in range(beeld.height)]
        rood = [p for p in pixels if p[0] > 150 and p[1] < 50 and p[2] < 80]
        oranje = [p for p in pixels if p[0] > 180 and 60 < p[1] < 130 and p[2] < 40]
        assert len(rood) > 20 and oranje == [], pagina


def test_a_plan_without_figures_or_escalations_gets_no_verdict_and_no_decisions(make_user):
    from django.template.loader import render_to_string

    from programmas.uitwisseling import importeer
    from tests.helpers import VOORBEELDEN

    programma = importeer((VOORBEELDEN / "sjabloon.md").read_bytes()).programma
    data = rapport.context(programma, VANDAAG)
    o = data["oogopslag"]
    assert (o.op_koers, o.achter, o.zonder_cijfer, o.besluiten) == (0, 0, 6, [])
    assert o.oordeel_tekst == "Nog geen cijfers"
    html = " ".join(render_to_string("programmas/rapport.html", data).split())
    assert "Geen: er staat geen escalatie open." in html
    assert "Geen waarschuwingen." in html
    assert html.count("niet gezet") >= 5  # five lights without a status say so in words
