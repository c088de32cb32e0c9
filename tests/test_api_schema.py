"""The API's OpenAPI schema, fuzzed with schemathesis (issue 18): for every route, inputs
generated from the schema (valid ones and broken ones) against the demo, as a programme
manager with a token. No input may make a server error, and every answer must be one the
schema documents, in the shape it documents. A bounded number of examples per route keeps
this quick; CI runs it on SQLite and PostgreSQL alike (.ci/run)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from batenplan.wsgi import application
from programmas.api import api
from programmas.demo import SLUG
from programmas.models import ApiToken

VOORBEELDEN = 25  # per route


# Read from the app itself when the tests are collected: the docs route needs no database.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture
def als_testclient(settings) -> Iterator[None]:
    """Calls of the WSGI app inside the test's transaction, as Django's test client makes
    them: the end of a request must not close the test's database connection. And no rate
    limit: the fuzzer sends more than a client may in a minute (tested apart)."""
    settings.API_VERZOEKEN_PER_MINUUT = 1_000_000
    cache.clear()
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def token(demo) -> str:
    return ApiToken.maak(demo.lidmaatschappen.get(user__username="pm").user, "fuzz")[1]


def test_the_schema_is_valid_openapi_with_every_route(db):
    document = api.get_openapi_schema()
    assert document["openapi"].startswith("3.")
    # Against the OpenAPI specification's own JSON Schema (raises when it does not hold).
    schemathesis.openapi.from_dict(document).validate()
    assert {
        (methode.upper(), pad) for pad, ops in document["paths"].items() for methode in ops
    } == {
        ("GET", "/api/v1/programmas"),
        ("GET", "/api/v1/programmas/{slug}/plan"),
        ("GET", "/api/v1/programmas/{slug}/figuren"),
        ("GET", "/api/v1/programmas/{slug}/baten/{nummer}/figuren"),
        ("GET", "/api/v1/programmas/{slug}/baten/{nummer}/metingen"),
        ("POST", "/api/v1/programmas/{slug}/baten/{nummer}/metingen"),
    }


@schema.parametrize()
@settings(
    max_examples=VOORBEELDEN,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_no_generated_input_makes_a_server_error(case, token, als_testclient):
    if "slug" in (case.path_parameters or {}):
        # The demo's programme and its baten, so the inputs reach the code behind the 404.
        case.path_parameters["slug"] = SLUG
        nummer = case.path_parameters.get("nummer")
        if isinstance(nummer, int):
            case.path_parameters["nummer"] = abs(nummer) % 7
    case.call_and_validate(
        headers={"Authorization": f"Bearer {token}"},
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ],
    )
