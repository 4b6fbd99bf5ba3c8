"""The HTTP transport in process: every refusal is its own status with a JSON-RPC error body."""
import json

import pytest

from apps.mcp import access
from apps.mcp.transport import McpEndpoint, accepts_json, is_json_content_type
from tests.mcp.conftest import asgi_app, post, rpc

PING = rpc("ping")


def assert_transport_error(response, status: int, code: int, fragment: str) -> None:
    assert response.status_code == status
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert body["jsonrpc"] == "2.0"
    assert body["id"] is None
    assert body["error"]["code"] == code
    assert fragment in body["error"]["message"]


@pytest.mark.parametrize("method", ["GET", "DELETE", "PUT", "PATCH", "OPTIONS"])
async def test_anything_but_post_is_405_with_allow_post(mcp_client, method):
    response = await mcp_client().request(method, "/mcp", headers={"Accept": "text/event-stream"})
    assert_transport_error(response, 405, -32600, f"Method Not Allowed: {method}")
    # GET and DELETE belong to a session (Mcp-Session-Id); without one they are refused too.
    assert response.headers["allow"] == "POST, GET, DELETE"


async def test_head_is_405_without_a_body(mcp_client):
    response = await mcp_client().head("/mcp")
    assert response.status_code == 405
    assert response.headers["allow"] == "POST, GET, DELETE"


@pytest.mark.parametrize("origin", ["http://evil.example", "https://127.0.0.1.evil.example", "null",
                                    "file://", "http://localhost.evil:80", "http://128.0.0.1", "http://126.255.255.255",
                                    "http://0.0.0.0:9300", "http://[::2]:9300", "http://[::ffff:10.0.0.1]"])
async def test_foreign_origin_is_403(mcp_client, origin):
    response = await post(mcp_client(), PING, {"Origin": origin})
    assert_transport_error(response, 403, -32600, "Origin not allowed")


@pytest.mark.parametrize("origin", ["http://127.0.0.1:6274", "http://localhost", "https://localhost:8443",
                                    "http://[::1]:9300", "http://LOCALHOST:9300",
                                    # all of 127.0.0.0/8 is loopback: a server bound to 127.0.0.6 accepts its own origin
                                    "http://127.0.0.6:9300", "http://127.255.255.254", "http://[::ffff:127.0.0.1]:9300"])
async def test_loopback_origins_are_served(mcp_client, origin):
    response = await post(mcp_client(), PING, {"Origin": origin})
    assert response.status_code == 200
    assert response.json() == {"jsonrpc": "2.0", "id": 1, "result": {}}


async def test_configured_origin_is_served(mcp_client, settings):
    settings.CIVICMIND_ALLOWED_ORIGINS = ["https://assistant.example"]
    response = await post(mcp_client(), PING, {"Origin": "https://assistant.example"})
    assert response.status_code == 200
    response = await post(mcp_client(), PING, {"Origin": "https://other.example"})
    assert response.status_code == 403


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded",
                                          "multipart/form-data; boundary=x", "text/json"])
async def test_non_json_content_type_is_415(mcp_client, content_type):
    response = await post(mcp_client(), None, {"Content-Type": content_type}, content=json.dumps(PING))
    assert_transport_error(response, 415, -32600, "Content-Type must be application/json")


@pytest.mark.parametrize("content_type", [None, "application/json", "application/json; charset=utf-8",
                                          "APPLICATION/JSON", "application/json-rpc+json"])
async def test_json_or_absent_content_type_is_served(mcp_client, content_type):
    headers = {"Content-Type": content_type} if content_type else {}
    client = mcp_client()
    request = client.build_request("POST", "/mcp", content=json.dumps(PING).encode(), headers=headers)
    assert request.headers.get("content-type") == content_type
    response = await client.send(request)
    assert response.status_code == 200
    assert response.json()["result"] == {}


@pytest.mark.parametrize("accept", ["text/html", "text/event-stream", "application/xml, text/*",
                                    "application/json;q=0, text/html"])
async def test_accept_without_json_is_406(mcp_client, accept):
    response = await post(mcp_client(), PING, {"Accept": accept})
    assert_transport_error(response, 406, -32600, "must accept application/json")


@pytest.mark.parametrize("accept", ["application/json, text/event-stream", "*/*", "application/*",
                                    "text/html, application/json;q=0.5"])
async def test_accept_with_json_is_served(mcp_client, accept):
    response = await post(mcp_client(), PING, {"Accept": accept})
    assert response.status_code == 200


async def test_no_accept_header_is_served(mcp_client):
    client = mcp_client()
    request = client.build_request("POST", "/mcp", json=PING)
    del request.headers["accept"]
    response = await client.send(request)
    assert response.status_code == 200
    assert response.json()["result"] == {}


def test_accept_and_content_type_parsing():
    assert accepts_json(None) and accepts_json("")
    assert not accepts_json("application/json; q=0")
    assert accepts_json("application/json; q=0.1")
    assert is_json_content_type("application/vnd.api+json")
    assert not is_json_content_type("text/plain")


