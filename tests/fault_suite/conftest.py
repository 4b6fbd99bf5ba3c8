"""Fixtures of the fault suite: the figure book and the private servers the tests break.

Every test here is marked `faults` (`pytest -m faults` runs the suite alone). Tests that
need PostgreSQL or Redis use private servers (tests/faults.py) on free ports, never the
shared 5432 / 6379 ones; where a private server cannot run they skip and say why.
"""
import pytest

from tests.fault_suite.figures import FigureBook

_BOOK_KEY = pytest.StashKey[FigureBook]()


# Fault tests that live beside the code they prove; `-m faults` from the top runs them too.
FAULT_TESTS_ELSEWHERE = (
    "tests/platform/test_supervisor.py",  # kill -9 of a worker / of serve, SIGTERM drains
    "tests/platform/test_health_database.py",  # PostgreSQL stopped or frozen: one retryable answer
    "tests/events/test_slow_consumer.py",  # a stalled WebSocket reader
    "tests/accounts/test_ratelimit_recovery.py",  # rate limits while Redis is away
    "tests/parking/test_payment_intents.py::test_through_a_real_listener",  # connection killed after a charge
)


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.nodeid.startswith("tests/fault_suite/") or item.nodeid.startswith(FAULT_TESTS_ELSEWHERE):
            item.add_marker(pytest.mark.faults)


@pytest.fixture(scope="session")
def figures(request) -> FigureBook:
    """The session's figure book: `figures.record("fault")` returns an entry to fill in."""
    book = request.config.stash.setdefault(_BOOK_KEY, FigureBook())
    return book


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    book = config.stash.get(_BOOK_KEY, None)
    if book is None or not book.entries:
        return
    terminalreporter.section("fault suite figures")
    for line in book.lines():
        terminalreporter.write_line(line)


