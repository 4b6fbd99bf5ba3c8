"""tools/list and tools/call through the endpoint, in every protocol version."""
import pytest

from apps.mcp import access, paging
from tests.mcp.conftest import modern, post, rpc

ECHO_INPUT = {
    "type": "object",
    "properties": {
        "text": {"type": "string", "maxLength": 40, "minLength": 1, "description": "Text to repeat."},
        "times": {"type": "integer", "minimum": 1, "maximum": 3, "description": "How many times.", "default": 1},
    },
    "required": ["text"],
    "additionalProperties": False,
}
ECHO_OUTPUT = {
    "type": "object",
    "properties": {
        "text": {"type": "string"},
        "times": {"type": "integer"},
        "fee": {"type": "string", "pattern": r"^-?\d+\.\d{2}$"},
    },
    "required": ["text", "times", "fee"],
    "additionalProperties": False,
}
ECHO_ANNOTATIONS = {"title": "Echo", "readOnlyHint": True, "destructiveHint": False, "idempotentHint": True,
                    "openWorldHint": False}


async def list_tools(client, version="2025-11-25", params=None):
    response = await post(client, rpc("tools/list", params), {"MCP-Protocol-Version": version})
    assert response.status_code == 200
    return response.json()


async def test_tools_list_2025_11_25(mcp_client):
    result = (await list_tools(mcp_client()))["result"]
    assert [tool["name"] for tool in result["tools"]] == ["echo", "refuse", "crash"]
    assert result["tools"][0] == {"name": "echo", "title": "Echo", "description": "Repeat the text.",
                                  "inputSchema": ECHO_INPUT, "outputSchema": ECHO_OUTPUT,
                                  "annotations": ECHO_ANNOTATIONS}
    assert "nextCursor" not in result


async def test_tools_list_2025_03_26_has_annotations_but_no_titles_or_output_schema(mcp_client):
    echo = (await list_tools(mcp_client(), "2025-03-26"))["result"]["tools"][0]
    assert echo == {"name": "echo", "description": "Repeat the text.", "inputSchema": ECHO_INPUT,
                    "annotations": ECHO_ANNOTATIONS}


async def test_tools_list_2024_11_05_is_the_original_shape(mcp_client):
    echo = (await list_tools(mcp_client(), "2024-11-05"))["result"]["tools"][0]
    assert echo == {"name": "echo", "description": "Repeat the text.", "inputSchema": ECHO_INPUT}


async def test_tool_without_arguments_has_a_closed_object_schema(mcp_client):
    crash = (await list_tools(mcp_client()))["result"]["tools"][2]
    assert crash["inputSchema"] == {"type": "object", "properties": {}, "additionalProperties": False}
    assert "outputSchema" not in crash


async def test_all_domains_prefix_names(mcp_client):
    names = [tool["name"] for tool in (await list_tools(mcp_client("all")))["result"]["tools"]]
    assert names == ["parking_echo", "parking_refuse", "parking_crash", "permits_whoami"]


async def test_tools_list_pages_with_opaque_cursors(mcp_client, monkeypatch):
    monkeypatch.setattr(paging, "PAGE_SIZE", 3)
    client = mcp_client("all")
    first = (await list_tools(client))["result"]
    assert [tool["name"] for tool in first["tools"]] == ["parking_echo", "parking_refuse", "parking_crash"]
    second = (await list_tools(client, params={"cursor": first["nextCursor"]}))["result"]
    assert [tool["name"] for tool in second["tools"]] == ["permits_whoami"]
    assert "nextCursor" not in second


@pytest.mark.parametrize("cursor", ["garbage", "", 12, "eyJrIjoidG9vbHMiLCJkIjoiYWxsIiwibyI6LTF9",
                                    paging.encode_cursor("prompts", "parking", 0),
                                    paging.encode_cursor("tools", "permits", 0)])
async def test_bad_cursor_is_invalid_params(mcp_client, cursor):
    body = await list_tools(mcp_client(), params={"cursor": cursor})
    assert body["error"]["code"] == -32602
    assert body["error"]["data"] == {"argument": "cursor"}


