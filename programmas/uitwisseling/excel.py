"""The Excel workbook: one sheet per section and one with every meting, numbers and dates as
real numbers and dates, every text as a text cell (never a formula). It holds what the
Markdown template holds, so that it imports back into the same plan (excel_lezen.py); the
columns marked "(getal)" and "(datum)" are what the app reads from the text beside them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from io import BytesIO
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from ..keuzes import Fase
from ..models import Afhankelijkheid, Baat, CyclusDoel, Meetmoment, Programma, Risico
from .excel_lezen import TOELICHTING_KOPPEN
from .plandata import in_het_nederlands


def _nummer(baat: Baat) -> int:
    return baat.nummer


def _blad(werkboek: Any, titel: str, koppen: list[str], rijen: Iterable[Sequence[Any]]) -> None:
    """A sheet written row by row (openpyxl's write-only mode): a workbook of 20,000 metingen
    is never held as cells in memory."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    blad = werkboek.create_sheet(titel)
    # Widths and the frozen header go before the first row: a write-only sheet is written
    # in order.
    for kolom, kop in enumerate(koppen, start=1):
        blad.column_dimensions[get_column_letter(kolom)].width = max(12, min(50, len(kop) + 4))
    blad.freeze_panes = "A2"
    vet = Font(bold=True)
    kopcellen = []
    for kop in koppen:
        cel = WriteOnlyCell(blad, value=kop)
        cel.font = vet
        kopcellen.append(cel)
    blad.append(kopcellen)
    for rij in rijen:
        cellen: list[Any] = []
        for waarde in rij:
            if isinstance(waarde, datetime):
                waarde = timezone.localtime(waarde).replace(tzinfo=None)
            if waarde == "":
                waarde = None  # an empty cell, as Excel reads an empty text: not written
            elif isinstance(waarde, str):
                # A text is a text: never a control character, and never a formula, which
                # openpyxl makes of any text that starts with "=".
                waarde = ILLEGAL_CHARACTERS_RE.sub("", waarde)
                if waarde.startswith("="):
                    cel = WriteOnlyCell(blad, value=waarde)
                    cel.data_type = "s"
                    waarde = cel
            cellen.append(waarde)
        blad.append(cellen)


@in_het_nederlands
def exporteer_xlsx(programma: Programma) -> bytes:
    """The programme as a workbook: one sheet per section and one with all metingen, with
    numbers and dates as real numbers and dates."""
    from openpyxl import Workbook

    p = programma
    werkboek = Workbook(write_only=True)
    baten = list(
        p.baten.select_related("eigenaar").prefetch_related(
            "sectoren", "roadmap", "vermogens", "inspanningen"
        )
    )
    keuze = {f.value: str(f.label) for f in Fase}
    _blad(
        werkboek,
        "Programma",
        ["Veld", "Waarde"],
        [
            ["Programma", p.naam],
            ["Slug", p.slug],
            ["Versie", p.versie],
            ["Datum", p.datum_tekst],
            ["Datum (datum)", p.datum],
            ["Opsteller", p.opsteller],
            ["Thema", p.thema],
            ["Kernprincipe", p.kernprincipe],
            ["Startjaar", p.start_jaar],
            ["Startkwartaal", p.start_kwartaal],
            ["Aantal kwartalen", p.aantal_kwartalen],
            ["Bijlagen", p.bijlagen],
            *(
                [kop, getattr(p, f"toelichting_{sectie}")]
                for sectie, kop in TOELICHTING_KOPPEN.items()
            ),
        ],
    )
    _blad(
        werkboek,
        "Doelen",
        ["Nr", "Doel", "Omschrijving", "Baten"],
        [
            [d.code, d.naam, d.omschrijving, ", ".join(b.code for b in d.baten.all())]
            for d in p.doelen.prefetch_related("baten")
        ],
    )
    _blad(
        werkboek,
        "Sectoren",
        ["Code", "Naam"],
        [[s.code, s.naam] for s in p.sectoren.all()],
    )
    _blad(
        werkboek,
        "1 Baten",
        ["Nr", "Baat", "Baateigenaar", "Sector", "Prioriteit", "Eenheid", "Indicator"],
        [
            [
                b.code,
                b.naam,
                b.eigenaar_weergave,
                "/".join(s.code for s in b.sectoren.all()),
                b.get_prioriteit_display(),
                b.eenheid,
                b.indicator,
            ]
            for b in baten
        ],
    )
    doelen = list(
        CyclusDoel.objects.filter(cyclus__programma=p)
        .select_related("cyclus", "baat")
        .order_by("cyclus__nummer", "baat__nummer")
    )
    # A cycle without targets still is a cycle: a row of its own, without a baat.
    met_doelen = {d.cyclus_id for d in doelen}
    lege_cycli = [c for c in p.cycli.all() if c.pk not in met_doelen]
    _blad(
        werkboek,
        "2 Cycli",
        [
            "Cyclus",
            "Naam",
            "Periode",
            "Baat",
            "Startniveau",
            "Startniveau (getal)",
            "Doelniveau",
            "Doelniveau (getal)",
            "Indicator",
            "Meetmoment",
            "Meetmoment (datum)",
        ],
        [
            [
                d.cyclus.nummer,
                d.cyclus.naam,
                d.cyclus.periode,
                d.baat.code,
                d.startniveau_tekst,
                d.startniveau,
                d.doelniveau_tekst,
                d.doelniveau,
                d.indicator,
                d.meetmoment_tekst,
                d.meetmoment,
            ]
            for d in doelen
        ]
        + [[c.nummer, c.naam, c.periode] for c in lege_cycli],
    )
    kwartalen = max([p.aantal_kwartalen, *(r.kwartaal for b in baten for r in b.roadmap.all())])
    _blad(
        werkboek,
        "3 Roadmap",
        ["Baat", *(f"Q{q}" for q in range(1, kwartalen + 1))],
        [
            [
                b.code,
                *(
                    {r.kwartaal: keuze[r.fase] for r in b.roadmap.all()}.get(q, "")
                    for q in range(1, kwartalen + 1)
                ),
            ]
            for b in baten
            if b.roadmap.all()
        ],
    )
    _blad(
        werkboek,
        "4 Realisatiedetails",
        [
            "Nr",
            "Baat",
            "Nulmeting",
            "Nulmeting (getal)",
            "Bron meting",
            "Datum nulmeting",
            "Datum nulmeting (datum)",
            "Target score",
            "Target (getal)",
            "Deadline",
            "Deadline (datum)",
            "Eenheid",
            "Benodigde vermogens (overzicht; zie blad 4 Vermogens)",
            "Benodigde inspanningen (overzicht; zie blad 4 Inspanningen)",
            "Toelichting",
        ],
        [
            [
                b.code,
                b.naam,
                b.nulmeting_tekst,
                b.nulmeting,
                b.nulmeting_bron,
                b.nulmeting_datum_tekst,
                b.nulmeting_datum,
                b.target_tekst,
                b.target,
                b.deadline_tekst,
                b.deadline,
                b.eenheid,
                "; ".join(v.omschrijving for v in b.vermogens.all()),
                "; ".join(i.omschrijving for i in b.inspanningen.all()),
                b.toelichting,
            ]
            for b in baten
        ],
    )
    vermogens = list(p.vermogens.prefetch_related("baten"))
    _blad(
        werkboek,
        "4 Vermogens",
        ["Vermogen", "Baten", "Domein"],
        [
            [
                v.omschrijving,
                ", ".join(b.code for b in sorted(v.baten.all(), key=_nummer)),
                v.get_domein_display(),
            ]
            for v in vermogens
        ],
    )
    _blad(
        werkboek,
        "4 Inspanningen",
        ["Inspanning", "Baten", "Vermogens (één per regel)", "Domein", "Status"],
        [
            [
                i.omschrijving,
                ", ".join(b.code for b in sorted(i.baten.all(), key=_nummer)),
                "\n".join(
                    v.omschrijving
                    for v in sorted(i.vermogens.all(), key=lambda v: (v.volgorde, v.pk))
                ),
                i.get_domein_display(),
                i.get_status_display(),
            ]
            for i in p.inspanningen.prefetch_related("baten", "vermogens")
        ],
    )
    risicos = (
        Risico.objects.filter(baat__programma=p)
        .select_related("baat")
        .order_by("baat__nummer", "volgorde", "pk")
    )
    _blad(
        werkboek,
        "4 Risico's",
        ["Baat", "Risico", "Kans", "Impact", "Mitigatie"],
        [
            [r.baat.code, r.omschrijving, r.get_kans_display(), r.get_impact_display(), r.mitigatie]
            for r in risicos
        ],
    )
    afhankelijkheden = (
        Afhankelijkheid.objects.filter(baat__programma=p)
        .met_figuurdata()
        .order_by("volgorde", "pk")
    )
    _blad(
        werkboek,
        "5 Afhankelijkheden",
        ["Baat", "Afhankelijk van", "Type", "Drempel (%)", "Impact op planning", "Extern"],
        [
            [
                a.baat.code,
                ", ".join(van.code for van in a.van_op_nummer()),
                a.type,
                a.drempel,
                a.impact_op_planning,
                a.extern,
            ]
            for a in afhankelijkheden
        ],
    )
    stuur = sorted(p.stuurparameters.all(), key=lambda s: s.volgorde)
    _blad(
        werkboek,
        "6 Monitoring",
        ["Parameter", "Norm", "Huidige status", "Actie nodig?"],
        [
            ["Frequentie batenrapportage", "", p.get_rapportage_frequentie_display(), ""],
            *([s.get_parameter_display(), s.norm, s.get_status_display(), s.actie] for s in stuur),
        ],
    )
    escalaties = p.escalaties.select_related("baat").order_by("datum", "pk")
    _blad(
        werkboek,
        "7 Escalatie",
        [
            "Criterium of escalatie",
            "Aangevinkt / afgehandeld",
            "Baat",
            "Datum",
            "Drempel (%)",
            "Besluit sponsorgroep",
            "Besluit op",
        ],
        [
            [
                "Baat loopt meer dan de drempel achter op planning",
                p.escaleer_bij_achterstand,
                "",
                None,
                p.escalatie_drempel,
            ],
            [
                "Baateigenaar kan commitment niet waarmaken",
                p.escaleer_bij_commitment,
                "",
                None,
                None,
            ],
            ["Externe factor verhindert realisatie", p.escaleer_bij_externe_factor, "", None, None],
            ["Conflict tussen baten onderling", p.escaleer_bij_conflict, "", None, None],
            *(
                [
                    f"{e.get_criterium_display()}: {e.omschrijving}",
                    e.afgehandeld,
                    e.baat.code if e.baat else "",
                    e.datum,
                    None,
                    e.besluit,
                    e.besluit_op,
                ]
                for e in escalaties
            ),
        ],
    )
    # Plain values, not models: thousands of metingen need no model instances.
    metingen = (
        Meetmoment.objects.filter(baat__programma=p)
        .order_by("baat__nummer", *Meetmoment._meta.ordering[1:])
        .values_list(
            "baat__nummer",
            *Meetmoment.getoonde_velden,
            "baat__eenheid",
            "toelichting",
            f"gemeten_door__{get_user_model().USERNAME_FIELD}",
            "gemeten_op",
            "meetdatum_tekst",
        )
    )
    _blad(
        werkboek,
        "Metingen",
        [
            "Baat",
            "Datum",
            "Datum (datum)",
            "Omschrijving",
            "Verwacht niveau",
            "Verwacht (getal)",
            "Meting",
            "Meting (getal)",
            "Eenheid",
            "Toelichting",
            "Ingevoerd door",
            "Ingevoerd op",
            "Gemeten op",
        ],
        (
            [f"B{nummer}", *waarden, door or "", op, gemeten]
            for nummer, *waarden, door, op, gemeten in metingen
        ),
    )
    uit = BytesIO()
    werkboek.save(uit)
    return uit.getvalue()
