"""What every part of the plan shares: the texts, levels and dates as written beside
their numbers, the rules a writer may confirm, and PlanOnderdeel, the base of each part."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import ROUND_HALF_UP, Context, Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Model
from django.db.models.expressions import Combinable
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _

from .. import notatie

if TYPE_CHECKING:
    from .plan import Programma

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
