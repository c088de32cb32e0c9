"""The dashboard as a user sees it, charts in the page, and the Content-Security-Policy."""

import gzip
import json
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from programmas.keuzes import Criterium, Fase, Rol
from programmas.models import (
    Baat,
    Escalatie,
    Meetmoment,
    Programma,
    RoadmapFase,
    Stuurparameter,
    StuurparameterWijziging,
)

SLUG = "klant-in-beeld"


def bewerk(client, soort: str, rij, *, htmx: bool = False, **velden: str):
    """A row of `soort` saved through its form, based on the revisie it has now."""
    url = reverse("rij_bewerken", args=[SLUG, soort, rij.pk])
    extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.post(url, {"revisie": rij.revisie, **velden}, **extra)


def grafiek(html: str, naam: str) -> dict:
    match = re.search(rf'<script id="{naam}" type="application/json">(.*?)</script>', html, re.S)
    assert match, f"no chart data {naam}"
    return json.loads(match.group(1))


def test_the_dashboard_shows_where_the_demo_programme_stands(sponsor):
    html = sponsor.get(reverse("dashboard", args=[SLUG])).content.decode()
    assert "60 %" in html  # B1 on track
    assert "Loopt 40 procentpunt achter op planning (drempel 20)" in html  # B2 behind
    assert "B2 hangt af van B1" in html and "vervuld" in html
    assert "Conflict: B5 gepland in Groei, maar B2 staat op 13 % (drempel 30 %)" in html
    assert "meetmoment september 2026 is verstreken zonder meting" in html  # B3
    lampen = grafiek(html, "grafiek-stuurparameters")["data"][0]
    assert lampen["x"] == [
        "Doeltreffendheid",
        "Tempo",
        "Haalbaarheid",
        "Wendbaarheid",
        "Efficiëntie",
    ]
    assert lampen["text"] == ["Geel", "Rood", "Groen", "Groen", "Geel"]


def test_a_plan_without_a_date_reads_without_a_stray_separator(sponsor, demo):
    Programma.objects.filter(pk=demo.pk).update(datum_tekst="", datum=None)
    html = sponsor.get(reverse("dashboard", args=[SLUG])).content.decode()
    onderkop = re.search(r'<p class="onderkop">(.*?)</p>', html, re.S)[1]
    assert " · · " not in " ".join(onderkop.split())
    assert "Versie 1.2 · cijfers van" in " ".join(onderkop.split())


def test_the_dashboard_shows_previous_and_current_status_with_history(sponsor):
    html = sponsor.get(reverse("dashboard", args=[SLUG])).content.decode()
    assert "Vorige rapportage → nu" in html
    assert "B2 loopt meer dan 20 punten achter" in html
    assert "3 wijzigingen" in html


def test_the_dashboard_shows_previous_and_latest_meting(sponsor):
    html = sponsor.get(reverse("dashboard", args=[SLUG])).content.decode()
    assert re.search(r"6,9 score\s*/\s*7,2 score", html)  # B1: vorig / nu


def test_the_roadmap_chart_holds_the_plan_today_and_the_dependencies(sponsor):
    html = sponsor.get(reverse("dashboard", args=[SLUG])).content.decode()
    roadmap = grafiek(html, "grafiek-roadmap")
    namen = [t["name"] for t in roadmap["data"]]
    assert namen[:4] == ["Basis", "Groei", "Target", "Borging"]
    assert any(n.startswith("Actuele fase") for n in namen)
    assert any(a.get("text") == "vandaag" for a in roadmap["layout"]["annotations"])
    pijlen = [a for a in roadmap["layout"]["annotations"] if a.get("showarrow")]
    assert len(pijlen) == 2  # B2 on B1, B5 on B2


def test_every_baat_has_a_small_trajectory_except_qualitative_ones(sponsor):
    html = sponsor.get(reverse("dashboard", args=[SLUG])).content.decode()
    for code in ("B1", "B2", "B3", "B5", "B6"):
        assert grafiek(html, f"traject-{code}")["data"]
    assert 'id="traject-B4"' not in html
    assert "geen lijn: niveaus zonder getal" in html


def test_a_stuurparameter_status_change_is_kept_with_author_and_note(pm, demo):
    haalbaarheid = Stuurparameter.objects.get(programma=demo, parameter="haalbaarheid")
    response = bewerk(
        pm,
        "stuurparameter",
        haalbaarheid,
        norm="Groen",
        status="geel",
        actie="Budget herzien",
        toelichting="Begroting 2027 onzeker",
        terug="dashboard#stuurparameters",
    )
    assert response.status_code == 302
    wijziging = StuurparameterWijziging.objects.get(stuurparameter=haalbaarheid)
    assert (wijziging.status_oud, wijziging.status) == ("groen", "geel")
    assert wijziging.door.username == "pm"
    assert wijziging.toelichting == "Begroting 2027 onzeker"
    html = pm.get(reverse("dashboard", args=[SLUG])).content.decode()
    assert "Begroting 2027 onzeker" in html


