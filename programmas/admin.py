"""Every part of the plan in the Django admin, the children of a programme as inlines."""

from django.contrib import admin

from .models import (
    Afhankelijkheid,
    AfhankelijkheidVan,
    Baat,
    Cyclus,
    CyclusDoel,
    Escalatie,
    Inspanning,
    Lidmaatschap,
    Meetmoment,
    Programma,
    RapportAanvraag,
    Risico,
    RoadmapFase,
    Sector,
    Stuurparameter,
    StuurparameterWijziging,
    Vermogen,
)


class SectorInline(admin.TabularInline):
    model = Sector
    extra = 0


class LidmaatschapInline(admin.TabularInline):
    model = Lidmaatschap
    extra = 0
    autocomplete_fields = ["user"]


class BaatInline(admin.TabularInline):
    model = Baat
    extra = 0
    fields = ["nummer", "naam", "eigenaar", "eigenaar_naam", "prioriteit", "eenheid"]
    show_change_link = True


class CyclusInline(admin.TabularInline):
    model = Cyclus
    extra = 0
    show_change_link = True


class VermogenInline(admin.TabularInline):
    model = Vermogen
    extra = 0
    filter_horizontal = ["baten"]


class InspanningInline(admin.TabularInline):
    model = Inspanning
    extra = 0


class StuurparameterInline(admin.TabularInline):
    model = Stuurparameter
    extra = 0


class EscalatieInline(admin.StackedInline):
    model = Escalatie
    extra = 0


@admin.register(Programma)
class ProgrammaAdmin(admin.ModelAdmin):
    list_display = ["naam", "slug", "versie", "datum_tekst", "opsteller"]
    search_fields = ["naam", "slug"]
    prepopulated_fields = {"slug": ["naam"]}
    readonly_fields = ["datum"]
    fieldsets = [
        (None, {"fields": ["naam", "slug", "versie", "datum_tekst", "datum", "opsteller"]}),
        ("Theoretische basis", {"fields": ["thema", "kernprincipe"]}),
        (
            "Roadmap en sturing",
            {
                "fields": [
                    ("start_jaar", "start_kwartaal", "aantal_kwartalen"),
                    "rapportage_frequentie",
                    "escalatie_drempel",
                ]
            },
        ),
        (
            "Escalatie (sectie 7)",
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
            "Toelichtingen",
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
        SectorInline,
        LidmaatschapInline,
        BaatInline,
        CyclusInline,
        VermogenInline,
        InspanningInline,
        StuurparameterInline,
        EscalatieInline,
    ]


class CyclusDoelInline(admin.TabularInline):
    model = CyclusDoel
    extra = 0
    readonly_fields = ["startniveau", "doelniveau", "meetmoment"]


class RoadmapFaseInline(admin.TabularInline):
    model = RoadmapFase
    extra = 0


class RisicoInline(admin.TabularInline):
    model = Risico
    extra = 0


class MeetmomentInline(admin.TabularInline):
    model = Meetmoment
    extra = 0
    fields = [
        "datum_tekst",
        "datum",
        "omschrijving",
        "verwacht_niveau_tekst",
        "verwacht_niveau",
        "meting_tekst",
        "meting",
        "toelichting",
        "gemeten_door",
        "gemeten_op",
    ]
    readonly_fields = ["datum", "verwacht_niveau", "meting"]


class AfhankelijkheidInline(admin.StackedInline):
    model = Afhankelijkheid
    fk_name = "baat"
    extra = 0


@admin.register(Baat)
class BaatAdmin(admin.ModelAdmin):
    list_display = ["code", "naam", "programma", "eigenaar_weergave", "prioriteit"]
    list_filter = ["programma", "prioriteit"]
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
            "Huidige situatie (nulmeting)",
            {
                "fields": [
                    ("nulmeting_tekst", "nulmeting"),
                    "nulmeting_bron",
                    ("nulmeting_datum_tekst", "nulmeting_datum"),
                ]
            },
        ),
        ("Doelsituatie", {"fields": [("target_tekst", "target"), ("deadline_tekst", "deadline")]}),
        (None, {"fields": ["toelichting"]}),
    ]
    inlines = [
        CyclusDoelInline,
        RoadmapFaseInline,
        RisicoInline,
        MeetmomentInline,
        AfhankelijkheidInline,
    ]


class AfhankelijkheidVanInline(admin.TabularInline):
    model = AfhankelijkheidVan
    fk_name = "afhankelijkheid"
    extra = 0
    fields = ["van"]


@admin.register(Afhankelijkheid)
class AfhankelijkheidAdmin(admin.ModelAdmin):
    list_display = ["__str__", "type", "drempel"]
    list_select_related = ["baat"]
    inlines = [AfhankelijkheidVanInline]


@admin.register(AfhankelijkheidVan)
class AfhankelijkheidVanAdmin(admin.ModelAdmin):
    list_display = ["afhankelijkheid", "van"]
    exclude = ["afhankelijke"]


class StuurparameterWijzigingInline(admin.TabularInline):
    model = StuurparameterWijziging
    extra = 0


@admin.register(Stuurparameter)
class StuurparameterAdmin(admin.ModelAdmin):
    list_display = ["__str__", "programma", "status"]
    inlines = [StuurparameterWijzigingInline]


@admin.register(Cyclus)
class CyclusAdmin(admin.ModelAdmin):
    list_display = ["__str__", "programma"]
    list_filter = ["programma"]
    inlines = [CyclusDoelInline]


for model in (
    Vermogen,
    Inspanning,
    Risico,
    Meetmoment,
    StuurparameterWijziging,
    Escalatie,
    Lidmaatschap,
    Sector,
    RoadmapFase,
    CyclusDoel,
):
    admin.site.register(model)


@admin.register(RapportAanvraag)
class RapportAanvraagAdmin(admin.ModelAdmin):
    """Read-only: requests are made on the report page and finished by the task worker."""

    list_display = ["programma", "status", "aangevraagd_op", "klaar_op", "aangevraagd_door"]
    list_filter = ["status", "programma"]
    list_select_related = ["programma", "aangevraagd_door"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
