"""`make loadtest`: the production shape on this machine, under load and faults, then a check.

1. A fresh PostgreSQL database (LOAD_DATABASE_URL, default batenplan_load on 127.0.0.1).
2. A programme of 50 baten, each owned by its own baateigenaar, 2 programme managers and 5
   sponsors (bench/locustfile.py logs in as them).
3. gunicorn with N workers on 127.0.0.1 only, DEBUG off with a generated secret, as behind
   the TLS proxy of docs/productie.md, and the task worker (`manage.py db_worker`).
4. Locust headless for a fixed time with fixed users (bench/locustfile.py). Mid-run one
   gunicorn worker is killed (SIGKILL) and so is the task worker, which is started again.
5. In the database: every acknowledged meting exists exactly once, no acknowledged section
   edit was lost. Then the figures: throughput, p50/p95/p99 per kind of request, errors
   (those cut by the killed worker apart from the rest).

Exit status 0 only when nothing acknowledged was lost or duplicated and no 5xx came apart
from requests cut by the kill. Results stay in bench/results/loadtest/.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BIN = Path(PYTHON).parent
UIT = ROOT / "bench" / "results" / "loadtest"
SLUG = "last"
WACHTWOORD = "last-wachtwoord-2026"
DATABASE_URL = os.environ.get(
    "LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/batenplan_load"
)
# A kill's cut requests: connection errors from the kill up to this many seconds after it.
SNEDE = 5.0
# Statuses Locust reports for a request without an HTTP answer (connection reset or refused).
GEEN_ANTWOORD = 0


def log(tekst: str) -> None:
    print(f"[loadtest {time.strftime('%H:%M:%S')}] {tekst}", flush=True)


def server_env(args: argparse.Namespace) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DATABASE_URL=DATABASE_URL,
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        # As behind the one TLS proxy of docs/productie.md: it sets X-Forwarded-Proto/-For.
        DJANGO_BEHIND_PROXY="1",
        DJANGO_PROXY_COUNT="1",
        DJANGO_LOG_LEVEL="WARNING",
        # The killed task worker leaves its report "being made": give it up after this.
        DJANGO_RAPPORT_MAX_DUUR=str(args.rapport_max_duur),
        PYTHONUNBUFFERED="1",
    )
    return env


def verse_database() -> None:
    import psycopg

    basis, naam = DATABASE_URL.rsplit("/", 1)
    with psycopg.connect(f"{basis}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{naam}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{naam}"')


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def vul() -> None:
    """Runs in a child with the server's environment: the programme and its people."""
    import django

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "batenplan.settings")
    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from programmas.demo import load_groot
    from programmas.keuzes import Rol
    from programmas.models import Baat, Lidmaatschap

    User = get_user_model()
    hash_ = make_password(WACHTWOORD)  # once: 57 hashes would take 20 s
    with transaction.atomic():
        programma = load_groot(
            SLUG, baten=50, cycli=3, kwartalen=8, metingen=500, lange_teksten=False
        )
        mensen = (
            [(f"eigenaar{n:02d}", Rol.BAATEIGENAAR) for n in range(1, 51)]
            + [(f"pm{n}", Rol.PROGRAMMAMANAGER) for n in (1, 2)]
            + [(f"sponsor{n}", Rol.SPONSORGROEP) for n in range(1, 6)]
        )
        for naam, rol in mensen:
            user = User.objects.create(username=naam, password=hash_, first_name=naam.title())
            Lidmaatschap.objects.create(programma=programma, user=user, rol=rol)
            if rol == Rol.BAATEIGENAAR:
                Baat.objects.filter(programma=programma, nummer=int(naam[-2:])).update(
                    eigenaar=user, eigenaar_naam=""
                )


def vrije_poort(poort: int) -> None:
    with socket.socket() as s:
        if s.connect_ex(("127.0.0.1", poort)) == 0:
            sys.exit(f"Poort {poort} is bezet; kies een andere met --port.")


def wacht_op(poort: int, seconden: float = 30) -> None:
    grens = time.monotonic() + seconden
    while time.monotonic() < grens:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", poort)) == 0:
                return
        time.sleep(0.2)
    sys.exit("gunicorn kwam niet op.")


