"""Sessions and resources/subscribe on the wire (a real server, plain HTTP): what a client may and may not do.

The SDK-client journeys are in test_subscriptions_e2e.py; here each rule of the handshake-era
session and of subscriptions/listen's filter, with the exact answers.
"""
import json

import httpx
import pytest

from apps.accounts.services import api_key_create
from apps.mcp.models import McpSession, ResourceSubscription
from apps.mcp.sessions import MAX_SUBSCRIPTIONS_PER_SESSION

ACCEPT = {"Accept": "application/json, text/event-stream"}
LEGACY = {**ACCEPT, "MCP-Protocol-Version": "2025-11-25"}
APPLICATION = "civicmind://permits/applications/PRM-2026-000115"  # in the demo city


def post(url, method, params=None, headers=None, request_id=1):
    body = {"jsonrpc": "2.0", "id": request_id, "method": method, "params": params or {}}
    return httpx.post(url, json=body, headers={**LEGACY, **(headers or {})}, timeout=20)


def open_session(url, headers=None) -> str:
    reply = post(url, "initialize", {"protocolVersion": "2025-11-25", "capabilities": {},
                                     "clientInfo": {"name": "tests", "version": "1"}}, headers)
    assert reply.status_code == 200, reply.text
    return reply.headers["mcp-session-id"]


@pytest.fixture
def url(server, demo_city):
    return server.mcp_url("permits")


def test_initialize_opens_a_session_and_requests_without_one_stay_stateless(url):
    session_id = open_session(url)
    assert len(session_id) >= 32 and session_id.isascii()
    row = McpSession.objects.get(pk=session_id)
    assert (row.domain, row.protocol_version, row.key_id, row.ended_at) == ("permits", "2025-11-25", None, None)
    assert post(url, "tools/list").status_code == 200  # no session header: served as before
    assert "mcp-session-id" not in post(url, "ping").headers


def test_subscribe_needs_a_session(url):
    error = post(url, "resources/subscribe", {"uri": APPLICATION}).json()["error"]
    assert error["code"] == -32600
    assert "Mcp-Session-Id" in error["message"]
    assert not ResourceSubscription.objects.exists()


@pytest.mark.parametrize("uri", [None, "", 7, "no scheme", "civicmind://permits/applications/PRM 1",
                                 "x:" + "a" * 1000])
def test_a_malformed_uri_is_invalid_params(url, uri):
    session = {"Mcp-Session-Id": open_session(url)}
    error = post(url, "resources/subscribe", {"uri": uri}, session).json()["error"]
    assert error["code"] == -32602 and error["data"] == {"argument": "uri"}


@pytest.mark.parametrize("uri", ["civicmind://permits/applications/PRM-2026-999999",
                                 "civicmind://noise/complaints/NC-2026-000001",  # another listener's
                                 "civicmind://permits/nothing-here"])
def test_what_the_caller_cannot_read_here_is_not_found_and_nothing_is_kept(url, uri):
    session = {"Mcp-Session-Id": open_session(url)}
    error = post(url, "resources/subscribe", {"uri": uri}, session).json()["error"]
    assert error["code"] == -32002 and error["data"] == {"uri": uri}
    assert not ResourceSubscription.objects.exists()


def test_subscriptions_are_kept_once_matched_by_stored_reference_and_capped(url):
    session_id = open_session(url)
    session = {"Mcp-Session-Id": session_id}
    typed = APPLICATION.lower().replace("000115", "115")
    for _ in range(2):
        assert post(url, "resources/subscribe", {"uri": typed}, session).json() == {
            "jsonrpc": "2.0", "id": 1, "result": {}}
    # A URI of another scheme names nothing here: kept (the spec allows it), never notified.
    assert post(url, "resources/subscribe", {"uri": "test://watched-resource"}, session).json()["result"] == {}
    assert list(ResourceSubscription.objects.order_by("id").values_list("uri", "watch_key")) == [
        (typed, "civicmind://permits/applications/{reference}#PRM-2026-000115"),
        ("test://watched-resource", ""),
    ]
    for number in range(MAX_SUBSCRIPTIONS_PER_SESSION - 2):
        assert "result" in post(url, "resources/subscribe", {"uri": f"test://r/{number}"}, session).json()
    error = post(url, "resources/subscribe", {"uri": "test://one-too-many"}, session).json()["error"]
    assert error["code"] == -32602 and "at most 100 subscriptions" in error["message"]
    assert post(url, "resources/unsubscribe", {"uri": typed}, session).json()["result"] == {}
    assert post(url, "resources/unsubscribe", {"uri": typed}, session).json()["result"] == {}  # again: nothing
    assert ResourceSubscription.objects.filter(session_id=session_id).count() == MAX_SUBSCRIPTIONS_PER_SESSION - 1


def test_a_session_is_its_keys_alone(url, django_user_model):
    owner = django_user_model.objects.create_user(username="session-owner", password="x" * 20)
    key = api_key_create(name="resident app", owner=owner, domains=["permits"], access_level="resident").raw_key
    other = api_key_create(name="another app", owner=owner, domains=["permits"], access_level="resident").raw_key
    session_id = open_session(url, {"Authorization": f"Bearer {key}"})
    assert post(url, "ping", headers={"Mcp-Session-Id": session_id, "Authorization": f"Bearer {key}"}).status_code == 200
    for headers in ({}, {"Authorization": f"Bearer {other}"}):
        reply = post(url, "ping", headers={"Mcp-Session-Id": session_id, **headers})
        assert reply.status_code == 404 and reply.json()["error"]["code"] == -32600


