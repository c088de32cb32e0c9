"""The figures of the plan (domain rules 1-7), as pure functions of numbers and dates.

Nothing here reads the database: callers pass the numbers that notatie.parse_getal found in
the levels as written, and None where a level has no number. A figure that cannot be computed
says why (Onbepaald) instead of showing a made-up 0 % or 100 % (domain rule 0).
"""

import re
from bisect import bisect_right
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import NamedTuple

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, override

from programmas.keuzes import Criterium, Fase, Status
from programmas.notatie import toon_getal

_HONDERD = Decimal(100)


class Onbepaald(StrEnum):
    """Why a figure has no value. The value is the Dutch word, compared and kept as is;
    `label` is the word a reader sees, in the reader's language."""

    KWALITATIEF = "kwalitatief"  # a level it needs has no number
    NOG_NIET_GEMETEN = "nog niet gemeten"  # no meting yet
    GEEN_DOEL = "geen doel"  # target missing or equal to the baseline
    NOG_NIET_GESTART = "nog niet gestart"  # a cycle whose period has not begun

    @property
    def label(self) -> str:
        return str(_LABELS[self])


def realisatie(
    nulmeting: Decimal | None,
    doel: Decimal | None,
    meting: Decimal | None,
    *,
    gemeten: bool = True,
) -> Decimal | Onbepaald:
    """Rule 1: how far the meting has come from the nulmeting towards the doel, in %.

    Unclamped and unrounded: 0 at the baseline, 100 at the target, below 0 when things got
    worse and above 100 past the target; a display rounds and may clamp. It works the same
    when lower is better (doel below nulmeting). Per cycle, pass startniveau and doelniveau.

    ``gemeten=False`` says there is no meting yet (NOG_NIET_GEMETEN, whatever ``meting``
    holds); a meting that was taken but has no number ("Ontwerp gereed") is KWALITATIEF.
    """
    if nulmeting is None or doel is None:
        return Onbepaald.KWALITATIEF
    if doel == nulmeting:
        return Onbepaald.GEEN_DOEL
    if not gemeten:
        return Onbepaald.NOG_NIET_GEMETEN
    if meting is None:
        return Onbepaald.KWALITATIEF
    # Multiplying before dividing keeps the baseline and target exactly at 0 and 100.
    uitkomst = _HONDERD * (meting - nulmeting) / (doel - nulmeting)
    # 0 / negative is Decimal("-0"), which a display would show as "-0".
    return abs(uitkomst) if uitkomst.is_zero() else uitkomst


@dataclass(frozen=True)
class Punt:
    """A level planned or measured on a date: one point of the trajectory of rule 2."""

    datum: date
    niveau: Decimal


def trajectpunten(
    nulmeting: Punt | None,
    meetmomenten: Iterable[Punt],
    doel: Punt | None,
) -> list[Punt]:
    """Rule 2: the points the verwacht niveau runs through, in date order.

    Callers leave out every point whose level has no number (or whose date is unknown); a
    qualitative level cannot be interpolated. On equal dates the nulmeting comes first and
    the doel last; of several meetmomenten on one date only the later-listed one is kept,
    since it is the plan's latest word on that date. A meetmoment after the deadline does
    not move the line: from the deadline on the plan expects the target (rule 2).
    """
    per_datum = {
        punt.datum: punt for punt in meetmomenten if doel is None or punt.datum <= doel.datum
    }
    gerangschikt = [(punt.datum, 1, punt) for punt in per_datum.values()]
    if nulmeting is not None:
        gerangschikt.append((nulmeting.datum, 0, nulmeting))
    if doel is not None:
        gerangschikt.append((doel.datum, 2, doel))
    return [punt for _, _, punt in sorted(gerangschikt, key=lambda item: item[:2])]


def verwacht_niveau(
    punten: Sequence[Punt], op: date, *, nulmeting: Decimal | None = None
) -> Decimal | Onbepaald:
    """Rule 2: the level the plan expects on a date, linear by days between the points.

    ``punten`` as trajectpunten returns them (so nothing after the deadline). Before the
    first point it is the baseline: ``nulmeting``, the nulmeting score, even when the
    nulmeting has no date and the first point is a meetmoment; without it, the first level.
    From the last point on it is the last level, the target where the deadline is known.
    Where several points share a date, that date gets the last of them: the level the plan
    expects by the end of the day.
    """
    if not punten:
        return Onbepaald.KWALITATIEF
    if op < punten[0].datum:
        return punten[0].niveau if nulmeting is None else nulmeting
    index = bisect_right(punten, op, key=lambda punt: punt.datum) - 1
    vorig = punten[index]
    if vorig.datum == op or index == len(punten) - 1:
        return vorig.niveau
    volgend = punten[index + 1]
    verstreken = Decimal((op - vorig.datum).days)
    totaal = Decimal((volgend.datum - vorig.datum).days)
    return vorig.niveau + (volgend.niveau - vorig.niveau) * verstreken / totaal


