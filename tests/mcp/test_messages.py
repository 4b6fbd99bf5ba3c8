"""JSON-RPC message rules shared by every transport: shapes, notifications, batches, versions."""
import pytest

from apps.mcp import protocol as p
from tests.mcp.conftest import modern, post, rpc

ALL_VERSIONS = ["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25", "2026-07-28"]


@pytest.mark.parametrize("body, request_id, fragment", [
    ({"id": 1, "method": "ping"}, 1, '"jsonrpc": "2.0"'),
    ({"jsonrpc": "1.0", "id": 1, "method": "ping"}, 1, '"jsonrpc": "2.0"'),
    ({"jsonrpc": "2.0", "id": None, "method": "ping"}, None, "never null"),
    ({"jsonrpc": "2.0", "id": 1.5, "method": "ping"}, None, "string or an integer"),
    ({"jsonrpc": "2.0", "id": True, "method": "ping"}, None, "string or an integer"),
    ({"jsonrpc": "2.0", "id": "a", "method": 7}, "a", "non-empty string"),
    ({"jsonrpc": "2.0", "id": 3}, 3, "needs a method"),
    (3, None, "one JSON-RPC 2.0 object"),
    ("ping", None, "one JSON-RPC 2.0 object"),
])
async def test_malformed_messages_are_400_invalid_request(mcp_client, body, request_id, fragment):
    response = await post(mcp_client(), body)
    assert response.status_code == 400
    assert response.json()["id"] == request_id
    assert response.json()["error"]["code"] == p.INVALID_REQUEST
    assert fragment in response.json()["error"]["message"]


@pytest.mark.parametrize("body", [
    rpc("notifications/initialized", id=None),
    rpc("notifications/cancelled", {"requestId": 4, "reason": "user"}, id=None),
    rpc("notifications/progress", {"progressToken": "t", "progress": 1}, id=None),
    rpc("notifications/anything", id=None),
    {"jsonrpc": "2.0", "id": 9, "result": {}},
    {"jsonrpc": "2.0", "id": 9, "error": {"code": -1, "message": "no"}},
])
async def test_notifications_and_client_responses_are_202_without_body(mcp_client, body):
    response = await post(mcp_client(), body, {"MCP-Protocol-Version": "2025-11-25"})
    assert response.status_code == 202
    assert response.content == b""
    assert "content-type" not in response.headers


async def test_string_ids_are_echoed(mcp_client):
    response = await post(mcp_client(), rpc("ping", id="abc-1"))
    assert response.json() == {"jsonrpc": "2.0", "id": "abc-1", "result": {}}


async def test_params_must_be_an_object(mcp_client):
    response = await post(mcp_client(), rpc("ping", [1, 2]))
    assert response.status_code == 200
    assert response.json()["error"] == {"code": -32602, "message": "params must be an object."}


async def test_unknown_method_is_200_method_not_found_in_the_handshake_era(mcp_client):
    response = await post(mcp_client(), rpc("tools/frobnicate"), {"MCP-Protocol-Version": "2025-11-25"})
    assert response.status_code == 200
    assert response.json()["error"]["code"] == -32601
    assert response.json()["error"]["data"] == {"method": "tools/frobnicate"}


@pytest.mark.parametrize("version", ["1999-01-01", "2025-11-26", "latest", "2026-07-28, 2025-11-25"])
async def test_unsupported_protocol_version_header_is_400(mcp_client, version):
    response = await post(mcp_client(), rpc("tools/list"), {"MCP-Protocol-Version": version})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == p.UNSUPPORTED_PROTOCOL_VERSION
    assert error["data"] == {"supported": ALL_VERSIONS, "requested": version}
    assert response.json()["id"] == 1


async def test_initialize_ignores_the_version_header(mcp_client):
    body = rpc("initialize", {"protocolVersion": "2025-06-18", "capabilities": {}})
    response = await post(mcp_client(), body, {"MCP-Protocol-Version": "1999-01-01"})
    assert response.status_code == 200
    assert response.json()["result"]["protocolVersion"] == "2025-06-18"


async def test_requests_work_without_initialize(mcp_client):
    """The seed's clients call tools/call straight away, without a header: served as 2025-03-26."""
    response = await post(mcp_client(), rpc("tools/call", {"name": "echo", "arguments": {"text": "hi"}}))
    assert response.status_code == 200
    assert response.json()["result"] == {"content": [{"type": "text", "text": "**Echo**: hi"}], "isError": False}


# --- batches (2025-03-26 only) ----------------------------------------------------------
async def test_batch_without_a_version_header_is_answered_as_2025_03_26(mcp_client):
    batch = [rpc("ping", id=1), rpc("notifications/initialized", id=None), rpc("tools/frobnicate", id="x"),
             {"jsonrpc": "2.0", "id": 7}]
    response = await post(mcp_client(), batch)
    assert response.status_code == 200
    replies = response.json()
    assert replies[0] == {"jsonrpc": "2.0", "id": 1, "result": {}}
    assert replies[1]["id"] == "x" and replies[1]["error"]["code"] == -32601
    assert replies[2]["id"] == 7 and replies[2]["error"]["code"] == -32600
    assert len(replies) == 3


async def test_batch_with_the_2025_03_26_header_is_answered(mcp_client):
    response = await post(mcp_client(), [rpc("ping", id=1)], {"MCP-Protocol-Version": "2025-03-26"})
    assert response.json() == [{"jsonrpc": "2.0", "id": 1, "result": {}}]


