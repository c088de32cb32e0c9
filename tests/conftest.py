import runpy
from collections.abc import Callable
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from batenplan import settings as settings_module
from programmas.demo import SLUG, load_demo
from programmas.keuzes import Rol
from programmas.models import Baat, Lidmaatschap, Programma

PASSWORD = "test-wachtwoord-123"


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
def demo(db) -> Programma:
    load_demo(PASSWORD)
    return Programma.objects.get(slug=SLUG)


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


# Shared by the page, meting and rule tests: a member of the demo logged in, a demo baat.


def ingelogd(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


@pytest.fixture
def pm(demo) -> Client:
    return ingelogd("pm")


@pytest.fixture
def eigenaar(demo) -> Client:
    return ingelogd("eigenaar")


def baat(nummer: int) -> Baat:
    return Baat.objects.get(programma__slug=SLUG, nummer=nummer)


def laad_settings(monkeypatch, **omgeving: str) -> dict:
    """The settings module as production reads it from this environment."""
    monkeypatch.setenv("DJANGO_SECRET_KEY", "x" * 50)
    monkeypatch.delenv("DJANGO_DEBUG", raising=False)
    for naam, waarde in omgeving.items():
        monkeypatch.setenv(naam, waarde)
    return runpy.run_path(str(Path(settings_module.__file__)))