def verwachte_realisatie(
    punten: Sequence[Punt],
    op: date,
    nulmeting: Decimal | None,
    doel: Decimal | None,
) -> Decimal | Onbepaald:
    """The realisatie (rule 1) the plan expects on a date: that of verwacht_niveau."""
    niveau = verwacht_niveau(punten, op, nulmeting=nulmeting)
    if isinstance(niveau, Onbepaald):
        # Let realisatie say why, so a missing doel reads the same as for the actual figure.
        return realisatie(nulmeting, doel, None)
    return realisatie(nulmeting, doel, niveau)


def achterstand(
    verwacht: Decimal | Onbepaald,
    actueel: Decimal | Onbepaald,
) -> Decimal | Onbepaald:
    """Rule 3: verwachte minus actuele realisatie, in percentage points.

    Positive means behind plan. Without an actual figure the reason for that comes first
    ("nog niet gemeten" tells the owner what to do).
    """
    if isinstance(actueel, Onbepaald):
        return actueel
    if isinstance(verwacht, Onbepaald):
        return verwacht
    return verwacht - actueel


def loopt_achter(achterstand: Decimal | Onbepaald, drempel: Decimal) -> bool:
    """Rule 3: whether the achterstand is strictly above the programme's threshold."""
    return isinstance(achterstand, Decimal) and achterstand > drempel


def fase(realisatie: Decimal | Onbepaald) -> Fase | Onbepaald:
    """Rule 4: the actual fase; a realisatie below 0 is still Basis."""
    if isinstance(realisatie, Onbepaald):
        return realisatie
    if realisatie < 30:
        return Fase.BASIS
    if realisatie < 70:
        return Fase.GROEI
    if realisatie < 100:
        return Fase.TARGET
    return Fase.BORGING


class AfhankelijkheidStatus(StrEnum):
    """Whether baat Y has reached the drempel that baat X waits for (rule 5); `label` is
    the word a reader sees."""

    VERVULD = "vervuld"
    ONVERVULD = "onvervuld"
    ONBEKEND = "onbekend"  # Y's realisatie is qualitative or has no target
    GEEN_DREMPEL = "geen drempel"

    @property
    def label(self) -> str:
        return str(_LABELS[self])


def afhankelijkheid_status(
    drempel: Decimal | None,
    realisatie_van: Decimal | Onbepaald,
) -> AfhankelijkheidStatus:
    """Rule 5: the state of "X depends on Y reaching drempel %", given Y's realisatie."""
    if drempel is None:
        return AfhankelijkheidStatus.GEEN_DREMPEL
    if realisatie_van == Onbepaald.NOG_NIET_GEMETEN:
        # Y cannot have reached the drempel before anything was measured.
        return AfhankelijkheidStatus.ONVERVULD
    if isinstance(realisatie_van, Onbepaald):
        return AfhankelijkheidStatus.ONBEKEND
    if realisatie_van < drempel:
        return AfhankelijkheidStatus.ONVERVULD
    return AfhankelijkheidStatus.VERVULD


_VOORBIJ_BASIS = frozenset({Fase.GROEI, Fase.TARGET, Fase.BORGING})


def is_conflict(status: AfhankelijkheidStatus, geplande_fase_nu: Fase | None) -> bool:
    """Rule 5: an unmet dependency while X is planned beyond Basis in the current quarter."""
    return status == AfhankelijkheidStatus.ONVERVULD and geplande_fase_nu in _VOORBIJ_BASIS


def is_gemeten(meting_tekst: str | None) -> bool:
    """A meetmoment is measured once its meting holds any text: a number, or words
    ("Ontwerp gereed") that count as a qualitative meting. Blank is not measured."""
    return bool((meting_tekst or "").strip())


