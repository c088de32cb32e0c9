"""Who changed what and when: a history row for every write of a plan row, grouped in change
sets (models.Wijzigingsset) that say who made the change and how.

django-simple-history keeps a historical table per model and writes a row on every save and
delete (model signals), on SQLite and PostgreSQL alike. What signals do not see, the
importer's one INSERT/UPDATE per table, it records here in bulk (`bulk`). A change set is
opened per request (middleware `WijzigingssetMiddleware`, origin from the URL), per import
and per restore (`wijzigingsset`); a write outside any (a shell, a command) still gets one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import models
from django.db.models.deletion import Collector
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from simple_history import register
from simple_history.signals import pre_create_historical_record

from . import models as m
from .keuzes import OPEN_LIJSTVELDEN, keuze_label

# What the history covers: every part of the plan people edit, with its Dutch section name
# for the log's filter (the filter's value; shown translated, `sectie_naam`).
SECTIES: dict[str, tuple[type[models.Model], ...]] = {}


def _secties() -> dict[str, tuple[type[models.Model], ...]]:
    return {
        gettext_noop("Kop en toelichtingen"): (m.Programma,),
        gettext_noop("Doelen"): (m.Doel,),
        gettext_noop("Sectoren"): (m.Sector,),
        gettext_noop("Leden"): (m.Lidmaatschap,),
        gettext_noop("Baten"): (m.Baat,),
        gettext_noop("Cycli"): (m.Cyclus, m.CyclusDoel),
        gettext_noop("Roadmap"): (m.RoadmapFase,),
        gettext_noop("Vermogens en inspanningen"): (m.Vermogen, m.Inspanning),
        gettext_noop("Risico's"): (m.Risico,),
        gettext_noop("Meetmomenten en metingen"): (m.Meetmoment,),
        gettext_noop("Afhankelijkheden"): (m.Afhankelijkheid,),
        gettext_noop("Stuurparameters"): (m.Stuurparameter, m.StuurparameterWijziging),
        gettext_noop("Escalaties"): (m.Escalatie,),
    }


def sectie_naam(naam: str) -> str:
    """A section of the log (its Dutch key in SECTIES) in the reader's language."""
    return gettext(naam)


