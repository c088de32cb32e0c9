"""Work done outside the request: the PDF report (issue 13: reports in the background).

A request only writes a RapportAanvraag and queues `maak_rapport` (Django's Tasks framework,
backend django-tasks-db: the queue lives in the database); the worker (`manage.py db_worker`)
renders the PDF and stores it on the aanvraag. So a report of any size never holds an app
worker, and any app server can serve the finished PDF. The CLI (`export_plan --format pdf`)
still renders directly: nobody waits on a web request there.

There are two kinds, each asked for, made, kept and served on its own: the standard report
(the summary a sponsorgroep reads) and the full one (`volledig`: every meting in an appendix).

A report is made in the language of who asked for it (issue 19): the task receives it and
renders under it, and the language is part of the aanvraag's `stand` (`stand_in`), so a
report made in English is never current for a Dutch reader (and the other way round) and
each language keeps its own newest report. A Dutch stand is the plan's fingerprint as it
was; another language's is its code, a colon, and the fingerprint (shortened to fit).
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
from django.utils import timezone, translation
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


def _onderbroken_nl() -> str:
    with translation.override(NEDERLANDS):
        return fout_onderbroken()


def fout_onderbroken() -> str:
    return _("Het maken van het rapport is onderbroken. Vraag het opnieuw aan.")


STAND_LENGTE = 64  # RapportAanvraag.stand's max_length
NEDERLANDS = "nl"


def taal_nu(taal: str | None = None) -> str:
    """The language a report is asked in: `taal`, else the active one (the reader's)."""
    return translation.get_supported_language_variant(
        taal or translation.get_language() or settings.LANGUAGE_CODE
    )


def stand_in(stand: str, taal: str) -> str:
    """The key that decides a report's reuse: the plan's state in one language."""
    if taal == NEDERLANDS:
        return stand
    return f"{taal}:{stand}"[:STAND_LENGTE]


def taal_van(stand: str) -> str:
    """The language of a report, read from its stand (see `stand_in`)."""
    taal, teken, _rest = stand.partition(":")
    return taal if teken else NEDERLANDS


def in_taal(aanvragen, taal: str):
    """The aanvragen of a queryset that were made in `taal`."""
    if taal == NEDERLANDS:
        return aanvragen.exclude(stand__contains=":")
    return aanvragen.filter(stand__startswith=f"{taal}:")


@task
def maak_rapport(aanvraag_id: int, taal: str | None = None) -> str:
    """Render the report of one aanvraag in `taal` (of who asked for it; None: the one its
    stand says) and keep it; older finished ones of its kind and language go."""
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
    taal = taal or taal_van(aanvraag.stand)
    try:
        inhoud = rapport.pdf(
            aanvraag.programma, aanvraag.datum, volledig=aanvraag.volledig, taal=taal
        )
    except Exception:
        logger.exception(
            "Rapport %s van programma %s kon niet worden gemaakt",
            aanvraag.pk,
            aanvraag.programma.slug,
        )
        # Stored in Dutch, as every text the app keeps; the report page shows it in the
        # reader's language (it is one of the catalogue's messages).
        with translation.override(NEDERLANDS):
            fout = fout_mislukt()
        RapportAanvraag.objects.filter(pk=aanvraag.pk).update(
            status=RapportStatus.MISLUKT, klaar_op=timezone.now(), fout=fout
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
        # Only the newest finished report of each kind and language is served; the others
        # would only take space.
        ouder = RapportAanvraag.objects.filter(
            programma_id=aanvraag.programma_id, volledig=aanvraag.volledig, pk__lt=aanvraag.pk
        ).exclude(status__in=OPEN_RAPPORT)
        in_taal(ouder, taal_van(aanvraag.stand)).delete()
    return "klaar"


def ruim_op(programma: Programma) -> None:
    """Mark a report that has been "being made" too long as interrupted: its worker died."""
    grens = timezone.now() - timedelta(seconds=settings.RAPPORT_MAX_DUUR)
    RapportAanvraag.objects.filter(
        programma=programma, status=RapportStatus.BEZIG, gestart_op__lt=grens
    ).update(status=RapportStatus.MISLUKT, klaar_op=timezone.now(), fout=_onderbroken_nl())


def laatste(
    programma: Programma, *, volledig: bool = False, taal: str | None = None
) -> RapportAanvraag | None:
    """The aanvraag of this kind the report page shows: the open one, else the newest in
    the reader's language (without its PDF). A report in another language is not theirs:
    the page offers to make one, rather than call it out of date."""
    ruim_op(programma)
    aanvragen = RapportAanvraag.objects.defer("pdf").filter(programma=programma, volledig=volledig)
    return (
        aanvragen.filter(status__in=OPEN_RAPPORT).first()
        or in_taal(aanvragen, taal_nu(taal)).first()
    )


def klaar(
    programma: Programma, *, volledig: bool = False, taal: str | None = None
) -> RapportAanvraag | None:
    """The finished report of this kind to download: the newest in the reader's language
    (without one, the report page offers to make it)."""
    aanvragen = RapportAanvraag.objects.filter(
        programma=programma, status=RapportStatus.KLAAR, volledig=volledig
    ).only("pdf", "bestandsnaam", "stand")
    return in_taal(aanvragen, taal_nu(taal)).first()


def stand_nu(programma: Programma, taal: str | None = None) -> Callable[[], str]:
    """The plan's state (models.plan_stand: a query per part of the plan) in the reader's
    language (`stand_in`), computed at most once however often a request asks: the report
    page asks per kind, and after a click."""
    taal = taal_nu(taal)
    return functools.cache(lambda: stand_in(plan_stand(programma), taal))


def stand_van(
    programma: Programma, *, volledig: bool = False, nu: Callable[[], str] | None = None
) -> dict[str, object]:
    """What the report page shows of one kind: its aanvraag, and whether it is current."""
    aanvraag = laatste(programma, volledig=volledig, taal=taal_nu())
    return {
        "aanvraag": aanvraag,
        "actueel": aanvraag is not None and is_actueel(aanvraag, nu=nu),
        "volledig": volledig,
    }


def is_actueel(
    aanvraag: RapportAanvraag, vandaag: date | None = None, *, nu: Callable[[], str] | None = None
) -> bool:
    """A finished report still shows today's plan to this reader: same day, nothing
    changed since, in the reader's language."""
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
    taal: str | None = None,
) -> RapportAanvraag:
    """The report of this kind of today's plan: the one being made, a finished one of the
    same plan in the same language, or a new aanvraag in the queue, to be made in `taal`
    (None: the active language, the reader's). Never renders here. One report of a kind
    is made at a time: who asks while another language's is being made joins it, sees it
    is not current for them when it is done, and can then ask for theirs."""
    vandaag = vandaag_van_de_app()
    taal = taal_nu(taal)
    ruim_op(programma)
    aanvragen = RapportAanvraag.objects.defer("pdf").filter(programma=programma, volledig=volledig)
    bestaand = aanvragen.filter(status__in=OPEN_RAPPORT).first()
    if bestaand is not None:
        return bestaand
    stand = (nu or stand_nu(programma, taal))()
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
            resultaat = maak_rapport.enqueue(aanvraag.pk, taal)
            RapportAanvraag.objects.filter(pk=aanvraag.pk).update(taak=str(resultaat.id)[:64])
    except IntegrityError:
        # Someone asked at the same moment and won the one open place: join theirs.
        bestaand = aanvragen.filter(status__in=OPEN_RAPPORT).first()
        if bestaand is None:
            raise
        return bestaand
    return aanvragen.get(pk=aanvraag.pk)
