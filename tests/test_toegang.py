"""Roles per domain.md, enforced on the server for every view and every method.

The programme manager edits everything; a baateigenaar enters and corrects the metingen and
updates the risks of the baten they own, and nothing else; the sponsorgroep reads; a user who
is not a member cannot learn that the programme exists; anonymous users go to the login page.

MATRIX below holds, for every URL of the app (and for the row URLs, every kind of row), the
answer each role must get to a GET and to a POST. A URL or kind of row without an entry makes
`test_every_url_and_every_kind_of_row_has_an_entry_in_the_matrix` fail.
"""

from __future__ import annotations

import io
import json
import re
import tokenize
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.test import Client, override_settings
from django.urls import URLPattern, reverse

from programmas import prullenbak, uitwisseling, urls
from programmas.demo import BEHEERDER, REFERENTIE, SLUG, load_demo
from programmas.keuzes import Criterium, Kans, Parameter, Rol
from programmas.models import (
    Afhankelijkheid,
    Baat,
    Cyclus,
    CyclusDoel,
    Doel,
    Escalatie,
    Inspanning,
    Lidmaatschap,
    Meetmoment,
    Planversie,
    Profiel,
    Programma,
    Prullenbak,
    RapportAanvraag,
    RapportStatus,
    Risico,
    RoadmapFase,
    Stuurparameter,
    Vermogen,
)
from programmas.toegang import Toegang, geef_beheer
from programmas.versies import vaststellen
from programmas.views import SOORTEN
from tests.helpers import PASSWORD, database, op_dag

# ---------------------------------------------------------------------------------------
# The roles

ANONYMOUS = "anonymous"
NON_MEMBER = "non-member"
SPONSOR = "sponsor"
OWNER = "owner-of-this-baat"  # the demo's `eigenaar`, owner of B1-B3; the baat under test is B1
OTHER_OWNER = "owner-of-another-baat"  # a baateigenaar who owns B4 only
PM = "programme-manager"
ROLES = (ANONYMOUS, NON_MEMBER, SPONSOR, OWNER, OTHER_OWNER, PM)


USERNAMES = {
    NON_MEMBER: "buitenstaander",
    SPONSOR: "sponsor",
    OWNER: "eigenaar",
    OTHER_OWNER: "ander",
    PM: "pm",
}


@pytest.fixture(scope="module")
def demo_with_roles(django_db_setup, django_db_blocker) -> Iterator[None]:
    """The demo and a user per role, loaded once for this module's ~300 tests.

    It stays in one transaction that is rolled back after the module; each test runs in a
    savepoint inside it (pytest-django's `db`), so what a test changes is gone after it.
    The day is the demo's reference day for the whole module, as the `demo` fixture pins it:
    its metingen are entered in the demo's months ("september 2026").
    """
    with (
        op_dag(REFERENTIE),
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
        transaction.atomic(),
    ):
        load_demo(PASSWORD)
        programma = Programma.objects.get(slug=SLUG)
        User = get_user_model()
        User.objects.create_user(USERNAMES[NON_MEMBER], password=PASSWORD)
        ander = User.objects.create_user(
            USERNAMES[OTHER_OWNER], password=PASSWORD, first_name="Anna", last_name="Ander"
        )
        Lidmaatschap.objects.create(programma=programma, user=ander, rol=Rol.BAATEIGENAAR)
        programma.baten.filter(nummer=4).update(eigenaar=ander, eigenaar_naam="")
        yield
        transaction.set_rollback(True)


@dataclass
class Demo:
    """The demo programme with one user per role."""

    programma: Programma
    users: dict[str, Any]

    def baat(self, nummer: int) -> Baat:
        return self.programma.baten.get(nummer=nummer)

    @property
    def b1(self) -> Baat:
        return self.baat(1)


@pytest.fixture
def roles(demo_with_roles, db) -> Demo:
    users = {role: get_user_model().objects.get(username=name) for role, name in USERNAMES.items()}
    return Demo(Programma.objects.get(slug=SLUG), {ANONYMOUS: None, **users})


@pytest.fixture
def client() -> Client:
    # A crash shows as a 500 in the comparison of answers instead of ending the test early.
    return Client(raise_request_exception=False)


# ---------------------------------------------------------------------------------------
# What a role gets back

TO_LOGIN = "302 to the login page"
# A POST that saved, without htmx: back to the programme's page (or to the profile page,
# for the profile's own forms).
TO_PAGE = "302 back to the programme's page"


def answer(response) -> str | int:
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith("/accounts/login/"):
            return TO_LOGIN
        if location.startswith((f"/p/{SLUG}/", "/profiel/")):
            return TO_PAGE
        return f"302 to {location}"
    return response.status_code


def answers(
    *,
    non_member: str | int = 404,
    sponsor: str | int = 403,
    owner: str | int = 403,
    other_owner: str | int = 403,
    pm: str | int = 403,
) -> dict[str, str | int]:
    """Per role; the anonymous user always goes to the login page, for every method."""
    return {
        ANONYMOUS: TO_LOGIN,
        NON_MEMBER: non_member,
        SPONSOR: sponsor,
        OWNER: owner,
        OTHER_OWNER: other_owner,
        PM: pm,
    }


READ = answers(sponsor=200, owner=200, other_owner=200, pm=200)
# A POST to a page that only answers GET. The non-member gets 405 too: the method is
# checked before the programme is looked up, so the answer does not depend on the slug and
# tells nothing about whether the programme exists (see
# test_non_member_gets_404_for_every_programme_url, which compares with a slug that does
# not exist). Only the anonymous user is sent to log in first.
GET_ONLY = answers(non_member=405, sponsor=405, owner=405, other_owner=405, pm=405)
PM_GET = answers(pm=200)
PM_SAVES = answers(pm=TO_PAGE)
OWNER_GET = answers(owner=200, pm=200)
OWNER_SAVES = answers(owner=TO_PAGE, pm=TO_PAGE)
NOBODY = answers()


# ---------------------------------------------------------------------------------------
# The matrix


@dataclass(frozen=True)
class Entry:
    get: dict[str, str | int]
    post: dict[str, str | int]
    # URL arguments besides slug (and soort for the rows), from the demo.
    kwargs: Callable[[Demo], dict[str, Any]] = lambda d: {}
    query: Callable[[Demo], str] = lambda d: ""
    # Valid POST data for the roles that may post; the others send the same.
    data: Callable[[Demo], dict[str, Any]] = lambda d: {}
    # After a POST that saved (TO_PAGE): is the change there?
    saved: Callable[[Demo], bool] | None = None
    # Done before the requests, for every role (e.g. make room for a new row).
    setup: Callable[[Demo], None] = lambda d: None
    htmx: bool = False
    # Lay out no real PDF (seconds per request); who may download the report counts here.
    stub_weasyprint: bool = False
    # After a POST that saved, where what it saves depends on who posted (role): is it there?
    saved_by: Callable[[Demo, str], bool] | None = None


# The row of each kind that the row URLs change: B1 or a row belonging to B1 where the kind
# belongs to a baat.
ROWS: dict[str, Callable[[Demo], Model]] = {
    "baat": lambda d: d.b1,
    "baatdetails": lambda d: d.b1,
    "cyclus": lambda d: d.programma.cycli.get(nummer=1),
    "cyclusdoel": lambda d: CyclusDoel.objects.get(
        cyclus__programma=d.programma, cyclus__nummer=1, baat__nummer=1
    ),
    "vermogen": lambda d: d.b1.vermogens.order_by("pk").first(),
    "inspanning": lambda d: d.b1.inspanningen.order_by("pk").first(),
    "risico": lambda d: d.b1.risicos.get(),
    "meetmoment": lambda d: d.b1.meetmomenten.get(datum_tekst="september 2026"),
    "afhankelijkheid": lambda d: Afhankelijkheid.objects.get(baat=d.baat(2)),
    "stuurparameter": lambda d: d.programma.stuurparameters.get(parameter=Parameter.TEMPO),
    "escalatie": lambda d: d.programma.escalaties.get(omschrijving__startswith="De aanbesteding"),
    "lid": lambda d: d.programma.lidmaatschappen.get(user__username="sponsor"),
    "doel": lambda d: d.programma.doelen.get(nummer=1),
}


