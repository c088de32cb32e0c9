"""A fragment or page that shows some baten computes their figures on just those baten and
what they depend on (issue 12, issue 14's meting POST): the figures stay exactly those of
the plan page, and the work no longer grows with the baten it does not show."""

import pytest
from django.test import Client

from programmas import paginas, realisatie
from programmas.models import Baat
from programmas.toegang import Toegang
from programmas.vandaag import vandaag as vandaag_van_de_app
from tests.helpers import ingelogd

SLUG = "klant-in-beeld"
PLAN = f"/p/{SLUG}/"


def meting_zoals_geschreven(baat: Baat) -> str:
    """Halfway the baat's scale as a Dutch user types it, or a text on a qualitative baat."""
    if baat.nulmeting is None or baat.target is None:
        return "Pilot afgerond (zie verslag)"
    midden = (baat.nulmeting + baat.target) / 2
    return f"{midden:.1f}".replace(".", ",") + " (kwartaalmeting)"


def post_meting(client: Client, baat: Baat):
    n = baat.nummer
    return client.post(
        f"{PLAN}baten/{n}/meting/",
        {
            f"b{n}-meetmoment": "",
            f"b{n}-meetdatum_tekst": vandaag_van_de_app().strftime("%d-%m-%Y"),
            f"b{n}-meting_tekst": meting_zoals_geschreven(baat),
        },
        HTTP_HX_REQUEST="true",
    )


@pytest.fixture
def berekend(monkeypatch) -> list[list[str]]:
    """The codes of the baten each call of realisatie.plan_figuren computes figures for."""
    berekend: list[list[str]] = []
    echt = realisatie.plan_figuren

    def telt(baten, *args, **kwargs):
        berekend.append(sorted(b.code for b in baten))
        return echt(baten, *args, **kwargs)

    monkeypatch.setattr(realisatie, "plan_figuren", telt)
    return berekend


def plan_regel(client: Client, nummer: int) -> paginas.BaatRegel:
    regels = client.get(PLAN).context["regels"]
    return next(r for r in regels if r.baat.nummer == nummer)


@pytest.mark.parametrize("nummer", [1, 2, 3, 4, 5, 6])
def test_the_card_after_a_meting_shows_the_figures_of_the_plan_page(demo, nummer):
    pm = ingelogd("pm")
    baat = Baat.objects.get(programma=demo, nummer=nummer)
    antwoord = post_meting(pm, baat)
    assert antwoord.status_code == 200, antwoord.content.decode()[:500]
    assert antwoord.context["bewaard"] == baat.pk
    kaart, _form, traject = antwoord.context["item"]
    regel = plan_regel(pm, nummer)
    assert kaart.figuren == regel.figuren
    assert kaart.afhankelijk_van == regel.afhankelijk_van
    assert kaart.cyclusdoelen == regel.cyclusdoelen
    assert traject == regel.traject_json(vandaag_van_de_app(), klein=True)


def test_the_card_of_a_baat_in_conflict_keeps_its_conflict_after_a_meting(demo):
    # B5 waits for B2 to reach 30 % while planned in Groei now (rule 5).
    pm = ingelogd("pm")
    b5 = Baat.objects.get(programma=demo, nummer=5)
    kaart = post_meting(pm, b5).context["item"][0]
    assert [(link.van, link.conflict) for link in kaart.afhankelijk_van] == [("B2", True)]
    assert any("Conflict: B5" in s.reden for s in kaart.signalen)
    assert kaart.figuren == plan_regel(pm, 5).figuren
    assert "Conflict: B5" not in "".join(s.reden for s in plan_regel(pm, 2).signalen)


def test_mijn_baten_shows_the_figures_of_the_plan_page(demo):
    eigenaar = ingelogd("eigenaar")
    mijn = eigenaar.get(f"{PLAN}mijn-baten/").context["mijn"]
    assert [r.baat.code for r, _form, _traject in mijn] == ["B1", "B2", "B3"]
    for regel, _form, traject in mijn:
        op_plan = plan_regel(eigenaar, regel.baat.nummer)
        assert regel.figuren == op_plan.figuren
        assert traject == op_plan.traject_json(vandaag_van_de_app(), klein=True)


def test_a_meting_post_computes_figures_for_its_baat_and_what_it_depends_on_only(demo, berekend):
    b5 = Baat.objects.get(programma=demo, nummer=5)
    assert post_meting(ingelogd("pm"), b5).status_code == 200
    assert berekend == [["B2", "B5"]]


def test_each_baat_read_alone_has_the_figures_of_the_whole_plan(demo):
    toegang = Toegang.lezer(demo)
    vandaag = vandaag_van_de_app()
    volledig = {r.baat.code: r for r in paginas.plan(toegang, vandaag)["regels"]}
    for baat in Baat.objects.filter(programma=demo):
        (regel,) = paginas.baat_regels(toegang, demo.baten.filter(pk=baat.pk), vandaag)
        assert regel.figuren == volledig[baat.code].figuren, baat.code
        assert regel.afhankelijk_van == volledig[baat.code].afhankelijk_van, baat.code
        assert regel.traject_json(vandaag) == volledig[baat.code].traject_json(vandaag)


@pytest.mark.parametrize("nummer", [1, 2, 3, 4, 5, 6])
def test_the_baat_page_shows_the_figures_and_dependencies_of_the_plan_page(demo, nummer):
    sponsor = ingelogd("sponsor")
    pagina = sponsor.get(f"{PLAN}baten/{nummer}/").context
    plan = sponsor.get(PLAN).context
    regel = next(r for r in plan["regels"] if r.baat.nummer == nummer)
    assert pagina["regel"].figuren == regel.figuren
    assert pagina["traject_json"] == regel.traject_json(vandaag_van_de_app())
    code = regel.baat.code
    assert pagina["baat_afhankelijkheden"] == [
        (a, links)
        for a, links in plan["afhankelijkheden"]
        if a.baat.code == code or any(link.van == code for link in links)
    ]
    assert [(c.pk, d.pk, w) for c, d, w in pagina["cyclusdoelen"]] == [
        (cyclus.pk, doel.pk, waarde)
        for cyclus, doelen in plan["cycli"]
        for doel, waarde in doelen
        if doel.baat_id == regel.baat.pk
    ]


def test_the_baat_page_computes_figures_for_its_baat_and_its_dependencies_only(demo, berekend):
    # B2 depends on B1 and B5 waits for B2: the page shows both rows with their stand.
    pagina = ingelogd("sponsor").get(f"{PLAN}baten/2/").context
    assert berekend == [["B1", "B2", "B5"]]
    assert [
        (link.baat, link.van) for _a, links in pagina["baat_afhankelijkheden"] for link in links
    ] == [
        ("B2", "B1"),
        ("B5", "B2"),
    ]
