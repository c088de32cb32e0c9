"""Benchmark: what each page, export and the PDF cost at three programme sizes.

    make bench                      # S, M and L
    make bench BENCH_ARGS="--maten S,M --json uit.json"

Builds the programmes in a throwaway test database (SQLite in memory, or a `test_` copy of
the PostgreSQL database named by DATABASE_URL), then measures with Django's test client the
server-side time (median and max of repeated runs after a warm-up) and the SQL queries of
each page. Beside each it measures a floor: one query loading the rows that page shows,
serialised to JSON. No implementation can do less, so page/floor stays comparable when the
machine is noisy. Beside each page (plan, dashboard, baat, Mijn baten) it also measures a
lean page: every row that page shows, read with one plain query per table and joined into
HTML, with no figures, forms or template engine: the honest floor for a page, so page/lean
says what the app's own work costs. The fragments htmx swaps in (a plan section, a meting
from Mijn baten, handling an escalation signal) have rows of their own. Prints one table,
and the same data as JSON.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import re
import statistics
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "batenplan.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.serializers.json import DjangoJSONEncoder  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import QuerySet  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    setup_databases,
    setup_test_environment,
    teardown_databases,
)
from django.utils.html import escape  # noqa: E402

from programmas import rapport  # noqa: E402
from programmas.demo import MATEN, SLUG, load_demo, load_groot, load_maat  # noqa: E402
from programmas.keuzes import Rol  # noqa: E402
from programmas.models import (  # noqa: E402
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
    Risico,
    RoadmapFase,
    Stuurparameter,
    StuurparameterWijziging,
    Vermogen,
)

VANDAAG = date(2026, 11, 29)
HERHALINGEN = {"S": 9, "M": 7, "L": 3}
PDF_L = False  # the L report lists 20,000 metingen: minutes per run, so only on request


@dataclass
class Meting:
    maat: str
    wat: str
    mediaan_ms: float
    max_ms: float
    queries: int
    vloer_ms: float
    verhouding: float
    lean_ms: float | None = None  # a page's lean reference (see lean_paginas)
    x_lean: float | None = None


def tel_queries(functie: Callable[[], object]) -> int:
    """The SQL statements one run sends, counted at the driver (whatever DEBUG says)."""
    aantal = 0

    def teller(execute, sql, params, many, context):
        nonlocal aantal
        aantal += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(teller):
        functie()
    return aantal


def klok(functie: Callable[[], object], keer: int) -> tuple[list[float], int]:
    """Server-side times in ms of `keer` runs after one warm-up, and the queries of one."""
    queries = tel_queries(functie)  # the warm-up
    tijden = []
    for _ in range(keer):
        begin = time.perf_counter()
        functie()
        tijden.append((time.perf_counter() - begin) * 1000)
    return tijden, queries


def rij(maat: str, wat: str, tijden: list[float], queries: int, vloermediaan: float) -> Meting:
    """A row of the table from the measured times, beside the floor's median; the median is
    also said on stderr, so that a long run shows it is getting on."""
    mediaan = statistics.median(tijden)
    print(f"  {maat} {wat}: {mediaan:.0f} ms", file=sys.stderr, flush=True)
    return Meting(
        maat,
        wat,
        round(mediaan, 1),
        round(max(tijden), 1),
        queries,
        round(vloermediaan, 2),
        round(mediaan / vloermediaan, 1),
    )


def vloer(programma: Programma, **filter_: object) -> Callable[[], str]:
    """One query for the rows a page shows (every meetmoment with its baat), as JSON."""

    def lees() -> str:
        rijen = Meetmoment.objects.filter(baat__programma=programma, **filter_).values(
            "baat__nummer",
            "baat__naam",
            "baat__nulmeting_tekst",
            "baat__target_tekst",
            "datum_tekst",
            "verwacht_niveau_tekst",
            "meting_tekst",
        )
        return json.dumps(list(rijen), cls=DjangoJSONEncoder)

    return lees


def bouw(maat: str) -> Programma:
    """S is the demo; M and L are built to the sizes of demo.MATEN."""
    if maat == "S":
        load_demo("bench-wachtwoord")
        return Programma.objects.get(slug=SLUG)
    return load_maat(maat, f"bench-{maat.lower()}")


def meet(maat: str, programma: Programma) -> list[Meting]:
    from programmas import uitwisseling

    keer = HERHALINGEN[maat]
    pm, eigenaar = Client(), Client()
    pm.force_login(get_user_model().objects.get(username="pm"))
    eigenaar.force_login(get_user_model().objects.get(username="eigenaar"))
    slug = programma.slug
    meting_invoeren = meting_van(eigenaar, slug, htmx=False)

    md = uitwisseling.exporteer_markdown(programma).encode()
    xlsx = uitwisseling.exporteer_xlsx(programma) if maat == "M" else b""

    def importeren(inhoud: bytes = md) -> None:
        # Into a new programme, rolled back: the same work every run, nothing left behind.
        try:
            with transaction.atomic():
                uitwisseling.importeer(inhoud, slug="bench-import")
                raise _Terug
        except _Terug:
            pass

    def get(client: Client, pad: str) -> Callable[[], None]:
        def laad() -> None:
            antwoord = client.get(pad)
            assert antwoord.status_code == 200, (pad, antwoord.status_code)

        return laad

    eigen = {"baat__nummer__lte": 3}
    metingen: list[tuple[str, Callable[[], object], Callable[[], str], int]] = [
        ("plan", get(pm, f"/p/{slug}/"), vloer(programma), keer),
        ("dashboard", get(pm, f"/p/{slug}/dashboard/"), vloer(programma), keer),
        ("baat", get(pm, f"/p/{slug}/baten/1/"), vloer(programma, baat__nummer=1), keer),
        ("mijn baten", get(eigenaar, f"/p/{slug}/mijn-baten/"), vloer(programma, **eigen), keer),
        ("meting (POST)", meting_invoeren, vloer(programma, baat__nummer=1), keer),
        ("export md", lambda: uitwisseling.exporteer_markdown(programma), vloer(programma), keer),
        ("export json", lambda: uitwisseling.exporteer_json(programma), vloer(programma), keer),
        ("export xlsx", lambda: uitwisseling.exporteer_xlsx(programma), vloer(programma), keer),
    ]
    metingen += versie_metingen(programma, pm, keer)
    metingen += rapport_metingen(maat, programma, keer)
    if maat == "M":
        metingen.append(("import md (M)", importeren, vloer(programma), 3))
        metingen.append(("import xlsx (M)", lambda: importeren(xlsx), vloer(programma), 3))
        metingen.append(
            (
                "export docx",
                lambda: uitwisseling.EXPORTEURS["docx"].maak(programma),
                vloer(programma),
                3,
            )
        )
    metingen += fragmenten(programma, pm, eigenaar, keer)
    uitkomst = []
    for wat, functie, vloerfunctie, n in metingen:
        tijden, queries = klok(functie, n)
        vloertijden, _ = klok(vloerfunctie, max(3, n))
        uitkomst.append(rij(maat, wat, tijden, queries, statistics.median(vloertijden)))
    uitkomst += rapport_rondgang(maat, programma, pm)
    return met_lean(uitkomst, lean_paginas(programma), keer)


def versie_metingen(
    programma: Programma, pm: Client, keer: int
) -> list[tuple[str, Callable[[], object], Callable[[], str], int]]:
    """Versions (issue 15): version 1.0 adopted, a tenth of the metingen and a baat changed,
    1.1 adopted, and one meting changed since: the plan page above shows that header. Then
    comparing the two versions (the comparison alone, and its page), a version with the
    live plan, and adopting a version (rolled back)."""
    from programmas import versies

    door = get_user_model().objects.get(username="pm")
    v1 = versies.vaststellen(
        programma, door, nummer="1.0", vastgesteld=True, besluit_op=date(2026, 11, 30)
    )
    rijen = Meetmoment.objects.filter(baat__programma=programma)
    anders = rijen.filter(pk__in=list(rijen.values_list("pk", flat=True)[::10]))
    anders.update(toelichting="Herzien na de review")
    programma.baten.filter(nummer=1).update(naam="Herziene baat")
    v2 = versies.vaststellen(programma, door, nummer="1.1", vastgesteld=False)
    rijen.filter(pk=rijen.values_list("pk", flat=True).first()).update(meting_tekst="42")

    def vastleggen() -> None:
        try:
            with transaction.atomic():
                versies.vaststellen(programma, door, nummer="9.9", vastgesteld=False)
                raise _Terug
        except _Terug:
            pass

    slug = programma.slug
    pagina = f"/p/{slug}/versies/vergelijken/?oud={v1.pk}&nieuw="
    return [
        (
            "vergelijk 2 versies",
            lambda: versies.vergelijk_versies(v1, v2, programma, met_leden=True),
            vloer(programma),
            keer,
        ),
        ("vergelijking (pagina)", get_ok(pm, pagina + str(v2.pk)), vloer(programma), keer),
        ("vergelijking met nu", get_ok(pm, pagina + "nu"), vloer(programma), keer),
        ("versie vastleggen", vastleggen, vloer(programma), 3),
    ]


def get_ok(client: Client, pad: str) -> Callable[[], None]:
    def laad() -> None:
        antwoord = client.get(pad)
        assert antwoord.status_code == 200, (pad, antwoord.status_code)

    return laad


# ---------------------------------------------------------------------------------------
# The fragments htmx swaps in, and a lean reference beside each page


def fragmenten(
    programma: Programma, pm: Client, eigenaar: Client, keer: int
) -> list[tuple[str, Callable[[], object], Callable[[], str], int]]:
    """Rows for what htmx asks while someone works: a plan section shown again, a meting from
    Mijn baten (the card it swaps in) and handling an escalation signal (the form, and the
    escalation section after saving it, rolled back so every run handles the same one)."""
    slug = programma.slug
    htmx = {"HTTP_HX_REQUEST": "true"}

    def sectie() -> None:
        antwoord = pm.get(f"/p/{slug}/tonen/", {"terug": "plan#baten"}, **htmx)
        assert antwoord.status_code == 200, antwoord.content[:500]

    @functools.cache
    def signaal() -> str:
        # Looked up when its rows run, not when they are listed: the metingen entered by
        # the rows before change the figures, and with them which signals are open.
        return open_signaal(pm, slug)

    def signaal_formulier() -> None:
        antwoord = pm.get(signaal(), **htmx)
        assert antwoord.status_code == 200, antwoord.content[:500]

    def signaal_afhandelen() -> None:
        try:
            with transaction.atomic():
                antwoord = pm.post(signaal(), {"afhandeling": "Besproken in de stuurgroep"}, **htmx)
                assert antwoord.status_code == 200, antwoord.content[:500]
                assert b"sectie-escalaties" in antwoord.content
                raise _Terug
        except _Terug:
            pass

    return [
        ("sectie (htmx)", sectie, vloer(programma), keer),
        (
            "meting (htmx)",
            meting_van(eigenaar, slug, htmx=True),
            vloer(programma, baat__nummer=1),
            keer,
        ),
        ("signaal (htmx)", signaal_formulier, vloer(programma), keer),
        ("signaal (POST)", signaal_afhandelen, vloer(programma), keer),
    ]


def meting_van(eigenaar: Client, slug: str, *, htmx: bool) -> Callable[[], None]:
    """B1's owner enters a meting: through the quick form's htmx POST (the card comes back)
    or as a plain POST (a redirect). A new meting each time, on another day of November, so
    every run does the same work."""
    teller = iter(range(1_000_000))

    def invoeren() -> None:
        n = next(teller)
        antwoord = eigenaar.post(
            f"/p/{slug}/baten/1/meting/",
            {
                "b1-meetdatum_tekst": f"{1 + n % 28}-11-2026",
                "b1-meting_tekst": "6,5",
                "b1-revisie": "0",
            },
            **({"HTTP_HX_REQUEST": "true"} if htmx else {}),
        )
        assert antwoord.status_code == (200 if htmx else 302), antwoord.content[:500]

    return invoeren


def open_signaal(client: Client, slug: str) -> str:
    """The address of the first open escalation signal, as the dashboard links to it."""
    html = client.get(f"/p/{slug}/dashboard/").content.decode()
    gevonden = re.search(rf'href="(/p/{slug}/dashboard/signaal/\d+/[^/"]+/)"', html)
    assert gevonden, f"no open escalation signal on the dashboard of {slug}"
    return gevonden.group(1)


# The columns a page shows of its long tables (every other table: all its columns): what a
# lean page reads of 2,000 metingen, so it stays a floor under the page, not above it.
LEAN_KOLOMMEN: dict[type, tuple[str, ...]] = {
    Meetmoment: ("baat_id", "datum_tekst", "verwacht_niveau_tekst", "meting_tekst", "meetdatum"),
    CyclusDoel: ("cyclus_id", "baat_id", "startniveau_tekst", "doelniveau_tekst"),
    RoadmapFase: ("baat_id", "kwartaal", "fase"),
    StuurparameterWijziging: ("stuurparameter_id", "status_oud", "status", "op"),
}


def tabel_html(rijen: QuerySet) -> str:
    """Rows as an HTML table, every value escaped: what any page must at least send."""
    kolommen = LEAN_KOLOMMEN.get(rijen.model, ())
    regels = [
        "<tr>" + "".join(f"<td>{escape(waarde)}</td>" for waarde in rij) + "</tr>"
        for rij in rijen.values_list(*kolommen)
    ]
    return "<table>" + "".join(regels) + "</table>"


def lean(*tabellen: QuerySet) -> Callable[[], str]:
    """A lean page: the rows of `tabellen`, one plain query each, joined into HTML."""

    def maak() -> str:
        return "<html><body>" + "".join(tabel_html(t) for t in tabellen) + "</body></html>"

    return maak


def lean_paginas(programma: Programma) -> dict[str, Callable[[], str]]:
    """What each page shows, table by table (the baat page: one baat; Mijn baten: B1-B3)."""
    p = programma
    baten = Baat.objects.filter(programma=p)
    rondom = (
        Meetmoment.objects.filter(baat__programma=p),
        RoadmapFase.objects.filter(baat__programma=p),
        Afhankelijkheid.objects.filter(baat__programma=p),
        AfhankelijkheidVan.objects.filter(afhankelijkheid__baat__programma=p),
        Escalatie.objects.filter(programma=p),
        Stuurparameter.objects.filter(programma=p),
    )
    een = {"baat__programma": p, "baat__nummer": 1}
    eigen = {"baat__programma": p, "baat__nummer__lte": 3}
    return {
        "plan": lean(
            Programma.objects.filter(pk=p.pk),
            baten,
            *rondom,
            Cyclus.objects.filter(programma=p),
            CyclusDoel.objects.filter(cyclus__programma=p),
            Risico.objects.filter(baat__programma=p),
            Vermogen.objects.filter(programma=p),
            Inspanning.objects.filter(programma=p),
        ),
        "dashboard": lean(
            baten,
            *rondom,
            StuurparameterWijziging.objects.filter(stuurparameter__programma=p),
        ),
        "baat": lean(
            baten.filter(nummer=1),
            Meetmoment.objects.filter(**een),
            Risico.objects.filter(**een),
            RoadmapFase.objects.filter(**een),
            CyclusDoel.objects.filter(**een),
            Afhankelijkheid.objects.filter(**een),
        ),
        "mijn baten": lean(baten.filter(nummer__lte=3), Meetmoment.objects.filter(**eigen)),
    }


def met_lean(
    metingen: list[Meting], paginas: dict[str, Callable[[], str]], keer: int
) -> list[Meting]:
    """Each page's row with its lean reference measured beside it, and page/lean."""
    for m in metingen:
        if m.wat in paginas:
            tijden, _ = klok(paginas[m.wat], max(3, keer))
            m.lean_ms = round(statistics.median(tijden), 2)
            m.x_lean = round(m.mediaan_ms / m.lean_ms, 1)
    return metingen


