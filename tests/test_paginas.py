"""The pages as people use them: login, start, the plan with its figures, a baat, editing in
place with htmx and without, removing, Mijn baten, members, and the cost in queries."""

import re
from datetime import date

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from programmas.keuzes import Fase, Kans, Rol
from programmas.models import (
    Baat,
    CyclusDoel,
    Lidmaatschap,
    Meetmoment,
    Programma,
    Prullenbak,
    Risico,
    RoadmapFase,
    Vermogen,
)
from tests.helpers import (
    PASSWORD,
    FormulierLezer,
    baat,
    formulier_in,
    ingelogd,
    open_formulier,
    tekst,
    verstuur,
)

SLUG = "klant-in-beeld"
PLAN = f"/p/{SLUG}/"
VANDAAG = date(2026, 11, 29)  # roadmap quarter Q4 (2026-K4) of the demo
pytestmark = pytest.mark.vandaag(VANDAAG)


def blok(html: str, begin: str, einde: str = "</section>") -> str:
    """The part of the page from `begin` up to the first `einde` after it."""
    start = html.index(begin)
    return html[start : html.index(einde, start) + len(einde)]


def toont(html: str, begin: str, *stukken: str) -> None:
    """Every one of `stukken` stands in the blok of the page that starts at `begin`."""
    deel = blok(html, begin)
    for stuk in stukken:
        assert stuk in deel, (stuk, deel)


def rij(html: str, rij_id: str) -> str:
    return blok(html, f'<tr id="{rij_id}">', "</tr>")


# ---------------------------------------------------------------------------------------
# Login and start


def test_the_login_page_is_in_dutch(db):
    response = Client().get("/accounts/login/")
    html = tekst(response)
    assert response.status_code == 200
    assert '<html lang="nl">' in html
    assert "<h1>Inloggen</h1>" in html
    assert ">Gebruikersnaam</label>" in html
    assert ">Wachtwoord</label>" in html
    assert "Password" not in html and "Username" not in html


def test_a_wrong_password_is_told_in_dutch(demo):
    response = Client().post("/accounts/login/", {"username": "pm", "password": "fout"})
    assert "Gebruikersnaam of wachtwoord klopt niet." in tekst(response)


