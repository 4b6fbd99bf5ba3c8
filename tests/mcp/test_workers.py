"""The worker pool's connection upkeep: no health-check round trip on a connection in steady use."""
import asyncio
from unittest import mock

import pytest
from django.db import connection, connections

from apps.core.workers import run_sync, shutdown

pytestmark = pytest.mark.django_db(transaction=True)  # the jobs run on other threads


@pytest.fixture(autouse=True)
def _pool_closed_after():
    """Leave no pool thread holding a connection into tests that may not touch the database."""
    yield
    shutdown()


def _query() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone()[0]


def _health_checked(*, calls: int) -> int:
    """Run `_query` `calls` times on the pool; return how many health checks ran."""

    async def run():
        for _ in range(calls):
            assert await run_sync(_query) == 1

    wrapper = type(connections["default"])  # every thread's connection is one of these
    with mock.patch.object(wrapper, "is_usable", autospec=True, side_effect=wrapper.is_usable) as checks:
        asyncio.run(run())
    return checks.call_count


@pytest.fixture
def health_checks_on():
    if not connections["default"].settings_dict.get("CONN_HEALTH_CHECKS"):
        pytest.skip("health checks are configured for PostgreSQL only (SQLite has nothing to ping)")


def test_a_connection_in_steady_use_is_not_pinged_before_every_call(health_checks_on, settings):
    settings.CIVICMIND_DB_IDLE_CHECK_SECONDS = 60
    _health_checked(calls=8)  # every worker connects (a new connection needs no check)
    assert _health_checked(calls=20) == 0


def test_an_idle_connection_is_checked_before_its_next_query(health_checks_on, settings):
    _health_checked(calls=8)
    settings.CIVICMIND_DB_IDLE_CHECK_SECONDS = 0  # every connection counts as idle
    assert _health_checked(calls=5) == 5


def test_a_connection_that_failed_is_replaced_not_reused(health_checks_on, settings):
    settings.CIVICMIND_DB_IDLE_CHECK_SECONDS = 60

    def break_connection():
        connection.ensure_connection()
        connection.connection.close()  # as if the server restarted under it
        try:
            _query()
        except Exception:
            return "failed"
        return "answered"

    async def run():
        assert await run_sync(break_connection) == "failed"
        # Every worker (whichever broke) answers afterwards: the broken one reconnected.
        assert [await run_sync(_query) for _ in range(12)] == [1] * 12

    asyncio.run(run())
