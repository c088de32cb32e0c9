"""Browser tests: Debian's Chromium driven by Playwright against Django's live server."""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from programmas.demo import REFERENTIE, load_demo
from tests.helpers import PASSWORD, op_dag

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results"

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# around it are plain synchronous calls that Django would otherwise refuse.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("CI"):
        # CI must run the browser tests; a skip there would hide a missing install step.
        raise pytest.UsageError(f"No Chromium at {CHROMIUM}; `make system` installs it.")
    skip = pytest.mark.skip(reason=f"no Chromium at {CHROMIUM}; `make system` installs it")
    for item in items:
        if "e2e" in str(item.path):
            item.add_marker(skip)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call):
    rapport = yield
    if rapport.when == "call" and rapport.failed:
        pagina = item.funcargs.get("page")
        if pagina is not None:
            SCREENSHOTS.mkdir(exist_ok=True)
            pagina.screenshot(path=str(SCREENSHOTS / f"{item.name}.png"), full_page=True)
    return rapport


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


class Meldingen:
    """What the browser complained about: console errors, CSP violations, dialogs."""

    def __init__(self) -> None:
        self.console: list[str] = []
        self.dialogen: list[str] = []

    def csp(self, page) -> list[str]:
        return page.evaluate("window.__cspSchendingen || []")


@pytest.fixture
def meldingen() -> Meldingen:
    return Meldingen()


@pytest.fixture
def page(browser, meldingen: Meldingen, live_server) -> Iterator[object]:
    context = browser.new_context(base_url=live_server.url, accept_downloads=True)
    pagina = context.new_page()
    pagina.on(
        "console",
        lambda m: meldingen.console.append(m.text) if m.type in ("error", "warning") else None,
    )
    pagina.on("pageerror", lambda e: meldingen.console.append(str(e)))

    def dialoog(d) -> None:
        meldingen.dialogen.append(d.message)
        d.dismiss()

    pagina.on("dialog", dialoog)
    # Injected by the browser itself, so the page's own CSP does not block it.
    pagina.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => {"
        " (window.__cspSchendingen = window.__cspSchendingen || [])"
        ".push(e.violatedDirective + ' ' + e.blockedURI); });"
    )
    yield pagina
    context.close()


@pytest.fixture
def demo_live(transactional_db) -> Iterator[None]:
    # time-machine moves the clock of the whole process, so the live server's thread
    # serves the pages as on the demo's reference day too.
    with op_dag(REFERENTIE):
        load_demo(PASSWORD)
        yield


@pytest.fixture
def inloggen(page, demo_live):
    def inlog(username: str) -> None:
        page.goto("/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_url("**/")

    return inlog


@pytest.fixture
def buitenstaander(demo_live):
    return get_user_model().objects.create_user("buitenstaander", password=PASSWORD)