def test_a_session_belongs_to_its_listener(server, url):
    session_id = open_session(url)
    reply = post(server.mcp_url("noise"), "ping", headers={"Mcp-Session-Id": session_id})
    assert reply.status_code == 404


def test_delete_ends_a_session_and_its_subscriptions(url):
    session_id = open_session(url)
    session = {"Mcp-Session-Id": session_id}
    post(url, "resources/subscribe", {"uri": APPLICATION}, session)
    ended = httpx.delete(url, headers={**LEGACY, **session})
    assert ended.status_code == 204 and ended.content == b""
    assert McpSession.objects.get(pk=session_id).ended_at is not None
    assert not ResourceSubscription.objects.exists()
    for reply in (post(url, "ping", headers=session), httpx.delete(url, headers={**LEGACY, **session}),
                  httpx.get(url, headers={"Accept": "text/event-stream", **session})):
        assert reply.status_code == 404 and reply.json()["error"]["code"] == -32600
    assert httpx.get(url, headers={"Accept": "text/event-stream", "Mcp-Session-Id": "no-such-session"}).status_code == 404


def test_the_stream_is_event_stream_only(url):
    session = {"Mcp-Session-Id": open_session(url)}
    reply = httpx.get(url, headers={"Accept": "application/json", **session})
    assert reply.status_code == 406


def test_the_session_stream_opens_with_event_stream_headers(url):
    session = {"Mcp-Session-Id": open_session(url)}
    with httpx.stream("GET", url, headers={"Accept": "text/event-stream", **session}, timeout=10) as stream:
        assert stream.status_code == 200
        assert stream.headers["content-type"] == "text/event-stream"
        assert stream.headers["cache-control"].startswith("no-cache")


# --- 2026-07-28 -------------------------------------------------------------------------

MODERN = {**ACCEPT, "MCP-Protocol-Version": "2026-07-28", "Mcp-Method": "subscriptions/listen"}
META = {"io.modelcontextprotocol/protocolVersion": "2026-07-28",
        "io.modelcontextprotocol/clientInfo": {"name": "tests", "version": "1"},
        "io.modelcontextprotocol/clientCapabilities": {}}


def listen(url, notifications, request_id="l-1"):
    return {"jsonrpc": "2.0", "id": request_id, "method": "subscriptions/listen",
            "params": {"_meta": META, "notifications": notifications}}


def first_message(url, body) -> dict:
    with httpx.stream("POST", url, json=body, headers=MODERN, timeout=10) as stream:
        assert stream.status_code == 200 and stream.headers["content-type"] == "text/event-stream"
        for line in stream.iter_lines():
            if line.startswith("data: "):
                return json.loads(line[len("data: "):])
    raise AssertionError("the stream ended without a message")


def test_listen_acknowledges_only_what_it_will_honor(url):
    ack = first_message(url, listen(url, {
        "resourceSubscriptions": [APPLICATION, "civicmind://permits/applications/PRM-2026-999999",
                                  "test://watched-resource", APPLICATION],
        "resourcesListChanged": True, "toolsListChanged": True, "promptsListChanged": True}))
    assert ack == {"jsonrpc": "2.0", "method": "notifications/subscriptions/acknowledged", "params": {
        "notifications": {"resourcesListChanged": True, "resourceSubscriptions": [APPLICATION]},
        "_meta": {"io.modelcontextprotocol/subscriptionId": "l-1"}}}


@pytest.mark.parametrize("notifications, argument", [
    (None, "notifications"), ([], "notifications"),
    ({"resourcesListChanged": "yes"}, "notifications.resourcesListChanged"),
    ({"resourceSubscriptions": "civicmind://permits/types"}, "notifications.resourceSubscriptions"),
    ({"resourceSubscriptions": [1]}, "notifications.resourceSubscriptions"),
    ({"resourceSubscriptions": ["nope"]}, "notifications.resourceSubscriptions"),
])
def test_a_malformed_filter_is_400_invalid_params_before_any_stream(url, notifications, argument):
    reply = httpx.post(url, json=listen(url, notifications), headers=MODERN, timeout=10)
    assert reply.status_code == 400 and reply.headers["content-type"] == "application/json"
    assert reply.json()["error"]["code"] == -32602 and reply.json()["error"]["data"] == {"argument": argument}


def test_listen_needs_a_client_that_reads_streams(url):
    reply = httpx.post(url, json=listen(url, {}), headers={**MODERN, "Accept": "application/json"}, timeout=10)
    assert reply.status_code == 400 and "text/event-stream" in reply.json()["error"]["message"]


def test_the_handshake_subscribe_is_gone_in_2026(url):
    body = {"jsonrpc": "2.0", "id": 1, "method": "resources/subscribe", "params": {"_meta": META, "uri": APPLICATION}}
    reply = httpx.post(url, json=body, headers={**MODERN, "Mcp-Method": "resources/subscribe"}, timeout=10)
    assert reply.status_code == 404 and reply.json()["error"]["code"] == -32601
