"""The API for data systems and BI (issue 18): metingen in, figures out, under /api/v1/.

Built with django-ninja: the OpenAPI 3 schema (/api/v1/openapi.json) follows from the typed
views below, and its docs page (/api/v1/docs) loads Swagger UI from the app's own static
files, so the strict CSP holds (no CDN, no inline script).

It is one more door to the same rooms, never a way around them:
- who may do what is asked of a `Toegang` (toegang.py), as the pages ask it;
- the figures are those of the pages, from the page builders (paginas.Stand, baat_regels),
  which take them from realisatie.py;
- a meting goes through forms.MetingForm (the model's clean(), plausibility, revisie) and
  opslaan.bewaar_meting, as the form of Mijn baten does;
- the plan is the JSON export (uitwisseling.EXPORTEURS["json"]), as this member may have it.

Field names are the Dutch ones of the JSON export. Every refusal is JSON
`{"detail": ..., "fouten": {veld: [...]}}` in Dutch, never a 500 for bad input.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, Literal

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, NinjaAPI, Query, Schema, Status
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.throttling import BaseThrottle

from . import forms, opslaan, paginas, realisatie, uitwisseling
from .models import ApiSleutel, ApiToken, Baat, Meetmoment
from .toegang import Toegang, lidmaatschappen
from .vandaag import vandaag as vandaag_van_de_app

# ---------------------------------------------------------------------------------------
# Who is asking: a personal token (Authorization: Bearer bp_...), or the browser's session


class TokenAuth(HttpBearer):
    """A personal API token (made on /profiel/tokens/): the request acts as its user."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        rij = ApiToken.zoek(token)
        if rij is None or not rij.user.is_active:
            return None
        request.api_token = rij  # type: ignore[attr-defined]
        request.user = rij.user
        nu = timezone.now()
        # At most one write a minute per token, not one per request.
        if rij.laatst_gebruikt_op is None or (nu - rij.laatst_gebruikt_op).total_seconds() > 60:
            ApiToken.objects.filter(pk=rij.pk).update(laatst_gebruikt_op=nu)
        return rij.user


