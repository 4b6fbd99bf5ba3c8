import pytest
from channels.layers import channel_layers
from django.db import connection


@pytest.fixture(autouse=True)
def _short_lived_worker_connections(monkeypatch):
    """Worker threads (apps.core.workers) close their connections after each job here.

    In the server they are kept for reuse; in the test process a kept connection would
    stop PostgreSQL from dropping the test database at the end of the session.
    """
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 0)


@pytest.fixture(autouse=True)
def _fresh_channel_layer(monkeypatch):
    """A channel layer per test: channels-redis binds its locks to the first event loop."""
    monkeypatch.setattr(channel_layers, "backends", {})


@pytest.fixture
def issue_key(transactional_db, django_user_model):
    """Issue API keys: `await issue_key(domains=[...], level="staff")` -> the raw key.

    Committed (transactional_db), so a server process sees it at once.
    """
    import uuid

    from apps.accounts.services import api_key_create
    from tests.events.streams import db_read

    owner = django_user_model.objects.create_user(username=f"events-{uuid.uuid4().hex[:6]}", password="x" * 20)

    async def issue(*, domains=(), level="staff", name="events test key") -> str:
        return await db_read(lambda: api_key_create(name=name, owner=owner, domains=domains,
                                                    access_level=level).raw_key)

    return issue