def rapport_klaar(d: Demo) -> None:
    RapportAanvraag.objects.create(
        programma=d.programma,
        status=RapportStatus.KLAAR,
        stand="-",
        datum=date(2026, 11, 29),
        pdf=b"%PDF-1.7\n",
        bestandsnaam="rapport.pdf",
    )


def row_pk(soort: str) -> Callable[[Demo], dict[str, Any]]:
    return lambda d: {"pk": ROWS[soort](d).pk}


def pm_removes(soort: str) -> Entry:
    """Removing a row of `soort` (B1's): the programme manager only."""
    return Entry(get=PM_GET, post=PM_SAVES, kwargs=row_pk(soort))


def pm_saves(soort: str | None = None, **spec: Any) -> Entry:
    """A new row (no `soort`) or B1's row of `soort` changed: the programme manager only."""
    if soort:
        spec["kwargs"] = row_pk(soort)
    return Entry(get=PM_GET, post=PM_SAVES, **spec)


def owner_saves(**spec: Any) -> Entry:
    """A row of B1 added or changed: its baateigenaar too."""
    return Entry(get=OWNER_GET, post=OWNER_SAVES, **spec)


MEETMOMENT_NIEUW = {
    # MeetmomentForm (programme manager) and MetingForm (baateigenaar) each take their own
    # fields from the same data.
    "meetmoment": "",
    "datum_tekst": "15-11-2026",
    "omschrijving": "Extra klantpanel",
    "verwacht_niveau_tekst": "",
    "meting_tekst": "7,3",
    "toelichting": "Extra meting na de klantdag",
}


def risico_data(d: Demo, omschrijving: str) -> dict[str, Any]:
    return {
        "baat": d.b1.pk,
        "omschrijving": omschrijving,
        "kans": Kans.HOOG,
        "impact": Kans.HOOG,
        "mitigatie": "Klantbelofte in elk sectorplan",
    }


def afhankelijkheid_data(
    d: Demo, baat: Model, soort: str, drempel: str, impact: str
) -> dict[str, Any]:
    """A dependency of `baat` on B1."""
    return {
        "baat": baat.pk,
        "van": [d.b1.pk],
        "extern": "",
        "type": soort,
        "drempel": drempel,
        "impact_op_planning": impact,
    }


def escalatie_data(
    baat: Model, criterium: str, omschrijving: str, datum: str, afhandeling: str = "", **extra: str
) -> dict[str, Any]:
    return {
        "criterium": criterium,
        "baat": baat.pk,
        "omschrijving": omschrijving,
        "datum": datum,
        "afhandeling": afhandeling,
        **extra,
    }


AGENDASLEUTELS: dict[int, str] = {}


def agendasleutels() -> dict[int, str]:
    """Every person's secret calendar key, to see that a renewal changed one."""
    return dict(Profiel.objects.values_list("user_id", "agenda_sleutel"))


