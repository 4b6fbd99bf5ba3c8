import pytest
from channels.layers import channel_layers
from django.db import connection


@pytest.fixture(autouse=True)
def _short_lived_worker_connections(monkeypatch):
    """Worker threads (apps.mcp.workers) close their connections after each job here.

    In the server they are kept for reuse; in the test process a kept connection would
    stop PostgreSQL from dropping the test database at the end of the session.
    """
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 0)


@pytest.fixture(autouse=True)
def _fresh_channel_layer(monkeypatch):
    """A channel layer per test: channels-redis binds its locks to the first event loop."""
    monkeypatch.setattr(channel_layers, "backends", {})
