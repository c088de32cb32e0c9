"""Plain helpers the tests share; the fixtures that use them are in conftest.py.

No test module imports from another test module: what two of them need is here. Sections:
the day, logging in, the demo's rows, the whole database as a snapshot, reading forms from
the HTML as a browser does, a programme dumped in a comparable form, query counts, and the
browser's clean bill of health.
"""

import runpy
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.db import connection, models
from django.test import Client
from django.test.utils import CaptureQueriesContext
from hypothesis import strategies as st

from batenplan import settings as settings_module
from programmas.demo import SLUG
from programmas.models import (
    Afhankelijkheid,
    AfhankelijkheidVan,
    Baat,
    Cyclus,
    CyclusDoel,
    Doel,
    Escalatie,
    Inspanning,
    Lidmaatschap,
    Meetmoment,
    Programma,
    Risico,
    RoadmapFase,
    Sector,
    Stuurparameter,
    StuurparameterWijziging,
    Vermogen,
)
from programmas.notatie import parse_datum, parse_getal

PASSWORD = "test-wachtwoord-123"
# The six baten of the template (../shared/template), so of the demo too.
ZES_BATEN = [
    "Consistente klantbeleving",
    "Hogere klanttevredenheid",
    "Efficiëntere klantprocessen",
    "Betere klantinzichten",
    "Sterkere klantrelaties",
    "Outside-in cultuur",
]
# What the app answers to a save based on a version someone else changed in the meantime.
CONFLICT = "Iemand anders heeft dit intussen gewijzigd; er is niets opgeslagen."
# Levels and dates for property tests of the figures (hypothesis).
NIVEAUS = st.decimals(min_value=-10_000, max_value=10_000, places=3)
DATUMS = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))
VOORBEELDEN = Path(__file__).parent / "voorbeelden"


# ---------------------------------------------------------------------------------------
# The day


def op_dag(dag: date) -> time_machine.travel:
    """Travel to 09:00 on `dag` in the site's time zone; the clock ticks on from there, so
    timeouts and throttles in the code under test still see time pass."""
    tijd = datetime.combine(dag, time(9), tzinfo=ZoneInfo(django_settings.TIME_ZONE))
    return time_machine.travel(tijd, tick=True)


# ---------------------------------------------------------------------------------------
# Logging in, and the demo's rows


def als(client: Client, username: str) -> Client:
    """`client`, logged in as `username` (no password check: the login tests do that)."""
    client.force_login(get_user_model().objects.get(username=username))
    return client


def ingelogd(username: str) -> Client:
    """A browser of its own, logged in as `username`."""
    return als(Client(), username)


def demo_gebruiker(username: str, naam: str | None = None):
    """A fixture (named `naam`, else `username`): the demo loaded, that user logged in."""

    def gebruiker(demo: Programma) -> Client:
        return ingelogd(username)

    return pytest.fixture(gebruiker, name=naam or username)


def baat(nummer: int) -> Baat:
    return Baat.objects.get(programma__slug=SLUG, nummer=nummer)


def getal(tekst: str) -> Decimal:
    """A number as people write it; the test's own text, so it must read."""
    waarde = parse_getal(tekst)
    assert waarde is not None, tekst
    return waarde


def datum(tekst: str) -> date:
    """A date as people write it; the test's own text, so it must read."""
    waarde = parse_datum(tekst)
    assert waarde is not None, tekst
    return waarde


def tekst(response) -> str:
    """A response as one line of text, entities read, to find what the user reads."""
    return " ".join(unescape(response.content.decode()).split())


def laad_settings(monkeypatch, **omgeving: str) -> dict:
    """The settings module as production reads it from this environment."""
    monkeypatch.setenv("DJANGO_SECRET_KEY", "x" * 50)
    monkeypatch.delenv("DJANGO_DEBUG", raising=False)
    for naam, waarde in omgeving.items():
        monkeypatch.setenv(naam, waarde)
    return runpy.run_path(str(Path(settings_module.__file__)))


# ---------------------------------------------------------------------------------------
# The whole database


def database() -> dict[str, list[tuple[Any, ...]]]:
    """Every stored row of the project's and auth's tables, the many-to-many tables
    included, to show that something changed nothing anywhere. Read with plain SQL: some
    tests read it two or three times."""
    tabellen = [
        model._meta.db_table
        for label in ("programmas", "auth")
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    ]
    rijen = {}
    with connection.cursor() as cursor:
        for tabel in tabellen:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(tabel)} ORDER BY 1")
            rijen[tabel] = cursor.fetchall()
    return rijen