MATRIX: dict[tuple[str, ...], Entry] = {
    ("start",): Entry(
        get={**READ, NON_MEMBER: 200},
        post=GET_ONLY,
    ),
    ("plan",): Entry(get=READ, post=GET_ONLY),
    ("dashboard",): Entry(get=READ, post=GET_ONLY),
    ("kaart",): Entry(get=READ, post=GET_ONLY),
    # The PDF report: every member may download the newest one the worker made...
    ("rapport",): Entry(get=READ, post=GET_ONLY, setup=lambda d: rapport_klaar(d)),
    # ... and ask for a new one (queued; the immediate backend of the tests makes it at once).
    ("rapport_status",): Entry(
        get=READ,
        post=answers(sponsor=TO_PAGE, owner=TO_PAGE, other_owner=TO_PAGE, pm=TO_PAGE),
        saved=lambda d: d.programma.rapporten.filter(status=RapportStatus.KLAAR).exists(),
        stub_weasyprint=True,
    ),
    ("exporteren",): Entry(get=READ, post=GET_ONLY, kwargs=lambda d: {"soort": "json"}),
    # Without a file the form is refused (422); the import itself is tested in its own file.
    ("importeren",): Entry(get=PM_GET, post=answers(pm=422)),
    # New programmes are for site administrators (staff), who manage programmes; no role in a
    # programme gives that, so every role here is refused.
    ("importeren_nieuw",): Entry(get=answers(non_member=403), post=answers(non_member=403)),
    # The empty template (docs/batenrealisatieplan.md): for anyone logged in, member or not.
    ("leeg_sjabloon",): Entry(get={**READ, NON_MEMBER: 200}, post=GET_ONLY),
    # B2 is more than 20 points behind plan in the demo: an automatic signal to handle.
    # The sponsorgroep handles a signal by recording its decision (Toegang.mag_besluiten).
    ("signaal_afhandelen",): Entry(
        get=answers(sponsor=200, pm=200),
        post=answers(sponsor=TO_PAGE, pm=TO_PAGE),
        kwargs=lambda d: {"nummer": 2, "criterium": Criterium.ACHTERSTAND},
        data=lambda d: {
            "afhandeling": "Besproken in de sponsorgroep",
            "besluit": "Extra capaciteit voor B2 (2 fte tot Q3)",
            "besluit_op": "2026-11-30",
        },
        saved=lambda d: (
            d.baat(2).escalaties.filter(criterium=Criterium.ACHTERSTAND, afgehandeld=True).exists()
        ),
    ),
    ("escalatie_besluit",): Entry(
        get=answers(sponsor=200, pm=200),
        post=answers(sponsor=TO_PAGE, pm=TO_PAGE),
        kwargs=row_pk("escalatie"),
        data=lambda d: {
            "revisie": ROWS["escalatie"](d).revisie,
            "besluit": "Aanbesteding opnieuw; B4 schuift een kwartaal",
            "besluit_op": "2026-11-30",
        },
        saved=lambda d: ROWS["escalatie"](d).besluit.startswith("Aanbesteding opnieuw"),
    ),
    ("mijn",): Entry(get=READ, post=GET_ONLY),
    # Every member sees the deletes they may undo (the pm all of them); see test_prullenbak.
    ("prullenbak",): Entry(get=READ, post=GET_ONLY),
    # Undoing the pm's delete of B1's risk: the pm only (the deleter, were it a baateigenaar).
    # A GET (a link followed, no script) leads to the prullenbak page to confirm there.
    ("prullenbak_herstellen",): Entry(
        get=answers(pm=TO_PAGE),
        post=PM_SAVES,
        setup=lambda d: prullenbak.verwijder(
            d.b1.risicos.get(), programma=d.programma, soort="risico", door=d.users[PM]
        ),
        kwargs=lambda d: {"pk": getattr(Prullenbak.objects.first(), "pk", 1)},
        data=lambda d: {"terug": "baat-1#risicos"},
        saved=lambda d: d.b1.risicos.exists() and not Prullenbak.objects.exists(),
    ),
    ("leden",): Entry(get=PM_GET, post=GET_ONLY),
    # Shows a section again in place; used by htmx, which is what this asks as.
    ("tonen",): Entry(get=READ, post=GET_ONLY, query=lambda d: "?terug=plan%23baten", htmx=True),
    ("baat",): Entry(get=READ, post=GET_ONLY, kwargs=lambda d: {"nummer": 1}),
    ("meting",): Entry(
        get=OWNER_GET,
        post=OWNER_SAVES,
        kwargs=lambda d: {"nummer": 1},
        data=lambda d: {f"b1-{k}": v for k, v in MEETMOMENT_NIEUW.items()},
        saved=lambda d: d.b1.meetmomenten.filter(
            datum_tekst="15-11-2026", meting_tekst="7,3"
        ).exists(),
    ),
    ("sectie_bewerken",): Entry(
        get=PM_GET,
        post=PM_SAVES,
        kwargs=lambda d: {"naam": "kop"},
        data=lambda d: {
            "naam": "Klant in Beeld",
            "versie": "1.3",
            "datum_tekst": "november 2026",
            "opsteller": "Programmabureau",
            "thema": "Sturen",
            "kernprincipe": "P1",
        },
        saved=lambda d: Programma.objects.get(pk=d.programma.pk).versie == "1.3",
    ),
    ("roadmap_cel",): Entry(
        get=PM_GET,
        post=PM_SAVES,
        kwargs=lambda d: {"nummer": 1, "kwartaal": 1},
        data=lambda d: {
            "fase": "groei",
            # The cell's revisie as the form shows it: 0 for an empty cell.
            "revisie": RoadmapFase.objects.filter(baat=d.b1, kwartaal=1)
            .values_list("revisie", flat=True)
            .first()
            or 0,
        },
        saved=lambda d: RoadmapFase.objects.get(baat=d.b1, kwartaal=1).fase == "groei",
    ),
    # -- baat
    ("rij_nieuw", "baat"): pm_saves(
        data=lambda d: {
            "nummer": 7,
            "naam": "Snellere klantvragen",
            "eigenaar": "",
            "eigenaar_naam": "Manager Klantcontact",
            "prioriteit": "midden",
        },
        saved=lambda d: d.programma.baten.filter(nummer=7, naam="Snellere klantvragen").exists(),
    ),
    ("rij_bewerken", "baat"): pm_saves(
        "baat",
        data=lambda d: {
            "nummer": 1,
            "naam": "Consistente klantbeleving overal",
            "eigenaar": d.users[OWNER].pk,
            "eigenaar_naam": "",
            "sectoren": [d.programma.sectoren.get(code="PO").pk],
            "prioriteit": "kritiek",
        },
        saved=lambda d: d.b1.naam == "Consistente klantbeleving overal",
    ),
    ("rij_verwijderen", "baat"): pm_removes("baat"),
    # -- baatdetails: the details of an existing baat. A new one does not exist (a baat is
    # added as "baat"): 404 for every member, the programme manager too. Removing them
    # alone is refused (403, views.rij_verwijderen); the baat is removed as "baat".
    ("rij_nieuw", "baatdetails"): Entry(
        get=answers(sponsor=404, owner=404, other_owner=404, pm=404),
        post=answers(sponsor=404, owner=404, other_owner=404, pm=404),
        data=lambda d: {
            "eenheid": "score",
            "nulmeting_tekst": "5,0",
            "nulmeting_datum_tekst": "januari 2026",
            "target_tekst": "7,0",
            "deadline_tekst": "juni 2027",
        },
    ),
    ("rij_bewerken", "baatdetails"): pm_saves(
        "baatdetails",
        data=lambda d: {
            "eenheid": "score",
            "indicator": "Klantbelevingsscore (1-10) uit het klantpanel",
            "nulmeting_tekst": "6,0",
            "nulmeting_bron": "Klantpanel 2025",
            "nulmeting_datum_tekst": "december 2025",
            "target_tekst": "8,5",
            "deadline_tekst": "juni 2027",
            "toelichting": "",
        },
        saved=lambda d: d.b1.target_tekst == "8,5",
    ),
    ("rij_verwijderen", "baatdetails"): Entry(
        get=NOBODY, post=NOBODY, kwargs=row_pk("baatdetails")
    ),
    # -- cyclus
    ("rij_nieuw", "cyclus"): pm_saves(
        data=lambda d: {"nummer": 4, "naam": "Nazorg", "periode": "2027 H2"},
        saved=lambda d: d.programma.cycli.filter(nummer=4, naam="Nazorg").exists(),
    ),
    ("rij_bewerken", "cyclus"): pm_saves(
        "cyclus",
        data=lambda d: {"nummer": 1, "naam": "Fundament en basis", "periode": "2026 H1"},
        saved=lambda d: d.programma.cycli.get(nummer=1).naam == "Fundament en basis",
    ),
    ("rij_verwijderen", "cyclus"): pm_removes("cyclus"),
    # -- cyclusdoel
    ("rij_nieuw", "cyclusdoel"): pm_saves(
        data=lambda d: {
            "cyclus": d.programma.cycli.get(nummer=1).pk,
            "baat": d.baat(4).pk,
            "startniveau_tekst": "Geen integraal klantbeeld",
            "doelniveau_tekst": "Ontwerp gereed",
            "indicator": "Volwassenheid klantbeeld",
            "meetmoment_tekst": "juni 2026",
        },
        saved=lambda d: CyclusDoel.objects.filter(cyclus__nummer=1, baat=d.baat(4)).exists(),
    ),
    ("rij_bewerken", "cyclusdoel"): pm_saves(
        "cyclusdoel",
        data=lambda d: {
            "cyclus": d.programma.cycli.get(nummer=1).pk,
            "baat": d.b1.pk,
            "startniveau_tekst": "6,0",
            "doelniveau_tekst": "6,9",
            "indicator": "Klantbelevingsscore",
            "meetmoment_tekst": "juni 2026",
        },
        saved=lambda d: ROWS["cyclusdoel"](d).doelniveau_tekst == "6,9",
    ),
    ("rij_verwijderen", "cyclusdoel"): pm_removes("cyclusdoel"),
    # -- vermogen
    ("rij_nieuw", "vermogen"): pm_saves(
        data=lambda d: {"omschrijving": "Klantreis in kaart", "baten": [d.b1.pk]},
        saved=lambda d: d.b1.vermogens.filter(omschrijving="Klantreis in kaart").exists(),
    ),
    ("rij_bewerken", "vermogen"): pm_saves(
        "vermogen",
        data=lambda d: {"omschrijving": "Eén klantcontactmodel", "baten": [d.b1.pk]},
        saved=lambda d: d.programma.vermogens.filter(omschrijving="Eén klantcontactmodel").exists(),
    ),
    ("rij_verwijderen", "vermogen"): pm_removes("vermogen"),
    # -- inspanning
    ("rij_nieuw", "inspanning"): pm_saves(
        data=lambda d: {
            "omschrijving": "Klantreissessies",
            "baten": [d.b1.pk],
            "vermogens": [ROWS["vermogen"](d).pk],
        },
        saved=lambda d: d.b1.inspanningen.filter(omschrijving="Klantreissessies").exists(),
    ),
    ("rij_bewerken", "inspanning"): pm_saves(
        "inspanning",
        data=lambda d: {
            "omschrijving": "Project Klantcontactcentrum 2.0",
            "baten": [d.b1.pk],
            "vermogens": [ROWS["vermogen"](d).pk],
        },
        saved=lambda d: d.programma.inspanningen.filter(
            omschrijving="Project Klantcontactcentrum 2.0"
        ).exists(),
    ),
    ("rij_verwijderen", "inspanning"): pm_removes("inspanning"),
    # -- risico: also the baateigenaar of B1
    ("rij_nieuw", "risico"): owner_saves(
        query=lambda d: f"?baat={d.b1.pk}",
        data=lambda d: risico_data(d, "Klantpanel krimpt"),
        saved=lambda d: d.b1.risicos.filter(omschrijving="Klantpanel krimpt").exists(),
    ),
    ("rij_bewerken", "risico"): owner_saves(
        kwargs=row_pk("risico"),
        data=lambda d: risico_data(d, "Sectoren houden vast aan eigen werkwijzen"),
        saved=lambda d: (
            d.b1.risicos.get().omschrijving == "Sectoren houden vast aan eigen werkwijzen"
        ),
    ),
    ("rij_verwijderen", "risico"): Entry(
        get=OWNER_GET,
        post=OWNER_SAVES,
        kwargs=row_pk("risico"),
    ),
    # -- meetmoment: also the baateigenaar of B1, who enters metingen (MetingForm)
    ("rij_nieuw", "meetmoment"): owner_saves(
        query=lambda d: f"?baat={d.b1.pk}",
        data=lambda d: {**MEETMOMENT_NIEUW, "baat": d.b1.pk},
        saved=lambda d: d.b1.meetmomenten.filter(
            datum_tekst="15-11-2026", meting_tekst="7,3"
        ).exists(),
    ),
    ("rij_bewerken", "meetmoment"): owner_saves(
        kwargs=row_pk("meetmoment"),
        data=lambda d: {
            "baat": d.b1.pk,
            "datum_tekst": "september 2026",
            "omschrijving": "Klantpanel Q3",
            "verwacht_niveau_tekst": "7,1",
            "meting_tekst": "7,3",
            "toelichting": "Gecorrigeerd na herweging",
        },
        saved=lambda d: d.b1.meetmomenten.get(datum_tekst="september 2026").meting_tekst == "7,3",
    ),
    # The plan is the programme manager's: the owner corrects the meting (above) but may not
    # remove the meetmoment the programme manager planned (issue 14 #7).
    ("rij_verwijderen", "meetmoment"): pm_removes("meetmoment"),
    # -- afhankelijkheid
    ("rij_nieuw", "afhankelijkheid"): pm_saves(
        data=lambda d: afhankelijkheid_data(
            d, d.baat(6), "Planning", "", "Cultuur volgt op een eenduidige klantbeleving"
        ),
        saved=lambda d: Afhankelijkheid.objects.filter(baat=d.baat(6), van=d.b1).exists(),
    ),
    ("rij_bewerken", "afhankelijkheid"): pm_saves(
        "afhankelijkheid",
        data=lambda d: afhankelijkheid_data(
            d, d.baat(2), "Inhoudelijk", "40", "B1 moet eerst op 40% zijn"
        ),
        saved=lambda d: ROWS["afhankelijkheid"](d).drempel == 40,
    ),
    ("rij_verwijderen", "afhankelijkheid"): pm_removes("afhankelijkheid"),
    # -- stuurparameter: the demo has all five, so one makes room for a new one first
    ("rij_nieuw", "stuurparameter"): pm_saves(
        setup=lambda d: d.programma.stuurparameters.filter(
            parameter=Parameter.WENDBAARHEID
        ).delete(),
        data=lambda d: {
            "parameter": Parameter.WENDBAARHEID,
            "norm": "Groen",
            "status": "geel",
            "actie": "Wendbaarheid bespreken",
        },
        saved=lambda d: d.programma.stuurparameters.filter(
            parameter=Parameter.WENDBAARHEID, status="geel"
        ).exists(),
    ),
    ("rij_bewerken", "stuurparameter"): pm_saves(
        "stuurparameter",
        data=lambda d: {"norm": "Groen", "status": "geel", "actie": "Planning B2 herzien"},
        saved=lambda d: ROWS["stuurparameter"](d).status == "geel",
    ),
    ("rij_verwijderen", "stuurparameter"): pm_removes("stuurparameter"),
    # -- escalatie
    ("rij_nieuw", "escalatie"): pm_saves(
        data=lambda d: escalatie_data(
            d.baat(2), "commitment", "Te weinig capaciteit voor klantacties.", "2026-11-20"
        ),
        saved=lambda d: d.programma.escalaties.filter(
            criterium="commitment", omschrijving="Te weinig capaciteit voor klantacties."
        ).exists(),
    ),
    ("rij_bewerken", "escalatie"): pm_saves(
        "escalatie",
        data=lambda d: escalatie_data(
            d.baat(4),
            "externe_factor",
            "De aanbesteding van het CRM-systeem loopt vertraging op.",
            "2026-10-15",
            afgehandeld="on",
            afhandeling="Nieuwe planning vastgesteld",
        ),
        saved=lambda d: ROWS["escalatie"](d).afgehandeld,
    ),
    ("rij_verwijderen", "escalatie"): pm_removes("escalatie"),
    # -- lid: the row is the sponsor's membership
    ("rij_nieuw", "lid"): pm_saves(
        data=lambda d: {"gebruikersnaam": "buitenstaander", "rol": Rol.SPONSORGROEP},
        saved=lambda d: d.programma.lidmaatschappen.filter(
            user__username="buitenstaander", rol=Rol.SPONSORGROEP
        ).exists(),
    ),
    ("rij_bewerken", "lid"): pm_saves(
        "lid",
        data=lambda d: {"rol": Rol.BAATEIGENAAR},
        saved=lambda d: ROWS["lid"](d).rol == Rol.BAATEIGENAAR,
    ),
    ("rij_verwijderen", "lid"): pm_removes("lid"),
    # -- doel (the benefits map): D1 of the demo
    ("rij_nieuw", "doel"): pm_saves(
        data=lambda d: {"nummer": 9, "naam": "Wendbare organisatie", "baten": [d.b1.pk]},
        saved=lambda d: d.programma.doelen.filter(nummer=9, baten=d.b1).exists(),
    ),
    ("rij_bewerken", "doel"): pm_saves(
        "doel",
        data=lambda d: {"nummer": 1, "naam": "Eén organisatie", "baten": [d.b1.pk]},
        saved=lambda d: ROWS["doel"](d).naam == "Eén organisatie",
    ),
    ("rij_verwijderen", "doel"): pm_removes("doel"),
    # -- issue 16: a person's own pages. The portfolio as a PDF: whoever is logged in (a
    # non-member's lists no programme).
    ("portfolio_pdf",): Entry(get={**READ, NON_MEMBER: 200}, post=GET_ONLY, stub_weasyprint=True),
    # The profile page: everyone their own; an incomplete form (no reminder choice) is
    # answered with its errors and saves nothing (tests/test_profiel.py saves one).
    ("profiel",): Entry(
        get={**READ, NON_MEMBER: 200},
        post=answers(non_member=422, sponsor=422, owner=422, other_owner=422, pm=422),
    ),
    # A new secret calendar address: everyone their own, by POST only.
    ("agenda_vernieuwen",): Entry(
        get=GET_ONLY,
        post=answers(
            non_member=TO_PAGE, sponsor=TO_PAGE, owner=TO_PAGE, other_owner=TO_PAGE, pm=TO_PAGE
        ),
        setup=lambda d: AGENDASLEUTELS.update(agendasleutels()),
        saved=lambda d: agendasleutels() != AGENDASLEUTELS,
    ),
    # The calendar feed: no login (calendar apps cannot); the secret key in the address is
    # the person, whoever asks (tests/test_agenda.py: an unknown key is not found).
    ("agenda",): Entry(
        get=dict.fromkeys(ROLES, 200),
        post=dict.fromkeys(ROLES, 405),
        kwargs=lambda d: {"sleutel": Profiel.objects.get(user__username="eigenaar").agenda_sleutel},
    ),
    # -- versions and history (issue 15): every member reads them, the pm adopts and restores.
    ("versies",): Entry(
        get=READ,
        post=PM_SAVES,
        data=lambda d: {"soort": "concept", "nummer": "0.9", "besluit_op": "", "notitie": "x"},
        saved=lambda d: d.programma.versies.filter(nummer="0.9").exists(),
    ),
    ("vergelijking",): Entry(get=READ, post=GET_ONLY, setup=lambda d: versie(d)),
    ("versie_bekijken",): Entry(
        get=READ, post=GET_ONLY, setup=lambda d: versie(d), kwargs=lambda d: {"pk": versie_pk(d)}
    ),
    ("versie_export",): Entry(
        get=READ,
        post=GET_ONLY,
        setup=lambda d: versie(d),
        kwargs=lambda d: {"pk": versie_pk(d), "soort": "json"},
    ),
    # The version differs from the live plan in its opsteller: restoring brings it back.
    ("versie_terugzetten",): Entry(
        get=PM_GET,
        post=PM_SAVES,
        setup=lambda d: Programma.objects.filter(pk=versie(d).programma_id).update(
            opsteller="Iemand anders"
        ),
        kwargs=lambda d: {"pk": versie_pk(d)},
        data=lambda d: {
            "vingerafdruk": uitwisseling.vingerafdruk(Programma.objects.get(pk=d.programma.pk))
        },
        saved=lambda d: Programma.objects.get(pk=d.programma.pk).opsteller != "Iemand anders",
    ),
    ("geschiedenis",): Entry(get=READ, post=GET_ONLY),
    ("baat_geschiedenis",): Entry(
        get=READ, post=GET_ONLY, kwargs=lambda d: {"nummer": 1}, htmx=True
    ),
}


