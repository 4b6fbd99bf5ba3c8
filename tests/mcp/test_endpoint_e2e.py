"""The real server (`manage.py serve`, daphne, free ports) driven by real clients.

The official SDK in all three ways, the seed's plain aiohttp client, and raw HTTP for every
status and error code. Protocol-only tests use the session server directly (no table
flush); tests that read domain data use `server`.
"""
import json

import aiohttp
import httpx
import mcp_types as types
import pytest
from django.conf import settings
from mcp import Client, ClientSession
from mcp.client.streamable_http import streamable_http_client
from mcp.shared.exceptions import MCPError

from apps.mcp.access import ANONYMOUS, may_call
from apps.mcp.registry import registry
from civicmind.domains import DOMAINS

META = {"io.modelcontextprotocol/protocolVersion": "2026-07-28",
        "io.modelcontextprotocol/clientCapabilities": {}}
MODERN_HEADERS = {"MCP-Protocol-Version": "2026-07-28"}


def names(domain: str) -> list[str]:
    """The tool names an anonymous caller is shown (the security policy decides which)."""
    return [name for name, tool in registry.tools_for(domain) if may_call(ANONYMOUS, tool)]


# --- the official SDK --------------------------------------------------------------------------
@pytest.mark.parametrize("domain", DOMAINS)
async def test_sdk_auto_mode_speaks_2026_on_every_port(civic_server, domain):
    async with Client(civic_server.mcp_url(domain), mode="auto") as client:
        assert client.protocol_version == "2026-07-28"
        assert client.server_info.name == f"civicmind-{domain}"
        listed = await client.list_tools()
        assert [tool.name for tool in listed.tools] == names(domain)[:50]


@pytest.mark.parametrize("domain", DOMAINS)
async def test_sdk_legacy_mode_on_every_port(civic_server, domain):
    async with Client(civic_server.mcp_url(domain), mode="legacy") as client:
        assert client.protocol_version == "2025-11-25"
        listed = await client.list_tools()
        assert [tool.name for tool in listed.tools] == names(domain)[:50]
        with pytest.raises(MCPError) as unknown:
            await client.call_tool("invalid_tool", {})
        assert unknown.value.error.code == -32602


async def test_sdk_low_level_session_on_the_all_domains_endpoint(civic_server):
    async with streamable_http_client(civic_server.mcp_url()) as (read, write):
        async with ClientSession(read, write) as session:
            initialized = await session.initialize()
            assert initialized.protocol_version == "2025-11-25"
            assert initialized.server_info.name == "civicmind-all"
            listed, cursor = [], None
            while True:
                page = await session.list_tools(params=types.PaginatedRequestParams(cursor=cursor))
                listed += [tool.name for tool in page.tools]
                cursor = page.next_cursor
                if cursor is None:
                    break
            assert listed == names("all")
            assert all(name.split("_", 1)[0] in (*DOMAINS, "business") for name in listed)  # the declaring app
            resources = await session.list_resources()
            assert [r.uri for r in resources.resources] == [r.uri for r in registry.resources_for("all")][:50]
            prompts = await session.list_prompts()
            assert [p.name for p in prompts.prompts] == [n for n, _ in registry.prompts_for("all")][:50]


async def test_all_domains_by_path_on_the_admin_port(civic_server):
    async with Client(f"{civic_server.base()}/mcp/parking/", mode="auto") as client:
        assert client.server_info.name == "civicmind-parking"
        assert [tool.name for tool in (await client.list_tools()).tools] == names("parking")[:50]


@pytest.mark.parametrize("mode", ["auto", "legacy"])
async def test_sdk_calls_check_violations(server, mode):
    async with Client(server.mcp_url("parking"), mode=mode) as client:
        result = await client.call_tool("check_violations", {"license_plate": "TEST123"})
        # The SDK has validated structuredContent against the published outputSchema.
        assert result.is_error is False
        assert "violations" in result.content[0].text.lower()
        assert result.structured_content is not None


