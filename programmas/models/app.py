"""What the app keeps beside the plan: the recycle bin, reports, API tokens and keys,
a person's profile and reminders, change sets and versions."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..keuzes import (
    Herinnering,
)
from .basis import (
    KORT,
    TEKST,
    wie,
)
from .plan import (
    Baat,
    Cyclus,
    CyclusDoel,
    Doel,
    Inspanning,
    Lidmaatschap,
    Programma,
    Risico,
    RoadmapFase,
    Sector,
    Vermogen,
)
from .sturing import (
    Afhankelijkheid,
    AfhankelijkheidVan,
    Escalatie,
    Meetmoment,
    Stuurparameter,
    StuurparameterWijziging,
)


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