def versie_pk(d: Demo) -> int:
    """The version `setup` adopted (any number where none was: only outsiders ask then)."""
    return getattr(d.programma.versies.first(), "pk", 1)


def versie(d: Demo) -> Planversie:
    """Version 0.1 of the demo, adopted by its programme manager (once per test)."""
    bestaand = d.programma.versies.filter(nummer="0.1").first()
    return bestaand or vaststellen(d.programma, d.users[PM], nummer="0.1", vastgesteld=False)


ROW_URLS = ("rij_nieuw", "rij_bewerken", "rij_verwijderen")
# URLs of the site rather than of one programme.
ZONDER_PROGRAMMA = (
    "start",
    "importeren_nieuw",
    "leeg_sjabloon",
    "portfolio_pdf",
    "profiel",
    "agenda_vernieuwen",
    "agenda",
)

# Each user's own API tokens (issue 18): every logged-in user, member or not; a POST
# without a name keeps the form with its error (making and revoking: tests/test_api.py).
MATRIX[("api_tokens",)] = Entry(
    get={**READ, NON_MEMBER: 200},
    post=answers(non_member=422, sponsor=422, owner=422, other_owner=422, pm=422),
)
ZONDER_PROGRAMMA += ("api_tokens",)

# The language switch (issue 19): anyone, logged in or not (the login page has it too), by
# POST only, back to the page it was on; kept on the profile of who is logged in (and in a
# cookie for who is not, tests/test_talen.py).
MATRIX[("taal",)] = Entry(
    get=dict.fromkeys(ROLES, 405),
    post=dict.fromkeys(ROLES, TO_PAGE),
    data=lambda d: {"taal": "en", "next": "/profiel/"},
    # The poster's own profile, and no other (none for a visitor, who gets a cookie).
    saved_by=lambda d, role: (
        list(Profiel.objects.filter(taal="en").values_list("user", flat=True))
        == ([d.users[role].pk] if d.users[role] is not None else [])
    ),
)
ZONDER_PROGRAMMA += ("taal",)