def is_achterstallig(datum: date | None, gemeten: bool, vandaag: date) -> bool:
    """Rule 6: a planned meetmoment whose date has passed without a meting (a warning).

    A month date counts as its last day (parse_datum gives that), so "maart 2026" is not
    overdue until April. The meetmoment is not overdue on its own date.
    """
    return datum is not None and not gemeten and datum < vandaag


def is_binnenkort(datum: date | None, gemeten: bool, vandaag: date, dagen: int) -> bool:
    """A planned meetmoment without a meting whose date is today or within `dagen` days:
    due soon, what a reminder announces (issue 16). Once its date has passed it is overdue
    (is_achterstallig) instead, never both."""
    return datum is not None and not gemeten and vandaag <= datum <= vandaag + timedelta(days=dagen)


def is_open(datum: date | None, gemeten: bool) -> bool:
    """A planned meetmoment still to be measured: what a calendar lists (issue 16)."""
    return datum is not None and not gemeten


class Onwaarschijnlijk(StrEnum):
    """Why a meting needs the user's confirmation before it is saved (rule 0, plausibility);
    `label` is the reason in the reader's language."""

    BUITEN_SCHAAL = "ver buiten de schaal"
    VERKEERD_TEKEN = "negatief, terwijl de baat iets telt"

    @property
    def label(self) -> str:
        return str(_LABELS[self])


# A sign written before a number ("NPS +15", "saldo -3"), not a dash between numbers ("6-8").
_TEKEN = re.compile(r"(?<![\w,.])[+\-\u2212]\s?\d")


def is_telling(
    nulmeting_tekst: str, nulmeting: Decimal | None, doel_tekst: str, doel: Decimal | None
) -> bool:
    """Whether a baat's scale counts something (days, %, incidents), so that it has no
    negative values: both ends have a number of at least 0 and neither is written with a
    sign. "NPS +15" has a sign: its scale has two sides, and -5 may well be measured."""
    if nulmeting is None or doel is None or nulmeting < 0 or doel < 0:
        return False
    return not any(_TEKEN.search(tekst or "") for tekst in (nulmeting_tekst, doel_tekst))


def onwaarschijnlijk(
    meting: Decimal | None,
    nulmeting: Decimal | None,
    doel: Decimal | None,
    *,
    telling: bool,
) -> Onwaarschijnlijk | None:
    """Rule 0: whether a meting is so far off the baat's scale that the user must confirm it.

    Far off: beyond the span from nulmeting to doel by more than that span again, on either
    side; from 6,0 to 8,0 anything from 4,0 up to 10,0 passes, and "42,5" does not. It is the
    same when lower is better. A negative meting on a scale of counts (``telling``, see
    is_telling) has the wrong sign. None: plausible, or nothing to judge it by (a meting or
    scale without numbers, or a doel equal to the nulmeting).
    """
    if meting is None:
        return None
    if telling and meting < 0:
        return Onwaarschijnlijk.VERKEERD_TEKEN
    if nulmeting is None or doel is None or nulmeting == doel:
        return None
    span = abs(doel - nulmeting)
    if meting < min(nulmeting, doel) - span or meting > max(nulmeting, doel) + span:
        return Onwaarschijnlijk.BUITEN_SCHAAL
    return None


def _kwartaal_index(jaar: int, kwartaal: int) -> int:
    if not 1 <= kwartaal <= 4:
        raise ValueError(f"kwartaal moet 1 t/m 4 zijn, niet {kwartaal}")
    return 4 * jaar + kwartaal - 1


def _kwartaal_op(start_jaar: int, start_kwartaal: int, nummer: int) -> tuple[int, int]:
    index = _kwartaal_index(start_jaar, start_kwartaal) + nummer - 1
    return index // 4, index % 4 + 1


def kwartaal_nummer(start_jaar: int, start_kwartaal: int, op: date) -> int:
    """The roadmap quarter (Q1 = the start quarter) a date falls in.

    Below 1 before the roadmap starts and above its length after it ends; callers check.
    """
    kwartaal = (op.month - 1) // 3 + 1
    return _kwartaal_index(op.year, kwartaal) - _kwartaal_index(start_jaar, start_kwartaal) + 1


def kwartaal_periode(start_jaar: int, start_kwartaal: int, nummer: int) -> tuple[date, date]:
    """The first and last day of roadmap quarter ``nummer`` (1 = the start quarter)."""
    jaar, kwartaal = _kwartaal_op(start_jaar, start_kwartaal, nummer)
    eerste = date(jaar, 3 * kwartaal - 2, 1)
    volgende = date(jaar + 1, 1, 1) if kwartaal == 4 else date(jaar, 3 * kwartaal + 1, 1)
    return eerste, volgende - timedelta(days=1)


