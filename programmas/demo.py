"""The demo programme "Klant in Beeld": the template's six baten, filled in.

The metingen are chosen so that the demo shows every state a programme office meets:
B1 on track, B2 more than 20 points behind plan (an escalation signal), B3 an indicator where
lower is better with an overdue meetmoment, B4 a qualitative baat, B5 not yet measured and in
conflict with its dependency on B2, B6 slightly behind.

The dates below are written for a demo loaded in the fourth quarter of 2026 (REFERENTIE).
Loaded on another day, every date moves by the whole number of quarters between that
quarter and today's, so today always falls in Q4 of the six-quarter roadmap and the demo
shows the same signals on every day: month dates stay month dates ("maart 2026" becomes
"juni 2026" one quarter later), and the texts that name a date are written from the moved
date. Only metingen dated in Q3 or earlier are measured, and the overdue meetmoment lies in
Q3, so none of them depends on where in the quarter today falls.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import TypedDict

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from . import notatie
from .geschiedenis import wijzigingsset
from .keuzes import (
    Criterium,
    Domein,
    Fase,
    Frequentie,
    InspanningStatus,
    Kans,
    Parameter,
    Prioriteit,
    Rol,
    Status,
)
from .models import (
    Afhankelijkheid,
    Baat,
    Cyclus,
    CyclusDoel,
    Doel,
    Escalatie,
    Inspanning,
    Lidmaatschap,
    Meetmoment,
    Programma,
    Risico,
    RoadmapFase,
    Sector,
    Stuurparameter,
    StuurparameterWijziging,
    Vermogen,
)
from .realisatie import kwartaal_periode
from .vandaag import vandaag as vandaag_van_de_app

SLUG = "klant-in-beeld"

B, G, T, V = Fase.BASIS, Fase.GROEI, Fase.TARGET, Fase.BORGING  # V: verankeren


@dataclass
class DemoBaat:
    naam: str
    eigenaar: str  # a demo username, or a name/role as text
    sectoren: str
    prioriteit: str
    eenheid: str
    indicator: str
    nulmeting: tuple[str, str, str]  # score, bron, datum
    doel: tuple[str, str]  # target, deadline
    roadmap: list[str | None]
    # (datum, omschrijving, verwacht niveau, meting)
    meetmomenten: list[tuple[str, str, str, str]] = field(default_factory=list)
    risicos: list[tuple[str, str, str, str]] = field(default_factory=list)


BATEN = [
    DemoBaat(
        "Consistente klantbeleving",
        "eigenaar",
        "PO VO ZAK",
        Prioriteit.KRITIEK,
        "score",
        "Klantbelevingsscore (1-10) uit het klantpanel",
        ("6,0", "Klantpanel 2025", "december 2025"),
        ("8,0", "juni 2027"),
        [B, G, G, T, V, V],
        [
            ("maart 2026", "Klantpanel Q1", "6,4", "6,5"),
            ("juni 2026", "Klantpanel Q2", "6,8", "6,9"),
            ("september 2026", "Klantpanel Q3", "7,1", "7,2"),
            ("december 2026", "Klantpanel Q4", "7,4", ""),
        ],
        [
            (
                "Sectoren blijven eigen werkwijzen hanteren",
                Kans.MIDDEN,
                Kans.HOOG,
                "Gezamenlijke klantbelofte vastleggen in sectorplannen",
            ),
        ],
    ),
    DemoBaat(
        "Hogere klanttevredenheid",
        "eigenaar",
        "PO VO",
        Prioriteit.HOOG,
        "NPS",
        "Net Promoter Score, kwartaalmeting",
        ("NPS +5", "Klanttevredenheidsonderzoek 2025", "december 2025"),
        ("NPS +20", "juni 2027"),
        [None, B, G, G, T, T],
        [
            ("juni 2026", "Kwartaalmeting NPS", "NPS +10", "NPS +6"),
            ("september 2026", "Kwartaalmeting NPS", "NPS +13", "NPS +7"),
            ("januari 2027", "Kwartaalmeting NPS", "NPS +16", ""),
        ],
        [
            (
                "Klanten merken verbeteringen pas laat op",
                Kans.HOOG,
                Kans.MIDDEN,
                "Verbeteringen actief terugkoppelen aan klanten",
            ),
            ("Lage respons op enquêtes", Kans.MIDDEN, Kans.MIDDEN, "Korte enquête na elk contact"),
        ],
    ),
    DemoBaat(
        "Efficiëntere klantprocessen",
        "eigenaar",
        "ZAK",
        Prioriteit.HOOG,
        "dagen",
        "Gemiddelde doorlooptijd klachtafhandeling",
        ("14 dagen", "Klachtenregistratie 2025", "januari 2026"),
        ("7 dagen", "maart 2027"),
        [B, B, G, T, V, V],
        [
            ("april 2026", "Doorlooptijd Q1", "12 dagen", "12 dagen"),
            ("juli 2026", "Doorlooptijd Q2", "10 dagen", "11 dagen"),
            ("september 2026", "Doorlooptijd Q3", "9 dagen", ""),
        ],
        [
            (
                "Nieuw klachtensysteem later beschikbaar",
                Kans.MIDDEN,
                Kans.HOOG,
                "Tussenoplossing in huidig systeem",
            ),
        ],
    ),
    DemoBaat(
        "Betere klantinzichten",
        "Manager Data & Analyse",
        "PO VO ZAK",
        Prioriteit.MIDDEN,
        "",
        "Volwassenheid klantbeeld",
        ("Geen integraal klantbeeld", "Interne audit", "januari 2026"),
        ("Integraal klantbeeld voor alle sectoren", "juni 2027"),
        [B, B, G, G, T, T],
        [
            ("september 2026", "Ontwerp klantdatamodel", "Ontwerp gereed", "Ontwerp gereed"),
            ("maart 2027", "Klantbeeld PO en VO", "Klantbeeld PO en VO live", ""),
        ],
        [("Privacy-eisen beperken koppelingen", Kans.HOOG, Kans.HOOG, "DPIA vooraf uitvoeren")],
    ),
    DemoBaat(
        "Sterkere klantrelaties",
        "Sectormanagers PO en VO",
        "PO VO",
        Prioriteit.MIDDEN,
        "%",
        "Aandeel klanten met een actueel accountplan",
        ("35%", "CRM-rapportage", "maart 2026"),
        ("80%", "juni 2027"),
        [None, B, B, G, G, T],
        [("december 2026", "Telling accountplannen", "55%", "")],
        [("Accountmanagers hebben te weinig tijd", Kans.MIDDEN, Kans.MIDDEN, "")],
    ),
    DemoBaat(
        "Outside-in cultuur",
        "Directeur Bedrijfsvoering",
        "PO VO ZAK",
        Prioriteit.HOOG,
        "score",
        "Score 'klantgericht werken' in het medewerkersonderzoek",
        ("5,8", "Medewerkersonderzoek 2025", "november 2025"),
        ("7,5", "juni 2027"),
        [B, B, B, G, G, T],
        [
            ("juni 2026", "Pulsmeting", "6,2", "6,1"),
            ("december 2026", "Medewerkersonderzoek", "6,6", ""),
        ],
    ),
]

CYCLI = [
    # (naam, periode, {baat nummer: (start, doel, indicator, meetmoment)})
    (
        "Fundament",
        "2026 H1",
        {
            1: ("6,0", "6,8", "Klantbelevingsscore", "juni 2026"),
            2: ("NPS +5", "NPS +10", "NPS", "juni 2026"),
            3: ("14 dagen", "11 dagen", "Doorlooptijd klachten", "juni 2026"),
        },
    ),
    (
        "Groei",
        "2026 H2",
        {
            1: ("6,8", "7,4", "Klantbelevingsscore", "december 2026"),
            2: ("NPS +10", "NPS +15", "NPS", "december 2026"),
            3: ("11 dagen", "9 dagen", "Doorlooptijd klachten", "december 2026"),
        },
    ),
    (
        "Verankering",
        "2027 H1",
        {
            1: ("7,4", "8,0", "Klantbelevingsscore", "juni 2027"),
            2: ("NPS +15", "NPS +20", "NPS", "juni 2027"),
            3: ("9 dagen", "7 dagen", "Doorlooptijd klachten", "maart 2027"),
        },
    ),
]

VERMOGENS = [
    # (omschrijving, baten, domein)
    ("Eenduidig klantcontactmodel voor alle sectoren", [1, 2], Domein.PROCES),
    ("Klantdata op orde en toegankelijk", [1, 4], Domein.SYSTEEM),
    ("Procesregie over de klantketen", [3], Domein.PROCES),
    ("Klantgerichte competenties van medewerkers", [5, 6], Domein.MENS),
    # The benefits map's story: B2 lags although the contact centre is finished; what it
    # still needs, acting on what customers say, no inspanning builds yet (issue 17).
    ("Klantfeedback structureel benutten", [2], Domein.CULTUUR),
]

INSPANNINGEN = [
    # (omschrijving, baten, vermogens by index, domein, status)
    (
        "Project Klantcontactcentrum",
        [1, 2, 3],
        [0, 2],
        Domein.PROCES,
        InspanningStatus.AFGEROND,
    ),
    ("Implementatie CRM-systeem", [4, 5], [1], Domein.SYSTEEM, InspanningStatus.LOPEND),
    ("Lean-verbetering klachtafhandeling", [3], [2], Domein.PROCES, InspanningStatus.LOPEND),
    ("Leertraject outside-in werken", [6, 5], [3], Domein.CULTUUR, InspanningStatus.LOPEND),
]

DOELEN = [
    # (naam, omschrijving, baten)
    (
        "De klant ervaart één organisatie",
        "Elke klant, in PO, VO of zakelijk, krijgt overal dezelfde belofte en hetzelfde antwoord.",
        [1, 2, 5],
    ),
    (
        "Efficiënte dienstverlening op feiten",
        "Minder doorlooptijd en herhaalcontact, gestuurd op klantdata.",
        [3, 4],
    ),
    (
        "Outside-in werkende organisatie",
        "Medewerkers denken vanuit de klant en leren van wat klanten zeggen.",
        [5, 6],
    ),
]

STUURPARAMETERS = {
    Parameter.DOELTREFFENDHEID: (Status.GEEL, "B2 blijft achter: extra klantacties inzetten"),
    Parameter.TEMPO: (Status.ROOD, "Planning B2 en B5 herzien met de baateigenaren"),
    Parameter.HAALBAARHEID: (Status.GROEN, ""),
    Parameter.WENDBAARHEID: (Status.GROEN, ""),
    Parameter.EFFICIENTIE: (Status.GEEL, "Capaciteit data-team bespreken in sponsorgroep"),
}

# The status changes of earlier reports: (from, to, why, when).
HISTORIE = {
    Parameter.TEMPO: [
        ("", Status.GROEN, "Start programma", date(2026, 1, 15)),
        (
            Status.GROEN,
            Status.GEEL,
            "B2 blijft achter bij de eerste kwartaalmeting",
            date(2026, 7, 10),
        ),
        (Status.GEEL, Status.ROOD, "B2 loopt meer dan 20 punten achter", date(2026, 11, 5)),
    ],
    Parameter.DOELTREFFENDHEID: [
        ("", Status.GROEN, "Start programma", date(2026, 1, 15)),
        (Status.GROEN, Status.GEEL, "Klanttevredenheid stijgt te langzaam", date(2026, 11, 5)),
    ],
}

# The day the dates above are written for: the demo's Q1 is 2026 Q1, so this day lies in Q4.
REFERENTIE = date(2026, 12, 1)


@dataclass(frozen=True)
class DemoKalender:
    """The demo's dates moved by whole quarters to the day it is loaded."""

    vandaag: date
    kwartalen: int  # how many quarters every date moves; 0 in the fourth quarter of 2026

    @classmethod
    def voor(cls, vandaag: date) -> DemoKalender:
        jaar, kwartaal = notatie.kwartaal_van(vandaag)
        ref_jaar, ref_kwartaal = notatie.kwartaal_van(REFERENTIE)
        return cls(vandaag, (jaar - ref_jaar) * 4 + kwartaal - ref_kwartaal)

    def dag(self, d: date) -> date:
        """The same day of the month, 3 × kwartalen months on (the demo's days are <= 28)."""
        maanden = d.year * 12 + d.month - 1 + 3 * self.kwartalen
        return d.replace(year=maanden // 12, month=maanden % 12 + 1)

    def gebeurd(self, d: date) -> date:
        """A day something already happened (a status change, a report): never after today."""
        return min(self.dag(d), self.vandaag)

    def maand(self, tekst: str) -> str:
        """A month date such as "maart 2026", moved: "juni 2026" one quarter later."""
        d = notatie.parse_datum(tekst)
        assert d is not None, tekst
        return notatie.format_maand(self.dag(d.replace(day=1)))

    def jaar(self, tekst: str, van: str) -> str:
        """A text naming the year of month date `van` ("Klantpanel 2025"), with the year
        that date has after the move."""
        oud = notatie.parse_datum(van)
        nieuw = notatie.parse_datum(self.maand(van))
        assert oud is not None and nieuw is not None
        return tekst.replace(str(oud.year), str(nieuw.year))

    def halfjaar(self, tekst: str) -> str:
        """A cycle period "2026 H1" moved; a half year no longer on a half-year boundary is
        written as its two quarters: "Q2 2026 - Q3 2026"."""
        periode = notatie.parse_periode(tekst)
        assert periode is not None, tekst
        van, tot = self.dag(periode[0]), self.dag(periode[1].replace(day=1))
        if van.month in (1, 7):
            return f"{van.year} H{1 if van.month == 1 else 2}"
        (_j, q_van), (_k, q_tot) = notatie.kwartaal_van(van), notatie.kwartaal_van(tot)
        return f"Q{q_van} {van.year} - Q{q_tot} {tot.year}"

    @property
    def start(self) -> tuple[int, int]:
        """The calendar quarter of the roadmap's Q1 (year, quarter)."""
        return notatie.kwartaal_van(self.dag(date(2026, 1, 1)))

    def samenvatting(self) -> list[str]:
        """The dates chosen, for `loaddemo` to print."""
        jaar, kwartaal = self.start
        eind_jaar, eind_kwartaal = notatie.kwartaal_van(self.dag(date(2027, 4, 1)))
        metingen = [notatie.parse_datum(self.maand(m[0])) for b in BATEN for m in b.meetmomenten]
        nulmetingen = [notatie.parse_datum(self.maand(b.nulmeting[2])) for b in BATEN]
        return [
            _(
                "Vandaag: %(dag)s %(maand)s (kwartaal Q4 van de roadmap; de data zijn "
                "%(n)s kwartalen verschoven ten opzichte van 2026)."
            )
            % {
                "dag": self.vandaag.day,
                "maand": notatie.format_maand(self.vandaag),
                "n": self.kwartalen,
            },
            _("Roadmap: Q1 = Q%(q)s %(jaar)s tot en met Q6 = Q%(eind_q)s %(eind_jaar)s.")
            % {"q": kwartaal, "jaar": jaar, "eind_q": eind_kwartaal, "eind_jaar": eind_jaar},
            _("Nulmetingen: %(van)s tot en met %(tot)s.")
            % {
                "van": notatie.format_maand(min(filter(None, nulmetingen))),
                "tot": notatie.format_maand(max(filter(None, nulmetingen))),
            },
            _("Meetmomenten: %(van)s tot en met %(tot)s.")
            % {
                "van": notatie.format_maand(min(filter(None, metingen))),
                "tot": notatie.format_maand(max(filter(None, metingen))),
            },
            _("Cycli: %(cycli)s.")
            % {"cycli": ", ".join(self.halfjaar(periode) for _n, periode, _c in CYCLI)},
        ]


USERS = [
    ("pm", "Petra", "Mulder", Rol.PROGRAMMAMANAGER),
    ("eigenaar", "Erik", "de Eigenaar", Rol.BAATEIGENAAR),
    ("sponsor", "Sanne", "Sponsor", Rol.SPONSORGROEP),
]


# The site administrator of the demo: the Django admin, no membership.
BEHEERDER = "beheerder"


@transaction.atomic
# The demo arrives as one change in the history, not one per row.
@wijzigingsset("demo geladen")
def load_demo(password: str, vandaag: date | None = None) -> tuple[list[str], bool]:
    """Create what is missing of the demo users and programme; never change what exists.

    The programme's dates are those of DemoKalender.voor(vandaag), today by default.
    Returns the usernames created and whether the programme was created.
    """
    k = DemoKalender.voor(vandaag or vandaag_van_de_app())
    User = get_user_model()
    users = {}
    created_users = []
    for username, first, last in [(u, f, la) for u, f, la, _rol in USERS] + [
        (BEHEERDER, "Bea", "Beheerder")
    ]:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                # Reserved for examples (RFC 2606): reminders go to the console in development.
                "email": f"{username}@example.org",
                "is_staff": username == BEHEERDER,
                "is_superuser": username == BEHEERDER,
            },
        )
        if created:
            user.set_password(password)
            user.save(update_fields=["password"])
            created_users.append(username)
        users[username] = user
    if Programma.objects.filter(slug=SLUG).exists():
        return created_users, False

    programma = Programma.objects.create(
        naam="Klant in Beeld",
        slug=SLUG,
        versie="1.2",
        datum_tekst=notatie.format_maand(k.gebeurd(date(2026, 11, 1))),
        opsteller="Programmabureau Klant in Beeld",
        thema="Sturen (H17-H22 Werken aan Programma's)",
        kernprincipe="P1 - Visie & doelen > inspanningen",
        start_jaar=k.start[0],
        start_kwartaal=k.start[1],
        aantal_kwartalen=6,
        rapportage_frequentie=Frequentie.PER_KWARTAAL,
        toelichting_baten=(
            "Baten vastgesteld door de sponsorgroep op "
            f"{k.dag(date(2026, 1, 12)).day} {notatie.format_maand(k.dag(date(2026, 1, 12)))}."
        ),
    )
    for username, _first, _last, rol in USERS:
        Lidmaatschap.objects.create(programma=programma, user=users[username], rol=rol)
    sectoren = {
        code: Sector.objects.create(programma=programma, code=code, naam=naam, volgorde=i)
        for i, (code, naam) in enumerate(
            [("PO", "Primair onderwijs"), ("VO", "Voortgezet onderwijs"), ("ZAK", "Zakelijk")]
        )
    }

    baten: dict[int, Baat] = {}
    for nummer, d in enumerate(BATEN, start=1):
        baat = Baat.objects.create(
            programma=programma,
            nummer=nummer,
            naam=d.naam,
            eigenaar=users.get(d.eigenaar),
            eigenaar_naam="" if d.eigenaar in users else d.eigenaar,
            prioriteit=d.prioriteit,
            eenheid=d.eenheid,
            indicator=d.indicator,
            nulmeting_tekst=d.nulmeting[0],
            nulmeting_bron=k.jaar(d.nulmeting[1], d.nulmeting[2]),
            nulmeting_datum_tekst=k.maand(d.nulmeting[2]),
            target_tekst=d.doel[0],
            deadline_tekst=k.maand(d.doel[1]),
        )
        baat.sectoren.set([sectoren[code] for code in d.sectoren.split()])
        for kwartaal, fase in enumerate(d.roadmap, start=1):
            if fase:
                RoadmapFase.objects.create(baat=baat, kwartaal=kwartaal, fase=fase)
        for datum, omschrijving, verwacht, meting in d.meetmomenten:
            Meetmoment.objects.create(
                baat=baat,
                datum_tekst=k.maand(datum),
                omschrijving=omschrijving,
                verwacht_niveau_tekst=verwacht,
                meting_tekst=meting,
                gemeten_door=users[d.eigenaar] if meting and d.eigenaar in users else None,
            )
        for volgorde, (omschrijving, kans, impact, mitigatie) in enumerate(d.risicos):
            Risico.objects.create(
                baat=baat,
                omschrijving=omschrijving,
                kans=kans,
                impact=impact,
                mitigatie=mitigatie,
                volgorde=volgorde,
            )
        baten[nummer] = baat

    for nummer, (naam, periode, doelen) in enumerate(CYCLI, start=1):
        cyclus = Cyclus.objects.create(
            programma=programma, nummer=nummer, naam=naam, periode=k.halfjaar(periode)
        )
        for baat_nummer, (start, doel, indicator, meetmoment) in doelen.items():
            CyclusDoel.objects.create(
                cyclus=cyclus,
                baat=baten[baat_nummer],
                startniveau_tekst=start,
                doelniveau_tekst=doel,
                indicator=indicator,
                meetmoment_tekst=k.maand(meetmoment),
            )

    vermogens = []
    for volgorde, (omschrijving, nummers, domein) in enumerate(VERMOGENS):
        vermogen = Vermogen.objects.create(
            programma=programma, omschrijving=omschrijving, volgorde=volgorde, domein=domein
        )
        vermogen.baten.set([baten[n] for n in nummers])
        vermogens.append(vermogen)
    for volgorde, (omschrijving, nummers, vermogen_indexen, domein, status) in enumerate(
        INSPANNINGEN
    ):
        inspanning = Inspanning.objects.create(
            programma=programma,
            omschrijving=omschrijving,
            volgorde=volgorde,
            domein=domein,
            status=status,
        )
        inspanning.baten.set([baten[n] for n in nummers])
        inspanning.vermogens.set([vermogens[i] for i in vermogen_indexen])
    for nummer, (naam, omschrijving, nummers) in enumerate(DOELEN, start=1):
        doel = Doel.objects.create(
            programma=programma, nummer=nummer, naam=naam, omschrijving=omschrijving
        )
        doel.baten.set([baten[n] for n in nummers])

    b2_op_b1 = Afhankelijkheid.objects.create(
        baat=baten[2],
        type="Inhoudelijk",
        drempel=Decimal(50),
        impact_op_planning="B1 moet eerst op 50% zijn",
    )
    b2_op_b1.zet_van([baten[1]])
    b5_op_b2 = Afhankelijkheid.objects.create(
        baat=baten[5],
        type="Planning",
        drempel=Decimal(30),
        impact_op_planning="Accountplannen pas na verbeterde tevredenheid (B2 op 30%)",
        volgorde=1,
    )
    b5_op_b2.zet_van([baten[2]])
    Afhankelijkheid.objects.create(
        baat=baten[4],
        extern="Aanbesteding CRM-systeem",
        type="Middelen",
        impact_op_planning="Zonder CRM geen integraal klantbeeld",
        volgorde=2,
    )

    for parameter, (status, actie) in STUURPARAMETERS.items():
        stuurparameter = Stuurparameter.objects.create(
            programma=programma, parameter=parameter, norm="Groen", status=status, actie=actie
        )
        for oud, nieuw, toelichting, op in HISTORIE.get(parameter, []):
            StuurparameterWijziging.objects.create(
                stuurparameter=stuurparameter,
                status_oud=oud,
                status=nieuw,
                toelichting=toelichting,
                door=users["pm"],
                op=datetime.combine(k.gebeurd(op), time(12), tzinfo=UTC),
            )
    Escalatie.objects.create(
        programma=programma,
        baat=baten[4],
        criterium=Criterium.EXTERNE_FACTOR,
        omschrijving="De aanbesteding van het CRM-systeem loopt drie maanden vertraging op.",
        datum=k.gebeurd(date(2026, 10, 15)),
        gemeld_door=users["pm"],
    )
    return created_users, True


