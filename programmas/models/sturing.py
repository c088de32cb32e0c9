"""Measuring and steering: meetmomenten, afhankelijkheden and the graph of their links,
the stuurparameters with their history, and the escalaties (sections 4-7)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import notatie, realisatie
from ..keuzes import (
    Criterium,
    Parameter,
    Status,
    keuze_label,
)
from ..vandaag import vandaag as vandaag_van_de_app
from .basis import (
    KORT,
    TEKST,
    PlanOnderdeel,
    Regels,
    ander,
    datum_velden,
    niveau_velden,
    wie,
)
from .plan import (
    Baat,
    Programma,
)


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