def url(key: tuple[str, ...], d: Demo, slug: str = SLUG) -> str:
    entry = MATRIX[key]
    name = key[0]
    kwargs = entry.kwargs(d) if name in ZONDER_PROGRAMMA else {"slug": slug, **entry.kwargs(d)}
    if name in ROW_URLS:
        kwargs["soort"] = key[1]
    return reverse(name, kwargs=kwargs) + entry.query(d)


class FakeWeasyPrint:
    """Stands in for WeasyPrint's HTML and CSS: the report's HTML is rendered, not laid out."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        pass

    def write_pdf(self, *args: Any, **kwargs: Any) -> bytes:
        return b"%PDF-1.7\n"


def named_urls() -> set[str]:
    return {p.name for p in urls.urlpatterns if isinstance(p, URLPattern) and p.name}


# ---------------------------------------------------------------------------------------
# The walk over the matrix


def test_every_url_and_every_kind_of_row_has_an_entry_in_the_matrix():
    assert all(p.name for p in urls.urlpatterns), "every URL pattern has a name"
    assert {key[0] for key in MATRIX} == named_urls()
    for name in ROW_URLS:
        assert {key[1] for key in MATRIX if key[0] == name} == set(SOORTEN), name
    for key, entry in MATRIX.items():
        assert set(entry.get) == set(entry.post) == set(ROLES), key
        if TO_PAGE in entry.post.values() and key[0] != "rij_verwijderen":
            assert entry.saved is not None or entry.saved_by is not None, (
                f"{key}: say how to see that the POST saved"
            )


CASES = [pytest.param(key, role, id="-".join([*key, role])) for key in MATRIX for role in ROLES]


@pytest.mark.parametrize(("key", "role"), CASES)
def test_every_url_answers_each_role_as_the_roles_allow(key, role, roles, client, monkeypatch):
    entry = MATRIX[key]
    entry.setup(roles)
    if entry.stub_weasyprint:
        monkeypatch.setattr("weasyprint.HTML", FakeWeasyPrint)
        monkeypatch.setattr("weasyprint.CSS", FakeWeasyPrint)
    if roles.users[role] is not None:
        client.force_login(roles.users[role])
    address = url(key, roles)
    data = entry.data(roles)
    pk = entry.kwargs(roles).get("pk")
    if key[0] == "rij_bewerken":
        # A form for a row that exists says which revisie it was based on, as the page does.
        data.setdefault("revisie", ROWS[key[1]](roles).revisie)
    elif key[0] == "sectie_bewerken":
        data.setdefault("revisie", Programma.objects.get(pk=roles.programma.pk).revisie)
    headers = {"HX-Request": "true"} if entry.htmx else {}
    before = database()

    got = client.get(address, headers=headers)
    after_get = database() if entry.post[role] == TO_PAGE else before
    posted = client.post(address, data, headers=headers)

    assert {"GET": answer(got), "POST": answer(posted)} == {
        "GET": entry.get[role],
        "POST": entry.post[role],
    }
    if entry.post[role] != TO_PAGE:
        assert database() == before, "the GET or the refused POST changed the data"
        return
    assert after_get == before, "the GET changed the data"
    if key[0] == "rij_verwijderen":
        assert not SOORTEN[key[1]].model.objects.filter(pk=pk).exists(), "not removed"
    else:
        if entry.saved_by is not None:
            assert entry.saved_by(roles, role), "the POST did not save"
        else:
            assert entry.saved is not None and entry.saved(roles), "the POST did not save"


def test_a_row_of_another_programme_is_not_found_even_for_the_programme_manager(
    roles, client, make_programma
):
    """The rows are looked up within the programme of the URL: a programme manager of two
    programmes cannot reach a row of one through the other."""
    pm = roles.users[PM]
    ander = make_programma(naam="Ander programma", start_jaar=2026, start_kwartaal=1)
    Lidmaatschap.objects.create(programma=ander, user=pm, rol=Rol.PROGRAMMAMANAGER)
    sponsor_daar = Lidmaatschap.objects.create(
        programma=ander, user=roles.users[NON_MEMBER], rol=Rol.SPONSORGROEP
    )
    baat = Baat.objects.create(programma=ander, nummer=1, naam="Andere baat", eigenaar=pm)
    tweede = Baat.objects.create(programma=ander, nummer=2, naam="Tweede baat")
    cyclus = Cyclus.objects.create(programma=ander, nummer=1, naam="Start")
    afhankelijkheid = Afhankelijkheid.objects.create(baat=tweede, type="Planning")
    afhankelijkheid.zet_van([baat])
    rows: dict[str, Model] = {
        "baat": baat,
        "baatdetails": baat,
        "cyclus": cyclus,
        "cyclusdoel": CyclusDoel.objects.create(cyclus=cyclus, baat=baat),
        "vermogen": Vermogen.objects.create(programma=ander, omschrijving="Vermogen"),
        "inspanning": Inspanning.objects.create(programma=ander, omschrijving="Inspanning"),
        "risico": Risico.objects.create(baat=baat, omschrijving="Risico"),
        "meetmoment": Meetmoment.objects.create(baat=baat, datum_tekst="maart 2026"),
        "afhankelijkheid": afhankelijkheid,
        "stuurparameter": Stuurparameter.objects.create(programma=ander, parameter=Parameter.TEMPO),
        "escalatie": Escalatie.objects.create(
            programma=ander, criterium="commitment", omschrijving="Escalatie"
        ),
        "lid": sponsor_daar,
        "doel": Doel.objects.create(programma=ander, nummer=1, naam="Doel"),
    }
    assert set(rows) == set(SOORTEN)
    client.force_login(pm)
    before = database()
    refused = {}
    for soort, row in rows.items():
        for name in ("rij_bewerken", "rij_verwijderen"):
            address = reverse(name, args=[SLUG, soort, row.pk])
            refused[f"GET {address}"] = client.get(address).status_code
            refused[f"POST {address}"] = client.post(address, {"omschrijving": "x"}).status_code
    assert refused == dict.fromkeys(refused, 404)
    assert database() == before


def test_a_baat_quarter_section_or_kind_that_does_not_exist_is_not_found(roles, client):
    client.force_login(roles.users[PM])
    before = database()
    baat_99 = reverse("baat", args=[SLUG, 99])
    found = {f"GET {baat_99}": client.get(baat_99).status_code}
    for address in [
        reverse("meting", args=[SLUG, 99]),
        reverse("roadmap_cel", args=[SLUG, 99, 1]),
        reverse("roadmap_cel", args=[SLUG, 1, 7]),  # the demo has six quarters
        reverse("sectie_bewerken", args=[SLUG, "bestaat-niet"]),
        reverse("rij_nieuw", args=[SLUG, "bestaat-niet"]),
        reverse("rij_bewerken", args=[SLUG, "risico", 999_999]),
        reverse("rij_verwijderen", args=[SLUG, "risico", 999_999]),
    ]:
        found[f"GET {address}"] = client.get(address).status_code
        found[f"POST {address}"] = client.post(address, {"fase": "groei"}).status_code
    assert found == dict.fromkeys(found, 404)
    assert database() == before


# ---------------------------------------------------------------------------------------
# Focused


def test_non_member_gets_404_for_every_programme_url(roles, client, django_user_model):
    """Also a site administrator who is not a member: staff manage programmes in the admin.
    A POST to a page that only answers GET gets 405 whatever the slug, so it reveals nothing
    either: every answer is the one for a programme that does not exist."""
    beheerder = django_user_model.objects.get(username="beheerder")
    assert beheerder.is_staff
    expected, got = {}, {}
    for user in (roles.users[NON_MEMBER], beheerder):
        client.force_login(user)
        before = database()
        for key, entry in MATRIX.items():
            if key[0] in ZONDER_PROGRAMMA:
                continue
            headers = {"HX-Request": "true"} if entry.htmx else {}
            slugs = [SLUG, "bestaat-niet"] if user == roles.users[NON_MEMBER] else [SLUG]
            for slug in slugs:
                address, data = url(key, roles, slug=slug), entry.data(roles)
                case = f"{user.username} at {'-'.join(key)} of {slug}"
                get = client.get(address, headers=headers)
                post = client.post(address, data, headers=headers)
                got[case] = (get.status_code, post.status_code)
                expected[case] = (404, 405 if entry.post is GET_ONLY else 404)
                assert "Klant in Beeld" not in get.content.decode() + post.content.decode()
        assert database() == before
    assert got == expected


def test_baateigenaar_cannot_edit_other_baat(roles, client):
    """The owner of B1-B3 reads B4 (owned by someone else) but cannot change its risks,
    metingen, meetmomenten or details, nor add a risk to it."""
    client.force_login(roles.users[OWNER])
    b4 = roles.baat(4)
    risico = b4.risicos.get()
    meetmoment = b4.meetmomenten.order_by("pk").first()
    before = database()
    refused = {}
    for address, data in [
        (
            reverse("rij_bewerken", args=[SLUG, "risico", risico.pk]),
            {"baat": b4.pk, "omschrijving": "Weg ermee", "kans": "L", "impact": "L"},
        ),
        (reverse("rij_verwijderen", args=[SLUG, "risico", risico.pk]), {}),
        (
            reverse("rij_bewerken", args=[SLUG, "meetmoment", meetmoment.pk]),
            {"datum_tekst": "september 2026", "meting_tekst": "Klaar"},
        ),
        (reverse("rij_verwijderen", args=[SLUG, "meetmoment", meetmoment.pk]), {}),
        (
            reverse("meting", args=[SLUG, 4]),
            {"b4-datum_tekst": "15-11-2026", "b4-meting_tekst": "Ontwerp gereed"},
        ),
        (reverse("rij_bewerken", args=[SLUG, "baatdetails", b4.pk]), {"target_tekst": "x"}),
    ]:
        refused[f"GET {address}"] = client.get(address).status_code
        refused[f"POST {address}"] = client.post(address, data).status_code
    assert refused == dict.fromkeys(refused, 403)

    # A new risk offers only the owner's own baten; asking or posting one for B4 is refused.
    nieuw = reverse("rij_nieuw", args=[SLUG, "risico"])
    form = client.get(nieuw).context["form"]
    assert [b.code for b in form.fields["baat"].queryset] == ["B1", "B2", "B3"]
    assert client.get(f"{nieuw}?baat={b4.pk}").status_code == 403
    response = client.post(nieuw, {"baat": b4.pk, "omschrijving": "Nieuw", "kans": "L"})
    assert response.status_code == 403
    assert database() == before

    # The baat page of B4 has no editing links for this user; that of B1 has.
    b4_page = client.get(reverse("baat", args=[SLUG, 4])).content.decode()
    b1_page = client.get(reverse("baat", args=[SLUG, 1])).content.decode()
    assert f"/risico/{risico.pk}/" not in b4_page
    assert f"/risico/{roles.b1.risicos.get().pk}/" in b1_page


EDIT_WORDS = re.compile(r">\s*(Wijzigen|Verwijderen|Toevoegen|[^<>]* toevoegen)\s*<")
EDIT_HREFS = re.compile(r'href="[^"]*/(nieuw|verwijderen|sectie|roadmap)/')


def test_sponsor_sees_no_edit_controls_on_the_plan_page(roles, client):
    plan = reverse("plan", args=[SLUG])
    client.force_login(roles.users[SPONSOR])
    sponsor_page = client.get(plan).content.decode()
    client.force_login(roles.users[PM])
    pm_page = client.get(plan).content.decode()

    assert EDIT_WORDS.findall(sponsor_page) == []
    assert "Openen en bewerken" not in sponsor_page and "Openen en bewerken" in pm_page
    assert EDIT_HREFS.findall(sponsor_page) == []
    assert f'href="{reverse("leden", args=[SLUG])}"' not in sponsor_page
    assert {"Wijzigen", "Verwijderen", "Baat toevoegen"} <= set(EDIT_WORDS.findall(pm_page))
    assert {"nieuw", "verwijderen", "sectie", "roadmap"} <= set(EDIT_HREFS.findall(pm_page))


def start_rows(client) -> dict[str, list[str]]:
    """The rows of the start page's table, by programme name: the cells as text."""
    html = client.get(reverse("start")).content.decode()
    rows = [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", tr)]
        for tr in re.findall(r"<tr>(.*?)</tr>", html, re.DOTALL)
    ]
    return {cells[0]: cells for cells in rows if cells}


