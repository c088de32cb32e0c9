from collections.abc import Callable

import pytest
from django.contrib.auth import get_user_model

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
