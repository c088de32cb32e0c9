"""The load of `make loadtest` (bench/loadtest.py starts the server and runs this headless).

57 users on one programme, as its people use it: 50 baateigenaren enter metingen through the
htmx form of "Mijn baten" (log in, GET the form, POST it), 2 programme managers edit a
section of the plan each, 5 sponsors read the plan and dashboard and ask for the report.

What the server acknowledged is written to files, for the check in the database afterwards:
every meting POST carries a unique marker in its toelichting, every section edit a unique
text; the markers the server answered with success go to LOADTEST_OUT/bevestigd.jsonl, and
every failed request (time, kind, status) to LOADTEST_OUT/fouten.jsonl.

The server runs as behind the TLS proxy of production: each request says so in
X-Forwarded-Proto and gives its client's address in X-Forwarded-For (one address per user,
so the login throttle sees users, not the load generator). The cookies are Secure, as in
production; the session below sends them over loopback HTTP, where the proxy would.
"""

from __future__ import annotations

import http.cookiejar
import itertools
import json
import os
import random
import re
import time
import uuid
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from locust import HttpUser, between, events, task
from locust.exception import StopUser

SLUG = os.environ.get("LOADTEST_SLUG", "last")
WACHTWOORD = os.environ.get("LOADTEST_PASSWORD", "last-wachtwoord-2026")
UIT = Path(os.environ.get("LOADTEST_OUT", "bench/results/loadtest"))
UIT.mkdir(parents=True, exist_ok=True)
HTMX = {"HX-Request": "true"}

_eigenaren = itertools.count(1)
_pms = itertools.count(1)
_sponsors = itertools.count(1)
_adressen = itertools.count(1)


def schrijf(bestand: str, regel: dict[str, Any]) -> None:
    # One process, one greenlet at a time between awaits: whole lines, flushed at once, so a
    # run that is stopped keeps every acknowledgement it made.
    with (UIT / bestand).open("a") as f:
        f.write(json.dumps(regel) + "\n")


_verzoeken = (UIT / "verzoeken.jsonl").open("a", buffering=1)


@events.request.add_listener
def verzoek(
    name: str,
    response_time: float,
    response: Any = None,
    exception: BaseException | None = None,
    start_time: float | None = None,
    **kwargs: Any,
) -> None:
    """Every request with its time and answer: bench/loadtest.py computes the figures."""
    status = getattr(response, "status_code", 0) or 0
    _verzoeken.write(
        json.dumps(
            {
                "t": start_time or time.time(),
                "naam": name,
                "ms": round(response_time, 1),
                "status": status,
                "fout": exception is not None,
                "waarom": repr(exception)[:160] if exception is not None else "",
            }
        )
        + "\n"
    )


def _loopback_als_proxy(self: Any, cookie: http.cookiejar.Cookie, request: Any) -> bool:
    """Send Secure cookies over loopback HTTP, as the TLS proxy in front of us would. On the
    class: requests copies the session's cookies into a fresh jar for every request."""
    return True


http.cookiejar.DefaultCookiePolicy.return_ok_secure = _loopback_als_proxy  # type: ignore[method-assign]


