"""A person's own pages (issue 16): the portfolio on the start page and as a PDF, the
profile page, and the calendar feed. Thin, as views.py: the portfolio is built in
portfolio.py, the feed in agenda.py, who may see what is toegang.py's to say."""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import agenda, forms, portfolio
from .middleware import TAAL_SESSIE
from .models import Baat, Profiel
from .toegang import Toegang, lidmaatschappen, mag_beheer, mag_nieuw_programma
from .vandaag import vandaag as vandaag_van_de_app
from .views import HtmxHttpRequest

# The language chosen with the switch before logging in (taal_bij_inloggen).
TAAL_VOOR_INLOGGEN = "taal_voor_inloggen"


@login_required
@require_GET
def start(request: HtmxHttpRequest) -> HttpResponse:
    """The portfolio: every programme of the person with its figures, sortable."""
    context = portfolio.pagina(
        request.user, vandaag_van_de_app(), request.GET.get("sorteer", "naam")
    )
    context.update(
        mag_nieuw_programma=mag_nieuw_programma(request.user),
        mag_beheer=mag_beheer(request.user),
    )
    if request.htmx:
        return render(request, "programmas/start.html#portfolio", context)
    return render(request, "programmas/start.html", context)


@login_required
@require_GET
def portfolio_pdf(request: HtmxHttpRequest) -> HttpResponse:
    """The portfolio as a PDF for a sponsorgroep: one table of a few pages at most, so it
    is made here and now (the programme report, of hundreds of pages, goes to the worker)."""
    import weasyprint

    vandaag = vandaag_van_de_app()
    context = portfolio.pagina(request.user, vandaag, request.GET.get("sorteer", "naam"))
    html = render_to_string("programmas/portfolio_pdf.html", context, request=request)
    pdf = weasyprint.HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="portfolio-{vandaag:%Y-%m-%d}.pdf"'
    return response


def _feed_url(request: HtmxHttpRequest, profiel: Profiel, slug: str | None = None) -> str:
    pad = reverse("agenda", args=[profiel.agenda_sleutel])
    return request.build_absolute_uri(pad + (f"?programma={slug}" if slug else ""))


@login_required
@require_http_methods(["GET", "POST"])
def profiel(request: HtmxHttpRequest) -> HttpResponse:
    """Name, email, how often reminders come, the calendar feed, the password, and the
    programmes with the person's role in each."""
    eigen = Profiel.van(request.user)
    gegevens = forms.GegevensForm(request.POST or None, instance=request.user, prefix="g")
    herinnering = forms.HerinneringForm(request.POST or None, instance=eigen, prefix="h")
    if request.method == "POST" and gegevens.is_valid() and herinnering.is_valid():
        gegevens.save()
        herinnering.save()
        request.session[TAAL_SESSIE] = eigen.taal
        messages.success(request, _("Uw profiel is opgeslagen."))
        return met_taalcookie(redirect("profiel"), request, eigen.taal)
    leden = [(lid, Toegang(lid.programma, lid)) for lid in lidmaatschappen(request.user)]
    context = {
        "formulieren": [gegevens, herinnering],
        "feed_url": _feed_url(request, eigen),
        # Only who owns baten has meetmomenten of their own: no empty calendar on offer.
        "eigen_baten": Baat.objects.filter(eigenaar=request.user).exists(),
        "programma_feeds": [
            (lid.programma, _feed_url(request, eigen, lid.programma.slug))
            for lid, t in leden
            if t.mag_programma_agenda
        ],
        "leden": leden,
    }
    status = 422 if request.method == "POST" else 200
    return render(request, "programmas/profiel.html", context, status=status)


@login_required
@require_POST
def agenda_vernieuwen(request: HtmxHttpRequest) -> HttpResponse:
    """A new secret calendar URL: the old one stops working at once."""
    Profiel.van(request.user).vernieuw_sleutel()
    messages.success(
        request,
        _("Uw agenda-adres is vernieuwd. Het oude adres werkt niet meer; abonneer u opnieuw."),
    )
    return redirect(f"{reverse('profiel')}#agenda")


