from django.urls import path

from . import persoonlijk, tokens, views, views_versies

urlpatterns = [
    path("", persoonlijk.start, name="start"),
    path("p/<slug:slug>/", views.plan, name="plan"),
    path("p/<slug:slug>/dashboard/", views.dashboard, name="dashboard"),
    path("p/<slug:slug>/batenkaart/", views.kaart, name="kaart"),
    path("p/<slug:slug>/rapport.pdf", views.rapport_pdf, name="rapport"),
    path("p/<slug:slug>/rapport/", views.rapport_status, name="rapport_status"),
    path("p/<slug:slug>/export/<str:soort>/", views.exporteren, name="exporteren"),
    path("p/<slug:slug>/importeren/", views.importeren, name="importeren"),
    path("importeren/", views.importeren, name="importeren_nieuw"),
    path("sjabloon/batenrealisatieplan.md", views.leeg_sjabloon, name="leeg_sjabloon"),
    path(
        "p/<slug:slug>/dashboard/signaal/<int:nummer>/<str:criterium>/",
        views.signaal_afhandelen,
        name="signaal_afhandelen",
    ),
    path(
        "p/<slug:slug>/escalatie/<int:pk>/besluit/",
        views.escalatie_besluit,
        name="escalatie_besluit",
    ),
    path("p/<slug:slug>/mijn-baten/", views.mijn, name="mijn"),
    path("p/<slug:slug>/leden/", views.leden, name="leden"),
    path("p/<slug:slug>/tonen/", views.tonen, name="tonen"),
    path("p/<slug:slug>/prullenbak/", views.prullenbak_lijst, name="prullenbak"),
    path(
        "p/<slug:slug>/prullenbak/<int:pk>/terugzetten/",
        views.prullenbak_herstellen,
        name="prullenbak_herstellen",
    ),
    # Versions and history (issue 15), before the row URLs below, which match any word.
    path("p/<slug:slug>/versies/", views_versies.versies_lijst, name="versies"),
    path(
        "p/<slug:slug>/versies/vergelijken/",
        views_versies.vergelijking,
        name="vergelijking",
    ),
    path(
        "p/<slug:slug>/versies/<int:pk>/bekijken/",
        views_versies.versie_bekijken,
        name="versie_bekijken",
    ),
    path(
        "p/<slug:slug>/versies/<int:pk>/export/<str:soort>/",
        views_versies.versie_export,
        name="versie_export",
    ),
    path(
        "p/<slug:slug>/versies/<int:pk>/terugzetten/",
        views_versies.versie_terugzetten,
        name="versie_terugzetten",
    ),
    path("p/<slug:slug>/geschiedenis/", views_versies.geschiedenis_lijst, name="geschiedenis"),
    path(
        "p/<slug:slug>/baten/<int:nummer>/geschiedenis/",
        views_versies.baat_geschiedenis,
        name="baat_geschiedenis",
    ),
    path("p/<slug:slug>/baten/<int:nummer>/", views.baat, name="baat"),
    path("p/<slug:slug>/baten/<int:nummer>/meting/", views.meting, name="meting"),
    path("p/<slug:slug>/sectie/<str:naam>/", views.sectie_bewerken, name="sectie_bewerken"),
    path(
        "p/<slug:slug>/roadmap/<int:nummer>/<int:kwartaal>/",
        views.roadmap_cel,
        name="roadmap_cel",
    ),
    path("p/<slug:slug>/<str:soort>/nieuw/", views.rij_bewerken, name="rij_nieuw"),
    path("p/<slug:slug>/<str:soort>/<int:pk>/", views.rij_bewerken, name="rij_bewerken"),
    path(
        "p/<slug:slug>/<str:soort>/<int:pk>/verwijderen/",
        views.rij_verwijderen,
        name="rij_verwijderen",
    ),
    path("profiel/tokens/", tokens.api_tokens, name="api_tokens"),
    # Issue 16: the portfolio as a PDF, the profile page and the calendar feed.
    path("portfolio.pdf", persoonlijk.portfolio_pdf, name="portfolio_pdf"),
    path("profiel/", persoonlijk.profiel, name="profiel"),
    path("taal/", persoonlijk.taal_kiezen, name="taal"),
    path("profiel/agenda/", persoonlijk.agenda_vernieuwen, name="agenda_vernieuwen"),
    path("agenda/<str:sleutel>.ics", persoonlijk.agenda_feed, name="agenda"),
]
