"""may_call for every access level, key scope and setting; tools/list and tools/call follow it."""
import asyncio

import httpx
import pytest

from apps.accounts.principals import Principal
from apps.mcp.access import ANONYMOUS, may_call
from apps.mcp.registry import Access
from apps.mcp.transport import McpEndpoint

LEVELS = (Access.PUBLIC, Access.RESIDENT, Access.STAFF)


def key(level: Access, domains=()) -> Principal:
    return Principal(name="k", key_id=1, domains=frozenset(domains), level=level, prefix="cmk_12345678")


def callable_tools(registry, principal) -> list[str]:
    return [f"{t.domain}.{t.name}" for t in registry.tools.values() if may_call(principal, t)]


def test_anonymous_reaches_public_and_resident_tools_by_default(levels_registry):
    assert callable_tools(levels_registry, ANONYMOUS) == ["parking.look_up", "parking.file_report"]


def test_anonymous_reaches_public_tools_only_when_so_configured(levels_registry, settings):
    settings.CIVICMIND_ANONYMOUS_ACCESS = "public"
    assert callable_tools(levels_registry, ANONYMOUS) == ["parking.look_up"]


def test_anonymous_reaches_nothing_when_keys_are_required(levels_registry, settings):
    settings.CIVICMIND_REQUIRE_API_KEY = True
    assert callable_tools(levels_registry, ANONYMOUS) == []


@pytest.mark.parametrize("level, domains, required, expected", [
    # keys add to what anonymous callers get by default
    (Access.PUBLIC, (), False, ["parking.look_up", "parking.file_report"]),
    (Access.RESIDENT, (), False, ["parking.look_up", "parking.file_report"]),
    (Access.STAFF, (), False, ["parking.look_up", "parking.file_report", "parking.issue", "permits.decide"]),
    (Access.STAFF, ("parking",), False, ["parking.look_up", "parking.file_report", "parking.issue"]),
    (Access.STAFF, ("permits",), False, ["parking.look_up", "parking.file_report", "permits.decide"]),
    # with keys required, a key reaches its own level in its own domains only
    (Access.PUBLIC, (), True, ["parking.look_up"]),
    (Access.RESIDENT, (), True, ["parking.look_up", "parking.file_report"]),
    (Access.STAFF, (), True, ["parking.look_up", "parking.file_report", "parking.issue", "permits.decide"]),
    (Access.STAFF, ("permits",), True, ["permits.decide"]),
    (Access.RESIDENT, ("permits",), True, []),
])
def test_keys_reach_their_level_in_their_domains(levels_registry, settings, level, domains, required, expected):
    settings.CIVICMIND_REQUIRE_API_KEY = required
    assert callable_tools(levels_registry, key(level, domains)) == expected


# --- through the endpoint (in process) -----------------------------------------------------
def endpoint_client(registry, domain: str) -> httpx.AsyncClient:
    endpoint = McpEndpoint(registry=registry)

    async def app(scope, receive, send):
        await endpoint(dict(scope, **{"civicmind.domain": domain, "civicmind.listener": domain}), receive, send)

    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://127.0.0.1:9300")


async def rpc(client, method, params=None, headers=None):
    response = await client.post("/mcp", json={"jsonrpc": "2.0", "id": 1, "method": method, "params": params or {}},
                                 headers=headers or {})
    return response.status_code, response.json()


@pytest.mark.django_db(transaction=True)
async def test_tools_list_shows_only_callable_tools(levels_registry, make_key, lookups):
    staff = await asyncio.to_thread(make_key, domains=["parking"], level="staff")
    async with endpoint_client(levels_registry, "parking") as client:
        _, anonymous = await rpc(client, "tools/list")
        _, keyed = await rpc(client, "tools/list", headers={"x-api-key": staff.raw_key})
    assert [t["name"] for t in anonymous["result"]["tools"]] == ["look_up", "file_report"]
    assert [t["name"] for t in keyed["result"]["tools"]] == ["look_up", "file_report", "issue"]
    async with endpoint_client(levels_registry, "all") as client:
        _, everything = await rpc(client, "tools/list", headers={"authorization": f"Bearer {staff.raw_key}"})
    assert [t["name"] for t in everything["result"]["tools"]] == [
        "parking_look_up", "parking_file_report", "parking_issue"]


@pytest.mark.django_db(transaction=True)
async def test_a_staff_tool_tells_callers_below_its_level_which_key_it_needs(levels_registry, make_key, lookups):
    resident = await asyncio.to_thread(make_key, level="resident")
    elsewhere = await asyncio.to_thread(make_key, domains=["permits"], level="staff")
    staff = await asyncio.to_thread(make_key, domains=["parking"], level="staff")
    async with endpoint_client(levels_registry, "parking") as client:
        status, body = await rpc(client, "tools/call", {"name": "issue", "arguments": {}})
        assert (status, body["error"]["code"]) == (200, -32003)
        assert body["error"]["message"] == (
            "issue is a staff tool: it needs an API key with the staff level for parking. Send it as "
            "X-API-Key: <key> or Authorization: Bearer <key> (city staff create keys).")
        for key in (resident, elsewhere):
            status, body = await rpc(client, "tools/call", {"name": "issue", "arguments": {}},
                                     {"x-api-key": key.raw_key})
            assert status == 200
            assert body["error"] == {
                "code": -32003,
                "message": f"issue is a staff tool: it needs an API key with the staff level for parking; "
                           f"the key {key.api_key.prefix}… does not have it. Ask city staff for one that does.",
                "data": {"tool": "issue", "level": "staff", "domains": ["parking"]}}
            assert "result" not in body
        status, body = await rpc(client, "tools/call", {"name": "issu", "arguments": {}})
        assert body["error"]["message"] == "Unknown tool: issu. Tools here: look_up, file_report."
        status, body = await rpc(client, "tools/call", {"name": "issue", "arguments": {}},
                                 {"x-api-key": staff.raw_key})
    assert status == 200
    assert body["result"]["content"][0]["text"] == "issued"
    assert body["result"]["isError"] is False


@pytest.mark.django_db(transaction=True)
async def test_a_bad_key_is_refused_even_for_public_tools(levels_registry, lookups):
    async with endpoint_client(levels_registry, "parking") as client:
        response = await client.post("/mcp", json={"jsonrpc": "2.0", "id": 1, "method": "tools/call",
                                                   "params": {"name": "look_up", "arguments": {}}},
                                     headers={"x-api-key": "cmk_" + "x" * 43})
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == 'Bearer realm="civicmind"'
    assert response.headers["x-request-id"]
    assert response.json() == {"jsonrpc": "2.0", "id": None, "error": {
        "code": -32001,
        "message": "Unauthorized: the API key is not valid. Check it, or ask city staff for a new one."}}
