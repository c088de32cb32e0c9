"""The page /profiel/tokens/: each user makes and revokes their own personal API tokens
(issue 18). A token is shown once, right after it is made; only its hash is kept
(models.ApiToken). Its own module so the API's one page stays apart from the plan's pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from django_htmx.middleware import HtmxDetails

from . import notatie
from .models import ApiToken

# Where the token waits between the POST that made it and the page that shows it once.
NIEUW_TOKEN = "batenplan-nieuw-token"
MAX_TOKENS = 20


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


class TokenForm(forms.Form):
    naam = forms.CharField(
        label=_("Naam"),
        max_length=100,
        help_text=_("Waarvoor het token is, bijvoorbeeld “NPS-koppeling” of “Power BI”."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request: HtmxHttpRequest) -> HttpResponse:
    """List, make (naam) and revoke (intrekken=pk) the user's own tokens."""
    tokens = ApiToken.objects.filter(user=request.user)
    maken = request.method == "POST" and "intrekken" not in request.POST
    form = TokenForm(request.POST if maken else None)
    if request.method == "POST" and "intrekken" in request.POST:
        ingetrokken = tokens.filter(pk=_nummer(request.POST["intrekken"])).first()
        if ingetrokken is not None:
            ingetrokken.delete()
            messages.success(
                request,
                _("Token “%(naam)s” is ingetrokken.") % {"naam": ingetrokken.naam},
            )
        return redirect("api_tokens")
    if maken:
        if form.is_valid() and tokens.count() >= MAX_TOKENS:
            form.add_error(
                None, _("U heeft al %(n)s tokens; trek er eerst een in.") % {"n": MAX_TOKENS}
            )
        if form.is_valid():
            _rij, token = ApiToken.maak(request.user, form.cleaned_data["naam"])
            request.session[NIEUW_TOKEN] = token
            return redirect("api_tokens")
    context: dict[str, Any] = {
        "tokens": tokens,
        "form": form if form.is_bound else TokenForm(),
        "nieuw_token": request.session.pop(NIEUW_TOKEN, None),
    }
    template = "programmas/api_tokens.html#tokens" if request.htmx else "programmas/api_tokens.html"
    return render(request, template, context, status=422 if form.errors else 200)


def _nummer(tekst: str) -> int:
    # Only 0-9 ("²" is a digit to isdigit(), not to int()); short enough for any database.
    pk = notatie.nummer(tekst)
    return pk if pk is not None and len(tekst) < 18 else 0
