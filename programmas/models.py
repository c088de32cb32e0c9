"""The batenrealisatieplan as data: one model per part of the template.

Levels and dates are kept as people write them ("NPS +15", "maart 2026 (M3)") beside the
number or date read from that text (domain rule 0); the text is what users see, the number
and date are what the figures use. `save()` derives them, so the two cannot drift apart.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Min, Q
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from . import notatie, realisatie
from .keuzes import Criterium, Fase, Frequentie, Kans, Parameter, Prioriteit, Rol, Status

TEKST = 200  # the length of one-line texts: names, levels as written, sources


def niveau_velden(label: str) -> tuple[models.CharField, models.DecimalField]:
    """A level as written plus its number; see `vul_afgeleiden`."""
    return (
        models.CharField(label, max_length=TEKST, blank=True),
        models.DecimalField(
            format_lazy("{} (getal)", label),
            max_digits=18,
            decimal_places=6,
            null=True,
            blank=True,
            editable=False,
        ),
    )


def datum_velden(label: str) -> tuple[models.CharField, models.DateField]:
    return (
        models.CharField(label, max_length=60, blank=True),
        models.DateField(format_lazy("{} (datum)", label), null=True, blank=True, editable=False),
    )


class PlanOnderdeel(models.Model):
    """A part of the plan that people edit.

    `revisie` counts the saves, so that a save based on an older revisie is refused instead
    of silently overwriting someone else's change (see forms.bewaar). Each `<x>_tekst`
    field named in `niveaus` or `datums` keeps its number or date in `<x>`.
    """

    revisie = models.PositiveIntegerField(default=1, editable=False)
    gewijzigd_op = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    gewijzigd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("gewijzigd door"),
    )

    niveaus: tuple[str, ...] = ()
    datums: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        self.vul_afgeleiden()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], *self.niveaus, *self.datums}
        super().save(*args, **kwargs)

    def vul_afgeleiden(self) -> None:
        for naam in self.niveaus:
            setattr(self, naam, notatie.parse_getal(getattr(self, f"{naam}_tekst")))
        for naam in self.datums:
            setattr(self, naam, notatie.parse_datum(getattr(self, f"{naam}_tekst")))


class ProgrammaQuerySet(models.QuerySet["Programma"]):
    def voor(self, user) -> ProgrammaQuerySet:
        """The programmes this user is a member of; others must not even be seen to exist."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(lidmaatschappen__user=user)


