"""The benefits map (issue 17): inspanning -> vermogen -> baat -> doel, its checks, its page.

The checks are pure functions (kaartregels) and are tested as such; the map's figure is
compared with the links stored in the database; the page costs the same queries at S and M.
"""

from django.contrib.auth import get_user_model
from django.test import Client

from programmas import kaartregels
from programmas.demo import load_maat
from programmas.grafieken.kaart import getoonde_knopen, getoonde_links
from programmas.kaart import kaart_gegevens
from programmas.kaartregels import (
    BaatKnoop,
    DoelKnoop,
    InspanningKnoop,
    Keten,
    Soort,
    VermogenKnoop,
)
from programmas.keuzes import InspanningStatus, Rol
from programmas.models import Doel, Inspanning, Lidmaatschap, Vermogen
from programmas.toegang import Toegang
from programmas.vandaag import vandaag
from tests.helpers import queries


def ingelogd(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def opgeslagen_links(programma) -> set[tuple[str, str]]:
    """Every link the database holds for this programme, in the map's ids."""
    links = set()
    for i in Inspanning.objects.filter(programma=programma).prefetch_related("baten", "vermogens"):
        links |= {(f"i{i.pk}", f"v{v.pk}") for v in i.vermogens.all()}
        links |= {(f"i{i.pk}", f"b{b.pk}") for b in i.baten.all()}
    for v in Vermogen.objects.filter(programma=programma).prefetch_related("baten"):
        links |= {(f"v{v.pk}", f"b{b.pk}") for b in v.baten.all()}
    for d in Doel.objects.filter(programma=programma).prefetch_related("baten"):
        links |= {(f"b{b.pk}", f"d{d.pk}") for b in d.baten.all()}
    return links


def opgeslagen_rijen(programma) -> set[str]:
    return (
        {f"i{pk}" for pk in programma.inspanningen.values_list("pk", flat=True)}
        | {f"v{pk}" for pk in programma.vermogens.values_list("pk", flat=True)}
        | {f"b{pk}" for pk in programma.baten.values_list("pk", flat=True)}
        | {f"d{pk}" for pk in programma.doelen.values_list("pk", flat=True)}
    )


# ---------------------------------------------------------------------------------------
# The checks, as pure functions


def test_a_closed_chain_has_no_findings():
    keten = Keten(
        inspanningen=[InspanningKnoop(1, "Project", vermogens=frozenset({10}))],
        vermogens=[VermogenKnoop(10, "Vermogen", frozenset({100}))],
        baten=[BaatKnoop(100, "B1", "Baat")],
        doelen=[DoelKnoop(1000, "D1", "Doel", frozenset({100}))],
    )
    assert kaartregels.controleer(keten) == []


def test_the_checks_find_exactly_the_gaps_planted_in_a_plan():
    keten = Keten(
        inspanningen=[
            # Serves B1 through its vermogen, and is finished.
            InspanningKnoop(1, "Klantcontactcentrum", True, vermogens=frozenset({10})),
            # Linked to nothing at all.
            InspanningKnoop(2, "Losse workshop"),
            # Builds only a vermogen that serves no baat.
            InspanningKnoop(3, "Datamodel", vermogens=frozenset({12})),
            # Serves B2 directly, still running.
            InspanningKnoop(4, "CRM", False, baten=frozenset({101})),
        ],
        vermogens=[
            VermogenKnoop(10, "Contactmodel", frozenset({100})),
            VermogenKnoop(11, "Feedbackcultuur", frozenset({100})),  # nobody builds it
            VermogenKnoop(12, "Datamodel op orde"),  # serves no baat
        ],
        baten=[
            BaatKnoop(100, "B1", "Tevredenheid", loopt_achter=True),
            BaatKnoop(101, "B2", "Doorlooptijd", loopt_achter=True),  # CRM still running
            BaatKnoop(102, "B3", "Inzicht"),  # no vermogen, no doel
        ],
        doelen=[DoelKnoop(1000, "D1", "Eén organisatie", frozenset({100, 101}))],
    )
    gevonden = [(b.soort, b.rijen or (b.baat,)) for b in kaartregels.controleer(keten)]
    assert gevonden == [
        (Soort.INSPANNING_ZONDER_BAAT, (2,)),
        (Soort.INSPANNING_ZONDER_BAAT, (3,)),
        (Soort.VERMOGEN_ZONDER_INSPANNING, (11,)),
        (Soort.VERMOGEN_ZONDER_BAAT, (12,)),
        (Soort.AFGEROND_MAAR_ACHTER, (1,)),
        (Soort.BAAT_ZONDER_VERMOGEN, (101,)),
        (Soort.BAAT_ZONDER_VERMOGEN, (102,)),
        (Soort.BAAT_ZONDER_DOEL, (102,)),
    ]


def test_a_finding_says_in_words_what_is_missing():
    keten = Keten(
        inspanningen=[InspanningKnoop(1, "Klantcontactcentrum", True, baten=frozenset({100}))],
        baten=[BaatKnoop(100, "B2", "Hogere klanttevredenheid", loopt_achter=True)],
    )
    teksten = [b.tekst for b in kaartregels.controleer(keten)]
    assert (
        "Baat B2 \u2018Hogere klanttevredenheid\u2019 loopt achter op planning, terwijl haar "
        "enige inspanning (\u2018Klantcontactcentrum\u2019) afgerond is: de keten mist iets."
    ) in teksten
    assert "Baat B2 \u2018Hogere klanttevredenheid\u2019 draagt aan geen programmadoel bij." in (
        teksten
    )


def test_a_baat_behind_with_one_running_inspanning_is_not_flagged_as_finished():
    keten = Keten(
        inspanningen=[
            InspanningKnoop(1, "Klaar", True, baten=frozenset({100})),
            InspanningKnoop(2, "Bezig", False, baten=frozenset({100})),
        ],
        baten=[BaatKnoop(100, "B1", "Baat", loopt_achter=True)],
    )
    soorten = {b.soort for b in kaartregels.controleer(keten)}
    assert Soort.AFGEROND_MAAR_ACHTER not in soorten


def test_a_baat_without_inspanningen_is_not_flagged_as_finished():
    keten = Keten(baten=[BaatKnoop(100, "B1", "Baat", loopt_achter=True)])
    soorten = {b.soort for b in kaartregels.controleer(keten)}
    assert Soort.AFGEROND_MAAR_ACHTER not in soorten


# ---------------------------------------------------------------------------------------
# The map of the demo


def test_the_demos_map_shows_every_stored_link_and_nothing_else(demo):
    k = kaart_gegevens(Toegang.lezer(demo), vandaag())
    figuur = k.figuur
    links = opgeslagen_links(demo)
    assert len(links) > 20
    assert getoonde_links(figuur) == links
    assert getoonde_knopen(figuur) == opgeslagen_rijen(demo)


def test_a_link_added_or_removed_shows_on_the_map_at_once(demo):
    inspanning = demo.inspanningen.get(omschrijving="Implementatie CRM-systeem")
    vermogen = demo.vermogens.get(omschrijving="Klantfeedback structureel benutten")
    inspanning.vermogens.add(vermogen)
    demo.doelen.get(nummer=1).baten.remove(demo.baten.get(nummer=1))
    figuur = kaart_gegevens(Toegang.lezer(demo), vandaag()).figuur
    assert (f"i{inspanning.pk}", f"v{vermogen.pk}") in getoonde_links(figuur)
    assert getoonde_links(figuur) == opgeslagen_links(demo)


def test_the_demos_map_tells_its_story_b2_lags_while_its_project_is_finished(demo):
    k = kaart_gegevens(Toegang.lezer(demo), vandaag())
    b2 = demo.baten.get(nummer=2)
    feedback = demo.vermogens.get(omschrijving="Klantfeedback structureel benutten")
    kcc = demo.inspanningen.get(omschrijving="Project Klantcontactcentrum")
    assert kcc.status == InspanningStatus.AFGEROND
    assert [(b.soort, b.baat, b.rijen) for b in k.bevindingen] == [
        (Soort.VERMOGEN_ZONDER_INSPANNING, None, (feedback.pk,)),
        (Soort.AFGEROND_MAAR_ACHTER, b2.pk, (kcc.pk,)),
    ]
    b2_knoop = next(kn for kn in k.knopen if kn.id == f"b{b2.pk}")
    assert b2_knoop.groep == "achter" and b2_knoop.url == f"/p/{demo.slug}/baten/2/"
    assert "Realisatie" in b2_knoop.hover and "Achterstand" in b2_knoop.hover


def test_the_map_page_shows_the_figure_the_checks_and_the_chain(demo):
    antwoord = ingelogd("sponsor").get(f"/p/{demo.slug}/batenkaart/")
    assert antwoord.status_code == 200
    html = antwoord.content.decode()
    assert 'id="grafiek-kaart"' in html and "data-grafiek-klik" in html
    assert "wordt door geen inspanning opgebouwd" in html
    assert "loopt achter op planning, terwijl haar enige inspanning" in html
    assert "D1 De klant ervaart één organisatie" in html
    assert "<script>" not in html  # only json_script (type="application/json")


def test_an_empty_plan_says_there_is_nothing_to_draw(make_programma, make_user):
    programma = make_programma()
    user = make_user("leeg")
    Lidmaatschap.objects.create(programma=programma, user=user, rol=Rol.PROGRAMMAMANAGER)
    client = Client()
    client.force_login(user)
    html = client.get(f"/p/{programma.slug}/batenkaart/").content.decode()
    assert "nog geen baten, vermogens, inspanningen of doelen" in html


def test_the_map_page_costs_the_same_queries_at_sizes_s_and_m(demo):
    groot = load_maat("M", "maat-m")
    for p in (demo, groot):
        Lidmaatschap.objects.get_or_create(
            programma=p,
            user=get_user_model().objects.get(username="sponsor"),
            defaults={"rol": Rol.SPONSORGROEP},
        )
    client = ingelogd("sponsor")
    client.get(f"/p/{demo.slug}/batenkaart/")  # warm up what is read once per process

    def kosten(programma) -> int:
        def vraag() -> None:
            assert client.get(f"/p/{programma.slug}/batenkaart/").status_code == 200

        return queries(vraag)

    s, m = kosten(demo), kosten(groot)
    assert groot.doelen.exists() and groot.vermogens.exists()
    assert s == m, (s, m)


# ---------------------------------------------------------------------------------------
# The PDF


def test_the_pdf_has_the_map_on_a_page_of_its_own_with_its_checks_and_doelen(demo, caplog):
    import base64
    import subprocess

    from programmas import rapport

    data = rapport.kaart(demo, vandaag())
    tekening = str(data["tekening"])
    assert tekening.startswith('<img class="grafiek-beeld" alt="batenkaart"')
    svg = base64.b64decode(tekening.split("base64,")[1].split('"')[0]).decode()
    # Every row of the chain is named in the drawing (a long name shortened, as on the page).
    from programmas.grafieken.kaart import kort

    namen = [*demo.inspanningen.values_list("omschrijving", flat=True)]
    namen += [*demo.vermogens.values_list("omschrijving", flat=True)]
    namen += [str(b) for b in demo.baten.all()] + [str(d) for d in demo.doelen.all()]
    assert len(namen) == 4 + 5 + 6 + 3
    for naam in namen:
        assert kort(naam).replace("&", "&amp;") in svg, naam
    assert not [r for r in caplog.records if r.name.startswith("programmas.grafieken")]

    pdf = rapport.pdf(demo, vandaag())
    tekst = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    paginas = tekst.split("\f")
    kaart = next(p for p in paginas[2:] if "\nBatenkaart\n" in p)
    assert "Inspanningen" in kaart and "Vermogens" in kaart and "Doelen" in kaart
    assert "Project Klantcontactcentrum" in kaart
    rest = "\n".join(paginas[paginas.index(kaart) :])
    assert "wordt door geen inspanning opgebouwd" in " ".join(rest.split())
    assert "Doelen van het programma" in rest


# ---------------------------------------------------------------------------------------
# Editing the chain in place


def test_the_programme_manager_adds_a_doel_in_place_and_the_plan_shows_it(demo):
    from tests.helpers import open_formulier, verstuur

    client = ingelogd("pm")
    b3, b4 = demo.baten.get(nummer=3), demo.baten.get(nummer=4)
    formulier = open_formulier(client, f"/p/{demo.slug}/doel/nieuw/?terug=plan%23doelen")
    assert formulier.waarde("nummer") == "4"  # the next free number
    antwoord = verstuur(
        client,
        formulier,
        naam="Wendbaar werken",
        omschrijving="Snel bijsturen op wat de klant vraagt.",
        baten=[str(b3.pk), str(b4.pk)],
    )
    assert antwoord.status_code == 200, antwoord.content.decode()[:1000]
    doel = demo.doelen.get(nummer=4)
    assert sorted(b.code for b in doel.baten.all()) == ["B3", "B4"]
    html = antwoord.content.decode()
    assert 'id="sectie-doelen"' in html and "Wendbaar werken" in html and "B3, B4" in html
    k = kaart_gegevens(Toegang.lezer(demo), vandaag())
    assert {(f"b{b3.pk}", f"d{doel.pk}"), (f"b{b4.pk}", f"d{doel.pk}")} <= getoonde_links(k.figuur)


def test_a_doel_number_taken_is_refused_in_dutch(demo):
    from tests.helpers import formulier_in, open_formulier, verstuur

    client = ingelogd("pm")
    formulier = open_formulier(client, f"/p/{demo.slug}/doel/nieuw/?terug=plan%23doelen")
    antwoord = verstuur(client, formulier, nummer="2", naam="Dubbel")
    assert antwoord.status_code == 422
    assert "D2 bestaat al." in " ".join(formulier_in(antwoord).fouten.values())
    assert demo.doelen.count() == 3


def test_domein_and_status_of_an_inspanning_are_edited_and_shown(demo):
    from tests.helpers import open_formulier, verstuur

    client = ingelogd("pm")
    lean = demo.inspanningen.get(omschrijving="Lean-verbetering klachtafhandeling")
    formulier = open_formulier(client, f"/p/{demo.slug}/inspanning/{lean.pk}/?terug=plan%23details")
    assert formulier.waarde("domein") == "proces" and formulier.waarde("status") == "lopend"
    antwoord = verstuur(client, formulier, domein="mens", status="afgerond")
    assert antwoord.status_code == 200, antwoord.content.decode()[:1000]
    lean.refresh_from_db()
    assert (lean.domein, lean.status) == ("mens", "afgerond")
    assert "Lean-verbetering klachtafhandeling <small>· Mens, afgerond</small>" in (
        antwoord.content.decode()
    )


def test_a_baat_page_says_which_doelen_the_baat_serves(demo):
    html = ingelogd("eigenaar").get(f"/p/{demo.slug}/baten/2/").content.decode()
    assert "<strong>Draagt bij aan:</strong> D1 De klant ervaart één organisatie" in html
