"""The official SDK client (mcp 2.3.0) against the endpoint in process, in all three ways.

The SDK speaks httpx2; its ASGI transport carries the requests to an McpEndpoint bound to
the tiny test registry, so these tests pin the protocol without sockets or domain tools.
"""
import contextlib

import httpx2
import mcp_types as types
import pytest
from mcp import Client, ClientSession
from mcp.client.streamable_http import streamable_http_client
from mcp.shared.exceptions import MCPDeprecationWarning, MCPError

from apps.mcp.transport import McpEndpoint
from tests.mcp.conftest import asgi_app


@contextlib.asynccontextmanager
async def sdk_transport(registry, domain="parking"):
    app = asgi_app(McpEndpoint(registry=registry), domain)
    async with httpx2.AsyncClient(transport=httpx2.ASGITransport(app=app)) as http:
        async with streamable_http_client("http://127.0.0.1:9300/mcp", http_client=http) as streams:
            yield streams


async def exercise(client: Client) -> None:
    """What every era must do the same way."""
    tools = await client.list_tools()
    assert [tool.name for tool in tools.tools] == ["echo", "refuse", "crash"]
    echo = await client.call_tool("echo", {"text": "hi", "times": 2})
    assert echo.is_error is False
    assert echo.content[0].text == "**Echo**: hi hi"
    assert echo.structured_content == {"text": "hi hi", "times": 2, "fee": "2.50"}
    refused = await client.call_tool("refuse", {"plate": "X1"})
    assert refused.is_error is True
    assert refused.content[0].text == "❌ No vehicle with plate X1; check the plate and retry."
    invalid = await client.call_tool("echo", {"times": 0})
    assert invalid.is_error is True
    assert "`text`: This field is required." in invalid.content[0].text
    with pytest.raises(MCPError) as unknown:
        await client.call_tool("invalid_tool", {})
    assert unknown.value.error.code == -32602
    resources = await client.list_resources()
    assert [resource.uri for resource in resources.resources] == ["civicmind://parking/zones",
                                                                  "civicmind://parking/rules.txt"]
    read = await client.read_resource("civicmind://parking/citations/VIO-1")
    assert read.contents[0].text == "Expired meter, $25.00"
    templates = await client.list_resource_templates()
    assert templates.resource_templates[0].uri_template == "civicmind://parking/citations/{citation_number}"
    prompts = await client.list_prompts()
    assert prompts.prompts[0].name == "explain_citation"
    prompt = await client.get_prompt("explain_citation", {"citation_number": "VIO-2"})
    assert prompt.messages[0].content.text == "Explain citation VIO-2 (Blocked driveway, $75.00) in a friendly tone."
    completion = await client.complete(types.PromptReference(type="ref/prompt", name="explain_citation"),
                                       {"name": "citation_number", "value": "VI"})
    assert completion.completion.values == ["VIO-1", "VIO-2"]


async def test_auto_mode_discovers_and_stays_modern(tiny_registry):
    async with Client(sdk_transport(tiny_registry), mode="auto") as client:
        assert client.protocol_version == "2026-07-28"
        assert client.session.discover_result is not None
        assert client.session.initialize_result is None
        assert client.server_info.name == "civicmind-parking"
        assert client.server_capabilities.logging is None
        await exercise(client)
        with pytest.raises(MCPError) as missing:
            await client.read_resource("civicmind://parking/citations/NOPE")
        assert missing.value.error.code == -32602


async def test_legacy_mode_initializes(tiny_registry):
    async with Client(sdk_transport(tiny_registry), mode="legacy") as client:
        assert client.protocol_version == "2025-11-25"
        assert client.session.initialize_result.server_info.title == "CivicMind Parking"
        assert client.server_capabilities.logging is not None
        await exercise(client)
        with pytest.warns(MCPDeprecationWarning):  # removed in 2026-07-28, served in the handshake era
            assert (await client.send_ping()).model_dump(exclude_none=True) == {}
            await client.set_logging_level("warning")
        with pytest.raises(MCPError) as missing:
            await client.read_resource("civicmind://parking/citations/NOPE")
        assert missing.value.error.code == -32002


async def test_low_level_session(tiny_registry):
    async with sdk_transport(tiny_registry, "all") as (read, write):
        async with ClientSession(read, write) as session:
            result = await session.initialize()
            assert result.protocol_version == "2025-11-25"
            assert result.server_info.name == "civicmind-all"
            tools = await session.list_tools()
            assert [tool.name for tool in tools.tools] == ["parking_echo", "parking_refuse", "parking_crash",
                                                           "permits_whoami"]
            called = await session.call_tool("parking_echo", {"text": "a"})
            assert called.structured_content == {"text": "a", "times": 1, "fee": "2.50"}
            with pytest.raises(MCPError) as crashed:
                await session.call_tool("parking_crash", {})
            assert crashed.value.error.code == -32603