class Velden(HTMLParser):
    """Every field of the first form in a page, as a browser would send it: hidden fields
    (revisie, an idempotency key, ...) included, so new fields need no change here."""

    def __init__(self) -> None:
        super().__init__()
        self.velden: dict[str, str] = {}
        self.actie: str | None = None
        self._in_form = False
        self._klaar = False
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and not self._klaar:
            self._in_form = True
            self.actie = a.get("hx-post") or a.get("action")
            return
        if not self._in_form:
            return
        naam = a.get("name")
        if tag == "input" and naam:
            soort = a.get("type", "text")
            if soort in ("checkbox", "radio") and "checked" not in a:
                return
            if soort in ("submit", "button", "file"):
                return
            self.velden[naam] = a.get("value", "on" if soort == "checkbox" else "")
        elif tag == "select" and naam:
            self._select = naam
            self.velden.setdefault(naam, "")
        elif tag == "option" and self._select and "selected" in a:
            self.velden[self._select] = a.get("value", "")
        elif tag == "textarea" and naam:
            self._textarea = naam
            self.velden[naam] = ""

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.velden[self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self._in_form:
            self._in_form, self._klaar = False, True
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def formulier(html: str) -> tuple[dict[str, str], str | None]:
    p = Velden()
    p.feed(html)
    return p.velden, p.actie


class Lid(HttpUser):
    abstract = True
    gebruikersnaam = ""

    def on_start(self) -> None:
        adres = next(_adressen)
        self.client.headers.update(
            {"X-Forwarded-Proto": "https", "X-Forwarded-For": f"10.0.{adres // 250}.{adres % 250}"}
        )
        self.log_in()
        # Everyone logs in first (57 password checks at once are a load of their own,
        # measured as "inloggen"); the scenario starts for all together when the runner
        # says so, so its figures are those of people at work.
        schrijf("ingelogd.jsonl", {"wie": self.gebruikersnaam})
        while not (UIT / "start").exists():
            time.sleep(0.25)
        if not GELIJKE_START:
            # People at work do not all press "Opslaan" in the same second: each starts at
            # a random moment within one think time. LOADTEST_GELIJKE_START=1 keeps the
            # burst of everyone at once (a queue of 100 requests on 2 cores: seconds).
            time.sleep(random.uniform(0, WACHT))

    def log_in(self) -> None:
        self.client.get("/accounts/login/", name="inloggen formulier")
        with self.client.post(
            "/accounts/login/",
            {
                "username": self.gebruikersnaam,
                "password": WACHTWOORD,
                "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""),
            },
            headers={"Referer": f"https://{self.host.split('://')[1]}/accounts/login/"},
            name="inloggen POST",
            allow_redirects=False,
            catch_response=True,
        ) as r:
            if r.status_code == 302:
                r.success()
            else:
                self.fout("inloggen POST", r.status_code, r.text)
                r.failure(f"status {r.status_code}")

    def einde(self) -> None:
        """At the end of the scenario no one starts a new round, so every request under way
        gets its answer (and its acknowledgement) before the runner stops Locust."""
        if (UIT / "stop").exists():
            schrijf("gestopt.jsonl", {"wie": self.gebruikersnaam})
            raise StopUser()

    def csrf(self) -> dict[str, str]:
        return {
            **HTMX,
            "X-CSRFToken": self.client.cookies.get("csrftoken", ""),
            "Referer": f"https://{self.host.split('://')[1]}/p/{SLUG}/",
        }

    def formulier_velden(self, url: str, naam: str) -> dict[str, str] | None:
        """The fields of the form htmx fetches from `url` (every one, hidden ones too), or
        None after logging why not."""
        with self.client.get(url, headers=HTMX, name=naam, catch_response=True) as r:
            if r.status_code != 200:
                self.fout(naam, r.status_code, r.text)
                r.failure(f"status {r.status_code}")
                return None
            return formulier(r.text)[0]

    def fout(self, soort: str, status: int, tekst: str = "") -> None:
        schrijf(
            "fouten.jsonl",
            {"t": time.time(), "soort": soort, "status": status, "tekst": tekst[:200]},
        )


# Think time between two rounds of one person, in seconds. A baateigenaar enters a meting
# every 5-15 s: 50 of them post about 5 metingen a second, far more than a programme sees.
WACHT = float(os.environ.get("LOADTEST_WACHT", "10"))
GELIJKE_START = os.environ.get("LOADTEST_GELIJKE_START") == "1"


class Baateigenaar(Lid):
    fixed_count = 50
    wait_time = between(WACHT / 2, WACHT * 1.5)

    def on_start(self) -> None:
        n = next(_eigenaren)
        self.gebruikersnaam = f"eigenaar{n:02d}"
        self.baat = n  # eigenaar NN owns baat NN (bench/loadtest.py seeds it so)
        super().on_start()

    @task
    def meting_invoeren(self) -> None:
        self.einde()
        url = f"/p/{SLUG}/baten/{self.baat}/meting/"
        velden = self.formulier_velden(url, "meting formulier")
        if velden is None:
            return
        marker = f"LT-{uuid.uuid4().hex}"
        prefix = f"b{self.baat}-"
        velden.update(
            {
                f"{prefix}datum_tekst": time.strftime("%d-%m-%Y"),
                # On the scale of every baat (5,0 to 8,0, or 5,0 to 3,0 for every fifth):
                # 5,0 to 6,9 never asks "Weet u het zeker?" (rule 0).
                f"{prefix}meting_tekst": f"{5 + int(marker[-4:], 16) % 20 / 10:.1f}".replace(
                    ".", ","
                ),
                f"{prefix}toelichting": f"Meting onder last [{marker}]",
                f"{prefix}meetmoment": "",
            }
        )
        with self.client.post(
            url, velden, headers=self.csrf(), name="meting POST", catch_response=True
        ) as r:
            if r.status_code == 200:
                schrijf("bevestigd.jsonl", {"soort": "meting", "marker": marker})
            else:
                self.fout("meting POST", r.status_code, r.text)
                r.failure(f"status {r.status_code}")


class Programmamanager(Lid):
    fixed_count = 2
    wait_time = between(WACHT / 2, WACHT)
    # Each manager edits a section of their own: edits of both must survive.
    SECTIES = ("details", "afhankelijkheden")

    def on_start(self) -> None:
        n = next(_pms)
        self.gebruikersnaam = f"pm{n}"
        self.sectie = self.SECTIES[(n - 1) % 2]
        super().on_start()

    @task
    def sectie_bewerken(self) -> None:
        self.einde()
        url = f"/p/{SLUG}/sectie/{self.sectie}/"
        velden = self.formulier_velden(url, "sectie formulier")
        if velden is None:
            return
        tekst = f"Toelichting van {self.gebruikersnaam} (versie LT-{uuid.uuid4().hex})"
        velden[f"toelichting_{self.sectie}"] = tekst
        schrijf("pogingen.jsonl", {"veld": f"toelichting_{self.sectie}", "tekst": tekst})
        with self.client.post(
            url, velden, headers=self.csrf(), name="sectie POST", catch_response=True
        ) as r:
            # Saved: htmx is told to put the section back in place. A refused save (someone
            # else changed it first) answers the form again; it is not acknowledged.
            if r.status_code == 200 and r.headers.get("HX-Retarget") == f"#sectie-{self.sectie}":
                schrijf(
                    "bevestigd.jsonl",
                    {"soort": "sectie", "veld": f"toelichting_{self.sectie}", "tekst": tekst},
                )
            elif r.status_code >= 500 or r.status_code == 0:
                self.fout("sectie POST", r.status_code, r.text)
                r.failure(f"status {r.status_code}")
            else:
                r.success()


class Sponsor(Lid):
    fixed_count = 5
    wait_time = between(WACHT / 2, WACHT * 1.5)

    def on_start(self) -> None:
        self.gebruikersnaam = f"sponsor{next(_sponsors)}"
        super().on_start()

    def lees(self, url: str, naam: str, **kwargs: Any) -> None:
        self.einde()
        with self.client.get(url, name=naam, catch_response=True, **kwargs) as r:
            if r.status_code != 200:
                self.fout(naam, r.status_code, r.text)
                r.failure(f"status {r.status_code}")

    @task(3)
    def dashboard(self) -> None:
        self.lees(f"/p/{SLUG}/dashboard/", "dashboard")

    @task(1)
    def plan(self) -> None:
        self.lees(f"/p/{SLUG}/", "plan")

    @task(2)
    def rapport(self) -> None:
        self.einde()
        url = f"/p/{SLUG}/rapport/"
        with self.client.post(
            url, {}, headers=self.csrf(), name="rapport aanvragen", catch_response=True
        ) as r:
            if r.status_code != 200:
                self.fout("rapport aanvragen", r.status_code, r.text)
                r.failure(f"status {r.status_code}")
                return
            html = r.text
        # Poll as the page does (every 2 s) a few times; the run is too short to wait for
        # every report, and waiting is not what is measured here.
        for _ in range(3):
            if 'hx-trigger="every 2s"' not in html:
                break
            time.sleep(2)
            with self.client.get(
                url, headers=HTMX, name="rapport status", catch_response=True
            ) as r:
                if r.status_code != 200:
                    self.fout("rapport status", r.status_code, r.text)
                    r.failure(f"status {r.status_code}")
                    return
                html = r.text
        if re.search(r"is klaar", html):
            self.lees(f"/p/{SLUG}/rapport.pdf", "rapport download")