async def test_tools_list_hides_what_the_caller_may_not_call(mcp_client, monkeypatch):
    monkeypatch.setattr("apps.mcp.methods.may_call", lambda principal, tool: tool.name != "refuse")
    names = [tool["name"] for tool in (await list_tools(mcp_client()))["result"]["tools"]]
    assert names == ["echo", "crash"]
    response = await post(mcp_client(), rpc("tools/call", {"name": "refuse", "arguments": {"plate": "A"}}))
    assert response.json()["error"]["code"] == -32003  # named, with the key it needs (not "Unknown tool")
    assert response.json()["error"]["message"].startswith("refuse is a public tool: it needs an API key")


async def test_modern_tools_list_carries_result_type_and_cache_hints(mcp_client):
    body, headers = modern("tools/list")
    result = (await post(mcp_client(), body, headers)).json()["result"]
    assert result["resultType"] == "complete"
    assert result["ttlMs"] == 300000
    assert result["cacheScope"] == "public"
    assert result["tools"][0]["outputSchema"] == ECHO_OUTPUT


async def test_modern_tools_list_of_a_key_holder_is_private(mcp_client, monkeypatch):
    holder = access.Principal(name="clerk", key_id=7)

    async def authenticate(headers, call):
        return holder

    monkeypatch.setattr("apps.mcp.transport.authenticate", authenticate)
    body, headers = modern("tools/list")
    assert (await post(mcp_client(), body, headers)).json()["result"]["cacheScope"] == "private"


# --- tools/call ------------------------------------------------------------------------------
async def call(client, name, arguments, version="2025-11-25"):
    response = await post(client, rpc("tools/call", {"name": name, "arguments": arguments}),
                          {"MCP-Protocol-Version": version})
    assert response.status_code == 200
    return response.json()


async def test_call_returns_markdown_and_structured_content(mcp_client):
    body = await call(mcp_client(), "echo", {"text": "hi", "times": 2})
    assert body == {"jsonrpc": "2.0", "id": 1, "result": {
        "content": [{"type": "text", "text": "**Echo**: hi hi"}],
        "isError": False,
        "structuredContent": {"text": "hi hi", "times": 2, "fee": "2.50"},
    }}


@pytest.mark.parametrize("version", ["2024-11-05", "2025-03-26"])
async def test_structured_content_only_from_2025_06_18(mcp_client, version):
    result = (await call(mcp_client(), "echo", {"text": "hi"}, version))["result"]
    assert "structuredContent" not in result


async def test_modern_call(mcp_client):
    body, headers = modern("tools/call", {"name": "echo", "arguments": {"text": "yo"}}, name="echo")
    response = await post(mcp_client(), body, headers)
    assert response.status_code == 200
    result = response.json()["result"]
    assert result["resultType"] == "complete"
    assert result["structuredContent"] == {"text": "yo", "times": 1, "fee": "2.50"}
    assert "ttlMs" not in result
    assert result["_meta"] == {"io.modelcontextprotocol/serverInfo": {
        "name": "civicmind-parking", "title": "CivicMind Parking", "version": "1.0.0"}}


async def test_all_domains_call_by_prefixed_name(mcp_client):
    result = (await call(mcp_client("all"), "permits_whoami", {}))["result"]
    assert result["content"][0]["text"] == "permits all 2025-11-25"


async def test_unknown_tool_is_invalid_params(mcp_client):
    body = await call(mcp_client(), "invalid_tool", {})
    assert body["error"] == {"code": -32602, "message": "Unknown tool: invalid_tool. Tools here: echo, refuse, crash.",
                             "data": {"tool": "invalid_tool"}}


async def test_tool_of_another_domain_is_unknown_here(mcp_client):
    body = await call(mcp_client(), "whoami", {})
    assert body["error"]["code"] == -32602