def test_start_page_lists_only_the_users_programmes_with_their_role(roles, client, make_programma):
    tweede = make_programma(naam="Digitaal Leren")
    make_programma(naam="Geheim Programma")
    Lidmaatschap.objects.create(programma=tweede, user=roles.users[OWNER], rol=Rol.SPONSORGROEP)
    expected = {
        OWNER: {"Klant in Beeld": "Baateigenaar", "Digitaal Leren": "Sponsorgroep"},
        PM: {"Klant in Beeld": "Programmamanager"},
        SPONSOR: {"Klant in Beeld": "Sponsorgroep"},
        OTHER_OWNER: {"Klant in Beeld": "Baateigenaar"},
        NON_MEMBER: {},
    }
    for role, programmas in expected.items():
        client.force_login(roles.users[role])
        rows = start_rows(client)
        assert set(rows) == set(programmas), role
        for naam, rol in programmas.items():
            assert rol in rows[naam], (role, naam)

    response = client.get(reverse("start"))  # still the non-member
    assert "U bent nog geen lid van een programma" in response.content.decode()
    assert "Geheim Programma" not in response.content.decode()


# ---------------------------------------------------------------------------------------
# Who sees the members: one rule (Toegang.mag_leden_zien) for the Leden page and exports


def test_only_the_programme_manager_may_see_the_member_list(roles):
    gezien = {
        role: Toegang(
            roles.programma, roles.programma.lidmaatschappen.get(user=roles.users[role])
        ).mag_leden_zien
        for role in (SPONSOR, OWNER, OTHER_OWNER, PM)
    }
    assert gezien == {SPONSOR: False, OWNER: False, OTHER_OWNER: False, PM: True}
    assert not Toegang.lezer(roles.programma).mag_leden_zien


def export_json(client, user) -> dict[str, Any]:
    client.force_login(user)
    response = client.get(reverse("exporteren", args=[SLUG, "json"]))
    assert response.status_code == 200
    return json.loads(
        b"".join(response.streaming_content) if response.streaming else response.content
    )


def test_the_json_export_carries_the_members_only_for_the_programme_manager(roles, client):
    pm = export_json(client, roles.users[PM])["programma"]
    assert {lid["gebruiker"] for lid in pm["leden"]} >= {"pm", "sponsor", "eigenaar", "ander"}
    for role in (SPONSOR, OWNER, OTHER_OWNER):
        plan = export_json(client, roles.users[role])["programma"]
        assert "leden" not in plan, role
        # The rest of the plan is all there.
        assert len(plan["baten"]) == len(pm["baten"]), role


def namen_in_auditvelden(plan: dict[str, Any]) -> set[str]:
    namen = {m.get("gemeten_door") for m in plan["meetmomenten"]}
    for e in plan["escalaties"]:
        namen |= {e.get("gemeld_door"), e.get("besluit_door")}
    for s in plan["stuurparameters"]:
        namen |= {w.get("door") for w in s.get("wijzigingen") or []}
    return {n for n in namen if n}


