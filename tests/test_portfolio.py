"""The start page as a portfolio (issue 16): every programme of a person with the
dashboard's figures, at a cost that does not grow with the number of programmes."""

import io
import re
from datetime import date

from django.contrib.auth import get_user_model
from django.urls import reverse
from pypdf import PdfReader

from programmas import paginas, portfolio, realisatie
from programmas.demo import load_groot
from programmas.keuzes import Rol
from programmas.models import Escalatie, Lidmaatschap, Meetmoment, Programma
from programmas.toegang import Toegang
from tests.helpers import ingelogd, queries


def rijen_van(html: str) -> list[list[str]]:
    return [
        [
            re.sub(r"<[^>]+>", " ", cel).split()
            for cel in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)
        ]
        for tr in re.findall(r"<tr>(.*?)</tr>", html, re.S)
    ]


def namen(html: str) -> list[str]:
    return [" ".join(rij[0]) for rij in rijen_van(html) if rij]


def extra_programmas(aantal: int, sponsor) -> list[Programma]:
    """Small programmes of every kind (with and without a start quarter, with dependencies,
    escalations and metingen), each with `sponsor` in its sponsorgroep."""
    uitkomst = []
    for i in range(aantal):
        p = load_groot(
            f"extra-{i}", baten=3, cycli=2, kwartalen=6, metingen=12, lange_teksten=False
        )
        if i % 2:
            Programma.objects.filter(pk=p.pk).update(start_jaar=None, start_kwartaal=None)
        Escalatie.objects.create(programma=p, criterium="commitment", omschrijving="Te weinig tijd")
        Lidmaatschap.objects.create(programma=p, user=sponsor, rol=Rol.SPONSORGROEP)
        uitkomst.append(p)
    return uitkomst


def kosten(client) -> int:
    def vraag() -> None:
        assert client.get(reverse("start")).status_code == 200

    return queries(vraag)


def test_the_portfolio_costs_the_same_queries_for_1_and_20_programmes(demo, django_user_model):
    sponsor = django_user_model.objects.get(username="sponsor")
    client = ingelogd("sponsor")
    een = kosten(client)
    assert namen(client.get(reverse("start")).content.decode()) == ["Klant in Beeld"]
    extra_programmas(19, sponsor)
    twintig = kosten(client)
    assert len(namen(client.get(reverse("start")).content.decode())) == 20
    assert een == twintig, (een, twintig)
    # The site administrator sees all of them at the same cost too.
    beheerder = ingelogd("beheerder")
    assert len(namen(beheerder.get(reverse("start")).content.decode())) == 20
    assert kosten(beheerder) <= twintig


def test_each_row_shows_the_dashboards_figures(demo):
    (rij,) = portfolio.rijen(get_user_model().objects.get(username="sponsor"), date(2026, 12, 1))
    s = paginas.Stand(Toegang.lezer(demo), date(2026, 12, 1), demo.baten.all())
    open_signalen = [r for r in paginas.signaal_regels(s.regels, s.escalaties) if not r.afhandeling]
    gemeld = [e for e in s.escalaties if not e.automatisch and not e.afgehandeld]
    assert rij.open_escalaties == len(open_signalen) + len(gemeld) == 3
    assert rij.achterstallig == len(s.achterstallig) == 1
    assert rij.spreiding == realisatie.spreiding(r.figuren.realisatie for r in s.regels)
    statussen = {str(p.get_parameter_display()): p.status for p in demo.stuurparameters.all()}
    assert {licht.parameter: licht.status for licht in rij.lichten} == {
        naam: statussen.get(naam, "")
        for naam in ("Doeltreffendheid", "Tempo", "Haalbaarheid", "Wendbaarheid", "Efficiëntie")
    }
    assert rij.gewijzigd_op is not None


def test_the_light_reader_reads_what_the_pages_read(demo):
    meetmomenten = Meetmoment.objects.filter(baat__programma=demo)
    assert meetmomenten.figuurdata_licht() == meetmomenten.figuurdata()


def test_the_start_page_lists_the_figures_with_a_role_and_links_that_lead_somewhere(demo):
    html = ingelogd("eigenaar").get(reverse("start")).content.decode()
    (rij,) = [r for r in rijen_van(html) if r]
    tekst = " ".join(" ".join(cel) for cel in rij)
    assert "Baateigenaar" in tekst
    assert "mediaan" in tekst and "6 baten" in tekst
    assert f'href="{reverse("mijn", args=[demo.slug])}"' in html
    assert f'href="{reverse("dashboard", args=[demo.slug])}"' in html
    # The programme manager of the demo owns no baat there: no link to an empty page.
    pm = ingelogd("pm").get(reverse("start")).content.decode()
    assert f'href="{reverse("mijn", args=[demo.slug])}"' not in pm