class SessieAuth(APIKeyCookie):
    """The browser's login session; a write also needs the CSRF token (X-CSRFToken), which
    APIKeyCookie checks, as Django checks it for the pages."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        # No session, nothing to protect: a request without any login gets 401, not a
        # complaint about CSRF.
        if not request.user.is_authenticated:
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return request.user if request.user.is_authenticated else None


def limiet() -> int:
    """Requests per minute per token (settings.API_VERZOEKEN_PER_MINUUT)."""
    return int(getattr(settings, "API_VERZOEKEN_PER_MINUUT", 120))


def wachttijd() -> int:
    """Seconds until the current one-minute window ends."""
    return max(1, 60 - int(time.time()) % 60)


class PerToken(BaseThrottle):
    """A fixed one-minute window per token (per user for a session) in Django's cache.

    The cache is per process unless settings.CACHES names a shared one (README: API)."""

    def allow_request(self, request: HttpRequest) -> bool:
        token = getattr(request, "api_token", None)
        ident = f"token-{token.pk}" if token else f"sessie-{request.user.pk}"
        sleutel = f"api-limiet:{ident}:{int(time.time()) // 60}"
        cache.add(sleutel, 0, 70)
        try:
            aantal = cache.incr(sleutel)
        except ValueError:  # expired between add and incr
            cache.set(sleutel, 1, 70)
            aantal = 1
        return aantal <= limiet()

    def wait(self) -> float | None:
        return wachttijd()


api = NinjaAPI(
    title="Batenplan API",
    version="1",
    description=(
        "Metingen in, figuren uit. Log in met een persoonlijk API-token "
        "(`Authorization: Bearer bp_...`, te maken op /profiel/tokens/) of met de sessie "
        "van de browser (schrijven dan met X-CSRFToken). Elk token mag "
        "een vast aantal verzoeken per minuut doen; daarboven volgt 429 met Retry-After."
    ),
    auth=[TokenAuth(), SessieAuth()],
    throttle=[PerToken()],
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)


# ---------------------------------------------------------------------------------------
# Errors: JSON in Dutch, with the field they are about


class Fout(Schema):
    detail: str = Field(
        description="Wat er mis is: in het Nederlands, of in de taal van een ingelogde gebruiker."
    )
    fouten: dict[str, list[str]] = Field(
        default_factory=dict, description="Per veld de fouten (leeg als het niet om een veld gaat)."
    )


def fout(
    request: HttpRequest, status: int, detail: str, fouten: dict[str, list[str]] | None = None
) -> HttpResponse:
    return api.create_response(request, {"detail": detail, "fouten": fouten or {}}, status=status)


# What pydantic's error types mean, as a user of the API reads them.
PYDANTIC_FOUTEN = {
    "missing": gettext_lazy("Dit veld is verplicht."),
    "int_parsing": gettext_lazy("Vul een geheel getal in."),
    "int_type": gettext_lazy("Vul een geheel getal in."),
    "int_from_float": gettext_lazy("Vul een geheel getal in."),
    "bool_parsing": gettext_lazy("Vul true of false in."),
    "bool_type": gettext_lazy("Vul true of false in."),
    "string_type": gettext_lazy("Vul tekst in."),
    "datetime_parsing": gettext_lazy(
        "Geen geldig tijdstip: schrijf bijvoorbeeld 2026-12-01T09:00:00+01:00."
    ),
    "datetime_from_date_parsing": gettext_lazy(
        "Geen geldig tijdstip: schrijf bijvoorbeeld 2026-12-01T09:00:00+01:00."
    ),
    "datetime_type": gettext_lazy(
        "Geen geldig tijdstip: schrijf bijvoorbeeld 2026-12-01T09:00:00+01:00."
    ),
    "json_invalid": gettext_lazy("Dit is geen geldige JSON."),
    "model_attributes_type": gettext_lazy("Verwacht een JSON-object."),
    "dict_type": gettext_lazy("Verwacht een JSON-object."),
    "extra_forbidden": gettext_lazy("Onbekend veld."),
    "literal_error": gettext_lazy("Kies een van de toegestane waarden."),
}


def pydantic_bericht(fout: dict[str, Any]) -> str:
    soort = fout.get("type", "")
    ctx = fout.get("ctx") or {}
    if soort in PYDANTIC_FOUTEN:
        bericht = str(PYDANTIC_FOUTEN[soort])
        if soort == "literal_error" and "expected" in ctx:
            bericht = _("Kies een van: %(waarden)s.") % {"waarden": ctx["expected"]}
        return bericht
    if soort == "string_too_long":
        return _("Ten hoogste %(n)s tekens.") % {"n": ctx.get("max_length")}
    if soort == "string_too_short":
        return _("Ten minste %(n)s teken(s).") % {"n": ctx.get("min_length")}
    if soort == "string_pattern_mismatch":
        return _("Alleen zichtbare tekens zonder spaties (ASCII), zoals een UUID.")
    if soort in ("greater_than_equal", "greater_than"):
        return _("Ten minste %(n)s.") % {"n": ctx.get("ge", ctx.get("gt"))}
    if soort in ("less_than_equal", "less_than"):
        return _("Ten hoogste %(n)s.") % {"n": ctx.get("le", ctx.get("lt"))}
    return _("Ongeldige waarde.")


@api.exception_handler(NinjaValidationError)
def ongeldige_invoer(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    fouten: dict[str, list[str]] = {}
    for f in exc.errors:
        # The first part of loc says where (body, query, path); the rest is the field.
        plek = [str(p) for p in f.get("loc", ())[1:] if p not in ("data", "filters")]
        veld = ".".join(plek) or "verzoek"
        fouten.setdefault(veld, []).append(pydantic_bericht(f))
    return fout(request, 422, _("Ongeldige invoer; er is niets opgeslagen."), fouten)


@api.exception_handler(AuthenticationError)
def niet_ingelogd(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = fout(
        request,
        401,
        _(
            "Niet ingelogd: stuur een geldig API-token mee "
            "(Authorization: Bearer bp_...), te maken op /profiel/tokens/."
        ),
    )
    response["WWW-Authenticate"] = 'Bearer realm="batenplan"'
    return response


@api.exception_handler(Throttled)
def te_veel(request: HttpRequest, exc: Throttled) -> HttpResponse:
    seconden = int(exc.wait or wachttijd())
    response = fout(
        request,
        429,
        _(
            "Te veel verzoeken: hoogstens %(n)s per minuut per token. "
            "Probeer het over %(s)s seconden opnieuw."
        )
        % {"n": limiet(), "s": seconden},
    )
    response["Retry-After"] = str(seconden)
    return response


@api.exception_handler(HttpError)
def http_fout(request: HttpRequest, exc: HttpError) -> HttpResponse:
    detail = str(exc.message)
    if exc.status_code == 400 and "parse" in detail:
        detail = _("De inhoud is geen geldige JSON; er is niets opgeslagen.")
    elif exc.status_code == 403 and "CSRF" in detail:
        detail = _(
            "CSRF-controle mislukt: stuur bij schrijven met de sessie van de browser het "
            "CSRF-token mee (X-CSRFToken), of gebruik een API-token."
        )
    return fout(request, exc.status_code, detail)


@api.exception_handler(Http404)
def niet_gevonden(request: HttpRequest, exc: Http404) -> HttpResponse:
    return fout(request, 404, str(exc) or _("Niet gevonden."))


# The answers every route may give besides its own.
FOUTEN: dict[int, type[Schema]] = {401: Fout, 404: Fout, 422: Fout, 429: Fout}


SLUG = re.compile(r"[-a-zA-Z0-9_]{1,100}")


def toegang(request: HttpRequest, slug: str) -> Toegang:
    """The caller's access to a programme; 404 for everyone else, as on the pages."""
    # Only what a slug can hold reaches the database (a NUL in a path would not).
    t = Toegang.van(request.user, slug) if SLUG.fullmatch(slug) else None
    if t is None:
        raise Http404(_("Programma niet gevonden."))
    return t


