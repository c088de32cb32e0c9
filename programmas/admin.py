"""Every part of the plan in the Django admin, the children of a programme as inlines.

The admin writes through the same rules as the pages: each form runs the model's clean()
(ModelForm does), many-to-many choices go through the model's `controleer_*` methods, and the
formsets check what only a set of rows can break (the last programme manager, a circle of
dependencies).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import ValidationError
from django.db.models import F, Model
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import geschiedenis
from .forms import GEEN_REVISIE, RegelFormMixin
from .models import (
    Afhankelijkheid,
    AfhankelijkheidVan,
    ApiSleutel,
    ApiToken,
    Baat,
    Cyclus,
    CyclusDoel,
    Doel,
    Escalatie,
    Inspanning,
    Lidmaatschap,
    Meetmoment,
    PlanOnderdeel,
    Planversie,
    Profiel,
    Programma,
    Prullenbak,
    RapportAanvraag,
    Risico,
    RoadmapFase,
    Sector,
    Stuurparameter,
    StuurparameterWijziging,
    Vermogen,
    VerzondenHerinnering,
    Wijzigingsset,
)
from .velden import gebruik_datumvelden


class RegelAdminForm(RegelFormMixin, forms.ModelForm):
    """A row in the admin: the model's rules, and the revisie it was shown at, so that a
    stale admin page does not overwrite a newer change made on a page (as opslaan.bewaar)."""

    revisie = forms.IntegerField(
        widget=forms.HiddenInput, required=False, error_messages={"invalid": GEEN_REVISIE}
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The same date input as the pages: "15-3-2026" and "maart 2026" alike.
        gebruik_datumvelden(self)
        if not isinstance(self.instance, PlanOnderdeel):
            del self.fields["revisie"]
        elif not self.is_bound or self.add_prefix("revisie") not in self.data:
            self.initial["revisie"] = self.instance.revisie

    def has_changed(self) -> bool:
        # An untouched inline row is not saved, whatever revisie it was shown at.
        return any(naam != "revisie" for naam in self.changed_data)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if "revisie" not in self.fields or not self.instance.pk or not self.has_changed():
            return cleaned
        revisie = cleaned.get("revisie")
        if "revisie" in self.errors or (revisie or 0) < 1:
            self.add_error(None, forms.ValidationError(GEEN_REVISIE, code="geen_revisie"))
            return cleaned
        rijen = type(self.instance).objects.filter(pk=self.instance.pk)
        # The row's lock until the admin's transaction ends: check and save are one step.
        rijen.update(revisie=F("revisie"))
        if rijen.values_list("revisie", flat=True).first() != revisie:
            self.add_error(
                None,
                forms.ValidationError(
                    _(
                        "Iemand anders heeft dit intussen gewijzigd; er is niets opgeslagen. "
                        "Open de pagina opnieuw om de nieuwste versie te zien."
                    ),
                    code="conflict",
                ),
            )
        return cleaned

    def _post_clean(self) -> None:
        super()._post_clean()
        self.controleer_koppelingen()


class MeetmomentAdminForm(RegelAdminForm):
    """The admin asks, as the page form does, before it saves a meting far off the baat's
    scale (Meetmoment.controleer_plausibel): the box below confirms it."""

    bevestig_onwaarschijnlijk = forms.BooleanField(
        label=_("Meting ver buiten de schaal toch opslaan"),
        required=False,
        help_text=_("Alleen nodig als de meting ver buiten de schaal van de baat ligt."),
    )

    def _post_clean(self) -> None:
        if self.cleaned_data.get("bevestig_onwaarschijnlijk"):
            self.instance.bevestigd = {*self.instance.bevestigd, "onwaarschijnlijk"}
        super()._post_clean()

    def _update_errors(self, errors: ValidationError) -> None:
        if hasattr(errors, "error_dict") and "meting_tekst" in errors.error_dict:
            errors.error_dict["meting_tekst"] = [
                ValidationError(
                    _(
                        "Weet u het zeker? %(uitleg)s Klopt de meting, vink dan "
                        "“Meting ver buiten de schaal toch opslaan” aan."
                    ),
                    code=fout.code,
                    params={"uitleg": " ".join(fout.messages)},
                )
                if fout.code == "onwaarschijnlijk"
                else fout
                for fout in errors.error_dict["meting_tekst"]
            ]
        super()._update_errors(errors)


class MetRevisie:
    """Shows the form's hidden revisie on every admin page of a plan part, also where the
    admin names its fields; the model field itself is not editable, so it stays out of the
    fields the ModelForm is built from."""

    def get_fieldsets(self, request, obj=None):
        sets = super().get_fieldsets(request, obj)  # type: ignore[misc]
        if not issubclass(self.model, PlanOnderdeel):  # type: ignore[attr-defined]
            return [
                (naam, {**opties, "fields": [v for v in opties["fields"] if v != "revisie"]})
                for naam, opties in sets
            ]
        if issubclass(self.model, PlanOnderdeel) and "revisie" not in flatten_fieldsets(sets):  # type: ignore[attr-defined]
            (naam, opties), *rest = sets
            sets = [(naam, {**opties, "fields": [*opties["fields"], "revisie"]}), *rest]
        return sets

    def _zonder_revisie(self, request, obj, kwargs: dict[str, Any]) -> dict[str, Any]:
        velden = (
            kwargs["fields"]
            if "fields" in kwargs
            else flatten_fieldsets(self.get_fieldsets(request, obj))
        )
        if velden is not None:
            kwargs["fields"] = [v for v in velden if v != "revisie"]
        return kwargs

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs = self._zonder_revisie(request, obj, kwargs)
        return super().get_form(request, obj, change, **kwargs)  # type: ignore[misc]

    def get_formset(self, request, obj=None, **kwargs):
        kwargs = self._zonder_revisie(request, obj, kwargs)
        return super().get_formset(request, obj, **kwargs)  # type: ignore[misc]


class RegelAdmin(MetRevisie, admin.ModelAdmin):
    form = RegelAdminForm


# Inlines show the rows there are; a new row is one click ("Nog een ... toevoegen") away.
class RegelTabular(MetRevisie, admin.TabularInline):
    form = RegelAdminForm


class RegelStacked(MetRevisie, admin.StackedInline):
    form = RegelAdminForm


def tabel(model: type[Model]) -> type[RegelTabular]:
    """An inline that shows the rows of `model` as they are, in a table."""
    return type(f"{model.__name__}Inline", (RegelTabular,), {"model": model})


def stapel(model: type[Model]) -> type[RegelStacked]:
    """An inline that shows the rows of `model` as they are, one form under the other."""
    return type(f"{model.__name__}Inline", (RegelStacked,), {"model": model})


def blijvende_forms(formset: BaseInlineFormSet) -> list[forms.ModelForm]:
    return [
        f
        for f in formset.forms
        if f.has_changed() or f.instance.pk
        if not (formset.can_delete and formset._should_delete_form(f))
    ]


class LedenFormSet(BaseInlineFormSet):
    """The members of a programme together: a programme that has a programme manager keeps
    one (Lidmaatschap's rule, over every row of the formset at once)."""

    def clean(self) -> None:
        super().clean()
        if any(self.errors) or not self.instance.pk:
            return
        blijvend = blijvende_forms(self)
        rollen = {
            f.instance.pk or ("nieuw", i): f.cleaned_data.get("rol") or f.instance.rol
            for i, f in enumerate(blijvend)
        }
        weg = [f.instance.pk for f in self.forms if f.instance.pk and f not in blijvend]
        self.instance.controleer_programmamanager(rollen=rollen, weg=weg)


class KoppelingenFormSet(BaseInlineFormSet):
    """The baten a dependency points at, together: Afhankelijkheid.controleer_van."""

    def clean(self) -> None:
        super().clean()
        if any(self.errors) or not self.instance.baat_id:
            return
        van = [f.cleaned_data["van"] for f in blijvende_forms(self) if f.cleaned_data.get("van")]
        self.instance.controleer_van(van)


class LidmaatschapInline(RegelTabular):
    model = Lidmaatschap
    formset = LedenFormSet
    autocomplete_fields = ["user"]


class BaatInline(RegelTabular):
    model = Baat
    fields = ["nummer", "naam", "eigenaar", "eigenaar_naam", "prioriteit", "eenheid"]
    show_change_link = True


class CyclusInline(RegelTabular):
    model = Cyclus
    show_change_link = True


class VermogenInline(RegelTabular):
    model = Vermogen
    filter_horizontal = ["baten"]


@admin.register(Programma)
class ProgrammaAdmin(RegelAdmin):
    list_display = ["naam", "slug", "versie", "datum_tekst", "opsteller"]
    search_fields = ["naam", "slug"]
    prepopulated_fields = {"slug": ["naam"]}
    readonly_fields = ["datum"]
    fieldsets = [
        (None, {"fields": ["naam", "slug", "versie", "datum_tekst", "datum", "opsteller"]}),
        (_("Theoretische basis"), {"fields": ["thema", "kernprincipe"]}),
        (
            _("Roadmap en sturing"),
            {
                "fields": [
                    ("start_jaar", "start_kwartaal", "aantal_kwartalen"),
                    "rapportage_frequentie",
                    "escalatie_drempel",
                ]
            },
        ),
        (
            _("Escalatie (sectie 7)"),
            {
                "fields": [
                    "escaleer_bij_achterstand",
                    "escaleer_bij_commitment",
                    "escaleer_bij_externe_factor",
                    "escaleer_bij_conflict",
                ]
            },
        ),
        (
            _("Toelichtingen"),
            {
                "classes": ["collapse"],
                "fields": [
                    "toelichting_baten",
                    "toelichting_cycli",
                    "toelichting_roadmap",
                    "toelichting_details",
                    "toelichting_afhankelijkheden",
                    "toelichting_monitoring",
                    "toelichting_escalatie",
                ],
            },
        ),
    ]
    inlines = [
        tabel(Sector),
        LidmaatschapInline,
        BaatInline,
        CyclusInline,
        VermogenInline,
        tabel(Inspanning),
        tabel(Stuurparameter),
        stapel(Escalatie),
    ]


class CyclusDoelInline(RegelTabular):
    model = CyclusDoel
    readonly_fields = ["startniveau", "doelniveau", "meetmoment"]


class MeetmomentInline(RegelTabular):
    model = Meetmoment
    form = MeetmomentAdminForm
    fields = [
        *Meetmoment.getoonde_velden,
        "meetdatum_tekst",
        "toelichting",
        "gemeten_door",
        "gemeten_op",
        "bevestig_onwaarschijnlijk",
    ]
    readonly_fields = ["datum", "verwacht_niveau", "meting"]


class AfhankelijkheidInline(RegelStacked):
    model = Afhankelijkheid
    fk_name = "baat"


@admin.register(Baat)
class BaatAdmin(RegelAdmin):
    list_display = ["code", "naam", "programma", "eigenaar_kolom", "prioriteit"]
    list_filter = ["programma", "prioriteit"]

    @admin.display(description=Baat._meta.get_field("eigenaar").verbose_name)
    def eigenaar_kolom(self, obj: Baat) -> str:
        return obj.eigenaar_weergave

    list_select_related = ["programma", "eigenaar"]
    search_fields = ["naam", "programma__naam"]
    readonly_fields = ["nulmeting", "nulmeting_datum", "target", "deadline"]
    filter_horizontal = ["sectoren"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "programma",
                    ("nummer", "naam"),
                    ("eigenaar", "eigenaar_naam"),
                    "sectoren",
                    "prioriteit",
                    ("eenheid", "indicator"),
                ]
            },
        ),
        (
            _("Huidige situatie (nulmeting)"),
            {
                "fields": [
                    ("nulmeting_tekst", "nulmeting"),
                    "nulmeting_bron",
                    ("nulmeting_datum_tekst", "nulmeting_datum"),
                ]
            },
        ),
        (
            _("Doelsituatie"),
            {"fields": [("target_tekst", "target"), ("deadline_tekst", "deadline")]},
        ),
        (None, {"fields": ["toelichting"]}),
    ]
    inlines = [
        CyclusDoelInline,
        tabel(RoadmapFase),
        tabel(Risico),
        MeetmomentInline,
        AfhankelijkheidInline,
    ]