def test_a_site_administrator_sees_every_programme_and_reaches_the_admin(demo, make_programma):
    make_programma(naam="Geheim Programma")
    html = ingelogd("beheerder").get(reverse("start")).content.decode()
    assert namen(html) == ["Geheim Programma", "Klant in Beeld"]
    assert 'href="/beheer/"' in html
    assert f'href="/beheer/programmas/programma/{demo.pk}/change/"' in html
    assert "Beheerder (geen lid)" in html
    for gewoon in ("sponsor", "eigenaar", "pm"):
        andere = ingelogd(gewoon).get(reverse("start")).content.decode()
        assert "Geheim Programma" not in andere and 'href="/beheer/"' not in andere


def test_the_portfolio_sorts_by_each_column_and_htmx_gets_the_table_alone(demo, django_user_model):
    sponsor = django_user_model.objects.get(username="sponsor")
    extra = extra_programmas(2, sponsor)
    Escalatie.objects.filter(programma=extra[1]).delete()
    client = ingelogd("sponsor")
    assert namen(client.get("/?sorteer=naam").content.decode()) == [
        "Klant in Beeld",
        "Programma extra-0",
        "Programma extra-1",
    ]
    for richting, omgekeerd in (("-", True), ("", False)):
        html = client.get(f"/?sorteer={richting}escalaties").content.decode()
        waarden = [int(rij[4][0]) for rij in rijen_van(html) if rij]
        assert waarden == sorted(waarden, reverse=omgekeerd) and len(set(waarden)) > 1
        assert f'aria-sort="{"descending" if omgekeerd else "ascending"}"' in html
    waarden = [
        int(r[5][0]) for r in rijen_van(client.get("/?sorteer=achterstallig").content.decode()) if r
    ]
    assert waarden == sorted(waarden)
    for kolom in portfolio.SORTERINGEN:
        for richting in ("", "-"):
            assert len(namen(client.get(f"/?sorteer={richting}{kolom}").content.decode())) == 3
    assert namen(client.get("/?sorteer=onzin").content.decode())[0] == "Klant in Beeld"
    fragment = client.get("/?sorteer=-achterstallig", headers={"HX-Request": "true"})
    assert fragment.content.decode().lstrip().startswith('<section id="portfolio"')
    assert "<html" not in fragment.content.decode()


def test_the_portfolio_pdf_lists_every_programme_with_its_figures(demo, django_user_model):
    sponsor = django_user_model.objects.get(username="sponsor")
    extra_programmas(2, sponsor)
    response = ingelogd("sponsor").get(reverse("portfolio_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="portfolio-2026-12-01.pdf"'
    tekst = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    for naam in ("Klant in Beeld", "Programma extra-0", "Programma extra-1"):
        assert naam in tekst
    assert "Stand op 1 dec. 2026: 3 programma's" in tekst
    assert "Tempo" in tekst and "mediaan" in tekst


def test_a_person_without_programmes_is_told_what_to_do(demo, make_user):
    make_user("nieuw")
    html = ingelogd("nieuw").get(reverse("start")).content.decode()
    assert "U bent nog geen lid van een programma" in html
    assert "Portfolio als PDF" not in html


def test_figures_are_kept_until_the_plan_changes_and_every_change_shows_at_once(demo):
    from unittest import mock

    client = ingelogd("sponsor")

    def rij() -> list[str]:
        (r,) = [r for r in rijen_van(client.get(reverse("start")).content.decode()) if r]
        return [" ".join(cel) for cel in r]

    assert rij()[5] == "1"  # B3's overdue meetmoment
    with mock.patch("programmas.portfolio._cijfers", wraps=portfolio._cijfers) as berekend:
        rij()
        assert berekend.call_args.args[0] == []  # nothing computed again
    achter = Meetmoment.objects.get(
        baat__programma=demo, baat__nummer=3, datum_tekst="september 2026"
    )
    achter.meting_tekst = "Ontwerp gereed"
    achter.save()
    assert rij()[5] == "0"
    tempo = demo.stuurparameters.get(parameter="tempo")
    tempo.status = "groen"
    tempo.save()
    assert "T : Groen" in rij()[2]
    Escalatie.objects.filter(programma=demo, automatisch=False).delete()
    assert int(rij()[4]) < 3