def baat_van(t: Toegang, nummer: int) -> Baat:
    baat = t.programma.baten.filter(nummer=nummer).first() if 0 < nummer < 2**15 else None
    if baat is None:
        raise Http404(_("Baat B%(n)s niet gevonden.") % {"n": nummer})
    baat.programma = t.programma
    return baat


# ---------------------------------------------------------------------------------------
# Read: programmes, the plan, the figures, the metingen


class ProgrammaUit(Schema):
    slug: str
    naam: str
    versie: str
    rol: str = Field(description="De rol van de vrager in dit programma.")


@api.get(
    "/programmas",
    response={200: list[ProgrammaUit], **FOUTEN},
    summary="De programma's die u mag zien",
    tags=["lezen"],
)
def programmas(request: HttpRequest) -> Any:
    return [
        ProgrammaUit(
            slug=lid.programma.slug,
            naam=lid.programma.naam,
            versie=lid.programma.versie,
            rol=lid.rol,
        )
        for lid in lidmaatschappen(request.user)
    ]


@api.get(
    "/programmas/{slug}/plan",
    response={200: dict[str, Any], **FOUTEN},
    summary="Het plan: hetzelfde document als de JSON-export",
    tags=["lezen"],
)
def plan(request: HttpRequest, slug: str) -> Any:
    t = toegang(request, slug)
    document = uitwisseling.EXPORTEURS["json"].voor(t)
    return HttpResponse(document, content_type="application/json; charset=utf-8")


class MetingKort(Schema):
    meting: float | None = Field(description="Het getal van de meting; null als kwalitatief.")
    peildatum: date | None = Field(description="De dag van de meting waarmee gerekend wordt.")


class SignaalUit(Schema):
    criterium: str
    reden: str