# A key as nieuwe_agendasleutel makes it (token_urlsafe), a slug as a SlugField takes it.
_SLEUTEL = re.compile(r"[A-Za-z0-9_-]{1,64}")
_SLUG = re.compile(r"[-a-zA-Z0-9_]{1,80}")


@require_GET
def agenda_feed(request: HtmxHttpRequest, sleutel: str) -> HttpResponse:
    """The calendar feed: no login (calendar apps cannot), the secret key in the URL is
    the person. With ?programma=slug, that programme's every meetmoment, for whoever may
    see that (its programme manager). Anything else is not found."""
    # Checked before any query: a NUL in a text is an error on PostgreSQL, not a miss.
    if not _SLEUTEL.fullmatch(sleutel):
        raise Http404(_("Agenda niet gevonden."))
    eigen = Profiel.objects.select_related("user").filter(agenda_sleutel=sleutel).first()
    if eigen is None or not eigen.user.is_active:
        raise Http404(_("Agenda niet gevonden."))
    vandaag = vandaag_van_de_app()
    slug = request.GET.get("programma")
    if slug:
        if not _SLUG.fullmatch(slug):
            raise Http404(_("Agenda niet gevonden."))
        t = Toegang.van(eigen.user, slug)
        if t is None or not t.mag_programma_agenda:
            raise Http404(_("Agenda niet gevonden."))
        programma, meetmomenten = t.programma, agenda.van_programma(t.programma)
    else:
        programma, meetmomenten = None, agenda.van_persoon(eigen.user)
    # A calendar app asks without a session: the feed is in its owner's language.
    with translation.override(eigen.taal):
        inhoud = agenda.kalender(agenda.feed_naam(programma), meetmomenten, vandaag)
    bestand = agenda.bestandsnaam(programma)
    response = HttpResponse(inhoud, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{bestand}"'
    response["Content-Language"] = eigen.taal
    # A secret in the URL: no shared cache keeps the answer, no referrer leaks it.
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


def taal_bij_inloggen(sender, request, user, **kwargs) -> None:
    """At login the session takes the person's language (TaalMiddleware): the one they
    chose with the switch before logging in, in this same session (login keeps an anonymous
    session's data), which the profile then keeps, as a new user who reads English on the
    login page expects; else the profile's. The cookie, which only shows the pages before
    login in the last language chosen in this browser, never decides: on a shared computer
    it is another person's."""
    if request is None or not hasattr(request, "session"):
        return
    profiel = Profiel.van(user)
    gekozen = request.session.get(TAAL_VOOR_INLOGGEN)
    if gekozen in dict(settings.LANGUAGES) and gekozen != profiel.taal:
        Profiel.objects.filter(pk=profiel.pk).update(taal=gekozen)
        profiel.taal = gekozen
    request.session.pop(TAAL_VOOR_INLOGGEN, None)
    request.session[TAAL_SESSIE] = profiel.taal


def met_taalcookie(response: HttpResponse, request: HtmxHttpRequest, taal: str) -> HttpResponse:
    """The pages before login (and after logout) in the language chosen last here."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        taal,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=request.is_secure(),
        httponly=True,
    )
    return response


@require_POST
def taal_kiezen(request: HtmxHttpRequest) -> HttpResponse:
    """The language switch in the bar: kept on the profile of who is logged in (or, before
    login, until they log in: taal_bij_inloggen), and back to the page the person was on."""
    taal = request.POST.get("taal", "")
    if taal not in dict(settings.LANGUAGES):
        return HttpResponse(_("Deze taal kent Batenplan niet."), status=400)
    if request.user.is_authenticated:
        Profiel.objects.filter(user=request.user).update(taal=taal)
    else:
        request.session[TAAL_VOOR_INLOGGEN] = taal
    request.session[TAAL_SESSIE] = taal
    terug = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        terug, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        terug = reverse("start")
    return met_taalcookie(redirect(terug), request, taal)
