"""Reminders by email (issue 16): a baateigenaar hears of a meetmoment due within N days and
of every overdue one, and a programme manager gets a weekly digest of what is overdue and
what escalates.

"Due" and "overdue" are realisatie's rules (is_binnenkort, is_achterstallig), on the day of
programmas.vandaag; the digest reads what the dashboard shows (paginas.Stand). One mail per
person per run holds all their baten, across programmes. Every reason a mail goes for (a
meetmoment due, the same meetmoment overdue, a week's digest) is written down in
VerzondenHerinnering in the same transaction that sends it, so no mail goes twice for the
same reason, also when two runs meet (the unique key refuses the second).

A mail is written in its recipient's language (Profiel.taal; Dutch without a profile): its
subject, its words and its dates. A person chooses how often (Profiel.herinnering): daily
(every run that has news), weekly (at most one reminder in seven days), or off (nothing,
the digest included).

Sent by `herinneringen_taak` in the task worker, which plans its own next run each day at
settings.HERINNERING_UUR, and by `manage.py stuur_herinneringen [--dry-run]` for cron.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.tasks import default_task_backend, task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import paginas, realisatie
from .keuzes import Herinnering
from .models import (
    Baat,
    Lidmaatschap,
    Meetmoment,
    Profiel,
    Programma,
    VerzondenHerinnering,
)
from .toegang import Toegang
from .vandaag import vandaag as vandaag_van_de_app

logger = logging.getLogger(__name__)

HERINNERING = "herinnering"
OVERZICHT = "overzicht"


def site_url(pad: str) -> str:
    """An address for a mail: the site's own (settings.BATENPLAN_URL) before the path."""
    return f"{settings.BATENPLAN_URL.rstrip('/')}{pad}"


@dataclass
class Moment:
    """A meetmoment a reminder names: due soon or overdue, with a link to the quick form."""

    meetmoment: Meetmoment
    baat: Baat
    programma: Programma
    achterstallig: bool
    url: str
    sleutel: str
    nieuw: bool = True


@dataclass
class ProgrammaOverzicht:
    """What a programme manager's digest says of one programme: the dashboard's overdue
    meetmomenten, open escalation signals and escalations reported by hand."""

    programma: Programma
    achterstallig: list[tuple[Baat, Meetmoment]]
    signalen: list[tuple[Baat, realisatie.Signaal]]
    gemeld: list
    url: str

    @property
    def leeg(self) -> bool:
        return not (self.achterstallig or self.signalen or self.gemeld)


@dataclass
class Brief:
    """One mail to one person in one run (or why there is none)."""

    user: object
    soort: str  # HERINNERING or OVERZICHT
    momenten: list[Moment] = field(default_factory=list)
    programmas: list[ProgrammaOverzicht] = field(default_factory=list)
    sleutels: list[str] = field(default_factory=list)  # the reasons it goes for
    overslaan: str = ""  # why it does not go, if it does not
    verstuurd: bool = False
    taal: str = settings.LANGUAGE_CODE  # the recipient's (Profiel.taal)

    @property
    def onderwerp(self) -> str:
        if self.soort == OVERZICHT:
            return _("Batenplan: weekoverzicht van achterstand en escalaties")
        achter = sum(m.achterstallig for m in self.momenten)
        if achter:
            return _("Batenplan: %(n)s achterstallige meting(en), %(m)s binnenkort") % {
                "n": achter,
                "m": len(self.momenten) - achter,
            }
        return _("Batenplan: %(n)s meting(en) binnenkort") % {"n": len(self.momenten)}


def dagen() -> int:
    return int(settings.HERINNERING_DAGEN)


