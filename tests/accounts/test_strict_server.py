"""A real server with CIVICMIND_REQUIRE_API_KEY=true, no key cache and small rate limits.

Address limits apply to every client but 127.0.0.1; each test that counts by address
connects from its own 127.0.0.x address, so counts never mix between tests.
"""
import datetime
import math
import time

import httpx
import pytest
from django.utils import timezone

from apps.accounts.models import ApiKey, AuditEntry
from apps.accounts.services import api_key_revoke
from tests.accounts.conftest import STRICT_PER_ADDRESS, STRICT_PER_KEY, STRICT_WINDOW_SECONDS
from tests.accounts.helpers import rpc, wait_for

REQUIRED = ("Unauthorized: this server requires an API key. Send it as X-API-Key: <key> or "
            "Authorization: Bearer <key>.")


def client_from(address: str) -> httpx.Client:
    return httpx.Client(transport=httpx.HTTPTransport(local_address=address), timeout=10)


def expected_retry_after() -> int:
    now = time.time()
    return math.ceil((int(now // STRICT_WINDOW_SECONDS) + 1) * STRICT_WINDOW_SECONDS - now)


@pytest.mark.parametrize("method", ["initialize", "tools/list", "ping"])
def test_every_call_needs_a_key(strict_server, method):
    response = rpc(strict_server.mcp_url("noise"), method, {"protocolVersion": "2025-06-18"})
    assert response.status_code == 401
    assert response.json() == {"jsonrpc": "2.0", "id": None, "error": {"code": -32001, "message": REQUIRED}}


def test_the_all_domains_endpoint_needs_a_key_too(strict_server, make_key):
    assert rpc(strict_server.mcp_url(), "tools/list").status_code == 401
    key = make_key(level="public")
    response = rpc(strict_server.mcp_url(), "tools/list", headers={"X-API-Key": key.raw_key})
    assert response.status_code == 200


def test_key_lifecycle_create_use_expire_revoke(strict_server, make_key):
    url = strict_server.mcp_url("parking")
    key = make_key(name="Lifecycle", level="resident", expires_in=datetime.timedelta(days=1))
    headers = {"X-API-Key": key.raw_key}
    assert rpc(url, "ping", headers=headers).json() == {"jsonrpc": "2.0", "id": 1, "result": {}}
    assert wait_for(lambda: ApiKey.objects.get(pk=key.api_key.pk).last_used_at)
    # Expired: refused on the next request (no cache on this server).
    ApiKey.objects.filter(pk=key.api_key.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert "has expired" in rpc(url, "ping", headers=headers).json()["error"]["message"]
    ApiKey.objects.filter(pk=key.api_key.pk).update(expires_at=timezone.now() + datetime.timedelta(days=1))
    assert rpc(url, "ping", headers=headers).status_code == 200
    # Revoked: refused from then on.
    api_key_revoke(api_key=ApiKey.objects.get(pk=key.api_key.pk))
    refused = rpc(url, "ping", headers=headers)
    assert refused.status_code == 401
    assert "has been revoked" in refused.json()["error"]["message"]


def test_the_address_limit_answers_429_with_retry_after(strict_server, make_key):
    key = make_key(level="public")
    with client_from("127.0.0.3") as client:
        statuses = [rpc(strict_server.mcp_url("zoning"), "ping", headers={"X-API-Key": key.raw_key},
                        client=client).status_code for _ in range(STRICT_PER_ADDRESS)]
        refused = rpc(strict_server.mcp_url("zoning"), "ping", headers={"X-API-Key": key.raw_key}, client=client)
    assert statuses == [200] * STRICT_PER_ADDRESS
    assert refused.status_code == 429
    retry_after = int(refused.headers["retry-after"])
    assert abs(retry_after - expected_retry_after()) <= 2
    assert refused.json() == {"jsonrpc": "2.0", "id": None, "error": {"code": -32029, "message": (
        f"Too many requests: the limit is {STRICT_PER_ADDRESS} requests per {STRICT_WINDOW_SECONDS} seconds for "
        f"this client address. Retry after {retry_after} seconds.")}}
    # Another address is not affected.
    other = make_key(level="public")
    assert rpc(strict_server.mcp_url("zoning"), "ping", headers={"X-API-Key": other.raw_key}).status_code == 200


def test_the_key_limit_holds_on_every_listener(strict_server, make_key):
    key = make_key(level="public")
    headers = {"Authorization": f"Bearer {key.raw_key}"}
    statuses = [rpc(strict_server.mcp_url(domain), "ping", headers=headers).status_code
                for domain in ("parking", "permits", None, "safety", "utilities")]
    assert statuses == [200] * STRICT_PER_KEY + [429]
    refused = rpc(strict_server.mcp_url("noise"), "ping", headers=headers)
    assert refused.status_code == 429
    assert "for this API key" in refused.json()["error"]["message"]


def test_guessing_keys_ends_in_429(strict_server):
    with client_from("127.0.0.4") as client:
        statuses = [rpc(strict_server.mcp_url("noise"), "ping", headers={"X-API-Key": f"guess-{n}"},
                        client=client).status_code for n in range(STRICT_PER_ADDRESS + 2)]
    assert statuses == [401] * STRICT_PER_ADDRESS + [429, 429]


@pytest.mark.redis
def test_limits_are_shared_through_redis_between_processes(strict_server, make_key, rate_limit_prefix, redis_url):
    """Counts another process left in Redis refuse this process's requests."""
    import redis

    key = make_key(level="public")
    window_index = int(time.time() // STRICT_WINDOW_SECONDS)
    client = redis.Redis.from_url(redis_url)
    try:
        bucket = f"{rate_limit_prefix}:addr:127.0.0.5:{window_index}"
        client.set(bucket, STRICT_PER_ADDRESS, px=60_000)
        with client_from("127.0.0.5") as http:
            refused = rpc(strict_server.mcp_url("noise"), "ping", headers={"X-API-Key": key.raw_key}, client=http)
        assert refused.status_code == 429
        assert int(client.get(bucket)) == STRICT_PER_ADDRESS + 1
    finally:
        client.close()


def test_audit_rows_are_written_by_the_servers_background_writer(strict_server, make_key):
    key = make_key(level="public")
    from apps.mcp.registry import Access, registry

    tool = next(t for t in registry.tools.values() if t.access == Access.PUBLIC)
    response = rpc(strict_server.mcp_url(tool.domain), "tools/call",
                   {"name": tool.name, "arguments": {"__probe__": 1, "_user_context": {"token": "t"}}},
                   headers={"X-API-Key": key.raw_key})
    request_id = response.headers["x-request-id"]
    entry = wait_for(lambda: AuditEntry.objects.filter(request_id=request_id).first(), timeout=5)
    assert entry is not None
    assert (entry.tool, entry.key_id, entry.user_context, entry.outcome) == (
        tool.name, key.api_key.pk, {"token": "[redacted]"}, "error")


async def test_events_need_a_key_when_keys_are_required(strict_server, make_key):
    import asyncio

    import websockets
    from websockets.exceptions import InvalidStatus

    key = await asyncio.to_thread(make_key, level="public")
    url = strict_server.events_url("noise")
    for refused_url, headers in ((url, {}), (url, {"X-API-Key": "cmk_" + "q" * 43})):
        with pytest.raises(InvalidStatus) as raised:
            async with websockets.connect(refused_url, additional_headers=headers):
                pass
        assert raised.value.response.status_code == 403
    async with websockets.connect(url, additional_headers={"X-API-Key": key.raw_key}) as socket:
        assert socket.protocol.state.name == "OPEN"
    async with websockets.connect(f"{url}?api_key={key.raw_key}") as socket:
        assert socket.protocol.state.name == "OPEN"
