"""English beside Dutch (issue 19) on the import, versions and history pages: the import
preview tells what it could not read in the person's language, while the file's keywords
and what is stored stay Dutch; the history stores its origins in Dutch and shows them
translated."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from programmas import versies
from programmas.demo import SLUG
from programmas.models import Afhankelijkheid, Planversie, Profiel, Programma, Wijzigingsset
from programmas.uitwisseling import exporteer_markdown

PM = "pm"


def in_taal(taal: str, gebruikersnaam: str = PM) -> Client:
    """A browser logged in as someone whose profile reads `taal`."""
    user = get_user_model().objects.get(username=gebruikersnaam)
    Profiel.objects.filter(user=user).update(taal=taal)
    client = Client()
    client.force_login(user)
    return client


def tekst(response) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def met_losse_regel(demo: Programma) -> bytes:
    """The demo's plan with a line above section 1 that the template has no place for."""
    md = exporteer_markdown(demo)
    return md.replace("**Versie:**", "Een losse regel\n**Versie:**", 1).encode()


def voorbeeld(client: Client, inhoud: bytes):
    url = reverse("importeren", args=[SLUG])
    return client.post(url, {"bestand": SimpleUploadedFile("plan.md", inhoud)})


@pytest.mark.parametrize(
    ("taal", "kop", "waarschuwing"),
    [
        ("nl", "Waarschuwingen", r"Regel \d+: deze regel boven sectie 1 wordt niet gelezen\."),
        ("en", "Warnings", r"Line \d+: this line above section 1 is not read\."),
    ],
)
def test_the_import_preview_tells_a_warning_in_the_language_of_the_person(
    demo, taal: str, kop: str, waarschuwing: str
) -> None:
    response = voorbeeld(in_taal(taal), met_losse_regel(demo))
    assert response.status_code == 200
    pagina = tekst(response)
    assert kop in pagina
    assert re.search(waarschuwing, pagina), pagina[-2000:]


def test_an_import_error_in_english_keeps_the_files_keywords_dutch(demo) -> None:
    md = exporteer_markdown(demo)
    kapot = re.sub(r"\| B2 \|", "| Bx |", md, count=1).encode()
    response = voorbeeld(in_taal("en"), kapot)
    assert response.status_code == 422
    pagina = tekst(response)
    assert "The plan cannot be imported" in pagina
    assert "'Bx' is not a baat number (expected B1, B2, ...)." in pagina


def test_an_import_preview_in_english_changes_nothing_in_the_export(demo) -> None:
    voor = exporteer_markdown(demo)
    voorbeeld(in_taal("en"), met_losse_regel(demo))
    assert exporteer_markdown(Programma.objects.get(pk=demo.pk)) == voor
    assert "**Versie:**" in voor and "## 1. Baten Overzicht" in voor


def test_a_restore_in_english_is_stored_in_dutch_and_shown_in_the_readers_language(demo) -> None:
    engels = in_taal("en")
    assert engels.post(reverse("versies", args=[SLUG]), {"soort": "concept", "nummer": "0.1"})
    versie = Planversie.objects.get()
    programma = Programma.objects.get(pk=demo.pk)
    programma.opsteller = "PMO Klant in Beeld"
    programma.save()  # a change the restore undoes
    url = reverse("versie_terugzetten", args=[SLUG, versie.pk])
    afdruk = engels.get(url).context["vingerafdruk"]
    assert engels.post(url, {"vingerafdruk": afdruk}).status_code == 302
    # Stored as every origin is: in Dutch, whatever the person reads.
    assert Wijzigingsset.objects.filter(oorsprong="versie 0.1 teruggezet").exists()
    assert Wijzigingsset.objects.filter(oorsprong="versie vastgelegd").exists()

    geschiedenis = reverse("geschiedenis", args=[SLUG])
    assert "version 0.1 restored" in tekst(engels.get(geschiedenis))
    assert "versie 0.1 teruggezet" in tekst(in_taal("nl").get(geschiedenis))


def test_the_history_filter_keeps_its_dutch_value_and_reads_in_english(demo) -> None:
    pagina = in_taal("en").get(reverse("geschiedenis", args=[SLUG])).content.decode()
    assert '<option value="Meetmomenten en metingen">Meetmomenten and metingen</option>' in pagina
    gefilterd = in_taal("en").get(
        reverse("geschiedenis", args=[SLUG]), {"sectie": "Meetmomenten en metingen"}
    )
    assert gefilterd.status_code == 200
    assert "(Meetmomenten and metingen)" in tekst(gefilterd)


def test_a_comparison_in_english_names_the_sections_and_fields_in_english(demo) -> None:
    engels = in_taal("en")
    engels.post(reverse("versies", args=[SLUG]), {"soort": "concept", "nummer": "0.1"})
    Programma.objects.filter(pk=demo.pk).update(opsteller="PMO Klant in Beeld")
    vergelijking = tekst(engels.get(reverse("vergelijking", args=[SLUG])))
    assert "From version 0.1 to the plan now: 1 change." in vergelijking
    assert "Header" in vergelijking and "the plan's header" in vergelijking
    assert "author : Programmabureau Klant in Beeld → PMO Klant in Beeld" in vergelijking
    # The same in Dutch, from the same stored versions.
    nl = versies.vergelijk_versies(Planversie.objects.get(), None, demo, met_leden=True)
    assert [s.titel for s in nl.secties] == ["Kop"]


def test_an_open_list_value_reads_in_english_in_the_history_and_a_comparison(demo) -> None:
    """A stuurparameter's norm and a dependency's type, stored as the template words them,
    read as the plan page shows them: "Green", "Content"."""
    engels = in_taal("en")
    engels.post(reverse("versies", args=[SLUG]), {"soort": "concept", "nummer": "0.1"})
    parameter = demo.stuurparameters.first()
    afhankelijkheid = Afhankelijkheid.objects.filter(baat__programma=demo).first()
    parameter.norm = "Geel" if parameter.norm != "Geel" else "Groen"
    parameter.save()
    afhankelijkheid.type = "Middelen" if afhankelijkheid.type != "Middelen" else "Planning"
    afhankelijkheid.save()
    vergelijking = tekst(engels.get(reverse("vergelijking", args=[SLUG])))
    geschiedenis = tekst(engels.get(reverse("geschiedenis", args=[SLUG])))
    for pagina in (vergelijking, geschiedenis):
        assert "Amber" in pagina or "Green" in pagina
        assert "Resources" in pagina or "Planning" in pagina
        assert not re.search(r"\b(Geel|Groen|Middelen|Inhoudelijk)\b", pagina)