class GeschiedenisBasis(models.Model):
    """What every historical row holds beyond the row itself: its change set."""

    wijzigingsset = models.ForeignKey(
        "programmas.Wijzigingsset",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        abstract = True


def historische_modellen() -> list[type[models.Model]]:
    """The historical tables simple-history made, one per plan model."""
    return [mod.history.model for mods in SECTIES.values() for mod in mods]  # type: ignore[attr-defined]


def registreer() -> None:
    """Give every plan model its historical table (called once, by models/__init__.py,
    once every model exists)."""
    for model in (
        m.Programma,
        m.Doel,
        m.Sector,
        m.Lidmaatschap,
        m.Baat,
        m.Cyclus,
        m.CyclusDoel,
        m.RoadmapFase,
        m.Vermogen,
        m.Inspanning,
        m.Risico,
        m.Meetmoment,
        m.Afhankelijkheid,
        m.Stuurparameter,
        m.StuurparameterWijziging,
        m.Escalatie,
    ):
        register(
            model,
            app="programmas",
            bases=[GeschiedenisBasis],
            user_related_name="+",
            # The revisie and the time stamps change on every save; the history has its own.
            excluded_fields=[f for f in ("revisie", "gewijzigd_op") if _heeft(model, f)],
        )
    SECTIES.update(_secties())


def _heeft(model: type[models.Model], naam: str) -> bool:
    return hasattr(model, naam)  # the field's descriptor; _meta is not ready yet


# --------------------------------------------------------------------------------------------
# The change set of what runs now


@dataclass
class Bron:
    """Where the writes of this context come from: who, and how."""

    oorsprong: str
    door: Any = None
    request: Any = None
    sets: dict[int | None, m.Wijzigingsset] = field(default_factory=dict)
    programmas: dict[tuple[str, int], int | None] = field(default_factory=dict)

    def gebruiker(self) -> Any:
        if self.door is not None:
            return self.door
        user = getattr(self.request, "user", None)
        return user if user is not None and user.is_authenticated else None

    def set_voor(self, programma_id: int | None) -> m.Wijzigingsset:
        if programma_id not in self.sets:
            naam = (
                m.Programma.objects.filter(pk=programma_id).values_list("naam", flat=True).first()
                if programma_id
                else None
            )
            self.sets[programma_id] = m.Wijzigingsset.objects.create(
                programma_id=programma_id,
                programma_naam=naam or "",
                door=self.gebruiker(),
                oorsprong=self.oorsprong,
            )
        return self.sets[programma_id]


_BRON: ContextVar[Bron | None] = ContextVar("wijzigingsset", default=None)


@contextmanager
def wijzigingsset(oorsprong: str, door: Any = None, *, request: Any = None) -> Iterator[Bron]:
    """Every write inside is one change set per programme, with this origin and author.
    The origin is stored in Dutch, whatever language the person reads; the log translates
    it (`oorsprong_tekst`)."""
    bron = Bron(_in_het_nederlands(oorsprong), door, request)
    token = _BRON.set(bron)
    try:
        yield bron
    finally:
        _BRON.reset(token)


def _in_het_nederlands(oorsprong: Any) -> str:
    """An origin as stored: Dutch, also when it was given as a lazy translation."""
    with translation.override("nl"):
        return str(oorsprong)


# Per URL name, how a write through it is named in the history; others are "formulier".
# Stored in Dutch (a value in the database), shown translated (`oorsprong_tekst`).
OORSPRONG_PER_URL = {
    "meting": gettext_noop("meting (snelinvoer)"),
    "roadmap_cel": gettext_noop("roadmap"),
    "prullenbak_herstellen": gettext_noop("ongedaan gemaakt uit de prullenbak"),
    "rij_verwijderen": gettext_noop("verwijderd"),
    "signaal_afhandelen": gettext_noop("signaal afgehandeld"),
    "escalatie_besluit": gettext_noop("besluit sponsorgroep"),
    "versies": gettext_noop("versie vastgelegd"),
    "metingen": gettext_noop("API"),  # api:metingen, where the API writes (POST)
}
BUITEN_DE_APP = gettext_noop("buiten de app (opdrachtregel)")
# Origins stored with a name or number in them (Dutch, as stored), and how they read.
_OORSPRONG_PATRONEN = (
    (
        re.compile(r"^import van (?P<naam>.+) \(opdrachtregel\)$"),
        gettext_noop("import van %(naam)s (opdrachtregel)"),
    ),
    (re.compile(r"^import van (?P<naam>.+)$"), gettext_noop("import van %(naam)s")),
    (re.compile(r"^versie (?P<n>.+) teruggezet$"), gettext_noop("versie %(n)s teruggezet")),
)
# Stored by other parts of the app (opslaan, demo): marked here, where they are shown.
_ANDERE_OORSPRONGEN = (gettext_noop("import"), gettext_noop("demo geladen"))


def oorsprong_tekst(oorsprong: str) -> str:
    """A change set's origin, stored in Dutch, in the reader's language."""
    for patroon, tekst in _OORSPRONG_PATRONEN:
        gevonden = patroon.match(oorsprong)
        if gevonden:
            return gettext(tekst) % gevonden.groupdict()
    return gettext(oorsprong) if oorsprong else oorsprong


class WijzigingssetMiddleware:
    """Every request is one change set: a form, the admin ("beheer"), a quick meting."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        beheer = request.path.startswith("/beheer/")
        oorsprong = gettext_noop("beheer (admin)") if beheer else gettext_noop("formulier")
        with wijzigingsset(oorsprong, request=request):
            return self.get_response(request)

    def process_view(self, request: Any, view: Any, args: Any, kwargs: Any) -> None:
        naam = getattr(request.resolver_match, "url_name", None)
        if naam in OORSPRONG_PER_URL:
            noem(OORSPRONG_PER_URL[naam])


def noem(oorsprong: str) -> None:
    """Name the origin of the writes still to come in this context (e.g. a quick meting)."""
    bron = _BRON.get()
    if bron is not None and not bron.sets:
        bron.oorsprong = _in_het_nederlands(oorsprong)


def huidige_bron() -> Bron:
    """The context's source; outside any (a shell, a command), a fresh one for this write
    alone: kept, it could outlive the transaction its change set was written in."""
    return _BRON.get() or Bron(BUITEN_DE_APP)


def vergeet_sets() -> None:
    """After a rollback (an import's preview): the change sets written are gone."""
    bron = _BRON.get()
    if bron is not None:
        bron.sets.clear()


def programma_id_van(obj: models.Model, bron: Bron | None = None) -> int | None:
    """The programme a plan row belongs to, without a query where the row knows it."""
    if isinstance(obj, m.Programma):
        return obj.pk
    if getattr(obj, "programma_id", None):
        return obj.programma_id  # type: ignore[attr-defined]
    for ouder, model in (("baat", m.Baat), ("stuurparameter", m.Stuurparameter)):
        ouder_id = getattr(obj, f"{ouder}_id", None)
        if not ouder_id:
            continue
        cached = obj._state.fields_cache.get(ouder)
        if cached is not None:
            return cached.programma_id
        sleutel = (ouder, ouder_id)
        if bron is not None and sleutel in bron.programmas:
            return bron.programmas[sleutel]
        gevonden = model.objects.filter(pk=ouder_id).values_list("programma_id", flat=True).first()
        if bron is not None:
            bron.programmas[sleutel] = gevonden
        return gevonden
    return None


def _bij_historische_rij(sender, instance, history_instance, **kwargs) -> None:
    bron = huidige_bron()
    history_instance.wijzigingsset = bron.set_voor(programma_id_van(instance, bron))
    if history_instance.history_user_id is None:
        history_instance.history_user = bron.gebruiker()
    history_instance.history_change_reason = bron.oorsprong[:100]


pre_create_historical_record.connect(_bij_historische_rij, dispatch_uid="batenplan-geschiedenis")


def bulk(
    model: type[models.Model],
    rijen: Iterable[models.Model],
    soort: str,
    programma_id: int | None,
    *,
    op: datetime | None = None,
) -> None:
    """History rows for rows written in bulk (the importer's one INSERT/UPDATE per table),
    which model signals do not see. `soort`: "+" created, "~" changed, "-" deleted."""
    rijen = list(rijen)
    manager = getattr(model, "history", None)
    if not rijen or manager is None:
        return
    bron = huidige_bron()
    wijzigingsset = bron.set_voor(programma_id)
    historisch = manager.model
    nu = op or timezone.now()
    historisch.objects.bulk_create(
        [
            historisch(
                history_date=nu,
                history_type=soort,
                history_user=bron.gebruiker(),
                history_change_reason=bron.oorsprong[:100],
                wijzigingsset=wijzigingsset,
                **{f.attname: getattr(rij, f.attname) for f in historisch.tracked_fields},
            )
            for rij in rijen
        ]
    )


class _ZonderGeschiedenis(Collector):
    """Django's delete collector for which the history's own delete receivers do not count:
    the importer records those deletes in bulk (`verwijder_in_een_keer`). The plan models
    have no other delete receivers."""

    def _has_signal_listeners(self, model: type[models.Model]) -> bool:
        if getattr(model, "history", None) is not None:
            return False
        return super()._has_signal_listeners(model)


def kan_in_een_keer_weg(rijen: models.QuerySet) -> bool:
    """Whether these rows go in one DELETE: nothing is deleted with them."""
    return _ZonderGeschiedenis(using=rijen.db, origin=rijen).can_fast_delete(rijen)


def verwijder_in_een_keer(
    rijen: models.QuerySet, objecten: list[models.Model], programma_id: int | None
) -> None:
    """One DELETE (see `kan_in_een_keer_weg`) and one INSERT of their history rows."""
    bulk(rijen.model, objecten, "-", programma_id)
    rijen._raw_delete(rijen.db)


def leg_vast(obj: models.Model, soort: str) -> None:
    """The history row of one write that sends no signal (a row put back as it was stored)."""
    bulk(type(obj), [obj], soort, programma_id_van(obj, _BRON.get()))


# --------------------------------------------------------------------------------------------
# Reading it back


@dataclass
class Regel:
    """One row's change, as the history page shows it."""

    op: datetime
    door: str
    oorsprong: str
    sectie: str
    wat: str  # the row, as str() names it
    soort: str  # "toegevoegd", "gewijzigd", "verwijderd" (shown as `soort_naam`)
    velden: list[tuple[str, str, str]]  # (field label, old, new)
    set_id: int | None
    set_op: datetime | None = None

    @property
    def soort_naam(self) -> str:
        return gettext(self.soort)


SOORT_NAMEN = {
    "+": gettext_noop("toegevoegd"),
    "~": gettext_noop("gewijzigd"),
    "-": gettext_noop("verwijderd"),
}


def _sectie_van(model: type[models.Model]) -> str:
    for naam, modellen in SECTIES.items():
        if model in modellen:
            return naam
    return str(model._meta.verbose_name)


def _tekst(waarde: Any) -> str:
    if waarde is None or waarde == "":
        return "–"
    if isinstance(waarde, bool):
        return str(_("ja") if waarde else _("nee"))
    if isinstance(waarde, datetime):
        return date_format(timezone.localtime(waarde), "j F Y H:i")
    if isinstance(waarde, date):
        return date_format(waarde, "j F Y")
    return str(waarde)


# Fields derived from another (the number read from a level as written) and bookkeeping:
# the history shows what people wrote.
# The programme a row belongs to is the page's own: no news in its history.
_NIET_TONEN = {"gewijzigd_door", "revisie", "gewijzigd_op", "programma"}


def _velden(model: type[models.Model], rij: Any, vorige: Any) -> list[tuple[str, str, str]]:
    getoond = []
    # The number or date read from a level as written is derived: people see the text.
    afgeleid = {*getattr(model, "niveaus", ()), *getattr(model, "datums", ())}
    for f in model._meta.concrete_fields:
        if f.primary_key or f.name in _NIET_TONEN or f.name in afgeleid:
            continue
        if not hasattr(rij, f.attname):
            continue
        nieuw = getattr(rij, f.attname)
        oud = getattr(vorige, f.attname) if vorige is not None else None
        if vorige is not None and oud == nieuw:
            continue
        if vorige is None and nieuw in (None, "", False):
            continue
        if f.choices:
            keuzes = dict(f.flatchoices)
            oud, nieuw = keuzes.get(oud, oud), keuzes.get(nieuw, nieuw)
        elif f.name in OPEN_LIJSTVELDEN:  # a usual value in the reader's language
            oud, nieuw = (keuze_label(w) if isinstance(w, str) else w for w in (oud, nieuw))
        if f.is_relation:
            oud, nieuw = _relatie(f, oud), _relatie(f, nieuw)
        getoond.append((str(f.verbose_name), _tekst(oud), _tekst(nieuw)))
    return getoond


_NAMEN: ContextVar[dict[tuple[Any, Any], str] | None] = ContextVar("namen", default=None)


def _relatie(f: models.Field, pk: Any) -> Any:
    """A linked row by name (read once per page)."""
    if pk is None:
        return None
    namen = _NAMEN.get()
    if namen is None:
        namen = {}
        _NAMEN.set(namen)
    sleutel = (f.related_model, pk)
    if sleutel not in namen:
        namen[sleutel] = str(f.related_model._default_manager.filter(pk=pk).first() or pk)
    return namen[sleutel]


def secties(*, met_leden: bool) -> dict[str, tuple[type[models.Model], ...]]:
    """The log's sections for a reader: the memberships only for who may see the members
    (Toegang.mag_leden_zien); to others the member list is not shown, here neither."""
    return {
        naam: modellen
        for naam, modellen in SECTIES.items()
        if met_leden or m.Lidmaatschap not in modellen
    }


def regels(
    programma_id: int,
    *,
    met_leden: bool,
    modellen: Iterable[type[models.Model]] | None = None,
    door: int | None = None,
    van: datetime | None = None,
    tot: datetime | None = None,
    filters: dict[type[models.Model], dict[str, Any]] | None = None,
    hoeveel: int = 200,
) -> list[Regel]:
    """The newest changes of a programme, newest first, at most `hoeveel`."""
    _NAMEN.set({})
    uit: list[Regel] = []
    zichtbaar = [mod for mods in secties(met_leden=met_leden).values() for mod in mods]
    for model in [mod for mod in modellen or zichtbaar if mod in zichtbaar]:
        historisch = model.history.model  # type: ignore[attr-defined]
        rijen = historisch.objects.filter(wijzigingsset__programma_id=programma_id)
        if door is not None:
            rijen = rijen.filter(wijzigingsset__door_id=door)
        if van is not None:
            rijen = rijen.filter(history_date__gte=van)
        if tot is not None:
            rijen = rijen.filter(history_date__lt=tot)
        if filters and model in filters:
            rijen = rijen.filter(**filters[model])
        rijen = rijen.select_related("wijzigingsset", "wijzigingsset__door").order_by(
            "-history_date", "-history_id"
        )[:hoeveel]
        rijen = list(rijen)
        vorige = _vorige(historisch, rijen)
        for rij in rijen:
            s = rij.wijzigingsset
            wie = s.door.get_full_name() or s.door.get_username() if s and s.door else "–"
            velden = (
                [] if rij.history_type == "-" else _velden(model, rij, vorige.get(rij.history_id))
            )
            if rij.history_type == "~" and not velden:
                continue  # a save that changed nothing people see
            uit.append(
                Regel(
                    op=rij.history_date,
                    door=wie,
                    oorsprong=oorsprong_tekst(s.oorsprong) if s else "",
                    sectie=sectie_naam(_sectie_van(model)),
                    wat=f"{model._meta.verbose_name}: {_naam(rij)}",
                    soort=SOORT_NAMEN.get(rij.history_type, rij.history_type),
                    velden=velden,
                    set_id=s.pk if s else None,
                    set_op=s.op if s else None,
                )
            )
    # Newest change set first, its rows together (a page shows them under one heading).
    uit.sort(key=lambda r: (r.set_op or r.op, r.set_id or 0, r.op), reverse=True)
    return uit[:hoeveel]


def _naam(rij: Any) -> str:
    try:
        return str(rij.instance)
    except Exception:  # a row whose parent is gone names itself by its key
        return f"#{rij.id}"


def _vorige(historisch: type[models.Model], rijen: list[Any]) -> dict[int, Any]:
    """Per history row, the row's state before it (one query for all)."""
    if not rijen:
        return {}
    ids = {r.id for r in rijen}
    alle = list(
        historisch.objects.filter(id__in=ids)
        .filter(history_date__lte=max(r.history_date for r in rijen))
        .order_by("id", "history_date", "history_id")
    )
    vorige: dict[int, Any] = {}
    laatst: dict[int, Any] = {}
    for h in alle:
        vorige[h.history_id] = laatst.get(h.id)
        laatst[h.id] = h
    return vorige


def personen(programma_id: int) -> list[int]:
    """Who changed anything in the programme: the log's choice of person."""
    return list(
        m.Wijzigingsset.objects.filter(programma_id=programma_id, door__isnull=False)
        .values_list("door_id", flat=True)
        .distinct()
    )
