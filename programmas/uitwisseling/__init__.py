"""A whole programme in and out: the Markdown template, a JSON document and an Excel workbook
(all three read back), and a Word document (word.py, out only).

`lees_bestand` reads an uploaded file, the Markdown template (sjabloon.py), the JSON
document or an Excel workbook (excel_lezen.py), into a `PlanData` (plandata.py) with
every warning and error, each at its line; it refuses files over 2 MB or MAX_REGELS lines,
binary files and text it cannot decode, and
never raises on bad input; reading is linear in the file's size (a 2 MB file takes well
under a second). `vingerafdruk` identifies the state of a programme, so that a confirmed
import applies only to the state its preview was made from. `pas_toe` and `voorbeeld`
(toepassen.py) then write it, all or nothing, or tell what
writing it would create, change and remove. `importeer` does both for the management command.

What a file does not state stays as it is. Markdown never states members, escalaties, the
history of the stuurparameters or who entered a meting and when; the JSON document
(`"formaat": "batenplan", "versie": 1`) holds the complete programme and restores it exactly.
It refers to users by username; users that do not exist on the server are reported and left
out (an owner is then kept as a name).

Every text is stored as written and escaped wherever it is exported: the Markdown writer
escapes HTML, and the Excel export writes every text as a text cell, never as a formula.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from ..models import (
    Afhankelijkheid,
    Meetmoment,
    Programma,
    Risico,
)
from .excel import exporteer_xlsx
from .excel_lezen import is_werkmap, lees_xlsx
from .jsondocument import FORMAAT, VERSIE, lees_json, schrijf_json
from .markdown_lezen import lees_markdown
from .markdown_schrijven import schrijf_markdown
from .plandata import (
    ESCALATIE_VELDEN,
    TOELICHTINGEN,
    AfhankelijkheidData,
    BaatData,
    CyclusData,
    CyclusDoelData,
    DoelData,
    Gelezen,
    InspanningData,
    Kop,
    LidData,
    MeetmomentData,
    Melding,
    PlanData,
    RisicoData,
    SectorData,
    StuurparameterData,
    VermogenData,
    in_het_nederlands,
    naar_json,
)
from .toepassen import (
    ImportFout,
    Uitkomst,
    Wijziging,
    controleer,
    extra_naar_json,
    gebruikersnaam,
    pas_toe,
    voorbeeld,
)
from .word import exporteer_docx

if TYPE_CHECKING:
    from ..toegang import Toegang

__all__ = [
    "FORMAAT",
    "MAX_GROOTTE",
    "VERSIE",
    "Gelezen",
    "ImportFout",
    "Uitkomst",
    "Wijziging",
    "controleer",
    "exporteer_json",
    "exporteer_markdown",
    "exporteer_xlsx",
    "importeer",
    "lees_bestand",
    "lees_json",
    "naar_plandata",
    "pas_toe",
    "vingerafdruk",
    "voorbeeld",
]

MAX_GROOTTE = 2 * 1024 * 1024
# A real plan of 40 baten has about 3.000 lines. With this bound and inline parsing off
# (markdown.lees_blokken), reading any file under MAX_GROOTTE takes well under a second.
MAX_REGELS = 20_000


# --------------------------------------------------------------------------------------------
# Reading a file


def _decodeer(inhoud: bytes) -> tuple[str | None, Melding | None]:
    """The text of a file, or None and why it is not a text file we can read."""
    if inhoud.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"%PDF")):
        return None, Melding(
            0,
            _(
                "Dit is geen tekstbestand en geen Excel-werkmap (.xlsx) van een plan (maar "
                "bijvoorbeeld Word of PDF). Lever het plan aan als Markdown (.md), Excel "
                "(.xlsx) of JSON."
            ),
        )
    if inhoud.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return inhoud.decode("utf-16"), None
        except UnicodeDecodeError:
            pass
    elif b"\x00" not in inhoud:
        try:
            return inhoud.decode("utf-8-sig"), None
        except UnicodeDecodeError:
            tekst = inhoud.decode("cp1252", errors="replace")
            if "\ufffd" not in tekst:
                return tekst, Melding(
                    0,
                    _(
                        "Het bestand is geen UTF-8; het is gelezen als Windows-1252. "
                        "Controleer de letters met accenten."
                    ),
                )
    return None, Melding(
        0,
        _(
            "Dit bestand is niet als tekst te lezen (binair bestand of onbekende "
            "tekencodering). Sla het plan op als UTF-8."
        ),
    )


def lees_bestand(inhoud: bytes, *, vandaag: date | None = None) -> Gelezen:
    """An uploaded plan, Markdown, JSON or an Excel workbook, read but not applied. Never
    raises on bad input."""
    if len(inhoud) > MAX_GROOTTE:
        megabytes = len(inhoud) / 1024 / 1024
        return Gelezen(
            None,
            "",
            fouten=[
                Melding(
                    0,
                    _("Het bestand is %(megabytes)s MB; het mag hoogstens 2 MB zijn.")
                    % {"megabytes": format(megabytes, ".1f")},
                )
            ],
        )
    if is_werkmap(inhoud):
        return _gecontroleerd(lees_xlsx(inhoud))
    tekst, melding = _decodeer(inhoud)
    if tekst is None:
        return Gelezen(None, "", fouten=[melding] if melding else [])
    tekst = tekst.removeprefix("\ufeff")
    controle = sum(1 for c in tekst[:5000] if ord(c) < 32 and c not in "\t\n\r\f")
    if controle > 10:
        return Gelezen(
            None, "", fouten=[Melding(0, _("Dit bestand bevat binaire gegevens en is geen plan."))]
        )
    waarschuwingen = [melding] if melding else []
    if tekst.lstrip().startswith("{"):
        gelezen = lees_json(tekst)
    elif te_groot := _te_groot_voor_markdown(tekst):
        return Gelezen(None, "md", fouten=[te_groot])
    else:
        resultaat = lees_markdown(tekst, vandaag=vandaag)
        gelezen = Gelezen(resultaat.plan, "md", resultaat.waarschuwingen, resultaat.fouten)
    gelezen.waarschuwingen[:0] = waarschuwingen
    return _gecontroleerd(gelezen)


def _gecontroleerd(gelezen: Gelezen) -> Gelezen:
    plan = gelezen.plan
    if plan is not None and "baten" in plan.secties:
        # The checks of the content too, so that a damaged file reports every error at once.
        gelezen.fouten += [f for f in _op_plaats(controleer(plan), plan) if f not in gelezen.fouten]
        gelezen.fouten.sort(key=lambda m: m.regel)
    if gelezen.fouten:
        gelezen.plan = None
    return gelezen


def _op_plaats(meldingen: list[Melding], plan: PlanData) -> list[Melding]:
    """Meldingen at the place in the workbook their row came from (Excel has no lines)."""
    for melding in meldingen:
        if not melding.plaats and melding.regel in plan.plaatsen:
            melding.plaats = plan.plaatsen[melding.regel]
    return meldingen


def _te_groot_voor_markdown(tekst: str) -> Melding | None:
    """Why the text is too big to read as a plan, or None."""
    regels = tekst.count("\n") + 1
    if regels > MAX_REGELS:
        return Melding(
            0,
            _(
                "Het bestand heeft %(regels)s regels; een plan heeft er hoogstens %(max)s. "
                "Is dit het goede bestand?"
            )
            % {
                "regels": f"{regels:,}".replace(",", "."),
                "max": f"{MAX_REGELS:,}".replace(",", "."),
            },
        )
    return None


# --------------------------------------------------------------------------------------------
# From the database


def naar_plandata(programma: Programma) -> PlanData:
    """The complete programme as plain data (what the JSON document holds)."""
    p = programma
    baten = list(p.baten.select_related("eigenaar").prefetch_related("sectoren", "roadmap"))
    plan = PlanData(
        kop=Kop(p.naam, p.versie, p.datum_tekst, p.opsteller, p.thema, p.kernprincipe, p.slug),
        sectoren=[SectorData(s.code, s.naam, s.volgorde) for s in p.sectoren.all()],
        aantal_kwartalen=p.aantal_kwartalen,
        start_jaar=p.start_jaar,
        start_kwartaal=p.start_kwartaal,
        frequentie=p.rapportage_frequentie,
        **{veld: getattr(p, veld) for veld in ESCALATIE_VELDEN},
        toelichtingen={s: getattr(p, f"toelichting_{s}") for s in TOELICHTINGEN},
        bijlagen=p.bijlagen,
    )
    for b in baten:
        plan.baten.append(
            BaatData(
                nummer=b.nummer,
                naam=b.naam,
                eigenaar=b.eigenaar_naam,
                eigenaar_gebruiker=gebruikersnaam(b.eigenaar),
                sectoren=[
                    s.code for s in sorted(b.sectoren.all(), key=lambda s: (s.volgorde, s.code))
                ],
                prioriteit=b.prioriteit,
                eenheid=b.eenheid,
                indicator=b.indicator,
                nulmeting=b.nulmeting_tekst,
                nulmeting_bron=b.nulmeting_bron,
                nulmeting_datum=b.nulmeting_datum_tekst,
                target=b.target_tekst,
                deadline=b.deadline_tekst,
                toelichting=b.toelichting,
                roadmap={r.kwartaal: r.fase for r in b.roadmap.all()},
            )
        )
    for c in p.cycli.prefetch_related("doelen__baat"):
        doelen = [
            CyclusDoelData(
                d.baat.nummer,
                d.startniveau_tekst,
                d.doelniveau_tekst,
                d.indicator,
                d.meetmoment_tekst,
            )
            for d in sorted(c.doelen.all(), key=lambda d: d.baat.nummer)
        ]
        plan.cycli.append(CyclusData(c.nummer, c.naam, c.periode, doelen))
    for v in p.vermogens.prefetch_related("baten"):
        plan.vermogens.append(
            VermogenData(
                v.omschrijving,
                sorted(b.nummer for b in v.baten.all()),
                v.volgorde,
                domein=v.domein,
            )
        )
    for i in p.inspanningen.prefetch_related("baten", "vermogens"):
        plan.inspanningen.append(
            InspanningData(
                i.omschrijving,
                sorted(b.nummer for b in i.baten.all()),
                [
                    v.omschrijving
                    for v in sorted(i.vermogens.all(), key=lambda v: (v.volgorde, v.pk))
                ],
                i.volgorde,
                domein=i.domein,
                status=i.status,
            )
        )
    plan.doelen = [
        DoelData(d.nummer, d.naam, d.omschrijving, sorted(b.nummer for b in d.baten.all()))
        for d in p.doelen.prefetch_related("baten")
    ]
    for r in (
        Risico.objects.filter(baat__programma=p)
        .order_by("baat__nummer", "volgorde", "pk")
        .select_related("baat")
    ):
        plan.risicos.append(
            RisicoData(r.baat.nummer, r.omschrijving, r.kans, r.impact, r.mitigatie, r.volgorde)
        )
    for m in (
        Meetmoment.objects.filter(baat__programma=p)
        .select_related("baat", "gemeten_door")
        .order_by("baat__nummer", *Meetmoment._meta.ordering[1:])
    ):
        plan.meetmomenten.append(
            MeetmomentData(
                m.baat.nummer,
                m.datum_tekst,
                m.omschrijving,
                m.verwacht_niveau_tekst,
                m.meting_tekst,
                m.toelichting,
                gebruikersnaam(m.gemeten_door),
                m.gemeten_op.isoformat() if m.gemeten_op else "",
                m.meetdatum_tekst,
            )
        )
    afhankelijkheden = Afhankelijkheid.objects.filter(baat__programma=p).met_figuurdata()
    for a in afhankelijkheden.order_by("volgorde", "pk"):
        van = sorted(k.van.nummer for k in a.koppelingen.all())
        plan.afhankelijkheden.append(
            AfhankelijkheidData(
                a.baat.nummer, van, a.extern, a.type, a.drempel, a.impact_op_planning, a.volgorde
            )
        )
    for s in sorted(
        p.stuurparameters.prefetch_related("wijzigingen__door"), key=lambda s: s.volgorde
    ):
        wijzigingen = [
            extra_naar_json(w, "stuurparameter") for w in s.wijzigingen.order_by("op", "pk")
        ]
        plan.stuurparameters.append(
            StuurparameterData(s.parameter, s.norm, s.status, s.actie, wijzigingen)
        )
    plan.leden = [
        LidData(lid.user.get_username(), lid.rol)
        for lid in p.lidmaatschappen.select_related("user").order_by("user__username")
    ]
    plan.escalaties = [
        extra_naar_json(e, "programma")
        for e in p.escalaties.select_related("baat", "gemeld_door").order_by("pk")
    ]
    return plan


# --------------------------------------------------------------------------------------------
# Applying a plan


def importeer(
    inhoud: bytes,
    *,
    programma: Programma | None = None,
    slug: str | None = None,
    gebruiker: Any = None,
    proef: bool = False,
    vandaag: date | None = None,
) -> Uitkomst:
    """Read a file and apply it, or with `proef` only preview it. Raises ImportFout."""
    gelezen = lees_bestand(inhoud, vandaag=vandaag)
    if gelezen.plan is None:
        raise ImportFout(gelezen.fouten, gelezen.waarschuwingen)
    toepassen = voorbeeld if proef else pas_toe
    plan = gelezen.plan
    try:
        uitkomst = toepassen(plan, programma=programma, slug=slug, gebruiker=gebruiker)
    except ImportFout as fout:
        _op_plaats(fout.fouten, plan)
        fout.waarschuwingen = _samen(gelezen.waarschuwingen, _op_plaats(fout.waarschuwingen, plan))
        raise
    uitkomst.waarschuwingen = _samen(
        gelezen.waarschuwingen, _op_plaats(uitkomst.waarschuwingen, plan)
    )
    return uitkomst


def _samen(gelezen: list[Melding], toegepast: list[Melding]) -> list[Melding]:
    """The reader's warnings, then the model's: less a model's "Onbekende datum" on a line
    where the reader already said it could not read the date."""
    datumregels = {m.regel for m in gelezen if m.soort == "datum"}
    onbekend = (
        "Onbekende datum",
        _("Onbekende datum: schrijf bijvoorbeeld 15-03-2026 of maart 2026."),
    )
    return gelezen + [
        m for m in toegepast if not (m.regel in datumregels and any(o in m.tekst for o in onbekend))
    ]


# --------------------------------------------------------------------------------------------
# Export


@in_het_nederlands
def exporteer_markdown(programma: Programma, *, vandaag: date | None = None) -> str:
    """The programme as the filled-in template."""
    plan = naar_plandata(programma)
    weergave = {b.nummer: b.eigenaar_weergave for b in programma.baten.select_related("eigenaar")}
    for baat in plan.baten:
        baat.eigenaar = weergave[baat.nummer]
    return schrijf_markdown(plan, vandaag=vandaag)


def vingerafdruk(programma: Programma) -> str:
    """A hash of everything the JSON document holds of the programme: a confirmation of an
    import applies only to the state its preview was made from (issue 14 #2)."""
    inhoud = json.dumps(naar_json(naar_plandata(programma)), sort_keys=True, default=str)
    return hashlib.sha256(inhoud.encode()).hexdigest()


@in_het_nederlands
def exporteer_json(programma: Programma, *, met_leden: bool = True) -> str:
    """The complete programme as a versioned JSON document that `lees_json` restores;
    without `met_leden` (Toegang.mag_leden_zien) no member is named in it."""
    return schrijf_json(naar_plandata(programma), met_leden=met_leden)


def _pdf(programma: Programma) -> bytes:
    # Imported here: WeasyPrint is the PDF's business, not import/export's.
    from .. import rapport

    return rapport.pdf(programma)


# --------------------------------------------------------------------------------------------
# Every format a plan leaves in, for the shell (export_plan) and the browser alike


@dataclass(frozen=True)
class Exporteur:
    maak: Callable[[Programma], bytes]
    tekst: bool  # whether it may go to the terminal
    mediatype: str
    # The same file without the member list, for whoever may not see it (Toegang); None
    # where the format holds no member list.
    zonder_leden: Callable[[Programma], bytes] | None = None

    def voor(self, toegang: Toegang) -> bytes:
        """The file as this member may have it."""
        if self.zonder_leden is not None and not toegang.mag_leden_zien:
            return self.zonder_leden(toegang.programma)
        return self.maak(toegang.programma)


EXPORTEURS: dict[str, Exporteur] = {
    "md": Exporteur(lambda p: exporteer_markdown(p).encode(), True, "text/markdown; charset=utf-8"),
    "json": Exporteur(
        lambda p: exporteer_json(p).encode(),
        True,
        "application/json",
        zonder_leden=lambda p: exporteer_json(p, met_leden=False).encode(),
    ),
    "xlsx": Exporteur(
        exporteer_xlsx,
        False,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "pdf": Exporteur(_pdf, False, "application/pdf"),
    "docx": Exporteur(
        exporteer_docx,
        False,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
}