LEAN_KOPPEN = ["lean ms", "x lean"]


def lean_kolommen(m: Meting) -> list[str]:
    if m.lean_ms is None or m.x_lean is None:
        return ["", ""]
    return [f"{m.lean_ms:.2f}", f"{m.x_lean:.1f}"]


class _Terug(Exception):
    pass


# ---------------------------------------------------------------------------------------
# The PDF report (issue 13): both kinds, and a sponsor's click to a ready report.


def rapport_metingen(
    maat: str, programma: Programma, keer: int
) -> list[tuple[str, Callable[[], object], Callable[[], str], int]]:
    """Rendering the standard report and the full one (every meting in an appendix), as the
    task worker and `export_plan` do. L only with --pdf-l: minutes per run."""
    if maat == "L" and not PDF_L:
        return []
    n = max(1, keer // 3)
    return [
        ("pdf standaard", lambda: rapport.pdf(programma, VANDAAG), vloer(programma), n),
        (
            "pdf volledig",
            lambda: rapport.pdf(programma, VANDAAG, volledig=True),
            vloer(programma),
            n if maat == "S" else 1,
        ),
    ]


class _Werker(threading.Thread):
    """The task worker beside the app, as `manage.py db_worker` runs it (its loop, its own
    database connection, checking the queue every second), in a thread of this process:
    the bench's database (SQLite in memory) is not visible to another process."""

    def __init__(self) -> None:
        from django_tasks_db.management.commands.db_worker import Worker

        super().__init__(daemon=True)
        self.werker = Worker(
            queue_names=["default"],
            interval=1.0,
            batch=False,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="bench",
            excluded_queue_names=[],
        )

    def run(self) -> None:
        try:
            self.werker.run()
        finally:
            connection.close()

    def stop(self) -> None:
        self.werker.running = False
        self.join()


def rapport_rondgang(maat: str, programma: Programma, client: Client) -> list[Meting]:
    """A member's click on "Rapport maken" until the report is ready, with the worker
    running (median of a few clicks, each on a changed plan, so each one renders; the
    queries are those of the click), and a second click on the unchanged plan with the
    download, served without rendering. The page polls every 2 s, so a member sees the
    report up to 2 s after it is ready."""
    from django.db import OperationalError
    from django.tasks.signals import task_finished

    from programmas.models import RapportAanvraag, RapportStatus

    if maat == "L" and not PDF_L:
        return []
    url = f"/p/{programma.slug}/rapport/"
    htmx = {"HX-Request": "true"}
    # Told by the worker when it is done, rather than asking the database: SQLite in memory
    # refuses a statement while the worker's thread holds a table ("table is locked"), and
    # the other way round; PostgreSQL would not mind. For the same reason this side tries
    # a statement again when it meets such a lock.
    gedaan = threading.Event()

    def melding(**kwargs: object) -> None:
        gedaan.set()

    def opnieuw[T](functie: Callable[[], T]) -> T:
        for poging in range(100):
            try:
                return functie()
            except OperationalError as fout:
                if "locked" not in str(fout) or poging == 99:
                    raise
                time.sleep(0.02)
        raise AssertionError("unreachable")

    def klik() -> None:
        antwoord = opnieuw(lambda: client.post(url, headers=htmx))
        assert antwoord.status_code == 200, antwoord.content[:500]

    def klik_tot_klaar() -> tuple[float, int]:
        # No ready report, as after any change to the plan: the click has to render one.
        opnieuw(lambda: RapportAanvraag.objects.filter(programma=programma).delete())
        gedaan.clear()
        begin = time.perf_counter()
        queries = tel_queries(klik)
        assert gedaan.wait(timeout=900), "de worker maakte het rapport niet"
        klaar = time.perf_counter()
        aanvraag = opnieuw(
            lambda: RapportAanvraag.objects.defer("pdf").get(programma=programma, volledig=False)
        )
        assert aanvraag.status == RapportStatus.KLAAR, aanvraag.fout
        return (klaar - begin) * 1000, queries

    def tweede_klik() -> None:
        klik()
        antwoord = opnieuw(lambda: client.get(f"/p/{programma.slug}/rapport.pdf"))
        assert antwoord.status_code == 200 and antwoord.content.startswith(b"%PDF-")

    task_finished.connect(melding, weak=False, dispatch_uid="bench-rapport")
    werker = _Werker()
    werker.start()
    try:
        rondes = [klik_tot_klaar() for _ in range(3 if maat == "S" else 2)]
        tweede, tweede_queries = klok(tweede_klik, HERHALINGEN[maat])
    finally:
        werker.stop()
        task_finished.disconnect(dispatch_uid="bench-rapport")
    vloertijden, _ = klok(vloer(programma), 3)
    vloermediaan = statistics.median(vloertijden)
    return [
        rij(maat, wat, tijden, queries, vloermediaan)
        for wat, tijden, queries in (
            ("rapport klik→klaar", [t for t, _ in rondes], rondes[0][1]),
            ("rapport 2e klik", tweede, tweede_queries),
        )
    ]


def tabel(metingen: list[Meting]) -> str:
    koppen = ["maat", "wat", "mediaan ms", "max ms", "queries", "vloer ms", "x vloer"]
    koppen += LEAN_KOPPEN
    rijen = [
        [
            m.maat,
            m.wat,
            f"{m.mediaan_ms:.1f}",
            f"{m.max_ms:.1f}",
            str(m.queries),
            f"{m.vloer_ms:.2f}",
            f"{m.verhouding:.0f}",
            *lean_kolommen(m),
        ]
        for m in metingen
    ]
    breedtes = [max(len(r[i]) for r in [koppen, *rijen]) for i in range(len(koppen))]
    regels = [" | ".join(k.ljust(b) for k, b in zip(koppen, breedtes, strict=True))]
    regels.append("-|-".join("-" * b for b in breedtes))
    regels += [" | ".join(c.ljust(b) for c, b in zip(r, breedtes, strict=True)) for r in rijen]
    return "\n".join(regels)


def portfolio_metingen(aantal: int = 20) -> list[Meting]:
    """The start page as the portfolio of a sponsor in `aantal` programmes of size M (issue
    16: at most 300 ms), and its PDF. The floor: every meetmoment of those programmes, the
    figures' input, read in one query as JSON."""
    sponsor = get_user_model().objects.create_user("bench-portfolio")
    programmas = []
    for i in range(aantal):
        programma = load_groot(f"portfolio-{i}", **MATEN["M"])
        Lidmaatschap.objects.create(programma=programma, user=sponsor, rol=Rol.SPONSORGROEP)
        programmas.append(programma)
    client = Client()
    client.force_login(sponsor)

    def get(pad: str) -> Callable[[], None]:
        def laad() -> None:
            antwoord = client.get(pad)
            assert antwoord.status_code == 200, (pad, antwoord.status_code)

        return laad

    def lees() -> str:
        rijen = Meetmoment.objects.filter(baat__programma__in=programmas).values(
            "baat__programma__naam", "baat__nummer", "datum", "verwacht_niveau", "meting_tekst"
        )
        return json.dumps(list(rijen), cls=DjangoJSONEncoder)

    def koud() -> None:
        # The first visit after every plan changed: nothing kept (portfolio.rijen's cache).
        cache.clear()
        get("/")()

    gewijzigd = Meetmoment.objects.filter(baat__programma=programmas[0]).first()

    def na_een_wijziging() -> None:
        # A meting entered in one programme: its figures are computed again, the other
        # nineteen are kept.
        gewijzigd.save()
        get("/")()

    maat = f"{aantal}xM"
    uitkomst = []
    for wat, functie, keer in (
        ("portfolio", get("/"), 7),
        ("portfolio 1 gewijzigd", na_een_wijziging, 7),
        ("portfolio koud", koud, 5),
        ("portfolio pdf", get("/portfolio.pdf"), 3),
    ):
        tijden, queries = klok(functie, keer)
        vloertijden, _ = klok(lees, 3)
        uitkomst.append(rij(maat, wat, tijden, queries, statistics.median(vloertijden)))
    return uitkomst


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--maten", default="S,M,L", help="welke maten, bv. S,M")
    parser.add_argument("--json", help="schrijf de metingen ook naar dit bestand")
    parser.add_argument(
        "--pdf-l",
        action="store_true",
        help="ook de PDF van L (alle 20.000 metingen: minuten per keer)",
    )
    args = parser.parse_args()
    global PDF_L
    PDF_L = args.pdf_l
    maten = [m.strip().upper() for m in args.maten.split(",") if m.strip()]

    setup_test_environment()
    oud = setup_databases(verbosity=0, interactive=False)
    try:
        alle: list[Meting] = []
        for maat in maten:
            begin = time.perf_counter()
            programma = bouw(maat)
            print(f"{maat}: gebouwd in {time.perf_counter() - begin:.1f} s", file=sys.stderr)
            alle += meet(maat, programma)
        if "M" in maten:
            begin = time.perf_counter()
            portfolio = portfolio_metingen()
            print(f"portfolio: in {time.perf_counter() - begin:.1f} s", file=sys.stderr)
            alle += portfolio
    finally:
        teardown_databases(oud, verbosity=0)
    print(tabel(alle))
    document = {
        "datum": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "database": connection.vendor,
        "metingen": [asdict(m) for m in alle],
    }
    print(json.dumps(document, indent=1))
    if args.json:
        Path(args.json).write_text(json.dumps(document, indent=1))


if __name__ == "__main__":
    main()
