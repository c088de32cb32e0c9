"""English beside Dutch (issue 19, item 7): a person chooses the language; Dutch stays the
default; the demo's pages in English hold no Dutch word that is not the plan's own.

How an untranslated string is found: a page is rendered in Dutch and in English. The words
of the Dutch page that are the product's (not the plan's data, not a domain noun that keeps
its Dutch name) and that no English translation in the catalogue uses are Dutch words; none
of them may be on the English page. A string nobody marked for translation, or a figure
label built in Python without gettext, stays Dutch on the English page and is caught.
"""

from __future__ import annotations

import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models as dj_models
from django.test import Client
from django.urls import reverse

from programmas.models import Profiel
from programmas.views import SOORTEN
from tests.e2e.test_schermen import PAGINAS, P, Pagina
from tests.helpers import PASSWORD

CATALOGUS = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES" / "django.po"

# The domain's nouns keep their Dutch names in English (issue 19), and the template's own
# terms that name a thing of the plan; the English help texts gloss them.
WOORDENLIJST = {
    "baat",
    "baten",
    "baateigenaar",
    "baateigenaren",
    "batenrealisatieplan",
    "batenplan",
    "batenkaart",
    "cyclus",
    "cycli",
    "nulmeting",
    "meetmoment",
    "meetmomenten",
    "meting",
    "metingen",
    "vermogen",
    "vermogens",
    "inspanning",
    "inspanningen",
    "risico",
    "risico's",
    "risicos",
    "afhankelijkheid",
    "afhankelijkheden",
    "stuurparameter",
    "stuurparameters",
    "escalatie",
    "escalaties",
    "sponsorgroep",
    "doel",
    "doelen",
    "fase",
    "basis",
    "groei",
    "target",
    "borging",
    "doeltreffendheid",
    "tempo",
    "haalbaarheid",
    "wendbaarheid",
    "efficiëntie",
    "roadmap",
    "doelsituatie",
    "realisatie",
    "nederlands",
    "english",
    "sector",
    "sectoren",
    "po",
    "vo",
    "zak",
    "impact",
}

# Rows the app writes itself, not the plan's people: their texts are the product's words
# (stored in Dutch and shown in the reader's language), not data that stays as written.
NIET_VAN_HET_PLAN = {"Wijzigingsset", "Prullenbak", "RapportAanvraag"}

WOORD = re.compile(r"[^\W\d_]{2,}(?:'[^\W\d_]+)?")
ATTRIBUTEN = {"title", "aria-label", "placeholder", "alt"}


class Teksten(HTMLParser):
    """The texts of a page a person reads or hears: text nodes outside script and style,
    labels in attributes, and the words on buttons."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.teksten: list[str] = []
        self._verborgen = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._verborgen += 1
        waarden = dict(attrs)
        for naam in ATTRIBUTEN:
            if waarden.get(naam):
                self.teksten.append(waarden[naam] or "")
        if tag == "input" and waarden.get("type") in ("submit", "button") and waarden.get("value"):
            self.teksten.append(waarden["value"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._verborgen -= 1

    def handle_data(self, data: str) -> None:
        if not self._verborgen and data.strip():
            self.teksten.append(" ".join(data.split()))


def teksten(html: str) -> list[str]:
    lezer = Teksten()
    lezer.feed(html)
    return lezer.teksten


def plangegevens() -> re.Pattern[str]:
    """Every text the plan's people wrote (names, levels as written, notes), as one pattern
    of whole words: the plan's own words, which stay as written in either language. Choices
    are not among them: their labels are the product's and are translated. A long text also
    as the pages cut it short (an escalatie's name, a mail's line)."""
    waarden: set[str] = set()
    for model in apps.get_app_config("programmas").get_models():
        if model.__name__ in NIET_VAN_HET_PLAN:
            continue
        velden = [
            v.name
            for v in model._meta.concrete_fields
            if isinstance(v, dj_models.CharField | dj_models.TextField) and not v.choices
        ]
        for rij in model.objects.values_list(*velden) if velden else []:
            waarden.update(str(w) for w in rij if w)
    for naam in get_user_model().objects.values_list("first_name", "last_name", "username"):
        waarden.update(w for w in naam if w)
        waarden.add(" ".join(w for w in naam[:2] if w))
    waarden |= {w[:n] for w in waarden for n in (60, 139) if len(w) > n}
    gesorteerd = sorted((w for w in waarden if len(w) > 1), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, gesorteerd)) + r")(?!\w)")


@cache
def engelse_woorden() -> frozenset[str]:
    woorden: set[str] = set()
    for entry in polib.pofile(str(CATALOGUS)):
        for tekst in (entry.msgstr, *entry.msgstr_plural.values()):
            woorden.update(w.lower() for w in WOORD.findall(tekst))
    return frozenset(woorden)


def zonder_gegevens(tekst: str, gegevens: re.Pattern[str]) -> str:
    return gegevens.sub(" ", tekst)


def productwoorden(html: str, gegevens: re.Pattern[str]) -> dict[str, str]:
    """The words of a page that are not the plan's data, each with a text it stands in."""
    woorden: dict[str, str] = {}
    for tekst in teksten(html):
        for woord in WOORD.findall(zonder_gegevens(tekst, gegevens)):
            woorden.setdefault(woord.lower(), tekst)
    return woorden


