"""Who hears what on /events (issue 11, item 1), through a real server and the `websockets` client.

Anonymous sockets get the public form of each event, a key scoped to some domains hears only
those (on every listener, live and in replay), a staff key gets events as stored; the key
comes in the handshake or in the first subscribe.
"""
import json

import pytest
import websockets
from django.db import connection, connections, transaction

from apps.events import protocol as p
from apps.events.catalogue import EVENT_TYPES
from apps.events.services import event_emit
from tests.events.streams import assert_no_events, connect, emit, recv, recv_events, send, subscribe
from tests.events.test_mcp_events import call_tool
from tests.servers import start_daphne

# What the issue lists as leaking: plates, citation and receipt numbers, amounts, home
# addresses, contest reasons (and the case number of a complaint about a neighbour).
PRIVATE_EVENTS = [
    ("violation.created", "parking", {"violation_id": 901, "citation_number": "PV-2026-000901",
                                      "license_plate": "SECRET1", "violation_type": "expired_meter",
                                      "location": "12 Oak St", "status": "unpaid", "fine": "45.00",
                                      "source": "staff"}),
    ("violation.paid", "parking", {"violation_id": 901, "citation_number": "PV-2026-000901",
                                   "license_plate": "SECRET1", "status": "paid", "receipt_number": "RC-555",
                                   "amount": "45.00"}),
    ("violation.contested", "parking", {"violation_id": 902, "citation_number": "PV-2026-000902",
                                        "license_plate": "SECRET2", "status": "contested",
                                        "reason": "I was at the hospital with my daughter"}),
    ("pickup.scheduled", "environmental", {"reference": "BW-000001", "address": "77 Elm St",
                                           "scheduled_for": "2026-12-10", "area": "A", "fee": "0.00"}),
    ("outage.reported", "utilities", {"outage_id": "OUT-77", "service_type": "power", "address": "78 Elm St",
                                      "new_outage": True, "report_count": 1}),
    ("complaint.filed", "noise", {"case_number": "NC-000009", "noise_type": "loud_music", "location": "79 Elm St"}),
    ("permit.submitted", "permits", {"reference": "BP-000010", "permit_type": "building",
                                     "property_address": "1 Civic Plaza", "status": "submitted"}),
]
SECRETS = ["SECRET1", "SECRET2", "PV-2026", "RC-555", "45.00", "Elm St", "Oak St", "hospital", "NC-000009"]


def emit_private() -> list[int]:
    try:
        with transaction.atomic():
            return [event_emit(type=t, domain=d, data=data).id for t, d, data in PRIVATE_EVENTS]
    finally:
        connections.close_all()


async def recv_raw_events(ws, count: int) -> list[str]:
    """The text frames of `count` events, as sent (to search them for private data)."""
    frames = []
    while len(frames) < count:
        frame = await ws.recv()
        if '"id"' in frame and json.loads(frame).get("id") is not None:
            frames.append(frame)
    return frames


def public_form(data: dict, event_type: str) -> dict:
    return {name: data[name] for name in EVENT_TYPES[event_type].public if name in data}


async def test_anonymous_replay_of_everything_on_any_port_is_public_forms_only(server):
    import asyncio

    before = await asyncio.to_thread(emit_private)
    async with connect(server.events_url("environmental")) as ws:
        await send(ws, {"action": "subscribe", "events": ["*"], "domains": ["*"], "since": 0})
        reply = await recv(ws)
        assert reply["type"] == "subscribed" and reply["view"] == "public" and reply["domains"] is None
        replayed = await recv_raw_events(ws, len(PRIVATE_EVENTS))
        assert await recv(ws) == {"type": "replayed", "count": len(PRIVATE_EVENTS), "last_event_id": before[-1]}
        live_ids = await asyncio.to_thread(emit_private)
        live = await recv_raw_events(ws, len(PRIVATE_EVENTS))
    for frames, ids in ((replayed, before), (live, live_ids)):
        for frame, event_id, (event_type, domain, data) in zip(frames, ids, PRIVATE_EVENTS):
            assert not [secret for secret in SECRETS if secret in frame], frame
            event = json.loads(frame)
            assert (event["id"], event["type"], event["domain"]) == (event_id, event_type, domain)
            assert event["data"] == public_form(data, event_type)
            assert set(event) == {"id", "type", "domain", "timestamp", "data"}
    # The public record stays public.
    assert json.loads(replayed[-1])["data"]["property_address"] == "1 Civic Plaza"


async def test_a_permits_key_hears_only_permits_even_on_the_all_domains_listener(server, issue_key):
    key = await issue_key(domains=["permits"], level="resident")
    async with connect(server.events_url(), key=key) as ws:
        reply = await subscribe(ws, events=["*"], domains=["*"], since=0)
        assert (reply["domains"], reply["view"]) == (["permits"], "public")
        assert await recv(ws) == {"type": "replayed", "count": 0, "last_event_id": 0}
        ids = await emit("violation.created", "permit.submitted", "complaint.filed", "violation.paid")
        assert [e["id"] for e in await recv_events(ws, 1)] == [ids[1]]
        await assert_no_events(ws, 1.2)
        await send(ws, {"action": "subscribe", "domains": ["parking", "permits"]})
        assert await recv(ws) == {"type": "error", "reason": p.DOMAINS_NOT_COVERED, "domains": ["parking"],
                                  "allowed": ["permits"]}
    async with connect(server.events_url("parking"), key=key) as ws:  # parking's listener: parking by default
        await send(ws, {"action": "subscribe", "events": ["*"]})
        assert await recv(ws) == {"type": "error", "reason": p.DOMAINS_NOT_COVERED, "domains": ["parking"],
                                  "allowed": ["permits"]}


