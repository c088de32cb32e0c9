"""Writing a plan as the filled-in template; sjabloon.py documents the rules it follows.

What it writes, `sjabloon.lees_markdown` reads back to the same plan: texts are escaped,
vermogens and inspanningen are numbered by their place in the programme, and the Omschrijving,
Toelichting and Drempel columns appear only where the template's own columns would not say it.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from .. import notatie
from ..keuzes import Domein, Fase, Frequentie, InspanningStatus, Kans, Parameter, Prioriteit, Status
from ..vandaag import vandaag as vandaag_van_de_app
from .markdown import (
    drempel_uit,
    eenheid_van,
    is_meting,
    ontsnap,
    randen,
    schaal,
    schrijf_tekst,
)
from .plandata import STANDAARD_SECTOREN, BaatData, CyclusData, PlanData, in_het_nederlands

# --------------------------------------------------------------------------------------------
# Writing

_VOETTEKST = (
    '*Template gebaseerd op "Werken aan Programma\'s" (Prevaas & Van Loon), Thema 4: Sturen '
    "(H17-H22)*"
)
_LEGENDA = [
    "**Legenda:**",
    "- **Basis:** Fundament leggen (0-30%)",
    "- **Groei:** Opbouwen (30-70%)",
    "- **Target:** Doelniveau bereiken (70-100%)",
    "- **Borging:** Verankeren in organisatie",
]
_CEL = 9  # the width of a roadmap cell, as in the template


def _vakjes(gekozen: str, opties: list[tuple[str, str]]) -> str:
    return " ".join(f"[{'x' if waarde == gekozen else ' '}] {label}" for waarde, label in opties)


def _vink(aan: bool) -> str:
    return "[x]" if aan else "[ ]"


def _tabel_md(koppen: list[str], rijen: list[list[str]]) -> list[str]:
    regels = [
        "| " + " | ".join(koppen) + " |",
        "|" + "|".join("-" * (len(k) + 2) for k in koppen) + "|",
    ]
    for rij in rijen or [[""] * len(koppen)]:
        regels.append(
            "|" + "|".join(f" {schrijf_tekst(c, cel=True)} " if c else " " for c in rij) + "|"
        )
    return regels


def _citaat_md(tekst: str) -> list[str]:
    if not tekst.strip():
        return []
    tekst = ontsnap(tekst.replace("\r\n", "\n"))
    # Every line's end spaces as references: Markdown trims them (and two make a break).
    regels = tekst.replace("\r", "\n").strip("\n").split("\n")
    return ["", *(f"> {randen(r)}".rstrip() for r in regels)]


def _waarde(tekst: str) -> str:
    return schrijf_tekst(tekst) if tekst else "___"


def _getal(waarde: Decimal) -> str:
    return notatie.format_getal(waarde.normalize() if waarde == waarde.to_integral() else waarde)


def _grid(plan: PlanData) -> list[str]:
    kwartalen = max([plan.aantal_kwartalen, *(max(b.roadmap, default=0) for b in plan.baten)])
    rand = "─" * _CEL
    labels = " " * _CEL + "".join(f"Q{q}".ljust(_CEL + 1) for q in range(1, kwartalen + 1))
    tussen = " " * _CEL + "├" + "┼".join([rand] * kwartalen) + "┤"
    regels = ["```", labels.rstrip(), tussen]
    rijen = [b for b in plan.baten if b.roadmap]
    for index, baat in enumerate(rijen):
        code = f"B{baat.nummer} "
        cellen = [
            f" {_FASE_LABEL.get(baat.roadmap.get(q, ''), '')}".ljust(_CEL)
            for q in range(1, kwartalen + 1)
        ]
        regels.append(code + "─" * max(1, _CEL - len(code)) + "┤" + "│".join(cellen) + "│")
        if index < len(rijen) - 1:
            regels.append(tussen)
    regels += [" " * _CEL + "└" + "┴".join([rand] * kwartalen) + "┘", "```"]
    return regels


_FASE_LABEL = {f.value: str(f.label) for f in Fase}
_DOMEIN_LABEL = {d.value: str(d.label) for d in Domein}
_STATUS_LABEL = {s.value: str(s.label) for s in InspanningStatus}


def _lijst_md(label: str, alle: list[Any], deze: list[Any]) -> list[str]:
    """A numbered list of vermogens or inspanningen, each numbered by its place in the whole
    programme, so that their order reads back; Markdown viewers renumber it 1, 2, ..."""
    if not deze:
        return [label, "1. ___"]
    uit = [label]
    for rij in deze:
        nummer = f"{alle.index(rij) + 1}. "
        if len(uit) == 1 and nummer != "1. ":
            uit.append("")  # only a list starting at 1 may follow a paragraph directly
        uit.append(nummer + schrijf_tekst(rij.omschrijving, begin=True))
        inspringen = " " * len(nummer)
        uit += [
            f"{inspringen}- Vermogen: {schrijf_tekst(v)}" for v in getattr(rij, "vermogens", [])
        ]
        if rij.domein:
            uit.append(f"{inspringen}- Domein: {_DOMEIN_LABEL.get(rij.domein, rij.domein)}")
        if getattr(rij, "status", ""):
            uit.append(f"{inspringen}- Status: {_STATUS_LABEL.get(rij.status, rij.status)}")
    return uit


def _doelen_md(plan: PlanData) -> list[str]:
    """The programme's goals (the benefits map), a section of its own after the header;
    only when the plan has doelen, so a plan without them is the template as it was."""
    if not plan.doelen:
        return []
    return [
        "## Doelen van het programma",
        "",
        *_tabel_md(
            ["Nr", "Doel", "Omschrijving", "Baten"],
            [
                [f"D{d.nummer}", d.naam, d.omschrijving, ", ".join(f"B{n}" for n in d.baten)]
                for d in plan.doelen
            ],
        ),
        "",
        "---",
        "",
    ]


def _baatblok(plan: PlanData, baat: BaatData, eerste: bool, vandaag: date) -> list[str]:
    vermogens = [v for v in plan.vermogens if baat.nummer in v.baten]
    inspanningen = [i for i in plan.inspanningen if baat.nummer in i.baten]
    risicos = [r for r in plan.risicos if r.baat == baat.nummer]
    meetmomenten = [m for m in plan.meetmomenten if m.baat == baat.nummer]
    eenheid = baat.eenheid != eenheid_van(baat.nulmeting, baat.target)
    details = (baat.nulmeting, baat.nulmeting_bron, baat.nulmeting_datum, baat.target)
    details += (baat.deadline, baat.indicator, baat.toelichting)
    uit = ["", f"### Baat {baat.nummer}: {schrijf_tekst(baat.naam)}", ""]
    if (
        not eerste
        and not any(details)
        and not eenheid
        and not (vermogens or inspanningen or risicos or meetmomenten)
    ):
        return [*uit, "[Herhaal structuur van Baat 1]", "", "---"]
    uit += [
        "**Huidige situatie (nulmeting):**",
        f"- Score/niveau: {_waarde(baat.nulmeting)}",
        f"- Bron meting: {_waarde(baat.nulmeting_bron)}",
        f"- Datum: {_waarde(baat.nulmeting_datum)}",
    ]
    uit += [f"- Indicator: {schrijf_tekst(baat.indicator)}"] if baat.indicator else []
    uit += [f"- Eenheid: {_waarde(baat.eenheid)}"] if eenheid else []
    uit += ["", "**Doelsituatie:**", f"- Target score: {_waarde(baat.target)}"]
    uit += [f"- Deadline: {_waarde(baat.deadline)}", ""]
    uit += _lijst_md("**Benodigde vermogens:**", plan.vermogens, vermogens)
    uit += ["", *_lijst_md("**Benodigde inspanningen:**", plan.inspanningen, inspanningen)]
    uit += ["", "**Risico's voor realisatie:**"]
    leeg = [["", _vakjes("", _KANS_OPTIES), _vakjes("", _KANS_OPTIES), ""]]
    uit += _tabel_md(
        ["Risico", "Kans", "Impact", "Mitigatie"],
        [
            [
                r.omschrijving,
                _vakjes(r.kans, _KANS_OPTIES),
                _vakjes(r.impact, _KANS_OPTIES),
                r.mitigatie,
            ]
            for r in risicos
        ]
        or leeg,
    )
    # The template's three columns where they read back the same; see the module doc.
    soort = schaal(baat.nulmeting, baat.target, baat.eenheid)
    omschrijving = any(
        m.omschrijving or (m.meting and not is_meting(m.meting, soort)) for m in meetmomenten
    )
    toelichting = any(m.toelichting for m in meetmomenten)
    # The day a meting was measured, beside it, when any differs from the planned date.
    meetdatum = any(m.meetdatum for m in meetmomenten)
    koppen = ["Datum", *(["Omschrijving"] if omschrijving else []), "Meting"]
    koppen += ["Gemeten op"] if meetdatum else []
    koppen += ["Verwacht niveau", *(["Toelichting"] if toelichting else [])]
    rijen = []
    for m in meetmomenten:
        meting = m.meting if omschrijving else m.meting or m.omschrijving
        rij = [m.datum, *([m.omschrijving] if omschrijving else []), meting]
        rij += [m.meetdatum or ""] if meetdatum else []
        rij += [m.verwacht_niveau]
        rijen.append(rij + ([m.toelichting] if toelichting else []))
    uit += ["", "**Meetmomenten:**", *_tabel_md(koppen, rijen)]
    uit += _citaat_md(baat.toelichting)
    return [*uit, "", "---"]


_PRIORITEIT_OPTIES = [(p.value, str(p.label)) for p in Prioriteit]
_KANS_OPTIES = [(k.value, k.value) for k in Kans]
_STATUS_OPTIES = [(s.value, str(s.label)) for s in Status]
_FREQUENTIE_OPTIES = [(f.value, str(f.label)) for f in Frequentie]


def _cycluskop(cyclus: CyclusData) -> str:
    """ "Naam - Periode", with a dash inside the naam (or inside a periode that is no period)
    escaped, so that only the separator splits them (sjabloon.naam_en_periode)."""
    naam = re.sub(r"(?<=\s)-(?=\s)", r"\\-", schrijf_tekst(cyclus.naam)) or "[Naam]"
    periode = schrijf_tekst(cyclus.periode) or "[Periode]"
    if notatie.parse_periode(cyclus.periode) is None:
        periode = re.sub(r"(?<=\s)-(?=\s)", r"\\-", periode)
    return f"{naam} - {periode}"


@in_het_nederlands
def schrijf_markdown(plan: PlanData, *, vandaag: date | None = None) -> str:
    """The plan as the filled-in template; `lees_markdown` reads it back to the same plan."""
    vandaag = vandaag or vandaag_van_de_app()
    kop = plan.kop
    t = plan.toelichtingen
    uit = [
        "# Batenrealisatieplan",
        "",
        f"**Programma:** {schrijf_tekst(kop.naam) or '[invullen]'}",
        f"**Versie:** {schrijf_tekst(kop.versie) or '[x.x]'}",
        f"**Datum:** {schrijf_tekst(kop.datum) or '[invullen]'}",
        f"**Opsteller:** {schrijf_tekst(kop.opsteller) or '[invullen]'}",
        "",
        "---",
        "",
        "## Theoretische basis",
        "",
        f"**Thema:** {schrijf_tekst(kop.thema or '') or '[invullen]'}",
        f"**Kernprincipe:** {schrijf_tekst(kop.kernprincipe or '') or '[invullen]'}",
        "",
        '> "Baten realiseren is geen automatisme. Het vraagt actieve sturing en eigenaarschap."',
        "> — Prevaas & Van Loon",
        "",
        "---",
        "",
        *_doelen_md(plan),
        "## 1. Baten Overzicht",
        "",
    ]
    uit += _tabel_md(
        ["Nr", "Baat", "Baateigenaar", "Sector", "Prioriteit"],
        [
            [
                f"B{b.nummer}",
                b.naam,
                b.eigenaar,
                "/".join(b.sectoren),
                _vakjes(b.prioriteit, _PRIORITEIT_OPTIES),
            ]
            for b in plan.baten
        ],
    )
    sectoren = [(s.code, s.naam) for s in plan.sectoren or []]
    if plan.sectoren is not None and sectoren != STANDAARD_SECTOREN:
        lijst = ", ".join(f"{c} ({schrijf_tekst(n)})" if n else c for c, n in sectoren)
        uit += ["", f"**Sectoren:** {lijst}"]
    uit += [*_citaat_md(t.get("baten", "")), "", "---", "", "## 2. Batenrealisatie per Cyclus"]
    for cyclus in plan.cycli or [CyclusData(nummer=1)]:
        uit += ["", f"### Cyclus {cyclus.nummer}: {_cycluskop(cyclus)}", ""]
        uit += _tabel_md(
            ["Baat", "Startniveau", "Doelniveau", "Indicator", "Meetmoment"],
            [
                [f"B{d.baat}", d.startniveau, d.doelniveau, d.indicator, d.meetmoment]
                for d in cyclus.doelen
            ],
        )
    uit += [
        *_citaat_md(t.get("cycli", "")),
        "",
        "---",
        "",
        "## 3. Batenrealisatie Roadmap",
        "",
        *_grid(plan),
    ]
    if plan.start_jaar and plan.start_kwartaal:
        uit += ["", f"**Startkwartaal (Q1):** {plan.start_jaar} Q{plan.start_kwartaal}"]
    uit += [
        "",
        *_LEGENDA,
        *_citaat_md(t.get("roadmap", "")),
        "",
        "---",
        "",
        "## 4. Per Baat: Realisatiedetails",
    ]
    uit += _citaat_md(t.get("details", ""))
    for soort, rijen in (("Vermogens", plan.vermogens), ("Inspanningen", plan.inspanningen)):
        los = [r for r in rijen if not r.baten]
        if los:
            uit += ["", *_lijst_md(f"**{soort} zonder baat:**", rijen, los)]
    for index, baat in enumerate(plan.baten):
        uit += _baatblok(plan, baat, index == 0, vandaag)
    uit += ["", "## 5. Afhankelijkheden tussen Baten", ""]
    afhankelijkheden = plan.afhankelijkheden
    drempels = any(a.drempel != drempel_uit(a.impact_op_planning) for a in afhankelijkheden)
    uit += _tabel_md(
        [
            "Baat",
            "Afhankelijk van",
            "Type",
            "Impact op planning",
            *(["Drempel"] if drempels else []),
        ],
        [
            [
                f"B{a.baat}",
                ", ".join([*(f"B{n}" for n in a.van), *([a.extern] if a.extern else [])]),
                a.type,
                a.impact_op_planning,
                *([f"{_getal(a.drempel)}%" if a.drempel is not None else ""] if drempels else []),
            ]
            for a in afhankelijkheden
        ],
    )
    volgorde = list(Parameter.values)
    stuur = sorted(
        plan.stuurparameters,
        key=lambda s: volgorde.index(s.parameter) if s.parameter in volgorde else 99,
    )
    uit += [
        *_citaat_md(t.get("afhankelijkheden", "")),
        "",
        "---",
        "",
        "## 6. Monitoring & Sturing",
        "",
        f"**Frequentie batenrapportage:** {_vakjes(plan.frequentie, _FREQUENTIE_OPTIES)}",
        "",
        "**Stuurparameters (H17-H22):**",
        "",
        *_tabel_md(
            ["Parameter", "Norm", "Huidige status", "Actie nodig?"],
            [
                [
                    _PARAMETER_LABEL.get(s.parameter, s.parameter),
                    s.norm,
                    _vakjes(s.status, _STATUS_OPTIES),
                    s.actie,
                ]
                for s in stuur
            ],
        ),
        *_citaat_md(t.get("monitoring", "")),
        "",
        "---",
        "",
        "## 7. Escalatie",
        "",
        "**Wanneer escaleren naar Sponsorgroep:**",
        f"- {_vink(plan.escaleer_bij_achterstand)} Baat loopt meer dan "
        f"{_getal(plan.escalatie_drempel)}% achter op planning",
        f"- {_vink(plan.escaleer_bij_commitment)} Baateigenaar kan commitment niet waarmaken",
        f"- {_vink(plan.escaleer_bij_externe_factor)} Externe factor verhindert realisatie",
        f"- {_vink(plan.escaleer_bij_conflict)} Conflict tussen baten onderling",
        *_citaat_md(t.get("escalatie", "")),
        "",
        "---",
        "",
        _VOETTEKST,
    ]
    if plan.bijlagen.strip():
        uit += ["", plan.bijlagen.strip()]
    return "\n".join(uit) + "\n"


_PARAMETER_LABEL = {p.value: str(p.label) for p in Parameter}
