"""Issue 19, part 3: choices where the template has a list, one date input in every form,
and dates and levels shown one way ("30 sep. 2026", "7 NPS") on every page and in the PDF."""

import re
import subprocess
from datetime import date

import pytest
from django.urls import reverse

from programmas import forms as planforms
from programmas import notatie, rapport
from programmas.keuzes import AFHANKELIJKHEID_TYPEN
from programmas.models import Afhankelijkheid, Escalatie, Meetmoment, Stuurparameter
from programmas.toegang import Toegang
from programmas.vandaag import vandaag
from programmas.velden import ANDERS, DatumVeld
from tests.helpers import baat, database, formulier_in, open_formulier, verstuur

SLUG = "klant-in-beeld"


def woorden(html: str) -> str:
    """The page as a reader sees it: no tags, single spaces."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def opties(html: str, naam: str) -> list[str]:
    select = re.search(rf'<select name="{naam}"[^>]*>(.*?)</select>', html, re.S)
    assert select, html[:3000]
    return re.findall(r'<option value="([^"]*)"', select.group(1))


def rij_url(soort: str, pk: int) -> str:
    return reverse("rij_bewerken", args=[SLUG, soort, pk])


# ---------------------------------------------------------------------------------------
# Choices


def test_the_dependency_type_is_a_list_of_the_templates_types_with_anders(pm, demo):
    afh = Afhankelijkheid.objects.get(baat__programma=demo, type="Inhoudelijk")
    html = pm.get(rij_url("afhankelijkheid", afh.pk), HTTP_HX_REQUEST="true").content.decode()
    assert opties(html, "type_0") == ["", *AFHANKELIJKHEID_TYPEN, ANDERS]
    assert formulier_in_html(html).waarde("type_0") == "Inhoudelijk"
    assert "Anders, namelijk" in html
    # The field's label names the list, so a screen reader reads what it is for.
    assert re.search(r'<label for="id_type_0"[^>]*>\s*Type', html), html
    # The hint that listed the types as text is gone; the help says what they mean.
    assert "Inhoudelijk, Planning, Middelen, …" not in html


def formulier_in_html(html: str):
    class Antwoord:
        content = html.encode()

    return formulier_in(Antwoord)


def test_anders_keeps_a_type_of_ones_own_and_shows_it_again(pm, demo):
    afh = Afhankelijkheid.objects.get(baat__programma=demo, type="Inhoudelijk")
    formulier = open_formulier(pm, rij_url("afhankelijkheid", afh.pk))
    antwoord = verstuur(pm, formulier, type_0=ANDERS, type_1="Kennis en kunde")
    assert antwoord.status_code == 200, antwoord.content.decode()[:3000]
    afh.refresh_from_db()
    assert afh.type == "Kennis en kunde"
    opnieuw = open_formulier(pm, rij_url("afhankelijkheid", afh.pk))
    assert (opnieuw.waarde("type_0"), opnieuw.waarde("type_1")) == (ANDERS, "Kennis en kunde")


def test_a_listed_type_is_stored_as_the_templates_word(pm, demo):
    afh = Afhankelijkheid.objects.get(baat__programma=demo, type="Inhoudelijk")
    formulier = open_formulier(pm, rij_url("afhankelijkheid", afh.pk))
    assert verstuur(pm, formulier, type_0="Middelen", type_1="").status_code == 200
    afh.refresh_from_db()
    assert afh.type == "Middelen"


def test_anders_without_text_is_refused_in_dutch_and_nothing_is_stored(pm, demo):
    afh = Afhankelijkheid.objects.get(baat__programma=demo, type="Inhoudelijk")
    formulier = open_formulier(pm, rij_url("afhankelijkheid", afh.pk))
    voor = database()
    antwoord = verstuur(pm, formulier, type_0=ANDERS, type_1="  ")
    assert antwoord.status_code == 422
    assert "U koos \u201cAnders\u201d: schrijf erbij wat het is." in woorden(
        antwoord.content.decode()
    )
    assert database() == voor


def test_an_imported_type_outside_the_list_opens_as_anders_and_saves_unchanged(pm, demo):
    afh = Afhankelijkheid.objects.get(baat__programma=demo, type="Inhoudelijk")
    Afhankelijkheid.objects.filter(pk=afh.pk).update(type="Planning (voorlopig)")
    formulier = open_formulier(pm, rij_url("afhankelijkheid", afh.pk))
    assert (formulier.waarde("type_0"), formulier.waarde("type_1")) == (
        ANDERS,
        "Planning (voorlopig)",
    )
    assert verstuur(pm, formulier, impact_op_planning="Later").status_code == 200
    afh.refresh_from_db()
    assert (afh.type, afh.impact_op_planning) == ("Planning (voorlopig)", "Later")


def test_the_norm_is_a_list_with_anders_and_the_status_radios_have_no_kies(pm, demo):
    parameter = Stuurparameter.objects.filter(programma=demo).first()
    html = pm.get(rij_url("stuurparameter", parameter.pk), HTTP_HX_REQUEST="true").content
    html = html.decode()
    assert opties(html, "norm_0") == ["", "Groen", "Geel", "Rood", ANDERS]
    assert "– Kies –" not in html
    radios = re.findall(r'<input type="radio" name="status" value="([^"]*)"', html)
    assert radios == ["groen", "geel", "rood"]
    assert "De status die deze stuurparameter hoort te hebben" in html
    formulier = formulier_in_html(html)
    antwoord = verstuur(pm, formulier, norm_0=ANDERS, norm_1="Groen of Geel")
    assert antwoord.status_code == 200
    parameter.refresh_from_db()
    assert parameter.norm == "Groen of Geel"


def test_drempel_and_escalatiedrempel_say_what_they_mean(pm, demo):
    afh = Afhankelijkheid.objects.get(baat__programma=demo, type="Inhoudelijk")
    html = woorden(pm.get(rij_url("afhankelijkheid", afh.pk)).content.decode())
    assert "Drempel (% realisatie)" in html
    assert "eerst gerealiseerd moet zijn, in procent" in html
    sectie = reverse("sectie_bewerken", args=[SLUG, "escalatie"])
    html = woorden(pm.get(sectie).content.decode())
    assert "Hoeveel procentpunt een baat achter mag lopen" in html


def test_the_meting_form_gives_examples_in_the_baats_unit(eigenaar, demo):
    html = woorden(eigenaar.get(reverse("mijn", args=[SLUG])).content.decode())
    # B2 counts in NPS: the examples are what the field reads as a number.
    assert "Een getal in NPS, bijvoorbeeld 20 of 20 NPS." in html
    assert "Een getal in dagen, bijvoorbeeld 7 of 7 dagen." in html
    assert "Een getal, bijvoorbeeld NPS +20" not in html
    for voorbeeld in ("20", "20 NPS"):
        assert notatie.parse_niveau(voorbeeld, "NPS") == 20


# ---------------------------------------------------------------------------------------
# One date input


@pytest.mark.parametrize(
    ("getypt", "als_tekst", "als_datum"),
    [
        ("15-3-2026", "15-3-2026", date(2026, 3, 15)),
        ("15-03-2026", "15-03-2026", date(2026, 3, 15)),
        ("2026-03-15", "2026-03-15", date(2026, 3, 15)),
        ("15 maart 2026", "15 maart 2026", date(2026, 3, 15)),
        ("15 mrt. 2026", "15 mrt. 2026", date(2026, 3, 15)),
        ("maart 2026", "maart 2026", date(2026, 3, 31)),
        (" Q1 2026 ", "Q1 2026", date(2026, 3, 31)),
    ],
)
def test_the_date_field_reads_both_notations(getypt, als_tekst, als_datum):
    assert DatumVeld().clean(getypt) == als_tekst
    assert DatumVeld(als_datum=True).clean(getypt) == als_datum


@pytest.mark.parametrize("getypt", ["31-2-2026", "na de zomer", "15-3-26", "13-13-2026"])
def test_the_date_field_refuses_what_it_cannot_read_in_dutch(getypt):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as fout:
        DatumVeld().clean(getypt)
    assert fout.value.messages == [
        f"\u201c{getypt}\u201d is geen datum die Batenplan kan lezen. Schrijf een dag "
        "(15-3-2026 of 15 maart 2026) of een maand (maart 2026)."
    ]


DATUMFORMULIEREN = [
    # (form, the date fields it must have)
    ("meetmoment", ["datum_tekst", "meetdatum_tekst"]),
    ("baatdetails", ["nulmeting_datum_tekst", "deadline_tekst"]),
    ("cyclusdoel", ["meetmoment_tekst"]),
    ("escalatie", ["datum"]),
]


def rij_van(demo, soort: str) -> int:
    b2 = baat(2)
    return {
        "meetmoment": lambda: b2.meetmomenten.first().pk,
        "baatdetails": lambda: b2.pk,
        "cyclusdoel": lambda: b2.cyclusdoelen.first().pk,
        "escalatie": lambda: Escalatie.objects.filter(programma=demo).first().pk,
    }[soort]()


@pytest.mark.parametrize(("soort", "velden"), DATUMFORMULIEREN)
def test_every_date_of_every_form_is_the_one_date_input(pm, demo, soort, velden):
    html = pm.get(rij_url(soort, rij_van(demo, soort))).content.decode()
    assert 'type="date"' not in html
    for veld in velden:
        invoer = re.search(rf'<input[^>]*name="{veld}"[^>]*>', html)
        assert invoer, (veld, html[:3000])
        assert 'class="datum"' in invoer.group(0)
        assert 'placeholder="bijv. 15-3-2026 of maart 2026"' in invoer.group(0)


def test_every_date_field_of_the_forms_is_a_datumveld(demo):
    """Built as the pages build them: each PlanForm with a date, and the besluit forms."""
    t = Toegang.van(demo.lidmaatschappen.get(user__username="pm").user, SLUG)
    escalatie = Escalatie.objects.filter(programma=demo).first()
    gemaakt = [
        planforms.SectieForm(instance=demo, toegang=t, sectie="kop"),
        planforms.BaatDetailsForm(instance=baat(2), toegang=t),
        planforms.CyclusDoelForm(instance=baat(2).cyclusdoelen.first(), toegang=t),
        planforms.MeetmomentForm(instance=baat(2).meetmomenten.first(), toegang=t),
        planforms.MetingForm(toegang=t, baat=baat(2)),
        planforms.EscalatieForm(instance=escalatie, toegang=t),
        planforms.BesluitForm(instance=escalatie, toegang=t),
        planforms.AfhandelingForm(),
    ]
    datumvelden = {
        (type(f).__name__, naam)
        for f in gemaakt
        for naam, veld in f.fields.items()
        if isinstance(veld, DatumVeld)
    }
    assert datumvelden == {
        ("SectieForm", "datum_tekst"),
        ("BaatDetailsForm", "nulmeting_datum_tekst"),
        ("BaatDetailsForm", "deadline_tekst"),
        ("CyclusDoelForm", "meetmoment_tekst"),
        ("MeetmomentForm", "datum_tekst"),
        ("MeetmomentForm", "meetdatum_tekst"),
        ("MetingForm", "meetdatum_tekst"),
        ("EscalatieForm", "datum"),
        ("BesluitForm", "besluit_op"),
        ("AfhandelingForm", "besluit_op"),
    }
    # No other field of these forms asks for a date some other way.
    for f in gemaakt:
        for naam, veld in f.fields.items():
            if not isinstance(veld, DatumVeld):
                assert not isinstance(veld, planforms.forms.DateField), (type(f), naam)


@pytest.mark.parametrize(
    ("getypt", "verwacht"), [("15-3-2026", date(2026, 3, 15)), ("maart 2026", date(2026, 3, 31))]
)
def test_an_escalation_date_takes_both_notations(pm, demo, getypt, verwacht):
    escalatie = Escalatie.objects.filter(programma=demo).first()
    formulier = open_formulier(pm, rij_url("escalatie", escalatie.pk))
    antwoord = verstuur(pm, formulier, datum=getypt)
    assert antwoord.status_code == 200, antwoord.content.decode()[:3000]
    escalatie.refresh_from_db()
    assert escalatie.datum == verwacht


@pytest.mark.parametrize("getypt", ["15-3-2026", "maart 2026"])
def test_a_meetmoment_date_takes_both_notations_and_keeps_the_text(pm, demo, getypt):
    meetmoment = baat(2).meetmomenten.first()
    formulier = open_formulier(pm, rij_url("meetmoment", meetmoment.pk))
    antwoord = verstuur(pm, formulier, datum_tekst=getypt, buiten_roadmap="bewaren")
    assert antwoord.status_code == 200, antwoord.content.decode()[:3000]
    meetmoment.refresh_from_db()
    assert meetmoment.datum_tekst == getypt
    assert meetmoment.datum == notatie.parse_datum(getypt)


@pytest.mark.parametrize(("soort", "veld"), [("escalatie", "datum"), ("meetmoment", "datum_tekst")])
def test_a_bad_date_gets_a_dutch_message_beside_it_and_stays_as_typed(pm, demo, soort, veld):
    formulier = open_formulier(pm, rij_url(soort, rij_van(demo, soort)))
    voor = database()
    antwoord = verstuur(pm, formulier, **{veld: "31-2-2026"})
    assert antwoord.status_code == 422
    terug = formulier_in(antwoord)
    assert terug.fouten[f"id_{veld}_error"] == (
        "\u201c31-2-2026\u201d is geen datum die Batenplan kan lezen. Schrijf een dag "
        "(15-3-2026 of 15 maart 2026) of een maand (maart 2026)."
    )
    assert terug.waarde(veld) == "31-2-2026"
    assert database() == voor


def test_a_stored_date_text_left_alone_does_not_block_saving_another_field(pm, demo):
    # An old import may hold a date text no reader understands; the user edits the note.
    meetmoment = baat(2).meetmomenten.first()
    Meetmoment.objects.filter(pk=meetmoment.pk).update(datum_tekst="na de zomer", datum=None)
    formulier = open_formulier(pm, rij_url("meetmoment", meetmoment.pk))
    antwoord = verstuur(pm, formulier, toelichting="Besproken")
    assert antwoord.status_code == 200, antwoord.content.decode()[:3000]
    meetmoment.refresh_from_db()
    assert (meetmoment.datum_tekst, meetmoment.toelichting) == ("na de zomer", "Besproken")


# ---------------------------------------------------------------------------------------
# Dates and units as shown


def test_notatie_shows_a_day_the_dutch_way_and_reads_it_back():
    assert notatie.format_datum(date(2026, 9, 30)) == "30 sep. 2026"
    assert notatie.format_datum(date(2026, 5, 1)) == "1 mei 2026"
    for maand in range(1, 13):
        dag = date(2026, maand, 28)
        assert notatie.parse_datum(notatie.format_datum(dag)) == dag
    assert notatie.toon_datumtekst("15-3-2026") == "15 mrt. 2026"
    assert notatie.toon_datumtekst("november 2026") == "november 2026"
    assert notatie.toon_datumtekst("maart 2026 (M3)") == "maart 2026 (M3)"
    assert notatie.met_eenheid("7", "NPS") == "7 NPS"
    assert notatie.met_eenheid("NPS +7", "NPS") == "NPS +7"
    assert notatie.met_eenheid("Ontwerp gereed", "") == "Ontwerp gereed"


ENGELS = re.compile(r"\b\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Okt|Nov|Dec)\b")


def test_the_dashboard_shows_units_and_dutch_dates(sponsor, demo):
    html = woorden(sponsor.get(reverse("dashboard", args=[SLUG])).content.decode())
    assert "cijfers van 1 dec. 2026" in html
    assert "6 NPS / 7 NPS" in html  # B2: vorige / laatste meting, each with its unit
    assert "12 dagen / 11 dagen" in html  # B3
    assert not ENGELS.search(html), ENGELS.search(html)


def test_the_baat_page_shows_units_on_every_level_and_dutch_dates(sponsor, demo):
    html = woorden(sponsor.get(reverse("baat", args=[SLUG, 3])).content.decode())
    assert "12 dagen → 11 dagen (31 jul. 2026)" in html
    assert "cijfers van 1 dec. 2026" in html
    html2 = woorden(sponsor.get(reverse("baat", args=[SLUG, 2])).content.decode())
    assert "6 NPS → 7 NPS (30 sep. 2026)" in html2
    assert not ENGELS.search(html + html2)


def test_the_plan_shows_units_in_the_cycle_table_and_dutch_dates(sponsor, demo):
    html = woorden(sponsor.get(reverse("plan", args=[SLUG])).content.decode())
    assert "Cijfers van 1 dec. 2026" in html
    assert "6,0 score → 6,8 score · juni 2026" in html
    assert "14 dagen → 11 dagen · juni 2026" in html
    assert not ENGELS.search(html)


def test_mijn_baten_shows_the_latest_meting_with_its_unit(eigenaar, demo):
    html = woorden(eigenaar.get(reverse("mijn", args=[SLUG])).content.decode())
    assert "Laatste meting 7 NPS (30 sep. 2026)" in html
    assert "Laatste meting 11 dagen (31 jul. 2026)" in html


def test_the_pdf_shows_units_and_dutch_dates(demo):
    pdf = rapport.pdf(demo, vandaag())
    uit = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
    tekst = re.sub(r"\s+", " ", uit.stdout.decode())
    assert "Cijfers van 1 dec. 2026" in tekst
    assert "6,0 score" in tekst and "11 dagen" in tekst
    assert not ENGELS.search(tekst), ENGELS.search(tekst)