def test_the_json_export_names_members_in_audit_fields_only_for_the_programme_manager(
    roles, client
):
    escalatie = Escalatie.objects.filter(programma=roles.programma).first()
    escalatie.besluit_door = roles.users[SPONSOR]
    escalatie.gemeld_door = roles.users[OWNER]
    escalatie.save()
    assert namen_in_auditvelden(export_json(client, roles.users[PM])["programma"])
    for role in (SPONSOR, OWNER, OTHER_OWNER):
        plan = export_json(client, roles.users[role])["programma"]
        assert namen_in_auditvelden(plan) == set(), role
        assert any(m["meting"] for m in plan["meetmomenten"]), role


def test_a_sponsors_json_export_reads_back_without_touching_the_members(roles, client):
    plan = export_json(client, roles.users[SPONSOR])
    gelezen = uitwisseling.lees_json(json.dumps(plan))
    assert not gelezen.fouten
    assert gelezen.plan.leden is None


def test_the_xlsx_export_holds_no_member_list_for_anyone(roles, client):
    sponsor_only = get_user_model().objects.create_user("alleen-sponsor", password=PASSWORD)
    Lidmaatschap.objects.create(programma=roles.programma, user=sponsor_only, rol=Rol.SPONSORGROEP)
    client.force_login(roles.users[SPONSOR])
    response = client.get(reverse("exporteren", args=[SLUG, "xlsx"]))
    werkboek = openpyxl.load_workbook(io.BytesIO(response.content))
    assert not any("lid" in naam.lower() or "leden" in naam.lower() for naam in werkboek.sheetnames)
    cellen = {
        str(cel)
        for blad in werkboek.worksheets
        for rij in blad.iter_rows(values_only=True)
        for cel in rij
        if cel is not None
    }
    assert "alleen-sponsor" not in cellen


def test_the_leden_link_and_page_follow_the_same_rule(roles, client):
    leden = reverse("leden", args=[SLUG])
    for role in (SPONSOR, OWNER, PM):
        client.force_login(roles.users[role])
        mag = role == PM
        assert (client.get(leden).status_code == 200) is mag, role
        assert (
            f'href="{leden}"' in client.get(reverse("plan", args=[SLUG])).content.decode()
        ) is mag


def test_the_member_list_is_not_shown_through_a_section_fragment_either(roles, client):
    tonen = reverse("tonen", args=[SLUG])
    for role in (SPONSOR, OWNER, PM):
        client.force_login(roles.users[role])
        antwoord = client.get(tonen, {"terug": "leden#leden"}, headers={"HX-Request": "true"})
        assert antwoord.status_code == (200 if role == PM else 403), role
        if role != PM:
            assert roles.users[PM].get_full_name() not in antwoord.content.decode()


# ---------------------------------------------------------------------------------------
# Rules that moved into toegang.py and had no test of their own


def test_mijn_baten_is_in_the_menu_of_whoever_owns_a_baat(roles, client):
    mijn = f'href="{reverse("mijn", args=[SLUG])}"'

    def getoond(role: str) -> bool:
        client.force_login(roles.users[role])
        return mijn in client.get(reverse("plan", args=[SLUG])).content.decode()

    # The programme manager owns no baat here: the menu item would lead to an empty page.
    for role, shown in ((SPONSOR, False), (OWNER, True), (OTHER_OWNER, True), (PM, False)):
        assert getoond(role) is shown, role
    baat = roles.programma.baten.order_by("nummer").last()
    baat.eigenaar = roles.users[PM]
    baat.save()
    assert getoond(PM)


def test_only_a_site_administrator_is_offered_to_import_a_new_programme(roles, client):
    nieuw = f'href="{reverse("importeren_nieuw")}"'
    for role in (NON_MEMBER, SPONSOR, OWNER, PM):
        client.force_login(roles.users[role])
        assert nieuw not in client.get(reverse("start")).content.decode(), role
    client.force_login(get_user_model().objects.get(username=BEHEERDER, is_staff=True))
    assert nieuw in client.get(reverse("start")).content.decode()
    assert client.get(reverse("importeren_nieuw")).status_code == 200


def test_a_baat_is_offered_to_the_members_who_may_own_one_and_not_to_a_sponsor(roles, client):
    client.force_login(roles.users[PM])
    form = client.get(reverse("rij_nieuw", args=[SLUG, "baat"])).context["form"]
    aangeboden = {u.username for u in form.fields["eigenaar"].queryset}
    assert aangeboden == {"pm", "eigenaar", "ander"}
    # The form offers what the model accepts: the same rule, Baat.mogelijke_eigenaren.
    b1 = roles.b1
    b1.eigenaar = roles.users[SPONSOR]
    with pytest.raises(ValidationError) as fout:
        b1.full_clean()
    assert "eigenaar" in fout.value.message_dict


def test_access_is_found_for_members_only(roles):
    for role in (SPONSOR, OWNER, PM):
        t = Toegang.van(roles.users[role], SLUG)
        assert t is not None and t.programma == roles.programma and t.lid.user == roles.users[role]
    assert Toegang.van(roles.users[NON_MEMBER], SLUG) is None
    assert Toegang.van(roles.users[PM], "bestaat-niet") is None
    assert Toegang.van(AnonymousUser(), SLUG) is None


def test_what_each_role_may_do_besides_editing(roles):
    """The decisions the views and templates ask for by name, per role: planning a
    meetmoment (else the meting form), handling a signal with a note (else only a besluit),
    Mijn baten in the menu, and deciding on an escalation."""

    def antwoorden(t: Toegang) -> tuple[bool, ...]:
        return (t.mag_meetmomenten_plannen, t.mag_afhandelen, t.mag_mijn_baten, t.mag_besluiten())

    gezien = {
        role: antwoorden(Toegang.van(roles.users[role], SLUG)) for role in (SPONSOR, OWNER, PM)
    }
    assert gezien == {
        SPONSOR: (False, False, False, True),
        OWNER: (False, False, True, False),
        # This programme manager owns no baat: Mijn baten would be an empty page.
        PM: (True, True, False, True),
    }
    assert antwoorden(Toegang.lezer(roles.programma)) == (False, False, False, False)


def test_whoever_imports_a_plan_becomes_its_manager_unless_already_a_member(roles):
    sponsor, nieuw = roles.users[SPONSOR], roles.users[NON_MEMBER]
    assert geef_beheer(roles.programma, sponsor) is None
    assert roles.programma.lidmaatschappen.get(user=sponsor).rol == Rol.SPONSORGROEP
    lid = geef_beheer(roles.programma, nieuw)
    assert lid is not None and lid.rol == Rol.PROGRAMMAMANAGER and lid.gewijzigd_door == nieuw


# ---------------------------------------------------------------------------------------
# The guard: who may do what is decided in toegang.py only. A role compared anywhere else
# (a view, a form, an export, the admin, a template) fails here, with file and line.

ROOT = Path(__file__).resolve().parent.parent
# The modules that may name roles: toegang.py decides with them, models/plan.py holds the
# plan's rules about roles (a programme keeps a manager, who may own a baat), keuzes.py
# defines them and demo.py gives the demo's users theirs. Migrations record the schema.
MAG_ROLLEN_NOEMEN = {"toegang.py", "models/plan.py", "keuzes.py", "demo.py"}
ROLWAARDEN = {"programmamanager", "baateigenaar", "sponsorgroep"}  # keuzes.Rol's values
# In code: a role by name, a role compared or looked up, or the role behind a permission.
ROL_IN_CODE = re.compile(
    r"\bRol\.(PROGRAMMAMANAGER|BAATEIGENAAR|SPONSORGROEP)\b"
    r"|\brol\s*[!=]="
    r"|\brol\s+(not\s+)?in\b"
    r"|\brol__in\b"
    r"|\b_*is_(pm|baateigenaar|sponsor)\b"
    r"|\bis_(staff|superuser)\b"
)
TEMPLATE_TAG = re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.DOTALL)
TEMPLATE_TEKST = re.compile(r"\"[^\"]*\"|'[^']*'")


def rolvergelijkingen_in_python(bron: str) -> list[tuple[int, str]]:
    """(line, code) of every role comparison in Python source: in code, not in comments or
    docstrings, and any string that is a role's value ("baateigenaar")."""
    code_regels = bron.splitlines()
    gevonden = [
        (token.start[0], code_regels[token.start[0] - 1].strip())
        for token in tokenize.generate_tokens(io.StringIO(bron).readline)
        if token.type == tokenize.STRING
        and token.string.lstrip("rbuRBU").strip("\"'") in ROLWAARDEN
    ]
    for nummer, regel in enumerate(_zonder_tekst(bron).splitlines(), start=1):
        if ROL_IN_CODE.search(regel):
            gevonden.append((nummer, code_regels[nummer - 1].strip()))
    return sorted(set(gevonden))


