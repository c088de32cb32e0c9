"""Work done outside the request: the PDF report (issue 13: reports in the background).

A request only writes a RapportAanvraag and queues `maak_rapport` (Django's Tasks framework,
backend django-tasks-db: the queue lives in the database); the worker (`manage.py db_worker`)
renders the PDF and stores it on the aanvraag. So a report of any size never holds an app
worker, and any app server can serve the finished PDF. The CLI (`export_plan --format pdf`)
still renders directly: nobody waits on a web request there.

There are two kinds, each asked for, made, kept and served on its own: the standard report
(the summary a sponsorgroep reads) and the full one (`volledig`: every meting in an appendix).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import IntegrityError, transaction
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import rapport
from ..models import OPEN_RAPPORT, Programma, RapportAanvraag, RapportStatus, plan_stand
from ..vandaag import vandaag as vandaag_van_de_app

logger = logging.getLogger(__name__)


def fout_mislukt() -> str:
    return _(
        "Het rapport kon niet worden gemaakt. Vraag het opnieuw aan; lukt het weer niet, "
        "meld het dan aan de beheerder."
    )


def fout_onderbroken() -> str:
    return _("Het maken van het rapport is onderbroken. Vraag het opnieuw aan.")


@task
def maak_rapport(aanvraag_id: int) -> str:
    """Render the report of one aanvraag and keep it; older finished ones of its kind go."""
    with transaction.atomic():
        aanvraag = (
            RapportAanvraag.objects.select_for_update()
            .select_related("programma")
            .defer("pdf")
            .filter(pk=aanvraag_id)
            .first()
        )
        if aanvraag is None or aanvraag.status != RapportStatus.WACHTEND:
            # Deleted with its programme, or already taken: nothing to do.
            return "overgeslagen"
        aanvraag.status = RapportStatus.BEZIG
        aanvraag.gestart_op = timezone.now()
        aanvraag.save(update_fields=["status", "gestart_op"])
    try:
        inhoud = rapport.pdf(aanvraag.programma, aanvraag.datum, volledig=aanvraag.volledig)
    except Exception:
        logger.exception(
            "Rapport %s van programma %s kon niet worden gemaakt",
            aanvraag.pk,
            aanvraag.programma.slug,
        )
        RapportAanvraag.objects.filter(pk=aanvraag.pk).update(
            status=RapportStatus.MISLUKT, klaar_op=timezone.now(), fout=fout_mislukt()
        )
        raise
    with transaction.atomic():
        # Kept even if it was meanwhile marked as interrupted (a slow report): it is good.
        RapportAanvraag.objects.filter(pk=aanvraag.pk).update(
            status=RapportStatus.KLAAR,
            pdf=inhoud,
            klaar_op=timezone.now(),
            fout="",
            bestandsnaam=rapport.bestandsnaam(
                aanvraag.programma, aanvraag.datum, volledig=aanvraag.volledig
            ),
        )
        # Only the newest finished report of each kind is served; the others would only
        # take space.
        RapportAanvraag.objects.filter(
            programma_id=aanvraag.programma_id, volledig=aanvraag.volledig, pk__lt=aanvraag.pk
        ).exclude(status__in=OPEN_RAPPORT).delete()
    return "klaar"


def ruim_op(programma: Programma) -> None:
    """Mark a report that has been "being made" too long as interrupted: its worker died."""
    grens = timezone.now() - timedelta(seconds=settings.RAPPORT_MAX_DUUR)
    RapportAanvraag.objects.filter(
        programma=programma, status=RapportStatus.BEZIG, gestart_op__lt=grens
    ).update(status=RapportStatus.MISLUKT, klaar_op=timezone.now(), fout=fout_onderbroken())


def laatste(programma: Programma, *, volledig: bool = False) -> RapportAanvraag | None:
    """The aanvraag of this kind the report page shows: the open one, else the newest
    (without its PDF)."""
    ruim_op(programma)
    aanvragen = RapportAanvraag.objects.defer("pdf").filter(programma=programma, volledig=volledig)
    return aanvragen.filter(status__in=OPEN_RAPPORT).first() or aanvragen.first()


def stand_nu(programma: Programma) -> Callable[[], str]:
    """The plan's state (models.plan_stand: a query per part of the plan), computed at most
    once however often a request asks: the report page asks per kind, and after a click."""
    return functools.cache(functools.partial(plan_stand, programma))


def stand_van(
    programma: Programma, *, volledig: bool = False, nu: Callable[[], str] | None = None
) -> dict[str, object]:
    """What the report page shows of one kind: its aanvraag, and whether it is current."""
    aanvraag = laatste(programma, volledig=volledig)
    return {
        "aanvraag": aanvraag,
        "actueel": aanvraag is not None and is_actueel(aanvraag, nu=nu),
        "volledig": volledig,
    }


def is_actueel(
    aanvraag: RapportAanvraag, vandaag: date | None = None, *, nu: Callable[[], str] | None = None
) -> bool:
    """A finished report still shows today's plan: same day, nothing changed since."""
    vandaag = vandaag or vandaag_van_de_app()
    return (
        aanvraag.status == RapportStatus.KLAAR
        and aanvraag.datum == vandaag
        and aanvraag.stand == (nu or stand_nu(aanvraag.programma))()
    )


def vraag_aan(
    programma: Programma,
    gebruiker: AbstractBaseUser | AnonymousUser | None = None,
    *,
    volledig: bool = False,
    nu: Callable[[], str] | None = None,
) -> RapportAanvraag:
    """The report of this kind of today's plan: the one being made, a finished one of the
    same plan, or a new aanvraag in the queue. Never renders here."""
    vandaag = vandaag_van_de_app()
    ruim_op(programma)
    aanvragen = RapportAanvraag.objects.defer("pdf").filter(programma=programma, volledig=volledig)
    bestaand = aanvragen.filter(status__in=OPEN_RAPPORT).first()
    if bestaand is not None:
        return bestaand
    stand = (nu or stand_nu(programma))()
    klaar = aanvragen.filter(status=RapportStatus.KLAAR, stand=stand, datum=vandaag).first()
    if klaar is not None:
        return klaar
    try:
        with transaction.atomic():
            aanvraag = RapportAanvraag.objects.create(
                programma=programma,
                stand=stand,
                datum=vandaag,
                volledig=volledig,
                aangevraagd_door=gebruiker if getattr(gebruiker, "pk", None) else None,
            )
            # In the same transaction: the worker sees the task only with its aanvraag.
            resultaat = maak_rapport.enqueue(aanvraag.pk)
            RapportAanvraag.objects.filter(pk=aanvraag.pk).update(taak=str(resultaat.id)[:64])
    except IntegrityError:
        # Someone asked at the same moment and won the one open place: join theirs.
        bestaand = aanvragen.filter(status__in=OPEN_RAPPORT).first()
        if bestaand is None:
            raise
        return bestaand
    return aanvragen.get(pk=aanvraag.pk)