# --- the seed's plain client ----------------------------------------------------------------------
class SeedClient:
    """The user's CivicMindMCPClient, as the seed writes it (aiohttp, no MCP library)."""

    def __init__(self, ports: dict[str, int], session: aiohttp.ClientSession):
        self.servers = ports
        self.session = session

    async def initialize_server(self, domain: str) -> dict:
        url = f"http://127.0.0.1:{self.servers[domain]}/mcp"
        payload = {"jsonrpc": "2.0", "method": "initialize", "id": 1, "params": {
            "protocolVersion": "2024-11-05", "clientInfo": {"name": "CivicMind Python Client", "version": "1.0.0"}}}
        async with self.session.post(url, json=payload, headers={"Content-Type": "application/json"}) as response:
            return await response.json()

    async def list_tools(self, domain: str) -> list:
        url = f"http://127.0.0.1:{self.servers[domain]}/mcp"
        async with self.session.post(url, json={"jsonrpc": "2.0", "method": "tools/list", "id": 2}) as response:
            result = await response.json()
            return result.get("result", {}).get("tools", [])

    async def call_tool(self, domain: str, tool_name: str, arguments: dict) -> dict:
        url = f"http://127.0.0.1:{self.servers[domain]}/mcp"
        payload = {"jsonrpc": "2.0", "method": "tools/call", "params": {"name": tool_name, "arguments": arguments},
                   "id": 3}
        async with self.session.post(url, json=payload) as response:
            result = await response.json()
            if "error" in result:
                raise Exception(f"MCP Error: {result['error']}")
            return result.get("result", {})


@pytest.mark.parametrize("skip_accept", [False, True])
async def test_seed_client_initializes_lists_and_reports_errors(civic_server, skip_accept):
    skip = ("Accept",) if skip_accept else ()
    async with aiohttp.ClientSession(skip_auto_headers=skip) as session:
        client = SeedClient(civic_server.ports, session)
        initialized = await client.initialize_server("parking")
        assert initialized["result"]["protocolVersion"] == "2024-11-05"
        tools = await client.list_tools("parking")
        assert [tool["name"] for tool in tools] == names("parking")[:50]
        with pytest.raises(Exception) as raised:  # the seed's test_error_handling
            await client.call_tool("parking", "invalid_tool", {})
        assert "error" in str(raised.value).lower()
        assert "-32602" in str(raised.value)


async def test_seed_client_checks_violations_without_initializing(server):
    async with aiohttp.ClientSession() as session:
        client = SeedClient(server.ports, session)
        result = await client.call_tool("parking", "check_violations", {"license_plate": "TEST123"})
        assert result["isError"] is False
        assert "violations" in result["content"][0]["text"].lower()
        assert "structuredContent" not in result  # no header: served as 2025-03-26, the seed's shape


# --- raw HTTP: every status ----------------------------------------------------------------------
def post(url: str, body=None, headers: dict | None = None, content: bytes | None = None) -> httpx.Response:
    if content is None:
        content = json.dumps(body).encode()
    return httpx.post(url, content=content, headers={"Content-Type": "application/json", **(headers or {})},
                      timeout=30, follow_redirects=False)


def assert_error(response: httpx.Response, status: int, code: int, request_id=None) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert body["jsonrpc"] == "2.0"
    assert body["id"] == request_id
    assert body["error"]["code"] == code
    return body["error"]


@pytest.mark.parametrize("method", ["GET", "DELETE"])
def test_get_and_delete_are_405(civic_server, method):
    response = httpx.request(method, civic_server.mcp_url("parking"), headers={"Accept": "text/event-stream"})
    assert_error(response, 405, -32600)
    assert response.headers["allow"] == "POST, GET, DELETE"
    assert "Mcp-Session-Id" in response.json()["error"]["message"]


def test_foreign_origin_is_403(civic_server):
    response = post(civic_server.mcp_url("parking"), {"jsonrpc": "2.0", "id": 1, "method": "ping"},
                    {"Origin": "http://evil.example.com"})
    assert_error(response, 403, -32600)


def test_accept_without_json_is_406(civic_server):
    response = post(civic_server.mcp_url("parking"), {"jsonrpc": "2.0", "id": 1, "method": "ping"},
                    {"Accept": "text/html"})
    assert_error(response, 406, -32600)


def test_non_json_content_type_is_415(civic_server):
    response = httpx.post(civic_server.mcp_url("parking"), content=b'{"jsonrpc":"2.0","id":1,"method":"ping"}',
                          headers={"Content-Type": "text/plain"})
    assert_error(response, 415, -32600)


def test_body_over_the_limit_is_413(civic_server):
    limit = settings.CIVICMIND_MCP_MAX_BODY_BYTES  # 8 MiB unless configured; the server reads the same
    body = b'{"jsonrpc":"2.0","id":1,"method":"ping","params":{"pad":"' + b"x" * limit + b'"}}'
    error = assert_error(post(civic_server.mcp_url("parking"), content=body), 413, -32600)
    assert error["message"] == f"Request body exceeds the {limit}-byte limit."


def test_notification_is_202_without_body(civic_server):
    response = post(civic_server.mcp_url("parking"), {"jsonrpc": "2.0", "method": "notifications/initialized"},
                    {"MCP-Protocol-Version": "2025-11-25"})
    assert response.status_code == 202
    assert response.content == b""


