"""Shared fixtures: a real `serve` process per test session, reaching the test database.

Tests that talk to the server use `server` (which implies `transactional_db`): data
they write is committed, so the server process sees it; the table flush after each test
keeps tests independent.
"""
import pytest
from django.db import connection

from tests.servers import start_serve


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