def test_logging_in_leads_to_the_start_page(demo):
    client = Client()
    response = client.post("/accounts/login/", {"username": "pm", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_the_start_page_asks_anonymous_visitors_to_log_in(db):
    response = Client().get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_start_page_lists_the_users_programmes_with_their_role(demo, make_programma):
    andere = make_programma(naam="Digitale Werkplek", slug="digitale-werkplek", versie="0.9")
    Lidmaatschap.objects.create(
        programma=andere, user=User.objects.get(username="pm"), rol=Rol.SPONSORGROEP
    )
    make_programma(naam="Geheim Programma", slug="geheim")
    html = tekst(ingelogd("pm").get("/"))
    assert "<h1>Uw programma's</h1>" in html
    # The portfolio (issue 16): the name, then the role; the version is on the plan page.
    rol = '<td data-label="Uw rol">'
    assert (
        '<td class="naam"><a href="/p/digitale-werkplek/">Digitale Werkplek</a></td> '
        f"{rol}Sponsorgroep</td>"
    ) in html
    assert (
        f'<td class="naam"><a href="{PLAN}">Klant in Beeld</a></td> {rol}Programmamanager</td>'
        in html
    )
    assert html.index("Digitale Werkplek") < html.index("Klant in Beeld")
    assert "Geheim Programma" not in html


def test_the_start_page_shows_each_role_of_the_demo(demo):
    assert '<td data-label="Uw rol">Baateigenaar</td>' in tekst(ingelogd("eigenaar").get("/"))
    assert '<td data-label="Uw rol">Sponsorgroep</td>' in tekst(ingelogd("sponsor").get("/"))


def test_a_user_without_programmes_is_told_to_ask_a_programme_manager(db, make_user):
    client = Client()
    client.force_login(make_user("nieuw"))
    html = tekst(client.get("/"))
    assert "U bent nog geen lid van een programma." in html
    assert "<table" not in html


# ---------------------------------------------------------------------------------------
# The plan page


def test_the_plan_shows_its_header_and_sections_1_to_7_in_the_templates_order(pm):
    response = pm.get(PLAN)
    assert response.status_code == 200
    html = tekst(response)
    koppen = [
        "<h2>Klant in Beeld</h2>",
        "<h2>1. Baten Overzicht</h2>",
        "<h2>2. Batenrealisatie per Cyclus</h2>",
        "<h2>3. Batenrealisatie Roadmap</h2>",
        "<h2>4. Per Baat: Realisatiedetails</h2>",
        "<h2>5. Afhankelijkheden tussen Baten</h2>",
        "<h2>6. Monitoring & Sturing</h2>",
        "<h2>7. Escalatie</h2>",
    ]
    plekken = [html.index(kop) for kop in koppen]
    assert plekken == sorted(plekken)


def test_the_plan_header_holds_the_demos_values(pm):
    kop = blok(tekst(pm.get(PLAN)), 'id="sectie-kop"')
    for waarde in [
        "<dt>Versie</dt><dd>1.2</dd>",
        "<dt>Datum</dt><dd>november 2026</dd>",
        "<dt>Opsteller</dt><dd>Programmabureau Klant in Beeld</dd>",
        "<dt>Thema</dt><dd>Sturen (H17-H22 Werken aan Programma's)</dd>",
        "<dt>Kernprincipe</dt><dd>P1 - Visie & doelen > inspanningen</dd>",
    ]:
        assert waarde in kop


def test_the_baten_overview_shows_the_computed_figures_of_the_demo(pm):
    html = tekst(pm.get(PLAN))
    b1 = rij(html, "baat-1")
    assert "Consistente klantbeleving" in b1
    assert "Erik de Eigenaar" in b1
    assert "PO/VO/ZAK" in b1 and "Kritiek" in b1
    # (7,2 - 6,0) / (8,0 - 6,0) = 60 %; planned 7,1 on that date: 55 %, so 5 points ahead.
    assert '<td class="getal">60 %</td>' in b1
    assert "−5 pp" in b1
    assert "fase-target" in b1 and "fase-groei" in b1

    b2 = rij(html, "baat-2")
    # NPS +7 against +5 → +20: 13 %; planned +13 on that date: 53 %; 40 points behind.
    assert '<td class="getal">13 %</td>' in b2
    assert '<td class="getal achter">+40 pp</td>' in b2
    assert "⚠ Achterstand" in b2

    assert "1 meetmoment achterstallig" in rij(html, "baat-3")
    assert '<td class="getal">kwalitatief</td>' in rij(html, "baat-4")
    b5 = rij(html, "baat-5")
    assert "nog niet gemeten" in b5
    assert "⚠ Conflict" in b5


def test_section_7_lists_the_escalation_signals_and_the_overdue_meetmoment(pm):
    html = tekst(pm.get(PLAN))
    escalatie = blok(html, 'id="sectie-escalatie"')
    assert "B2</a>: Loopt 40 procentpunt achter op planning (drempel 20)" in escalatie
    assert "B5</a>: Conflict: B5 gepland in Groei, maar B2 staat op 13 % (drempel 30 %)" in (
        escalatie
    )
    assert "B3</a>: meetmoment september 2026 is verstreken zonder meting (waarschuwing)" in (
        escalatie
    )
    assert "De aanbesteding van het CRM-systeem loopt drie maanden vertraging op." in escalatie
    kop = blok(html, 'id="sectie-kop"')
    assert "2 open escalatiesignalen, 1 achterstallig meetmoment." in kop


def test_the_plan_shows_the_cycles_roadmap_details_dependencies_and_monitoring(pm):
    html = tekst(pm.get(PLAN))
    cycli = blok(html, 'id="sectie-cycli"')
    assert "Cyclus 1: Fundament - 2026 H1" in cycli
    assert "Cyclus 3: Verankering - 2027 H1" in cycli
    # One baat x cycle table. B1 in cycle 1: 6,9 by June against 6,0 → 6,8: 112,5 %.
    b1 = blok(cycli, '<tr><th scope="row">B1', "</tr>")
    assert "Klantbelevingsscore" in b1
    cel = '<td><span class="getal">113 %</span> <small>6,0 score → 6,8 score · juni 2026</small>'
    assert cel in b1

    roadmap = blok(html, 'id="sectie-roadmap"')
    assert "Q1<br><small>2026-K1</small>" in roadmap
    assert "Q6<br><small>2027-K2</small>" in roadmap
    assert '<th class="nu">Q4<br><small>2026-K4</small><br><small>nu</small></th>' in roadmap

    details = blok(html, 'id="sectie-details"', '<section id="sectie-afhankelijkheden"')
    assert "Baat 4: Betere klantinzichten" in details
    assert "Privacy-eisen beperken koppelingen" in details
    toont(
        html,
        'id="sectie-afhankelijkheden"',
        "B1 60 % / drempel 50 %: vervuld",
        "B2 13 % / drempel 30 %: onvervuld — conflict",
        "Aanbesteding CRM-systeem",
    )

    monitoring = blok(html, 'id="sectie-monitoring"')
    assert "Frequentie batenrapportage:</strong> Per kwartaal" in monitoring
    for parameter in ["Doeltreffendheid", "Tempo", "Haalbaarheid", "Wendbaarheid", "Efficiëntie"]:
        assert parameter in monitoring


# ---------------------------------------------------------------------------------------
# The baat page


def test_the_baat_page_shows_nulmeting_doel_and_its_figures(pm):
    response = pm.get(f"{PLAN}baten/1/")
    assert response.status_code == 200
    html = tekst(response)
    assert "<h1>Baat 1: Consistente klantbeleving</h1>" in html
    kern = blok(html, 'id="sectie-kern"')
    for waarde in [
        "<dt>Score/niveau</dt><dd>6,0 score</dd>",
        "<dt>Bron meting</dt><dd>Klantpanel 2025</dd>",
        "<dt>Datum</dt><dd>december 2025</dd>",
        "<dt>Target score</dt><dd>8,0 score</dd>",
        "<dt>Deadline</dt><dd>juni 2027</dd>",
        "<dt>Eenheid</dt><dd>score</dd>",
    ]:
        assert waarde in kern
    figuren = blok(html, 'id="figuren"')
    assert '<span class="waarde">60 %</span>' in figuren
    assert '<span class="waarde">55 %</span>' in figuren
    assert '<span class="waarde">−5 pp</span>' in figuren
    assert "6,9 score → 7,2 score <small>(30 sep. 2026)</small>" in figuren


def test_the_baat_page_shows_vermogens_inspanningen_risks_meetmomenten_and_cycles(pm):
    html = tekst(pm.get(f"{PLAN}baten/1/"))
    toont(
        html,
        'id="sectie-vermogens"',
        # Each with its domain (the benefits map, issue 17).
        "<td>Eenduidig klantcontactmodel voor alle sectoren <small>· Proces</small></td>"
        "<td>B2 </td>",
        "<td>Klantdata op orde en toegankelijk <small>· Systeem</small></td><td>B4 </td>",
    )
    toont(
        html,
        'id="sectie-inspanningen"',
        "Project Klantcontactcentrum",
        "Procesregie over de klantketen",
    )
    risicos = blok(html, 'id="sectie-risicos"')
    assert (
        "<td>Sectoren blijven eigen werkwijzen hanteren</td><td>Midden</td><td>Hoog</td>"
        "<td>Gezamenlijke klantbelofte vastleggen in sectorplannen</td>"
    ) in risicos
    meetmomenten = blok(html, 'id="sectie-meetmomenten"')
    assert "<td>maart 2026</td> <td>6,5 score</td> <td>6,4 score</td>" in meetmomenten
    assert '<td>december 2026</td> <td><span class="leeg">Klantpanel Q4</span></td>' in (
        meetmomenten
    )
    assert "Erik de Eigenaar" in meetmomenten
    cyclusdoelen = blok(html, 'id="sectie-cyclusdoelen"')
    assert "<td>Cyclus 2: Groei - 2026 H2</td><td>6,8 score</td><td>7,4 score</td>" in cyclusdoelen
    # 7,2 by December against 6,8 → 7,4: 66,7 %.
    assert "67 %" in cyclusdoelen


def test_the_baat_page_shows_its_dependencies_in_both_directions(pm):
    sectie = 'id="sectie-afhankelijkheden"'
    # B1 depends on nothing, but B2 depends on it.
    toont(
        tekst(pm.get(f"{PLAN}baten/1/")),
        sectie,
        "<td>B2</td> <td>B1</td> <td>Inhoudelijk</td>",
        "B1 60 % / drempel 50 %: vervuld",
    )
    toont(
        tekst(pm.get(f"{PLAN}baten/2/")),
        sectie,
        "<td>B2</td> <td>B1</td>",
        "<td>B5</td> <td>B2</td> <td>Planning</td>",
        "B2 13 % / drempel 30 %: onvervuld — conflict",
    )


def test_the_baat_page_of_a_qualitative_baat_says_kwalitatief(pm):
    html = tekst(pm.get(f"{PLAN}baten/4/"))
    figuren = blok(html, 'id="figuren"')
    assert '<span class="label">Realisatie</span><span class="waarde">kwalitatief</span>' in (
        figuren
    )
    assert 'Geen integraal klantbeeld <small class="hint">(kwalitatief)</small>' in html


def test_an_unknown_baat_is_not_found(pm):
    assert pm.get(f"{PLAN}baten/99/").status_code == 404


# ---------------------------------------------------------------------------------------
# Editing in place (htmx) and as pages of their own


def bewerk_urls() -> list[str]:
    b1, b2 = baat(1), baat(2)
    risico = Risico.objects.filter(baat=b1).first()
    meetmoment = Meetmoment.objects.filter(baat=b1).first()
    return [
        f"{PLAN}baat/{b1.pk}/?terug=plan%23baten",
        f"{PLAN}baat/nieuw/?terug=plan%23baten",
        f"{PLAN}baatdetails/{b2.pk}/?terug=baat-2%23kern",
        f"{PLAN}risico/{risico.pk}/?terug=baat-1%23risicos",
        f"{PLAN}meetmoment/{meetmoment.pk}/?terug=baat-1%23meetmomenten",
        f"{PLAN}risico/{risico.pk}/verwijderen/?terug=baat-1%23risicos",
        f"{PLAN}sectie/kop/",
        f"{PLAN}sectie/escalatie/",
        f"{PLAN}roadmap/1/2/",
        f"{PLAN}lid/nieuw/?terug=leden%23leden",
    ]


@pytest.mark.parametrize("index", range(10))
def test_an_edit_url_gives_htmx_a_fragment_and_a_browser_a_whole_page(pm, index):
    url = bewerk_urls()[index]
    fragment = pm.get(url, HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200
    assert "<html" not in fragment.content.decode()
    assert "<form" in fragment.content.decode()
    pagina = pm.get(url)
    assert pagina.status_code == 200
    assert "<html" in pagina.content.decode()
    assert "<form" in pagina.content.decode()


def test_the_details_form_of_a_baat_opens_without_a_terug_parameter(pm):
    # As the URL in the address bar: where to go back to is then the baat's own page.
    url = f"{PLAN}baatdetails/{baat(2).pk}/"
    assert pm.get(url, HTTP_HX_REQUEST="true").status_code == 200
    pagina = pm.get(url)
    assert pagina.status_code == 200
    assert f'href="{PLAN}baten/2/#sectie-kern"' in pagina.content.decode()


def test_a_saved_change_without_htmx_redirects_to_its_section_on_the_page(pm):
    formulier = open_formulier(pm, f"{PLAN}baat/{baat(1).pk}/?terug=plan%23baten", htmx=False)
    response = verstuur(pm, formulier, htmx=False, naam="Eenduidige klantbeleving")
    assert response.status_code == 302
    assert response["Location"] == f"{PLAN}#sectie-baten"
    assert baat(1).naam == "Eenduidige klantbeleving"


def test_a_saved_change_on_a_baat_page_redirects_to_that_section_of_the_baat(pm):
    url = f"{PLAN}baatdetails/{baat(2).pk}/?terug=baat-2%23kern"
    formulier = open_formulier(pm, url, htmx=False)
    response = verstuur(pm, formulier, htmx=False, nulmeting_bron="Onderzoek 2025")
    assert response.status_code == 302
    assert response["Location"] == f"{PLAN}baten/2/#sectie-kern"


def test_a_saved_change_with_htmx_returns_the_section_to_swap_in(pm):
    formulier = open_formulier(pm, f"{PLAN}baat/{baat(1).pk}/?terug=plan%23baten")
    response = verstuur(pm, formulier, naam="Eenduidige klantbeleving")
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#sectie-baten"
    assert response["HX-Reswap"] == "outerHTML"
    html = response.content.decode()
    assert "<html" not in html
    assert html.lstrip().startswith('<section id="sectie-baten"')
    assert "Eenduidige klantbeleving" in html


def test_a_saved_risk_with_htmx_returns_its_section_and_the_refreshed_figures(pm):
    risico = Risico.objects.get(baat=baat(1))
    formulier = open_formulier(pm, f"{PLAN}risico/{risico.pk}/?terug=baat-1%23risicos")
    response = verstuur(pm, formulier, kans=Kans.HOOG.value)
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#sectie-risicos"
    html = response.content.decode()
    assert '<section id="sectie-risicos"' in html
    assert 'id="figuren"' in html and 'hx-swap-oob="outerHTML"' in html
    assert "<td>Sectoren blijven eigen werkwijzen hanteren</td><td>Hoog</td>" in html


def test_a_roadmap_cell_is_set_in_place_and_cleared_again(pm):
    response = pm.post(f"{PLAN}roadmap/2/1/", {"fase": Fase.BASIS}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#sectie-roadmap"
    assert RoadmapFase.objects.get(baat=baat(2), kwartaal=1).fase == Fase.BASIS
    cel = RoadmapFase.objects.get(baat=baat(2), kwartaal=1)
    response = pm.post(f"{PLAN}roadmap/2/1/", {"fase": "", "revisie": cel.revisie})
    assert response.status_code == 302
    assert response["Location"] == f"{PLAN}#sectie-roadmap"
    assert not RoadmapFase.objects.filter(baat=baat(2), kwartaal=1).exists()


def test_a_cleared_roadmap_cell_goes_to_the_prullenbak_and_comes_back(pm):
    cel = RoadmapFase.objects.filter(baat__programma__slug=SLUG).order_by("pk")[0]
    pm.post(
        f"{PLAN}roadmap/{cel.baat.nummer}/{cel.kwartaal}/", {"fase": "", "revisie": cel.revisie}
    )
    assert not RoadmapFase.objects.filter(pk=cel.pk).exists()
    item = Prullenbak.objects.get(soort="roadmapfase")
    pm.post(f"{PLAN}prullenbak/{item.pk}/terugzetten/", {"terug": "plan#roadmap"})
    assert RoadmapFase.objects.get(pk=cel.pk).fase == cel.fase


def test_a_stale_roadmap_cell_form_does_not_overwrite_a_newer_fase(pm):
    cel = RoadmapFase.objects.filter(baat__programma__slug=SLUG).order_by("pk")[0]
    url = f"{PLAN}roadmap/{cel.baat.nummer}/{cel.kwartaal}/"
    andere = Fase.TARGET if cel.fase != Fase.TARGET else Fase.GROEI
    assert pm.post(url, {"fase": andere, "revisie": cel.revisie}).status_code == 302
    oud = pm.post(url, {"fase": Fase.BASIS, "revisie": cel.revisie})
    assert oud.status_code == 422
    assert "Iemand anders heeft dit intussen gewijzigd" in tekst(oud)
    zonder = pm.post(url, {"fase": ""})
    assert zonder.status_code == 422
    assert "mist de versie" in tekst(zonder)
    assert RoadmapFase.objects.get(pk=cel.pk).fase == andere


def test_a_roadmap_cell_set_meanwhile_by_someone_else_is_not_overwritten(pm):
    response = pm.post(f"{PLAN}roadmap/2/1/", {"fase": Fase.GROEI, "revisie": 0})
    assert response.status_code == 302
    tweede = pm.post(f"{PLAN}roadmap/2/1/", {"fase": Fase.BASIS, "revisie": 0})
    assert tweede.status_code == 422
    assert RoadmapFase.objects.get(baat=baat(2), kwartaal=1).fase == Fase.GROEI


def test_a_roadmap_cell_outside_the_programmes_quarters_is_not_found(pm):
    assert pm.get(f"{PLAN}roadmap/1/7/").status_code == 404
    assert pm.get(f"{PLAN}roadmap/1/0/").status_code == 404


def test_the_forms_choice_lists_read_dutch(pm):
    for url in [f"{PLAN}meetmoment/nieuw/", f"{PLAN}cyclusdoel/nieuw/", f"{PLAN}escalatie/nieuw/"]:
        html = pm.get(url, HTTP_HX_REQUEST="true").content.decode()
        assert "Select an option" not in html, url


# ---------------------------------------------------------------------------------------
# Removing asks first


def test_removing_a_risk_asks_for_confirmation_and_deletes_nothing_until_confirmed(pm):
    risico = Risico.objects.get(baat=baat(1))
    url = f"{PLAN}risico/{risico.pk}/verwijderen/?terug=baat-1%23risicos"
    vraag = pm.get(url, HTTP_HX_REQUEST="true")
    assert vraag.status_code == 200
    html = tekst(vraag)
    assert "Weet u zeker dat u" in html
    assert "“Sectoren blijven eigen werkwijzen hanteren”" in html
    assert Risico.objects.filter(pk=risico.pk).exists()

    bevestigd = pm.post(url, formulier_in(vraag).data(), HTTP_HX_REQUEST="true")
    assert bevestigd.status_code == 200
    assert bevestigd["HX-Retarget"] == "#sectie-risicos"
    assert "Geen risico's." in bevestigd.content.decode()
    assert not Risico.objects.filter(pk=risico.pk).exists()


def test_removing_a_baat_warns_what_goes_with_it_and_returns_to_the_overview(pm):
    b6 = baat(6)
    url = f"{PLAN}baat/{b6.pk}/verwijderen/?terug=baat-6%23kern"
    vraag = pm.get(url)
    html = tekst(vraag)
    assert "<html" in html
    assert "Weet u zeker dat u deze baat wilt verwijderen?" in html
    assert "Het gaat weg met 1 meting, 6 roadmapfasen, 1 gepland meetmoment" in html
    assert Baat.objects.filter(pk=b6.pk).exists()

    bevestigd = pm.post(url, {"terug": "baat-6#kern"})
    assert bevestigd.status_code == 302
    assert bevestigd["Location"] == f"{PLAN}#sectie-baten"
    assert not Baat.objects.filter(pk=b6.pk).exists()


# ---------------------------------------------------------------------------------------
# Mijn baten


def kaart(html: str, nummer: int) -> str:
    return blok(html, f'<article class="kaart" id="mijn-{nummer}">', "</article>")


def test_mijn_baten_lists_the_owners_baten_with_next_and_overdue_meetmomenten(eigenaar):
    response = eigenaar.get(f"{PLAN}mijn-baten/")
    assert response.status_code == 200
    html = tekst(response)
    assert re.findall(r'id="mijn-(\d+)"', html) == ["1", "2", "3"]
    b1 = kaart(html, 1)
    assert "Gepland: december 2026 · Klantpanel Q4 · verwacht 7,4 score" in b1
    assert "Achterstallig" not in b1
    assert "Gepland: januari 2027 · Kwartaalmeting NPS · verwacht NPS +16" in kaart(html, 2)
    b3 = kaart(html, 3)
    assert (
        '<li class="waarschuwing"><strong>Achterstallig:</strong> '
        "september 2026 · Doorlooptijd Q3 · verwacht 9 dagen</li>"
    ) in b3
    # 11 dagen in July against 14 → 7 dagen: 43 %.
    assert '<span class="waarde">43 %</span>' in b3


def test_a_meting_in_mijn_baten_returns_the_card_with_the_new_figures(eigenaar):
    lezer = FormulierLezer()
    lezer.feed(eigenaar.get(f"{PLAN}mijn-baten/").content.decode())
    formulier = next(f for f in lezer.formulieren if f.actie.endswith("/baten/3/meting/"))
    september = Meetmoment.objects.get(baat=baat(3), datum_tekst="september 2026")
    # The nearest open meetmoment is offered first; measured today unless the owner says.
    assert formulier.waarde("b3-meetmoment") == str(september.pk)
    assert formulier.waarde("b3-meetdatum_tekst") == "29-11-2026"

    response = verstuur(
        eigenaar, formulier, **{"b3-meting_tekst": "10 dagen", "b3-meetdatum_tekst": "30-09-2026"}
    )
    assert response.status_code == 200
    html = tekst(response)
    assert "<html" not in html
    assert html.startswith('<article class="kaart" id="mijn-3">')
    assert "Meting opgeslagen." in html
    # 14 → 7 dagen; 10 dagen on 30 September: (10 - 14) / (7 - 14) = 57 %, fase Groei.
    # Planned 9 dagen then: (9 - 14) / (7 - 14) = 71 %; 71,4 - 57,1 = 14 points behind.
    assert '<span class="waarde">57 %</span>' in html
    assert '<span class="waarde">+14 pp</span>' in html
    assert 'class="fase fase-target">Target</span> / <span class="fase fase-groei">Groei' in html
    assert "Achterstallig" not in html
    september.refresh_from_db()
    assert (september.meting_tekst, september.meting) == ("10 dagen", 10)
    assert september.gemeten_door.username == "eigenaar"


def test_mijn_baten_of_someone_who_owns_no_baat_says_so(demo):
    html = tekst(ingelogd("sponsor").get(f"{PLAN}mijn-baten/"))
    assert "U bent van geen enkele baat in dit programma de eigenaar." in html


def test_a_programme_manager_entering_a_meting_with_htmx_for_a_baat_without_owner_gets_a_card(
    pm,
):
    response = pm.post(
        f"{PLAN}baten/4/meting/",
        {"b4-meetmoment": "", "b4-datum_tekst": "27-11-2026", "b4-meting_tekst": "Ontwerp af"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert Meetmoment.objects.filter(baat=baat(4), meting_tekst="Ontwerp af").exists()


# ---------------------------------------------------------------------------------------
# Members and roles


def leden_rij(html: str, username: str) -> str:
    return next(r for r in re.findall(r"<tr>.*?</tr>", html) if f"<td>{username}</td>" in r)


def test_the_programme_manager_adds_an_existing_user_and_changes_their_role(pm, make_user):
    make_user("noor", first_name="Noor", last_name="Nieuw")
    formulier = open_formulier(pm, f"{PLAN}lid/nieuw/?terug=leden%23leden")
    response = verstuur(pm, formulier, gebruikersnaam="noor", rol=Rol.BAATEIGENAAR)
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#sectie-leden"
    lid = Lidmaatschap.objects.get(programma__slug=SLUG, user__username="noor")
    assert lid.rol == Rol.BAATEIGENAAR
    assert "<td>Baateigenaar</td>" in leden_rij(tekst(response), "noor")

    formulier = open_formulier(pm, f"{PLAN}lid/{lid.pk}/?terug=leden%23leden")
    assert "gebruikersnaam" not in formulier.velden
    response = verstuur(pm, formulier, rol=Rol.SPONSORGROEP)
    assert response.status_code == 200
    lid.refresh_from_db()
    assert lid.rol == Rol.SPONSORGROEP
    assert "<td>Sponsorgroep</td>" in leden_rij(tekst(response), "noor")

    noor = ingelogd("noor")
    assert '<td data-label="Uw rol">Sponsorgroep</td>' in tekst(noor.get("/"))
    assert noor.get(PLAN).status_code == 200


def test_the_members_page_lists_every_member_with_their_role(pm):
    html = tekst(pm.get(f"{PLAN}leden/"))
    assert "<td>Programmamanager</td>" in leden_rij(html, "pm")
    assert "<td>Baateigenaar</td>" in leden_rij(html, "eigenaar")
    assert "<td>Sponsorgroep</td>" in leden_rij(html, "sponsor")


def test_adding_an_unknown_user_or_an_existing_member_is_refused(pm):
    formulier = open_formulier(pm, f"{PLAN}lid/nieuw/?terug=leden%23leden")
    aantal = Lidmaatschap.objects.count()
    onbekend = verstuur(pm, formulier, gebruikersnaam="niemand", rol=Rol.BAATEIGENAAR)
    assert onbekend.status_code == 422
    assert "Er is geen gebruiker “niemand”. Een beheerder maakt accounts aan." in tekst(onbekend)
    al_lid = verstuur(pm, formulier, gebruikersnaam="eigenaar", rol=Rol.SPONSORGROEP)
    assert al_lid.status_code == 422
    assert "eigenaar is al lid van dit programma." in tekst(al_lid)
    assert Lidmaatschap.objects.count() == aantal


def test_the_last_programme_manager_cannot_be_demoted(pm):
    lid = Lidmaatschap.objects.get(programma__slug=SLUG, user__username="pm")
    formulier = open_formulier(pm, f"{PLAN}lid/{lid.pk}/?terug=leden%23leden")
    response = verstuur(pm, formulier, rol=Rol.BAATEIGENAAR)
    assert response.status_code == 422
    assert "Dit is de enige programmamanager; wijs eerst een andere aan." in tekst(response)
    lid.refresh_from_db()
    assert lid.rol == Rol.PROGRAMMAMANAGER


def test_the_last_programme_manager_cannot_be_removed(pm):
    lid = Lidmaatschap.objects.get(programma__slug=SLUG, user__username="pm")
    response = pm.post(f"{PLAN}lid/{lid.pk}/verwijderen/", {"terug": "leden#leden"})
    assert response.status_code == 422
    assert "De laatste programmamanager kan niet weg; wijs eerst een andere aan." in tekst(response)
    assert Lidmaatschap.objects.filter(pk=lid.pk, rol=Rol.PROGRAMMAMANAGER).exists()


def test_with_a_second_programme_manager_the_first_may_step_down(pm, make_lid):
    make_lid(Programma.objects.get(slug=SLUG), Rol.PROGRAMMAMANAGER, "paul")
    lid = Lidmaatschap.objects.get(programma__slug=SLUG, user__username="pm")
    formulier = open_formulier(pm, f"{PLAN}lid/{lid.pk}/?terug=leden%23leden")
    response = verstuur(pm, formulier, rol=Rol.SPONSORGROEP)
    assert response.status_code == 200
    lid.refresh_from_db()
    assert lid.rol == Rol.SPONSORGROEP


def test_only_a_programme_manager_manages_members(demo):
    eigenaar, sponsor = ingelogd("eigenaar"), ingelogd("sponsor")
    assert eigenaar.get(f"{PLAN}leden/").status_code == 403
    assert sponsor.post(f"{PLAN}lid/nieuw/", {"gebruikersnaam": "sponsor"}).status_code == 403


# ---------------------------------------------------------------------------------------
# Queries: a constant number, whatever the number of baten


def voeg_baten_toe(programma: Programma, aantal: int) -> None:
    eigenaar = User.objects.get(username="eigenaar")
    cyclus = programma.cycli.get(nummer=1)
    sector = programma.sectoren.first()
    for nummer in range(7, 7 + aantal):
        b = Baat.objects.create(
            programma=programma,
            nummer=nummer,
            naam=f"Extra baat {nummer}",
            eigenaar=eigenaar,
            nulmeting_tekst="10",
            nulmeting_datum_tekst="januari 2026",
            target_tekst="20",
            deadline_tekst="juni 2027",
        )
        b.sectoren.set([sector])
        Meetmoment.objects.create(
            baat=b, datum_tekst="september 2026", verwacht_niveau_tekst="14", meting_tekst="13"
        )
        Meetmoment.objects.create(baat=b, datum_tekst="maart 2027", verwacht_niveau_tekst="17")
        Risico.objects.create(baat=b, omschrijving=f"Risico {nummer}", kans="M", impact="H")
        RoadmapFase.objects.create(baat=b, kwartaal=4, fase=Fase.GROEI)
        vermogen = Vermogen.objects.create(programma=programma, omschrijving=f"Vermogen {nummer}")
        vermogen.baten.set([b])
        CyclusDoel.objects.create(
            cyclus=cyclus, baat=b, startniveau_tekst="10", doelniveau_tekst="13"
        )


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as vastgelegd:
        response = client.get(url)
    assert response.status_code == 200
    return len(vastgelegd.captured_queries)


@pytest.mark.parametrize(
    ("gebruiker", "url", "toont"),
    [
        ("pm", PLAN, "Extra baat 36"),
        ("pm", f"{PLAN}baten/1/", "Consistente klantbeleving"),
        ("eigenaar", f"{PLAN}mijn-baten/", "Extra baat 36"),
    ],
)
def test_a_page_costs_the_same_queries_whatever_the_number_of_baten(
    demo, gebruiker, url, toont, django_assert_num_queries
):
    client = ingelogd(gebruiker)
    client.get(url)  # warm up what is read once per process
    met_zes = queries(client, url)
    voeg_baten_toe(demo, 30)
    with django_assert_num_queries(met_zes):
        response = client.get(url)
    assert toont in response.content.decode()


@pytest.mark.parametrize(
    "pad",
    [
        "tonen/?terug=baat-%C2%B2%23kern",
        "risico/nieuw/?baat=%C2%B2",
        "cyclusdoel/nieuw/?cyclus=%C2%B2",
        "inspanning/nieuw/?baten=%C2%B2",
    ],
)
def test_a_number_in_a_link_that_is_no_plain_number_is_ignored_not_a_server_error(pm, pad):
    assert pm.get(f"{PLAN}{pad}").status_code in (200, 302)


def test_a_section_of_mijn_baten_or_of_a_baat_without_its_number_is_no_server_error(pm):
    htmx = {"HX-Request": "true"}
    assert pm.get(f"{PLAN}tonen/", {"terug": "baat#kern"}).status_code == 302
    mijn = pm.get(f"{PLAN}tonen/", {"terug": "mijn#baat"}, headers=htmx)
    assert mijn.status_code == 200
    assert mijn["HX-Redirect"] == f"/p/{SLUG}/mijn-baten/#sectie-baat"
