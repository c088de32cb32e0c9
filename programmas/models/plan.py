"""The plan itself, header to section 4: the programme and its members, the baten, cycli
and roadmap, vermogens, inspanningen, doelen and risico's."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Min, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from .. import notatie, realisatie
from ..keuzes import (
    Criterium,
    Domein,
    Fase,
    Frequentie,
    InspanningStatus,
    Kans,
    Prioriteit,
    Rol,
)
from ..vandaag import vandaag as vandaag_van_de_app
from .basis import (
    KORT,
    TEKST,
    PlanOnderdeel,
    Regels,
    ander,
    controleer_zelfde_programma,
    datum_velden,
    eerste,
    niveau_velden,
)

if TYPE_CHECKING:
    from .sturing import Afhankelijkheid  # sturing builds on this module


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
            from .sturing import Afhankelijkheid  # sturing builds on this module

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