def kwartaal_label(start_jaar: int, start_kwartaal: int, nummer: int) -> str:
    """The calendar quarter of roadmap quarter ``nummer``, e.g. "2026-K3" (in English
    "2026-Q3"): a label to show."""
    jaar, kwartaal = _kwartaal_op(start_jaar, start_kwartaal, nummer)
    return _("%(jaar)s-K%(kwartaal)s") % {"jaar": jaar, "kwartaal": kwartaal}


def suggestie_tempo(
    achterstanden: Iterable[Decimal | Onbepaald],
    drempel: Decimal,
) -> Status | None:
    """Rule 7: a suggested Tempo status from the baten's achterstanden.

    Only a suggestion, shown beside the status the programme manager chose. None when no
    baat has a numeric achterstand: there is nothing to base a suggestion on.
    """
    getallen = [waarde for waarde in achterstanden if isinstance(waarde, Decimal)]
    if not getallen:
        return None
    grootste = max(getallen)
    if grootste > drempel:
        return Status.ROOD
    if grootste > drempel / 2:
        return Status.GEEL
    return Status.GROEN


@dataclass(frozen=True)
class Signaal:
    """An escalation signal the data raise by themselves (rule 6 a and d).

    `reden` is the reason in Dutch: what a handled escalation stores, the API gives and the
    tests compare. `tekst` is the same reason in the reader's language, for display; it is
    written when read, by `bericht` (a function of this module and its arguments).
    """

    criterium: Criterium
    reden: str
    bericht: tuple[Callable[..., str], tuple] | None = field(
        default=None, compare=False, repr=False
    )

    @property
    def tekst(self) -> str:
        if self.bericht is None:
            return self.reden
        functie, argumenten = self.bericht
        return functie(*argumenten)


def nog_afgehandeld(afgehandeld_op: date | None, laatste_peildatum: date | None) -> bool:
    """Whether the sponsorgroep's handling of an automatic signal still holds: until data
    newer than the handling come in (a meting dated after it), which raise the signal again.
    A handling without a date, or a baat without a meting, keeps it handled."""
    return not (afgehandeld_op and laatste_peildatum and afgehandeld_op < laatste_peildatum)


def _signaal(criterium: Criterium, functie: Callable[..., str], *argumenten: object) -> Signaal:
    """A signal whose reason `functie` writes: in Dutch for `reden`, and again in the
    reader's language whenever it is shown."""
    with override("nl"):
        reden = functie(*argumenten)
    return Signaal(criterium, reden, (functie, argumenten))


def _achter_tekst(achterstand: Decimal, drempel: Decimal) -> str:
    punten = heel(achterstand)
    return ngettext(
        "Loopt %(punten)s procentpunt achter op planning (drempel %(drempel)s)",
        "Loopt %(punten)s procentpunt achter op planning (drempel %(drempel)s)",
        int(abs(punten)),
    ) % {"punten": toon_getal(punten), "drempel": toon_getal(drempel.normalize())}


def _conflict_tekst(
    baat: str, gepland: Fase, van: str, stand: Decimal | Onbepaald, drempel: Decimal
) -> str:
    return _(
        "Conflict: %(baat)s gepland in %(fase)s, maar %(van)s staat op %(stand)s "
        "(drempel %(drempel)s %%)"
    ) % {
        "baat": baat,
        "fase": str(gepland.label),
        "van": van,
        "stand": _percentage(stand),
        "drempel": toon_getal(drempel.normalize()),
    }


def heel(waarde: Decimal) -> Decimal:
    """A realisatie or achterstand as people read it: whole percents (or points), a half
    rounded away from zero, so "26,666..." is 27 and -2,5 is -3, in every page and report."""
    return waarde.quantize(Decimal(1), rounding=ROUND_HALF_UP)


