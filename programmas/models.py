"""The batenrealisatieplan as data: one model per part of the template.

Levels and dates are kept as people write them ("NPS +15", "maart 2026 (M3)") beside the
number or date read from that text (domain rule 0); the text is what users see, the number
and date are what the figures use. `save()` derives them, so the two cannot drift apart.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from decimal import ROUND_HALF_UP, Context, Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Min, Model, Q
from django.db.models.expressions import Combinable
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from . import notatie, realisatie
from .keuzes import (
    Criterium,
    Domein,
    Fase,
    Frequentie,
    Herinnering,
    InspanningStatus,
    Kans,
    Parameter,
    Prioriteit,
    Rol,
    Status,
    keuze_label,
)
from .vandaag import vandaag as vandaag_van_de_app

TEKST = 200  # the length of one-line texts: names, levels as written, sources
# Short texts as people write them: "maart 2026 (na besluit stuurgroep)",
# "0.3 (concept, na review stuurgroep 12 maart)", "NPS-punten (schaal -100 tot 100)".
DATUMTEKST = 100
KORT = 100


def wie(label: str, *, editable: bool = True) -> models.ForeignKey:
    """A user named in a row (who changed, measured, decided...): kept as nobody when that
    user is removed, and no reverse relation, for no page asks "what did this user do"."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=editable,
        related_name="+",
        verbose_name=label,
    )


# A level's number has room for 12 digits before the comma and 6 after (niveau_velden).
NIVEAU_DECIMALEN = 6
GROOTSTE_NIVEAU = Decimal(10) ** 12
# SQLite keeps a decimal as a float and Django reads it back to 15 significant digits:
# 999999999999,9999 comes back as 10**12, which no longer fits either.
_afgerond = Context(prec=15).create_decimal


def niveau_velden(label: str) -> tuple[models.CharField, models.DecimalField]:
    """A level as written plus its number; see `vul_afgeleiden`."""
    return (
        models.CharField(label, max_length=TEKST, blank=True),
        models.DecimalField(
            format_lazy(_("{} (getal)"), label),
            max_digits=18,
            decimal_places=NIVEAU_DECIMALEN,
            null=True,
            blank=True,
            editable=False,
        ),
    )


def datum_velden(label: str) -> tuple[models.CharField, models.DateField]:
    return (
        models.CharField(label, max_length=DATUMTEKST, blank=True),
        models.DateField(
            format_lazy(_("{} (datum)"), label), null=True, blank=True, editable=False
        ),
    )


# Rules a writer may confirm instead of obey: the importer turns them into warnings, a form
# into a question. A writer confirms by adding the code to the instance's `bevestigd`.
# "onwaarschijnlijk": a meting far off the baat's scale (domain rule 0), saved once confirmed.
WAARSCHUWINGEN = frozenset({"geen_doel", "buiten_roadmap", "onwaarschijnlijk"})


class Regels:
    """The refusals of one clean(), per field, each with a code.

    A rule counts only when one of the fields it reads is new or changed since the row was
    loaded: a row stored earlier that breaks a rule (by an old import, or a roadmap made
    shorter since) must not block saving an unrelated field of it.
    """

    def __init__(self, obj: PlanOnderdeel) -> None:
        self.obj = obj
        self.fouten: dict[str, list[ValidationError]] = {}

    def geldt(self, *velden: str) -> bool:
        return self.obj.is_gewijzigd(*velden)

    def fout(self, veld: str, bericht: Any, code: str, params: dict | None = None) -> None:
        if code in WAARSCHUWINGEN and code in self.obj.bevestigd:
            return
        self.fouten.setdefault(veld, []).append(ValidationError(bericht, code=code, params=params))

    def weiger(self) -> None:
        if self.fouten:
            raise ValidationError(self.fouten)


class GeladenRijen:
    """Rows a writer has loaded already, so that a rule over a row's siblings (a code or
    number taken, one fase per quarter) looks them up instead of asking the database once
    per row. The importer loads every row of the table it writes and adds each new row once
    the rules passed it, which is what the database would hold had it saved row by row.

    A rule asks through `ander` and `eerste`; for a model without loaded rows they query as
    forms and the admin always do.
    """

    def __init__(self) -> None:
        self._rijen: dict[type[Model], list[Model]] = {}
        self._index: dict[tuple[type[Model], tuple[str, ...]], dict[tuple, list[Model]]] = {}

    def laad(self, model: type[Model], rijen: Iterable[Model]) -> None:
        self._rijen[model] = list(rijen)
        for sleutel in [k for k in self._index if k[0] is model]:
            del self._index[sleutel]

    def voeg_toe(self, obj: Model) -> None:
        self._rijen.setdefault(type(obj), []).append(obj)
        for (model, velden), index in self._index.items():
            if model is type(obj):
                index.setdefault(tuple(getattr(obj, v) for v in velden), []).append(obj)

    def zoek(self, model: type[Model], velden: dict[str, Any]) -> list[Model] | None:
        """The loaded rows with these values (attnames), or None when none were loaded."""
        if model not in self._rijen:
            return None
        namen = tuple(sorted(velden))
        index = self._index.get((model, namen))
        if index is None:
            index = self._index[(model, namen)] = {}
            for rij in self._rijen[model]:
                index.setdefault(tuple(getattr(rij, v) for v in namen), []).append(rij)
        return index.get(tuple(velden[v] for v in namen), [])


_GELADEN: ContextVar[GeladenRijen | None] = ContextVar("geladen_rijen", default=None)


@contextmanager
def met_geladen_rijen(geladen: GeladenRijen) -> Iterator[None]:
    """The rules of the rows checked inside use these rows instead of per-row queries."""
    token = _GELADEN.set(geladen)
    try:
        yield
    finally:
        _GELADEN.reset(token)


def eerste(model: type[Model], **velden: Any) -> Any:
    """The first row of `model` with these values: loaded (GeladenRijen) or from the database."""
    geladen = _GELADEN.get()
    rijen = geladen.zoek(model, velden) if geladen is not None else None
    if rijen is None:
        return model.objects.filter(**velden).first()
    return rijen[0] if rijen else None


def ander(obj: Model, **velden: Any) -> Any:
    """Another row of obj's model with these values, or None (see `eerste`)."""
    model = type(obj)
    geladen = _GELADEN.get()
    rijen = geladen.zoek(model, velden) if geladen is not None else None
    if rijen is None:
        return model.objects.filter(**velden).exclude(pk=obj.pk).first()
    return next((r for r in rijen if r is not obj and (obj.pk is None or r.pk != obj.pk)), None)


class PlanOnderdeel(models.Model):
    """A part of the plan that people edit.

    `revisie` counts the saves: save() raises it in the database on every save, whoever
    saves (forms, admin, import), so that a save based on an older revisie is refused instead
    of silently overwriting someone else's change (see opslaan.bewaar). Each `<x>_tekst`
    field named in `niveaus` or `datums` keeps its number or date in `<x>`.

    clean() holds every rule of the part (domain.md); each writer goes through it via
    full_clean(). Subclasses add their rules in `regels()`.
    """

    revisie = models.PositiveIntegerField(default=1, editable=False)
    gewijzigd_op = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    gewijzigd_door = wie(_("gewijzigd door"), editable=False)

    niveaus: tuple[str, ...] = ()
    datums: tuple[str, ...] = ()
    # Codes of WAARSCHUWINGEN the writer has confirmed for this instance.
    bevestigd: frozenset[str] | set[str] = frozenset()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        self.vul_afgeleiden()
        update_fields = kwargs.get("update_fields")
        if not self._state.adding and self.pk is not None and not kwargs.get("force_insert"):
            # In the database, not from this instance: two saves of stale copies still count
            # as two, and a form based on either revisie is refused afterwards.
            self.revisie = F("revisie") + 1
            if update_fields is not None:
                update_fields = {*update_fields, "revisie"}
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, *self.niveaus, *self.datums}
        super().save(*args, **kwargs)
        if isinstance(self.revisie, Combinable):
            self.refresh_from_db(fields=["revisie"])
        if hasattr(self, "_geladen"):
            # Loaded from the database: what it holds now is what later changes differ from.
            # (A row made in this process has no snapshot: all its rules keep counting.)
            self._geladen = self._waarden()

    @classmethod
    def from_db(cls, db, field_names, values, *args, **kwargs):
        obj = super().from_db(db, field_names, values, *args, **kwargs)
        obj._geladen = obj._waarden()
        return obj

    def _waarden(self) -> dict[str, Any]:
        deferred = self.get_deferred_fields()
        return {
            f.attname: getattr(self, f.attname)
            for f in self._meta.concrete_fields
            if f.attname not in deferred
        }

    def is_gewijzigd(self, *velden: str) -> bool:
        """Whether any of these fields is new or differs from what was loaded."""
        geladen = getattr(self, "_geladen", None)
        if self._state.adding or geladen is None:
            return True
        for naam in velden:
            attname = self._meta.get_field(naam).attname
            if attname not in geladen or geladen[attname] != getattr(self, attname):
                return True
        return False

    def vul_afgeleiden(self) -> None:
        eenheid = self.eenheid_van_niveaus() if self.niveaus else ""
        self._te_groot: list[str] = []
        for naam in self.niveaus:
            getal = notatie.parse_niveau(getattr(self, f"{naam}_tekst"), eenheid)
            if getal is not None and _afgerond(abs(getal)) >= GROOTSTE_NIVEAU:
                # More than the column holds: stored it would corrupt the plan (SQLite) or
                # fail the save (PostgreSQL). clean() refuses it; a writer that skips
                # clean() keeps the text without a number rather than crash.
                self._te_groot.append(naam)
                getal = None
            elif getal is not None and getal.as_tuple().exponent < -NIVEAU_DECIMALEN:
                getal = getal.quantize(Decimal(1).scaleb(-NIVEAU_DECIMALEN), ROUND_HALF_UP)
            setattr(self, naam, getal)
        for naam in self.datums:
            setattr(self, naam, notatie.parse_datum(getattr(self, f"{naam}_tekst")))

    def clean(self) -> None:
        self.vul_afgeleiden()
        regels = Regels(self)
        for naam in self._te_groot:
            if not regels.geldt(f"{naam}_tekst"):
                continue
            regels.fout(
                f"{naam}_tekst",
                _("%(veld)s is te groot: een getal van hoogstens 12 cijfers voor de komma."),
                "te_groot",
                {"veld": capfirst(self._meta.get_field(f"{naam}_tekst").verbose_name)},
            )
        for naam in self.datums:
            tekst = (getattr(self, f"{naam}_tekst") or "").strip()
            if regels.geldt(f"{naam}_tekst") and tekst and getattr(self, naam) is None:
                regels.fout(
                    f"{naam}_tekst",
                    _("Onbekende datum: schrijf bijvoorbeeld 15-03-2026 of maart 2026."),
                    "onbekende_datum",
                )
        self.regels(regels)
        regels.weiger()

    def regels(self, regels: Regels) -> None:
        """The rules of this part beyond readable dates; see `Regels`."""

    def binnen_roadmap(self, regels: Regels, naam: str, wat: Any, programma: Programma) -> None:
        """A date outside the roadmap's quarters: a warning the writer may confirm."""
        datum = getattr(self, naam)
        periode = programma.periode()
        if not regels.geldt(f"{naam}_tekst") or not datum or not periode:
            return
        if periode[0] <= datum <= periode[1]:
            return
        regels.fout(
            f"{naam}_tekst",
            _("%(wat)s valt buiten de roadmap (%(van)s - %(tot)s)."),
            "buiten_roadmap",
            {"wat": wat, "van": programma.kwartaal_naam(1), "tot": programma.kwartaal_naam()},
        )

    def eenheid_van_niveaus(self) -> str:
        """The unit the levels are read with: a level with several numbers has the one
        that carries the baat's unit (domain rule 0)."""
        return ""


