"""The checks of the benefits map (issue 17) as pure functions over plain data.

The chain the plan reasons in: inspanningen build vermogens, vermogens make baten possible,
baten serve the programme's doelen. An inspanning may also be linked to a baat directly (the
template lists inspanningen per baat). The checks name the gaps in that chain, in words:
what builds nothing that counts, what nothing builds, and a baat behind plan whose efforts
are all done. Whether a baat is behind is realisatie.loopt_achter's to say (domain rule 3);
the caller passes its answer in. The texts are in the reader's language (the active one).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


@dataclass(frozen=True)
class InspanningKnoop:
    pk: int
    naam: str
    afgerond: bool = False
    baten: frozenset[int] = frozenset()  # pks of the baten it serves directly
    vermogens: frozenset[int] = frozenset()  # pks of the vermogens it builds


@dataclass(frozen=True)
class VermogenKnoop:
    pk: int
    naam: str
    baten: frozenset[int] = frozenset()


@dataclass(frozen=True)
class BaatKnoop:
    pk: int
    code: str
    naam: str
    loopt_achter: bool = False


@dataclass(frozen=True)
class DoelKnoop:
    pk: int
    code: str
    naam: str
    baten: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Keten:
    """A programme's chain: its rows and the links between them, as stored."""

    inspanningen: Sequence[InspanningKnoop] = ()
    vermogens: Sequence[VermogenKnoop] = ()
    baten: Sequence[BaatKnoop] = ()
    doelen: Sequence[DoelKnoop] = ()


class Soort(StrEnum):
    INSPANNING_ZONDER_BAAT = "inspanning_zonder_baat"
    VERMOGEN_ZONDER_INSPANNING = "vermogen_zonder_inspanning"
    VERMOGEN_ZONDER_BAAT = "vermogen_zonder_baat"
    BAAT_ZONDER_VERMOGEN = "baat_zonder_vermogen"
    BAAT_ZONDER_DOEL = "baat_zonder_doel"
    AFGEROND_MAAR_ACHTER = "afgerond_maar_achter"


@dataclass(frozen=True)
class Bevinding:
    soort: Soort
    tekst: str
    baat: int | None = None  # the pk of the baat it is about, for a link to its page
    rijen: tuple[int, ...] = field(default=())  # the pks of the rows it names


def inspanningen_van(keten: Keten) -> dict[int, set[int]]:
    """Per baat pk, the inspanningen that serve it: directly or by building a vermogen of it."""
    per_vermogen: dict[int, set[int]] = {}
    for i in keten.inspanningen:
        for v in i.vermogens:
            per_vermogen.setdefault(v, set()).add(i.pk)
    uit: dict[int, set[int]] = {b.pk: set() for b in keten.baten}
    for i in keten.inspanningen:
        for b in i.baten:
            uit.setdefault(b, set()).add(i.pk)
    for v in keten.vermogens:
        for b in v.baten:
            uit.setdefault(b, set()).update(per_vermogen.get(v.pk, set()))
    return uit


def _namen(rijen: Collection[str]) -> str:
    namen = [f"\u2018{n}\u2019" for n in rijen]
    if len(namen) == 1:
        return namen[0]
    return _("%(eerste)s en %(laatste)s") % {"eerste": ", ".join(namen[:-1]), "laatste": namen[-1]}


def controleer(keten: Keten) -> list[Bevinding]:
    """Every gap in the chain, in the plan's order: inspanningen, vermogens, baten."""
    bevindingen: list[Bevinding] = []
    vermogens = {v.pk: v for v in keten.vermogens}
    gebouwd = {v for i in keten.inspanningen for v in i.vermogens}
    for i in keten.inspanningen:
        via = any(vermogens[v].baten for v in i.vermogens if v in vermogens)
        if not i.baten and not via:
            if i.vermogens:
                tekst = _(
                    "Inspanning ‘%(naam)s’ dient geen baat: zij bouwt alleen "
                    "vermogens die geen baat dienen."
                )
            else:
                tekst = _(
                    "Inspanning ‘%(naam)s’ dient geen baat: zij is aan geen baat "
                    "en geen vermogen gekoppeld."
                )
            bevindingen.append(
                Bevinding(Soort.INSPANNING_ZONDER_BAAT, tekst % {"naam": i.naam}, rijen=(i.pk,))
            )
    for v in keten.vermogens:
        if v.pk not in gebouwd:
            bevindingen.append(
                Bevinding(
                    Soort.VERMOGEN_ZONDER_INSPANNING,
                    _("Vermogen ‘%(naam)s’ wordt door geen inspanning opgebouwd.")
                    % {"naam": v.naam},
                    rijen=(v.pk,),
                )
            )
        if not v.baten:
            bevindingen.append(
                Bevinding(
                    Soort.VERMOGEN_ZONDER_BAAT,
                    _("Vermogen ‘%(naam)s’ maakt geen baat mogelijk.") % {"naam": v.naam},
                    rijen=(v.pk,),
                )
            )
    met_vermogen = {b for v in keten.vermogens for b in v.baten}
    met_doel = {b for d in keten.doelen for b in d.baten}
    per_baat = inspanningen_van(keten)
    inspanningen = {i.pk: i for i in keten.inspanningen}
    for b in keten.baten:
        naam = f"{b.code} \u2018{b.naam}\u2019"
        if b.pk not in met_vermogen:
            bevindingen.append(
                Bevinding(
                    Soort.BAAT_ZONDER_VERMOGEN,
                    _("Baat %(naam)s heeft geen vermogen dat haar mogelijk maakt.")
                    % {"naam": naam},
                    baat=b.pk,
                )
            )
        if b.pk not in met_doel:
            bevindingen.append(
                Bevinding(
                    Soort.BAAT_ZONDER_DOEL,
                    _("Baat %(naam)s draagt aan geen programmadoel bij.") % {"naam": naam},
                    baat=b.pk,
                )
            )
        eigen = [inspanningen[i] for i in sorted(per_baat.get(b.pk, ())) if i in inspanningen]
        if b.loopt_achter and eigen and all(i.afgerond for i in eigen):
            bevindingen.append(
                Bevinding(
                    Soort.AFGEROND_MAAR_ACHTER,
                    ngettext(
                        "Baat %(naam)s loopt achter op planning, terwijl haar enige inspanning "
                        "(%(inspanningen)s) afgerond is: de keten mist iets.",
                        "Baat %(naam)s loopt achter op planning, terwijl al haar inspanningen "
                        "(%(inspanningen)s) afgerond zijn: de keten mist iets.",
                        len(eigen),
                    )
                    % {"naam": naam, "inspanningen": _namen([i.naam for i in eigen])},
                    baat=b.pk,
                    rijen=tuple(i.pk for i in eigen),
                )
            )
    return bevindingen
