"""What the plan and baat pages show: the stored plan with its figures beside it.

Each page's data are read in a fixed number of queries, whatever the number of baten, and
the figures are computed once per request (Programma.figuren).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch, QuerySet
from django.urls import reverse

from . import realisatie
from .keuzes import Parameter, Rol
from .models import (
    Afhankelijkheid,
    Baat,
    Cyclus,
    CyclusDoel,
    Escalatie,
    Lidmaatschap,
    Programma,
    Stuurparameter,
)


@dataclass
class Toegang:
    """Who is asking, in which role: the one place that says who may do what (domain.md)."""

    programma: Programma
    lid: Lidmaatschap

    @property
    def rol(self) -> str:
        return self.lid.rol

    @property
    def is_pm(self) -> bool:
        return self.lid.rol == Rol.PROGRAMMAMANAGER

    @property
    def mag_bewerken(self) -> bool:
        """Edit every section of the plan and manage its members."""
        return self.is_pm

    def mag_metingen(self, baat: Baat) -> bool:
        """Enter and correct metingen, and update risks, of this baat."""
        return self.is_pm or (
            self.lid.rol == Rol.BAATEIGENAAR and baat.eigenaar_id == self.lid.user_id
        )

    def eigen_baten(self) -> QuerySet[Baat]:
        """The baten whose metingen and risks this member may change."""
        baten = self.programma.baten.all()
        if self.is_pm:
            return baten
        if self.lid.rol == Rol.BAATEIGENAAR:
            return baten.filter(eigenaar_id=self.lid.user_id)
        return baten.none()


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

    @property
    def signalen(self) -> tuple[realisatie.Signaal, ...]:
        return self.figuren.signalen


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
    return (
        programma.baten.met_figuurdata()
        .select_related("eigenaar")
        .prefetch_related(
            "sectoren",
            "risicos",
            "meetmomenten__gemeten_door",
            "vermogens__baten",
            "inspanningen__baten",
            "inspanningen__vermogens",
        )
    )


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


def plan(toegang: Toegang, vandaag: date) -> dict[str, object]:
    """The context of the plan page: header and sections 1-7 with their figures."""
    programma = toegang.programma
    baten = list(baten_query(programma))
    afhankelijkheden = list(
        Afhankelijkheid.objects.filter(baat__programma=programma)
        .met_figuurdata()
        .order_by("baat__nummer", "volgorde", "pk")
    )
    figuren, links = programma.figuren(vandaag, baten, afhankelijkheden)
    regels = [BaatRegel(b, figuren[b.code], mag_metingen=toegang.mag_metingen(b)) for b in baten]
    per_code = {regel.baat.code: regel for regel in regels}
    for link in links:
        per_code[link.baat].afhankelijk_van.append(link)
        per_code[link.van].voorwaarde_voor.append(link)
    links_per_afhankelijkheid = {
        a.pk: [link for link in links if link.baat == a.baat.code] for a in afhankelijkheden
    }

    cycli = Cyclus.objects.filter(programma=programma).prefetch_related(
        Prefetch("doelen", queryset=CyclusDoel.objects.select_related("baat"))
    )
    meetmomenten = {b.pk: [m.figuurdata() for m in b.meetmomenten.all()] for b in baten}
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
                    ),
                )
                for doel in cyclus.doelen.all()
            ],
        )
        for cyclus in cycli
    ]

    stuurparameters = sorted(
        Stuurparameter.objects.filter(programma=programma), key=lambda s: s.volgorde
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
                [
                    (k, next((c.fase for c in regel.baat.roadmap.all() if c.kwartaal == k), None))
                    for k in range(1, programma.aantal_kwartalen + 1)
                ],
            )
            for regel in regels
        ],
        "afhankelijkheden": [(a, links_per_afhankelijkheid[a.pk]) for a in afhankelijkheden],
        "stuurparameters": stuurparameters,
        "ontbrekende_parameters": [
            p for p in Parameter if p not in {s.parameter for s in stuurparameters}
        ],
        "suggesties": {Parameter.TEMPO.value: suggestie_tempo},
        "escalaties": list(
            Escalatie.objects.filter(programma=programma).select_related("baat", "gemeld_door")
        ),
        "signalen": [(regel, s) for regel in regels for s in regel.signalen],
        "achterstallig": [
            (regel, m)
            for regel in regels
            for m in regel.baat.meetmomenten.all()
            if m.is_achterstallig(vandaag)
        ],
    }


def baat_pagina(toegang: Toegang, baat_nummer: int, vandaag: date) -> dict[str, object]:
    """The context of a baat page: section 4 of one baat, with both directions of its
    dependencies and its cycle targets."""
    context = plan(toegang, vandaag)
    regel = next(
        (r for r in context["regels"] if r.baat.nummer == baat_nummer),  # type: ignore[attr-defined]
        None,
    )
    if regel is None:
        return {}
    context["regel"] = regel
    context["baat"] = regel.baat
    context["cyclusdoelen"] = [
        (cyclus, doel, waarde)
        for cyclus, doelen in context["cycli"]  # type: ignore[attr-defined]
        for doel, waarde in doelen
        if doel.baat_id == regel.baat.pk
    ]
    context["baat_afhankelijkheden"] = [
        (a, links)
        for a, links in context["afhankelijkheden"]  # type: ignore[attr-defined]
        if a.baat_id == regel.baat.pk or any(link.van == regel.baat.code for link in links)
    ]
    for sectie in PAGINA_SECTIES["baat"]:
        context[f"terug_{sectie}"] = str(Terug("baat", sectie, baat_nummer))
    return context
