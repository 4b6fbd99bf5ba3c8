"""The 2026-07-28 envelope: per-request _meta and the headers that mirror the body."""
import base64

import pytest

from apps.mcp import protocol as p
from apps.mcp.envelope import decode_header_value, is_modern
from tests.mcp.conftest import MODERN_META, modern, post, rpc


def test_era_is_chosen_per_request():
    with_meta = rpc("tools/list", {"_meta": dict(MODERN_META)})
    assert is_modern(with_meta, None)
    assert is_modern(rpc("tools/list"), "2026-07-28")
    assert not is_modern(rpc("tools/list"), "2025-11-25")
    assert not is_modern(rpc("tools/list"), None)
    assert not is_modern(rpc("tools/list", {"_meta": {"progressToken": 1}}), None)
    assert not is_modern(rpc("initialize", {"_meta": dict(MODERN_META)}), "2026-07-28")


def test_base64_sentinel_is_decoded():
    encoded = "=?base64?" + base64.b64encode("Café ☕".encode()).decode() + "?="
    assert decode_header_value(encoded) == "Café ☕"
    assert decode_header_value("plain") == "plain"
    assert decode_header_value("=?base64?not base64!?=") is None
    assert decode_header_value(None) is None


async def test_well_formed_request_is_served(mcp_client):
    body, headers = modern("tools/list")
    response = await post(mcp_client(), body, headers)
    assert response.status_code == 200
    assert response.json()["result"]["resultType"] == "complete"


@pytest.mark.parametrize("drop, fragment", [
    ("MCP-Protocol-Version", "MCP-Protocol-Version header is required"),
    ("Mcp-Method", "Mcp-Method header is required"),
    ("Mcp-Name", "Mcp-Name header is required for tools/call"),
])
async def test_missing_header_is_400_header_mismatch(mcp_client, drop, fragment):
    body, headers = modern("tools/call", {"name": "echo", "arguments": {"text": "a"}}, name="echo")
    del headers[drop]
    response = await post(mcp_client(), body, headers)
    assert response.status_code == 400
    assert response.json()["id"] == 1
    assert response.json()["error"]["code"] == p.HEADER_MISMATCH
    assert fragment in response.json()["error"]["message"]


@pytest.mark.parametrize("header, value", [
    ("Mcp-Method", "tools/list"),
    ("Mcp-Name", "refuse"),
    ("Mcp-Name", "=?base64?" + base64.b64encode(b"refuse").decode() + "?="),
    ("Mcp-Name", "=?base64?%%%?="),
])
async def test_header_that_disagrees_with_the_body_is_400_header_mismatch(mcp_client, header, value):
    body, headers = modern("tools/call", {"name": "echo", "arguments": {"text": "a"}}, name="echo")
    headers[header] = value
    response = await post(mcp_client(), body, headers)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == p.HEADER_MISMATCH


async def test_version_header_must_match_meta(mcp_client):
    body, headers = modern("tools/list")
    body["params"]["_meta"][p.META_PROTOCOL_VERSION] = "2025-11-25"
    response = await post(mcp_client(), body, headers)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == p.HEADER_MISMATCH


async def test_base64_name_header_is_accepted(mcp_client):
    body, headers = modern("resources/read", {"uri": "civicmind://parking/zones"})
    headers["Mcp-Name"] = "=?base64?" + base64.b64encode(b"civicmind://parking/zones").decode() + "?="
    response = await post(mcp_client(), body, headers)
    assert response.status_code == 200
    assert response.json()["result"]["contents"][0]["uri"] == "civicmind://parking/zones"


async def test_modern_meta_without_the_headers_is_a_header_mismatch(mcp_client):
    """A body in the modern envelope is modern, header or not; HTTP then requires the headers."""
    body, _ = modern("tools/list")
    response = await post(mcp_client(), body)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == p.HEADER_MISMATCH


async def test_unsupported_modern_version_is_400_with_the_supported_list(mcp_client):
    body, headers = modern("tools/list")
    body["params"]["_meta"][p.META_PROTOCOL_VERSION] = "2027-01-01"
    headers["MCP-Protocol-Version"] = "2027-01-01"
    response = await post(mcp_client(), body, headers)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == p.UNSUPPORTED_PROTOCOL_VERSION
    assert error["data"]["requested"] == "2027-01-01"
    assert "2026-07-28" in error["data"]["supported"]


@pytest.mark.parametrize("meta, fragment", [
    (None, "params._meta must be an object"),
    ({p.META_PROTOCOL_VERSION: "2026-07-28"}, f"lacks the required {p.META_CLIENT_CAPABILITIES}"),
    ({p.META_CLIENT_CAPABILITIES: {}}, f"lacks the required {p.META_PROTOCOL_VERSION}"),
])
async def test_missing_envelope_fields_are_400_invalid_params(mcp_client, meta, fragment):
    body = rpc("tools/list", {} if meta is None else {"_meta": meta})
    headers = {"MCP-Protocol-Version": "2026-07-28", "Mcp-Method": "tools/list"}
    response = await post(mcp_client(), body, headers)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == p.INVALID_PARAMS
    assert fragment in response.json()["error"]["message"]


async def test_client_info_is_optional(mcp_client):
    body, headers = modern("tools/list")
    del body["params"]["_meta"][p.META_CLIENT_INFO]
    response = await post(mcp_client(), body, headers)
    assert response.status_code == 200
