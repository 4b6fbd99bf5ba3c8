"""Version negotiation, server/discover, capabilities, ping and logging/setLevel."""
import pytest

from apps.mcp import protocol as p
from tests.mcp.conftest import modern, post, rpc

INSTRUCTIONS = "City services of Civic City: the parking domain. Answers come from the city's records."
SERVER_INFO = {"name": "civicmind-parking", "title": "CivicMind Parking", "version": "1.0.0"}


def initialize(version) -> dict:
    return rpc("initialize", {"protocolVersion": version, "capabilities": {},
                              "clientInfo": {"name": "tests", "version": "1"}})


@pytest.mark.parametrize("version", p.LEGACY_VERSIONS)
async def test_initialize_echoes_a_supported_version(mcp_client, version):
    response = await post(mcp_client(), initialize(version))
    assert response.status_code == 200
    assert response.json()["result"]["protocolVersion"] == version


@pytest.mark.parametrize("version", ["1999-01-01", "2026-07-28", "2099-12-31", "draft"])
async def test_initialize_counter_offers_the_newest_handshake_version(mcp_client, version):
    response = await post(mcp_client(), initialize(version))
    assert response.status_code == 200
    assert response.json()["result"]["protocolVersion"] == "2025-11-25"


async def test_initialize_result(mcp_client):
    response = await post(mcp_client(), initialize("2025-11-25"))
    assert response.json() == {"jsonrpc": "2.0", "id": 1, "result": {
        "protocolVersion": "2025-11-25",
        "capabilities": {
            "tools": {"listChanged": False},
            "resources": {"subscribe": True, "listChanged": True},  # over HTTP (apps.mcp.push)
            "prompts": {"listChanged": False},
            "completions": {},
            "logging": {},
        },
        "serverInfo": SERVER_INFO,
        "instructions": INSTRUCTIONS,
    }}


async def test_2024_11_05_has_no_completions_capability(mcp_client):
    response = await post(mcp_client(), initialize("2024-11-05"))
    assert "completions" not in response.json()["result"]["capabilities"]


@pytest.mark.parametrize("params", [{}, {"protocolVersion": 20251125}])
async def test_initialize_without_a_version_string_is_invalid_params(mcp_client, params):
    response = await post(mcp_client(), rpc("initialize", params))
    assert response.status_code == 200
    assert response.json()["error"]["code"] == -32602
    assert response.json()["error"]["data"] == {"argument": "protocolVersion"}


async def test_all_domains_server_info(mcp_client):
    response = await post(mcp_client("all"), initialize("2025-11-25"))
    result = response.json()["result"]
    assert result["serverInfo"] == {"name": "civicmind-all", "title": "CivicMind — all domains", "version": "1.0.0"}
    assert "prefixed with their domain" in result["instructions"]


async def test_discover(mcp_client):
    body, headers = modern("server/discover")
    response = await post(mcp_client(), body, headers)
    assert response.status_code == 200
    assert response.json() == {"jsonrpc": "2.0", "id": 1, "result": {
        "resultType": "complete",
        "supportedVersions": ["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25", "2026-07-28"],
        "capabilities": {
            "tools": {"listChanged": False},
            "resources": {"subscribe": True, "listChanged": True},  # over HTTP (apps.mcp.push)
            "prompts": {"listChanged": False},
            "completions": {},
        },
        "instructions": INSTRUCTIONS,
        "ttlMs": 300000,
        "cacheScope": "public",
        "_meta": {"io.modelcontextprotocol/serverInfo": SERVER_INFO},
    }}


async def test_discover_is_not_part_of_the_handshake_era(mcp_client):
    response = await post(mcp_client(), rpc("server/discover"), {"MCP-Protocol-Version": "2025-11-25"})
    assert response.status_code == 200
    assert response.json()["error"]["code"] == -32601


async def test_ping(mcp_client):
    response = await post(mcp_client(), rpc("ping", id=42), {"MCP-Protocol-Version": "2025-11-25"})
    assert response.json() == {"jsonrpc": "2.0", "id": 42, "result": {}}


@pytest.mark.parametrize("level", ["debug", "info", "notice", "warning", "error", "critical", "alert", "emergency"])
async def test_set_level(mcp_client, level):
    response = await post(mcp_client(), rpc("logging/setLevel", {"level": level}))
    assert response.json() == {"jsonrpc": "2.0", "id": 1, "result": {}}


@pytest.mark.parametrize("level", ["verbose", None, 3, "INFO"])
async def test_set_level_refuses_unknown_levels(mcp_client, level):
    response = await post(mcp_client(), rpc("logging/setLevel", {"level": level}))
    assert response.status_code == 200
    error = response.json()["error"]
    assert error["code"] == -32602
    assert error["message"] == "level must be one of debug, info, notice, warning, error, critical, alert, emergency."
