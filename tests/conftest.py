"""Shared fixtures: a real `serve` process per test session, reaching the test database.

Tests that talk to the server use `server` (which implies `transactional_db`): data
they write is committed, so the server process sees it; the table flush after each test
keeps tests independent.

Every test (and every server it starts) runs on one frozen "today" (tests/helpers/today.py);
`redis_url` is the one way to find Redis; with `CIVICMIND_TESTS_NO_SKIPS` set, an undeclared
skip fails the run (tests/helpers/skips.py).
"""
import pytest
from django.db import connection

from tests.helpers.redis import redis_url_required
from tests.helpers.skips import (  # noqa: F401 (hooks, found by name)
    pytest_collectreport,
    pytest_runtest_logreport,
    pytest_sessionfinish,
    pytest_terminal_summary,
)
from tests.helpers.today import today_freeze
from tests.faults import PrivateRedis
from tests.servers import start_serve

today_freeze()


@pytest.fixture(scope="session", autouse=True)
def _close_connections_before_teardown(django_db_setup, django_db_blocker):
    """Close every other connection to the test database before it is dropped.

    The worker pool's threads and threads that tests start (asyncio.to_thread) each hold a
    connection; PostgreSQL refuses to drop a database that is still in use.
    """
    yield
    from apps.core.workers import shutdown

    shutdown()
    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )


@pytest.fixture(scope="session")
def civic_server(django_db_setup, django_db_blocker, tmp_path_factory):
    """One `manage.py serve` (all nine listeners) for the whole session."""
    with django_db_blocker.unblock():
        settings_dict = dict(connection.settings_dict)
    server = start_serve(settings_dict, tmp_path_factory.mktemp("serve"))
    yield server
    server.stop()


@pytest.fixture
def server(civic_server, transactional_db):
    """The session's server, with this test's data committed where it can see it."""
    return civic_server


@pytest.fixture
def demo_city(transactional_db, django_db_blocker):
    """Load the demo city (`loaddata demo`) into the test database."""
    from django.core.management import call_command

    call_command("loaddata", "demo", verbosity=0)


@pytest.fixture(scope="session")
def redis_url() -> str:
    """The Redis a test may use (REDIS_URL): skips when unset, fails when set but silent."""
    return redis_url_required()


@pytest.fixture
def db_settings(django_db_setup, django_db_blocker):
    """The test database's connection settings, for servers and fault helpers started by a test."""
    with django_db_blocker.unblock():
        return dict(connection.settings_dict)


@pytest.fixture
def private_redis(tmp_path):
    """A Redis of the test's own on a private port (tests/faults.py), to stop and start at will."""
    server = PrivateRedis(tmp_path)
    server.start()
    yield server
    server.stop()
