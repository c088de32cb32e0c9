"""What each page and each of its fragments shows: one builder per page and per fragment.

A page is the sum of its sections. The plan and the dashboard start from a `Stand` (every
baat with its figures, read in a fixed number of queries) and each section builder adds what
only it shows; a fragment, the one section htmx swaps in after a change, builds the `Stand`
with just what that section needs. A baat page, its sections and the cards of Mijn baten
read their baten alone (`deelplan`), so their cost does not grow with the other baten.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet, prefetch_related_objects
from django.urls import reverse
from django.utils.translation import gettext

from . import notatie, realisatie
from .grafieken import charts
from .keuzes import Fase, Parameter
from .models import (
    Afhankelijkheid,
    AfhankelijkheidVan,
    Baat,
    Cyclus,
    CyclusDoel,
    Doel,
    Escalatie,
    Inspanning,
    Meetmoment,
    Programma,
    RoadmapFase,
    Stuurparameter,
    Vermogen,
)
from .toegang import Toegang

# Where a change is shown again: a page and one of its sections (a partial of its template).
PAGINA_SECTIES = {
    "plan": {
        "kop",
        "doelen",
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
        baat = notatie.nummer(nummer)
        # A baat's page needs its number; no other page takes one.
        if sectie in PAGINA_SECTIES.get(naam, ()) and (baat is not None) == (naam == "baat"):
            return cls(naam, sectie, baat)
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


# One URL pattern per kind of link, not one reverse() per row: a page holds hundreds.
_PLEK = 987654321  # a number no URL has, standing in for the varying parts


@functools.lru_cache(maxsize=512)
def url_sjabloon(naam: str, slug: str, soort: str | None = None, delen: int = 1) -> str:
    """A URL with {} where its numbers go."""
    args: list[object] = [slug] + ([soort] if soort else []) + [_PLEK] * delen
    return reverse(naam, args=args).replace(str(_PLEK), "{}")


def snel_url(naam: str, slug: str, *nummers: object, soort: str | None = None) -> str:
    return url_sjabloon(naam, slug, soort, len(nummers)).format(*nummers)


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
    faseplan: dict[int, Fase] = field(default_factory=dict)  # planned fase per quarter
    # The meetmomenten still to be measured (Mijn baten), each marked `achterstallig`.
    open: list[Meetmoment] = field(default_factory=list)
    url: str = ""  # the baat page

    @property
    def signalen(self) -> tuple[realisatie.Signaal, ...]:
        return self.figuren.signalen

    def traject(self) -> charts.Traject:
        data = self.baat.figuurdata(self.metingen, self.faseplan)
        nulmeting, doel = realisatie.traject_einden(
            self.baat.nulmeting, self.baat.nulmeting_datum, self.baat.target, self.baat.deadline
        )
        return charts.Traject(
            code=self.baat.code,
            naam=self.baat.naam,
            eenheid=self.baat.eenheid,
            punten=realisatie.baat_trajectpunten(data),
            metingen=realisatie.metingpunten(data.meetmomenten),
            cyclusdoelen=self.cyclusdoelen,
            nulmeting=nulmeting,
            doel=doel,
        )

    def traject_json(self, vandaag: date, *, klein: bool = False) -> dict | None:
        return charts.figuur_json(charts.traject(self.traject(), vandaag=vandaag, klein=klein))


@dataclass(frozen=True)
class RoadmapCel:
    klasse: str  # the fase's colour
    label: str  # the planned fase, "" for none
    url: str = ""  # where an editor changes it


@dataclass
class RoadmapRij:
    regel: BaatRegel
    cellen: list[tuple[int, str | None]]  # (kwartaal, planned fase value)
    weergave: list[RoadmapCel] = field(default_factory=list)  # the cells as the page shows them


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


def markeer(meetmomenten: list[Meetmoment], vandaag: date) -> list[Meetmoment]:
    """Say on each meetmoment shown whether it is overdue (realisatie's rule 6), so that a
    template shows it and does not decide it."""
    for m in meetmomenten:
        m.achterstallig = realisatie.is_achterstallig(m.datum, m.is_gemeten, vandaag)
    return meetmomenten


def meetmomenten_op_pk(pks: list[int]) -> QuerySet[Meetmoment]:
    """The meetmomenten a page shows, picked by the figures' rules. One query also when it
    shows none (a pk no row has stands in), so a page's queries never depend on its data."""
    return Meetmoment.objects.filter(pk__in=pks or [0])


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


def faseplannen(cellen: QuerySet[RoadmapFase]) -> dict[int, dict[int, Fase]]:
    """Per baat pk its planned fase per quarter, as plain values: a roadmap has a cell per
    baat and quarter, too many to become models for a page."""
    plannen: dict[int, dict[int, Fase]] = {}
    for baat_id, kwartaal, fase in cellen.values_list("baat_id", "kwartaal", "fase"):
        plannen.setdefault(baat_id, {})[kwartaal] = Fase(fase)
    return plannen


def afhankelijkheden_query(rijen: Q) -> QuerySet[Afhankelijkheid]:
    """Rows of section 5 with what their figures and the table need: of the baten only the
    number, not their long texts."""
    koppelingen = AfhankelijkheidVan.objects.select_related("van").only(
        "afhankelijkheid_id", "van_id", "van__nummer"
    )
    return (
        Afhankelijkheid.objects.filter(rijen)
        .select_related("baat")
        .only(*AFHANKELIJKHEID_VELDEN, "baat__nummer")
        .prefetch_related(Prefetch("koppelingen", queryset=koppelingen))
        .order_by("baat__nummer", "volgorde", "pk")
    )


AFHANKELIJKHEID_VELDEN = ("baat", "extern", "type", "drempel", "impact_op_planning", "volgorde")


def _regels(
    toegang: Toegang,
    eigen: list[Baat],
    anderen: list[Baat],
    afhankelijkheden: list[Afhankelijkheid],
    meetmomenten: dict[int, list[realisatie.MeetmomentCijfers]],
    roadmap: dict[int, dict[int, Fase]],
    vandaag: date,
) -> tuple[list[BaatRegel], list[realisatie.AfhankelijkheidFiguur]]:
    """The rows of the baten `eigen` with their figures and dependency links. The figures
    are computed on `eigen` and the baten `anderen` they depend on: realisatie.plan_figuren
    is pure, so a subset gives the figures of the whole plan for the baten in it."""
    programma = toegang.programma
    figuren, links = programma.figuren(
        vandaag, eigen + anderen, afhankelijkheden, meetmomenten, roadmap
    )
    baat_url = url_sjabloon("baat", programma.slug)
    regels = [
        BaatRegel(
            b,
            figuren[b.code],
            mag_metingen=toegang.mag_metingen(b),
            metingen=meetmomenten[b.pk],
            url=baat_url.format(b.nummer),
            faseplan=roadmap.get(b.pk, {}),
        )
        for b in eigen
    ]
    per_code = {regel.baat.code: regel for regel in regels}
    for link in links:
        if link.baat in per_code:
            per_code[link.baat].afhankelijk_van.append(link)
        if link.van in per_code:
            per_code[link.van].voorwaarde_voor.append(link)
    return regels, links


def _per_rij(
    afhankelijkheden: list[Afhankelijkheid], links: list[realisatie.AfhankelijkheidFiguur]
) -> list[tuple[Afhankelijkheid, list[realisatie.AfhankelijkheidFiguur]]]:
    # Per row of section 5: a baat may have several rows, and a row on something outside
    # the plan has no stand of other baten.
    per_rij: dict[int, list[realisatie.AfhankelijkheidFiguur]] = {
        a.pk: [] for a in afhankelijkheden
    }
    for link in links:
        if link.rij in per_rij:
            per_rij[link.rij].append(link)
    return [(a, per_rij[a.pk]) for a in afhankelijkheden]


def _cyclusdoelen_bij(regels: list[BaatRegel], doelen: list[CyclusDoel]) -> None:
    """The cycle targets on each baat's trajectory chart, in the plan's order (cycle, then
    baat), as section 2 lists them."""
    per_pk = {regel.baat.pk: regel for regel in regels}
    for doel in doelen:
        regel = per_pk.get(doel.baat_id)
        if regel is None:
            continue
        doel.baat = regel.baat
        if doel.doelniveau is not None and doel.meetmoment:
            regel.cyclusdoelen.append(
                (
                    gettext("Cyclus %(n)s") % {"n": doel.cyclus.nummer},
                    realisatie.Punt(doel.meetmoment, doel.doelniveau),
                )
            )


@dataclass
class Deelplan:
    """Some baten of a plan with their figures, and the rows of section 5 that touch them."""

    regels: list[BaatRegel]
    afhankelijkheden: list[tuple[Afhankelijkheid, list[realisatie.AfhankelijkheidFiguur]]]
    meetmomenten: dict[int, list[realisatie.MeetmomentCijfers]]
    doelen: list[CyclusDoel]  # the cycle targets of these baten, in the plan's order
    metingdata: dict[int, list[tuple[int, realisatie.MeetmomentCijfers]]] = field(
        default_factory=dict
    )


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
    eigen = list(baten.select_related("eigenaar"))
    pks = {b.pk for b in eigen}
    rijen = Q(baat__in=pks)
    if voorwaarde_voor:
        rijen |= Q(pk__in=AfhankelijkheidVan.objects.filter(van__in=pks).values("afhankelijkheid"))
    afhankelijkheden = list(afhankelijkheden_query(rijen & Q(baat__programma=programma)))
    betrokken = {a.baat_id for a in afhankelijkheden} | {
        k.van_id for a in afhankelijkheden for k in a.koppelingen.all()
    }
    anderen = (
        list(programma.baten.filter(pk__in=betrokken - pks).defer("toelichting"))
        if betrokken - pks
        else []
    )
    metingdata = Meetmoment.objects.filter(baat__in=pks | betrokken).figuurdata()
    meetmomenten = {b.pk: [m for _, m in metingdata.get(b.pk, [])] for b in eigen + anderen}
    roadmap = faseplannen(RoadmapFase.objects.filter(baat__in=pks | betrokken))
    regels, links = _regels(
        toegang, eigen, anderen, afhankelijkheden, meetmomenten, roadmap, vandaag
    )
    doelen = list(CyclusDoel.objects.filter(baat__in=pks).select_related("cyclus"))
    _cyclusdoelen_bij(regels, doelen)
    return Deelplan(
        regels, _per_rij(afhankelijkheden, links), meetmomenten, doelen, metingdata=metingdata
    )


def baat_regels(toegang: Toegang, baten: QuerySet[Baat], vandaag: date) -> list[BaatRegel]:
    """These baten with their figures, exactly as on the plan page, for a page or fragment
    that shows only them (Mijn baten, one card after a meting): its cost does not grow with
    the baten it does not show."""
    return deelplan(toegang, baten, vandaag).regels


# ---------------------------------------------------------------------------------------
# The plan and the dashboard: the figures of every baat (Stand), and one builder per section


# What section 2, the report and the trajectory charts show of a cycle target.
CYCLUSDOEL_VELDEN = (
    "cyclus",
    "baat",
    "startniveau_tekst",
    "startniveau",
    "doelniveau_tekst",
    "doelniveau",
    "indicator",
    "meetmoment_tekst",
    "meetmoment",
)


class Stand:
    """Every baat of a plan with its figures, read once in a fixed number of queries: what
    every section of the plan and the dashboard starts from. What only some sections show
    (cycles, escalations, overdue meetmomenten) is read when a section first asks."""

    def __init__(self, toegang: Toegang, vandaag: date, baten: QuerySet[Baat]) -> None:
        programma = toegang.programma
        self.toegang = toegang
        self.programma = programma
        self.vandaag = vandaag
        eigen = list(baten.select_related("eigenaar"))
        self.afhankelijkheden = list(afhankelijkheden_query(Q(baat__programma=programma)))
        self.metingdata = Meetmoment.objects.filter(baat__programma=programma).figuurdata()
        meetmomenten = {b.pk: [m for _, m in self.metingdata.get(b.pk, [])] for b in eigen}
        roadmap = faseplannen(RoadmapFase.objects.filter(baat__programma=programma))
        self.regels, self.links = _regels(
            toegang, eigen, [], self.afhankelijkheden, meetmomenten, roadmap, vandaag
        )

    @functools.cached_property
    def cycli(self) -> list[Cyclus]:
        return list(Cyclus.objects.filter(programma=self.programma))

    @functools.cached_property
    def doelen(self) -> list[CyclusDoel]:
        """The cycle targets in the plan's order, each on its baat's row (no query per row),
        also on the trajectory charts."""
        cycli = {c.pk: c for c in self.cycli}
        doelen = list(
            CyclusDoel.objects.filter(cyclus__programma=self.programma)
            .only(*CYCLUSDOEL_VELDEN)
            .order_by("cyclus__nummer", "baat__nummer")
        )
        for doel in doelen:
            doel.cyclus = cycli[doel.cyclus_id]  # read once with the cycles, not per target
        _cyclusdoelen_bij(self.regels, doelen)
        return doelen

    @functools.cached_property
    def achterstallig(self) -> list[tuple[BaatRegel, Meetmoment]]:
        """Every overdue meetmoment (rule 6), as written, per baat in the plan's order."""
        pks = [
            self.metingdata[r.baat.pk][i][0]
            for r in self.regels
            for i in realisatie.achterstallige(r.metingen or [], self.vandaag)
        ]
        per_pk = {m.pk: m for m in meetmomenten_op_pk(pks)}
        per_baat = {r.baat.pk: r for r in self.regels}
        return [(per_baat[per_pk[pk].baat_id], per_pk[pk]) for pk in pks if pk in per_pk]

    @functools.cached_property
    def escalaties(self) -> list[Escalatie]:
        return list(
            Escalatie.objects.filter(programma=self.programma).select_related(
                "baat", "gemeld_door", "besluit_door"
            )
        )

    @functools.cached_property
    def suggesties(self) -> dict[str, object]:
        return {
            Parameter.TEMPO.value: realisatie.suggestie_tempo(
                (r.figuren.achterstand for r in self.regels), self.programma.escalatie_drempel
            )
        }

    def signalen(self) -> list[tuple[BaatRegel, realisatie.Signaal]]:
        return [(regel, s) for regel in self.regels for s in regel.signalen]

    def waarschuwingen(self) -> list[tuple[BaatRegel, realisatie.Signaal]]:
        # Automatic signals of criteria section 7 leaves unticked: warnings, not escalations.
        return [(regel, s) for regel in self.regels for s in regel.figuren.waarschuwingen]

    def basis(self) -> dict[str, object]:
        return {"programma": self.programma, "toegang": self.toegang, "vandaag": self.vandaag}


def _plan_baten(programma: Programma, *prefetch: str | Prefetch, volledig: bool = False):
    baten = programma.baten.prefetch_related(*prefetch)
    # The plan page shows no baat's toelichting (its baat page does); the report does.
    return baten if volledig else baten.defer("toelichting")


def _kop(s: Stand) -> dict[str, object]:
    # The attention line counts the signals still open, as the dashboard shows them: one
    # the sponsorgroep or the programme manager handled since the latest meting is not.
    open_ = open_escalaties(signaal_regels(s.regels, s.escalaties), s.escalaties)
    return {"open_signalen": open_.signalen, "achterstallig": s.achterstallig}


def _baten(s: Stand) -> dict[str, object]:
    return {"regels": s.regels}


@dataclass
class CyclusCel:
    doel: CyclusDoel | None  # None: this baat has no target in this cycle
    realisatie: Decimal | realisatie.Onbepaald | None = None
    indicator: str = ""  # only where it differs from the one its row shows
    url: str = ""  # for an editor: change the target, or add one to an empty cell
    eenheid: str = ""  # the baat's unit, shown with a level written as a bare number

    @property
    def tekst(self) -> str:
        """From startniveau to doelniveau, by when, and the indicator where it differs."""
        if self.doel is None:
            return ""
        van, naar = (
            notatie.met_eenheid(t, self.eenheid) if t else "–"
            for t in (self.doel.startniveau_tekst, self.doel.doelniveau_tekst)
        )
        delen = [f"{van} → {naar}"]
        meetmoment = notatie.toon_datumtekst(self.doel.meetmoment_tekst)
        delen += [t for t in (meetmoment, self.indicator) if t]
        return " · ".join(delen)


@dataclass
class CyclusRij:
    regel: BaatRegel
    indicator: str  # the indicator all of this baat's cycle targets share, if they do
    cellen: list[CyclusCel]


def _cycli(s: Stand) -> dict[str, object]:
    """Section 2 as one baat x cycle table (a table per cycle repeated every baat), and as
    the list per cycle the report reads (`cycli`). The cells are composed here: a plan has
    a target per baat and cycle, hundreds of them."""
    per_cyclus: dict[int, list[tuple[CyclusDoel, object]]] = {c.pk: [] for c in s.cycli}
    cellen: dict[tuple[int, int], CyclusCel] = {}
    indicatoren: dict[int, set[str]] = {}
    perioden = {c.pk: notatie.parse_periode(c.periode) for c in s.cycli}
    metingen = {r.baat.pk: realisatie.gemeten_op_volgorde(r.metingen or []) for r in s.regels}
    slug = s.programma.slug
    terug = "terug=plan%23cycli"
    bewerken = s.toegang.mag_bewerken
    wijzig = f"{url_sjabloon('rij_bewerken', slug, 'cyclusdoel')}?{terug}" if bewerken else ""
    nieuw = f"{url_sjabloon('rij_nieuw', slug, 'cyclusdoel', 0)}?cyclus={{}}&baat={{}}&{terug}"
    for doel in s.doelen:
        waarde = realisatie.cyclus_realisatie(
            doel.startniveau,
            doel.doelniveau,
            doel.meetmoment,
            metingen.get(doel.baat_id, []),
            periode=perioden.get(doel.cyclus_id),
            vandaag=s.vandaag,
            op_volgorde=True,
        )
        per_cyclus.setdefault(doel.cyclus_id, []).append((doel, waarde))
        cellen[(doel.baat_id, doel.cyclus_id)] = CyclusCel(
            doel, waarde, doel.indicator, wijzig.format(doel.pk)
        )
        indicatoren.setdefault(doel.baat_id, set()).add(doel.indicator)
    matrix = []
    for regel in s.regels:
        eigen = indicatoren.get(regel.baat.pk, set())
        gedeeld = next(iter(eigen)) if len(eigen) == 1 else ""
        rij = []
        for c in s.cycli:
            cel = cellen.get((regel.baat.pk, c.pk))
            if cel is None:
                cel = CyclusCel(None, url=nieuw.format(c.pk, regel.baat.pk) if bewerken else "")
            elif cel.indicator == gedeeld:
                cel.indicator = ""
            cel.eenheid = regel.baat.eenheid
            rij.append(cel)
        matrix.append(CyclusRij(regel, gedeeld, rij))
    return {
        "cycli": [(c, per_cyclus[c.pk]) for c in s.cycli],
        "cyclusmatrix": matrix,
        "cycluskoppen": s.cycli,
    }


def _roadmap(s: Stand) -> dict[str, object]:
    """Section 3: the planned fase per baat and quarter. The cells are composed here, a
    pattern per kind: a roadmap has hundreds, too many for a template tag each."""
    programma = s.programma
    quarters = range(1, programma.aantal_kwartalen + 1)
    url = url_sjabloon("roadmap_cel", programma.slug, None, 2) if s.toegang.mag_bewerken else ""
    soorten = {fase: (f"fase-{fase.value}", str(fase.label)) for fase in Fase}
    leeg = ("fase-geen", "")
    rijen = []
    for regel in s.regels:
        plan = regel.faseplan
        rijen.append(
            RoadmapRij(
                regel,
                [(k, plan[k].value if k in plan else None) for k in quarters],
                [
                    RoadmapCel(*soorten.get(plan.get(k), leeg), url.format(regel.baat.nummer, k))  # type: ignore[arg-type]
                    if url
                    else RoadmapCel(*soorten.get(plan.get(k), leeg))  # type: ignore[arg-type]
                    for k in quarters
                ],
            )
        )
    return {"kwartalen": kwartalen(programma, s.vandaag), "roadmap": rijen}


# What section 4 shows of a meetmoment.
KORT_VELDEN = (
    "baat",
    "datum_tekst",
    "datum",
    "omschrijving",
    "meting_tekst",
    "verwacht_niveau_tekst",
)


def _details(s: Stand) -> dict[str, object]:
    """Section 4: per baat what the overview shows of its meetmomenten (realisatie.overzicht),
    read in one query for all baten."""
    overzichten = {r.baat.pk: realisatie.overzicht(r.metingen or [], s.vandaag) for r in s.regels}
    kort = {pk: [s.metingdata[pk][i][0] for i in o.posities] for pk, o in overzichten.items()}
    pks = [pk for lijst in kort.values() for pk in lijst]
    getoond: dict[int, list[Meetmoment]] = {}
    for m in meetmomenten_op_pk(pks).only(*KORT_VELDEN):
        getoond.setdefault(m.baat_id, []).append(m)
    for regel in s.regels:
        regel.kort = markeer(getoond.get(regel.baat.pk, []), s.vandaag)
        regel.kort_weg = overzichten[regel.baat.pk].eerdere
    return {"regels": s.regels}


def _afhankelijkheden(s: Stand) -> dict[str, object]:
    return {"afhankelijkheden": _per_rij(s.afhankelijkheden, s.links), "links": s.links}


def _monitoring(s: Stand) -> dict[str, object]:
    stuurparameters = sorted(
        Stuurparameter.objects.filter(programma=s.programma), key=lambda p: p.volgorde
    )
    return {
        "stuurparameters": stuurparameters,
        "ontbrekende_parameters": [
            p for p in Parameter if p not in {sp.parameter for sp in stuurparameters}
        ],
        "suggesties": s.suggesties,
    }


def _escalatie(s: Stand) -> dict[str, object]:
    return {
        "escalaties": s.escalaties,
        "signalen": s.signalen(),
        "waarschuwingen": s.waarschuwingen(),
        "geen_criteria": realisatie.geen_criteria(s.programma.escalatie_criteria()),
        "achterstallig": s.achterstallig,
    }


def _doelen(s: Stand) -> dict[str, object]:
    """The programme's goals (the benefits map), each with the baten that serve it."""
    baten = Prefetch("baten", queryset=Baat.objects.only("pk", "nummer"))
    return {"doelen": list(Doel.objects.filter(programma=s.programma).prefetch_related(baten))}


# Per section of the plan: its builder and what it needs of each baat beyond the figures.
PLAN: dict[str, tuple[Callable[[Stand], dict[str, object]], tuple[str | Prefetch, ...]]] = {
    "kop": (_kop, ()),
    "doelen": (_doelen, ()),
    "baten": (_baten, ("sectoren",)),
    "cycli": (_cycli, ()),
    "roadmap": (_roadmap, ()),
    # As plain lists (to_attr): a related manager per baat and relation costs more than
    # the rows it holds.
    "details": (
        _details,
        (
            Prefetch("risicos", to_attr="risico_lijst"),
            Prefetch(
                "vermogens",
                queryset=Vermogen.objects.only("pk", "omschrijving", "domein"),
                to_attr="vermogen_lijst",
            ),
            Prefetch(
                "inspanningen",
                queryset=Inspanning.objects.only("pk", "omschrijving", "domein", "status"),
                to_attr="inspanning_lijst",
            ),
        ),
    ),
    "afhankelijkheden": (_afhankelijkheden, ()),
    "monitoring": (_monitoring, ()),
    "escalatie": (_escalatie, ()),
}


# What the report reads of each baat through the models besides (regel.faseplan holds the
# roadmap as values too).
RAPPORT = ("risicos", "vermogens", "inspanningen", "roadmap")


def _plan_stand(toegang: Toegang, vandaag: date, *, volledig: bool = False) -> Stand:
    prefetch = [p for _, extra in PLAN.values() for p in extra]
    if volledig:
        prefetch += RAPPORT
    return Stand(toegang, vandaag, _plan_baten(toegang.programma, *prefetch, volledig=volledig))


def _plan(s: Stand) -> dict[str, object]:
    context = s.basis()
    for bouw, _ in PLAN.values():
        context.update(bouw(s))
    return context


def plan(toegang: Toegang, vandaag: date) -> dict[str, object]:
    """The context of the plan page: header and sections 1-7 with their figures."""
    return _plan(_plan_stand(toegang, vandaag))


def plan_sectie(toegang: Toegang, sectie: str, vandaag: date) -> dict[str, object]:
    """One section of the plan page, reading only what it shows."""
    bouw, extra = PLAN[sectie]
    s = Stand(toegang, vandaag, _plan_baten(toegang.programma, *extra))
    return {**s.basis(), **bouw(s)}


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
            if e and not realisatie.nog_afgehandeld(e.afgehandeld_op, laatste):
                e = None
            uitkomst.append(SignaalRegel(regel, signaal, e))
    return uitkomst


@dataclass(frozen=True)
class OpenEscalaties:
    """What waits for the sponsorgroep: the automatic signals nobody handled since the
    latest meting, and the escalations people reported that no besluit ended yet."""

    signalen: list[SignaalRegel]
    gemeld: list[Escalatie]

    def __len__(self) -> int:
        return len(self.signalen) + len(self.gemeld)


def open_escalaties(
    signalen: list[SignaalRegel], escalaties: Iterable[Escalatie]
) -> OpenEscalaties:
    """The one reading of "open" for the plan, the dashboard's report, the portfolio and
    the reminders: `signalen` from signaal_regels, `escalaties` the programme's."""
    return OpenEscalaties(
        [r for r in signalen if r.afhandeling is None],
        [e for e in escalaties if not e.automatisch and not e.afgehandeld],
    )


def open_signaal(
    toegang: Toegang, nummer: int, criterium: str, vandaag: date
) -> SignaalRegel | None:
    """The open automatic signal of this criterion on baat `nummer`, read for that baat
    alone (deelplan: its figures are those of the dashboard), or None."""
    deel = deelplan(toegang, toegang.programma.baten.filter(nummer=nummer), vandaag)
    if not deel.regels:
        return None
    escalaties = list(
        Escalatie.objects.filter(
            programma=toegang.programma, baat=deel.regels[0].baat, automatisch=True
        )
    )
    return next(
        (
            s
            for s in signaal_regels(deel.regels, escalaties)
            if s.signaal.criterium == criterium and s.afhandeling is None
        ),
        None,
    )


def _d_stuurparameters(s: Stand) -> dict[str, object]:
    stuurparameters = sorted(
        Stuurparameter.objects.filter(programma=s.programma).prefetch_related("wijzigingen__door"),
        key=lambda p: p.volgorde,
    )
    return {
        "stuurparameters": stuurparameters,
        "suggesties": s.suggesties,
        "stuurparameters_json": charts.figuur_json(
            charts.stuurparameters(
                [
                    (str(p.get_parameter_display()), p.status, s.suggesties.get(p.parameter))
                    for p in stuurparameters
                ]
            )
        ),
    }


def _d_baten(s: Stand) -> dict[str, object]:
    s.doelen  # the cycle targets on the trajectory charts  # noqa: B018
    return {
        "regels": s.regels,
        "links": s.links,
        "trajecten": {r.baat.pk: r.traject_json(s.vandaag, klein=True) for r in s.regels},
    }


def _d_roadmap(s: Stand) -> dict[str, object]:
    kwartaal_lijst = kwartalen(s.programma, s.vandaag)
    return {
        "kwartalen": kwartaal_lijst,
        "roadmap_json": charts.figuur_json(
            charts.roadmap(
                [(k.nummer, k.label) for k in kwartaal_lijst],
                [
                    charts.RoadmapBaat(
                        r.baat.code,
                        r.baat.naam,
                        r.faseplan,
                        r.figuren.fase,
                    )
                    for r in s.regels
                ],
                vandaag=charts.vandaag_positie(s.programma.eerste_kwartaal(), s.vandaag),
                afhankelijkheden=[(link.baat, link.van, link.conflict) for link in s.links],
            )
        ),
    }


def _d_escalaties(s: Stand) -> dict[str, object]:
    return {
        "signaal_regels": signaal_regels(s.regels, s.escalaties),
        "gemeld": [e for e in s.escalaties if not e.automatisch],
        "escalaties": s.escalaties,
        "waarschuwingen": s.waarschuwingen(),
        "geen_criteria": realisatie.geen_criteria(s.programma.escalatie_criteria()),
        "achterstallig": s.achterstallig,
    }


DASHBOARD: dict[str, Callable[[Stand], dict[str, object]]] = {
    "stuurparameters": _d_stuurparameters,
    "baten": _d_baten,
    "roadmap": _d_roadmap,
    "escalaties": _d_escalaties,
}


def dashboard_pagina(toegang: Toegang, vandaag: date) -> dict[str, object]:
    """The context of the dashboard page: where the programme stands, in ten seconds."""
    s = Stand(toegang, vandaag, toegang.programma.baten.defer("toelichting"))
    context = s.basis()
    for bouw in DASHBOARD.values():
        context.update(bouw(s))
    return context


def dashboard_sectie(toegang: Toegang, sectie: str, vandaag: date) -> dict[str, object]:
    """One section of the dashboard, reading only what it shows."""
    s = Stand(toegang, vandaag, toegang.programma.baten.defer("toelichting"))
    return {**s.basis(), **DASHBOARD[sectie](s)}


def dashboard(toegang: Toegang, vandaag: date) -> dict[str, object]:
    """The whole plan with the dashboard's figures and charts: what the PDF report reads."""
    s = _plan_stand(toegang, vandaag, volledig=True)
    context = _plan(s)
    for bouw in DASHBOARD.values():
        context.update(bouw(s))
    return context


# ---------------------------------------------------------------------------------------
# A baat page, and Mijn baten

# Per section of a baat page: what it needs of the baat beyond its figures.
BAAT: dict[str, tuple[str | Prefetch, ...]] = {
    "kern": ("sectoren", "doelen"),
    "cyclusdoelen": (),
    "vermogens": ("vermogens__baten",),
    "inspanningen": ("inspanningen__baten", "inspanningen__vermogens"),
    "risicos": ("risicos",),
    "meetmomenten": (),
    "afhankelijkheden": (),
}


def baat_pagina(
    toegang: Toegang, baat_nummer: int, vandaag: date, sectie: str | None = None
) -> dict[str, object]:
    """The context of a baat page (or of one of its sections, with the figures beside it):
    section 4 of one baat, with both directions of its dependencies and its cycle targets.
    Read for this baat alone (deelplan): the figures are those of the plan page, at a cost
    that does not grow with the other baten."""
    programma = toegang.programma
    secties = [sectie] if sectie else list(BAAT)
    prefetch = [p for naam in secties for p in BAAT[naam]]
    deel = deelplan(
        toegang,
        programma.baten.filter(nummer=baat_nummer).prefetch_related(*prefetch),
        vandaag,
        voorwaarde_voor=True,
    )
    if not deel.regels:
        return {}
    (regel,) = deel.regels
    context: dict[str, object] = {
        "programma": programma,
        "toegang": toegang,
        "vandaag": vandaag,
        "regel": regel,
        "baat": regel.baat,
        "traject_json": regel.traject_json(vandaag),
    }
    if "meetmomenten" in secties:
        context["meetmomenten"] = markeer(
            list(regel.baat.meetmomenten.select_related("gemeten_door")), vandaag
        )
    if "cyclusdoelen" in secties:
        context["cyclusdoelen"] = [
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
        ]
    context["baat_afhankelijkheden"] = deel.afhankelijkheden
    for naam in BAAT:
        context[f"terug_{naam}"] = str(Terug("baat", naam, baat_nummer))
    return context


def mijn_baten(toegang: Toegang, baten: QuerySet[Baat], vandaag: date) -> list[BaatRegel]:
    """The cards of Mijn baten (or one card after a meting): each baat's figures and the
    meetmomenten still to be measured, each marked overdue or not; nothing of the baten it
    does not show."""
    deel = deelplan(toegang, baten, vandaag)
    open_pks = [
        pk
        for regel in deel.regels
        for pk, m in deel.metingdata.get(regel.baat.pk, [])
        if not m.gemeten
    ]
    # Only the open ones as the baat's meetmomenten: the card lists them and its meting form
    # offers them (forms.MetingForm reads baat.meetmomenten), and years of metingen stay out.
    prefetch_related_objects(
        [regel.baat for regel in deel.regels],
        Prefetch("meetmomenten", queryset=meetmomenten_op_pk(open_pks)),
    )
    for regel in deel.regels:
        regel.open = markeer(list(regel.baat.meetmomenten.all()), vandaag)
    return deel.regels
