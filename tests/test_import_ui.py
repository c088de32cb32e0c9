"""Import and export in the browser: upload, preview, confirm; downloads in three formats."""

import io
import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from programmas.models import Baat, Programma
from programmas.uitwisseling import exporteer_markdown
from tests.helpers import VOORBEELDEN, als

SLUG = "klant-in-beeld"


def upload(client, url: str, inhoud: bytes, naam: str = "plan.md"):
    return client.post(url, {"bestand": SimpleUploadedFile(naam, inhoud)})


def test_pm_sees_a_preview_and_nothing_changes_before_confirming(client, demo):
    als(client, "pm")
    url = reverse("importeren", args=[SLUG])
    md = exporteer_markdown(demo).replace("Consistente klantbeleving", "Eén klantbeleving")
    response = upload(client, url, md.encode())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Voorbeeld: dit gaat er veranderen" in html
    assert "Eén klantbeleving" in html and "Consistente klantbeleving" in html
    assert Baat.objects.get(programma=demo, nummer=1).naam == "Consistente klantbeleving"

    response = client.post(url, {"bevestig": "1"})
    assert response.status_code == 302 and response["Location"] == reverse("plan", args=[SLUG])
    assert Baat.objects.get(programma=demo, nummer=1).naam == "Eén klantbeleving"
    assert "Het plan is geïmporteerd" in client.get(response["Location"]).content.decode()


def test_a_damaged_file_gets_every_error_with_its_line_and_changes_nothing(client, demo):
    als(client, "pm")
    voor = exporteer_markdown(demo)
    response = upload(
        client, reverse("importeren", args=[SLUG]), (VOORBEELDEN / "beschadigd.md").read_bytes()
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Het plan kan niet worden geïmporteerd" in html
    assert html.count("Regel ") >= 5
    assert exporteer_markdown(demo) == voor
    # Confirming after a refused upload has nothing to confirm.
    assert client.post(reverse("importeren", args=[SLUG]), {"bevestig": "1"}).status_code == 422
    assert exporteer_markdown(demo) == voor


def test_a_binary_file_is_refused_with_a_dutch_message(client, demo):
    als(client, "pm")
    response = upload(client, reverse("importeren", args=[SLUG]), b"PK\x03\x04rommel", "plan.xlsx")
    assert response.status_code == 422
    assert "Dit is geen tekstbestand" in response.content.decode()


def test_a_file_over_2_mb_is_refused(client, demo):
    als(client, "pm")
    response = upload(client, reverse("importeren", args=[SLUG]), b"x" * (2 * 1024 * 1024 + 1))
    assert response.status_code == 422
    assert "groter dan 2 MB" in response.content.decode()


def test_a_site_administrator_imports_a_new_programme_and_becomes_its_manager(client, demo):
    als(client, "beheerder")
    url = reverse("importeren_nieuw")
    response = upload(client, url, (VOORBEELDEN / "tidy.md").read_bytes())
    assert response.status_code == 200
    assert "Een nieuw programma" in response.content.decode()
    assert not Programma.objects.filter(naam="Samen Digitaal").exists()
    response = client.post(url, {"bevestig": "1"})
    programma = Programma.objects.get(naam="Samen Digitaal")
    assert response["Location"] == reverse("plan", args=[programma.slug])
    assert programma.lidmaatschappen.get(user__username="beheerder").rol == "programmamanager"
    assert programma.baten.count() == 3


def test_a_confirmation_for_one_programme_cannot_land_in_another(client, demo):
    als(client, "beheerder")
    upload(client, reverse("importeren_nieuw"), (VOORBEELDEN / "tidy.md").read_bytes())
    client.force_login(get_user_model().objects.get(username="pm"))
    voor = exporteer_markdown(demo)
    client.post(reverse("importeren", args=[SLUG]), {"bevestig": "1"})
    assert exporteer_markdown(demo) == voor


@pytest.mark.parametrize(
    ("soort", "type_"),
    [
        ("md", "text/markdown; charset=utf-8"),
        ("json", "application/json"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ],
)
def test_every_member_downloads_the_plan_in_three_formats(client, demo, soort, type_):
    als(client, "sponsor")
    response = client.get(reverse("exporteren", args=[SLUG, soort]))
    assert response.status_code == 200
    assert response["Content-Type"] == type_
    naam = response["Content-Disposition"]
    assert "-v1.2-" in naam and naam.endswith(f'.{soort}"')
    if soort == "json":
        assert json.loads(response.content)["formaat"] == "batenplan"
    elif soort == "xlsx":
        werkboek = load_workbook(io.BytesIO(response.content))
        assert "1 Baten" in werkboek.sheetnames
    else:
        assert "## 1. Baten Overzicht" in response.content.decode()


def test_script_in_a_name_is_text_in_every_export(client, demo):
    script = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    Baat.objects.filter(programma=demo, nummer=1).update(naam=script)
    als(client, "sponsor")
    md = client.get(reverse("exporteren", args=[SLUG, "md"])).content.decode()
    # Escaped: every "<" has a backslash, so Markdown shows it as text, never as HTML.
    assert re.search(r"(?<!\\)<", md) is None and "\\<script>" in md
    data = json.loads(client.get(reverse("exporteren", args=[SLUG, "json"])).content)
    assert data["programma"]["baten"][0]["naam"] == script
    blad = load_workbook(io.BytesIO(client.get(reverse("exporteren", args=[SLUG, "xlsx"])).content))
    assert blad["1 Baten"]["B2"].value == script


def test_the_plan_page_offers_downloads_to_all_and_import_to_the_manager(client, demo):
    html = als(client, "sponsor").get(reverse("plan", args=[SLUG])).content.decode()
    assert reverse("exporteren", args=[SLUG, "xlsx"]) in html
    assert reverse("importeren", args=[SLUG]) not in html
    html = als(client, "pm").get(reverse("plan", args=[SLUG])).content.decode()
    assert reverse("importeren", args=[SLUG]) in html


def test_a_restored_backup_keeps_its_members_and_its_importer_may_manage_it(client, demo):
    from programmas.uitwisseling import exporteer_json

    backup = exporteer_json(demo).encode()
    demo.delete()
    als(client, "beheerder")
    upload(client, reverse("importeren_nieuw"), backup, "backup.json")
    response = client.post(reverse("importeren_nieuw"), {"bevestig": "1"})
    assert response["Location"] == reverse("plan", args=[SLUG])
    rollen = dict(
        Programma.objects.get(slug=SLUG).lidmaatschappen.values_list("user__username", "rol")
    )
    assert rollen == {
        "pm": "programmamanager",
        "eigenaar": "baateigenaar",
        "sponsor": "sponsorgroep",
        "beheerder": "programmamanager",
    }