class AfhankelijkheidVanInline(RegelTabular):
    model = AfhankelijkheidVan
    fk_name = "afhankelijkheid"
    formset = KoppelingenFormSet
    fields = ["van"]


@admin.register(Afhankelijkheid)
class AfhankelijkheidAdmin(RegelAdmin):
    list_display = ["__str__", "type", "drempel"]
    list_select_related = ["baat"]
    inlines = [AfhankelijkheidVanInline]


@admin.register(AfhankelijkheidVan)
class AfhankelijkheidVanAdmin(RegelAdmin):
    list_display = ["afhankelijkheid", "van"]
    exclude = ["afhankelijke"]


class StuurparameterWijzigingInline(RegelTabular):
    model = StuurparameterWijziging


@admin.register(Stuurparameter)
class StuurparameterAdmin(RegelAdmin):
    list_display = ["__str__", "programma", "status"]
    inlines = [StuurparameterWijzigingInline]


@admin.register(Cyclus)
class CyclusAdmin(RegelAdmin):
    list_display = ["__str__", "programma"]
    list_filter = ["programma"]
    inlines = [CyclusDoelInline]


@admin.register(Lidmaatschap)
class LidmaatschapAdmin(RegelAdmin):
    # Not through has_delete_permission: that would also forbid deleting a whole programme,
    # whose members go with it.
    def delete_view(self, request, object_id, extra_context=None):
        lid = self.get_object(request, unquote(object_id))
        if lid is not None:
            try:
                lid.controleer_verwijderen()
            except ValidationError as fout:
                self.message_user(request, " ".join(fout.messages), messages.ERROR)
                return HttpResponseRedirect(
                    reverse("admin:programmas_lidmaatschap_change", args=[lid.pk])
                )
        return super().delete_view(request, object_id, extra_context)

    def delete_queryset(self, request, queryset) -> None:
        weg = set(queryset.values_list("pk", flat=True))
        for programma in Programma.objects.filter(lidmaatschappen__pk__in=weg).distinct():
            try:
                programma.controleer_programmamanager(weg=weg)
            except ValidationError:
                self.message_user(
                    request,
                    _("%(programma)s houdt dan geen programmamanager over; er is niets verwijderd.")
                    % {"programma": programma},
                    messages.ERROR,
                )
                return
        super().delete_queryset(request, queryset)