def test_saving_without_a_status_change_adds_no_history(pm, demo):
    tempo = Stuurparameter.objects.get(programma=demo, parameter="tempo")
    pm.post(
        reverse("rij_bewerken", args=[SLUG, "stuurparameter", tempo.pk]),
        {"revisie": tempo.revisie, "norm": "Groen", "status": "rood", "actie": "Nieuwe actie"},
    )
    assert tempo.wijzigingen.count() == 3


def test_pm_marks_an_automatic_signal_handled_and_new_data_raise_it_again(pm, demo):
    url = reverse("signaal_afhandelen", args=[SLUG, 2, Criterium.ACHTERSTAND])
    assert pm.get(url).status_code == 200
    response = pm.post(url, {"afhandeling": "Besproken in de sponsorgroep"})
    assert response.status_code == 302
    escalatie = Escalatie.objects.get(automatisch=True)
    assert escalatie.afgehandeld and escalatie.baat.code == "B2"
    html = pm.get(reverse("dashboard", args=[SLUG])).content.decode()
    assert "Besproken in de sponsorgroep" in html
    assert f'href="{url}"' not in html
    # Handled on 1 November; a meting of 28 November, still far behind, opens it again.
    Escalatie.objects.filter(pk=escalatie.pk).update(afgehandeld_op="2026-11-01")
    Meetmoment.objects.create(
        baat=Baat.objects.get(programma=demo, nummer=2),
        datum_tekst="28-11-2026",
        verwacht_niveau_tekst="NPS +14",
        meting_tekst="NPS +8",
    )
    html = pm.get(reverse("dashboard", args=[SLUG])).content.decode()
    assert f'href="{url}"' in html


def test_a_handled_signal_cannot_be_handled_twice(pm):
    url = reverse("signaal_afhandelen", args=[SLUG, 2, Criterium.ACHTERSTAND])
    assert pm.post(url, {"afhandeling": "Eerste keer"}).status_code == 302
    assert pm.post(url, {"afhandeling": "Tweede keer"}).status_code == 404
    assert Escalatie.objects.filter(automatisch=True).count() == 1


def test_a_signal_that_does_not_exist_cannot_be_handled(pm):
    url = reverse("signaal_afhandelen", args=[SLUG, 1, Criterium.ACHTERSTAND])
    assert pm.post(url, {"afhandeling": "x"}).status_code == 404
    assert not Escalatie.objects.filter(automatisch=True).exists()


def test_sponsor_cannot_handle_signals_without_a_besluit_or_add_escalations(sponsor):
    url = reverse("signaal_afhandelen", args=[SLUG, 2, Criterium.ACHTERSTAND])
    # A sponsor ends a signal only by deciding on it; a handling note alone is not theirs.
    assert sponsor.post(url, {"afhandeling": "x"}).status_code == 422
    assert not Escalatie.objects.filter(automatisch=True).exists()
    html = sponsor.get(reverse("dashboard", args=[SLUG])).content.decode()
    assert "Afhandelen" not in html and "Escalatie melden" not in html


def test_pm_adds_a_manual_escalation_and_marks_it_handled(pm, demo):
    response = pm.post(
        reverse("rij_nieuw", args=[SLUG, "escalatie"]),
        {
            "criterium": Criterium.COMMITMENT,
            "baat": Baat.objects.get(programma=demo, nummer=6).pk,
            "omschrijving": "Directeur kan de cultuuraanpak niet bemensen",
            "datum": "2026-11-20",
            "terug": "dashboard#escalaties",
        },
    )
    assert response.status_code == 302
    escalatie = Escalatie.objects.get(criterium=Criterium.COMMITMENT)
    assert not escalatie.afgehandeld
    response = pm.post(
        reverse("rij_bewerken", args=[SLUG, "escalatie", escalatie.pk]),
        {
            "revisie": escalatie.revisie,
            "criterium": Criterium.COMMITMENT,
            "baat": escalatie.baat_id,
            "omschrijving": escalatie.omschrijving,
            "datum": "2026-11-20",
            "afgehandeld": "on",
            "afhandeling": "Extra formatie toegezegd",
        },
    )
    assert response.status_code == 302
    escalatie.refresh_from_db()
    assert escalatie.afgehandeld and escalatie.afgehandeld_op is not None
    assert "Extra formatie toegezegd" in pm.get(reverse("dashboard", args=[SLUG])).content.decode()