def queries(functie: Callable[[], object]) -> int:
    """The SQL statements one call of `functie` sends."""
    with CaptureQueriesContext(connection) as vastgelegd:
        functie()
    return len(vastgelegd.captured_queries)


# ---------------------------------------------------------------------------------------
# Reading forms from the HTML, as a browser would


@dataclass
class Formulier:
    actie: str
    klasse: str
    velden: dict[str, list[str]] = field(default_factory=dict)
    fouten: dict[str, str] = field(default_factory=dict)  # id of <p class="fout"> -> text

    def waarde(self, naam: str) -> str:
        return self.velden[naam][0] if self.velden.get(naam) else ""

    def data(self, **wijzigingen: str | list[str]) -> dict[str, list[str]]:
        data = {naam: list(waarden) for naam, waarden in self.velden.items()}
        for naam, waarde in wijzigingen.items():
            data[naam] = waarde if isinstance(waarde, list) else [waarde]
        return data


class FormulierLezer(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.formulieren: list[Formulier] = []
        self.select: tuple[str, bool] | None = None
        self.select_opties: list[tuple[str, bool]] = []
        self.textarea: str | None = None
        self.tekst: list[str] = []
        self.fout_id: str | None = None

    @property
    def huidig(self) -> Formulier | None:
        return self.formulieren[-1] if self.formulieren else None

    def voeg_toe(self, naam: str, waarde: str) -> None:
        if self.huidig is not None and naam:
            self.huidig.velden.setdefault(naam, []).append(waarde)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.formulieren.append(Formulier(a.get("action", ""), a.get("class", "")))
        elif tag == "input":
            soort = a.get("type", "text")
            if soort in {"submit", "button", "reset", "image", "file"}:
                return
            if soort in {"checkbox", "radio"}:
                if "checked" in a:
                    self.voeg_toe(a.get("name", ""), a.get("value", "on"))
            else:
                self.voeg_toe(a.get("name", ""), a.get("value", ""))
        elif tag == "select":
            self.select = (a.get("name", ""), "multiple" in a)
            self.select_opties = []
        elif tag == "option" and self.select is not None:
            self.select_opties.append((a.get("value", ""), "selected" in a))
        elif tag == "textarea":
            self.textarea = a.get("name", "")
            self.tekst = []
        elif tag == "p" and "fout" in a.get("class", "").split() and a.get("id"):
            self.fout_id = a["id"]
            self.tekst = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "select" and self.select is not None:
            naam, meervoudig = self.select
            gekozen = [w for w, selected in self.select_opties if selected]
            if not gekozen and not meervoudig and self.select_opties:
                gekozen = [self.select_opties[0][0]]
            for waarde in gekozen:
                self.voeg_toe(naam, waarde)
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            tekst = "".join(self.tekst)
            # Browsers drop the newline right after <textarea>.
            self.voeg_toe(self.textarea, tekst[1:] if tekst.startswith("\n") else tekst)
            self.textarea = None
        elif tag == "p" and self.fout_id is not None:
            if self.huidig is not None:
                self.huidig.fouten[self.fout_id] = "".join(self.tekst).strip()
            self.fout_id = None

    def handle_data(self, data: str) -> None:
        if self.textarea is not None or self.fout_id is not None:
            self.tekst.append(data)


def formulier_in(response) -> Formulier:
    """The plan's form in a response (a fragment or a whole page with the bar's logout form
    and language switch)."""
    lezer = FormulierLezer()
    lezer.feed(response.content.decode())
    formulieren = [
        f for f in lezer.formulieren if "uitloggen" not in f.klasse and "taalkeuze" not in f.klasse
    ]
    assert formulieren, response.content.decode()
    return formulieren[0]


def open_formulier(client, url: str, *, htmx: bool = True) -> Formulier:
    response = client.get(url, **({"HTTP_HX_REQUEST": "true"} if htmx else {}))
    assert response.status_code == 200, response.content.decode()[:2000]
    return formulier_in(response)


def verstuur(client, formulier: Formulier, *, htmx: bool = True, **wijzigingen: str | list[str]):
    extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.post(formulier.actie, formulier.data(**wijzigingen), **extra)


# ---------------------------------------------------------------------------------------
# A programme in a comparable form (round trips of import and export)

# The rows of a programme, per model of the app; every model must be here (see the test).
RIJEN = {
    Programma: lambda p: Programma.objects.filter(pk=p.pk),
    Sector: lambda p: Sector.objects.filter(programma=p),
    Lidmaatschap: lambda p: Lidmaatschap.objects.filter(programma=p),
    Baat: lambda p: Baat.objects.filter(programma=p),
    Cyclus: lambda p: Cyclus.objects.filter(programma=p),
    CyclusDoel: lambda p: CyclusDoel.objects.filter(cyclus__programma=p).select_related(
        "cyclus", "baat"
    ),
    RoadmapFase: lambda p: RoadmapFase.objects.filter(baat__programma=p).select_related("baat"),
    Vermogen: lambda p: Vermogen.objects.filter(programma=p),
    Inspanning: lambda p: Inspanning.objects.filter(programma=p),
    Doel: lambda p: Doel.objects.filter(programma=p).prefetch_related("baten"),
    # The rows they refer to read with them: a plan of 2,000 metingen dumps in a second.
    Risico: lambda p: Risico.objects.filter(baat__programma=p).select_related("baat"),
    Meetmoment: lambda p: Meetmoment.objects.filter(baat__programma=p).select_related(
        "baat", "gemeten_door"
    ),
    Afhankelijkheid: lambda p: (
        Afhankelijkheid.objects.filter(baat__programma=p)
        .select_related("baat")
        .prefetch_related("van")
    ),
    AfhankelijkheidVan: lambda p: AfhankelijkheidVan.objects.filter(
        afhankelijkheid__baat__programma=p
    ).select_related("afhankelijkheid__baat", "van", "afhankelijke"),
    Stuurparameter: lambda p: Stuurparameter.objects.filter(programma=p),
    StuurparameterWijziging: lambda p: StuurparameterWijziging.objects.filter(
        stuurparameter__programma=p
    ),
    Escalatie: lambda p: Escalatie.objects.filter(programma=p),
}
# Bookkeeping, not plan content.
NIET = {"id", "revisie", "gewijzigd_op", "gewijzigd_door", "programma"}
# What the Markdown template cannot hold (see uitwisseling's module doc).
NIET_IN_MARKDOWN = {Lidmaatschap, StuurparameterWijziging, Escalatie}


def natuurlijk(obj: Any) -> Any:
    """A row referred to by what identifies it to people, not by its primary key."""
    if obj is None:
        return None
    if isinstance(obj, Baat):
        return obj.code
    if isinstance(obj, Cyclus):
        return obj.nummer
    if isinstance(obj, Sector):
        return obj.code
    if isinstance(obj, Vermogen | Inspanning):
        return obj.omschrijving
    if isinstance(obj, Doel):
        return obj.code
    if isinstance(obj, Stuurparameter):
        return obj.parameter
    if isinstance(obj, Afhankelijkheid):
        return (obj.baat.code, obj.extern, obj.volgorde)
    if isinstance(obj, Programma):
        return "programma"
    if isinstance(obj, get_user_model()):
        return obj.get_username()
    return str(obj)


def waarde(obj: models.Model, veld: models.Field) -> Any:
    if veld.is_relation:
        return natuurlijk(getattr(obj, veld.name))
    waarde = getattr(obj, veld.attname)
    return waarde.isoformat() if hasattr(waarde, "isoformat") else waarde


def dump(programma: Programma, *, markdown: bool = False, slug: bool = True) -> dict:
    """Every stored row of the programme with every field, in a comparable form."""
    uit: dict[str, list] = {}
    for model, rijen in RIJEN.items():
        if markdown and model in NIET_IN_MARKDOWN:
            continue
        regels = []
        for obj in rijen(programma):
            rij = {}
            for veld in model._meta.concrete_fields:
                if veld.name in NIET or (veld.name == "slug" and not slug):
                    continue
                if markdown and veld.name in ("gemeten_door", "gemeten_op"):
                    continue
                if markdown and veld.name in ("eigenaar", "eigenaar_naam"):
                    rij["eigenaar"] = obj.eigenaar_weergave
                    continue
                rij[veld.name] = waarde(obj, veld)
            for veld in model._meta.many_to_many:
                rij[veld.name] = sorted(natuurlijk(o) for o in getattr(obj, veld.name).all())
            regels.append(rij)
        uit[model.__name__] = sorted(regels, key=repr)
    return uit


# ---------------------------------------------------------------------------------------
# The browser (tests/e2e)


def schoon(page, meldingen) -> None:
    """Nothing went wrong in the browser: no errors, no CSP violations, no dialogs."""
    assert meldingen.console == []
    assert meldingen.csp(page) == []
    assert meldingen.dialogen == []
