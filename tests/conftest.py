"""Shared fixtures.

The day. No test depends on the machine's calendar: the day a figure depends on is pinned
with time-machine. BATENPLAN_VANDAAG=2029-05-17 makes the whole session run as if the
machine's clock said that day (tick=True: time passes from 09:00 that day), to prove it:

    BATENPLAN_VANDAAG=2029-05-17 pytest -q --ignore=tests/e2e -p no:randomly

The `demo` fixture pins today to demo.REFERENTIE (1 December 2026), the day the demo's
dates are written for, so tests that read "maart 2026" and the demo's figures off a page
read what the demo shows on that day; `demo_op(dag)` loads it on another day and
tests/test_kalender.py checks the demo's signals on many days. A test (or a module, with
`pytestmark`) marked `@pytest.mark.vandaag(dag)` runs on `dag` with the demo as loaded on
its reference day.

Plain helpers (logins, the database snapshot, form reading, plan dumps) are in helpers.py;
this file holds the fixtures.
"""

import os
from collections.abc import Callable, Iterator
from contextlib import nullcontext
from datetime import date

import pytest
import time_machine
from django.contrib.auth import get_user_model

from programmas.demo import REFERENTIE, SLUG, load_demo
from programmas.keuzes import Rol
from programmas.models import Baat, Lidmaatschap, Programma
from tests.helpers import PASSWORD, demo_gebruiker, op_dag


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "vandaag(dag): the test runs on `dag` (time-machine), the demo loaded as on its "
        "reference day all the same",
    )


def gevraagde_dag(request: pytest.FixtureRequest) -> date | None:
    marker = request.node.get_closest_marker("vandaag")
    return marker.args[0] if marker else None


@pytest.fixture(autouse=True)
def gemarkeerde_dag(request: pytest.FixtureRequest) -> Iterator[date | None]:
    """`@pytest.mark.vandaag(dag)` (or `pytestmark` of a module) makes `dag` today."""
    dag = gevraagde_dag(request)
    with op_dag(dag) if dag else nullcontext():
        yield dag


@pytest.fixture(scope="session", autouse=True)
def machineklok() -> Iterator[date | None]:
    """The machine's clock as BATENPLAN_VANDAAG says, for the whole session (see above)."""
    tekst = os.environ.get("BATENPLAN_VANDAAG")
    if not tekst:
        yield None
        return
    with op_dag(date.fromisoformat(tekst)):
        yield date.fromisoformat(tekst)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings) -> None:
    # The production hasher costs ~0.3 s per password by design; tests log in often.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def tasks_run_immediately(settings) -> None:
    # Background tasks (the PDF report) run inside enqueue() in tests; tests of the real
    # queue and worker set the database backend themselves (tests/test_rapport_taak.py).
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def demo(db, request: pytest.FixtureRequest) -> Iterator[Programma]:
    # The demo as loaded on its reference day, and that day as today while the test runs
    # (or the day of the test's `vandaag` mark: the demo's dates stay those of REFERENTIE).
    dag = gevraagde_dag(request)
    with op_dag(REFERENTIE):
        load_demo(PASSWORD)
        with op_dag(dag) if dag else nullcontext():
            yield Programma.objects.get(slug=SLUG)


@pytest.fixture
def demo_op(db) -> Iterator[Callable[[date], Programma]]:
    """Load the demo as on `dag`, and make that day today for the rest of the test."""
    reizen: list[time_machine.travel] = []

    def laad(dag: date) -> Programma:
        reis = op_dag(dag)
        reis.start()
        reizen.append(reis)
        load_demo(PASSWORD)
        return Programma.objects.get(slug=SLUG)

    yield laad
    for reis in reversed(reizen):
        reis.stop()


@pytest.fixture
def make_user(db) -> Callable[..., object]:
    def make(username: str, **extra):
        return get_user_model().objects.create_user(username, password=PASSWORD, **extra)

    return make


@pytest.fixture
def make_programma(db) -> Callable[..., Programma]:
    counter = iter(range(1, 10_000))

    def make(**fields) -> Programma:
        n = next(counter)
        fields.setdefault("naam", f"Programma {n}")
        fields.setdefault("slug", f"programma-{n}")
        return Programma.objects.create(**fields)

    return make


@pytest.fixture
def make_baat(make_programma) -> Callable[..., Baat]:
    def make(programma: Programma | None = None, **fields) -> Baat:
        programma = programma or make_programma()
        fields.setdefault("nummer", (programma.baten.count() or 0) + 1)
        fields.setdefault("naam", f"Baat {fields['nummer']}")
        return Baat.objects.create(programma=programma, **fields)

    return make


@pytest.fixture
def make_lid(make_user) -> Callable[..., Lidmaatschap]:
    def make(programma: Programma, rol: Rol, username: str) -> Lidmaatschap:
        return Lidmaatschap.objects.create(programma=programma, user=make_user(username), rol=rol)

    return make


# The demo's users logged in, each in a browser of their own (beheerder: the site
# administrator of the Django admin, no member of the programme).
pm = demo_gebruiker("pm")
eigenaar = demo_gebruiker("eigenaar")
sponsor = demo_gebruiker("sponsor")
beheerder = demo_gebruiker("beheerder")