async def test_the_since_replay_keeps_to_the_keys_domains(server, issue_key):
    import asyncio

    ids = await asyncio.to_thread(emit_private)
    key = await issue_key(domains=["parking"])
    async with connect(server.events_url("utilities"), key=key) as ws:
        reply = await subscribe(ws, events=["*"], domains=["*"], since=0)
        assert (reply["domains"], reply["view"]) == (["parking"], "staff")
        events = await recv_events(ws, 3)
        assert await recv(ws) == {"type": "replayed", "count": 3, "last_event_id": ids[-1]}
    assert [e["id"] for e in events] == ids[:3]
    assert [e["data"]["license_plate"] for e in events] == ["SECRET1", "SECRET1", "SECRET2"]
    assert events[2]["data"]["reason"] == "I was at the hospital with my daughter"


async def test_a_parking_staff_key_gets_the_plate_by_header_or_in_the_subscribe(server, issue_key):
    key = await issue_key(domains=["parking"])
    async with connect(server.events_url("parking"), key=key) as by_header, \
            connect(server.events_url("parking")) as by_message, connect(server.events_url("parking")) as anonymous:
        assert (await subscribe(by_header, events=["violation.created"]))["view"] == "staff"
        assert (await subscribe(by_message, events=["violation.created"], api_key=key))["view"] == "staff"
        assert (await subscribe(anonymous, events=["violation.created"]))["view"] == "public"
        (event_id,) = await emit("violation.created", n=31)
        (header_event,) = await recv_events(by_header, 1)
        (message_event,) = await recv_events(by_message, 1)
        (public_event,) = await recv_events(anonymous, 1)
    assert header_event == message_event
    assert header_event["data"] == {"violation_id": 31, "citation_number": "PV-000031", "license_plate": "ABC123"}
    assert public_event["id"] == event_id and public_event["data"] == {}


async def test_a_key_in_the_subscribe_is_checked_like_one_in_the_handshake(server, issue_key):
    async with connect(server.events_url("parking")) as ws:
        await send(ws, {"action": "subscribe", "events": ["*"], "api_key": "cmk_not_a_real_key_at_all"})
        message = await recv(ws)
        assert message["type"] == "error" and "API key" in message["reason"]
        with pytest.raises(websockets.ConnectionClosed) as closed:
            await recv(ws)
    assert closed.value.rcvd.code == 4401
    async with connect(server.events_url("parking")) as ws:
        await send(ws, {"action": "subscribe", "api_key": 42})
        assert await recv(ws) == {"type": "error", "reason": p.API_KEY_NOT_STRING}
        await subscribe(ws, events=["*"])
        await send(ws, {"action": "subscribe", "api_key": await issue_key()})
        assert await recv(ws) == {"type": "error", "reason": p.API_KEY_NOT_FIRST}


async def test_the_seeds_event_streamer_works_with_a_staff_key(server, demo_city, issue_key):
    """The guide's MCPEventStreamer, with the key in its handshake: it reads data.license_plate."""
    key = await issue_key(domains=["parking"])
    histories = []

    async def handle_parking_event(domain, event):  # the seed's callback, verbatim in substance
        if event["type"] == "violation.created":
            result = await call_tool(server, "parking", "check_violations",
                                     {"license_plate": event["data"]["license_plate"]})
            histories.append((event["data"]["violation_id"], result))

    async with websockets.connect(server.events_url("parking"), additional_headers={"X-API-Key": key}) as websocket:
        await websocket.send(json.dumps({
            "action": "subscribe",
            "events": ["violation.created", "permit.submitted", "complaint.filed"],
        }))
        assert json.loads(await websocket.recv())["type"] == "subscribed"
        created = await call_tool(server, "parking", "report_violation",
                                  {"license_plate": "SEED42", "violation_type": "expired_meter",
                                   "location": "123 Main St"})
        async for message in websocket:
            event_data = json.loads(message)
            if event_data.get("type") in ["violation.created"]:
                await handle_parking_event("parking", event_data)
                break
    ((violation_id, history),) = histories
    assert violation_id == created["violation_id"]
    assert history["license_plate"] == "SEED42"


@pytest.fixture
def keys_required_listener(transactional_db, tmp_path):
    server = start_daphne(connection.settings_dict, tmp_path, "parking", CIVICMIND_REQUIRE_API_KEY="true",
                          CIVICMIND_EVENTS_POLL_MS="100")
    yield server
    server.stop()


async def test_with_keys_required_a_permits_key_gets_no_parking_events(keys_required_listener, issue_key):
    server = keys_required_listener
    key = await issue_key(domains=["permits"], level="public")
    async with connect(server.events_url("parking"), key=key) as ws:
        assert (await subscribe(ws, events=["*"], domains=["*"]))["domains"] == ["permits"]
        ids = await emit("violation.created", "permit.submitted", "violation.paid")
        assert [e["id"] for e in await recv_events(ws, 1)] == [ids[1]]
        await assert_no_events(ws, 1.2)


async def test_with_keys_required_the_key_comes_with_the_handshake(keys_required_listener, issue_key):
    """Strict listeners refuse a keyless handshake; the query parameter serves clients without headers."""
    server = keys_required_listener
    with pytest.raises(websockets.InvalidStatus) as refused:
        async with connect(server.events_url("parking")):
            pass
    assert refused.value.response.status_code == 403
    key = await issue_key(domains=["parking"])
    async with connect(f"{server.events_url('parking')}?api_key={key}") as ws:
        assert (await subscribe(ws, events=["violation.*"]))["view"] == "staff"
        (event_id,) = await emit("violation.created", n=5)
        (event,) = await recv_events(ws, 1)
    assert (event["id"], event["data"]["license_plate"]) == (event_id, "ABC123")