class BaatFigurenUit(Schema):
    nummer: int
    code: str
    naam: str
    eenheid: str
    baateigenaar: str
    nulmeting: str
    target: str
    deadline: str
    realisatie: float | None = Field(
        description="Realisatie in %, onafgerond; null: zie onbepaald."
    )
    verwachte_realisatie: float | None = Field(
        description="Wat het plan verwachtte op de dag van de laatste meting (regel 3), in %."
    )
    verwacht_niveau: float | None = Field(
        description="Het niveau dat het plan op de peildatum verwacht (regel 2)."
    )
    achterstand: float | None = Field(description="Procentpunten achter op planning.")
    onbepaald: str | None = Field(
        description="Waarom de realisatie geen getal is: kwalitatief, nog niet gemeten, geen doel."
    )
    fase: str | None = Field(description="basis, groei, target of borging; null: onbepaald.")
    geplande_fase: str | None = Field(description="De fase die de roadmap dit kwartaal plant.")
    loopt_achter: bool
    laatste_meting: MetingKort | None
    vorige_meting: MetingKort | None
    achterstallig: int = Field(description="Meetmomenten waarvan de datum voorbij is, ongemeten.")
    signalen: list[SignaalUit] = Field(description="Escalatiesignalen (sectie 7 vinkt ze aan).")
    waarschuwingen: list[SignaalUit] = Field(description="Signalen die niet escaleren.")


class FigurenUit(Schema):
    programma: str
    naam: str
    peildatum: date = Field(description="De dag waarop de figuren gelden (vandaag).")
    escalatiedrempel: float
    baten: list[BaatFigurenUit]


def getal(waarde: Decimal | realisatie.Onbepaald | None) -> float | None:
    return float(waarde) if isinstance(waarde, Decimal) else None


def kort(m: realisatie.MeetmomentCijfers | None) -> MetingKort | None:
    return None if m is None else MetingKort(meting=getal(m.meting), peildatum=m.peildatum)


def figuren_van(regel: paginas.BaatRegel, vandaag: date) -> BaatFigurenUit:
    b, f = regel.baat, regel.figuren
    punten = realisatie.baat_trajectpunten(b.figuurdata(regel.metingen, regel.faseplan))
    verwacht = realisatie.verwacht_niveau(punten, vandaag, nulmeting=b.nulmeting)
    onbepaald = f.realisatie if isinstance(f.realisatie, realisatie.Onbepaald) else None
    return BaatFigurenUit(
        nummer=b.nummer,
        code=b.code,
        naam=b.naam,
        eenheid=b.eenheid,
        baateigenaar=b.eigenaar_weergave,
        nulmeting=b.nulmeting_tekst,
        target=b.target_tekst,
        deadline=b.deadline_tekst,
        realisatie=getal(f.realisatie),
        verwachte_realisatie=getal(f.verwachte_realisatie),
        verwacht_niveau=getal(verwacht),
        achterstand=getal(f.achterstand),
        onbepaald=str(onbepaald) if onbepaald else None,
        fase=None if isinstance(f.fase, realisatie.Onbepaald) else str(f.fase),
        geplande_fase=str(f.geplande_fase) if f.geplande_fase else None,
        loopt_achter=f.loopt_achter,
        laatste_meting=kort(f.laatste),
        vorige_meting=kort(f.vorige),
        achterstallig=len(f.achterstallig),
        signalen=[SignaalUit(criterium=s.criterium, reden=s.reden) for s in f.signalen],
        waarschuwingen=[SignaalUit(criterium=s.criterium, reden=s.reden) for s in f.waarschuwingen],
    )


def figuren_uit(t: Toegang, regels: list[paginas.BaatRegel], vandaag: date) -> FigurenUit:
    p = t.programma
    return FigurenUit(
        programma=p.slug,
        naam=p.naam,
        peildatum=vandaag,
        escalatiedrempel=float(p.escalatie_drempel),
        baten=[figuren_van(r, vandaag) for r in regels],
    )


@api.get(
    "/programmas/{slug}/figuren",
    response={200: FigurenUit, **FOUTEN},
    summary="De figuren van elke baat, zoals het dashboard ze toont",
    tags=["lezen"],
)
def figuren(request: HttpRequest, slug: str) -> Any:
    t = toegang(request, slug)
    vandaag = vandaag_van_de_app()
    stand = paginas.Stand(t, vandaag, t.programma.baten.defer("toelichting"))
    return figuren_uit(t, stand.regels, vandaag)