def automatische_signalen(
    *,
    achterstand: Decimal | Onbepaald,
    drempel: Decimal,
    conflicten: Iterable[str | Signaal],
) -> list[Signaal]:
    """Rule 6: the signals to escalate a baat that need no one to raise them.

    (a) achterstand above the drempel; (d) one per conflict between baten. The caller
    composes each conflict from rule 5, as it alone knows the baten's numbers and names,
    e.g. "Conflict: B2 gepland in Groei, maar B1 staat op 32 % (drempel 50 %)": as a text,
    or as a Signaal that can also say it in the reader's language.
    """
    signalen: list[Signaal] = []
    if isinstance(achterstand, Decimal) and loopt_achter(achterstand, drempel):
        signalen.append(_signaal(Criterium.ACHTERSTAND, _achter_tekst, achterstand, drempel))
    signalen.extend(
        c if isinstance(c, Signaal) else Signaal(Criterium.CONFLICT, c) for c in conflicten
    )
    return signalen


# The figures of a whole plan. The models hand over their fields as these plain records, so
# that every rule above is applied in one place and tested without a database. They are
# the Cijfers of a baat: its numbers and dates as Decimals and dates, what the figures
# (BaatFiguren) are computed from. uitwisseling/plandata's BaatCijfers and friends are another
# thing: the plan as the text of a file, before it is read into numbers.


@dataclass(frozen=True)
class MeetmomentCijfers:
    datum: date | None  # planned: the verwacht-niveau line runs through it
    verwacht: Decimal | None
    gemeten: bool
    meting: Decimal | None
    meetdatum: date | None = None  # the day it was measured, when it differs from planned

    @property
    def peildatum(self) -> date | None:
        """The date of the meting for the figures: measured on, else the planned date."""
        return self.meetdatum or self.datum


@dataclass(frozen=True)
class BaatCijfers:
    code: str
    nulmeting: Decimal | None
    nulmeting_datum: date | None
    doel: Decimal | None
    deadline: date | None
    meetmomenten: Sequence[MeetmomentCijfers]
    roadmap: dict[int, Fase]  # planned fase per roadmap quarter


@dataclass(frozen=True)
class AfhankelijkheidCijfers:
    baat: str  # the code of the dependent baat X
    van: Sequence[str]  # the codes of the baten Y it waits for
    drempel: Decimal | None
    rij: int | None = None  # which row of section 5 this is (its pk), to show its stand


@dataclass(frozen=True)
class AfhankelijkheidFiguur:
    """The state of one X-on-Y link of a dependency (rule 5)."""

    baat: str
    van: str
    drempel: Decimal | None
    realisatie_van: Decimal | Onbepaald
    status: AfhankelijkheidStatus
    conflict: bool
    rij: int | None = None  # the row of section 5 it belongs to (AfhankelijkheidCijfers.rij)


@dataclass(frozen=True)
class BaatFiguren:
    realisatie: Decimal | Onbepaald
    verwachte_realisatie: Decimal | Onbepaald
    achterstand: Decimal | Onbepaald
    fase: Fase | Onbepaald
    geplande_fase: Fase | None  # in the current quarter
    laatste: MeetmomentCijfers | None  # the latest meting
    vorige: MeetmomentCijfers | None  # the one before it
    achterstallig: tuple[MeetmomentCijfers, ...]
    loopt_achter: bool
    signalen: tuple[Signaal, ...]  # the automatic signals that escalate (section 7 ticked)
    # Automatic signals of a criterion section 7 leaves unticked: a warning on the baat.
    waarschuwingen: tuple[Signaal, ...] = ()


class Koers(StrEnum):
    """Where a baat stands at a glance, as the benefits map colours it and the PDF's cover
    counts it; `label` names it in the reader's language."""

    OP_KOERS = "op_koers"
    ACHTER = "achter"  # behind plan (rule 3), or an escalation signal stands open
    ZONDER_CIJFER = "zonder_cijfer"  # qualitative, not yet measured, or without a target

    @property
    def label(self) -> str:
        return str(_LABELS[self])


# What a reader sees of these values; the values themselves stay the Dutch words.
_LABELS: dict[StrEnum, str] = {
    Onbepaald.KWALITATIEF: gettext_lazy("kwalitatief"),
    Onbepaald.NOG_NIET_GEMETEN: gettext_lazy("nog niet gemeten"),
    Onbepaald.GEEN_DOEL: gettext_lazy("geen doel"),
    Onbepaald.NOG_NIET_GESTART: gettext_lazy("nog niet gestart"),
    AfhankelijkheidStatus.VERVULD: gettext_lazy("vervuld"),
    AfhankelijkheidStatus.ONVERVULD: gettext_lazy("onvervuld"),
    AfhankelijkheidStatus.ONBEKEND: gettext_lazy("onbekend"),
    AfhankelijkheidStatus.GEEN_DREMPEL: gettext_lazy("geen drempel"),
    Onwaarschijnlijk.BUITEN_SCHAAL: gettext_lazy("ver buiten de schaal"),
    Onwaarschijnlijk.VERKEERD_TEKEN: gettext_lazy("negatief, terwijl de baat iets telt"),
    Koers.OP_KOERS: gettext_lazy("op koers"),
    Koers.ACHTER: gettext_lazy("achter"),
    Koers.ZONDER_CIJFER: gettext_lazy("zonder cijfer"),
}