for model in (
    Vermogen,
    Inspanning,
    Risico,
    StuurparameterWijziging,
    Escalatie,
    Sector,
    RoadmapFase,
    CyclusDoel,
):
    admin.site.register(model, RegelAdmin)


# The benefits map's doelen (issue 17): in the admin as every part of the plan is.
admin.site.register(Doel, RegelAdmin)


@admin.register(Meetmoment)
class MeetmomentAdmin(RegelAdmin):
    form = MeetmomentAdminForm


@admin.register(Prullenbak)
class PrullenbakAdmin(admin.ModelAdmin):
    """Read only: the stored rows are put back from the programme's prullenbak page, where
    the checks of prullenbak.herstel apply; edited by hand they could not be trusted."""

    list_display = ["omschrijving", "programma", "gevolgen", "verwijderd_door", "verwijderd_op"]
    list_filter = ["programma"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(RapportAanvraag)
class RapportAanvraagAdmin(admin.ModelAdmin):
    """Read-only: requests are made on the report page and finished by the task worker."""

    list_display = [
        "programma",
        "volledig",
        "status",
        "aangevraagd_op",
        "klaar_op",
        "aangevraagd_door",
    ]
    list_filter = ["status", "volledig", "programma"]
    list_select_related = ["programma", "aangevraagd_door"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Read-only but revocable: each user makes their own on /profiel/tokens/ (only the
    hash is stored, so there is nothing here to hand out); an administrator may revoke one
    by deleting it, e.g. when a user leaves."""

    list_display = ["naam", "user", "begin", "aangemaakt_op", "laatst_gebruikt_op"]
    list_select_related = ["user"]
    exclude = ["hash"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


# -- Versions and history (issue 15): read only, written by the app itself.


class AlleenLezen(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ApiSleutel)
class ApiSleutelAdmin(AlleenLezen):
    """Read-only: the keys of pushed metingen, which make a retried push store nothing twice."""

    list_display = ["sleutel", "user", "programma", "meetmoment", "aangemaakt_op"]
    list_select_related = ["user", "programma", "meetmoment__baat"]


@admin.register(Profiel)
class ProfielAdmin(admin.ModelAdmin):
    """A person's reminder preference and language. The calendar key is theirs alone: not shown here
    (they renew it on their profile page)."""

    list_display = ["user", "herinnering", "taal"]
    list_filter = ["herinnering", "taal"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "user__email"]
    fields = ["user", "herinnering", "taal"]
    readonly_fields = ["user"]

    def has_add_permission(self, request) -> bool:
        return False  # every user has one from the start


@admin.register(VerzondenHerinnering)
class VerzondenHerinneringAdmin(admin.ModelAdmin):
    """Read only: which reasons a mail went for (programmas/herinneringen.py). Deleting a
    row lets the next run send that reminder again."""

    list_display = ["user", "sleutel", "verzonden_op"]
    search_fields = ["user__username", "sleutel"]
    list_select_related = ["user"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class OorsprongFilter(admin.SimpleListFilter):
    """The change sets by origin, named in the reader's language (stored in Dutch)."""

    title = _("hoe")
    parameter_name = "oorsprong"

    def lookups(self, request, model_admin) -> list[tuple[str, str]]:
        rijen = Wijzigingsset.objects.order_by("oorsprong").values_list("oorsprong", flat=True)
        return [(o, geschiedenis.oorsprong_tekst(o)) for o in rijen.distinct()[:100]]

    def queryset(self, request, queryset):
        return queryset.filter(oorsprong=self.value()) if self.value() else queryset


@admin.register(Wijzigingsset)
class WijzigingssetAdmin(AlleenLezen):
    list_display = ["op", "programma_naam", "door", "hoe"]
    list_filter = [OorsprongFilter]
    list_select_related = ["door"]

    @admin.display(description=_("hoe"), ordering="oorsprong")
    def hoe(self, obj: Wijzigingsset) -> str:
        # Stored in Dutch; read in the reader's language, as on the history page.
        return geschiedenis.oorsprong_tekst(obj.oorsprong)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Planversie)
class PlanversieAdmin(AlleenLezen):
    """A version is frozen: adopted and restored on the programme's Versies page."""

    list_display = ["programma", "nummer", "vastgesteld", "besluit_op", "door", "op"]
    list_filter = ["programma", "vastgesteld"]
    exclude = ["document"]

    def has_delete_permission(self, request, obj=None) -> bool:
        # An adopted version is the record of what the sponsorgroep decided.
        return False


# One read-only list per historical table: the models geschiedenis.registreer gave a history.
for _historisch in geschiedenis.historische_modellen():
    admin.site.register(
        _historisch,
        type(
            f"{_historisch.__name__}Admin",
            (AlleenLezen,),
            {
                "list_display": ["history_date", "history_type", "history_user", "__str__"],
                "list_filter": ["history_type"],
                "has_delete_permission": lambda self, request, obj=None: False,
            },
        ),
    )
