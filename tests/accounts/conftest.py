"""Fixtures of the access tests: users, keys, a tool at each level, and a strict server.

`strict_server` is a second real server (one module's worth of tests) with every call
needing a key, no key cache, and small rate limits by address for everything but
127.0.0.1: tests that exercise address limits connect from their own 127.0.0.x source
address, so their counts never mix.
"""
import datetime
import uuid

import pytest
from django.db import connection
from django.utils import timezone
from rest_framework import serializers

from apps.accounts.audit import audit_writer
from apps.accounts.key_cache import key_cache
from apps.accounts.ratelimit import local_counter
from apps.accounts.services import api_key_create
from apps.mcp.registry import Access, Registry, ToolResult
from tests.servers import start_serve

STRICT_WINDOW_SECONDS = 1_000_000  # window edges ~12 days apart: a test never straddles one
STRICT_PER_ADDRESS = 3
STRICT_PER_KEY = 4


class NoInput(serializers.Serializer):
    pass


class NoteInput(serializers.Serializer):
    note = serializers.CharField(max_length=200, help_text="A note.")


def build_levels_registry() -> Registry:
    """One tool per access level in parking, and a staff tool in permits."""
    registry = Registry()

    @registry.tool(name="look_up", title="Look up", input=NoInput, access=Access.PUBLIC, domain="parking")
    def look_up(args, ctx):
        """A public look-up."""
        return ToolResult(text="looked up")

    @registry.tool(name="file_report", title="File", input=NoteInput, access=Access.RESIDENT, domain="parking")
    def file_report(args, ctx):
        """A resident's filing."""
        return ToolResult(text=f"filed {args['note']}")

    @registry.tool(name="issue", title="Issue", input=NoInput, access=Access.STAFF, domain="parking")
    def issue(args, ctx):
        """A staff action."""
        return ToolResult(text="issued")

    @registry.tool(name="decide", title="Decide", input=NoInput, access=Access.STAFF, domain="permits")
    def decide(args, ctx):
        """A staff action elsewhere."""
        return ToolResult(text="decided")

    return registry


@pytest.fixture
def levels_registry() -> Registry:
    return build_levels_registry()


@pytest.fixture(autouse=True)
def clean_process_state():
    """Keys cached, counts and buffered audit rows never cross tests."""
    key_cache.clear()
    local_counter.clear()
    audit_writer.discard()
    yield
    key_cache.clear()
    local_counter.clear()
    audit_writer.discard()


@pytest.fixture
def owner(django_user_model):
    return django_user_model.objects.create_user(username=f"staff-{uuid.uuid4().hex[:6]}", password="x" * 20)


@pytest.fixture
def make_key(owner):
    """Create a key: make_key(domains=[...], level="staff", expires_in=timedelta) -> IssuedKey."""

    def make(*, name: str = "test key", domains=(), level="resident", expires_in: datetime.timedelta | None = None):
        expires_at = timezone.now() + expires_in if expires_in is not None else None
        return api_key_create(name=name, owner=owner, domains=domains, access_level=level, expires_at=expires_at)

    return make


@pytest.fixture(scope="session")
def rate_limit_prefix():
    """A Redis key prefix of this run only (cleaned up at the end when Redis is used)."""
    prefix = f"civicmind-test:{uuid.uuid4().hex[:8]}"
    yield prefix
    from django.conf import settings

    if settings.REDIS_URL:
        import redis

        client = redis.Redis.from_url(settings.REDIS_URL)
        keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
        if keys:
            client.delete(*keys)
        client.close()


@pytest.fixture(scope="session")
def strict_server_process(django_db_setup, django_db_blocker, tmp_path_factory, rate_limit_prefix):
    with django_db_blocker.unblock():
        settings_dict = dict(connection.settings_dict)
    server = start_serve(
        settings_dict, tmp_path_factory.mktemp("strict"),
        CIVICMIND_REQUIRE_API_KEY="true",
        CIVICMIND_API_KEY_CACHE_SECONDS="0",
        CIVICMIND_RATE_LIMIT_WINDOW_SECONDS=str(STRICT_WINDOW_SECONDS),
        CIVICMIND_RATE_LIMIT_PER_ADDRESS=str(STRICT_PER_ADDRESS),
        CIVICMIND_RATE_LIMIT_PER_KEY=str(STRICT_PER_KEY),
        CIVICMIND_RATE_LIMIT_EXEMPT="127.0.0.1/32",
        CIVICMIND_RATE_LIMIT_PREFIX=rate_limit_prefix,
        CIVICMIND_AUDIT_FLUSH_MS="100",
    )
    yield server
    server.stop()


@pytest.fixture
def strict_server(strict_server_process, transactional_db):
    return strict_server_process


@pytest.fixture
def lookups(monkeypatch):
    """Count key look-ups, run on a thread that closes its connection (no pool thread keeps one)."""
    import asyncio

    from django.db import connections

    import apps.accounts.key_cache as key_cache_module

    calls = []

    async def run_sync(func, *args, **kwargs):
        calls.append(kwargs.get("digest"))

        def job():
            try:
                return func(*args, **kwargs)
            finally:
                connections.close_all()

        return await asyncio.to_thread(job)

    monkeypatch.setattr(key_cache_module, "run_sync", run_sync)
    return calls


def make_call(*, domain: str = "parking", address: str | None = "203.0.113.7", principal=None):
    from apps.mcp.access import ANONYMOUS
    from apps.mcp.call import Call

    return Call(domain=domain, listener=domain, version="2025-06-18", client_address=address,
                request_id=f"test-{uuid.uuid4().hex[:8]}", principal=principal or ANONYMOUS)
