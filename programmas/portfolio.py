"""The portfolio (issue 16): every programme of a person on one page, with the figures the
dashboard shows of each, for a sponsor or site administrator who oversees several.

Per programme: its five stuurparameters (the lights), how the realisatie of its baten is
spread over the fases, its open escalations and overdue metingen, and its latest change.
The figures are the dashboard's: `Programma.figuren` (realisatie.py's rules) on the same
plain data the pages read, and `paginas.signaal_regels` for what is still open. Everything
is read for all programmes at once, so the page costs the same queries for 1 programme and
for 20 (tests/test_portfolio.py); only the figures themselves grow with the data.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.cache import cache
from django.db.models import Count, F, Max, OuterRef, Q, Subquery, Sum
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from . import paginas, realisatie
from .keuzes import Parameter
from .models import (
    Afhankelijkheid,
    AfhankelijkheidVan,
    Baat,
    Cyclus,
    Escalatie,
    Meetmoment,
    Programma,
    RoadmapFase,
    Stuurparameter,
)
from .toegang import Toegang, portfolio

# Which parts of a plan count for "the latest change", each with what it is called.
WIJZIGINGEN: tuple[tuple[str, type, str], ...] = (
    ("baat", Baat, "programma"),
    ("meetmoment", Meetmoment, "baat__programma"),
    ("escalatie", Escalatie, "programma"),
    ("stuurparameter", Stuurparameter, "programma"),
)
WAT_GEWIJZIGD = {
    "plan": _("het plan"),
    "baat": _("een baat"),
    "meetmoment": _("een meetmoment of meting"),
    "escalatie": _("een escalatie"),
    "stuurparameter": _("een stuurparameter"),
}

# What the page sorts on: the key of a row per name, None last either way.
SORTERINGEN = ("naam", "realisatie", "escalaties", "achterstallig", "wijziging")


@dataclass(frozen=True)
class Licht:
    parameter: str  # its label
    status: str  # groen, geel, rood, or "" when not set


@dataclass
class PortfolioRij:
    programma: Programma
    toegang: Toegang | None  # None: a site administrator who is no member
    lichten: list[Licht]
    spreiding: realisatie.Spreiding
    open_escalaties: int
    achterstallig: int
    gewijzigd_op: datetime | None
    gewijzigd: str  # what changed last
    url: str = ""  # the plan, or for a site administrator the programme in the admin
    dashboard_url: str = ""
    mijn_url: str = ""  # Mijn baten, only for whoever owns baten here
    balk: list[tuple[str, str, int, float, float]] = field(default_factory=list)

    @property
    def rol(self) -> str:
        return str(self.toegang.lid.get_rol_display()) if self.toegang else ""


def _programmas(user) -> tuple[list[Programma], dict[int, Toegang]]:
    programmas, toegang = portfolio(user)
    laatst = {
        f"_laatst_{naam}": Subquery(
            model.objects.filter(**{pad: OuterRef("pk")})
            .values(pad)
            .annotate(m=Max("gewijzigd_op"))
            .values("m")[:1]
        )
        for naam, model, pad in WIJZIGINGEN
    }
    lijst = list(
        programmas.annotate(**laatst).only(
            "naam",
            "slug",
            "revisie",
            "gewijzigd_op",
            "start_jaar",
            "start_kwartaal",
            "escalatie_drempel",
            "escaleer_bij_achterstand",
            "escaleer_bij_commitment",
            "escaleer_bij_externe_factor",
            "escaleer_bij_conflict",
        )
    )
    return lijst, toegang


def _laatste_wijziging(programma: Programma) -> tuple[datetime | None, str]:
    kandidaten = [(programma.gewijzigd_op, "plan")] + [
        (getattr(programma, f"_laatst_{naam}"), naam) for naam, _m, _p in WIJZIGINGEN
    ]
    op, wat = max(((o, w) for o, w in kandidaten if o is not None), default=(None, "plan"))
    return op, str(WAT_GEWIJZIGD[wat])


def _balk(spreiding: realisatie.Spreiding) -> list[tuple[str, str, int, float, float]]:
    """The realisatie spread as one bar: per fase (and "no figure") its class, label,
    count, and where its part starts and how wide it is, in % of the bar (an SVG draws it:
    the strict CSP allows no style attributes)."""
    delen = [(f"fase-{f.value}", str(f.label), n) for f, n in spreiding.per_fase.items()]
    delen.append(("fase-geen", str(_("geen cijfer")), spreiding.onbepaald))
    totaal = spreiding.aantal or 1
    balk, begin = [], 0.0
    for klasse, label, n in delen:
        if n:
            breedte = 100 * n / totaal
            balk.append((klasse, label, n, round(begin, 2), round(breedte, 2)))
            begin += breedte
    return balk


@dataclass(frozen=True)
class Cijfers:
    """What the portfolio shows of a programme's plan on a day: kept per programme and
    day until its plan changes (see `vingerafdrukken`)."""

    lichten: tuple[Licht, ...]
    spreiding: realisatie.Spreiding
    open_escalaties: int
    achterstallig: int


# The parts of a plan the portfolio's figures read, with the path from their rows to the
# programme (as models.PLAN_DELEN, which fingerprints the whole plan for the report).
GELEZEN_DELEN: tuple[tuple[type, str], ...] = (
    (Baat, "programma"),
    (Meetmoment, "baat__programma"),
    (RoadmapFase, "baat__programma"),
    (Afhankelijkheid, "baat__programma"),
    (Escalatie, "programma"),
    (Stuurparameter, "programma"),
    (Cyclus, "programma"),
)
BEWAARTIJD = 60 * 60 * 24  # the key holds the day: a day at most


def vingerafdrukken(programmas: list[Programma]) -> dict[int, str]:
    """Per programme a fingerprint of what its figures are computed from: it changes with
    every save (revisie), addition and deletion of such a part, as models.plan_stand does
    for one programme, here in one query per kind of part for all programmes at once."""
    delen: dict[int, list[str]] = {
        p.pk: [f"{p.pk}:{p.revisie}:{p.gewijzigd_op.isoformat()}"] for p in programmas
    }
    ids = list(delen) or [0]
    for model, pad in GELEZEN_DELEN:
        rijen = (
            model.objects.filter(**{f"{pad}__in": ids})
            .values(pad)
            .annotate(
                n=Count("pk"),
                hoogste=Max("pk"),
                revisies=Sum("revisie"),
                laatst=Max("gewijzigd_op"),
            )
            .order_by()
        )
        for rij in rijen:
            delen[rij[pad]].append(
                f"{model.__name__}:{rij['n']}:{rij['hoogste']}:{rij['revisies']}:{rij['laatst']}"
            )
    # The links of section 5 have no revisie: their rows themselves, summed.
    pad = "afhankelijkheid__baat__programma"
    for rij in (
        AfhankelijkheidVan.objects.filter(**{f"{pad}__in": ids})
        .values(pad)
        .annotate(n=Count("pk"), som=Sum("pk"), van=Sum("van_id"))
        .order_by()
    ):
        delen[rij[pad]].append(f"links:{rij['n']}:{rij['som']}:{rij['van']}")
    return {pk: hashlib.sha256("|".join(d).encode()).hexdigest() for pk, d in delen.items()}


def _cijfers(programmas: list[Programma], vandaag: date) -> dict[int, Cijfers]:
    """The figures of these programmes, each read for all of them at once: one query per
    kind of part, also when there are none (so a page's queries do not depend on how many
    were kept)."""
    ids = [p.pk for p in programmas] or [0]
    baten: dict[int, list[Baat]] = {p.pk: [] for p in programmas}
    programma_van: dict[int, int] = {}
    for baat in Baat.objects.filter(programma__in=ids).only(
        "programma_id",
        "nummer",
        "naam",
        "eigenaar_id",
        "nulmeting",
        "nulmeting_datum",
        "target",
        "deadline",
    ):
        baten[baat.programma_id].append(baat)
        programma_van[baat.pk] = baat.programma_id
    afhankelijkheden: dict[int, list] = {p.pk: [] for p in programmas}
    for a in paginas.afhankelijkheden_query(Q(baat__programma__in=ids)):
        afhankelijkheden[programma_van[a.baat_id]].append(a)
    metingen = (
        Meetmoment.objects.filter(baat__programma__in=ids)
        # The model's order within each baat, without joining the programme to sort by it.
        .order_by("baat_id", F("datum").asc(nulls_last=True), "pk")
        .figuurdata_licht()
    )
    roadmap = paginas.faseplannen(RoadmapFase.objects.filter(baat__programma__in=ids))
    lichten: dict[int, dict[str, str]] = {p.pk: {} for p in programmas}
    for programma_id, parameter, status in Stuurparameter.objects.filter(
        programma__in=ids
    ).values_list("programma_id", "parameter", "status"):
        lichten[programma_id][parameter] = status
    escalaties: dict[int, list[Escalatie]] = {p.pk: [] for p in programmas}
    for e in Escalatie.objects.filter(programma__in=ids).only(
        "programma_id", "baat_id", "criterium", "automatisch", "afgehandeld", "afgehandeld_op"
    ):
        escalaties[e.programma_id].append(e)
    # Q1 where a plan does not set it is derived from its cycles (Programma.eerste_kwartaal):
    # read here for all of them, not once per programme.
    zonder_start = [p.pk for p in programmas if not (p.start_jaar and p.start_kwartaal)]
    perioden: dict[int, list[str]] = {}
    for programma_id, periode in (
        Cyclus.objects.filter(programma__in=zonder_start or [0])
        .order_by("programma_id", "nummer")
        .values_list("programma_id", "periode")
    ):
        perioden.setdefault(programma_id, []).append(periode)
    uitkomst = {}
    for programma in programmas:
        eigen = baten[programma.pk]
        if programma.pk in zonder_start:
            vroegste = min((b.nulmeting_datum for b in eigen if b.nulmeting_datum), default=None)
            programma._eerste_kwartaal = Programma.eerste_kwartaal_uit(
                perioden.get(programma.pk, []), lambda v=vroegste: v
            )
        per_baat = {b.pk: [m for _pk, m in metingen.get(b.pk, [])] for b in eigen}
        figuren, _links = programma.figuren(
            vandaag, eigen, afhankelijkheden[programma.pk], per_baat, roadmap
        )
        regels = [paginas.BaatRegel(b, figuren[b.code]) for b in eigen]
        open_ = paginas.open_escalaties(
            paginas.signaal_regels(regels, escalaties[programma.pk]), escalaties[programma.pk]
        )
        uitkomst[programma.pk] = Cijfers(
            tuple(Licht(str(p.label), lichten[programma.pk].get(p.value, "")) for p in Parameter),
            realisatie.spreiding(r.figuren.realisatie for r in regels),
            len(open_),
            sum(len(r.figuren.achterstallig) for r in regels),
        )
    return uitkomst


def rijen(user, vandaag: date) -> list[PortfolioRij]:
    """The portfolio of `user` on `vandaag`, by programme name. The figures of a programme
    whose plan has not changed since they were computed that day are taken from the cache:
    a start page is opened far more often than twenty plans change. The cached figures hold
    labels (the lights' parameters), so the key holds the reader's language too."""
    programmas, toegang = _programmas(user)
    taal = get_language() or ""
    sleutels = {
        pk: f"portfolio:{pk}:{vandaag.isoformat()}:{taal}:{vingerafdruk}"
        for pk, vingerafdruk in vingerafdrukken(programmas).items()
    }
    bewaard = cache.get_many(list(sleutels.values()))
    cijfers = {pk: bewaard[k] for pk, k in sleutels.items() if k in bewaard}
    nieuw = _cijfers([p for p in programmas if p.pk not in cijfers], vandaag)
    cache.set_many({sleutels[pk]: c for pk, c in nieuw.items()}, BEWAARTIJD)
    cijfers.update(nieuw)
    # Mijn baten only where they own baten (issue 19: no link to an empty page).
    eigenaar_in = set(
        Baat.objects.filter(programma__in=list(sleutels) or [0], eigenaar_id=user.pk)
        .values_list("programma_id", flat=True)
        .distinct()
    )
    uitkomst = []
    for programma in programmas:
        c = cijfers[programma.pk]
        op, wat = _laatste_wijziging(programma)
        t = toegang.get(programma.pk)
        rij = PortfolioRij(
            programma,
            t,
            list(c.lichten),
            c.spreiding,
            c.open_escalaties,
            c.achterstallig,
            op,
            wat,
            balk=_balk(c.spreiding),
        )
        if t is not None:
            rij.url = reverse("plan", args=[programma.slug])
            rij.dashboard_url = reverse("dashboard", args=[programma.slug])
            if t.mag_mijn_baten and programma.pk in eigenaar_in:
                rij.mijn_url = reverse("mijn", args=[programma.slug])
        else:
            rij.url = reverse("admin:programmas_programma_change", args=[programma.pk])
        uitkomst.append(rij)
    return uitkomst


def sorteer(lijst: list[PortfolioRij], sortering: str) -> tuple[list[PortfolioRij], str]:
    """The rows in the order asked for ("naam", "-escalaties", ...); an unknown order is
    by name. Rows without a value (no realisatie yet) come last either way."""
    omgekeerd = sortering.startswith("-")
    naam = sortering.lstrip("-")
    if naam not in SORTERINGEN:
        naam, omgekeerd = "naam", False

    def sleutel(rij: PortfolioRij) -> object:
        if naam == "realisatie":
            return rij.spreiding.mediaan
        if naam == "escalaties":
            return rij.open_escalaties
        if naam == "achterstallig":
            return rij.achterstallig
        if naam == "wijziging":
            return rij.gewijzigd_op
        return rij.programma.naam.casefold()

    met = [r for r in lijst if sleutel(r) is not None]
    zonder = [r for r in lijst if sleutel(r) is None]
    # By name within equal values, either way (a stable sort keeps the order of the first).
    met.sort(key=lambda r: r.programma.naam.casefold())
    met.sort(key=sleutel, reverse=omgekeerd)  # type: ignore[arg-type]
    return met + zonder, ("-" if omgekeerd else "") + naam


def pagina(user, vandaag: date, sortering: str = "naam") -> dict[str, object]:
    """The context of the start page's portfolio."""
    lijst, gekozen = sorteer(rijen(user, vandaag), sortering)
    koppen = []
    for naam, label in (
        ("naam", _("Programma")),
        ("realisatie", _("Realisatie baten")),
        ("escalaties", _("Open escalaties")),
        ("achterstallig", _("Achterstallige metingen")),
        ("wijziging", _("Laatste wijziging")),
    ):
        oplopend = gekozen == naam
        aflopend = gekozen == f"-{naam}"
        # A click on the column sorted ascending turns it around; numbers start high.
        volgende = naam if aflopend else f"-{naam}"
        if naam == "naam" and not oplopend:
            volgende = "naam"
        koppen.append(
            {
                "naam": naam,
                "label": label,
                "volgende": volgende,
                "sortering": "ascending" if oplopend else "descending" if aflopend else "",
            }
        )
    return {
        "rijen": lijst,
        "koppen": dict((k["naam"], k) for k in koppen),
        "sortering": gekozen,
        "vandaag": vandaag,
        "parameters": [str(p.label) for p in Parameter],
    }