def kinderen(pid: int) -> list[int]:
    pad = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in pad.read_text().split()] if pad.exists() else []


def start_worker(env: dict[str, str], log_bestand) -> subprocess.Popen:
    # At low CPU priority, as docs/productie.md advises: a report may wait, a meting not.
    return subprocess.Popen(
        ["nice", "-n", "10", PYTHON, "manage.py", "db_worker", "--no-reload", "--interval", "0.5"],
        cwd=ROOT,
        env=env,
        stdout=log_bestand,
        stderr=subprocess.STDOUT,
    )


def stop(proces: subprocess.Popen | None) -> None:
    if proces is not None and proces.poll() is None:
        proces.send_signal(signal.SIGTERM)
        try:
            proces.wait(15)
        except subprocess.TimeoutExpired:
            proces.kill()
            proces.wait()


def lees_jsonl(pad: Path) -> list[dict]:
    if not pad.exists():
        return []
    return [json.loads(r) for r in pad.read_text().splitlines() if r.strip()]


def controleer(bevestigd: list[dict], pogingen: list[dict]) -> dict:
    """The database against what the server acknowledged."""
    import psycopg

    with psycopg.connect(DATABASE_URL) as conn:
        rijen = conn.execute(
            "SELECT m.toelichting FROM programmas_meetmoment m "
            "JOIN programmas_baat b ON b.id = m.baat_id JOIN programmas_programma p "
            "ON p.id = b.programma_id WHERE p.slug = %s AND m.toelichting LIKE %s",
            [SLUG, "%[LT-%"],
        ).fetchall()
        in_db = Counter(m for (t,) in rijen for m in re.findall(r"LT-[0-9a-f]{32}", t))
        velden = {r["veld"] for r in bevestigd if r["soort"] == "sectie"}
        stand = {}
        for veld in velden:
            assert re.fullmatch(r"toelichting_[a-z]+", veld)
            stand[veld] = conn.execute(
                f"SELECT {veld} FROM programmas_programma WHERE slug = %s", [SLUG]
            ).fetchone()[0]
        rapporten = conn.execute(
            "SELECT r.status, count(*) FROM programmas_rapportaanvraag r JOIN "
            "programmas_programma p ON p.id = r.programma_id WHERE p.slug = %s GROUP BY 1",
            [SLUG],
        ).fetchall()
    metingen = [r["marker"] for r in bevestigd if r["soort"] == "meting"]
    verloren = [m for m in metingen if in_db[m] == 0]
    dubbel = [m for m, n in in_db.items() if n > 1]
    onbevestigd = [m for m in in_db if m not in set(metingen)]
    # An edit is lost when the field holds neither the last acknowledged text nor a later
    # attempt (one whose answer was cut off after it was saved).
    edits_verloren = []
    for veld in velden:
        laatste = [r["tekst"] for r in bevestigd if r.get("veld") == veld][-1]
        pogingen_veld = [p["tekst"] for p in pogingen if p["veld"] == veld]
        later = pogingen_veld[pogingen_veld.index(laatste) :] if laatste in pogingen_veld else []
        if stand[veld] != laatste and stand[veld] not in later:
            edits_verloren.append(veld)
    return {
        "metingen_bevestigd": len(metingen),
        "metingen_verloren": len(verloren),
        "metingen_dubbel": len(dubbel),
        "metingen_opgeslagen_zonder_bevestiging": len(onbevestigd),
        "edits_bevestigd": sum(r["soort"] == "sectie" for r in bevestigd),
        "edits_verloren": len(edits_verloren),
        "rapporten": dict(rapporten),
    }


