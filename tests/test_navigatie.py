"""Issue 19, part 4: no dead ends. The empty template ships with the project, the admin
speaks Dutch, the menu offers nothing that leads to an empty page, a 403 says what was
refused, and the demo load says which password its users got."""

import re
from html import unescape
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from programmas.models import Programma

SLUG = "klant-in-beeld"
SJABLOON = Path(settings.BASE_DIR) / "docs" / "batenrealisatieplan.md"


def woorden(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


# ---------------------------------------------------------------------------------------
# The empty template


def test_the_empty_template_in_docs_is_the_shared_template():
    gedeeld = Path("/work/shared/template/batenrealisatieplan.md")
    if not gedeeld.exists():
        pytest.skip("the shared template is outside this checkout")
    assert SJABLOON.read_bytes() == gedeeld.read_bytes()


def test_the_import_page_offers_the_empty_template_and_it_downloads_as_in_docs(pm, demo):
    pagina = pm.get(reverse("importeren", args=[SLUG])).content.decode()
    assert f'href="{reverse("leeg_sjabloon")}"' in pagina
    assert "leeg sjabloon Batenrealisatieplan" in pagina
    antwoord = pm.get(reverse("leeg_sjabloon"))
    assert antwoord.status_code == 200
    assert antwoord["Content-Type"] == "text/markdown; charset=utf-8"
    assert 'filename="batenrealisatieplan.md"' in antwoord["Content-Disposition"]
    assert antwoord.content == SJABLOON.read_bytes()


def test_the_empty_template_previews_as_a_new_programme_without_errors(make_user):
    beheerder = make_user("sitebeheer", is_staff=True)
    client = Client()
    client.force_login(beheerder)
    inhoud = client.get(reverse("leeg_sjabloon")).content
    antwoord = client.post(
        reverse("importeren_nieuw"),
        {"bestand": SimpleUploadedFile("batenrealisatieplan.md", inhoud)},
    )
    html = antwoord.content.decode()
    assert antwoord.status_code == 200, woorden(html)[:3000]
    assert "kan niet worden geïmporteerd" not in html
    assert "Voorbeeld: dit gaat er veranderen" in html
    assert "Importeren bevestigen" in html
    assert not Programma.objects.exists()  # a preview saves nothing


def test_the_empty_template_previews_into_a_programme_without_errors(pm, demo):
    inhoud = pm.get(reverse("leeg_sjabloon")).content
    antwoord = pm.post(
        reverse("importeren", args=[SLUG]),
        {"bestand": SimpleUploadedFile("batenrealisatieplan.md", inhoud)},
    )
    html = antwoord.content.decode()
    assert antwoord.status_code == 200
    assert "kan niet worden geïmporteerd" not in html
    assert "Voorbeeld: dit gaat er veranderen" in html


# ---------------------------------------------------------------------------------------
# The admin in Dutch

ENGELSE_WOORDEN = {"access", "attempt", "attempts", "failure", "failures", "log", "logs"}
ENGELSE_WOORDEN |= {"task", "tasks", "result", "results", "database", "backend", "users"}


def modelnamen(html: str) -> list[str]:
    """The names of the models and apps in the admin's index."""
    modellen = re.findall(r'<th scope="row"[^>]*>\s*<a href="[^"]*">([^<]+)</a>\s*</th>', html)
    apps = re.findall(r"<caption>\s*<a[^>]*>([^<]+)</a>\s*</caption>", html)
    return [unescape(naam.strip()) for naam in [*apps, *modellen]]


def test_the_admin_index_names_every_app_and_model_in_dutch(beheerder, demo):
    html = beheerder.get(reverse("admin:index")).content.decode()
    namen = modelnamen(html)
    assert len(namen) > 20, namen
    engels = [n for n in namen if set(re.findall(r"[a-z]+", n.lower())) & ENGELSE_WOORDEN]
    assert engels == []
    for naam in (
        "Inlogbeveiliging",
        "Mislukte inlogpogingen (tellers per account en adres)",
        "Mislukte inlogs (logboek)",
        "Inlogs en uitlogs (logboek)",
        "Achtergrondtaken",
        "Taakresultaten",
        "Gekoppelde baten van afhankelijkheden",
    ):
        assert naam in namen, (naam, namen)
    assert "Afhankelijk van" not in namen


def test_the_dutch_names_leave_the_libraries_migrations_alone(db):
    # Only the names shown are set, not the options migrations read.
    from axes.models import AccessAttempt

    assert AccessAttempt._meta.original_attrs["verbose_name"] == "access attempt"
    assert str(AccessAttempt._meta.verbose_name) == "teller van mislukte inlogpogingen"
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


# ---------------------------------------------------------------------------------------
# The menu per role


def menu(client: Client) -> dict[str, str]:
    html = client.get(reverse("plan", args=[SLUG])).content.decode()
    nav = re.search(r'<nav aria-label="Programma">(.*?)</nav>', html, re.S)
    assert nav, html[:2000]
    return {
        tekst.strip(): href for href, tekst in re.findall(r'<a href="([^"]+)">([^<]+)</a>', nav[1])
    }


@pytest.mark.parametrize(
    ("wie", "items"),
    [
        (
            "pm",
            ["Klant in Beeld", "Dashboard", "Batenkaart", "Leden", "Prullenbak", "Geschiedenis"],
        ),
        ("eigenaar", ["Klant in Beeld", "Dashboard", "Batenkaart", "Mijn baten", "Geschiedenis"]),
        ("sponsor", ["Klant in Beeld", "Dashboard", "Batenkaart", "Geschiedenis"]),
    ],
)
def test_each_role_sees_only_menu_items_that_lead_somewhere(request, demo, wie, items):
    client = request.getfixturevalue(wie)
    gezien = menu(client)
    assert list(gezien) == items
    for naam, href in gezien.items():
        antwoord = client.get(href)
        assert antwoord.status_code == 200, (naam, href)
        if naam == "Mijn baten":
            assert 'class="kaart"' in antwoord.content.decode()


def test_a_programme_manager_who_owns_a_baat_gets_mijn_baten(pm, demo):
    b1 = demo.baten.get(nummer=1)
    b1.eigenaar = get_user_model().objects.get(username="pm")
    b1.save()
    assert "Mijn baten" in menu(pm)
    assert "B1 Consistente klantbeleving" in pm.get(reverse("mijn", args=[SLUG])).content.decode()


# ---------------------------------------------------------------------------------------
# 403 texts


def test_the_403_for_leden_says_reading_the_member_list_was_refused(sponsor, demo):
    antwoord = sponsor.get(reverse("leden", args=[SLUG]))
    assert antwoord.status_code == 403
    tekst = woorden(antwoord.content.decode())
    assert "U mag de ledenlijst van dit programma niet inzien" in tekst
    assert "alleen de programmamanager ziet wie er lid is en met welke rol" in tekst
    assert "deze wijziging" not in tekst


def test_the_403s_name_what_was_refused(eigenaar, sponsor, demo):
    stuurparameter = demo.stuurparameters.first()
    url = reverse("rij_bewerken", args=[SLUG, "stuurparameter", stuurparameter.pk])
    tekst = woorden(eigenaar.get(url).content.decode())
    assert "U mag dit onderdeel van het plan (stuurparameter) niet wijzigen." in tekst
    assert "Een baateigenaar wijzigt alleen de metingen en risico's van de eigen baten" in tekst

    antwoord = eigenaar.get(reverse("meting", args=[SLUG, 4]))
    assert antwoord.status_code == 403
    assert "U mag geen metingen invoeren voor B4" in woorden(antwoord.content.decode())

    antwoord = sponsor.get(reverse("sectie_bewerken", args=[SLUG, "kop"]))
    assert antwoord.status_code == 403
    assert "Alleen de programmamanager mag de secties van het plan wijzigen." in woorden(
        antwoord.content.decode()
    )

    antwoord = sponsor.get(reverse("importeren", args=[SLUG]))
    assert "Alleen de programmamanager mag een plan in dit programma importeren." in woorden(
        antwoord.content.decode()
    )


# ---------------------------------------------------------------------------------------
# The demo load


def test_loaddemo_says_the_users_got_the_password_that_was_given(db, settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("loaddemo", password="geheim-demo-wachtwoord", stdout=out)
    tekst = out.getvalue()
    assert "met het wachtwoord dat u opgaf (--password)" in tekst
    assert "het opgegeven wachtwoord" not in tekst
    assert "geheim-demo-wachtwoord" not in tekst
    out = StringIO()
    call_command("loaddemo", password="geheim-demo-wachtwoord", stdout=out)
    assert "de demogebruikers bestonden al en hun wachtwoord is niet gewijzigd" in out.getvalue()


# ---------------------------------------------------------------------------------------
# The README


def test_the_readme_is_dutch_names_host_and_points_to_the_template_in_docs():
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    koppen = re.findall(r"^## (.+)$", readme, re.M)
    assert koppen[0] == "Twee commando's" and koppen[-1] == "In English"
    assert "make run HOST=0.0.0.0:8000" in readme
    assert "docs/batenrealisatieplan.md" in readme
    assert "../shared" not in readme
