"""No error answer anywhere carries a stack trace, a file path or the exception's own text."""
import re

import httpx
import pytest
from rest_framework import serializers

from apps.mcp.registry import Registry
from apps.mcp.transport import McpEndpoint
from tests.accounts.helpers import rpc

TRACE_MARKERS = re.compile(r'Traceback \(most recent call last\)|File "[^"]+", line \d+|\.py", line \d+|'
                           r'secret internals|/site-packages/|/work/')


def test_no_error_from_the_real_server_carries_a_trace(server):
    mcp = server.mcp_url("parking")
    json_headers = {"Content-Type": "application/json"}
    responses = [
        httpx.get(mcp),                                                          # 405
        httpx.post(mcp, content=b"{not json", headers=json_headers),              # 400 parse error
        httpx.post(mcp, content=b"[]", headers=json_headers),                     # empty batch
        httpx.post(mcp, content=b"{}", headers={"Content-Type": "text/plain"}),   # 415
        httpx.post(mcp, json={}, headers={"Accept": "text/html"}),                # 406
        httpx.post(mcp, json={"jsonrpc": "2.0", "id": 1, "method": "tools/call",
                              "params": {"name": "x", "arguments": []}}),         # invalid params
        rpc(mcp, "no/such/method"),
        rpc(mcp, "tools/call", {"name": "no_such_tool"}),
        rpc(mcp, "resources/read", {"uri": "civicmind://parking/citations/NOPE"}),
        rpc(mcp, "tools/list", headers={"X-API-Key": "cmk_" + "1" * 43}),          # 401
        rpc(mcp, "tools/list", {"cursor": "garbage"}),
        httpx.post(mcp, json={"jsonrpc": "2.0", "id": 1, "method": "ping"},
                   headers={"MCP-Protocol-Version": "1999-01-01"}),
        httpx.post(f"{server.base()}/mcp/nowhere/", json={}),
        httpx.get(f"{server.base('parking')}/admin/"),                            # domain port: 404 JSON
        httpx.get(f"{server.base()}/admin/no/such/page/"),                        # admin port: to the login
        httpx.post(f"{server.base()}/admin/login/", data={"username": "x"}),      # CSRF 403
        httpx.get(f"{server.base()}/definitely-not-here"),
    ]
    statuses = [response.status_code for response in responses]
    assert statuses == [405, 400, 400, 415, 406, 200, 200, 200, 200, 401, 200, 400, 404, 404, 302, 403, 404]
    for response in responses:
        assert not TRACE_MARKERS.search(response.text), response.text[:2000]


class NoInput(serializers.Serializer):
    pass


async def test_a_crashing_tool_answers_without_its_exception():
    registry = Registry()

    @registry.tool(name="crash", title="Crash", input=NoInput, domain="parking")
    def crash(args, ctx):
        """Fail the way a bug fails."""
        raise RuntimeError("secret internals at /work/main/apps/parking/services.py")

    endpoint = McpEndpoint(registry=registry)

    async def app(scope, receive, send):
        await endpoint(dict(scope, **{"civicmind.domain": "parking", "civicmind.listener": "parking"}), receive, send)

    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://127.0.0.1:9300") as client:
        response = await client.post("/mcp", json={"jsonrpc": "2.0", "id": 1, "method": "tools/call",
                                                   "params": {"name": "crash", "arguments": {}}})
    error = response.json()["error"]
    assert error["code"] == -32603
    assert response.headers["x-request-id"] in error["message"]
    assert not TRACE_MARKERS.search(response.text)


@pytest.mark.django_db
def test_django_error_pages_carry_no_trace(client, settings):
    assert settings.DEBUG is False
    response = client.get("/admin/no/such/page/")
    assert response.status_code in (302, 404)
    assert not TRACE_MARKERS.search(response.content.decode())