def client_in(taal: str, gebruikersnaam: str | None) -> Client:
    client = Client()
    if gebruikersnaam is None:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = taal
        return client
    user = get_user_model().objects.get(username=gebruikersnaam)
    Profiel.objects.filter(user=user).update(taal=taal)
    client.force_login(user)
    return client


def formulieren() -> list[Pagina]:
    """The programme manager's edit form of each kind of row, as the plan page opens it,
    and the forms of the sponsorgroep's work: handling a signal, a decision."""
    paginas = [
        Pagina(f"{P}/dashboard/signaal/2/achterstand/"),
        Pagina(f"{P}/dashboard/signaal/5/conflict/"),
    ]
    for soort, s in SOORTEN.items():
        rij = s.model.objects.order_by("pk").first()
        if rij is not None:
            paginas.append(Pagina(f"{P}/{soort}/{rij.pk}/"))
        paginas.append(Pagina(f"{P}/{soort}/nieuw/"))
    return paginas


def nederlands_op_engelse_paginas(rol: str | None, paginas: list[Pagina]) -> list[str]:
    gegevens = plangegevens()
    engels = engelse_woorden()
    nl, en = client_in("nl", rol), client_in("en", rol)
    gevonden = []
    for pagina in paginas:
        antwoord_nl = nl.get(pagina.pad)
        if antwoord_nl.status_code not in (200, 403, 404):
            continue  # a form that needs a parent row; its page is covered elsewhere
        antwoord_en = en.get(pagina.pad)
        assert antwoord_en.status_code == antwoord_nl.status_code, pagina
        nederlands = {
            w
            for w in productwoorden(antwoord_nl.content.decode(), gegevens)
            if w not in engels and w not in WOORDENLIJST
        }
        for woord, tekst in productwoorden(antwoord_en.content.decode(), gegevens).items():
            if woord in nederlands:
                gevonden.append(f"{pagina.pad}: {woord!r} in {tekst!r}")
    return gevonden


@pytest.mark.parametrize("rol", list(PAGINAS))
def test_demo_pages_in_english_have_no_untranslated_string(demo, rol: str | None) -> None:
    paginas = PAGINAS[rol] + (formulieren() if rol == "pm" else [])
    gevonden = nederlands_op_engelse_paginas(rol, paginas)
    assert not gevonden, "\n".join(gevonden)


def test_every_message_in_the_catalogue_has_its_english() -> None:
    catalogus = polib.pofile(str(CATALOGUS))
    assert len(catalogus) > 500
    assert not [e.msgid for e in catalogus.untranslated_entries()]
    assert not [e.msgid for e in catalogus.fuzzy_entries()]


