import json
from io import BytesIO, StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from programmas.demo import SLUG
from programmas.management.commands.export_plan import EXPORTEURS
from programmas.models import Programma
from tests.helpers import VOORBEELDEN, database, dump


def exporteer(slug: str, formaat: str, pad: Path) -> None:
    call_command("export_plan", slug, format=formaat, output=str(pad), stderr=StringIO())


def importeer(*argumenten: str, **opties) -> tuple[str, str]:
    uit, fouten = StringIO(), StringIO()
    call_command("import_plan", *argumenten, stdout=uit, stderr=fouten, **opties)
    return uit.getvalue(), fouten.getvalue()


def test_every_format_is_one_entry_in_the_exporters():
    assert set(EXPORTEURS) == {"md", "json", "xlsx", "pdf", "docx"}


def test_export_plan_writes_the_pdf_report(demo, tmp_path):
    pad = tmp_path / "plan.pdf"
    exporteer(SLUG, "pdf", pad)
    assert pad.read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize("formaat", ["md", "json"])
def test_an_exported_plan_imports_back_as_the_same_programme(demo, tmp_path, formaat):
    pad = tmp_path / f"plan.{formaat}"
    exporteer(SLUG, formaat, pad)
    voor = dump(demo, markdown=formaat == "md", slug=False)
    uit, _ = importeer(str(pad), programma="kopie")
    assert "Programma 'Klant in Beeld' (kopie) is aangemaakt" in uit
    kopie = Programma.objects.get(slug="kopie")
    assert dump(kopie, markdown=formaat == "md", slug=False) == voor


def test_the_markdown_export_goes_to_the_terminal_without_output(demo):
    uit = StringIO()
    call_command("export_plan", SLUG, stdout=uit)
    assert uit.getvalue().startswith("# Batenrealisatieplan\n\n**Programma:** Klant in Beeld")


def test_the_excel_export_writes_a_workbook_but_not_to_the_terminal(demo, tmp_path):
    pad = tmp_path / "plan.xlsx"
    exporteer(SLUG, "xlsx", pad)
    assert load_workbook(BytesIO(pad.read_bytes()))["1 Baten"]["A2"].value == "B1"
    with pytest.raises(CommandError, match="gebruik --output"):
        call_command("export_plan", SLUG, format="xlsx", stdout=StringIO())


def test_exporting_an_unknown_programme_is_an_error(db):
    with pytest.raises(CommandError, match="Er is geen programma met de slug 'onbekend'"):
        call_command("export_plan", "onbekend", stdout=StringIO())


def test_import_creates_a_programme_with_its_warnings_on_stderr(db):
    uit, fouten = importeer(str(VOORBEELDEN / "druk.md"))
    assert "Programma 'Leerlingzorg Dichtbij' (leerlingzorg-dichtbij) is aangemaakt" in uit
    assert "Nieuw: baat B1 Snellere toewijzing van zorg" in uit
    assert "Waarschuwing: Regel 21: de opmerking '(voorlopig)' bij prioriteit" in fouten
    assert Programma.objects.get(slug="leerlingzorg-dichtbij").baten.count() == 4


def test_a_dry_run_shows_the_changes_and_saves_nothing(demo, tmp_path):
    pad = tmp_path / "plan.md"
    exporteer(SLUG, "md", pad)
    pad.write_text(pad.read_text().replace("**Versie:** 1.2", "**Versie:** 1.3"))
    voor = database()
    uit, _ = importeer(str(pad), programma=SLUG, dry_run=True)
    assert "Gewijzigd: programma Klant in Beeld (versie: '1.2' → '1.3')" in uit
    assert "zou worden bijgewerkt: 0 nieuw, 1 gewijzigd, 0 verwijderd" in uit
    assert "Er is niets opgeslagen (--dry-run)." in uit
    assert database() == voor
    importeer(str(pad), programma=SLUG)
    assert Programma.objects.get(slug=SLUG).versie == "1.3"


def test_a_damaged_file_exits_non_zero_with_every_error_and_saves_nothing(demo):
    voor = database()
    fouten = StringIO()
    with pytest.raises(CommandError) as fout:
        call_command(
            "import_plan", str(VOORBEELDEN / "beschadigd.md"), programma=SLUG, stderr=fouten
        )
    assert fout.value.returncode == 1
    assert (
        str(fout.value) == f"8 fout(en) in {VOORBEELDEN / 'beschadigd.md'}; er is niets opgeslagen."
    )
    assert fouten.getvalue().count("Fout: Regel ") == 8
    assert database() == voor


@pytest.mark.parametrize(
    ("inhoud", "melding"),
    [
        (b"x" * (2 * 1024 * 1024 + 1), "is groter dan 2 MB"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "er is niets opgeslagen"),
    ],
)
def test_a_file_that_is_no_plan_is_refused(db, tmp_path, inhoud, melding):
    pad = tmp_path / "plan.md"
    pad.write_bytes(inhoud)
    with pytest.raises(CommandError, match=melding):
        importeer(str(pad))
    assert not Programma.objects.exists()


def test_a_missing_file_is_an_error(db, tmp_path):
    with pytest.raises(CommandError, match=r"Kan .* niet lezen"):
        importeer(str(tmp_path / "bestaat-niet.md"))


def test_the_json_export_is_a_versioned_document(demo, tmp_path):
    pad = tmp_path / "plan.json"
    exporteer(SLUG, "json", pad)
    document = json.loads(pad.read_text())
    assert (document["formaat"], document["versie"]) == ("batenplan", 1)
    assert document["programma"]["kop"]["slug"] == SLUG


def test_importing_an_unchanged_export_from_the_shell_changes_nothing(demo, tmp_path):
    pad = tmp_path / "plan.md"
    exporteer(SLUG, "md", pad)
    uit, _ = importeer(str(pad), programma=SLUG)
    assert "0 nieuw, 0 gewijzigd, 0 verwijderd" in uit