def _momenten(vandaag: date, binnen: int) -> dict[int, list[Moment]]:
    """Per user pk, the meetmomenten of the baten they own and may measure that are due
    within `binnen` days or overdue, by programme, baat and date."""
    grens = vandaag + timedelta(days=binnen)
    kandidaten = Meetmoment.objects.filter(
        baat__eigenaar__isnull=False, datum__isnull=False, datum__lte=grens
    ).values_list("pk", "datum", "meting_tekst")
    # The rules decide; the database only narrows to the dates that can count.
    pks = [
        pk
        for pk, datum, meting in kandidaten
        if realisatie.is_achterstallig(datum, realisatie.is_gemeten(meting), vandaag)
        or realisatie.is_binnenkort(datum, realisatie.is_gemeten(meting), vandaag, binnen)
    ]
    rijen = (
        Meetmoment.objects.filter(pk__in=pks or [0])
        .als_afspraak()
        .order_by("baat__programma__naam", "baat__nummer", "datum", "pk")
    )
    rijen = list(rijen)
    paren = {(m.baat.programma_id, m.baat.eigenaar_id) for m in rijen}
    leden = {
        (lid.programma_id, lid.user_id): lid
        for lid in Lidmaatschap.objects.filter(
            programma__in={p for p, _u in paren}, user__in={u for _p, u in paren}
        )
    }
    per_user: dict[int, list[Moment]] = {}
    for m in rijen:
        baat, programma = m.baat, m.baat.programma
        lid = leden.get((programma.pk, baat.eigenaar_id))
        # Only whoever may still enter its metingen: a member who left hears nothing.
        if lid is None or not Toegang(programma, lid).mag_metingen(baat):
            continue
        achter = realisatie.is_achterstallig(m.datum, m.is_gemeten, vandaag)
        reden = "achterstallig" if achter else "binnenkort"
        per_user.setdefault(baat.eigenaar_id, []).append(
            Moment(
                m,
                baat,
                programma,
                achter,
                site_url(f"{reverse('mijn', args=[programma.slug])}#mijn-{baat.nummer}"),
                f"meetmoment:{m.pk}:{m.datum.isoformat()}:{reden}",
            )
        )
    return per_user


def _overzichten(vandaag: date) -> dict[int, list[ProgrammaOverzicht]]:
    """Per user pk, the digest of each programme they receive it for (krijgt_overzicht)."""
    per_programma: dict[int, ProgrammaOverzicht] = {}
    per_user: dict[int, list[ProgrammaOverzicht]] = {}
    for lid in Lidmaatschap.objects.select_related("programma").order_by("programma__naam"):
        if not Toegang(lid.programma, lid).krijgt_overzicht:
            continue
        programma = lid.programma
        if programma.pk not in per_programma:
            s = paginas.Stand(
                Toegang.lezer(programma), vandaag, programma.baten.defer("toelichting")
            )
            open_ = paginas.open_escalaties(
                paginas.signaal_regels(s.regels, s.escalaties), s.escalaties
            )
            per_programma[programma.pk] = ProgrammaOverzicht(
                programma,
                [(regel.baat, m) for regel, m in s.achterstallig],
                [(r.regel.baat, r.signaal) for r in open_.signalen],
                open_.gemeld,
                site_url(reverse("dashboard", args=[programma.slug])),
            )
        overzicht = per_programma[programma.pk]
        if not overzicht.leeg:
            per_user.setdefault(lid.user_id, []).append(overzicht)
    return per_user


def week(vandaag: date) -> str:
    jaar, nummer, _dag = vandaag.isocalendar()
    return f"{jaar}-W{nummer:02d}"


def brieven(vandaag: date | None = None, binnen: int | None = None) -> list[Brief]:
    """Every mail this run would send, and for whom none goes and why, by user name."""
    vandaag = vandaag or vandaag_van_de_app()
    binnen = dagen() if binnen is None else binnen
    momenten = _momenten(vandaag, binnen)
    overzichten = _overzichten(vandaag)
    users = {u.pk: u for u in get_user_model().objects.filter(pk__in={*momenten, *overzichten})}
    profielen = {p.user_id: p for p in Profiel.objects.filter(user__in=list(users))}
    al = set(
        VerzondenHerinnering.objects.filter(user__in=list(users)).values_list("user_id", "sleutel")
    )
    week_geleden = timezone.now() - timedelta(days=7)
    recent = set(
        VerzondenHerinnering.objects.filter(
            user__in=list(users), sleutel__startswith="meetmoment:", verzonden_op__gt=week_geleden
        ).values_list("user_id", flat=True)
    )
    # The digest's figures hold words (an escalation's reason): made in each recipient's
    # language, once per language.
    per_taal = {translation.get_language(): overzichten}

    def in_taal(taal: str) -> dict[int, list[ProgrammaOverzicht]]:
        if taal not in per_taal:
            with translation.override(taal):
                per_taal[taal] = _overzichten(vandaag)
        return per_taal[taal]

    uitkomst = []
    for pk, user in sorted(users.items(), key=lambda item: item[1].get_username()):
        voorkeur = profielen[pk].herinnering if pk in profielen else Herinnering.WEKELIJKS
        if pk in momenten:
            brief = Brief(user, HERINNERING, momenten=momenten[pk])
            for moment in brief.momenten:
                moment.nieuw = (pk, moment.sleutel) not in al
            brief.sleutels = [m.sleutel for m in brief.momenten if m.nieuw]
            if voorkeur == Herinnering.WEKELIJKS and pk in recent:
                brief.overslaan = _("wekelijks: deze week al een herinnering")
            uitkomst.append(brief)
        if pk in overzichten:
            sleutel = f"overzicht:{week(vandaag)}"
            taal = profielen[pk].taal if pk in profielen else settings.LANGUAGE_CODE
            brief = Brief(user, OVERZICHT, programmas=in_taal(taal).get(pk) or overzichten[pk])
            brief.sleutels = [] if (pk, sleutel) in al else [sleutel]
            uitkomst.append(brief)
    for brief in uitkomst:
        voorkeur = profielen.get(brief.user.pk)
        if voorkeur is not None and voorkeur.taal:
            brief.taal = voorkeur.taal
        if voorkeur is not None and voorkeur.herinnering == Herinnering.UIT:
            brief.overslaan = _("herinneringen staan uit")
        elif not brief.user.email:
            brief.overslaan = _("geen e-mailadres")
        elif not brief.sleutels and not brief.overslaan:
            brief.overslaan = _("niets nieuws: alles al eerder gemeld")
    return uitkomst