LANG = (
    "Deze toelichting is met opzet lang, zoals programmabureaus ze schrijven: wat de baat "
    "oplevert, voor wie, welke aannames eronder liggen en wat er gebeurt als die niet uitkomen. "
)


@transaction.atomic
def load_groot(
    slug: str,
    *,
    baten: int = 40,
    cycli: int = 8,
    kwartalen: int = 12,
    metingen: int = 2000,
    lange_teksten: bool = True,
) -> Programma:
    """A programme of a given size, for the PDF's page-break tests and the benchmark.

    Metingen are spread evenly over the baten and over the quarters; every baat has a
    roadmap, risks, vermogens, inspanningen and cycle targets, and every second baat depends
    on the one before it, so each figure and chart has work to do.
    """
    tekst = LANG * 3 if lange_teksten else ""
    # Who entered the metingen and changed the statuses, as in a programme in use.
    invoerder = get_user_model().objects.get_or_create(username="invoerder")[0]
    programma = Programma.objects.create(
        naam=f"Programma {slug}",
        slug=slug,
        versie="2.0",
        datum_tekst="november 2026",
        opsteller="Programmabureau",
        start_jaar=2025,
        start_kwartaal=1,
        aantal_kwartalen=kwartalen,
        rapportage_frequentie=Frequentie.PER_KWARTAAL,
        toelichting_baten=tekst,
    )
    for i, code in enumerate(["PO", "VO", "ZAK"]):
        Sector.objects.create(programma=programma, code=code, volgorde=i)
    sectoren = list(programma.sectoren.all())
    start = date(2025, 1, 1)
    eind = kwartaal_periode(2025, 1, kwartalen)[1]
    dagen = (eind - start).days
    rijen = []
    for n in range(1, baten + 1):
        rijen.append(
            Baat(
                programma=programma,
                nummer=n,
                naam=f"Baat {n}: betere dienstverlening in keten {n}",
                eigenaar_naam=f"Eigenaar {n}",
                prioriteit=[Prioriteit.KRITIEK, Prioriteit.HOOG, Prioriteit.MIDDEN][n % 3],
                eenheid="score",
                indicator=f"Klantscore keten {n}",
                nulmeting_tekst="5,0",
                nulmeting_bron="Nulmeting 2024",
                nulmeting_datum_tekst="december 2024",
                target_tekst="8,0" if n % 5 else "3,0",
                deadline_tekst=f"{eind.day}-{eind.month}-{eind.year}",
                toelichting=tekst,
            )
        )
    for baat in rijen:
        baat.vul_afgeleiden()
    Baat.objects.bulk_create(rijen)
    alle = list(programma.baten.order_by("nummer"))
    for baat in alle:
        baat.sectoren.set(sectoren[: 1 + baat.nummer % 3])
    fases = list(Fase)
    RoadmapFase.objects.bulk_create(
        RoadmapFase(baat=b, kwartaal=k, fase=fases[min(3, (k - 1) * 4 // kwartalen)])
        for b in alle
        for k in range(1, kwartalen + 1)
    )
    per_baat = max(1, metingen // max(1, baten))
    momenten = []
    for b in alle:
        doel = b.target
        for i in range(per_baat):
            dag = start + timedelta(days=dagen * (i + 1) // (per_baat + 1))
            aandeel = Decimal(i + 1) / Decimal(per_baat + 1)
            verwacht = b.nulmeting + (doel - b.nulmeting) * aandeel
            gemeten = dag < date(2026, 11, 1)
            momenten.append(
                Meetmoment(
                    baat=b,
                    datum_tekst=f"{dag.day}-{dag.month}-{dag.year}",
                    verwacht_niveau_tekst=notatie.format_getal(verwacht.quantize(Decimal("0.01"))),
                    meting_tekst=notatie.format_getal(
                        (verwacht - Decimal("0.3") * (b.nummer % 4)).quantize(Decimal("0.01"))
                    )
                    if gemeten
                    else "",
                    # A note now and then, as people add them to a meting.
                    toelichting=tekst[:200] if i % 10 == 0 else "",
                    gemeten_door=invoerder if gemeten else None,
                )
            )
    for m in momenten:
        m.vul_afgeleiden()
    Meetmoment.objects.bulk_create(momenten, batch_size=500)
    Risico.objects.bulk_create(
        Risico(
            baat=b,
            omschrijving=f"Risico {r} voor {b.code}: {tekst[:120]}",
            kans=Kans.MIDDEN,
            impact=Kans.HOOG,
            mitigatie=tekst[:300],
            volgorde=r,
        )
        for b in alle
        for r in range(2)
    )
    for c in range(1, cycli + 1):
        cyclus = Cyclus.objects.create(
            programma=programma, nummer=c, naam=f"Cyclus {c}", periode=f"Q{(c - 1) % 4 + 1} 2026"
        )
        doelen = [
            CyclusDoel(
                cyclus=cyclus,
                baat=b,
                startniveau_tekst="5,0",
                doelniveau_tekst="6,0",
                indicator=b.indicator,
                meetmoment_tekst="december 2026",
            )
            for b in alle
        ]
        for d in doelen:
            d.vul_afgeleiden()
        CyclusDoel.objects.bulk_create(doelen)
    domeinen = list(Domein)
    for i in range(max(1, baten // 4)):
        vermogen = Vermogen.objects.create(
            programma=programma, omschrijving=f"Vermogen {i + 1}", domein=domeinen[i % 4]
        )
        vermogen.baten.set(alle[i * 4 : i * 4 + 4])
        inspanning = Inspanning.objects.create(
            programma=programma,
            omschrijving=f"Inspanning {i + 1}",
            domein=domeinen[(i + 1) % 4],
            status=InspanningStatus.LOPEND,
        )
        inspanning.baten.set(alle[i * 4 : i * 4 + 4])
        inspanning.vermogens.set([vermogen])
    for i in range(max(1, baten // 10)):
        doel = Doel.objects.create(programma=programma, nummer=i + 1, naam=f"Doel {i + 1}")
        doel.baten.set(alle[i * 10 : i * 10 + 10])
    for b in alle[1::2]:
        afhankelijkheid = Afhankelijkheid.objects.create(
            baat=b, type="Inhoudelijk", drempel=Decimal(50), impact_op_planning=tekst[:150]
        )
        afhankelijkheid.zet_van([alle[b.nummer - 2]])
    for parameter in Parameter:
        stuurparameter = Stuurparameter.objects.create(
            programma=programma, parameter=parameter, status=Status.GEEL, actie=tekst[:100]
        )
        StuurparameterWijziging.objects.create(
            stuurparameter=stuurparameter,
            status_oud=Status.GROEN,
            status=Status.GEEL,
            toelichting=tekst[:100],
            door=invoerder,
        )
    Escalatie.objects.create(
        programma=programma,
        baat=alle[0],
        criterium=Criterium.EXTERNE_FACTOR,
        omschrijving=tekst[:200],
        datum=date(2026, 10, 1),
    )
    return programma


class Maat(TypedDict):
    baten: int
    cycli: int
    kwartalen: int
    metingen: int


# The benchmark's sizes beyond the demo (its S): bench/bench.py measures them, and the tests
# of what a page or an import costs at size M build the same programme.
MATEN: dict[str, Maat] = {
    "M": {"baten": 40, "cycli": 8, "kwartalen": 12, "metingen": 2000},
    "L": {"baten": 150, "cycli": 12, "kwartalen": 24, "metingen": 20000},
}


def load_maat(maat: str, slug: str, *, lange_teksten: bool = True) -> Programma:
    """A programme of the benchmark's size `maat` ("M" or "L"), with the demo's pm and
    eigenaar as its members (met_demo_leden)."""
    return met_demo_leden(load_groot(slug, **MATEN[maat], lange_teksten=lange_teksten))


def met_demo_leden(programma: Programma) -> Programma:
    """`programma` with the demo's pm as its programme manager and its eigenaar as the owner
    of B1-B3, as in the demo: the benchmark and the query tests visit it as those two."""
    gebruikers = get_user_model().objects
    pm = gebruikers.get_or_create(username="pm")[0]
    eigenaar = gebruikers.get_or_create(username="eigenaar")[0]
    Lidmaatschap.objects.create(programma=programma, user=pm, rol=Rol.PROGRAMMAMANAGER)
    Lidmaatschap.objects.create(programma=programma, user=eigenaar, rol=Rol.BAATEIGENAAR)
    programma.baten.filter(nummer__lte=3).update(eigenaar=eigenaar, eigenaar_naam="")
    return programma
