"""Refusing hostile requests before the app spends anything on them."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation


class BodyLimitMiddleware:
    """Answer 413 to a request whose declared body is larger than any honest one.

    It looks only at Content-Length, so a 500 MB POST is refused without reading a byte of
    it; Django's DATA_UPLOAD_MAX_MEMORY_SIZE still bounds what is parsed from what remains.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            lengte = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            lengte = 0
        if lengte > getattr(settings, "MAX_REQUEST_BODY_SIZE", 2 * 1024 * 1024 + 256 * 1024):
            # The body stays unread (no Connection header: WSGI leaves hop-by-hop headers to
            # the server, and gunicorn's sync workers close after every response anyway).
            return HttpResponse(
                "Dit verzoek is te groot. Een plan of formulier is hoogstens een paar MB.",
                status=413,
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


# The session key that holds the language a person chose (persoonlijk.taal_kiezen, and at
# login from their profile): reading it costs no query, as a profile lookup per request would.
TAAL_SESSIE = "taal"


def gekozen_taal(request: HttpRequest) -> str:
    """The language of this request: the person's choice (session, else the cookie a visitor
    who is not logged in sets), else Dutch. Not the browser's Accept-Language: Dutch is the
    product's language, and a browser set to English still gets it until its user chooses."""
    talen = {code for code, _naam in settings.LANGUAGES}
    session = getattr(request, "session", None)
    for taal in (
        session.get(TAAL_SESSIE) if session is not None else None,
        request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME),
    ):
        if taal in talen:
            return taal
    return settings.LANGUAGE_CODE


class TaalMiddleware:
    """Activate the language the person chose for the rest of the request (issue 19)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        taal = gekozen_taal(request)
        translation.activate(taal)
        request.LANGUAGE_CODE = taal
        try:
            response = self.get_response(request)
        finally:
            translation.deactivate()
        response.headers.setdefault("Content-Language", taal)
        return response