@api.get(
    "/programmas/{slug}/baten/{nummer}/figuren",
    response={200: FigurenUit, **FOUTEN},
    summary="De figuren van één baat",
    tags=["lezen"],
)
def baat_figuren(request: HttpRequest, slug: str, nummer: int) -> Any:
    t = toegang(request, slug)
    baat = baat_van(t, nummer)
    vandaag = vandaag_van_de_app()
    regels = paginas.baat_regels(t, t.programma.baten.filter(pk=baat.pk), vandaag)
    return figuren_uit(t, regels, vandaag)


class MetingUit(Schema):
    id: int = Field(description="Het meetmoment; geef het mee als `meetmoment` om het te meten.")
    revisie: int = Field(description="De versie; geef hem mee om een meting te overschrijven.")
    baat: int
    datum: str = Field(description="De geplande datum, zoals geschreven.")
    omschrijving: str
    verwacht_niveau: str
    meting: str = Field(description="De meting zoals geschreven; leeg: nog niet gemeten.")
    meting_getal: float | None = Field(description="Het getal van de meting, als het er een heeft.")
    meetdatum: str = Field(description="De dag van de meting, zoals geschreven.")
    toelichting: str
    gemeten: bool
    achterstallig: bool
    gemeten_door: str = Field(description="Gebruikersnaam; leeg voor wie de leden niet ziet.")
    gemeten_op: datetime | None
    gewijzigd_op: datetime


class MetingenUit(Schema):
    aantal: int = Field(description="Het aantal meetmomenten dat aan het filter voldoet.")
    pagina: int
    per_pagina: int
    volgende: str | None = Field(description="De URL van de volgende pagina, of null.")
    metingen: list[MetingUit]


class MetingenFilter(Schema):
    since: datetime | None = Field(
        None, description="Alleen meetmomenten gewijzigd op of na dit tijdstip (ISO 8601)."
    )
    pagina: int = Field(1, ge=1, le=1_000_000)
    per_pagina: int = Field(100, ge=1, le=500)


def meting_uit(m: Meetmoment, t: Toegang, vandaag: date) -> MetingUit:
    door = m.gemeten_door.get_username() if m.gemeten_door and t.mag_leden_zien else ""
    return MetingUit(
        id=m.pk,
        revisie=m.revisie,
        baat=m.baat.nummer,
        datum=m.datum_tekst,
        omschrijving=m.omschrijving,
        verwacht_niveau=m.verwacht_niveau_tekst,
        meting=m.meting_tekst,
        meting_getal=getal(m.meting),
        meetdatum=m.meetdatum_tekst,
        toelichting=m.toelichting,
        gemeten=m.is_gemeten,
        achterstallig=m.is_achterstallig(vandaag),
        gemeten_door=door,
        gemeten_op=m.gemeten_op,
        gewijzigd_op=m.gewijzigd_op,
    )


@api.get(
    "/programmas/{slug}/baten/{nummer}/metingen",
    response={200: MetingenUit, **FOUTEN},
    summary="De meetmomenten van een baat, gemeten en gepland, per pagina",
    description=(
        "Oudste wijziging eerst, zodat een systeem dat bijhoudt wat het al heeft met "
        "`since` (het `gewijzigd_op` van de laatste die het zag) alleen het nieuwe ophaalt."
    ),
    tags=["lezen"],
)
def metingen(request: HttpRequest, slug: str, nummer: int, filters: Query[MetingenFilter]) -> Any:
    t = toegang(request, slug)
    baat = baat_van(t, nummer)
    rijen = baat.meetmomenten.select_related("gemeten_door").order_by("gewijzigd_op", "pk")
    if filters.since is not None:
        since = filters.since
        if timezone.is_naive(since):
            since = timezone.make_aware(since)
        try:
            # In UTC: PostgreSQL refuses offsets that Python accepts (+21:17).
            since = since.astimezone(UTC)
        except OverflowError:
            return fout(request, 422, _("Ongeldige invoer."), {"since": [_("Buiten bereik.")]})
        rijen = rijen.filter(gewijzigd_op__gte=since)
    aantal = rijen.count()
    begin = (filters.pagina - 1) * filters.per_pagina
    vandaag = vandaag_van_de_app()
    for m in (pagina := list(rijen[begin : begin + filters.per_pagina])):
        m.baat = baat
    volgende = None
    if begin + filters.per_pagina < aantal:
        params = request.GET.copy()
        params["pagina"] = str(filters.pagina + 1)
        volgende = request.build_absolute_uri(f"{request.path}?{params.urlencode()}")
    return MetingenUit(
        aantal=aantal,
        pagina=filters.pagina,
        per_pagina=filters.per_pagina,
        volgende=volgende,
        metingen=[meting_uit(m, t, vandaag) for m in pagina],
    )


