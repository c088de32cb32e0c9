"""Deleting a plan row so that it can be undone: what goes with it, and putting it back.

A row of the plan takes its children with it (a baat its metingen, risico's, cyclusdoelen,
roadmap, afhankelijkheden, escalaties and its links to vermogens and inspanningen). Before
the delete, `gevolgen` names them with their numbers, so the confirmation can say so;
`verwijder` keeps them all in the Prullenbak, and `herstel` puts them back exactly, with
their own keys where those are still free.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from datetime import timedelta

from django.contrib.admin.utils import NestedObjects
from django.core import serializers
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import DEFAULT_DB_ALIAS, IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import geschiedenis
from .models import (
    WAARSCHUWINGEN,
    AfhankelijkheidVan,
    Escalatie,
    Lidmaatschap,
    Meetmoment,
    PlanOnderdeel,
    Programma,
    Prullenbak,
    RoadmapFase,
    Stuurparameter,
)

# How long a delete can be undone; older items go when a new one comes in.
BEWAARTERMIJN = timedelta(days=90)

# Names (one, several) where the model's own plural would read oddly in a sentence.


class HerstelFout(Exception):
    """Why a deleted row cannot be put back, in the user's language."""


def verzamel(rij: Model) -> list[Model]:
    """The row and every row its delete takes along, in the order to insert them again:
    every row after the rows it points at."""
    collector = NestedObjects(using=DEFAULT_DB_ALIAS)
    collector.collect([rij])
    per_model: dict[type[Model], list[Model]] = {}
    for model, objs in collector.data.items():
        per_model.setdefault(model._meta.concrete_model, []).extend(objs)
    rijen: list[Model] = []
    for model in _ouders_eerst(list(per_model)):
        rijen.extend(sorted(per_model[model], key=lambda obj: obj.pk))
    return rijen


def _ouders_eerst(modellen: list[type[Model]]) -> list[type[Model]]:
    # Not the collector's own order: it ignores nullable references (Escalatie.baat).
    over = set(modellen)
    volgorde: list[type[Model]] = []
    while over:
        klaar = [
            m
            for m in modellen
            if m in over
            and not {
                f.related_model._meta.concrete_model
                for f in m._meta.concrete_fields
                if f.many_to_one or f.one_to_one
            }
            & (over - {m})
        ]
        if not klaar:  # a cycle: no model here has one, keep the rest as collected
            klaar = [m for m in modellen if m in over]
        volgorde.extend(klaar)
        over -= set(klaar)
    return volgorde


def _is_koppeling(obj: Model) -> bool:
    return bool(obj._meta.auto_created) or isinstance(obj, AfhankelijkheidVan)


def _soortnaam(obj: Model) -> str:
    if isinstance(obj, Meetmoment):
        return "meting" if obj.is_gemeten else "gepland meetmoment"
    return str(obj._meta.verbose_name)


def _naam(naam: str, obj: Model, aantal: int) -> str:
    """ "3 metingen": the number with the kind's name, in the language of the page."""
    if naam == "meting":
        return ngettext("%(n)s meting", "%(n)s metingen", aantal) % {"n": aantal}
    if naam == "gepland meetmoment":
        return ngettext("%(n)s gepland meetmoment", "%(n)s geplande meetmomenten", aantal) % {
            "n": aantal
        }
    if isinstance(obj, RoadmapFase):
        return ngettext("%(n)s roadmapfase", "%(n)s roadmapfasen", aantal) % {"n": aantal}
    soort = obj._meta.verbose_name if aantal == 1 else obj._meta.verbose_name_plural
    return f"{aantal} {soort}"