def koers(figuren: BaatFiguren) -> Koers:
    """A baat's course: behind when it runs behind plan or raises an escalation signal;
    without a figure when its realisatie cannot be computed; on course otherwise."""
    if figuren.loopt_achter or figuren.signalen:
        return Koers.ACHTER
    if isinstance(figuren.realisatie, Onbepaald):
        return Koers.ZONDER_CIJFER
    return Koers.OP_KOERS


def gemeten_op_volgorde(meetmomenten: Iterable[MeetmomentCijfers]) -> list[MeetmomentCijfers]:
    """The measured meetmomenten with a date, oldest first by the day they were measured."""
    return sorted(
        (m for m in meetmomenten if m.gemeten and m.peildatum is not None),
        key=lambda m: m.peildatum,  # type: ignore[arg-type, return-value]
    )


def traject_einden(
    nulmeting: Decimal | None,
    nulmeting_datum: date | None,
    doel: Decimal | None,
    deadline: date | None,
) -> tuple[Punt | None, Punt | None]:
    """Rule 2: where the verwacht-niveau line starts and ends, the nulmeting on its date and
    the doel on the deadline; None for an end whose level has no number or date."""
    begin = Punt(nulmeting_datum, nulmeting) if nulmeting is not None and nulmeting_datum else None
    eind = Punt(deadline, doel) if doel is not None and deadline else None
    return begin, eind


def metingpunten(meetmomenten: Iterable[MeetmomentCijfers]) -> list[Punt]:
    """The metingen a trajectory chart marks: measured, with a number, on the day they were
    measured, oldest first (a qualitative meting has no place on a line)."""
    return [
        Punt(m.peildatum, m.meting)  # type: ignore[arg-type]
        for m in gemeten_op_volgorde(meetmomenten)
        if m.meting is not None
    ]


def baat_trajectpunten(baat: BaatCijfers) -> list[Punt]:
    begin, eind = traject_einden(baat.nulmeting, baat.nulmeting_datum, baat.doel, baat.deadline)
    return trajectpunten(
        begin,
        (
            Punt(m.datum, m.verwacht)
            for m in baat.meetmomenten
            if m.datum is not None and m.verwacht is not None
        ),
        eind,
    )


def achterstallige(meetmomenten: Sequence[MeetmomentCijfers], vandaag: date) -> list[int]:
    """Rule 6: the positions of the overdue meetmomenten (is_achterstallig) in this list."""
    return [i for i, m in enumerate(meetmomenten) if is_achterstallig(m.datum, m.gemeten, vandaag)]


class Overzicht(NamedTuple):
    """What an overview of a baat lists of its meetmomenten (positions in list order), and
    how many earlier metingen that leaves out."""

    posities: list[int]
    eerdere: int


def overzicht(
    meetmomenten: Sequence[MeetmomentCijfers], vandaag: date, *, laatste: int = 3
) -> Overzicht:
    """The meetmomenten an overview of a baat shows: its latest `laatste` metingen by the
    day they were measured (as the figures take the latest), every overdue meetmoment
    (rule 6) and the next planned one. Years of metingen would otherwise bury the plan's
    section 4 and the report; the baat page and the volledig rapport list all."""
    gemeten = sorted(
        (i for i, m in enumerate(meetmomenten) if m.gemeten),
        key=lambda i: (meetmomenten[i].peildatum or date.min, i),
    )
    laatste_metingen = gemeten[-laatste:] if laatste else []
    achter = set(achterstallige(meetmomenten, vandaag))
    volgende = next(
        (i for i, m in enumerate(meetmomenten) if not m.gemeten and i not in achter), None
    )
    toon = set(laatste_metingen) | achter
    if volgende is not None:
        toon.add(volgende)
    return Overzicht(sorted(toon), len(gemeten) - len(laatste_metingen))