# ---------------------------------------------------------------------------------------
# Write: a meting, idempotent by the client's key


class MetingIn(Schema):
    sleutel: str = Field(
        min_length=1,
        max_length=100,
        pattern=r"^[!-~]+$",
        description=(
            "Door u gekozen, uniek per push (bijvoorbeeld een UUID). Een herhaalde push met "
            "dezelfde sleutel slaat niets opnieuw op en krijgt de meting van de eerste."
        ),
    )
    meting: str = Field(max_length=200, description="Zoals geschreven: 7,4 of NPS +12.")
    meetdatum: str = Field(
        "",
        max_length=100,
        description="De dag van de meting (01-12-2026 of december 2026); verplicht.",
    )
    meetmoment: int | None = Field(
        None,
        ge=1,
        le=2**63 - 1,
        description="Het geplande meetmoment dat gemeten is (id uit de metingenlijst); "
        "null: een extra meting op de meetdatum.",
    )
    toelichting: str = Field("", max_length=10_000)
    revisie: int | None = Field(
        None,
        ge=0,
        le=2**31 - 1,
        description="Alleen om een meetmoment dat al gemeten is te overschrijven: de revisie "
        "die u las. Zonder, of met een oudere, volgt 409 met beide versies.",
    )
    bevestig: bool = Field(
        False, description="Bevestigt een meting die ver buiten de schaal van de baat ligt."
    )
    buiten_roadmap: Literal["bewaren", "verlengen"] | None = Field(
        None,
        description="Een datum buiten de roadmap: bewaren zoals hij is, of de roadmap verlengen.",
    )


class MetingBewaard(MetingUit):
    notitie: str | None = Field(None, description="Wat de meting voor de figuren betekent.")


class VerschilUit(Schema):
    veld: str
    jouw: str
    huidig: str


class ConflictUit(Fout):
    verschillen: list[VerschilUit]
    revisie: int | None = Field(description="De revisie nu; stuur die mee om te overschrijven.")


# Form fields by their API names.
API_VELD = {
    "meting_tekst": "meting",
    "meetdatum_tekst": "meetdatum",
    "datum_tekst": "meetdatum",
    "__all__": "algemeen",
}


def form_fouten(form: forms.MetingForm) -> dict[str, list[str]]:
    fouten: dict[str, list[str]] = {}
    for veld, lijst in form.errors.as_data().items():
        for f in lijst:
            for bericht in f.messages:
                if f.code == forms.ONWAARSCHIJNLIJK:
                    # The form's words for the person at the screen, in the API's terms.
                    bericht = bericht.replace(
                        _("kies dan “Ja, opslaan”"),
                        _('stuur dan "bevestig": true mee'),
                    )
                elif veld == forms.BUITEN_ROADMAP:
                    bericht = _('Stuur "buiten_roadmap": "bewaren" of "verlengen" mee.')
                lijst_api = fouten.setdefault(API_VELD.get(veld, veld), [])
                if bericht not in lijst_api:
                    lijst_api.append(bericht)
    return fouten


def inhoud_van(slug: str, nummer: int, data: MetingIn) -> str:
    """What a push says, as a hash: a retry must say the same."""
    tekst = json.dumps([slug, nummer, data.model_dump(exclude={"sleutel"})], sort_keys=True)
    return hashlib.sha256(tekst.encode()).hexdigest()


def bewaarde(request: HttpRequest, t: Toegang, m: Meetmoment, status: int) -> Any:
    m = Meetmoment.objects.select_related("baat", "gemeten_door").get(pk=m.pk)
    uit = MetingBewaard(
        **meting_uit(m, t, vandaag_van_de_app()).model_dump(),
        notitie=opslaan.kwalitatief_notitie(m),
    )
    return Status(status, uit)