async def test_body_over_the_limit_is_413(mcp_client, settings):
    settings.CIVICMIND_MCP_MAX_BODY_BYTES = 2048
    big = rpc("tools/call", {"name": "echo", "arguments": {"text": "x" * 4000}})
    response = await post(mcp_client(), big)
    assert_transport_error(response, 413, -32600, "exceeds the 2048-byte limit")


async def test_body_at_the_limit_is_read(mcp_client, settings):
    settings.CIVICMIND_MCP_MAX_BODY_BYTES = 2048
    body = json.dumps(rpc("ping", {"pad": "x" * 1000})).encode()
    body = body.ljust(2048)  # trailing whitespace is still JSON
    response = await post(mcp_client(), None, content=body)
    assert response.status_code == 200


async def test_streamed_body_is_refused_without_reading_past_the_limit(tiny_registry, settings):
    """A chunked body with no Content-Length: reading stops at the first chunk past the limit."""
    settings.CIVICMIND_MCP_MAX_BODY_BYTES = 4096
    chunk = b"x" * 1024
    delivered = 0

    async def receive():
        nonlocal delivered
        delivered += 1
        return {"type": "http.request", "body": chunk, "more_body": True}  # endless

    sent = []

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/mcp", "headers": [(b"content-type", b"application/json")],
             "client": ("127.0.0.1", 5000), "server": ("127.0.0.1", 9300)}
    await asgi_app(McpEndpoint(registry=tiny_registry), "parking")(scope, receive, send)
    assert delivered == 5  # 4 chunks fill the limit, the 5th crosses it; nothing more is read
    assert sent[0]["status"] == 413
    assert json.loads(sent[1]["body"])["error"]["code"] == -32600


async def test_declared_length_over_the_limit_is_refused_before_reading(tiny_registry, settings):
    settings.CIVICMIND_MCP_MAX_BODY_BYTES = 4096
    received = []

    async def receive():
        received.append(1)
        return {"type": "http.request", "body": b"", "more_body": False}

    sent = []

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/mcp", "headers": [(b"content-length", b"999999")],
             "client": ("127.0.0.1", 5000), "server": ("127.0.0.1", 9300)}
    await asgi_app(McpEndpoint(registry=tiny_registry), "parking")(scope, receive, send)
    assert received == []
    assert sent[0]["status"] == 413


async def test_client_that_disconnects_gets_no_answer(tiny_registry):
    async def receive():
        return {"type": "http.disconnect"}

    sent = []

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/mcp", "headers": [], "client": None,
             "server": ("127.0.0.1", 9300)}
    await asgi_app(McpEndpoint(registry=tiny_registry), "parking")(scope, receive, send)
    assert sent == []


@pytest.mark.parametrize("raw", [b"{", b"", b"\xff\xfe{}", b'{"jsonrpc":"2.0","id":1,"method":"ping","x":NaN}',
                                 b"[" * 100_000, b"1" * 5000])
async def test_unparseable_body_is_400_parse_error(mcp_client, raw):
    response = await post(mcp_client(), None, content=raw, headers={"Content-Type": "application/json"})
    assert_transport_error(response, 400, -32700, "Parse error")


async def test_every_answer_carries_a_request_id(mcp_client):
    first = await post(mcp_client(), PING)
    second = await post(mcp_client(), PING)
    assert first.headers["x-request-id"] != second.headers["x-request-id"]


async def test_an_unexpected_failure_is_a_json_rpc_error_not_a_500(mcp_client, monkeypatch):
    async def broken(headers, call):
        raise RuntimeError("database exploded with secrets")

    monkeypatch.setattr("apps.mcp.transport.authenticate", broken)
    response = await post(mcp_client(), PING)
    assert response.status_code == 200
    body = response.json()
    assert body["error"]["code"] == -32603
    assert "secrets" not in response.text
    assert body["error"]["message"] == f"Internal error (request {response.headers['x-request-id']})."


async def test_access_refusal_keeps_its_status_and_code(mcp_client, monkeypatch):
    async def refuse(headers, call):
        raise access.AccessRefused(401, -32001, "Unauthorized: send X-API-Key.", [(b"www-authenticate", b"ApiKey")])

    monkeypatch.setattr("apps.mcp.transport.authenticate", refuse)
    response = await post(mcp_client(), PING)
    assert_transport_error(response, 401, -32001, "Unauthorized")
    assert response.headers["www-authenticate"] == "ApiKey"


async def test_no_session_id_is_ever_issued(mcp_client):
    response = await post(mcp_client(), rpc("initialize", {"protocolVersion": "2025-11-25", "capabilities": {},
                                                             "clientInfo": {"name": "t", "version": "1"}}))
    assert response.status_code == 200
    assert "mcp-session-id" not in response.headers


async def test_an_answer_utf8_cannot_carry_is_still_sent(mcp_client, monkeypatch):
    """Issue 11 (2): an unencodable string in an answer used to leave the request unanswered."""
    from apps.mcp import messages

    async def odd(method, params, call):
        return {"text": "half a pair: \ud800"}

    monkeypatch.setattr(messages, "dispatch", odd)
    response = await post(mcp_client(), PING)
    assert response.status_code == 200
    assert response.json() == {"jsonrpc": "2.0", "id": 1, "result": {"text": "half a pair: \ud800"}}
    assert b"\\ud800" in response.content
