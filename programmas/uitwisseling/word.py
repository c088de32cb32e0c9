"""The plan as a Word document in the template's own structure, for organisations that
circulate plans in Word: the header, the theoretical basis, sections 1-7 with their tables
where the template has tables, each section's toelichting, and the template's footnote.

It is written from the same plain data as the Markdown template (plandata), with python-docx.
Word is for reading and passing on: it is not read back (Markdown, Excel and JSON are).
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

from ..keuzes import Domein, Fase, Frequentie, InspanningStatus, Kans, Parameter, Prioriteit, Status
from ..models import Programma
from .plandata import BaatData, PlanData, in_het_nederlands

_VOETTEKST = (
    'Template gebaseerd op "Werken aan Programma\'s" (Prevaas & Van Loon), Thema 4: Sturen '
    "(H17-H22)"
)
_LEGENDA = [
    ("Basis", "Fundament leggen (0-30%)"),
    ("Groei", "Opbouwen (30-70%)"),
    ("Target", "Doelniveau bereiken (70-100%)"),
    ("Borging", "Verankeren in organisatie"),
]
_CRITERIA = [
    ("escaleer_bij_achterstand", "Baat loopt meer dan {drempel}% achter op planning"),
    ("escaleer_bij_commitment", "Baateigenaar kan commitment niet waarmaken"),
    ("escaleer_bij_externe_factor", "Externe factor verhindert realisatie"),
    ("escaleer_bij_conflict", "Conflict tussen baten onderling"),
]
# The sections as the template heads them (section 0 is the theoretical basis).
SECTIEKOPPEN = [
    "Theoretische basis",
    "1. Baten Overzicht",
    "2. Batenrealisatie per Cyclus",
    "3. Batenrealisatie Roadmap",
    "4. Per Baat: Realisatiedetails",
    "5. Afhankelijkheden tussen Baten",
    "6. Monitoring & Sturing",
    "7. Escalatie",
]
_VINKJE = {True: "☒", False: "☐"}


def _label(keuze: Any, waarde: str) -> str:
    return str(dict(keuze.choices).get(waarde, "")) if waarde else ""


def _vakjes(keuze: Any, gekozen: str) -> str:
    return "  ".join(f"{_VINKJE[waarde == gekozen]} {label}" for waarde, label in keuze.choices)


def _leeg(tekst: str) -> str:
    return tekst if tekst.strip() else "—"


def _kenmerken(omschrijving: str, domein: str = "", status: str = "") -> str:
    """A vermogen or inspanning with its domein and status (the benefits map), in words:
    "Project Klantcontactcentrum (Proces · Afgerond)"."""
    woorden = [str(Domein(domein).label)] if domein else []
    woorden += [str(InspanningStatus(status).label)] if status else []
    return f"{omschrijving} ({' · '.join(woorden)})" if woorden else omschrijving


class _Schrijver:
    def __init__(self, plan: PlanData) -> None:
        from docx import Document

        self.plan = plan
        self.doc = Document()

    def veld(self, label: str, waarde: str) -> None:
        alinea = self.doc.add_paragraph()
        alinea.add_run(f"{label}: ").bold = True
        alinea.add_run(_leeg(waarde))

    def tabel(self, koppen: list[str], rijen: list[list[str]]) -> None:
        tabel = self.doc.add_table(rows=1, cols=len(koppen))
        tabel.style = "Table Grid"
        for cel, kop in zip(tabel.rows[0].cells, koppen, strict=True):
            cel.text = ""
            cel.paragraphs[0].add_run(kop).bold = True
        for rij in rijen:
            cellen = tabel.add_row().cells
            for cel, waarde in zip(cellen, rij, strict=True):
                cel.text = waarde
        self.doc.add_paragraph()

    def toelichting(self, sectie: str) -> None:
        tekst = self.plan.toelichtingen.get(sectie, "")
        if tekst.strip():
            for regel in tekst.strip().split("\n"):
                self.doc.add_paragraph(regel, style="Quote")

    def lijst(self, items: list[str]) -> None:
        from docx.shared import Cm

        # Numbered as text: Word's "List Number" style counts on across every baat.
        for nummer, item in enumerate(items or ["—"], start=1):
            alinea = self.doc.add_paragraph(f"{nummer}. {item}")
            alinea.paragraph_format.left_indent = Cm(0.6)

    # ---- the document

    def schrijf(self) -> bytes:
        p, doc = self.plan, self.doc
        doc.add_heading(f"Batenrealisatieplan {p.kop.naam}", level=0)
        for label, waarde in (
            ("Programma", p.kop.naam),
            ("Versie", p.kop.versie),
            ("Datum", p.kop.datum),
            ("Opsteller", p.kop.opsteller),
        ):
            self.veld(label, waarde)
        doc.add_heading(SECTIEKOPPEN[0], level=1)
        self.veld("Thema", p.kop.thema or "")
        self.veld("Kernprincipe", p.kop.kernprincipe or "")
        doc.add_paragraph(
            "“Baten realiseren is geen automatisme. Het vraagt actieve sturing en "
            "eigenaarschap.” — Prevaas & Van Loon",
            style="Quote",
        )
        self.doelen()
        self.baten()
        self.cycli()
        self.roadmap()
        self.details()
        self.afhankelijkheden()
        self.monitoring()
        self.escalatie()
        doc.add_paragraph().add_run(_VOETTEKST).italic = True
        uit = BytesIO()
        doc.save(uit)
        return uit.getvalue()

    def doelen(self) -> None:
        """The programme's goals (the benefits map), after the header as in the Markdown;
        only when the plan has them, so a plan without is the template as it was."""
        if not self.plan.doelen:
            return
        self.doc.add_heading("Doelen van het programma", level=1)
        self.tabel(
            ["Nr", "Doel", "Omschrijving", "Baten"],
            [
                [f"D{d.nummer}", d.naam, d.omschrijving, ", ".join(f"B{n}" for n in d.baten)]
                for d in self.plan.doelen
            ],
        )

    def baten(self) -> None:
        self.doc.add_heading(SECTIEKOPPEN[1], level=1)
        self.tabel(
            ["Nr", "Baat", "Baateigenaar", "Sector", "Prioriteit"],
            [
                [
                    f"B{b.nummer}",
                    b.naam,
                    b.eigenaar,
                    "/".join(b.sectoren),
                    _label(Prioriteit, b.prioriteit),
                ]
                for b in self.plan.baten
            ],
        )
        if self.plan.sectoren:
            self.veld("Sectoren", ", ".join(f"{s.code} ({s.naam})" for s in self.plan.sectoren))
        self.toelichting("baten")

    def cycli(self) -> None:
        self.doc.add_heading(SECTIEKOPPEN[2], level=1)
        namen = {b.nummer: f"B{b.nummer}" for b in self.plan.baten}
        for c in self.plan.cycli:
            kop = f"Cyclus {c.nummer}: {c.naam}" + (f" - {c.periode}" if c.periode else "")
            self.doc.add_heading(kop, level=2)
            self.tabel(
                ["Baat", "Startniveau", "Doelniveau", "Indicator", "Meetmoment"],
                [
                    [namen.get(d.baat, ""), d.startniveau, d.doelniveau, d.indicator, d.meetmoment]
                    for d in c.doelen
                ],
            )
        if not self.plan.cycli:
            self.doc.add_paragraph("Nog geen cycli.")
        self.toelichting("cycli")

    def roadmap(self) -> None:
        p = self.plan
        self.doc.add_heading(SECTIEKOPPEN[3], level=1)
        kwartalen = max([p.aantal_kwartalen, *(max(b.roadmap, default=0) for b in p.baten)])
        if p.start_jaar and p.start_kwartaal:
            self.veld("Startkwartaal (Q1)", f"{p.start_jaar} Q{p.start_kwartaal}")
        fasen = {f.value: str(f.label) for f in Fase}
        self.tabel(
            ["Baat", *(f"Q{q}" for q in range(1, kwartalen + 1))],
            [
                [
                    f"B{b.nummer}",
                    *(fasen.get(b.roadmap.get(q, ""), "") for q in range(1, kwartalen + 1)),
                ]
                for b in p.baten
                if b.roadmap
            ],
        )
        alinea = self.doc.add_paragraph()
        alinea.add_run("Legenda:").bold = True
        for fase, uitleg in _LEGENDA:
            item = self.doc.add_paragraph(style="List Bullet")
            item.add_run(f"{fase}: ").bold = True
            item.add_run(uitleg)
        self.toelichting("roadmap")

    def details(self) -> None:
        self.doc.add_heading(SECTIEKOPPEN[4], level=1)
        for b in self.plan.baten:
            self.baat(b)
        self.toelichting("details")

    def baat(self, b: BaatData) -> None:
        p, doc = self.plan, self.doc
        doc.add_heading(f"Baat {b.nummer}: {b.naam}", level=2)
        doc.add_paragraph().add_run("Huidige situatie (nulmeting):").bold = True
        for label, waarde in (
            ("Score/niveau", b.nulmeting),
            ("Bron meting", b.nulmeting_bron),
            ("Datum", b.nulmeting_datum),
            ("Indicator", b.indicator),
            ("Eenheid", b.eenheid),
        ):
            doc.add_paragraph(f"{label}: {_leeg(waarde)}", style="List Bullet")
        doc.add_paragraph().add_run("Doelsituatie:").bold = True
        doc.add_paragraph(f"Target score: {_leeg(b.target)}", style="List Bullet")
        doc.add_paragraph(f"Deadline: {_leeg(b.deadline)}", style="List Bullet")
        doc.add_paragraph().add_run("Benodigde vermogens:").bold = True
        self.lijst(
            [_kenmerken(v.omschrijving, v.domein) for v in p.vermogens if b.nummer in v.baten]
        )
        doc.add_paragraph().add_run("Benodigde inspanningen:").bold = True
        self.lijst(
            [
                _kenmerken(i.omschrijving, i.domein, i.status)
                for i in p.inspanningen
                if b.nummer in i.baten
            ]
        )
        doc.add_paragraph().add_run("Risico's voor realisatie:").bold = True
        self.tabel(
            ["Risico", "Kans", "Impact", "Mitigatie"],
            [
                [r.omschrijving, _vakjes(Kans, r.kans), _vakjes(Kans, r.impact), r.mitigatie]
                for r in p.risicos
                if r.baat == b.nummer
            ],
        )
        doc.add_paragraph().add_run("Meetmomenten:").bold = True
        self.tabel(
            ["Datum", "Omschrijving", "Meting", "Verwacht niveau"],
            [
                [m.datum, m.omschrijving, m.meting, m.verwacht_niveau]
                for m in p.meetmomenten
                if m.baat == b.nummer
            ],
        )
        if b.toelichting.strip():
            doc.add_paragraph(b.toelichting.strip(), style="Quote")

    def afhankelijkheden(self) -> None:
        self.doc.add_heading(SECTIEKOPPEN[5], level=1)
        self.tabel(
            ["Baat", "Afhankelijk van", "Type", "Impact op planning"],
            [
                [
                    f"B{a.baat}",
                    ", ".join([*(f"B{v}" for v in a.van), *([a.extern] if a.extern else [])]),
                    a.type,
                    a.impact_op_planning,
                ]
                for a in self.plan.afhankelijkheden
            ],
        )
        self.toelichting("afhankelijkheden")

    def monitoring(self) -> None:
        p = self.plan
        self.doc.add_heading(SECTIEKOPPEN[6], level=1)
        self.veld("Frequentie batenrapportage", _vakjes(Frequentie, p.frequentie))
        self.doc.add_paragraph().add_run("Stuurparameters (H17-H22):").bold = True
        self.tabel(
            ["Parameter", "Norm", "Huidige status", "Actie nodig?"],
            [
                [_label(Parameter, s.parameter), s.norm, _vakjes(Status, s.status), s.actie]
                for s in p.stuurparameters
            ],
        )
        self.toelichting("monitoring")

    def escalatie(self) -> None:
        p = self.plan
        self.doc.add_heading(SECTIEKOPPEN[7], level=1)
        self.doc.add_paragraph().add_run("Wanneer escaleren naar Sponsorgroep:").bold = True
        drempel = f"{p.escalatie_drempel.normalize():f}".replace(".", ",")
        for veld, tekst in _CRITERIA:
            self.doc.add_paragraph(
                f"{_VINKJE[bool(getattr(p, veld))]} {tekst.format(drempel=drempel)}",
                style="List Bullet",
            )
        self.toelichting("escalatie")


@in_het_nederlands
def exporteer_docx(programma: Programma) -> bytes:
    """The programme as a Word document in the template's structure."""
    from . import naar_plandata

    plan = naar_plandata(programma)
    weergave = {b.nummer: b.eigenaar_weergave for b in programma.baten.select_related("eigenaar")}
    for baat in plan.baten:
        baat.eigenaar = weergave[baat.nummer]
    return _Schrijver(plan).schrijf()