def _bericht(brief: Brief, vandaag: date) -> EmailMultiAlternatives:
    """The mail, in the recipient's language."""
    with translation.override(brief.taal):
        return _bericht_in_taal(brief, vandaag)


def _bericht_in_taal(brief: Brief, vandaag: date) -> EmailMultiAlternatives:
    context = {
        "brief": brief,
        "naam": brief.user.get_full_name() or brief.user.get_username(),
        "vandaag": vandaag,
        "dagen": dagen(),
        "profiel_url": site_url(reverse("profiel")),
    }
    sjabloon = f"programmas/mail/{brief.soort}"
    bericht = EmailMultiAlternatives(
        brief.onderwerp,
        render_to_string(f"{sjabloon}.txt", context),
        to=[brief.user.email],
    )
    bericht.attach_alternative(render_to_string(f"{sjabloon}.html", context), "text/html")
    return bericht


def verstuur(brief: Brief, vandaag: date) -> bool:
    """Send one mail and note its reasons, in one transaction: a mail that fails to go is
    not noted (the next run tries again); a reason another run noted first is not sent."""
    try:
        with transaction.atomic():
            VerzondenHerinnering.objects.bulk_create(
                [VerzondenHerinnering(user=brief.user, sleutel=s) for s in brief.sleutels]
            )
            _bericht(brief, vandaag).send()
    except IntegrityError:
        brief.overslaan = _("tegelijk door een andere run verstuurd")
        return False
    except Exception:
        logger.exception("Herinnering aan %s kon niet worden verstuurd", brief.user)
        brief.overslaan = _("versturen mislukt; de volgende run probeert het opnieuw")
        return False
    brief.verstuurd = True
    return True


def stuur(vandaag: date | None = None, binnen: int | None = None) -> list[Brief]:
    """One run: every mail with news goes, once."""
    vandaag = vandaag or vandaag_van_de_app()
    alle = brieven(vandaag, binnen)
    for brief in alle:
        if not brief.overslaan:
            verstuur(brief, vandaag)
    return alle


# ---------------------------------------------------------------------------------------
# On a schedule, in the task worker


def volgende_run(nu: datetime | None = None) -> datetime:
    """The next moment of settings.HERINNERING_UUR in the site's time zone."""
    nu = timezone.localtime(nu or timezone.now())
    om = datetime.combine(nu.date(), time(settings.HERINNERING_UUR), tzinfo=nu.tzinfo)
    return om if om > nu else om + timedelta(days=1)


@task
def herinneringen_taak() -> str:
    """A run in the task worker; it plans the next one, so the worker sends every day."""
    try:
        verstuurd = sum(b.verstuurd for b in stuur())
    finally:
        plan_in(ook_als_gepland=True)
    return f"{verstuurd} verstuurd"


def gepland() -> bool:
    """Whether a run waits in the queue (django-tasks-db's; another backend keeps no queue
    we can read, and then a run is planned each time it is asked)."""
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # pragma: no cover - the backend is a setting
        return False
    return DBTaskResult.objects.filter(
        status="READY", task_path=herinneringen_taak.module_path
    ).exists()


def plan_in(*, ook_als_gepland: bool = False) -> datetime | None:
    """Queue the next run at HERINNERING_UUR, unless one is queued already. None when the
    backend cannot run a task later (the tests' immediate backend)."""
    if not default_task_backend.supports_defer:
        return None
    if not ook_als_gepland and gepland():
        return None
    om = volgende_run()
    herinneringen_taak.using(run_after=om).enqueue()
    return om