def percentiel(waarden: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    if not waarden:
        return 0.0
    gesorteerd = sorted(waarden)
    return gesorteerd[max(0, min(len(gesorteerd) - 1, round(p / 100 * len(gesorteerd) + 0.5) - 1))]


def figuren(verzoeken: list[dict], begin: float, einde: float) -> list[dict]:
    """Per kind of request: the logins of before the scenario, the rest within it."""
    per_soort: dict[str, list[dict]] = {}
    for v in verzoeken:
        if v["naam"].startswith("inloggen") or begin <= v["t"] <= einde:
            per_soort.setdefault(v["naam"], []).append(v)
    per_soort["alles (scenario)"] = [
        v for v in verzoeken if begin <= v["t"] <= einde and not v["naam"].startswith("inloggen")
    ]
    rijen = []
    for naam, lijst in per_soort.items():
        ms = [v["ms"] for v in lijst]
        rijen.append(
            {
                "naam": naam,
                "aantal": len(lijst),
                "fout": sum(v["fout"] for v in lijst),
                "p50": percentiel(ms, 50),
                "p95": percentiel(ms, 95),
                "p99": percentiel(ms, 99),
            }
        )
    return sorted(rijen, key=lambda r: (r["naam"].startswith("alles"), r["naam"]))


def fouten_indelen(fouten: list[dict], kills: list[float]) -> dict:
    afgebroken, vijfxx, overig = [], [], []
    for f in fouten:
        status = int(f["status"] or 0)
        # Cut: under way when the worker died, so its answer ended (reset) just after.
        klaar = f["t"] + f["ms"] / 1000
        bij_kill = any(f["t"] <= k + SNEDE and k <= klaar <= k + SNEDE for k in kills)
        if status == GEEN_ANTWOORD and bij_kill:
            afgebroken.append(f)
        elif status >= 500:
            vijfxx.append(f)
        else:
            overig.append(f)
    return {"afgebroken": afgebroken, "5xx": vijfxx, "overig": overig}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=3, help="gunicorn-workers (3)")
    parser.add_argument("--users", type=int, default=57, help="Locust-gebruikers (57)")
    parser.add_argument("--duur", type=int, default=60, help="seconden belasting (60)")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--rapport-max-duur", type=int, default=120)
    parser.add_argument("--vul", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.vul:
        vul()
        return 0

    vrije_poort(args.port)
    UIT.mkdir(parents=True, exist_ok=True)
    for oud in UIT.iterdir():
        oud.unlink()
    begin = einde = 0.0
    kills: list[float] = []
    env = server_env(args)
    log(f"verse database {DATABASE_URL.rsplit('/', 1)[1]}")
    verse_database()
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    log("programma 'last': 50 baten, 50 baateigenaren, 2 programmamanagers, 5 sponsors")
    subprocess.run([PYTHON, __file__, "--vul"], cwd=ROOT, env=env, check=True)

    server_log = (UIT / "server.log").open("w")
    worker_log = (UIT / "worker.log").open("w")
    gunicorn = worker = None
    try:
        gunicorn = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "batenplan.wsgi:application",
                "--workers",
                str(args.workers),
                "--bind",
                f"127.0.0.1:{args.port}",
                "--timeout",
                "30",
            ],
            cwd=ROOT,
            env=env,
            stdout=server_log,
            stderr=subprocess.STDOUT,
        )
        wacht_op(args.port)
        worker = start_worker(env, worker_log)
        log(f"gunicorn ({args.workers} workers) en de taakworker draaien; Locust start")
        locust_env = {
            **os.environ,
            "LOADTEST_SLUG": SLUG,
            "LOADTEST_PASSWORD": WACHTWOORD,
            "LOADTEST_OUT": str(UIT),
        }
        locust = subprocess.Popen(
            [
                str(BIN / "locust"),
                "-f",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                "--users",
                str(args.users),
                "--spawn-rate",
                str(args.users),
                # Stopped by us after the scenario; this only bounds a run that hangs.
                "--run-time",
                f"{args.duur + 600}s",
                "--host",
                f"http://127.0.0.1:{args.port}",
                "--only-summary",
                "--loglevel",
                "WARNING",
                "--stop-timeout",
                "10",
            ],
            cwd=ROOT,
            env=locust_env,
            stdout=(UIT / "locust.log").open("w"),
            stderr=subprocess.STDOUT,
        )
        inloggen_begin = time.time()
        while len(lees_jsonl(UIT / "ingelogd.jsonl")) < args.users:
            if time.time() - inloggen_begin > 300 or locust.poll() is not None:
                sys.exit("Niet iedereen kon inloggen; zie bench/results/loadtest/.")
            time.sleep(0.5)
        log(f"{args.users} gebruikers ingelogd in {time.time() - inloggen_begin:.0f} s")
        (UIT / "start").touch()
        begin = time.time()
        kills: list[float] = []
        # The faults, a third and a half into the run.
        time.sleep(args.duur / 3)
        slachtoffer = kinderen(gunicorn.pid)[0]
        kills.append(time.time())
        os.kill(slachtoffer, signal.SIGKILL)
        log(f"gunicorn-worker {slachtoffer} gedood (SIGKILL)")
        time.sleep(max(0.0, begin + args.duur / 2 - time.time()))
        kills.append(time.time())
        worker.kill()
        worker.wait()
        log(f"taakworker {worker.pid} gedood (SIGKILL)")
        time.sleep(3)
        worker = start_worker(env, worker_log)
        log(f"taakworker opnieuw gestart ({worker.pid})")
        time.sleep(max(0.0, begin + args.duur - time.time()))
        einde = time.time()
        # No new rounds; the requests under way get their answers, then Locust stops.
        (UIT / "stop").touch()
        while len(lees_jsonl(UIT / "gestopt.jsonl")) < args.users and time.time() < einde + 60:
            time.sleep(0.5)
        locust.send_signal(signal.SIGTERM)
        locust.wait(60)
    finally:
        stop(worker)
        stop(gunicorn)

    bevestigd = lees_jsonl(UIT / "bevestigd.jsonl")
    pogingen = lees_jsonl(UIT / "pogingen.jsonl")
    verzoeken = lees_jsonl(UIT / "verzoeken.jsonl")
    fouten = fouten_indelen([v for v in verzoeken if v["fout"]], kills)
    check = controleer(bevestigd, pogingen)
    rijen = figuren(verzoeken, begin, einde)
    werk = [v for v in verzoeken if begin <= v["t"] <= einde]

    print()
    print(
        f"make loadtest: {args.users} gebruikers, {args.duur} s, gunicorn {args.workers} "
        f"workers, PostgreSQL, taakworker; 1 app-worker en de taakworker gedood"
    )
    print(f"{'soort verzoek':<22}{'aantal':>8}{'fout':>6}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
    for r in rijen:
        print(
            f"{r['naam']:<22}{r['aantal']:>8}{r['fout']:>6}"
            f"{r['p50']:>9.0f}{r['p95']:>9.0f}{r['p99']:>9.0f}"
        )
    print(
        f"doorvoer: {len(werk) / (einde - begin):.1f} verzoeken/s "
        f"({len(werk)} in {einde - begin:.0f} s, het inloggen vooraf niet meegeteld)"
    )
    print(
        f"fouten: {len(fouten['afgebroken'])} afgebroken door de gedode worker, "
        f"{len(fouten['5xx'])} andere 5xx, {len(fouten['overig'])} overige"
    )
    for soort, lijst in fouten.items():
        for f in lijst[:10]:
            print(
                f"  {soort}: {f['naam']} status {f['status']} om +{f['t'] - begin:.1f} s "
                f"{f.get('waarom', '')}"
            )
    print(
        f"metingen: {check['metingen_bevestigd']} bevestigd, {check['metingen_verloren']} "
        f"verloren, {check['metingen_dubbel']} dubbel, "
        f"{check['metingen_opgeslagen_zonder_bevestiging']} opgeslagen zonder bevestiging"
    )
    print(f"sectie-edits: {check['edits_bevestigd']} bevestigd, {check['edits_verloren']} verloren")
    print(f"rapportaanvragen na afloop: {check['rapporten']}")
    (UIT / "uitkomst.json").write_text(
        json.dumps(
            {"check": check, "fouten": {k: len(v) for k, v in fouten.items()}, "stats": rijen},
            indent=1,
        )
    )
    goed = (
        check["metingen_verloren"] == 0
        and check["metingen_dubbel"] == 0
        and check["edits_verloren"] == 0
        and check["metingen_bevestigd"] > 0
        and not fouten["5xx"]
        and not fouten["overig"]
    )
    print("UITKOMST:", "goed" if goed else "NIET GOED")
    return 0 if goed else 1


if __name__ == "__main__":
    sys.exit(main())