@api.post(
    "/programmas/{slug}/baten/{nummer}/metingen",
    response={
        200: MetingBewaard,
        201: MetingBewaard,
        400: Fout,
        403: Fout,
        409: ConflictUit,
        **FOUTEN,
    },
    summary="Een meting opslaan, op een gepland meetmoment of als extra meting",
    description=(
        "Met dezelfde regels als het formulier van Mijn baten: wie de meting van deze baat "
        "mag invoeren, datums en niveaus zoals mensen ze schrijven, een onwaarschijnlijke "
        "meting alleen met `bevestig`, en nooit over de wijziging van een ander heen "
        "(`revisie`). 201: opgeslagen. 200: deze `sleutel` was al opgeslagen; niets opnieuw."
    ),
    tags=["schrijven"],
)
def meting_bewaren(request: HttpRequest, slug: str, nummer: int, data: MetingIn) -> Any:
    t = toegang(request, slug)
    baat = baat_van(t, nummer)
    if not t.mag_metingen(baat):
        return fout(
            request, 403, _("U mag de metingen van %(baat)s niet invoeren.") % {"baat": baat.code}
        )
    inhoud = inhoud_van(slug, nummer, data)
    with transaction.atomic():
        try:
            with transaction.atomic():
                push = ApiSleutel.objects.create(
                    user=request.user, sleutel=data.sleutel, programma=t.programma, inhoud=inhoud
                )
        except IntegrityError:
            # Stored before (or by a push at the same moment, whose commit this waited for).
            eerder = ApiSleutel.objects.select_related("meetmoment").get(
                user=request.user, sleutel=data.sleutel
            )
            if eerder.inhoud != inhoud:
                return fout(
                    request,
                    422,
                    _("Deze sleutel is al gebruikt voor een andere push; kies een nieuwe."),
                    {"sleutel": [_("Al gebruikt voor een andere meting.")]},
                )
            if eerder.meetmoment is None:
                return fout(
                    request,
                    409,
                    _("Deze push is al opgeslagen; het meetmoment is sindsdien verwijderd."),
                )
            return bewaarde(request, t, eerder.meetmoment, 200)
        form_data = {
            "meetmoment": str(data.meetmoment or ""),
            "meting_tekst": data.meting,
            "meetdatum_tekst": data.meetdatum,
            "toelichting": data.toelichting,
        }
        if data.revisie is not None:
            form_data["revisie"] = str(data.revisie)
        if data.bevestig:
            form_data["bevestig"] = data.meting.strip()
        if data.buiten_roadmap:
            form_data[forms.BUITEN_ROADMAP] = data.buiten_roadmap
        form = forms.MetingForm(form_data, toegang=t, baat=baat)
        try:
            geldig = form.is_valid()
        except DjangoValidationError as e:  # a rule that refuses outside a field
            transaction.set_rollback(True)
            return fout(request, 422, _("Niet opgeslagen."), {"algemeen": e.messages})
        if not geldig:
            transaction.set_rollback(True)
            return fout(request, 422, _("De meting is niet opgeslagen."), form_fouten(form))
        verschillen = opslaan.bewaar_meting(form, request.user)
        if verschillen is not None:
            huidig = getattr(form, "door_ander_gewijzigd", None) or form.instance
            huidige_revisie = (
                Meetmoment.objects.filter(pk=huidig.pk).values_list("revisie", flat=True).first()
                if huidig.pk
                else None
            )
            conflict = ConflictUit(
                detail=str(opslaan.CONFLICT),
                fouten=form_fouten(form),
                verschillen=[
                    VerschilUit(veld=v.label, jouw=v.jouw, huidig=v.huidig) for v in verschillen
                ],
                revisie=huidige_revisie,
            )
            transaction.set_rollback(True)  # nor the key: a retry may then succeed
            return Status(409, conflict)
        push.meetmoment = form.instance
        push.save(update_fields=["meetmoment"])
    return bewaarde(request, t, form.instance, 201)
