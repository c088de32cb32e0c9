"""Refusing hostile requests before the app spends anything on them."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


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
