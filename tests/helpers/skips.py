"""A run that must run everything fails when it skipped anything not declared optional.

CI's PostgreSQL + Redis run has every service the suite can use, so a skip there hides a
regression (a missing middleware, a broken multiprocess set-up, a browser that did not
install). `.ci/run` sets `CIVICMIND_TESTS_NO_SKIPS=1` for that run; a skip is then allowed
only for a test marked with one of `OPTIONAL_MARKERS`. Without the variable (the SQLite
run, a developer's laptop) skips are reported as usual (`-rs` prints their reasons).
"""
import os

import pytest

NO_SKIPS_ENV = "CIVICMIND_TESTS_NO_SKIPS"
OPTIONAL_MARKERS = {
    "sqlite_only": "means something only on SQLite",
    "nginx": "needs an nginx binary, which CI installs when it can",
}

_unexpected: list[tuple[str, str]] = []


def no_skips_wanted() -> bool:
    return os.environ.get(NO_SKIPS_ENV, "") not in ("", "0")


def skip_is_declared(keywords) -> bool:
    """Whether a skipped test carries a marker that declares its skip acceptable."""
    return any(marker in keywords for marker in OPTIONAL_MARKERS)


def _skip_reason(report) -> str:
    longrepr = report.longrepr
    reason = str(longrepr[2]) if isinstance(longrepr, tuple) and len(longrepr) == 3 else str(longrepr)
    return reason.removeprefix("Skipped: ")


def pytest_runtest_logreport(report):
    if report.skipped and not hasattr(report, "wasxfail") and not skip_is_declared(report.keywords):
        _unexpected.append((report.nodeid, _skip_reason(report)))


def pytest_collectreport(report):
    if report.skipped and not skip_is_declared(report.keywords):
        _unexpected.append((report.nodeid, _skip_reason(report)))


def pytest_sessionfinish(session, exitstatus):
    if no_skips_wanted() and _unexpected and session.exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if not (no_skips_wanted() and _unexpected):
        return
    terminalreporter.section(f"skips not allowed ({NO_SKIPS_ENV} is set)", red=True)
    for nodeid, reason in _unexpected:
        terminalreporter.line(f"{nodeid}: {reason}")
    allowed = ", ".join(f"{name} ({why})" for name, why in OPTIONAL_MARKERS.items())
    terminalreporter.line(f"{len(_unexpected)} skipped test(s) fail this run; only tests marked {allowed} may skip.")