def _zonder_tekst(bron: str) -> str:
    """The source with every string and comment blanked, line numbers kept."""
    regels = [list(r) for r in bron.splitlines()]
    for token in tokenize.generate_tokens(io.StringIO(bron).readline):
        if token.type not in (tokenize.STRING, tokenize.COMMENT, tokenize.FSTRING_MIDDLE):
            continue
        (r1, k1), (r2, k2) = token.start, token.end
        for r in range(r1, r2 + 1):
            begin = k1 if r == r1 else 0
            eind = k2 if r == r2 else len(regels[r - 1])
            regels[r - 1][begin:eind] = " " * (eind - begin)
    return "\n".join("".join(r) for r in regels)


def rolvergelijkingen_in_template(bron: str) -> list[tuple[int, str]]:
    """(line, tag) of every role comparison in a template's tags and variables; the text
    of the page ("Uw rol in dit programma") is no comparison, a quoted role value is."""
    gevonden = []
    for tag in TEMPLATE_TAG.finditer(bron):
        teksten = TEMPLATE_TEKST.findall(tag.group())
        code = TEMPLATE_TEKST.sub('""', tag.group())
        if ROL_IN_CODE.search(code) or any(t.strip("\"'") in ROLWAARDEN for t in teksten):
            gevonden.append((bron.count("\n", 0, tag.start()) + 1, tag.group()))
    return gevonden


def bewaakte_bestanden() -> tuple[list[Path], list[Path]]:
    python = [
        pad
        for pad in sorted((ROOT / "programmas").rglob("*.py"))
        if "migrations" not in pad.parts
        and pad.relative_to(ROOT / "programmas").as_posix() not in MAG_ROLLEN_NOEMEN
    ]
    return python, sorted((ROOT / "templates").rglob("*.html"))


def test_no_role_is_compared_outside_toegang_py():
    python, templates = bewaakte_bestanden()
    # The guard sees the places it guards: a moved folder must not make it pass unseen.
    namen = {pad.relative_to(ROOT).as_posix() for pad in python + templates}
    assert {
        "programmas/views.py",
        "programmas/forms.py",
        "programmas/admin.py",
        "programmas/paginas.py",
        "programmas/templatetags/plan.py",
        "programmas/uitwisseling/__init__.py",
        "programmas/models/app.py",
        "templates/base.html",
        "templates/programmas/plan.html",
    } <= namen
    assert not namen & {f"programmas/{naam}" for naam in MAG_ROLLEN_NOEMEN}
    gevonden = [
        f"{pad.relative_to(ROOT)}:{regel}: {code}"
        for pad in python
        for regel, code in rolvergelijkingen_in_python(pad.read_text())
    ] + [
        f"{pad.relative_to(ROOT)}:{regel}: {code}"
        for pad in templates
        for regel, code in rolvergelijkingen_in_template(pad.read_text())
    ]
    assert gevonden == [], "ask a Toegang (programmas/toegang.py) instead:\n" + "\n".join(gevonden)


def test_the_guard_finds_a_role_comparison_in_code_and_templates_but_not_in_prose():
    python = '''"""Only the rol in this docstring: "rol in" as prose."""
def mag(t):
    # t.lid.rol == Rol.BAATEIGENAAR is only a comment here
    if t.lid.rol == Rol.BAATEIGENAAR:
        return True
    if t.lid.rol in (Rol.SPONSORGROEP,):
        return False
    leden = Lidmaatschap.objects.filter(rol__in=["x"])
    return t.lid.rol != "programmamanager" or t.is_pm or request.user.is_staff
'''
    assert [regel for regel, _code in rolvergelijkingen_in_python(python)] == [4, 6, 8, 9]
    template = (
        '<p>{% translate "Uw rol in dit programma" %}</p>\n'
        '{% if toegang.rol == "baateigenaar" %}x{% endif %}\n'
        "{% if lid.rol in rollen %}y{% endif %}{{ toegang.is_pm }}\n"
        "{% if user.is_staff %}z{% endif %}{% if toegang.mag_bewerken %}ok{% endif %}\n"
    )
    assert [regel for regel, _tag in rolvergelijkingen_in_template(template)] == [2, 3, 3, 4]


# ---------------------------------------------------------------------------------------
# The API (issue 18): every route for every role, with a personal token and with the
# session of the browser. No login is 401 (a client is no browser to send to a login page),
# a non-member gets what a programme that does not exist gets.

API_LEZEN = {ANONYMOUS: 401, NON_MEMBER: 404, SPONSOR: 200, OWNER: 200, OTHER_OWNER: 200, PM: 200}
API_MATRIX: dict[tuple[str, str], dict[str, int]] = {
    ("GET", "/api/v1/programmas"): {**API_LEZEN, NON_MEMBER: 200},  # an empty list
    ("GET", "/api/v1/programmas/{slug}/plan"): API_LEZEN,
    ("GET", "/api/v1/programmas/{slug}/figuren"): API_LEZEN,
    ("GET", "/api/v1/programmas/{slug}/baten/{nummer}/figuren"): API_LEZEN,
    ("GET", "/api/v1/programmas/{slug}/baten/{nummer}/metingen"): API_LEZEN,
    # A meting of B1: its baateigenaar and the programme manager (Toegang.mag_metingen).
    ("POST", "/api/v1/programmas/{slug}/baten/{nummer}/metingen"): {
        ANONYMOUS: 401,
        NON_MEMBER: 404,
        SPONSOR: 403,
        OWNER: 201,
        OTHER_OWNER: 403,
        PM: 201,
    },
}


def test_every_api_route_has_an_entry_in_the_api_matrix():
    from programmas.api import api

    paden = api.get_openapi_schema()["paths"]
    assert {(m.upper(), pad) for pad, ops in paden.items() for m in ops} == set(API_MATRIX)


def zonder_tokens(rijen: dict[str, list]) -> dict[str, list]:
    # Using a token notes when it was last used; that is no change to the plan.
    from programmas.models import ApiToken

    return {tabel: r for tabel, r in rijen.items() if tabel != ApiToken._meta.db_table}


def api_vraag(client: Client, key: tuple[str, str], slug: str, sleutel: str):
    methode, pad = key
    adres = pad.format(slug=slug, nummer=1)
    if methode == "GET":
        return client.get(adres)
    meting = {"sleutel": sleutel, "meting": "7,3", "meetdatum": "30-11-2026"}
    return client.post(adres, json.dumps(meting), content_type="application/json")


API_CASES = [
    pytest.param(key, role, door, id=f"{key[0]} {key[1]}-{role}-{door}")
    for key in API_MATRIX
    for role in ROLES
    for door in ("token", "sessie")
]


@pytest.mark.parametrize(("key", "role", "door"), API_CASES)
def test_every_api_route_answers_each_role_as_the_roles_allow(key, role, door, roles):
    from django.core.cache import cache

    from programmas.models import ApiToken

    cache.clear()  # no rate limit from earlier cases
    user = roles.users[role]
    if user is not None and door == "token":
        token = ApiToken.maak(user, "matrix")[1]
        client = Client(headers={"Authorization": f"Bearer {token}"})
    else:
        client = Client()
        if user is not None:
            client.force_login(user)
    client.raise_request_exception = False
    before = zonder_tokens(database())
    got = api_vraag(client, key, SLUG, f"matrix-{role}-{door}")
    assert got.status_code == API_MATRIX[key][role], got.content
    assert got["Content-Type"] == "application/json; charset=utf-8"
    if got.status_code == 201:
        assert Meetmoment.objects.filter(pk=got.json()["id"], meting_tekst="7,3").exists()
    elif key[0] == "POST":
        assert zonder_tokens(database()) == before, "a refused POST changed the data"
    if role == NON_MEMBER and key[1] != "/api/v1/programmas":
        onbekend = api_vraag(client, key, "bestaat-niet", f"matrix-{role}-{door}-2")
        assert (onbekend.status_code, onbekend.json()) == (got.status_code, got.json())
