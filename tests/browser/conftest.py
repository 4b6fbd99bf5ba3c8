"""A real Chromium, driven by Playwright, against the session's real `serve` (daphne).

Playwright's own browser download cannot work here (no network), so the system's chromium
is launched through `executable_path`. Tests skip, saying why, only when no chromium is
found; a chromium that fails to start is an error.

Playwright's sync API keeps an asyncio loop "running" on the main thread while the
browser is open, where Django refuses database calls (SynchronousOnlyOperation). So the
main thread never touches the database: the suite's data goes through `orm()`, on a
short-lived thread, committed so the server sees it. For the same reason (and because
on SQLite its BEGIN IMMEDIATE would hold the write lock the server needs), the tests
here get no pytest-django transaction: `db` below replaces it.
"""
import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.servers import BASE_DIR

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# What works with a closed network and no GPU or user namespaces (CI containers).
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium_executable() -> str | None:
    """Return CIVICMIND_CHROMIUM, else the first chromium on PATH (or in /usr/bin)."""
    configured = os.environ.get("CIVICMIND_CHROMIUM")
    if configured:
        return configured
    for name in CHROMIUM_NAMES:
        found = shutil.which(name) or shutil.which(name, path="/usr/bin")
        if found:
            return found
    return None


def screenshot_dir() -> Path:
    """CIVICMIND_SCREENSHOTS, else var/screenshots in the project."""
    path = Path(os.environ.get("CIVICMIND_SCREENSHOTS") or BASE_DIR / "var" / "screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = chromium_executable()
    if path is None:
        pytest.skip("No chromium found (apt-get install -y chromium, or set CIVICMIND_CHROMIUM): "
                    "the real-browser admin suite did not run.")
    return path


@pytest.fixture(scope="session")
def orm(django_db_blocker):
    """Run `fn(*args)` with database access on a worker thread; return its result."""
    from django.db import connections

    def run(fn, *args, **kwargs):
        def work():
            try:
                return fn(*args, **kwargs)
            finally:
                connections.close_all()

        with django_db_blocker.unblock(), ThreadPoolExecutor(1) as pool:
            return pool.submit(work).result()

    return run


@pytest.fixture
def db(orm):
    """Database access for a browser test: through `orm`, committed, never a test transaction.

    Asking for `db` is also what makes pytest-django create the test database when this
    suite runs alone; the suite's data is flushed by the module that loads it.
    """
    return orm


@pytest.fixture(scope="module")
def browser(chromium_path):
    """One Chromium for the suite's module (the suite is one module: one per session).

    Closed with the module, not the session: while Playwright runs, its loop counts as
    "running" on the main thread and every later test's database access would be refused.
    """
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
    finally:
        playwright.stop()


@dataclass
class Watch:
    """What went wrong in the browser since the last `take()`: 5xx answers, console errors."""

    problems: list = field(default_factory=list)

    def attach(self, page) -> None:
        page.on("console", lambda message: message.type == "error" and self.problems.append(
            f"console error on {page.url}: {message.text}"))
        page.on("pageerror", lambda error: self.problems.append(f"script error on {page.url}: {error}"))
        page.on("response", lambda response: response.status >= 500 and self.problems.append(
            f"{response.status} from {response.request.method} {response.url}"))

    def take(self) -> list:
        taken, self.problems = self.problems, []
        return taken
