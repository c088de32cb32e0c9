"""Production settings that protect the app: database timeouts and request size limits."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.helpers import laad_settings


def test_postgresql_gives_up_connecting_after_five_seconds_and_cancels_long_statements(
    monkeypatch,
):
    productie = laad_settings(
        monkeypatch, DATABASE_URL="postgres://baten:geheim@db.example.nl:5432/batenplan"
    )
    opties = productie["DATABASES"]["default"]["OPTIONS"]
    assert opties["connect_timeout"] == 5
    assert "-c statement_timeout=30000" in opties["options"]


def test_the_statement_timeout_comes_from_the_environment(monkeypatch):
    productie = laad_settings(
        monkeypatch,
        DATABASE_URL="postgres://baten@127.0.0.1:5432/batenplan",
        DJANGO_DB_STATEMENT_TIMEOUT="12",
        DJANGO_DB_CONNECT_TIMEOUT="3",
    )
    opties = productie["DATABASES"]["default"]["OPTIONS"]
    assert opties["connect_timeout"] == 3
    assert opties["options"] == "-c statement_timeout=12000"


def test_sqlite_gets_no_postgresql_options(monkeypatch):
    productie = laad_settings(monkeypatch, DATABASE_URL="sqlite:///tmp/x.sqlite3")
    assert "connect_timeout" not in productie["DATABASES"]["default"].get("OPTIONS", {})


def test_form_fields_held_in_memory_are_bounded(monkeypatch):
    productie = laad_settings(monkeypatch)
    assert productie["DATA_UPLOAD_MAX_MEMORY_SIZE"] <= 2 * 1024 * 1024
    assert productie["MAX_REQUEST_BODY_SIZE"] >= 2 * 1024 * 1024


class NooitLezen:
    """A request body that fails the test if anything reads it."""

    def read(self, *args, **kwargs) -> bytes:
        raise AssertionError("de body is gelezen")

    readline = read


def test_an_anonymous_500_mb_post_to_the_login_page_is_refused_unread(client, db):
    response = client.generic(
        "POST",
        reverse("login"),
        CONTENT_LENGTH=str(500 * 1024 * 1024),
        CONTENT_TYPE="application/x-www-form-urlencoded",
        **{"wsgi.input": NooitLezen()},
    )
    assert response.status_code == 413
    assert "te groot" in response.content.decode()


def test_a_normal_login_post_still_passes_the_size_check(client, db):
    response = client.post(reverse("login"), {"username": "pm", "password": "fout"})
    assert response.status_code == 200


def test_an_import_of_almost_two_mb_still_reaches_the_import_page(client, make_user):
    client.force_login(make_user("beheerder", is_staff=True))
    bestand = SimpleUploadedFile("plan.md", b"\x00" * (2 * 1024 * 1024 - 10), "text/markdown")
    response = client.post(reverse("importeren_nieuw"), {"bestand": bestand})
    assert response.status_code == 422
    assert "Inloggen" not in response.content.decode()


def test_a_postgresql_connection_cancels_statements_after_the_timeout(db):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("alleen PostgreSQL kent statement_timeout")
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "30s"


def test_form_fields_over_the_memory_limit_are_refused_by_django(client, db):
    # Under the body limit, over what Django holds in memory for plain form fields.
    response = client.post(reverse("login"), {"username": "pm", "password": "x" * 1_500_000})
    assert response.status_code == 400