def gevolgen(rij: Model, rijen: Iterable[Model] | None = None) -> str:
    """What goes with the row, as a sentence part: "met 12 metingen, 3 risico's en
    2 koppelingen met andere onderdelen"; "" when nothing goes along."""
    tellingen: Counter[str] = Counter()
    voorbeeld: dict[str, Model] = {}
    koppelingen = 0
    for obj in verzamel(rij) if rijen is None else rijen:
        if obj is rij or (type(obj) is type(rij) and obj.pk == rij.pk):
            continue
        if _is_koppeling(obj):
            koppelingen += 1
            continue
        naam = _soortnaam(obj)
        tellingen[naam] += 1
        voorbeeld.setdefault(naam, obj)
    delen = [
        _naam(naam, voorbeeld[naam], n)
        # Metingen first: they are what people lose sleep over.
        for naam, n in sorted(tellingen.items(), key=lambda i: (i[0] != "meting", -i[1], i[0]))
    ]
    if koppelingen:
        delen.append(
            ngettext(
                "%(n)s koppeling met een ander onderdeel",
                "%(n)s koppelingen met andere onderdelen",
                koppelingen,
            )
            % {"n": koppelingen}
        )
    if not delen:
        return ""
    lijst = (
        delen[0]
        if len(delen) == 1
        else _("%(lijst)s en %(laatste)s") % {"lijst": ", ".join(delen[:-1]), "laatste": delen[-1]}
    )
    return _("met %(lijst)s") % {"lijst": lijst}


def verwijder(rij: Model, *, programma: Programma, soort: str, door: Model | None) -> Prullenbak:
    """Delete the row and what goes with it, keeping all of it in the Prullenbak. What went
    along is stored in Dutch, as every value of the plan; `item.gevolgen_weergave` says it in
    the language of the page that asked, as `in_de_taal_van_de_lezer` does later."""
    with transaction.atomic():
        Prullenbak.objects.filter(verwijderd_op__lt=timezone.now() - BEWAARTERMIJN).delete()
        rijen = verzamel(rij)
        with translation.override("nl"):
            opgeslagen, omschrijving = gevolgen(rij, rijen), str(rij)[:200]
        item = Prullenbak.objects.create(
            programma=programma,
            soort=soort,
            omschrijving=omschrijving,
            gevolgen=opgeslagen,
            inhoud={
                "rij": [rij._meta.label_lower, rij.pk],
                "rijen": json.loads(serializers.serialize("json", rijen)),
            },
            verwijderd_door=door,
        )
        rij.delete()
    item.gevolgen_weergave = gevolgen(rij, rijen)
    return item


def in_de_taal_van_de_lezer(item: Prullenbak) -> tuple[str, str]:
    """What was deleted and what went with it, told again from the kept rows in the active
    language; what was stored (in Dutch) where the rows no longer read (an old snapshot)."""
    try:
        objecten = _objecten(item)
    except (serializers.base.DeserializationError, LookupError, ValueError, TypeError):
        return item.omschrijving, item.gevolgen
    label, pk = item.inhoud.get("rij", ("", None))
    rij = next((o for o in objecten if o._meta.label_lower == label and o.pk == pk), None)
    if rij is None:
        return item.omschrijving, item.gevolgen
    return _naam_in_taal(item, rij), gevolgen(rij, objecten)


# The rows whose name holds a label of a choice (a criterium, a role, a fase): the others are
# named in the plan's own words, the same in either language, so their stored name stands
# and no linked row is read for it.
_NAAM_MET_KEUZE = (Escalatie, Stuurparameter, Lidmaatschap, RoadmapFase)


def _naam_in_taal(item: Prullenbak, rij: Model) -> str:
    if not isinstance(rij, _NAAM_MET_KEUZE):
        return item.omschrijving
    try:
        return str(rij)[:200]
    except ObjectDoesNotExist:  # a row it names (its baat, say) was deleted since
        return item.omschrijving


def _objecten(item: Prullenbak) -> list[Model]:
    rijen = json.dumps(item.inhoud["rijen"])
    return [d.object for d in serializers.deserialize("json", rijen)]