def test_a_meting_on_the_baat_page_updates_figures_and_chart_without_reload(eigenaar, demo):
    gepland = Meetmoment.objects.get(
        baat__programma=demo, baat__nummer=3, datum_tekst="september 2026"
    )
    response = bewerk(
        eigenaar,
        "meetmoment",
        gepland,
        htmx=True,
        datum_tekst="september 2026",
        meting_tekst="8 dagen",
        toelichting="Nieuw klachtensysteem werkt",
        terug="baat-3#meetmomenten",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="figuren"' in html and 'hx-swap-oob="outerHTML"' in html
    assert "86 %" in html  # (8 - 14) / (7 - 14)
    traject = grafiek(html, "grafiek-traject")
    metingen = next(t for t in traject["data"] if t["name"] == "Meting")
    assert metingen["y"][-1] == 8.0


def test_the_dashboard_costs_the_same_queries_for_40_baten(
    sponsor, demo, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("dashboard", args=[SLUG])
    with CaptureQueriesContext(connection) as klein:
        sponsor.get(url)
    for nummer in range(7, 41):
        baat = Baat.objects.create(
            programma=demo,
            nummer=nummer,
            naam=f"Baat {nummer}",
            nulmeting_tekst="10",
            nulmeting_datum_tekst="januari 2026",
            target_tekst="20",
            deadline_tekst="juni 2027",
        )
        RoadmapFase.objects.create(baat=baat, kwartaal=4, fase=Fase.GROEI)
        Meetmoment.objects.create(baat=baat, datum_tekst="juni 2026", meting_tekst="12")
    with django_assert_num_queries(len(klein.captured_queries)):
        assert sponsor.get(url).status_code == 200


PAGINAS = [
    ("start", []),
    ("plan", [SLUG]),
    ("dashboard", [SLUG]),
    ("baat", [SLUG, 1]),
    ("mijn", [SLUG]),
    ("leden", [SLUG]),
    ("sectie_bewerken", [SLUG, "kop"]),
    ("rij_nieuw", [SLUG, "afhankelijkheid"]),
]


@pytest.mark.parametrize(("naam", "args"), PAGINAS, ids=[n for n, _ in PAGINAS])
def test_no_page_holds_an_inline_script_and_every_page_sends_a_strict_csp(pm, naam, args):
    response = pm.get(reverse(naam, args=args))
    assert response.status_code == 200
    for tag in re.findall(r"<script\b[^>]*>", response.content.decode()):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert re.search(r"\son\w+=", response.content.decode()) is None  # no event handlers
    beleid = response.headers["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]*)", beleid).group(1)
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    assert "default-src 'self'" in beleid


def test_the_login_and_error_pages_send_the_csp_too(client, demo):
    for url in (reverse("login"), "/bestaat-niet/"):
        assert "Content-Security-Policy" in client.get(url).headers


def test_a_first_visit_of_the_dashboard_transfers_under_2_mb_and_a_repeat_under_100_kb(pm):
    """Sizes as whitenoise serves them: gzip-compressed, assets cached forever by their
    hashed names, so a repeat visit fetches only the page itself."""
    html = pm.get(reverse("dashboard", args=[SLUG])).content
    assets = re.findall(r'(?:src|href)="/static/([^"]+)"', html.decode())
    assert any("plotly" in a for a in assets) and any("htmx" in a for a in assets)
    eerste = len(gzip.compress(html))
    for asset in assets:
        eerste += len(gzip.compress(Path(finders.find(asset)).read_bytes()))
    herhaal = len(gzip.compress(html))
    print(f"dashboard: first visit {eerste / 1024:.0f} KiB, repeat {herhaal / 1024:.0f} KiB")
    assert eerste < 2 * 1024 * 1024
    assert herhaal < 100 * 1024


def test_roles_other_than_member_cannot_see_the_dashboard(client, demo, make_user):
    client.force_login(make_user("buitenstaander"))
    assert client.get(reverse("dashboard", args=[SLUG])).status_code == 404
    client.logout()
    assert client.get(reverse("dashboard", args=[SLUG])).status_code == 302
    assert Rol.SPONSORGROEP  # the sponsor reads it: see the tests above


def test_a_baat_name_with_markup_stays_data_in_the_chart_json(sponsor):
    Baat.objects.filter(programma__slug=SLUG, nummer=1).update(naam="</script><b>A & B</b>")
    response = sponsor.get(reverse("dashboard", args=[SLUG]))
    html = response.content.decode()
    assert "</script><b>" not in html
    # What the browser parses is exactly the figure the page built.
    assert grafiek(html, "grafiek-roadmap") == response.context["roadmap_json"]
    assert (
        grafiek(html, "traject-B1")
        == response.context["trajecten"][response.context["regels"][0].baat.pk]
    )


def test_the_plans_attention_line_counts_only_the_signals_still_open(pm):
    plan = reverse("plan", args=[SLUG])
    assert "2 open escalatiesignalen" in pm.get(plan).content.decode()
    url = reverse("signaal_afhandelen", args=[SLUG, 2, Criterium.ACHTERSTAND])
    assert pm.post(url, {"afhandeling": "Besproken in de sponsorgroep"}).status_code == 302
    assert "1 open escalatiesignaal," in pm.get(plan).content.decode()
