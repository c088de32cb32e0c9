"""Time the PDF's charts: our own SVG renderer (programmas.svg) against kaleido + Chromium.

Run from the project root: `DJANGO_DEBUG=1 .venv/bin/python bench/svg_vs_kaleido.py`.
The figures are built with charts.py directly, like the demo's, so no database is needed:
the demo's 8 charts (roadmap, traffic lights, 6 small trajectories) and a 40-baat plan's 42.
Kaleido runs only if it imports and its Chromium starts; otherwise the script says why.
"""

from __future__ import annotations

import logging
import os
import sys
import time
import warnings
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "batenplan.settings")

import django

django.setup()  # keuzes.py's labels are lazy translations
for naam in ("kaleido", "choreographer", "logistro"):  # their INFO chatter hides the table
    logging.getLogger(naam).setLevel(logging.WARNING)

from programmas.demo import BATEN  # noqa: E402
from programmas.grafieken import charts  # noqa: E402
from programmas.grafieken.svg import svg  # noqa: E402
from programmas.keuzes import Fase, Status  # noqa: E402
from programmas.realisatie import Punt  # noqa: E402

VANDAAG = date(2026, 11, 29)
NAMEN = [baat.naam for baat in BATEN]  # the demo's six


def figuren(aantal_baten: int) -> list[Any]:
    """A plan's dashboard charts: the roadmap, the traffic lights and a trajectory per baat."""
    fases = list(Fase)
    kwartalen = [(k, f"{2026 + (k - 1) // 4}-K{(k - 1) % 4 + 1}") for k in range(1, 7)]
    baten = [
        charts.RoadmapBaat(
            f"B{i + 1}",
            NAMEN[i % len(NAMEN)],
            {k: fases[min((k + i % 2) // 2, 3)] for k in range(1 + i % 2, 7)},
            fases[i % 2],
        )
        for i in range(aantal_baten)
    ]
    afhankelijkheden = [("B2", "B1", False), ("B5", "B2", True)] if aantal_baten > 4 else []
    uit = [
        charts.roadmap(kwartalen, baten, vandaag=3.6, afhankelijkheden=afhankelijkheden),
        charts.stuurparameters(
            [
                ("Doeltreffendheid", Status.GEEL, None),
                ("Tempo", Status.ROOD, Status.ROOD),
                ("Haalbaarheid", Status.GROEN, None),
                ("Wendbaarheid", Status.GROEN, None),
                ("Efficiëntie", "", None),
            ]
        ),
    ]
    for i in range(aantal_baten):
        start = date(2025, 12, 31)
        punten = [
            Punt(start + timedelta(days=91 * k), Decimal(6 + k * 0.4 + i % 3)) for k in range(7)
        ]
        data = charts.Traject(
            code=f"B{i + 1}",
            naam=NAMEN[i % len(NAMEN)],
            eenheid="score",
            punten=punten,
            metingen=[Punt(p.datum, p.niveau + Decimal("0.2")) for p in punten[1:4]],
            cyclusdoelen=[("Cyclus 1", punten[2]), ("Cyclus 2", punten[4])],
            nulmeting=punten[0],
            doel=punten[-1],
        )
        uit.append(charts.traject(data, vandaag=VANDAAG, klein=True))
    return uit


def tijd(teken: Any, figuren: list[Any]) -> float:
    begin = time.perf_counter()
    for figuur in figuren:
        teken(figuur)
    return time.perf_counter() - begin


def main() -> None:
    sets = {"demo (8 charts)": figuren(6), "40 baten (42 charts)": figuren(40)}
    json_sets = {naam: [charts.figuur_json(f) for f in lijst] for naam, lijst in sets.items()}
    for lijst in json_sets.values():  # warm up: imports and caches, once per process
        svg(lijst[0])
    # Best of 5: it takes milliseconds, so a busy machine would otherwise decide the number.
    eigen = {naam: min(tijd(svg, lijst) for _ in range(5)) for naam, lijst in json_sets.items()}

    kaleido_tijden: dict[str, float] = {}
    eerste, waarom = None, ""
    try:
        import kaleido
        import plotly.io as pio

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            kaleido.start_sync_server(silence_warnings=True)
            begin = time.perf_counter()  # Chromium starts with the first chart
            pio.to_image(sets["demo (8 charts)"][0], format="svg")
            eerste = time.perf_counter() - begin
            for naam, lijst in sets.items():
                kaleido_tijden[naam] = tijd(lambda f: pio.to_image(f, format="svg"), lijst)
        kaleido.stop_sync_server(silence_warnings=True)
    except Exception as fout:  # kaleido missing, or no Chromium to start: say so, go on
        waarom = f"kaleido not run: {type(fout).__name__}: {fout}"

    print(f"{'set':<22}{'own svg()':>12}{'per chart':>12}{'kaleido':>12}{'per chart':>12}")
    for naam, lijst in sets.items():
        regel = f"{naam:<22}{eigen[naam]:>11.3f}s{eigen[naam] / len(lijst) * 1000:>10.1f}ms"
        if naam in kaleido_tijden:
            k = kaleido_tijden[naam]
            regel += f"{k:>11.2f}s{k / len(lijst) * 1000:>10.0f}ms"
        print(regel)
    if eerste is not None:
        print(f"kaleido's first chart, starting Chromium: {eerste:.2f} s (not in the rows above;")
        print("a server process pays it once, a report run as its own process every time)")
    if waarom:
        print(waarom)


if __name__ == "__main__":
    main()