@pytest.mark.parametrize("params, message", [
    ({}, "tools/call needs params.name, the tool's name as tools/list gives it."),
    ({"name": ""}, "tools/call needs params.name, the tool's name as tools/list gives it."),
    ({"name": "echo", "arguments": [1]}, "params.arguments must be an object of argument names to values."),
])
async def test_malformed_call_is_invalid_params(mcp_client, params, message):
    response = await post(mcp_client(), rpc("tools/call", params))
    assert response.json()["error"]["code"] == -32602
    assert response.json()["error"]["message"] == message


async def test_invalid_arguments_are_a_tool_error_naming_each_argument(mcp_client):
    result = (await call(mcp_client(), "echo", {"times": 9, "colour": "red"}))["result"]
    assert result["isError"] is True
    assert result["structuredContent"]["error"]["fields"] == {
        "colour": ["Unknown argument; this tool takes: text, times."],
        "text": ["This field is required."],
        "times": ["Ensure this value is less than or equal to 3."],
    }
    text = result["content"][0]["text"]
    assert text.startswith("**Invalid arguments for echo**")
    assert "- `times`: Ensure this value is less than or equal to 3." in text


async def test_service_error_is_a_tool_error_with_its_sentence(mcp_client):
    result = (await call(mcp_client(), "refuse", {"plate": "ABC123"}))["result"]
    assert result == {
        "content": [{"type": "text", "text": "❌ No vehicle with plate ABC123; check the plate and retry."}],
        "isError": True,
        "structuredContent": {"error": {"code": "plate_unknown", "field": "plate",
                                        "message": "No vehicle with plate ABC123; check the plate and retry."}},
    }


async def test_a_crashing_tool_is_an_internal_error_without_internals(mcp_client):
    response = await post(mcp_client(), rpc("tools/call", {"name": "crash"}))
    assert response.status_code == 200
    error = response.json()["error"]
    assert error["code"] == -32603
    assert "secret internals" not in response.text
    assert error["message"].startswith("Internal error while running crash; it has been logged for the city's operators")


async def test_user_context_reaches_the_tool_not_the_validation(mcp_client):
    context = {"token": "t", "domain": "permits", "requested_tool": "whoami", "timestamp": 1.5}
    result = (await call(mcp_client("permits"), "whoami", {"_user_context": context}))["result"]
    assert result["isError"] is False
    assert result["structuredContent"]["user_context"] == context


async def test_every_call_is_recorded(mcp_client, monkeypatch):
    recorded = []
    monkeypatch.setattr("apps.mcp.methods.record_tool_call",
                        lambda call, tool, arguments, result, error, seconds: recorded.append(
                            (tool.name, arguments, result.is_error if result else None, error and error.code)))
    await call(mcp_client(), "echo", {"text": "a"})
    await call(mcp_client(), "refuse", {"plate": "B"})
    await post(mcp_client(), rpc("tools/call", {"name": "crash"}))
    assert recorded == [("echo", {"text": "a"}, False, None), ("refuse", {"plate": "B"}, True, None),
                        ("crash", {}, None, -32603)]


async def test_cached_list_answers_carry_each_request_id(mcp_client):
    for request_id in ("abc", 7, "with \"quotes\""):
        response = await post(mcp_client(), rpc("tools/list", id=request_id))
        assert response.json()["id"] == request_id
        assert [tool["name"] for tool in response.json()["result"]["tools"]] == ["echo", "refuse", "crash"]


async def test_lists_are_serialized_once_and_odd_cursors_are_not_kept(tiny_registry, mcp_client, monkeypatch):
    monkeypatch.setattr(paging, "PAGE_SIZE", 2)
    client = mcp_client("all")
    first = await list_tools(client)
    assert first == await list_tools(client)
    kept = len(tiny_registry._views)
    odd = paging.encode_cursor("tools", "all", 1)  # a valid shape, but not a cursor this server mints
    body = await list_tools(client, params={"cursor": odd})
    assert [tool["name"] for tool in body["result"]["tools"]] == ["parking_refuse", "parking_crash"]
    assert len(tiny_registry._views) == kept