class Programma(PlanOnderdeel):
    naam = models.CharField(_("programma"), max_length=TEKST)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    # The plan header.
    versie = models.CharField(_("versie"), max_length=20, blank=True)
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
    objects = ProgrammaQuerySet.as_manager()

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
        self.__dict__.pop("_eerste_kwartaal", None)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if (self.start_jaar is None) != (self.start_kwartaal is None):
            raise ValidationError(_("Vul startjaar en startkwartaal allebei in, of allebei niet."))

    def kwartaal_nu(self, vandaag: date) -> int | None:
        """The roadmap quarter of a date (Q1 = 1), or None when Q1 is unknown."""
        eerste = self.eerste_kwartaal()
        return realisatie.kwartaal_nummer(*eerste, vandaag) if eerste else None

    def figuren(
        self,
        vandaag: date | None = None,
        baten: Iterable[Baat] | None = None,
        afhankelijkheden: Iterable[Afhankelijkheid] | None = None,
        meetmomenten: dict[int, list[realisatie.MeetmomentData]] | None = None,
    ) -> tuple[dict[str, realisatie.BaatFiguren], list[realisatie.AfhankelijkheidFiguur]]:
        """Every figure of the plan (domain rules 1-6) on a date, in a fixed number of queries.

        Pages that load the baten and afhankelijkheden anyway pass them in (fetched with
        `met_figuurdata()` and `Afhankelijkheid.objects.met_figuurdata()`).
        """
        vandaag = vandaag or timezone.localdate()
        if baten is None:
            baten = self.baten.met_figuurdata()
        if afhankelijkheden is None:
            afhankelijkheden = Afhankelijkheid.objects.filter(baat__programma=self).met_figuurdata()
        return realisatie.plan_figuren(
            [
                baat.figuurdata(None if meetmomenten is None else meetmomenten.get(baat.pk, []))
                for baat in baten
            ],
            [a.figuurdata() for a in afhankelijkheden],
            drempel=self.escalatie_drempel,
            vandaag=vandaag,
            kwartaal_nu=self.kwartaal_nu(vandaag),
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
        for periode_tekst in self.cycli.order_by("nummer").values_list("periode", flat=True):
            periode = notatie.parse_periode(periode_tekst)
            if periode:
                return notatie.kwartaal_van(periode[0])
        vroegste = self.baten.aggregate(vroegste=Min("nulmeting_datum"))["vroegste"]
        return notatie.kwartaal_van(vroegste) if vroegste else None


class Sector(PlanOnderdeel):
    programma = models.ForeignKey(Programma, on_delete=models.CASCADE, related_name="sectoren")
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


class Lidmaatschap(PlanOnderdeel):
    programma = models.ForeignKey(
        Programma, on_delete=models.CASCADE, related_name="lidmaatschappen"
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


class BaatQuerySet(models.QuerySet["Baat"]):
    def met_figuurdata(self) -> BaatQuerySet:
        """With what the figures need, so a plan of any size costs the same queries."""
        return self.prefetch_related("meetmomenten", "roadmap")


class Baat(PlanOnderdeel):
    programma = models.ForeignKey(Programma, on_delete=models.CASCADE, related_name="baten")
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
    eenheid = models.CharField(_("eenheid"), max_length=40, blank=True)
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

    @property
    def code(self) -> str:
        return f"B{self.nummer}"

    @property
    def eigenaar_weergave(self) -> str:
        if self.eigenaar_id:
            return self.eigenaar.get_full_name() or self.eigenaar.get_username()
        return self.eigenaar_naam

    def clean(self) -> None:
        errors: dict[str, str] = {}
        self.vul_afgeleiden()
        if self.nulmeting is not None and self.nulmeting == self.target:
            errors["target_tekst"] = _(
                "De target score is gelijk aan de nulmeting: er valt dan niets te realiseren."
            )
        if self.nulmeting_datum and self.deadline and self.deadline <= self.nulmeting_datum:
            errors["deadline_tekst"] = _("De deadline ligt niet na de datum van de nulmeting.")
        if self.eigenaar_id and self.programma_id:
            lid = Lidmaatschap.objects.filter(
                programma_id=self.programma_id, user_id=self.eigenaar_id
            ).first()
            if lid is None or lid.rol == Rol.SPONSORGROEP:
                errors["eigenaar"] = _(
                    "De baateigenaar moet lid zijn van het programma als baateigenaar of "
                    "programmamanager."
                )
        if errors:
            raise ValidationError(errors)

    def is_eigenaar(self, user) -> bool:
        return user.is_authenticated and self.eigenaar_id == user.pk

    def figuurdata(
        self, meetmomenten: Sequence[realisatie.MeetmomentData] | None = None
    ) -> realisatie.BaatData:
        """What the figures need; `meetmomenten` from MeetmomentQuerySet.figuurdata when
        the caller has them, so that thousands of metingen need not become models."""
        if meetmomenten is None:
            meetmomenten = [m.figuurdata() for m in self.meetmomenten.all()]
        return realisatie.BaatData(
            code=self.code,
            nulmeting=self.nulmeting,
            nulmeting_datum=self.nulmeting_datum,
            doel=self.target,
            deadline=self.deadline,
            meetmomenten=meetmomenten,
            roadmap={cel.kwartaal: Fase(cel.fase) for cel in self.roadmap.all()},
        )


class Cyclus(PlanOnderdeel):
    programma = models.ForeignKey(Programma, on_delete=models.CASCADE, related_name="cycli")
    nummer = models.PositiveSmallIntegerField(_("nummer"), validators=[MinValueValidator(1)])
    naam = models.CharField(_("naam"), max_length=TEKST, blank=True)
    periode = models.CharField(_("periode"), max_length=60, blank=True)

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

    def clean(self) -> None:
        self.vul_afgeleiden()
        errors: dict[str, str] = {}
        if self.cyclus_id and self.baat_id and self.cyclus.programma_id != self.baat.programma_id:
            errors["baat"] = _("Deze baat hoort bij een ander programma.")
        if self.startniveau is not None and self.startniveau == self.doelniveau:
            errors["doelniveau_tekst"] = _("Het doelniveau is gelijk aan het startniveau.")
        if errors:
            raise ValidationError(errors)


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


class Vermogen(PlanOnderdeel):
    """A capability to build; programme-wide and linked to the baten it serves."""

    programma = models.ForeignKey(Programma, on_delete=models.CASCADE, related_name="vermogens")
    omschrijving = models.CharField(_("omschrijving"), max_length=500)
    baten = models.ManyToManyField(
        Baat, blank=True, related_name="vermogens", verbose_name=_("baten")
    )
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("vermogen")
        verbose_name_plural = _("vermogens")
        ordering = ["programma", "volgorde", "pk"]

    def __str__(self) -> str:
        return self.omschrijving


class Inspanning(PlanOnderdeel):
    """An effort (project, activity); it builds vermogens and serves baten."""

    programma = models.ForeignKey(Programma, on_delete=models.CASCADE, related_name="inspanningen")
    omschrijving = models.CharField(_("omschrijving"), max_length=500)
    baten = models.ManyToManyField(
        Baat, blank=True, related_name="inspanningen", verbose_name=_("baten")
    )
    vermogens = models.ManyToManyField(
        Vermogen, blank=True, related_name="inspanningen", verbose_name=_("vermogens")
    )
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("inspanning")
        verbose_name_plural = _("inspanningen")
        ordering = ["programma", "volgorde", "pk"]

    def __str__(self) -> str:
        return self.omschrijving


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
    def figuurdata(self) -> dict[int, list[tuple[int, realisatie.MeetmomentData]]]:
        """Per baat, in the model's order, each meetmoment's pk and what the figures need:
        plain values from one query, for pages that show only some of them."""
        per_baat: dict[int, list[tuple[int, realisatie.MeetmomentData]]] = {}
        rijen = self.values_list(
            "pk", "baat_id", "datum", "verwacht_niveau", "meting_tekst", "meting"
        )
        for pk, baat_id, datum, verwacht, meting_tekst, meting in rijen:
            per_baat.setdefault(baat_id, []).append(
                (pk, realisatie.MeetmomentData(datum, verwacht, bool(meting_tekst.strip()), meting))
            )
        return per_baat


class Meetmoment(PlanOnderdeel):
    """A planned or held measurement of a baat; measured once `meting_tekst` is filled."""

    baat = models.ForeignKey(Baat, on_delete=models.CASCADE, related_name="meetmomenten")
    datum_tekst, datum = datum_velden(_("datum"))
    # What will be measured, as plans write before the fact ("Kwartaalmeting NPS").
    omschrijving = models.CharField(_("omschrijving"), max_length=TEKST, blank=True)
    verwacht_niveau_tekst, verwacht_niveau = niveau_velden(_("verwacht niveau"))
    meting_tekst, meting = niveau_velden(_("meting"))
    toelichting = models.TextField(_("toelichting"), blank=True)
    gemeten_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ingevoerd door"),
    )
    gemeten_op = models.DateTimeField(_("ingevoerd op"), null=True, blank=True)

    niveaus = ("verwacht_niveau", "meting")
    datums = ("datum",)
    objects = MeetmomentQuerySet.as_manager()

    class Meta:
        verbose_name = _("meetmoment")
        verbose_name_plural = _("meetmomenten")
        ordering = ["baat", F("datum").asc(nulls_last=True), "pk"]

    def __str__(self) -> str:
        return f"{self.baat.code} {self.datum_tekst}"

    @property
    def is_gemeten(self) -> bool:
        return bool(self.meting_tekst.strip())

    def is_achterstallig(self, vandaag: date) -> bool:
        return realisatie.is_achterstallig(self.datum, self.is_gemeten, vandaag)

    def figuurdata(self) -> realisatie.MeetmomentData:
        return realisatie.MeetmomentData(
            datum=self.datum,
            verwacht=self.verwacht_niveau,
            gemeten=self.is_gemeten,
            meting=self.meting,
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
    type = models.CharField(_("type"), max_length=40, blank=True)
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

    def figuurdata(self) -> realisatie.AfhankelijkheidData:
        return realisatie.AfhankelijkheidData(
            baat=self.baat.code,
            van=[koppeling.van.code for koppeling in self.koppelingen.all()],
            drempel=self.drempel,
        )

    def zet_van(self, baten) -> None:
        """Point this dependency at exactly these baten."""
        self.van.set(baten, through_defaults={"afhankelijke_id": self.baat_id})

    @property
    def van_weergave(self) -> str:
        delen = [koppeling.van.code for koppeling in self.koppelingen.all()]
        if self.extern:
            delen.append(self.extern)
        return ", ".join(delen)


class AfhankelijkheidVan(models.Model):
    """The link to one baat depended upon. It repeats the dependent baat so that the
    database itself can refuse a baat depending on itself."""

    afhankelijkheid = models.ForeignKey(
        Afhankelijkheid, on_delete=models.CASCADE, related_name="koppelingen"
    )
    van = models.ForeignKey(Baat, on_delete=models.CASCADE, related_name="+")
    afhankelijke = models.ForeignKey(Baat, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("afhankelijk van")
        verbose_name_plural = _("afhankelijk van")
        constraints = [
            models.UniqueConstraint(
                fields=["afhankelijkheid", "van"], name="afhankelijkheid_van_eenmaal"
            ),
            models.CheckConstraint(
                condition=~Q(van=F("afhankelijke")), name="afhankelijkheid_niet_van_zichzelf"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.afhankelijkheid} ({self.van.code})"

    def save(self, *args, **kwargs) -> None:
        self.afhankelijke_id = self.afhankelijkheid.baat_id
        super().save(*args, **kwargs)


class Stuurparameter(PlanOnderdeel):
    programma = models.ForeignKey(
        Programma, on_delete=models.CASCADE, related_name="stuurparameters"
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
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("door"),
    )
    op = models.DateTimeField(_("op"), default=timezone.now)

    class Meta:
        verbose_name = _("statuswijziging")
        verbose_name_plural = _("statuswijzigingen")
        ordering = ["stuurparameter", "-op", "-pk"]

    def __str__(self) -> str:
        return f"{self.stuurparameter}: {self.status_oud or '-'} → {self.status or '-'}"


class Escalatie(PlanOnderdeel):
    """A reason, set by hand, to take a baat to the sponsorgroep (section 7).

    The automatic signals of domain rule 6 are computed, not stored.
    """

    programma = models.ForeignKey(Programma, on_delete=models.CASCADE, related_name="escalaties")
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
    gemeld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gemeld door"),
    )

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
        ]

    def __str__(self) -> str:
        return f"{self.get_criterium_display()}: {self.omschrijving[:60]}"


class RapportStatus(models.TextChoices):
    WACHTEND = "wachtend", _("In de wachtrij")
    BEZIG = "bezig", _("Wordt gemaakt")
    KLAAR = "klaar", _("Klaar")
    MISLUKT = "mislukt", _("Mislukt")


OPEN_RAPPORT = (RapportStatus.WACHTEND, RapportStatus.BEZIG)


class RapportAanvraag(models.Model):
    """A request for the PDF report, made by the task worker (programmas/tasks.py).

    The PDF is kept in the database itself: every app server and the worker share the
    database and nothing else, and a backup (pg_dump) holds the reports with the plan. Only
    the newest finished report per programme is kept (see `tasks.maak_rapport`), so the
    table stays a few MB. `stand` is the plan's fingerprint (`plan_stand`) when it was asked
    for: a finished report is served again while the plan is unchanged that day.
    """

    programma = models.ForeignKey(Programma, on_delete=models.CASCADE, related_name="rapporten")
    status = models.CharField(
        _("status"), max_length=10, choices=RapportStatus, default=RapportStatus.WACHTEND
    )
    stand = models.CharField(_("stand van het plan"), max_length=64)
    datum = models.DateField(_("rapportdatum"))
    aangevraagd_op = models.DateTimeField(_("aangevraagd op"), default=timezone.now)
    aangevraagd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("aangevraagd door"),
    )
    gestart_op = models.DateTimeField(_("gestart op"), null=True, blank=True)
    klaar_op = models.DateTimeField(_("klaar op"), null=True, blank=True)
    taak = models.CharField(_("taak-id"), max_length=64, blank=True)
    bestandsnaam = models.CharField(_("bestandsnaam"), max_length=TEKST, blank=True)
    pdf = models.BinaryField(_("PDF"), null=True, blank=True, editable=False)
    fout = models.TextField(_("foutmelding"), blank=True)

    class Meta:
        verbose_name = _("rapportaanvraag")
        verbose_name_plural = _("rapportaanvragen")
        ordering = ["-aangevraagd_op", "-pk"]
        constraints = [
            # One report in the making per programme: a second click joins the first.
            models.UniqueConstraint(
                fields=["programma"],
                condition=Q(status__in=OPEN_RAPPORT),
                name="rapport_een_open_aanvraag_per_programma",
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
# them. AfhankelijkheidVan is derived from Afhankelijkheid on save and needs no entry.
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
    (Risico, "baat__programma"),
    (Meetmoment, "baat__programma"),
    (Afhankelijkheid, "baat__programma"),
    (Stuurparameter, "programma"),
    (Escalatie, "programma"),
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
    wijzigingen = StuurparameterWijziging.objects.filter(
        stuurparameter__programma=programma
    ).aggregate(n=models.Count("pk"), hoogste=models.Max("pk"))
    delen.append(f"wijzigingen:{wijzigingen['n']}:{wijzigingen['hoogste']}")
    return hashlib.sha256("|".join(delen).encode()).hexdigest()