def hoofdrij(item: Prullenbak) -> Model:
    """The deleted row itself, as it was (not saved)."""
    label, pk = item.inhoud["rij"]
    return next(o for o in _objecten(item) if o._meta.label_lower == label and o.pk == pk)


def herstel(item: Prullenbak) -> list[Model]:
    """Put the rows of `item` back as they were and empty it; their own keys where still free,
    new ones (with the references among them updated) where not.

    Raises HerstelFout, changing nothing, when the plan no longer allows it: a row that the
    deleted ones pointed at has gone, or a restored row would clash with a newer one.
    """
    objecten = _objecten(item)
    nieuw: dict[tuple[type[Model], object], object] = {}
    teruggezet: set[tuple[type[Model], object]] = {(type(o), o.pk) for o in objecten}
    try:
        with transaction.atomic():
            for obj in objecten:
                model = type(obj)
                _verwijs_opnieuw(obj, nieuw, teruggezet)
                if model._default_manager.filter(pk=obj.pk).exists():
                    oud = obj.pk
                    obj.pk = None
                    _sla_op(obj)
                    nieuw[(model, oud)] = obj.pk
                else:
                    _sla_op(obj)
            item.delete()
    except IntegrityError as fout:
        raise HerstelFout(
            _(
                "Terugzetten kan niet meer: het plan is intussen zo veranderd dat dit onderdeel "
                "er niet meer in past."
            )
        ) from fout
    return objecten


def _verwijs_opnieuw(
    obj: Model,
    nieuw: dict[tuple[type[Model], object], object],
    teruggezet: set[tuple[type[Model], object]],
) -> None:
    """Point the row's references at rows put back under another key, and check that every
    other row it points at is still there (a user who is gone becomes empty)."""
    for veld in obj._meta.concrete_fields:
        if not veld.many_to_one and not veld.one_to_one:
            continue
        waarde = getattr(obj, veld.attname)
        if waarde is None:
            continue
        doel = veld.related_model._meta.concrete_model
        if (doel, waarde) in nieuw:
            setattr(obj, veld.attname, nieuw[(doel, waarde)])
        elif (doel, waarde) in teruggezet:
            continue
        elif not doel._default_manager.filter(pk=waarde).exists():
            if veld.null:
                setattr(obj, veld.attname, None)
            else:
                raise HerstelFout(
                    _(
                        "Terugzetten kan niet meer: %(soort)s waar dit onderdeel bij hoorde, "
                        "is er niet meer."
                    )
                    % {"soort": doel._meta.verbose_name}
                )


def _sla_op(obj: Model) -> None:
    """Check the row against the plan as it is now, then insert it as it was stored.

    A restored row is new to today's plan: every model rule counts (a deserialised row has
    no snapshot, so `is_gewijzigd` exempts nothing), and a link is checked for circles. A
    refusal is said in the model's own words, not as a 500 or Django's generic message.
    """
    try:
        if isinstance(obj, PlanOnderdeel):
            # Warnings (a deadline outside the roadmap, no target) were accepted when the row
            # was first stored; they remain warnings, not a wall for the undo.
            obj.bevestigd = WAARSCHUWINGEN
            obj.clean()
        elif isinstance(obj, AfhankelijkheidVan):
            obj.clean()  # Afhankelijkheid.controleer_van: no circle, no other programme
        obj.validate_unique()
        obj.validate_constraints()
    except ValidationError as fout:
        redenen = " ".join(_zinnen(fout))
        raise HerstelFout(_("Terugzetten kan niet: %(redenen)s") % {"redenen": redenen}) from fout
    # raw: exactly the stored values (gewijzigd_op, revisie, derived numbers), as loaddata does.
    obj.save_base(raw=True)
    geschiedenis.leg_vast(obj, "+")  # a raw save sends no signal the history hears


def _zinnen(fout: ValidationError) -> list[str]:
    zinnen = [str(m).strip() for m in fout.messages]
    return [z if z.endswith((".", "!", "?")) else f"{z}." for z in zinnen]
