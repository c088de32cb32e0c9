"""What the plan and baat pages show: the stored plan with its figures beside it.

Each page's data are read in a fixed number of queries, whatever the number of baten, and
the figures are computed once per request (Programma.figuren).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch, Q, QuerySet, prefetch_related_objects
from django.urls import reverse

from . import notatie, realisatie
from .grafieken import charts
from .keuzes import Fase, Parameter
from .models import (
    Afhankelijkheid,
    AfhankelijkheidVan,
    Baat,
    Cyclus,
    CyclusDoel,
    Escalatie,
    Meetmoment,
    Programma,
    Stuurparameter,
)
from .toegang import Toegang

# Where a change is shown again: a page and one of its sections (a partial of its template).
PAGINA_SECTIES = {
    "plan": {
        "kop",
        "baten",
        "cycli",
        "roadmap",
        "details",
        "afhankelijkheden",
        "monitoring",
        "escalatie",
    },
    "baat": {
        "kern",
        "cyclusdoelen",
        "vermogens",
        "inspanningen",
        "risicos",
        "meetmomenten",
        "afhankelijkheden",
    },
    "mijn": {"baat"},
    "leden": {"leden"},
    "dashboard": {"stuurparameters", "baten", "roadmap", "escalaties"},
}


@dataclass(frozen=True)
class Terug:
    pagina: str
    sectie: str
    baat: int | None = None

    @classmethod
    def lees(cls, tekst: str | None, standaard: Terug) -> Terug:
        """Parse "plan#baten" or "baat-3#risicos"; anything else falls back to the default."""
        pagina, _, sectie = (tekst or "").partition("#")
        naam, _, nummer = pagina.partition("-")
        if sectie in PAGINA_SECTIES.get(naam, ()) and (nummer.isdigit() or not nummer):
            return cls(naam, sectie, int(nummer) if nummer else None)
        return standaard

    def __str__(self) -> str:
        pagina = f"{self.pagina}-{self.baat}" if self.baat else self.pagina
        return f"{pagina}#{self.sectie}"

    def url(self, slug: str) -> str:
        if self.pagina == "baat":
            pad = reverse("baat", args=[slug, self.baat])
        else:
            pad = reverse(self.pagina, args=[slug])
        return f"{pad}#sectie-{self.sectie}"


@dataclass
class BaatRegel:
    baat: Baat
    figuren: realisatie.BaatFiguren
    mag_metingen: bool = False
    afhankelijk_van: list[realisatie.AfhankelijkheidFiguur] = field(default_factory=list)
    voorwaarde_voor: list[realisatie.AfhankelijkheidFiguur] = field(default_factory=list)
    cyclusdoelen: list[tuple[str, realisatie.Punt]] = field(default_factory=list)
    # The baat's meetmomenten as the figures read them (MeetmomentQuerySet.figuurdata).
    metingen: list[realisatie.MeetmomentCijfers] | None = None
    # The meetmomenten the overview shows, and how many it leaves to the baat page.
    kort: list[Meetmoment] = field(default_factory=list)
    kort_weg: int = 0

    @property
    def signalen(self) -> tuple[realisatie.Signaal, ...]:
        return self.figuren.signalen

    def traject(self) -> charts.Traject:
        data = self.baat.figuurdata(self.metingen)
        return charts.Traject(
            code=self.baat.code,
            naam=self.baat.naam,
            eenheid=self.baat.eenheid,
            punten=realisatie.baat_trajectpunten(data),
            metingen=[
                realisatie.Punt(m.peildatum, m.meting)
                for m in realisatie.gemeten_op_volgorde(data.meetmomenten)
                if m.meting is not None and m.peildatum is not None
            ],
            cyclusdoelen=self.cyclusdoelen,
            nulmeting=(
                realisatie.Punt(self.baat.nulmeting_datum, self.baat.nulmeting)
                if self.baat.nulmeting is not None and self.baat.nulmeting_datum
                else None
            ),
            doel=(
                realisatie.Punt(self.baat.deadline, self.baat.target)
                if self.baat.target is not None and self.baat.deadline
                else None
            ),
        )

    def traject_json(self, vandaag: date, *, klein: bool = False) -> dict | None:
        return charts.figuur_json(charts.traject(self.traject(), vandaag=vandaag, klein=klein))


@dataclass
class RoadmapRij:
    regel: BaatRegel
    cellen: list[tuple[int, str | None]]  # (kwartaal, planned fase value)


@dataclass
class Kwartaal:
    nummer: int
    label: str
    is_nu: bool


def baten_query(programma: Programma) -> QuerySet[Baat]:
    # Not the meetmomenten: a programme keeps years of them. The figures read them as plain
    # values (MeetmomentQuerySet.figuurdata); pages load the ones they show (toon_alle).
    return programma.baten.select_related("eigenaar").prefetch_related(
        "roadmap",
        "sectoren",
        "risicos",
        "vermogens__baten",
        "inspanningen__baten",
        "inspanningen__vermogens",
    )


def toon_alle(regels: list[BaatRegel]) -> None:
    """Load every meetmoment of these baten, for pages that list them all."""
    prefetch_related_objects(
        [r.baat for r in regels],
        Prefetch("meetmomenten", queryset=Meetmoment.objects.select_related("gemeten_door")),
    )


KORT = 3


def kort_te_tonen(data: list[tuple[int, realisatie.MeetmomentCijfers]], vandaag: date) -> set[int]:
    """Of a baat's meetmomenten, what the overview shows: the latest metingen, the overdue
    ones and the next planned one. Years of metingen would otherwise bury section 4."""
    gemeten = [pk for pk, m in data if m.gemeten]
    open_ = [(pk, m) for pk, m in data if not m.gemeten]
    toon = set(gemeten[-KORT:])
    achter = {pk for pk, m in open_ if realisatie.is_achterstallig(m.datum, m.gemeten, vandaag)}
    toon |= achter
    volgende = next((pk for pk, m in open_ if pk not in achter), None)
    if volgende is not None:
        toon.add(volgende)
    return toon


def kwartalen(programma: Programma, vandaag: date) -> list[Kwartaal]:
    eerste = programma.eerste_kwartaal()
    nu = programma.kwartaal_nu(vandaag)
    return [
        Kwartaal(
            nummer,
            realisatie.kwartaal_label(*eerste, nummer) if eerste else "",
            nummer == nu,
        )
        for nummer in range(1, programma.aantal_kwartalen + 1)
    ]


@dataclass
class Deelplan:
    """Some baten of a plan with their figures, and the rows of section 5 that touch them."""

    regels: list[BaatRegel]
    afhankelijkheden: list[tuple[Afhankelijkheid, list[realisatie.AfhankelijkheidFiguur]]]
    meetmomenten: dict[int, list[realisatie.MeetmomentCijfers]]
    doelen: list[CyclusDoel]  # the cycle targets of these baten, in the plan's order


def deelplan(
    toegang: Toegang, baten: QuerySet[Baat], vandaag: date, *, voorwaarde_voor: bool = False
) -> Deelplan:
    """The rows of these baten only, with the figures the plan page shows for them.

    A baat's figures depend on other baten only through what it depends on (rule 5: their
    realisatie, against its own planned fase now), so these baten, the baten they depend on
    and their meetmomenten suffice: realisatie.plan_figuren is pure and gives the same
    figures on that subset. With `voorwaarde_voor` the rows in which these baten are the
    ones depended upon come along too (the baat page shows both directions); the figures of
    the baten outside the set are then used only for their links, which need no more.
    """
    programma = toegang.programma
    eigen = list(baten.select_related("eigenaar").prefetch_related("roadmap"))
    pks = {b.pk for b in eigen}
    rijen = Q(baat__in=pks)
    if voorwaarde_voor:
        rijen |= Q(pk__in=AfhankelijkheidVan.objects.filter(van__in=pks).values("afhankelijkheid"))
    afhankelijkheden = list(
        Afhankelijkheid.objects.filter(rijen, baat__programma=programma)
        .met_figuurdata()
        .order_by("baat__nummer", "volgorde", "pk")
    )
    betrokken = {a.baat_id for a in afhankelijkheden} | {
        k.van_id for a in afhankelijkheden for k in a.koppelingen.all()
    }
    anderen = (
        list(programma.baten.filter(pk__in=betrokken - pks).prefetch_related("roadmap"))
        if betrokken - pks
        else []
    )
    metingdata = Meetmoment.objects.filter(baat__in=pks | betrokken).figuurdata()
    meetmomenten = {b.pk: [m for _, m in metingdata.get(b.pk, [])] for b in eigen + anderen}
    figuren, links = programma.figuren(vandaag, eigen + anderen, afhankelijkheden, meetmomenten)
    regels = [
        BaatRegel(
            b,
            figuren[b.code],
            mag_metingen=toegang.mag_metingen(b),
            metingen=meetmomenten[b.pk],
        )
        for b in eigen
    ]
    per_code = {regel.baat.code: regel for regel in regels}
    per_rij: dict[int, list[realisatie.AfhankelijkheidFiguur]] = {
        a.pk: [] for a in afhankelijkheden
    }
    for link in links:
        if link.baat in per_code:
            per_code[link.baat].afhankelijk_van.append(link)
        if link.van in per_code:
            per_code[link.van].voorwaarde_voor.append(link)
        if link.rij in per_rij:
            per_rij[link.rij].append(link)
    # In the plan's order (cycle, then baat), as the plan page adds them to the chart.
    per_pk = {regel.baat.pk: regel for regel in regels}
    doelen = list(CyclusDoel.objects.filter(baat__in=pks).select_related("cyclus"))
    for doel in doelen:
        doel.baat = per_pk[doel.baat_id].baat
        if doel.doelniveau is not None and doel.meetmoment:
            per_pk[doel.baat_id].cyclusdoelen.append(
                (
                    f"Cyclus {doel.cyclus.nummer}",
                    realisatie.Punt(doel.meetmoment, doel.doelniveau),
                )
            )
    return Deelplan(regels, [(a, per_rij[a.pk]) for a in afhankelijkheden], meetmomenten, doelen)


def baat_regels(toegang: Toegang, baten: QuerySet[Baat], vandaag: date) -> list[BaatRegel]:
    """These baten with their figures, exactly as on the plan page, for a page or fragment
    that shows only them (Mijn baten, one card after a meting): its cost does not grow with
    the baten it does not show."""
    return deelplan(toegang, baten, vandaag).regels


def plan(toegang: Toegang, vandaag: date) -> dict[str, object]:
    """The context of the plan page: header and sections 1-7 with their figures."""
    programma = toegang.programma
    baten = list(baten_query(programma))
    afhankelijkheden = list(
        Afhankelijkheid.objects.filter(baat__programma=programma)
        .met_figuurdata()
        .order_by("baat__nummer", "volgorde", "pk")
    )
    metingdata = Meetmoment.objects.filter(baat__programma=programma).figuurdata()
    meetmomenten = {b.pk: [m for _, m in metingdata.get(b.pk, [])] for b in baten}
    figuren, links = programma.figuren(vandaag, baten, afhankelijkheden, meetmomenten)
    regels = [
        BaatRegel(
            b,
            figuren[b.code],
            mag_metingen=toegang.mag_metingen(b),
            metingen=meetmomenten[b.pk],
        )
        for b in baten
    ]
    kort = {b.pk: kort_te_tonen(metingdata.get(b.pk, []), vandaag) for b in baten}
    getoond: dict[int, list[Meetmoment]] = {}
    for m in Meetmoment.objects.filter(pk__in=set().union(*kort.values())).select_related(
        "gemeten_door"
    ):
        getoond.setdefault(m.baat_id, []).append(m)
    for regel in regels:
        regel.kort = getoond.get(regel.baat.pk, [])
        regel.kort_weg = len(meetmomenten[regel.baat.pk]) - len(regel.kort)
    per_code = {regel.baat.code: regel for regel in regels}
    for link in links:
        per_code[link.baat].afhankelijk_van.append(link)
        per_code[link.van].voorwaarde_voor.append(link)
    # Per row of section 5: a baat may have several rows, and a row on something outside
    # the plan has no stand of other baten.
    links_per_afhankelijkheid: dict[int, list[realisatie.AfhankelijkheidFiguur]] = {
        a.pk: [] for a in afhankelijkheden
    }
    for link in links:
        if link.rij in links_per_afhankelijkheid:
            links_per_afhankelijkheid[link.rij].append(link)

    cycli = Cyclus.objects.filter(programma=programma).prefetch_related(
        Prefetch("doelen", queryset=CyclusDoel.objects.select_related("baat"))
    )
    cyclus_rijen = [
        (
            cyclus,
            [
                (
                    doel,
                    realisatie.cyclus_realisatie(
                        doel.startniveau,
                        doel.doelniveau,
                        doel.meetmoment,
                        meetmomenten[doel.baat_id],
                        periode=periode,
                        vandaag=vandaag,
                    ),
                )
                for doel in cyclus.doelen.all()
            ],
        )
        for cyclus in cycli
        for periode in [notatie.parse_periode(cyclus.periode)]
    ]

    per_pk = {regel.baat.pk: regel for regel in regels}
    for cyclus, doelen in cyclus_rijen:
        for doel, _waarde in doelen:
            if doel.doelniveau is not None and doel.meetmoment:
                per_pk[doel.baat_id].cyclusdoelen.append(
                    (f"Cyclus {cyclus.nummer}", realisatie.Punt(doel.meetmoment, doel.doelniveau))
                )

    stuurparameters = sorted(
        Stuurparameter.objects.filter(programma=programma).prefetch_related("wijzigingen__door"),
        key=lambda s: s.volgorde,
    )
    suggestie_tempo = realisatie.suggestie_tempo(
        (f.achterstand for f in figuren.values()), programma.escalatie_drempel
    )
    return {
        "programma": programma,
        "toegang": toegang,
        "vandaag": vandaag,
        "regels": regels,
        "cycli": cyclus_rijen,
        "kwartalen": kwartalen(programma, vandaag),
        "roadmap": [
            RoadmapRij(
                regel,
                [(k, faseplan.get(k)) for k in range(1, programma.aantal_kwartalen + 1)],
            )
            for regel in regels
            for faseplan in [{c.kwartaal: c.fase for c in regel.baat.roadmap.all()}]
        ],
        "afhankelijkheden": [(a, links_per_afhankelijkheid[a.pk]) for a in afhankelijkheden],
        "links": links,
        "stuurparameters": stuurparameters,
        "ontbrekende_parameters": [
            p for p in Parameter if p not in {s.parameter for s in stuurparameters}
        ],
        "suggesties": {Parameter.TEMPO.value: suggestie_tempo},
        "escalaties": list(
            Escalatie.objects.filter(programma=programma).select_related(
                "baat", "gemeld_door", "besluit_door"
            )
        ),
        "signalen": [(regel, s) for regel in regels for s in regel.signalen],
        # Automatic signals of criteria section 7 leaves unticked: warnings, not escalations.
        "waarschuwingen": [(regel, s) for regel in regels for s in regel.figuren.waarschuwingen],
        "geen_criteria": realisatie.geen_criteria(programma.escalatie_criteria()),
        # The overview shows every overdue meetmoment, so these are all of them.
        "achterstallig": [
            (regel, m) for regel in regels for m in regel.kort if m.is_achterstallig(vandaag)
        ],
    }


def baat_pagina(toegang: Toegang, baat_nummer: int, vandaag: date) -> dict[str, object]:
    """The context of a baat page: section 4 of one baat, with both directions of its
    dependencies and its cycle targets. Read for this baat alone (deelplan): the figures are
    those of the plan page, at a cost that does not grow with the other baten."""
    programma = toegang.programma
    deel = deelplan(
        toegang,
        baten_query(programma).filter(nummer=baat_nummer),
        vandaag,
        voorwaarde_voor=True,
    )
    if not deel.regels:
        return {}
    (regel,) = deel.regels
    toon_alle([regel])
    context: dict[str, object] = {
        "programma": programma,
        "toegang": toegang,
        "vandaag": vandaag,
        "regel": regel,
        "baat": regel.baat,
        "cyclusdoelen": [
            (
                doel.cyclus,
                doel,
                realisatie.cyclus_realisatie(
                    doel.startniveau,
                    doel.doelniveau,
                    doel.meetmoment,
                    deel.meetmomenten[regel.baat.pk],
                    periode=notatie.parse_periode(doel.cyclus.periode),
                    vandaag=vandaag,
                ),
            )
            for doel in deel.doelen
        ],
        "baat_afhankelijkheden": deel.afhankelijkheden,
        "traject_json": regel.traject_json(vandaag),
    }
    for sectie in PAGINA_SECTIES["baat"]:
        context[f"terug_{sectie}"] = str(Terug("baat", sectie, baat_nummer))
    return context


@dataclass
class SignaalRegel:
    """An automatic escalation signal, and its handling if handled since the latest meting."""

    regel: BaatRegel
    signaal: realisatie.Signaal
    afhandeling: Escalatie | None


def signaal_regels(regels: list[BaatRegel], escalaties: list[Escalatie]) -> list[SignaalRegel]:
    afgehandeld: dict[tuple[int, str], Escalatie] = {}
    for e in sorted(escalaties, key=lambda e: (e.afgehandeld_op or date.min, e.pk)):
        if e.automatisch and e.afgehandeld and e.baat_id:
            afgehandeld[(e.baat_id, e.criterium)] = e
    uitkomst = []
    for regel in regels:
        laatste = regel.figuren.laatste.peildatum if regel.figuren.laatste else None
        for signaal in regel.signalen:
            e = afgehandeld.get((regel.baat.pk, signaal.criterium))
            # New data after the handling raise the signal again.
            if e and laatste and e.afgehandeld_op and e.afgehandeld_op < laatste:
                e = None
            uitkomst.append(SignaalRegel(regel, signaal, e))
    return uitkomst


def dashboard(toegang: Toegang, vandaag: date) -> dict[str, object]:
    """The context of the dashboard: where the programme stands, in ten seconds."""
    context = plan(toegang, vandaag)
    programma = toegang.programma
    regels: list[BaatRegel] = context["regels"]  # type: ignore[assignment]
    escalaties: list[Escalatie] = context["escalaties"]  # type: ignore[assignment]
    links: list[realisatie.AfhankelijkheidFiguur] = context["links"]  # type: ignore[assignment]
    kwartaal_lijst: list[Kwartaal] = context["kwartalen"]  # type: ignore[assignment]
    context.update(
        signaal_regels=signaal_regels(regels, escalaties),
        gemeld=[e for e in escalaties if not e.automatisch],
        roadmap_json=charts.figuur_json(
            charts.roadmap(
                [(k.nummer, k.label) for k in kwartaal_lijst],
                [
                    charts.RoadmapBaat(
                        r.baat.code,
                        r.baat.naam,
                        {c.kwartaal: Fase(c.fase) for c in r.baat.roadmap.all()},
                        r.figuren.fase,
                    )
                    for r in regels
                ],
                vandaag=charts.vandaag_positie(programma.eerste_kwartaal(), vandaag),
                afhankelijkheden=[(link.baat, link.van, link.conflict) for link in links],
            )
        ),
        stuurparameters_json=charts.figuur_json(
            charts.stuurparameters(
                [
                    (
                        str(s.get_parameter_display()),
                        s.status,
                        context["suggesties"].get(s.parameter),  # type: ignore[attr-defined]
                    )
                    for s in context["stuurparameters"]  # type: ignore[attr-defined]
                ]
            )
        ),
        trajecten={r.baat.pk: r.traject_json(vandaag, klein=True) for r in regels},
    )
    return context