def _basis_figuren(baat: BaatCijfers, vandaag: date, kwartaal_nu: int | None) -> BaatFiguren:
    metingen = gemeten_op_volgorde(baat.meetmomenten)
    laatste = metingen[-1] if metingen else None
    actueel = realisatie(
        baat.nulmeting, baat.doel, laatste.meting if laatste else None, gemeten=bool(laatste)
    )
    if laatste is None or laatste.peildatum is None:
        verwacht = actueel
    else:
        verwacht = verwachte_realisatie(
            baat_trajectpunten(baat), laatste.peildatum, baat.nulmeting, baat.doel
        )
    return BaatFiguren(
        realisatie=actueel,
        verwachte_realisatie=verwacht,
        achterstand=achterstand(verwacht, actueel),
        fase=fase(actueel),
        geplande_fase=baat.roadmap.get(kwartaal_nu) if kwartaal_nu else None,
        laatste=laatste,
        vorige=metingen[-2] if len(metingen) > 1 else None,
        achterstallig=tuple(
            m for m in baat.meetmomenten if is_achterstallig(m.datum, m.gemeten, vandaag)
        ),
        loopt_achter=False,
        signalen=(),
    )


def _percentage(waarde: Decimal | Onbepaald) -> str:
    """A realisatie in whole percents, or why there is none, in the reader's language."""
    if isinstance(waarde, Onbepaald):
        return waarde.label
    return f"{toon_getal(heel(waarde))} %"


def plan_figuren(
    baten: Sequence[BaatCijfers],
    afhankelijkheden: Iterable[AfhankelijkheidCijfers],
    *,
    drempel: Decimal,
    vandaag: date,
    kwartaal_nu: int | None,
    criteria: Collection[Criterium] | None = None,
) -> tuple[dict[str, BaatFiguren], list[AfhankelijkheidFiguur]]:
    """Every figure of the plan on a date: per baat, and per dependency link.

    ``kwartaal_nu`` is the roadmap quarter of ``vandaag`` (None when the plan has no start
    quarter); the planned fase and the conflicts of rule 5 depend on it. ``criteria`` are
    the criteria section 7 ticks (None: all); the signals of the others are warnings.
    """
    aangevinkt = frozenset(Criterium) if criteria is None else frozenset(criteria)
    figuren = {baat.code: _basis_figuren(baat, vandaag, kwartaal_nu) for baat in baten}
    links: list[AfhankelijkheidFiguur] = []
    conflicten: dict[str, list[Signaal]] = {code: [] for code in figuren}
    for afhankelijkheid in afhankelijkheden:
        x = figuren.get(afhankelijkheid.baat)
        for van in afhankelijkheid.van:
            y = figuren.get(van)
            if x is None or y is None:
                continue
            status = afhankelijkheid_status(afhankelijkheid.drempel, y.realisatie)
            conflict = is_conflict(status, x.geplande_fase)
            links.append(
                AfhankelijkheidFiguur(
                    afhankelijkheid.baat,
                    van,
                    afhankelijkheid.drempel,
                    y.realisatie,
                    status,
                    conflict,
                    rij=afhankelijkheid.rij,
                )
            )
            if conflict and x.geplande_fase and afhankelijkheid.drempel is not None:
                conflicten[afhankelijkheid.baat].append(
                    _signaal(
                        Criterium.CONFLICT,
                        _conflict_tekst,
                        afhankelijkheid.baat,
                        x.geplande_fase,
                        van,
                        y.realisatie,
                        afhankelijkheid.drempel,
                    )
                )
    for code, basis in figuren.items():
        signalen = automatische_signalen(
            achterstand=basis.achterstand, drempel=drempel, conflicten=conflicten[code]
        )
        escalaties, waarschuwingen = verdeel_signalen(signalen, aangevinkt)
        figuren[code] = replace(
            basis,
            loopt_achter=loopt_achter(basis.achterstand, drempel),
            signalen=escalaties,
            waarschuwingen=waarschuwingen,
        )
    return figuren, links


def laatste_tussen(
    metingen: Sequence[MeetmomentCijfers], begin: date | None, eind: date | None
) -> MeetmomentCijfers | None:
    """Of metingen in gemeten_op_volgorde's order, the latest measured from `begin` up to
    `eind` (either open when None)."""
    index = len(metingen)
    if eind is not None:
        index = bisect_right(metingen, eind, key=lambda m: m.peildatum)  # type: ignore[arg-type, return-value]
    if index == 0:
        return None
    laatste = metingen[index - 1]
    return laatste if begin is None or laatste.peildatum >= begin else None  # type: ignore[operator]