async def test_batch_of_notifications_is_202(mcp_client):
    response = await post(mcp_client(), [rpc("notifications/initialized", id=None)])
    assert response.status_code == 202
    assert response.content == b""


@pytest.mark.parametrize("version", ["2024-11-05", "2025-06-18", "2025-11-25", "2026-07-28"])
async def test_batch_in_other_versions_is_400(mcp_client, version):
    response = await post(mcp_client(), [rpc("ping")], {"MCP-Protocol-Version": version})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == -32600
    assert "only part of protocol version 2025-03-26" in response.json()["error"]["message"]


async def test_batch_may_not_hold_initialize(mcp_client):
    response = await post(mcp_client(), [rpc("initialize", {"protocolVersion": "2025-03-26"}), rpc("ping", id=2)])
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "Invalid Request: initialize must not be sent in a batch."


async def test_empty_batch_is_400(mcp_client):
    response = await post(mcp_client(), [])
    assert response.status_code == 400
    assert response.json()["error"]["code"] == -32600


async def test_a_batch_over_the_cap_is_refused_whole_naming_the_limit(mcp_client, settings):
    """Issue 11 (3): a batch is at most CIVICMIND_MCP_MAX_BATCH messages; none of a longer one runs."""
    settings.CIVICMIND_MCP_MAX_BATCH = 3
    response = await post(mcp_client(), [rpc("ping", id=n) for n in range(4)])
    assert response.status_code == 400
    assert response.json() == {"jsonrpc": "2.0", "id": None, "error": {
        "code": -32600, "message": "Invalid Request: a batch may hold at most 3 messages (CIVICMIND_MCP_MAX_BATCH); "
                                   "this one holds 4. Send them in batches of 3 or fewer."}}
    response = await post(mcp_client(), [rpc("ping", id=n) for n in range(3)])
    assert [reply["id"] for reply in response.json()] == [0, 1, 2]


async def test_the_default_cap_is_100(mcp_client):
    response = await post(mcp_client(), [rpc("ping", id=n) for n in range(101)])
    assert response.status_code == 400
    assert "at most 100 messages" in response.json()["error"]["message"]


@pytest.fixture
def address_limit(settings):
    from apps.accounts.ratelimit import local_counter

    settings.REDIS_URL = ""
    settings.CIVICMIND_RATE_LIMIT_EXEMPT = []  # the in-process client comes from 127.0.0.1
    settings.CIVICMIND_RATE_LIMIT_WINDOW_SECONDS = 1_000_000
    settings.CIVICMIND_RATE_LIMIT_PER_ADDRESS = 5
    local_counter.clear()
    yield settings
    local_counter.clear()


async def test_each_message_of_a_batch_counts_against_the_rate_limits(mcp_client, address_limit):
    """Issue 11 (3): a batch of N costs N; the messages past the limit get -32029 and never run."""
    batch = [rpc("tools/call", {"name": "echo", "arguments": {"text": f"t{n}"}}, id=n) for n in range(7)]
    batch.insert(3, rpc("notifications/initialized", id=None))
    response = await post(mcp_client(), batch)
    assert response.status_code == 200
    replies = response.json()
    assert [reply["id"] for reply in replies] == list(range(7))
    assert [reply["result"]["content"][0]["text"] for reply in replies[:4]] == [f"**Echo**: t{n}" for n in range(4)]
    assert all(reply["error"]["code"] == -32029 for reply in replies[4:])
    assert "the limit is 5 requests per 1000000 seconds for this client address" in replies[4]["error"]["message"]
    response = await post(mcp_client(), rpc("ping"))  # the budget is spent: the next request is a 429
    assert response.status_code == 429


# --- the 2026-07-28 era at the message level ------------------------------------------------
async def test_modern_notification_is_202(mcp_client):
    body = {"jsonrpc": "2.0", "method": "notifications/cancelled", "params": {"requestId": 1}}
    response = await post(mcp_client(), body, {"MCP-Protocol-Version": "2026-07-28"})
    assert response.status_code == 202


async def test_modern_client_response_is_400(mcp_client):
    response = await post(mcp_client(), {"jsonrpc": "2.0", "id": 1, "result": {}}, {"MCP-Protocol-Version": "2026-07-28"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == -32600


@pytest.mark.parametrize("method", ["ping", "logging/setLevel", "notifications/initialized", "tools/frobnicate",
                                    "resources/subscribe", "resources/unsubscribe"])
async def test_modern_unknown_method_is_404(mcp_client, method):
    body, headers = modern(method, {"level": "info"})
    response = await post(mcp_client(), body, headers)
    assert response.status_code == 404
    assert response.json()["id"] == 1
    assert response.json()["error"]["code"] == -32601


async def test_a_listen_without_a_filter_is_refused_before_any_stream(mcp_client):
    body, headers = modern("subscriptions/listen", {})
    response = await post(mcp_client(), body, headers)
    assert response.status_code == 400 and response.headers["content-type"] == "application/json"
    assert response.json()["error"]["code"] == -32602
    assert response.json()["error"]["data"] == {"argument": "notifications"}


async def test_modern_error_keeps_the_request_id(mcp_client):
    body, headers = modern("tools/call", {"name": "nope", "arguments": {}}, id="q-7", name="nope")
    response = await post(mcp_client(), body, headers)
    assert response.status_code == 400
    assert response.json()["id"] == "q-7"
    assert response.json()["error"]["code"] == -32602