def test_parse_error_is_400(civic_server):
    assert_error(post(civic_server.mcp_url("parking"), content=b'{"jsonrpc": "2.0", "id": 1,'), 400, -32700)


def test_invalid_request_is_400(civic_server):
    assert_error(post(civic_server.mcp_url("parking"), {"id": 4, "method": "ping"}), 400, -32600, 4)


def test_unsupported_version_header_is_400(civic_server):
    error = assert_error(post(civic_server.mcp_url("parking"), {"jsonrpc": "2.0", "id": 1, "method": "tools/list"},
                              {"MCP-Protocol-Version": "1999-01-01"}), 400, -32022, 1)
    assert error["data"]["requested"] == "1999-01-01"


def test_legacy_unknown_method_is_200_32601(civic_server):
    assert_error(post(civic_server.mcp_url("parking"), {"jsonrpc": "2.0", "id": 1, "method": "nope"}), 200, -32601, 1)


def test_legacy_unknown_tool_is_200_32602(civic_server):
    response = post(civic_server.mcp_url("parking"), {"jsonrpc": "2.0", "id": 2, "method": "tools/call",
                                                      "params": {"name": "invalid_tool", "arguments": {}}})
    assert_error(response, 200, -32602, 2)


def test_legacy_unknown_resource_is_32002(civic_server):
    response = post(civic_server.mcp_url("parking"), {"jsonrpc": "2.0", "id": 3, "method": "resources/read",
                                                      "params": {"uri": "civicmind://parking/nowhere"}},
                    {"MCP-Protocol-Version": "2025-11-25"})
    assert_error(response, 200, -32002, 3)


def test_modern_header_mismatch_is_400_32020(civic_server):
    response = post(civic_server.mcp_url("parking"), {"jsonrpc": "2.0", "id": 5, "method": "tools/list",
                                                      "params": {"_meta": META}},
                    {**MODERN_HEADERS, "Mcp-Method": "prompts/list"})
    assert_error(response, 400, -32020, 5)


def test_modern_missing_meta_is_400_32602(civic_server):
    response = post(civic_server.mcp_url("parking"), {"jsonrpc": "2.0", "id": 6, "method": "tools/list"},
                    {**MODERN_HEADERS, "Mcp-Method": "tools/list"})
    assert_error(response, 400, -32602, 6)


def test_modern_unknown_method_is_404_32601(civic_server):
    response = post(civic_server.mcp_url("parking"), {"jsonrpc": "2.0", "id": 7, "method": "ping",
                                                      "params": {"_meta": META}},
                    {**MODERN_HEADERS, "Mcp-Method": "ping"})
    assert_error(response, 404, -32601, 7)


def test_modern_unknown_resource_is_400_32602(civic_server):
    uri = "civicmind://parking/nowhere"
    response = post(civic_server.mcp_url("parking"), {"jsonrpc": "2.0", "id": 8, "method": "resources/read",
                                                      "params": {"uri": uri, "_meta": META}},
                    {**MODERN_HEADERS, "Mcp-Method": "resources/read", "Mcp-Name": uri})
    assert_error(response, 400, -32602, 8)


def test_modern_discover(civic_server):
    response = post(civic_server.mcp_url("permits"), {"jsonrpc": "2.0", "id": "d", "method": "server/discover",
                                                      "params": {"_meta": META}},
                    {**MODERN_HEADERS, "Mcp-Method": "server/discover"})
    assert response.status_code == 200
    result = response.json()["result"]
    assert result["resultType"] == "complete"
    assert result["_meta"]["io.modelcontextprotocol/serverInfo"]["name"] == "civicmind-permits"


@pytest.mark.parametrize("path", ["/mcp/weather", "/mcp/parking/extra", "/mcp/PARKING/"])
def test_unknown_mcp_paths_answer_json_404_on_the_admin_port(civic_server, path):
    response = post(f"{civic_server.base()}{path}", {"jsonrpc": "2.0", "id": 1, "method": "ping"})
    assert_error(response, 404, -32600)
    assert "<html" not in response.text.lower()


def test_another_domains_path_on_a_domain_port_is_json_404(civic_server):
    response = post(f"{civic_server.base('parking')}/mcp/permits/", {"jsonrpc": "2.0", "id": 1, "method": "ping"})
    assert_error(response, 404, -32600)


@pytest.mark.parametrize("path", ["/mcp", "/mcp/", "/mcp/parking", "/mcp/parking/", "/mcp/all/"])
def test_mcp_paths_are_served_without_redirects(civic_server, path):
    response = post(f"{civic_server.base()}{path}", {"jsonrpc": "2.0", "id": 1, "method": "ping"})
    assert response.status_code == 200
    assert response.json() == {"jsonrpc": "2.0", "id": 1, "result": {}}