def cyclus_realisatie(
    startniveau: Decimal | None,
    doelniveau: Decimal | None,
    meetmoment: date | None,
    meetmomenten: Iterable[MeetmomentCijfers],
    *,
    periode: tuple[date, date] | None = None,
    vandaag: date | None = None,
    op_volgorde: bool = False,
) -> Decimal | Onbepaald:
    """Rule 1 per cycle: the latest meting within the cycle against its levels.

    ``op_volgorde``: ``meetmomenten`` are already gemeten_op_volgorde's list, as a page
    with a target per cycle passes them for each, instead of sorting them again.

    Within the cycle is from the first day of its ``periode`` (notatie.parse_periode of
    Cyclus.periode) up to its ``meetmoment``, or the period's last day where it has none. A
    meting from before the cycle says nothing about it: before the cycle starts its
    realisatie is "nog niet gestart", never a negative %. A doelniveau equal to the
    startniveau is a cycle that only measures: "geen doel". Without a readable period the
    cycle's start is unknown, and every meting up to the meetmoment counts.
    """
    begin = periode[0] if periode else None
    eind = meetmoment or (periode[1] if periode else None)
    if begin is not None and vandaag is not None and vandaag < begin:
        # Whatever is stored (a meting dated ahead), a cycle that has not begun has no %.
        uitkomst = realisatie(startniveau, doelniveau, None, gemeten=False)
        return Onbepaald.NOG_NIET_GESTART if uitkomst == Onbepaald.NOG_NIET_GEMETEN else uitkomst
    metingen = meetmomenten if op_volgorde else gemeten_op_volgorde(meetmomenten)
    laatste = laatste_tussen(metingen, begin, eind)  # type: ignore[arg-type]
    return realisatie(
        startniveau, doelniveau, laatste.meting if laatste else None, gemeten=bool(laatste)
    )


def escaleert(criterium: Criterium, aangevinkt: Collection[Criterium]) -> bool:
    """Rule 6: whether a signal of this criterion goes to the sponsorgroep.

    Section 7's ticks decide: a signal of an unticked criterion is a warning on the baat.
    """
    return criterium in aangevinkt


def verdeel_signalen(
    signalen: Iterable[Signaal], aangevinkt: Collection[Criterium]
) -> tuple[tuple[Signaal, ...], tuple[Signaal, ...]]:
    """Rule 6: the automatic signals split into (escalaties, waarschuwingen) by section 7."""
    lijst = list(signalen)
    return (
        tuple(s for s in lijst if escaleert(s.criterium, aangevinkt)),
        tuple(s for s in lijst if not escaleert(s.criterium, aangevinkt)),
    )


def geen_criteria(aangevinkt: Collection[Criterium]) -> bool:
    """Rule 6: a plan that ticks no criterion escalates nothing, and should say so."""
    return not aangevinkt


@dataclass(frozen=True)
class Spreiding:
    """How the realisatie of a programme's baten is spread (issue 16's portfolio): how many
    baten stand in each fase (rule 4) and how many have no figure, and the lowest, middle
    and highest realisatie in whole percents (None when no baat has one)."""

    per_fase: dict[Fase, int]
    onbepaald: int
    laagste: Decimal | None
    mediaan: Decimal | None
    hoogste: Decimal | None

    @property
    def aantal(self) -> int:
        return sum(self.per_fase.values()) + self.onbepaald


def spreiding(waarden: Iterable[Decimal | Onbepaald]) -> Spreiding:
    lijst = list(waarden)
    getallen = sorted(w for w in lijst if isinstance(w, Decimal))
    per_fase = dict.fromkeys(Fase, 0)
    for waarde in getallen:
        per_fase[fase(waarde)] += 1  # type: ignore[index]
    midden = len(getallen) // 2
    if not getallen:
        mediaan = None
    elif len(getallen) % 2:
        mediaan = getallen[midden]
    else:
        mediaan = (getallen[midden - 1] + getallen[midden]) / 2
    return Spreiding(
        per_fase,
        len(lijst) - len(getallen),
        heel(getallen[0]) if getallen else None,
        heel(mediaan) if mediaan is not None else None,
        heel(getallen[-1]) if getallen else None,
    )