class Programma(PlanOnderdeel):
    naam = models.CharField(_("programma"), max_length=TEKST)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    # The plan header.
    versie = models.CharField(_("versie"), max_length=KORT, blank=True)
    datum_tekst, datum = datum_velden(_("datum"))
    opsteller = models.CharField(_("opsteller"), max_length=TEKST, blank=True)
    thema = models.CharField(_("thema"), max_length=TEKST, blank=True)
    kernprincipe = models.CharField(_("kernprincipe"), max_length=TEKST, blank=True)
    # Q1 of the roadmap; empty when the plan does not say (see `eerste_kwartaal`).
    start_jaar = models.PositiveSmallIntegerField(
        _("startjaar"), null=True, blank=True, validators=[MinValueValidator(2000)]
    )
    start_kwartaal = models.PositiveSmallIntegerField(
        _("startkwartaal"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
    )
    aantal_kwartalen = models.PositiveSmallIntegerField(
        _("aantal kwartalen"), default=6, validators=[MinValueValidator(1), MaxValueValidator(40)]
    )
    rapportage_frequentie = models.CharField(
        _("frequentie batenrapportage"), max_length=20, choices=Frequentie, blank=True
    )
    escalatie_drempel = models.DecimalField(
        _("escalatiedrempel (procentpunt achterstand)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(20),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    # Section 7: the criteria the plan ticks.
    escaleer_bij_achterstand = models.BooleanField(
        _("baat loopt meer dan de drempel achter op planning"), default=True
    )
    escaleer_bij_commitment = models.BooleanField(
        _("baateigenaar kan commitment niet waarmaken"), default=True
    )
    escaleer_bij_externe_factor = models.BooleanField(
        _("externe factor verhindert realisatie"), default=True
    )
    escaleer_bij_conflict = models.BooleanField(_("conflict tussen baten onderling"), default=True)
    # A free-text note per section of the template.
    toelichting_baten = models.TextField(_("toelichting baten overzicht"), blank=True)
    toelichting_cycli = models.TextField(_("toelichting batenrealisatie per cyclus"), blank=True)
    toelichting_roadmap = models.TextField(_("toelichting roadmap"), blank=True)
    toelichting_details = models.TextField(_("toelichting realisatiedetails"), blank=True)
    toelichting_afhankelijkheden = models.TextField(_("toelichting afhankelijkheden"), blank=True)
    toelichting_monitoring = models.TextField(_("toelichting monitoring & sturing"), blank=True)
    toelichting_escalatie = models.TextField(_("toelichting escalatie"), blank=True)
    # Sections of an imported plan that the template does not know, kept verbatim.
    bijlagen = models.TextField(_("bijlagen"), blank=True)

    datums = ("datum",)

    class Meta:
        verbose_name = _("programma")
        verbose_name_plural = _("programma's")
        ordering = ["naam"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_kwartaal__isnull=True)
                | Q(start_kwartaal__gte=1, start_kwartaal__lte=4),
                name="programma_start_kwartaal_1_4",
            ),
            models.CheckConstraint(
                condition=Q(start_jaar__isnull=True, start_kwartaal__isnull=True)
                | Q(start_jaar__isnull=False, start_kwartaal__isnull=False),
                name="programma_start_jaar_en_kwartaal_samen",
            ),
            models.CheckConstraint(
                condition=Q(aantal_kwartalen__gte=1, aantal_kwartalen__lte=40),
                name="programma_aantal_kwartalen_1_40",
            ),
            models.CheckConstraint(
                condition=Q(escalatie_drempel__gte=0, escalatie_drempel__lte=100),
                name="programma_escalatie_drempel_0_100",
            ),
            models.CheckConstraint(
                condition=Q(rapportage_frequentie__in=["", *Frequentie.values]),
                name="programma_rapportage_frequentie_keuze",
            ),
        ]

    def __str__(self) -> str:
        return self.naam

    def save(self, *args, **kwargs) -> None:
        self.vergeet_eerste_kwartaal()
        super().save(*args, **kwargs)

    def vergeet_eerste_kwartaal(self) -> None:
        """Forget a derived Q1 (see `eerste_kwartaal`): a writer that adds cycles or baten
        may have changed it."""
        self.__dict__.pop("_eerste_kwartaal", None)

    def regels(self, regels: Regels) -> None:
        if (self.start_jaar is None) != (self.start_kwartaal is None):
            regels.fout(
                NON_FIELD_ERRORS,
                _("Vul startjaar en startkwartaal allebei in, of allebei niet."),
                "start_half",
            )
        if self.pk and self.aantal_kwartalen and regels.geldt("aantal_kwartalen"):
            later = (
                RoadmapFase.objects.filter(baat__programma=self, kwartaal__gt=self.aantal_kwartalen)
                .order_by("kwartaal")
                .values_list("kwartaal", flat=True)
                .first()
            )
            if later:
                regels.fout(
                    "aantal_kwartalen",
                    _("In Q%(k)s staan nog fasen in de roadmap; maak die eerst leeg."),
                    "roadmap_gevuld",
                    {"k": later},
                )

    def heeft_programmamanager(self) -> bool:
        """Whether the programme has a programme manager as stored (see below)."""
        return self.lidmaatschappen.filter(rol=Rol.PROGRAMMAMANAGER).exists()

    def controleer_programmamanager(
        self, *, rollen: dict[Any, str] | None = None, weg: Iterable[Any] = ()
    ) -> None:
        """A programme keeps a programme manager, or nobody could manage it (domain: roles).

        Without arguments: checks the members as stored (the importer calls it after all
        rows). With `rollen` (member pk, or any key for a new member -> its role) and/or
        `weg` (pks of members to remove): checks that change before it is made (the admin's
        member inline, a bulk delete); a programme without a manager now is left alone then.
        """
        nu = dict(self.lidmaatschappen.values_list("pk", "rol")) if self.pk else {}
        if rollen is None and not weg:
            na = nu
        else:
            if Rol.PROGRAMMAMANAGER not in nu.values():
                return
            na = {**nu, **(rollen or {})}
            for pk in weg:
                na.pop(pk, None)
        if Rol.PROGRAMMAMANAGER not in na.values():
            raise ValidationError(
                _("Het programma houdt geen programmamanager over; wijs er een aan."),
                code="geen_programmamanager",
            )

    def kwartaal_naam(self, nummer: int | None = None) -> str:
        """Roadmap quarter `nummer` (default: the last) as a calendar quarter, "Q2 2027"."""
        eerste = self.eerste_kwartaal()
        if not eerste:
            return f"Q{nummer or self.aantal_kwartalen}"
        begin = realisatie.kwartaal_periode(*eerste, nummer or self.aantal_kwartalen)[0]
        return f"Q{(begin.month - 1) // 3 + 1} {begin.year}"

    def kwartalen_tot(self, datum: date) -> int | None:
        """How many quarters the roadmap needs to reach this date; None when it cannot by
        growing at its end (a date before Q1, or beyond the 40 quarters a roadmap holds)."""
        eerste = self.eerste_kwartaal()
        if not eerste:
            return None
        nummer = realisatie.kwartaal_nummer(*eerste, datum)
        if nummer < 1 or nummer > 40:
            return None
        return max(nummer, self.aantal_kwartalen)

    def kwartaal_nu(self, vandaag: date) -> int | None:
        """The roadmap quarter of a date (Q1 = 1), or None when Q1 is unknown."""
        eerste = self.eerste_kwartaal()
        return realisatie.kwartaal_nummer(*eerste, vandaag) if eerste else None

    def figuren(
        self,
        vandaag: date | None = None,
        baten: Iterable[Baat] | None = None,
        afhankelijkheden: Iterable[Afhankelijkheid] | None = None,
        meetmomenten: dict[int, list[realisatie.MeetmomentCijfers]] | None = None,
        roadmap: dict[int, dict[int, Fase]] | None = None,
    ) -> tuple[dict[str, realisatie.BaatFiguren], list[realisatie.AfhankelijkheidFiguur]]:
        """Every figure of the plan (domain rules 1-6) on a date, in a fixed number of queries.

        Pages that load the baten and afhankelijkheden anyway pass them in (fetched with
        `met_figuurdata()` and `Afhankelijkheid.objects.met_figuurdata()`); `meetmomenten` and
        `roadmap` (planned fase per quarter) per baat pk as plain values, when they have them.
        """
        vandaag = vandaag or vandaag_van_de_app()
        if baten is None:
            baten = self.baten.met_figuurdata()
        if afhankelijkheden is None:
            afhankelijkheden = Afhankelijkheid.objects.filter(baat__programma=self).met_figuurdata()
        return realisatie.plan_figuren(
            [
                baat.figuurdata(
                    None if meetmomenten is None else meetmomenten.get(baat.pk, []),
                    None if roadmap is None else roadmap.get(baat.pk, {}),
                )
                for baat in baten
            ],
            [a.figuurdata() for a in afhankelijkheden],
            drempel=self.escalatie_drempel,
            vandaag=vandaag,
            kwartaal_nu=self.kwartaal_nu(vandaag),
            criteria=self.escalatie_criteria(),
        )

    def escalatie_criteria(self) -> frozenset[Criterium]:
        """The criteria section 7 ticks: only their signals go to the sponsorgroep."""
        return frozenset(
            criterium
            for criterium, aan in (
                (Criterium.ACHTERSTAND, self.escaleer_bij_achterstand),
                (Criterium.COMMITMENT, self.escaleer_bij_commitment),
                (Criterium.EXTERNE_FACTOR, self.escaleer_bij_externe_factor),
                (Criterium.CONFLICT, self.escaleer_bij_conflict),
            )
            if aan
        )

    def periode(self) -> tuple[date, date] | None:
        """From the first day of Q1 to the last day of the last quarter of the roadmap."""
        eerste = self.eerste_kwartaal()
        if not eerste:
            return None
        return (
            realisatie.kwartaal_periode(*eerste, 1)[0],
            realisatie.kwartaal_periode(*eerste, self.aantal_kwartalen)[1],
        )

    def eerste_kwartaal(self) -> tuple[int, int] | None:
        """Q1 of the roadmap as (jaar, kwartaal): as set, else derived (domain: Roadmap).

        A page asks several times; a derived answer is read once per instance, and save()
        forgets it, since a save may set the start quarter.
        """
        if self.start_jaar and self.start_kwartaal:
            return self.start_jaar, self.start_kwartaal
        if "_eerste_kwartaal" not in self.__dict__:
            self._eerste_kwartaal = self._afgeleid_eerste_kwartaal()
        return self._eerste_kwartaal

    def _afgeleid_eerste_kwartaal(self) -> tuple[int, int] | None:
        return self.eerste_kwartaal_uit(
            self.cycli.order_by("nummer").values_list("periode", flat=True),
            lambda: self.baten.aggregate(vroegste=Min("nulmeting_datum"))["vroegste"],
        )

    @staticmethod
    def eerste_kwartaal_uit(
        perioden: Iterable[str], vroegste: Callable[[], date | None]
    ) -> tuple[int, int] | None:
        """Q1 derived (domain: Roadmap) from the cycles' periods in cycle order, failing
        that from the earliest nulmeting datum (asked only then). A page that reads many
        programmes at once (the portfolio) passes what it read for all of them."""
        for periode_tekst in perioden:
            periode = notatie.parse_periode(periode_tekst)
            if periode:
                return notatie.kwartaal_van(periode[0])
        dag = vroegste()
        return notatie.kwartaal_van(dag) if dag else None


class Sector(PlanOnderdeel):
    programma = models.ForeignKey(
        Programma, on_delete=models.CASCADE, related_name="sectoren", verbose_name=_("programma")
    )
    code = models.CharField(_("code"), max_length=12)
    naam = models.CharField(_("naam"), max_length=TEKST, blank=True)
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("sector")
        verbose_name_plural = _("sectoren")
        ordering = ["programma", "volgorde", "code"]
        constraints = [
            models.UniqueConstraint(fields=["programma", "code"], name="sector_code_uniek")
        ]

    def __str__(self) -> str:
        return self.code

    def regels(self, regels: Regels) -> None:
        if (
            self.programma_id
            and regels.geldt("code", "programma")
            and ander(self, programma_id=self.programma_id, code=self.code)
        ):
            regels.fout("code", _("Sector %(code)s bestaat al."), "code_bezet", {"code": self.code})


class Lidmaatschap(PlanOnderdeel):
    programma = models.ForeignKey(
        Programma,
        on_delete=models.CASCADE,
        related_name="lidmaatschappen",
        verbose_name=_("programma"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="lidmaatschappen",
        verbose_name=_("gebruiker"),
    )
    rol = models.CharField(_("rol"), max_length=20, choices=Rol)

    class Meta:
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        ordering = ["programma", "rol", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["programma", "user"], name="lid_eenmaal_per_programma"),
            models.CheckConstraint(condition=Q(rol__in=Rol.values), name="lid_rol_keuze"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_rol_display()}, {self.programma})"

    def regels(self, regels: Regels) -> None:
        if self.programma_id and self.user_id and regels.geldt("user", "programma"):
            andere = Lidmaatschap.objects.filter(
                programma_id=self.programma_id, user_id=self.user_id
            ).exclude(pk=self.pk)
            if andere.exists():
                regels.fout(
                    "user",
                    _("%(naam)s is al lid van dit programma."),
                    "al_lid",
                    {"naam": self.user.get_username()},
                )
        if self.rol != Rol.PROGRAMMAMANAGER and self.is_laatste_programmamanager():
            regels.fout(
                "rol",
                _("Dit is de enige programmamanager; wijs eerst een andere aan."),
                "geen_programmamanager",
            )

    def is_laatste_programmamanager(self) -> bool:
        """Whether this member is, in the database, the programme's only programme manager."""
        if not self.pk or not self.programma_id:
            return False
        pms = Lidmaatschap.objects.filter(
            programma_id=self.programma_id, rol=Rol.PROGRAMMAMANAGER
        ).values_list("pk", flat=True)
        return list(pms[:2]) == [self.pk]

    def controleer_verwijderen(self) -> None:
        """Refuse removing the last programme manager (ValidationError, as clean() does)."""
        if self.is_laatste_programmamanager():
            raise ValidationError(
                _("De laatste programmamanager kan niet weg; wijs eerst een andere aan."),
                code="geen_programmamanager",
            )


# The roles of the members who may own a baat (domain.md, roles).
EIGENAAR_ROLLEN = (Rol.PROGRAMMAMANAGER, Rol.BAATEIGENAAR)


class BaatQuerySet(models.QuerySet["Baat"]):
    def met_figuurdata(self) -> BaatQuerySet:
        """With what the figures need, so a plan of any size costs the same queries."""
        return self.prefetch_related("meetmomenten", "roadmap")


class Baat(PlanOnderdeel):
    programma = models.ForeignKey(
        Programma, on_delete=models.CASCADE, related_name="baten", verbose_name=_("programma")
    )
    nummer = models.PositiveSmallIntegerField(_("nummer"), validators=[MinValueValidator(1)])
    naam = models.CharField(_("baat"), max_length=TEKST)
    # A member who owns the baat or, until linked to an account, a name or role as text.
    eigenaar = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="baten",
        verbose_name=_("baateigenaar"),
    )
    eigenaar_naam = models.CharField(_("baateigenaar (naam)"), max_length=TEKST, blank=True)
    sectoren = models.ManyToManyField(
        Sector, blank=True, related_name="baten", verbose_name=_("sectoren")
    )
    prioriteit = models.CharField(_("prioriteit"), max_length=10, choices=Prioriteit, blank=True)
    eenheid = models.CharField(_("eenheid"), max_length=KORT, blank=True)
    indicator = models.CharField(_("indicator"), max_length=TEKST, blank=True)
    nulmeting_tekst, nulmeting = niveau_velden(_("nulmeting score/niveau"))
    nulmeting_bron = models.CharField(_("bron meting"), max_length=TEKST, blank=True)
    nulmeting_datum_tekst, nulmeting_datum = datum_velden(_("datum nulmeting"))
    target_tekst, target = niveau_velden(_("target score"))
    deadline_tekst, deadline = datum_velden(_("deadline"))
    toelichting = models.TextField(_("toelichting"), blank=True)

    niveaus = ("nulmeting", "target")
    datums = ("nulmeting_datum", "deadline")
    objects = BaatQuerySet.as_manager()

    class Meta:
        verbose_name = _("baat")
        verbose_name_plural = _("baten")
        ordering = ["programma", "nummer"]
        constraints = [
            models.UniqueConstraint(fields=["programma", "nummer"], name="baat_nummer_uniek"),
            models.CheckConstraint(condition=Q(nummer__gte=1), name="baat_nummer_positief"),
            models.CheckConstraint(
                condition=Q(prioriteit__in=["", *Prioriteit.values]), name="baat_prioriteit_keuze"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.naam}"

    def save(self, *args, **kwargs) -> None:
        oud = (
            Baat.objects.filter(pk=self.pk).values_list("eenheid", flat=True).first()
            if self.pk
            else None
        )
        super().save(*args, **kwargs)
        if oud is not None and oud != self.eenheid:
            # The levels of its meetmomenten and cycles are read with the unit.
            for rij in [*self.meetmomenten.all(), *self.cyclusdoelen.all()]:
                rij.baat = self
                rij.save(update_fields=[])

    @property
    def code(self) -> str:
        return f"B{self.nummer}"

    @property
    def eigenaar_weergave(self) -> str:
        if self.eigenaar_id:
            return self.eigenaar.get_full_name() or self.eigenaar.get_username()
        return self.eigenaar_naam

    def clean(self) -> None:
        # The name is for an owner without an account ("zolang de eigenaar geen account
        # heeft"): once an account is chosen it is the owner, and a name left beside it
        # would come back from every export as a change.
        if self.eigenaar_id:
            self.eigenaar_naam = ""
        super().clean()

    def regels(self, regels: Regels) -> None:
        if (
            regels.geldt("nulmeting_tekst", "target_tekst")
            and self.nulmeting is not None
            and self.nulmeting == self.target
        ):
            regels.fout(
                "target_tekst",
                _("De target score is gelijk aan de nulmeting: er valt dan niets te realiseren."),
                "geen_doel",
            )
        if (
            regels.geldt("nulmeting_datum_tekst", "deadline_tekst")
            and self.nulmeting_datum
            and self.deadline
            and self.deadline <= self.nulmeting_datum
        ):
            regels.fout(
                "deadline_tekst",
                _("De deadline ligt niet na de datum van de nulmeting."),
                "deadline_voor_nulmeting",
            )
        if not self.programma_id:
            return
        self.binnen_roadmap(regels, "deadline", _("De deadline"), self.programma)
        if self.eigenaar_id and regels.geldt("eigenaar", "programma"):
            lid = eerste(Lidmaatschap, programma_id=self.programma_id, user_id=self.eigenaar_id)
            if lid is None or lid.rol not in EIGENAAR_ROLLEN:
                regels.fout(
                    "eigenaar",
                    _(
                        "De baateigenaar moet lid zijn van het programma als baateigenaar of "
                        "programmamanager."
                    ),
                    "eigenaar_geen_lid",
                )
        if self.nummer and regels.geldt("nummer", "programma"):
            andere = ander(self, programma_id=self.programma_id, nummer=self.nummer)
            if andere:
                regels.fout(
                    "nummer",
                    _("B%(nummer)s is al in gebruik voor “%(naam)s”."),
                    "nummer_bezet",
                    {"nummer": self.nummer, "naam": andere.naam},
                )

    def controleer_koppelingen(self, sectoren: Iterable[Sector] | None = None) -> None:
        """The baat's sectoren must be its programme's (many-to-many: after clean())."""
        controleer_zelfde_programma(self.programma_id, sectoren=sectoren)

    def eenheid_van_niveaus(self) -> str:
        return self.eenheid

    @staticmethod
    def mogelijke_eigenaren(programma_id: int | None) -> models.QuerySet:
        """The users who may own a baat of this programme: its members as baateigenaar or
        programme manager (domain.md, roles). A rule of the plan, not an access decision:
        clean() checks it, the baat form offers them, the importer links to them."""
        return get_user_model().objects.filter(
            lidmaatschappen__programma_id=programma_id,
            lidmaatschappen__rol__in=EIGENAAR_ROLLEN,
        )

    def figuurdata(
        self,
        meetmomenten: Sequence[realisatie.MeetmomentCijfers] | None = None,
        roadmap: dict[int, Fase] | None = None,
    ) -> realisatie.BaatCijfers:
        """What the figures need; `meetmomenten` from MeetmomentQuerySet.figuurdata and
        `roadmap` (fase per quarter) when the caller has them, so that thousands of metingen
        and roadmap cells need not become models."""
        if meetmomenten is None:
            meetmomenten = [m.figuurdata() for m in self.meetmomenten.all()]
        if roadmap is None:
            roadmap = {cel.kwartaal: Fase(cel.fase) for cel in self.roadmap.all()}
        return realisatie.BaatCijfers(
            code=self.code,
            nulmeting=self.nulmeting,
            nulmeting_datum=self.nulmeting_datum,
            doel=self.target,
            deadline=self.deadline,
            meetmomenten=meetmomenten,
            roadmap=roadmap,
        )


class Cyclus(PlanOnderdeel):
    programma = models.ForeignKey(
        Programma, on_delete=models.CASCADE, related_name="cycli", verbose_name=_("programma")
    )
    nummer = models.PositiveSmallIntegerField(_("nummer"), validators=[MinValueValidator(1)])
    naam = models.CharField(_("naam"), max_length=TEKST, blank=True)
    periode = models.CharField(_("periode"), max_length=KORT, blank=True)

    class Meta:
        verbose_name = _("cyclus")
        verbose_name_plural = _("cycli")
        ordering = ["programma", "nummer"]
        constraints = [
            models.UniqueConstraint(fields=["programma", "nummer"], name="cyclus_nummer_uniek"),
            models.CheckConstraint(condition=Q(nummer__gte=1), name="cyclus_nummer_positief"),
        ]

    def __str__(self) -> str:
        titel = f"Cyclus {self.nummer}: {self.naam}" if self.naam else f"Cyclus {self.nummer}"
        return f"{titel} - {self.periode}" if self.periode else titel

    def regels(self, regels: Regels) -> None:
        periode = (self.periode or "").strip()
        if regels.geldt("periode") and periode and notatie.parse_periode(periode) is None:
            regels.fout(
                "periode",
                _("Onbekende periode: schrijf bijvoorbeeld 2026 H1, Q3 2026 of jan-jun 2026."),
                "onbekende_periode",
            )
        if (
            self.programma_id
            and self.nummer
            and regels.geldt("nummer", "programma")
            and ander(self, programma_id=self.programma_id, nummer=self.nummer)
        ):
            regels.fout("nummer", _("Cyclus %(n)s bestaat al."), "nummer_bezet", {"n": self.nummer})


class CyclusDoel(PlanOnderdeel):
    """One row of a cycle's table in section 2: what one baat must reach in that cycle."""

    cyclus = models.ForeignKey(Cyclus, on_delete=models.CASCADE, related_name="doelen")
    baat = models.ForeignKey(Baat, on_delete=models.CASCADE, related_name="cyclusdoelen")
    startniveau_tekst, startniveau = niveau_velden(_("startniveau"))
    doelniveau_tekst, doelniveau = niveau_velden(_("doelniveau"))
    indicator = models.CharField(_("indicator"), max_length=TEKST, blank=True)
    meetmoment_tekst, meetmoment = datum_velden(_("meetmoment"))

    niveaus = ("startniveau", "doelniveau")
    datums = ("meetmoment",)

    class Meta:
        verbose_name = _("cyclusdoel")
        verbose_name_plural = _("cyclusdoelen")
        ordering = ["cyclus", "baat__nummer"]
        constraints = [
            models.UniqueConstraint(fields=["cyclus", "baat"], name="cyclusdoel_eenmaal_per_baat")
        ]

    def __str__(self) -> str:
        return f"{self.cyclus} · {self.baat.code}"

    def regels(self, regels: Regels) -> None:
        # A doelniveau equal to the startniveau is allowed: a cycle that only measures; its
        # realisatie reads "geen doel" (domain rule 1).
        if not (self.cyclus_id and self.baat_id):
            return
        if regels.geldt("cyclus", "baat"):
            if self.cyclus.programma_id != self.baat.programma_id:
                regels.fout(
                    "baat", _("Deze baat hoort bij een ander programma."), "ander_programma"
                )
            if ander(self, cyclus_id=self.cyclus_id, baat_id=self.baat_id):
                regels.fout(
                    "baat",
                    _("%(b)s heeft al een doel in deze cyclus."),
                    "dubbel",
                    {"b": self.baat.code},
                )
        self.binnen_roadmap(regels, "meetmoment", _("Het meetmoment"), self.cyclus.programma)

    def eenheid_van_niveaus(self) -> str:
        return self.baat.eenheid if self.baat_id else ""


class RoadmapFase(PlanOnderdeel):
    """A cell of the roadmap in section 3: the planned fase of a baat in quarter Qn."""

    baat = models.ForeignKey(Baat, on_delete=models.CASCADE, related_name="roadmap")
    kwartaal = models.PositiveSmallIntegerField(
        _("kwartaal"), validators=[MinValueValidator(1), MaxValueValidator(40)]
    )
    fase = models.CharField(_("fase"), max_length=10, choices=Fase)

    class Meta:
        verbose_name = _("roadmapfase")
        verbose_name_plural = _("roadmap")
        ordering = ["baat__nummer", "kwartaal"]
        constraints = [
            models.UniqueConstraint(
                fields=["baat", "kwartaal"], name="roadmap_eenmaal_per_kwartaal"
            ),
            models.CheckConstraint(
                condition=Q(kwartaal__gte=1, kwartaal__lte=40), name="roadmap_kwartaal_1_40"
            ),
            models.CheckConstraint(condition=Q(fase__in=Fase.values), name="roadmap_fase_keuze"),
        ]

    def __str__(self) -> str:
        return f"{self.baat.code} Q{self.kwartaal}: {self.get_fase_display()}"

    def regels(self, regels: Regels) -> None:
        if not self.baat_id or not self.kwartaal or not regels.geldt("baat", "kwartaal"):
            return
        aantal = self.baat.programma.aantal_kwartalen
        if self.kwartaal > aantal:
            regels.fout(
                "kwartaal",
                ngettext_lazy(
                    "De roadmap heeft %(n)s kwartaal; Q%(k)s valt erbuiten.",
                    "De roadmap heeft %(n)s kwartalen; Q%(k)s valt erbuiten.",
                    "n",
                ),
                "kwartaal_buiten_roadmap",
                {"n": aantal, "k": self.kwartaal},
            )
        if ander(self, baat_id=self.baat_id, kwartaal=self.kwartaal):
            regels.fout(
                "kwartaal",
                _("%(b)s heeft al een fase in Q%(k)s."),
                "dubbel",
                {"b": self.baat.code, "k": self.kwartaal},
            )


class Vermogen(PlanOnderdeel):
    """A capability to build; programme-wide and linked to the baten it serves."""

    programma = models.ForeignKey(
        Programma, on_delete=models.CASCADE, related_name="vermogens", verbose_name=_("programma")
    )
    omschrijving = models.CharField(_("omschrijving"), max_length=500)
    baten = models.ManyToManyField(
        Baat, blank=True, related_name="vermogens", verbose_name=_("baten")
    )
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    domein = models.CharField(_("domein"), max_length=10, choices=Domein, blank=True)

    class Meta:
        verbose_name = _("vermogen")
        verbose_name_plural = _("vermogens")
        ordering = ["programma", "volgorde", "pk"]

    def __str__(self) -> str:
        return self.omschrijving

    def controleer_koppelingen(self, baten: Iterable[Baat] | None = None) -> None:
        controleer_zelfde_programma(self.programma_id, baten=baten)


class Inspanning(PlanOnderdeel):
    """An effort (project, activity); it builds vermogens and serves baten."""

    programma = models.ForeignKey(
        Programma,
        on_delete=models.CASCADE,
        related_name="inspanningen",
        verbose_name=_("programma"),
    )
    omschrijving = models.CharField(_("omschrijving"), max_length=500)
    baten = models.ManyToManyField(
        Baat, blank=True, related_name="inspanningen", verbose_name=_("baten")
    )
    vermogens = models.ManyToManyField(
        Vermogen, blank=True, related_name="inspanningen", verbose_name=_("vermogens")
    )
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    domein = models.CharField(_("domein"), max_length=10, choices=Domein, blank=True)
    # Whether the effort is done: the benefits map warns of a baat behind plan whose
    # inspanningen are all finished (issue 17).
    status = models.CharField(_("status"), max_length=10, choices=InspanningStatus, blank=True)

    class Meta:
        verbose_name = _("inspanning")
        verbose_name_plural = _("inspanningen")
        ordering = ["programma", "volgorde", "pk"]

    def __str__(self) -> str:
        return self.omschrijving

    def controleer_koppelingen(
        self, baten: Iterable[Baat] | None = None, vermogens: Iterable[Vermogen] | None = None
    ) -> None:
        controleer_zelfde_programma(self.programma_id, baten=baten, vermogens=vermogens)


class Doel(PlanOnderdeel):
    """A goal of the programme (D1, D2, ...); the baten serve it (the benefits map)."""

    programma = models.ForeignKey(
        Programma, on_delete=models.CASCADE, related_name="doelen", verbose_name=_("programma")
    )
    nummer = models.PositiveSmallIntegerField(_("nummer"), validators=[MinValueValidator(1)])
    naam = models.CharField(_("doel"), max_length=TEKST)
    omschrijving = models.TextField(_("omschrijving"), blank=True)
    baten = models.ManyToManyField(
        Baat, blank=True, related_name="doelen", verbose_name=_("baten die eraan bijdragen")
    )

    class Meta:
        verbose_name = _("doel")
        verbose_name_plural = _("doelen")
        ordering = ["programma", "nummer"]
        constraints = [
            models.UniqueConstraint(fields=["programma", "nummer"], name="doel_nummer_uniek"),
            models.CheckConstraint(condition=Q(nummer__gte=1), name="doel_nummer_positief"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.naam}"

    @property
    def code(self) -> str:
        return f"D{self.nummer}"

    def regels(self, regels: Regels) -> None:
        if (
            self.programma_id
            and self.nummer
            and regels.geldt("nummer", "programma")
            and ander(self, programma_id=self.programma_id, nummer=self.nummer)
        ):
            regels.fout("nummer", _("D%(n)s bestaat al."), "nummer_bezet", {"n": self.nummer})

    def controleer_koppelingen(self, baten: Iterable[Baat] | None = None) -> None:
        controleer_zelfde_programma(self.programma_id, baten=baten)


class Risico(PlanOnderdeel):
    baat = models.ForeignKey(Baat, on_delete=models.CASCADE, related_name="risicos")
    omschrijving = models.CharField(_("risico"), max_length=500)
    kans = models.CharField(_("kans"), max_length=1, choices=Kans, blank=True)
    impact = models.CharField(_("impact"), max_length=1, choices=Kans, blank=True)
    mitigatie = models.TextField(_("mitigatie"), blank=True)
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("risico")
        verbose_name_plural = _("risico's")
        ordering = ["baat", "volgorde", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(kans__in=["", *Kans.values]), name="risico_kans"),
            models.CheckConstraint(
                condition=Q(impact__in=["", *Kans.values]), name="risico_impact"
            ),
        ]

    def __str__(self) -> str:
        return self.omschrijving


class MeetmomentQuerySet(models.QuerySet["Meetmoment"]):
    def als_afspraak(self) -> MeetmomentQuerySet:
        """What a reminder mail and a calendar event show of a meetmoment, with its baat
        and programme, in one query."""
        return self.select_related("baat__programma").only(
            "datum",
            "datum_tekst",
            "omschrijving",
            "verwacht_niveau_tekst",
            "meting_tekst",
            "gewijzigd_op",
            "baat__nummer",
            "baat__naam",
            "baat__eigenaar_id",
            "baat__eigenaar_naam",
            "baat__programma__naam",
            "baat__programma__slug",
        )

    def figuurdata(self) -> dict[int, list[tuple[int, realisatie.MeetmomentCijfers]]]:
        """Per baat, in the model's order, each meetmoment's pk and what the figures need:
        plain values from one query, for pages that show only some of them."""
        per_baat: dict[int, list[tuple[int, realisatie.MeetmomentCijfers]]] = {}
        rijen = self.values_list(
            "pk", "baat_id", "datum", "verwacht_niveau", "meting_tekst", "meting", "meetdatum"
        )
        for pk, baat_id, datum, verwacht, meting_tekst, meting, meetdatum in rijen:
            per_baat.setdefault(baat_id, []).append(
                (
                    pk,
                    realisatie.MeetmomentCijfers(
                        datum,
                        verwacht,
                        realisatie.is_gemeten(meting_tekst),
                        meting,
                        meetdatum=meetdatum,
                    ),
                )
            )
        return per_baat

    def figuurdata_licht(self) -> dict[int, list[tuple[int, realisatie.MeetmomentCijfers]]]:
        """The same as figuurdata, read as text and turned into dates and Decimals here:
        Django's converters take twice as long, which counts where one page reads the
        metingen of many programmes (the portfolio: 20 of 2,000 metingen each)."""
        als_tekst = {veld: Cast(veld, models.TextField()) for veld in _GETALLEN_EN_DATA}
        rijen = self.annotate(**{f"_{k}": v for k, v in als_tekst.items()}).values_list(
            "pk", "baat_id", *(f"_{k}" for k in _GETALLEN_EN_DATA), "meting_tekst"
        )
        dag, getal, gemeten = date.fromisoformat, Decimal, realisatie.is_gemeten
        per_baat: dict[int, list[tuple[int, realisatie.MeetmomentCijfers]]] = {}
        for pk, baat_id, datum, verwacht, meting, meetdatum, meting_tekst in rijen:
            per_baat.setdefault(baat_id, []).append(
                (
                    pk,
                    realisatie.MeetmomentCijfers(
                        datum and dag(datum[:10]),
                        None if verwacht is None else getal(verwacht),
                        gemeten(meting_tekst),
                        None if meting is None else getal(meting),
                        meetdatum=meetdatum and dag(meetdatum[:10]),
                    ),
                )
            )
        return per_baat


_GETALLEN_EN_DATA = ("datum", "verwacht_niveau", "meting", "meetdatum")


class Meetmoment(PlanOnderdeel):
    """A planned or held measurement of a baat; measured once `meting_tekst` is filled."""

    baat = models.ForeignKey(Baat, on_delete=models.CASCADE, related_name="meetmomenten")
    datum_tekst, datum = datum_velden(_("datum"))
    # What will be measured, as plans write before the fact ("Kwartaalmeting NPS").
    omschrijving = models.CharField(_("omschrijving"), max_length=500, blank=True)
    verwacht_niveau_tekst, verwacht_niveau = niveau_velden(_("verwacht niveau"))
    meting_tekst, meting = niveau_velden(_("meting"))
    toelichting = models.TextField(_("toelichting"), blank=True)
    gemeten_door = wie(_("ingevoerd door"))
    gemeten_op = models.DateTimeField(_("ingevoerd op"), null=True, blank=True)
    # The day it was measured, which may differ from the planned `datum`: the verwacht-niveau
    # line keeps the planned date, the figures of a meting use this one (see peildatum).
    meetdatum_tekst, meetdatum = datum_velden(_("gemeten op"))
    # The key of the form that stored the latest meting here: a retried POST with the same
    # key (after a dropped connection) finds it and stores nothing twice (issue 14 #10).
    sleutel = models.CharField(_("formuliersleutel"), max_length=64, blank=True, editable=False)

    niveaus = ("verwacht_niveau", "meting")
    datums = ("datum", "meetdatum")
    # What a list of meetmomenten shows first (the admin's, the Excel sheet's): each value as
    # typed beside what is read from it.
    getoonde_velden = (
        "datum_tekst",
        "datum",
        "omschrijving",
        "verwacht_niveau_tekst",
        "verwacht_niveau",
        "meting_tekst",
        "meting",
    )
    objects = MeetmomentQuerySet.as_manager()

    class Meta:
        verbose_name = _("meetmoment")
        verbose_name_plural = _("meetmomenten")
        ordering = ["baat", F("datum").asc(nulls_last=True), "pk"]
        constraints = [
            # Rows without a key (planned, imported) are many; a key is unique per baat.
            models.UniqueConstraint(
                fields=["baat", "sleutel"],
                condition=~Q(sleutel=""),
                name="meetmoment_sleutel_uniek",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.baat.code} {self.datum_tekst}"

    def eenheid_van_niveaus(self) -> str:
        return self.baat.eenheid if self.baat_id else ""

    @property
    def is_gemeten(self) -> bool:
        return realisatie.is_gemeten(self.meting_tekst)

    def is_achterstallig(self, vandaag: date) -> bool:
        return realisatie.is_achterstallig(self.datum, self.is_gemeten, vandaag)

    def regels(self, regels: Regels) -> None:
        if regels.geldt("datum_tekst") and not (self.datum_tekst or "").strip():
            regels.fout("datum_tekst", _("Vul de datum van het meetmoment in."), "datum_leeg")
        if not self.baat_id:
            return
        baat = self.baat
        self.binnen_roadmap(regels, "datum", _("Het meetmoment"), baat.programma)
        # A text without a number on a numeric baat is allowed: it counts as kwalitatief
        # (issue 11, "Metingen as people enter them"); the form says so.
        meetdag = self.eerste_meetdag()
        if (
            regels.geldt("datum_tekst", "meetdatum_tekst", "meting_tekst")
            and self.is_gemeten
            and meetdag
            and meetdag > vandaag_van_de_app()
        ):
            regels.fout(
                "meetdatum_tekst" if self.meetdatum else "datum_tekst",
                _("Een meting kan niet in de toekomst liggen."),
                "meting_in_toekomst",
            )
        self.controleer_plausibel(regels, baat)

    def controleer_plausibel(self, regels: Regels, baat: Baat) -> None:
        """Rule 0: a meting far off the baat's scale, or negative on a scale of counts, is
        stored only when the writer confirms it ("onwaarschijnlijk", a warning): a form asks
        "Weet u het zeker?", the importer warns."""
        if not regels.geldt("meting_tekst") or not self.is_gemeten:
            return
        waarom = realisatie.onwaarschijnlijk(
            self.meting,
            baat.nulmeting,
            baat.target,
            telling=realisatie.is_telling(
                baat.nulmeting_tekst, baat.nulmeting, baat.target_tekst, baat.target
            ),
        )
        if waarom is None:
            return
        schaal = _("van %(nulmeting)s naar %(doel)s") % {
            "nulmeting": baat.nulmeting_tekst,
            "doel": baat.target_tekst,
        }
        if baat.eenheid:
            schaal = f"{schaal} ({baat.eenheid})"
        if waarom == realisatie.Onwaarschijnlijk.VERKEERD_TEKEN:
            uitleg = _("%(meting)s is negatief, maar %(baat)s telt iets: %(schaal)s.")
        else:
            uitleg = _("%(meting)s ligt ver buiten de schaal van %(baat)s: %(schaal)s.")
        regels.fout(
            "meting_tekst",
            uitleg % {"meting": self.meting_tekst.strip(), "baat": baat.code, "schaal": schaal},
            "onwaarschijnlijk",
        )

    def eerste_meetdag(self) -> date | None:
        """The first day the meting can have been taken: a month ("december 2026"), quarter
        or year counts from its first day here, not its last (domain rule 0's date is for
        the figures). A meting in the planned December row entered on 1 December is not in
        the future, so the same file imports on any day of that month."""
        tekst = self.meetdatum_tekst if self.meetdatum else self.datum_tekst
        periode = notatie.parse_periode(tekst or "")
        return periode[0] if periode else (self.meetdatum or self.datum)

    def figuurdata(self) -> realisatie.MeetmomentCijfers:
        return realisatie.MeetmomentCijfers(
            datum=self.datum,
            verwacht=self.verwacht_niveau,
            gemeten=self.is_gemeten,
            meting=self.meting,
            meetdatum=self.meetdatum,
        )


class AfhankelijkheidQuerySet(models.QuerySet["Afhankelijkheid"]):
    def met_figuurdata(self) -> AfhankelijkheidQuerySet:
        return self.select_related("baat").prefetch_related("koppelingen__van")


class Afhankelijkheid(PlanOnderdeel):
    """A row of section 5: `baat` depends on one or more baten and/or something outside."""

    baat = models.ForeignKey(
        Baat, on_delete=models.CASCADE, related_name="afhankelijkheden", verbose_name=_("baat")
    )
    van = models.ManyToManyField(
        Baat,
        through="AfhankelijkheidVan",
        through_fields=("afhankelijkheid", "van"),
        blank=True,
        related_name="voorwaarde_voor",
        verbose_name=_("afhankelijk van"),
    )
    extern = models.CharField(_("afhankelijk van (buiten het plan)"), max_length=TEKST, blank=True)
    type = models.CharField(_("type"), max_length=KORT, blank=True)
    drempel = models.DecimalField(
        _("drempel (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("De baat waarvan afgehangen wordt moet eerst op dit percentage zijn."),
    )
    impact_op_planning = models.TextField(_("impact op planning"), blank=True)
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    objects = AfhankelijkheidQuerySet.as_manager()

    class Meta:
        verbose_name = _("afhankelijkheid")
        verbose_name_plural = _("afhankelijkheden")
        ordering = ["baat__nummer", "volgorde", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(drempel__isnull=True) | Q(drempel__gte=0, drempel__lte=100),
                name="afhankelijkheid_drempel_0_100",
            )
        ]

    def __str__(self) -> str:
        return f"{self.baat.code} ← {self.van_weergave}"

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        # The links repeat the dependent baat (see AfhankelijkheidVan); keep them in step.
        self.koppelingen.exclude(afhankelijke_id=self.baat_id).update(afhankelijke_id=self.baat_id)

    def regels(self, regels: Regels) -> None:
        if self.pk and self.baat_id and regels.geldt("baat"):
            # Another dependent baat may close a circle through the baten already linked.
            try:
                self.controleer_van([k.van for k in self.koppelingen.select_related("van")])
            except ValidationError as fout:
                for bericht in fout.error_dict.get("van", []):
                    regels.fout("baat", bericht.message, bericht.code or "kring", bericht.params)

    def controleer_van(
        self,
        baten: Iterable[Baat],
        extern: str | None = None,
        *,
        kring: bool = True,
        graaf: Graaf | None = None,
    ) -> None:
        """Refuse these baten as what this dependency points at: another programme's baat,
        the baat itself, or a circle of dependencies (ValidationError on "van").

        Many-to-many, so not part of clean(): forms, the admin and the importer call it with
        the baten they are about to link. With `extern` given, an empty choice is refused too.
        Without `kring` no circle is looked for (the importer does that once all its rows
        are in); `graaf`: the programme's links, when the writer has loaded them (see
        zoek_kring).
        """
        baten = list(baten)
        fouten: list[ValidationError] = []
        if extern is not None and not baten and not extern.strip():
            fouten.append(
                ValidationError(
                    _(
                        "Kies minstens één baat, of beschrijf waarvan de baat buiten het plan "
                        "afhangt."
                    ),
                    code="leeg",
                )
            )
        if not self.baat_id:
            if fouten:
                raise ValidationError({"van": fouten})
            return
        baat = self.baat
        vreemd = [b.code for b in baten if b.programma_id != baat.programma_id]
        if vreemd:
            fouten.append(
                ValidationError(
                    _("%(codes)s hoort bij een ander programma."),
                    code="ander_programma",
                    params={"codes": ", ".join(vreemd)},
                )
            )
        elif any(b.pk == baat.pk for b in baten):
            fouten.append(
                ValidationError(_("Een baat kan niet van zichzelf afhangen."), code="zichzelf")
            )
        elif baten and kring:
            pad = zoek_kring(baat, baten, self.pk, graaf)
            if pad:
                fouten.append(
                    ValidationError(
                        _("Dit maakt een kring van afhankelijkheden: %(kring)s."),
                        code="kring",
                        params={"kring": " → ".join(pad)},
                    )
                )
        if fouten:
            raise ValidationError({"van": fouten})

    def figuurdata(self) -> realisatie.AfhankelijkheidCijfers:
        return realisatie.AfhankelijkheidCijfers(
            baat=self.baat.code,
            van=[van.code for van in self.van_op_nummer()],
            drempel=self.drempel,
            rij=self.pk,
        )

    def van_op_nummer(self) -> list[Baat]:
        """The baten depended upon, B1 first: the database returns links in no set order
        (PostgreSQL differs from SQLite), and the plan reads in order. Sorted here, not in
        the query, so a prefetch of `koppelingen__van` serves it."""
        return sorted((k.van for k in self.koppelingen.all()), key=lambda van: van.nummer)

    def zet_van(self, baten) -> None:
        """Point this dependency at exactly these baten."""
        self.van.set(baten, through_defaults={"afhankelijke_id": self.baat_id})

    @property
    def van_weergave(self) -> str:
        delen = [van.code for van in self.van_op_nummer()]
        if self.extern:
            delen.append(self.extern)
        return ", ".join(delen)

    @property
    def type_weergave(self) -> str:
        """The type as shown: "Inhoudelijk" in the person's language, an own type as written."""
        return keuze_label(self.type)


class AfhankelijkheidVan(models.Model):
    """The link to one baat depended upon. It repeats the dependent baat so that the
    database itself can refuse a baat depending on itself."""

    afhankelijkheid = models.ForeignKey(
        Afhankelijkheid, on_delete=models.CASCADE, related_name="koppelingen"
    )
    van = models.ForeignKey(Baat, on_delete=models.CASCADE, related_name="+")
    afhankelijke = models.ForeignKey(Baat, on_delete=models.CASCADE, related_name="+")

    class Meta:
        # Not "afhankelijk van": in the admin's list of models that read as a dependency
        # of its own (issue 19). A row is one baat that a dependency points at.
        verbose_name = _("gekoppelde baat van een afhankelijkheid")
        verbose_name_plural = _("gekoppelde baten van afhankelijkheden")
        constraints = [
            models.UniqueConstraint(
                fields=["afhankelijkheid", "van"], name="afhankelijkheid_van_eenmaal"
            ),
            models.CheckConstraint(
                condition=~Q(van=F("afhankelijke")),
                name="afhankelijkheid_niet_van_zichzelf",
                violation_error_message=_("Een baat kan niet van zichzelf afhangen."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.afhankelijkheid} ({self.van.code})"

    def save(self, *args, **kwargs) -> None:
        self.afhankelijke_id = self.afhankelijkheid.baat_id
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if not (self.afhankelijkheid_id and self.van_id):
            return
        andere = self.afhankelijkheid.koppelingen.exclude(pk=self.pk).select_related("van")
        self.afhankelijkheid.controleer_van([*(k.van for k in andere), self.van])


class Stuurparameter(PlanOnderdeel):
    programma = models.ForeignKey(
        Programma,
        on_delete=models.CASCADE,
        related_name="stuurparameters",
        verbose_name=_("programma"),
    )
    parameter = models.CharField(_("parameter"), max_length=20, choices=Parameter)
    norm = models.CharField(_("norm"), max_length=TEKST, blank=True, default="Groen")
    status = models.CharField(_("huidige status"), max_length=10, choices=Status, blank=True)
    actie = models.TextField(_("actie nodig?"), blank=True)

    class Meta:
        verbose_name = _("stuurparameter")
        verbose_name_plural = _("stuurparameters")
        constraints = [
            models.UniqueConstraint(
                fields=["programma", "parameter"], name="stuurparameter_eenmaal"
            ),
            models.CheckConstraint(
                condition=Q(parameter__in=Parameter.values), name="stuurparameter_keuze"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["", *Status.values]), name="stuurparameter_status_keuze"
            ),
        ]

    def __str__(self) -> str:
        return self.get_parameter_display()

    @property
    def norm_weergave(self) -> str:
        """The norm as shown: "Groen" in the person's language, an own norm as written."""
        return keuze_label(self.norm)

    def regels(self, regels: Regels) -> None:
        if (
            self.programma_id
            and regels.geldt("parameter", "programma")
            and ander(self, programma_id=self.programma_id, parameter=self.parameter)
        ):
            regels.fout("parameter", _("Deze stuurparameter staat al in het plan."), "dubbel")

    @property
    def volgorde(self) -> int:
        return Parameter.values.index(self.parameter)


class StuurparameterWijziging(models.Model):
    """A change of a stuurparameter's status, kept so that reports show "vorige → nu"."""

    stuurparameter = models.ForeignKey(
        Stuurparameter, on_delete=models.CASCADE, related_name="wijzigingen"
    )
    status_oud = models.CharField(_("vorige status"), max_length=10, choices=Status, blank=True)
    status = models.CharField(_("nieuwe status"), max_length=10, choices=Status, blank=True)
    toelichting = models.TextField(_("toelichting"), blank=True)
    door = wie(_("door"))
    op = models.DateTimeField(_("op"), default=timezone.now)

    class Meta:
        verbose_name = _("statuswijziging")
        verbose_name_plural = _("statuswijzigingen")
        ordering = ["stuurparameter", "-op", "-pk"]

    def __str__(self) -> str:
        # The statuses by their labels (Groen/Green), as the person's language shows them.
        oud = self.get_status_oud_display() or "-"
        return f"{self.stuurparameter}: {oud} → {self.get_status_display() or '-'}"


class Escalatie(PlanOnderdeel):
    """A reason, set by hand, to take a baat to the sponsorgroep (section 7).

    The automatic signals of domain rule 6 are computed, not stored.
    """

    programma = models.ForeignKey(
        Programma, on_delete=models.CASCADE, related_name="escalaties", verbose_name=_("programma")
    )
    baat = models.ForeignKey(
        Baat,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="escalaties",
        verbose_name=_("baat"),
    )
    criterium = models.CharField(_("criterium"), max_length=20, choices=Criterium)
    omschrijving = models.TextField(_("reden of omschrijving"))
    datum = models.DateField(_("datum"), default=date.today)
    afgehandeld = models.BooleanField(_("afgehandeld"), default=False)
    afgehandeld_op = models.DateField(_("afgehandeld op"), null=True, blank=True)
    afhandeling = models.TextField(_("notitie bij afhandeling"), blank=True)
    # The handling of a signal the figures raised (domain rule 6 a, d), not a raised one.
    automatisch = models.BooleanField(_("afhandeling van een automatisch signaal"), default=False)
    gemeld_door = wie(_("gemeld door"))
    # The sponsorgroep's decision that ends the escalation (domain rule 6).
    besluit = models.TextField(_("besluit van de sponsorgroep"), blank=True)
    besluit_door = wie(_("besluit vastgelegd door"))
    besluit_op = models.DateField(_("besluit genomen op"), null=True, blank=True)

    class Meta:
        verbose_name = _("escalatie")
        verbose_name_plural = _("escalaties")
        ordering = ["afgehandeld", "-datum", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(criterium__in=Criterium.values), name="escalatie_criterium_keuze"
            ),
            models.CheckConstraint(
                condition=Q(afgehandeld=False) | Q(afgehandeld_op__isnull=False),
                name="escalatie_afgehandeld_met_datum",
            ),
            models.CheckConstraint(
                condition=Q(besluit="") | Q(besluit_op__isnull=False),
                name="escalatie_besluit_met_datum",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_criterium_display()}: {self.omschrijving[:60]}"

    def regels(self, regels: Regels) -> None:
        # A decision of the sponsorgroep ends the escalation (domain rule 6), whoever records
        # it: page, admin or import. Who recorded it (besluit_door) is the writer's to set.
        if self.besluit.strip() and not self.afgehandeld:
            self.afgehandeld = True
            self.afgehandeld_op = self.besluit_op or vandaag_van_de_app()
        # Handled has a date (a database constraint); the date is the day it was handled.
        if self.afgehandeld and not self.afgehandeld_op:
            self.afgehandeld_op = vandaag_van_de_app()
        if not self.afgehandeld:
            self.afgehandeld_op = None
        if (
            self.baat_id
            and self.programma_id
            and regels.geldt("baat", "programma")
            and self.baat.programma_id != self.programma_id
        ):
            regels.fout("baat", _("Deze baat hoort bij een ander programma."), "ander_programma")
        if (
            self.besluit.strip()
            and self.besluit_op is None
            and regels.geldt("besluit", "besluit_op")
        ):
            regels.fout(
                "besluit_op",
                _("Vul in op welke datum het besluit is genomen."),
                "besluit_zonder_datum",
            )
        if self.besluit_op and not self.besluit.strip() and regels.geldt("besluit", "besluit_op"):
            regels.fout(
                "besluit", _("Vul het besluit in, of laat de datum leeg."), "datum_zonder_besluit"
            )


def controleer_zelfde_programma(
    programma_id: int | None, **koppelingen: Iterable[Model] | None
) -> None:
    """Many-to-many links stay within one programme: ValidationError per field otherwise."""
    fouten = {}
    for veld, rijen in koppelingen.items():
        vreemd = [str(r) for r in rijen or () if r.programma_id != programma_id]
        if vreemd:
            fouten[veld] = ValidationError(
                _("%(rijen)s hoort bij een ander programma."),
                code="ander_programma",
                params={"rijen": ", ".join(vreemd)},
            )
    if fouten:
        raise ValidationError(fouten)


# A programme's dependency links as (afhankelijkheid, afhankelijke, van) pks, with the number
# of each baat by pk: what zoek_kring reads.
Graaf = tuple[list[tuple[int, int, int]], dict[int, int]]


def lees_graaf(programma_id: int) -> Graaf:
    koppelingen = AfhankelijkheidVan.objects.filter(
        afhankelijkheid__baat__programma_id=programma_id
    ).values_list("afhankelijkheid_id", "afhankelijke_id", "van_id")
    codes = dict(Baat.objects.filter(programma_id=programma_id).values_list("pk", "nummer"))
    return list(koppelingen), codes


def zoek_kring(
    baat: Baat, van: list[Baat], zonder: int | None, graaf: Graaf | None = None
) -> list[str]:
    """A path that would lead from `baat` back to itself, as codes; empty if none.

    `zonder`: the dependency being changed, whose stored links do not count. `graaf`: the
    programme's links as a writer loaded them (lees_graaf); read here otherwise.
    """
    naar: dict[int, set[int]] = {}
    koppelingen, codes = graaf if graaf is not None else lees_graaf(baat.programma_id)
    for afhankelijkheid, x, y in koppelingen:
        if not (zonder and afhankelijkheid == zonder):
            naar.setdefault(x, set()).add(y)
    naar.setdefault(baat.pk, set()).update(b.pk for b in van)
    pad = [baat.pk]

    def zoek(knoop: int, gezien: set[int]) -> bool:
        for volgende in sorted(naar.get(knoop, ())):
            if volgende == baat.pk:
                pad.append(volgende)
                return True
            if volgende not in gezien:
                gezien.add(volgende)
                pad.append(volgende)
                if zoek(volgende, gezien):
                    return True
                pad.pop()
        return False

    return [f"B{codes[k]}" for k in pad] if zoek(baat.pk, {baat.pk}) else []


class Prullenbak(models.Model):
    """A deleted plan row with everything that went with it, so the delete can be undone.

    `inhoud` holds the rows as Django's JSON serialisation, parents first (the order to put
    them back in); prullenbak.herstel restores them with their own keys where still free.
    """

    programma = models.ForeignKey(
        Programma, on_delete=models.CASCADE, related_name="prullenbak", verbose_name=_("programma")
    )
    soort = models.CharField(_("soort"), max_length=40)  # a key of views.SOORTEN
    omschrijving = models.CharField(_("omschrijving"), max_length=TEKST)
    gevolgen = models.TextField(_("ging mee"), blank=True)
    inhoud = models.JSONField(_("inhoud"))
    verwijderd_door = wie(_("verwijderd door"))
    verwijderd_op = models.DateTimeField(_("verwijderd op"), default=timezone.now)

    class Meta:
        verbose_name = _("verwijderd onderdeel")
        verbose_name_plural = _("prullenbak")
        ordering = ["-verwijderd_op", "-pk"]

    def __str__(self) -> str:
        return self.omschrijving


class RapportStatus(models.TextChoices):
    WACHTEND = "wachtend", _("In de wachtrij")
    BEZIG = "bezig", _("Wordt gemaakt")
    KLAAR = "klaar", _("Klaar")
    MISLUKT = "mislukt", _("Mislukt")


OPEN_RAPPORT = (RapportStatus.WACHTEND, RapportStatus.BEZIG)


class RapportAanvraag(models.Model):
    """A request for the PDF report, made by the task worker (programmas/rapport/taak.py).

    The PDF is kept in the database itself: every app server and the worker share the
    database and nothing else, and a backup (pg_dump) holds the reports with the plan. Only
    the newest finished report per programme and kind is kept (see `taak.maak_rapport`), so
    the table stays a few MB. `stand` is the plan's fingerprint (`plan_stand`) when it was
    asked for: a finished report is served again while the plan is unchanged that day.
    `volledig`: the standard report is the summary a sponsorgroep reads; the full one adds
    every meting in an appendix (issue 13).
    """

    programma = models.ForeignKey(
        Programma, on_delete=models.CASCADE, related_name="rapporten", verbose_name=_("programma")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RapportStatus, default=RapportStatus.WACHTEND
    )
    stand = models.CharField(_("stand van het plan"), max_length=64)
    datum = models.DateField(_("rapportdatum"))
    aangevraagd_op = models.DateTimeField(_("aangevraagd op"), default=timezone.now)
    aangevraagd_door = wie(_("aangevraagd door"))
    gestart_op = models.DateTimeField(_("gestart op"), null=True, blank=True)
    klaar_op = models.DateTimeField(_("klaar op"), null=True, blank=True)
    taak = models.CharField(_("taak-id"), max_length=64, blank=True)
    bestandsnaam = models.CharField(_("bestandsnaam"), max_length=TEKST, blank=True)
    pdf = models.BinaryField(_("PDF"), null=True, blank=True, editable=False)
    fout = models.TextField(_("foutmelding"), blank=True)
    volledig = models.BooleanField(_("volledig rapport"), default=False)

    class Meta:
        verbose_name = _("rapportaanvraag")
        verbose_name_plural = _("rapportaanvragen")
        ordering = ["-aangevraagd_op", "-pk"]
        constraints = [
            # One report of each kind in the making per programme: a second click joins
            # the first; the standard and the full report are made independently.
            models.UniqueConstraint(
                fields=["programma", "volledig"],
                condition=Q(status__in=OPEN_RAPPORT),
                name="rapport_een_open_aanvraag_per_soort",
            ),
            models.CheckConstraint(
                condition=Q(status__in=RapportStatus.values), name="rapport_status_keuze"
            ),
            models.CheckConstraint(
                condition=~Q(status=RapportStatus.KLAAR) | Q(pdf__isnull=False),
                name="rapport_klaar_met_pdf",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.programma}: {self.get_status_display()} ({self.aangevraagd_op:%Y-%m-%d %H:%M})"
        )

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_RAPPORT


# The plan's parts, each with the path from its rows to the programme: `plan_stand` reads
# them. Links (KOPPELINGEN) have no revisie, and adding or removing one saves no part (the
# admin's inline, `van.set()`), so they are fingerprinted by their rows themselves.
PLAN_DELEN: tuple[tuple[type[models.Model], str], ...] = (
    (Programma, "pk"),
    (Sector, "programma"),
    (Lidmaatschap, "programma"),
    (Baat, "programma"),
    (Cyclus, "programma"),
    (CyclusDoel, "cyclus__programma"),
    (RoadmapFase, "baat__programma"),
    (Vermogen, "programma"),
    (Inspanning, "programma"),
    (Doel, "programma"),
    (Risico, "baat__programma"),
    (Meetmoment, "baat__programma"),
    (Afhankelijkheid, "baat__programma"),
    (Stuurparameter, "programma"),
    (Escalatie, "programma"),
)


KOPPELINGEN: tuple[tuple[type[models.Model], str, str, str], ...] = (
    (AfhankelijkheidVan, "afhankelijke__programma", "afhankelijkheid_id", "van_id"),
    (Baat.sectoren.through, "baat__programma", "baat_id", "sector_id"),
    (Vermogen.baten.through, "vermogen__programma", "vermogen_id", "baat_id"),
    (Inspanning.baten.through, "inspanning__programma", "inspanning_id", "baat_id"),
    (Inspanning.vermogens.through, "inspanning__programma", "inspanning_id", "vermogen_id"),
    (Doel.baten.through, "doel__programma", "doel_id", "baat_id"),
)


def plan_stand(programma: Programma) -> str:
    """A fingerprint of everything the report shows: it changes with every save, addition
    and deletion of a part of the plan (count, highest pk, sum of revisies, last change)."""
    delen = []
    for model, pad in PLAN_DELEN:
        rij = model.objects.filter(**{pad: programma.pk}).aggregate(
            n=models.Count("pk"),
            hoogste=models.Max("pk"),
            revisies=models.Sum("revisie"),
            laatst=models.Max("gewijzigd_op"),
        )
        delen.append(
            f"{model.__name__}:{rij['n']}:{rij['hoogste']}:{rij['revisies']}:{rij['laatst']}"
        )
    for model, pad, links, rechts in KOPPELINGEN:
        # Every link itself: a link swapped for another keeps count and highest pk alike.
        rijen = model.objects.filter(**{pad: programma.pk}).order_by("pk")
        delen.append(f"{model.__name__}:{list(rijen.values_list('pk', links, rechts))}")
    wijzigingen = StuurparameterWijziging.objects.filter(
        stuurparameter__programma=programma
    ).aggregate(n=models.Count("pk"), hoogste=models.Max("pk"))
    delen.append(f"wijzigingen:{wijzigingen['n']}:{wijzigingen['hoogste']}")
    return hashlib.sha256("|".join(delen).encode()).hexdigest()


# ---------------------------------------------------------------------------------------
# The API (issue 18): personal tokens, and the keys that make a push of a meting idempotent


class ApiToken(models.Model):
    """A personal API token: whoever holds it acts as its user, with that user's roles.

    Only a hash is stored (a token is 256 random bits, so SHA-256 suffices: there is nothing
    to guess as with a password); the token itself is shown once, when it is made. Revoking
    deletes the row.
    """

    VOORVOEGSEL = "bp_"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    naam = models.CharField(_("naam"), max_length=KORT)
    # The first characters, so that its owner recognises a token in the list.
    begin = models.CharField(_("begint met"), max_length=16)
    hash = models.CharField(max_length=64, unique=True, editable=False)
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    laatst_gebruikt_op = models.DateTimeField(_("laatst gebruikt op"), null=True, blank=True)

    class Meta:
        verbose_name = _("API-token")
        verbose_name_plural = _("API-tokens")
        ordering = ["-aangemaakt_op", "-pk"]

    def __str__(self) -> str:
        return f"{self.naam} ({self.begin}…)"

    @staticmethod
    def hash_van(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @classmethod
    def maak(cls, user, naam: str) -> tuple[ApiToken, str]:
        """A new token for `user`: the row and the token, which is never stored."""
        token = cls.VOORVOEGSEL + secrets.token_urlsafe(32)
        rij = cls(user=user, naam=naam.strip(), begin=token[:10], hash=cls.hash_van(token))
        rij.full_clean()
        rij.save()
        return rij, token

    @classmethod
    def zoek(cls, token: str) -> ApiToken | None:
        if not token.startswith(cls.VOORVOEGSEL) or len(token) > 100:
            return None
        return cls.objects.select_related("user").filter(hash=cls.hash_van(token)).first()


class ApiSleutel(models.Model):
    """The key a client chose for a push of a meting: a retried push with the same key
    stores nothing again and gets the meting the first one stored. Per user, so that two
    systems that both number their pushes from 1 do not collide; the unique constraint
    decides between two pushes at once. Kept after its meetmoment is corrected by others,
    unlike Meetmoment.sleutel (the form's), which the next save replaces."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_sleutels"
    )
    sleutel = models.CharField(_("sleutel"), max_length=100)
    programma = models.ForeignKey(
        Programma, on_delete=models.CASCADE, related_name="+", verbose_name=_("programma")
    )
    meetmoment = models.ForeignKey(
        Meetmoment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # What was pushed (a hash of the request): the same key with other content is refused.
    inhoud = models.CharField(max_length=64)
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), default=timezone.now)

    class Meta:
        verbose_name = _("API-sleutel")
        verbose_name_plural = _("API-sleutels")
        constraints = [
            models.UniqueConstraint(fields=["user", "sleutel"], name="apisleutel_uniek"),
        ]

    def __str__(self) -> str:
        return self.sleutel


# A person's own settings, and the reminders sent to them (issue 16)


def nieuwe_agendasleutel() -> str:
    """The secret part of a person's calendar URL: unguessable, and renewed on request."""
    return secrets.token_urlsafe(32)


class Profiel(models.Model):
    """What a person sets for themselves: how often reminders come, and the secret key of
    their calendar feed (programmas/agenda.py). Made when first asked for (`van`)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="profiel",
        verbose_name=_("gebruiker"),
    )
    herinnering = models.CharField(
        _("herinneringen per e-mail"),
        max_length=10,
        choices=Herinnering,
        default=Herinnering.WEKELIJKS,
    )
    agenda_sleutel = models.CharField(
        _("agendasleutel"), max_length=64, unique=True, default=nieuwe_agendasleutel
    )
    taal = models.CharField(
        _("taal"), max_length=5, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

    class Meta:
        verbose_name = _("profiel")
        verbose_name_plural = _("profielen")
        constraints = [
            models.CheckConstraint(
                condition=Q(herinnering__in=Herinnering.values), name="profiel_herinnering_keuze"
            ),
            models.CheckConstraint(
                condition=Q(taal__in=[code for code, _naam in settings.LANGUAGES]),
                name="profiel_taal_keuze",
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)

    @classmethod
    def van(cls, user) -> Profiel:
        return cls.objects.get_or_create(user=user)[0]

    def vernieuw_sleutel(self) -> None:
        """A new calendar URL; the old one stops working at once."""
        self.agenda_sleutel = nieuwe_agendasleutel()
        self.save(update_fields=["agenda_sleutel"])


class VerzondenHerinnering(models.Model):
    """One reason a mail was sent for, so that no mail goes twice for the same reason
    (programmas/herinneringen.py writes the `sleutel`: a meetmoment due or overdue on its
    date, or a week's digest). The unique key also stops two runs at once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="herinneringen",
        verbose_name=_("gebruiker"),
    )
    sleutel = models.CharField(_("reden"), max_length=200)
    verzonden_op = models.DateTimeField(_("verzonden op"), default=timezone.now)

    class Meta:
        verbose_name = _("verzonden herinnering")
        verbose_name_plural = _("verzonden herinneringen")
        ordering = ["-verzonden_op", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "sleutel"], name="herinnering_eenmaal"),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.sleutel}"


def maak_profiel(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    """A new user gets a profile (connected in apps.py); a fixture load (`raw`) brings its
    own."""
    if created and not raw:
        Profiel.objects.get_or_create(user=instance)


# --------------------------------------------------------------------------------------------
# Versions and history (issue 15): programmas/versies.py and programmas/geschiedenis.py


class Wijzigingsset(models.Model):
    """One change to a programme: every history row written by one request, one import, one
    restore or one admin action points at it, with who did it and how ("import van plan.md").

    `programma` keeps no database constraint: a programme deleted in the admin leaves its
    history, which still says which programme it was by its key and name."""

    programma = models.ForeignKey(
        Programma,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("programma"),
    )
    programma_naam = models.CharField(_("programma"), max_length=TEKST, blank=True)
    door = wie(_("door"))
    op = models.DateTimeField(_("op"), default=timezone.now, db_index=True)
    oorsprong = models.CharField(_("hoe"), max_length=TEKST, blank=True)

    class Meta:
        verbose_name = _("wijzigingsset")
        verbose_name_plural = _("wijzigingssets")
        ordering = ["-op", "-pk"]
        indexes = [models.Index(fields=["programma", "-op"], name="wijzigingsset_programma_op")]

    def __str__(self) -> str:
        return f"{self.programma_naam}: {self.oorsprong} ({self.op:%Y-%m-%d %H:%M})"


class Planversie(models.Model):
    """A version of the plan as the programme manager adopted it: the complete JSON document
    of that moment, frozen (never changed afterwards; see versies.py)."""

    programma = models.ForeignKey(
        Programma, on_delete=models.CASCADE, related_name="versies", verbose_name=_("programma")
    )
    nummer = models.CharField(_("versie"), max_length=20)
    vastgesteld = models.BooleanField(
        _("vastgesteld door de sponsorgroep"),
        default=False,
        help_text=_("Aan: een vastgestelde versie (1.0); uit: een concept (0.1)."),
    )
    notitie = models.TextField(_("notitie"), blank=True)
    besluit_op = models.DateField(_("datum besluit sponsorgroep"), null=True, blank=True)
    door = wie(_("vastgesteld door"), editable=False)
    op = models.DateTimeField(_("vastgelegd op"), default=timezone.now, editable=False)
    document = models.TextField(_("JSON-document"), editable=False)
    afdruk = models.CharField(_("vingerafdruk"), max_length=64, editable=False)

    class Meta:
        verbose_name = _("planversie")
        verbose_name_plural = _("planversies")
        ordering = ["programma", "-op", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["programma", "nummer"], name="planversie_nummer_uniek")
        ]

    def __str__(self) -> str:
        return f"{self.programma} {self.nummer}"

    def save(self, *args, **kwargs) -> None:
        if self.pk and not self._state.adding:
            raise ValidationError(_("Een vastgelegde versie verandert niet meer."), code="bevroren")
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.vastgesteld and self.besluit_op is None:
            raise ValidationError(
                {"besluit_op": _("Vul de datum in waarop de sponsorgroep besloot.")},
                code="besluit_zonder_datum",
            )
        if (
            self.programma_id
            and Planversie.objects.filter(programma_id=self.programma_id, nummer=self.nummer)
            .exclude(pk=self.pk)
            .exists()
        ):
            raise ValidationError(
                {"nummer": _("Versie %(n)s bestaat al.") % {"n": self.nummer}}, code="dubbel"
            )


def versiekop() -> dict[str, Any]:
    """Annotations of a row with `programma` (a membership): its newest version and whether
    anything changed since, read in the same query as the row (the plan's header shows it,
    and its page costs no query more)."""
    laatste = Planversie.objects.filter(programma=models.OuterRef("programma")).order_by(
        "-op", "-pk"
    )
    return {
        "versie_nummer": models.Subquery(laatste.values("nummer")[:1]),
        "versie_vastgesteld": models.Subquery(laatste.values("vastgesteld")[:1]),
        "versie_besluit_op": models.Subquery(laatste.values("besluit_op")[:1]),
        "versie_op": models.Subquery(laatste.values("op")[:1]),
        "versie_sindsdien_gewijzigd": models.Exists(
            Wijzigingsset.objects.filter(
                programma=models.OuterRef("programma"),
                op__gt=models.OuterRef("versie_op"),
            )
        ),
    }


from .geschiedenis import registreer  # noqa: E402  (the models above must exist first)

registreer()