def test_dutch_is_the_default_whatever_the_browser_asks(demo) -> None:
    engelse_browser = {"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"}
    for client in (Client(), client_in("nl", "pm")):
        antwoord = client.get(f"{P}/", follow=True, **engelse_browser)
        assert '<html lang="nl">' in antwoord.content.decode()
        assert antwoord.headers["Content-Language"] == "nl"


def test_a_language_chosen_in_a_shared_browser_does_not_follow_the_next_person(demo) -> None:
    client = client_in("nl", "eigenaar")
    client.post(reverse("taal"), {"taal": "en"})
    client.post(reverse("logout"))
    # The login page stays in the language last chosen here...
    assert '<html lang="en">' in client.get(reverse("login")).content.decode()
    client.post(reverse("login"), {"username": "sponsor", "password": PASSWORD})
    # ...but the next person reads their own, and their profile is theirs.
    assert client.get(f"{P}/").headers["Content-Language"] == "nl"
    assert Profiel.objects.get(user__username="sponsor").taal == "nl"
    assert Profiel.objects.get(user__username="eigenaar").taal == "en"


def test_a_language_set_on_the_profile_holds_at_the_next_login(demo) -> None:
    client = client_in("nl", "eigenaar")
    client.post(reverse("taal"), {"taal": "en"})
    velden = {"g-first_name": "Erik", "g-last_name": "de Eigenaar", "g-email": "e@example.nl"}
    client.post(reverse("profiel"), velden | {"h-herinnering": "wekelijks", "h-taal": "nl"})
    client.post(reverse("logout"))
    client.post(reverse("login"), {"username": "eigenaar", "password": PASSWORD})
    assert client.get(f"{P}/").headers["Content-Language"] == "nl"
    assert Profiel.objects.get(user__username="eigenaar").taal == "nl"


def test_the_switch_keeps_the_choice_on_the_profile(demo) -> None:
    client = client_in("nl", "eigenaar")
    antwoord = client.post(reverse("taal"), {"taal": "en", "next": f"{P}/dashboard/"})
    assert antwoord.status_code == 302 and antwoord.url == f"{P}/dashboard/"
    assert Profiel.objects.get(user__username="eigenaar").taal == "en"
    assert '<html lang="en">' in client.get(f"{P}/dashboard/").content.decode()
    # A new login (another browser) starts in the language of the profile.
    elders = Client()
    elders.force_login(get_user_model().objects.get(username="eigenaar"))
    assert elders.get(f"{P}/").headers["Content-Language"] == "en"


def test_english_chosen_on_the_login_page_holds_after_login_and_is_kept(demo) -> None:
    client = Client()
    client.post(reverse("taal"), {"taal": "en", "next": reverse("login")})
    antwoord = client.post(reverse("login"), {"username": "sponsor", "password": PASSWORD})
    assert antwoord.status_code == 302
    assert client.get(f"{P}/").headers["Content-Language"] == "en"
    assert Profiel.objects.get(user__username="sponsor").taal == "en"


def test_the_switch_works_before_login_and_refuses_other_places_and_languages(db) -> None:
    client = Client()
    antwoord = client.post(reverse("taal"), {"taal": "en", "next": "https://elders.example/"})
    assert antwoord.status_code == 302 and antwoord.url == reverse("start")
    assert '<html lang="en">' in client.get(reverse("login")).content.decode()
    assert client.post(reverse("taal"), {"taal": "de"}).status_code == 400


def test_profile_form_sets_the_language(demo) -> None:
    client = client_in("nl", "sponsor")
    velden = {"g-first_name": "Sam", "g-last_name": "Sponsor", "g-email": "s@example.nl"}
    velden |= {"h-herinnering": "wekelijks", "h-taal": "en"}
    antwoord = client.post(reverse("profiel"), velden)
    assert antwoord.status_code == 302, antwoord.content.decode()[:2000]
    assert Profiel.objects.get(user__username="sponsor").taal == "en"
    assert client.get(reverse("profiel")).headers["Content-Language"] == "en"
