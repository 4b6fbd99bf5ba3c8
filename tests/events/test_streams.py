"""/events end to end: a real `serve` process, the `websockets` client, committed events."""
import asyncio
import threading

import pytest
import websockets
from django.db import connections, transaction

from apps.events.models import Event
from apps.events.services import event_emit
from tests.events.streams import (
    DATA, assert_no_events, assert_silent, connect, db_read, emit, emit_committed, recv, recv_events, send,
    subscribe,
)


async def test_subscribe_then_receive_the_event_as_stored(server, issue_key):
    # A staff key gets the event exactly as stored (anonymous callers get its public form:
    # tests/events/test_authorization.py).
    async with connect(server.events_url("parking"), key=await issue_key(domains=["parking"])) as ws:
        reply = await subscribe(ws, events=["violation.created"])
        assert reply == {"type": "subscribed", "events": ["violation.created"], "domains": ["parking"],
                         "since": None, "last_event_id": 0, "view": "staff"}
        (event_id,) = await emit("violation.created", n=7)
        (event,) = await recv_events(ws, 1)
    stored = await db_read(lambda: Event.objects.get(id=event_id).as_message())
    assert event == stored
    assert event["type"] == "violation.created" and event["domain"] == "parking"
    assert event["data"] == {"violation_id": 7, "citation_number": "PV-000007", "license_plate": "ABC123"}


async def test_a_domain_listener_streams_its_own_domain_by_default(server):
    async with connect(server.events_url("parking")) as ws:
        await subscribe(ws, events=["*"])
        ids = await emit("complaint.filed", "violation.created", "permit.submitted")
        assert [e["id"] for e in await recv_events(ws, 1)] == [ids[1]]
        await assert_silent(ws)


async def test_domains_in_the_subscription_replace_the_listener_default(server):
    async with connect(server.events_url("parking")) as ws:
        reply = await subscribe(ws, events=["*"], domains=["noise", "permits"])
        assert reply["domains"] == ["noise", "permits"]
        ids = await emit("complaint.filed", "violation.created", "permit.submitted")
        assert [e["id"] for e in await recv_events(ws, 2)] == [ids[0], ids[2]]
        await assert_silent(ws)


async def test_wildcards_and_type_filters_on_the_all_domains_listener(server):
    async with connect(server.events_url()) as ws:
        reply = await subscribe(ws, events=["permit.*", "complaint.filed"])
        assert reply["domains"] is None
        ids = await emit("permit.submitted", "violation.created", "complaint.filed", "permit.status_changed",
                         "outage.reported")
        events = await recv_events(ws, 3)
        assert [(e["id"], e["type"]) for e in events] == [
            (ids[0], "permit.submitted"), (ids[2], "complaint.filed"), (ids[3], "permit.status_changed")]
        await assert_silent(ws)


async def test_events_by_path_default_to_the_named_domain(server):
    async with connect(f"{server.events_url()}/noise/") as ws:
        reply = await subscribe(ws, action="subscribe", events=["*"])
        assert reply["domains"] == ["noise"]
        ids = await emit("violation.created", "complaint.filed")
        assert [e["id"] for e in await recv_events(ws, 1)] == [ids[1]]


async def test_unsubscribe_stops_those_events(server):
    async with connect(server.events_url()) as ws:
        await subscribe(ws, events=["violation.created", "complaint.filed"])
        await send(ws, {"action": "unsubscribe", "events": ["violation.created"]})
        assert await recv(ws) == {"type": "unsubscribed", "removed": ["violation.created"],
                                  "events": ["complaint.filed"], "domains": None}
        ids = await emit("violation.created", "complaint.filed")
        assert [e["id"] for e in await recv_events(ws, 1)] == [ids[1]]


async def test_bad_messages_get_an_error_and_the_socket_stays_open(server):
    async with connect(server.events_url("parking")) as ws:
        await send(ws, "{not json")
        assert await recv(ws) == {"type": "error", "reason": "malformed message: expected a JSON object"}
        await send(ws, {"action": "subscribe", "events": ["violation.created", "parade.started"]})
        assert await recv(ws) == {"type": "error", "reason": "unknown event types", "events": ["parade.started"]}
        await send(ws, {"action": "dance"})
        assert await recv(ws) == {"type": "error",
                                  "reason": "unknown action 'dance': expected subscribe, unsubscribe or ping"}
        await ws.send(b"\x00\x01")
        assert (await recv(ws))["reason"] == "malformed message: binary frames are not supported; send JSON text"
        await send(ws, {"action": "ping"})
        assert await recv(ws) == {"type": "pong"}


async def test_an_unknown_domain_in_the_path_is_explained_then_closed(server):
    async with connect(f"{server.events_url()}/parkinglot/") as ws:
        message = await recv(ws)
        assert message["type"] == "error"
        assert message["reason"] == "unknown domain 'parkinglot' in the path"
        with pytest.raises(websockets.ConnectionClosed) as closed:
            await recv(ws)
    assert closed.value.rcvd.code == 4404


async def test_a_foreign_origin_is_refused_like_mcp(server):
    with pytest.raises(websockets.InvalidStatus) as refused:
        async with connect(server.events_url("parking"), origin="http://evil.example"):
            pass
    assert refused.value.response.status_code == 403
    async with connect(server.events_url("parking"), origin="http://localhost:5173") as ws:
        await send(ws, {"action": "ping"})
        assert await recv(ws) == {"type": "pong"}


async def test_since_replays_then_goes_live_without_gap_or_duplicate(server):
    before = await emit("violation.created", "complaint.filed", "violation.paid")
    async with connect(server.events_url("parking")) as ws:
        reply = await subscribe(ws, events=["violation.*"], since=before[0] - 1)
        assert reply["since"] == before[0] - 1 and reply["last_event_id"] == before[2]
        replayed = [await recv(ws) for _ in range(3)]
        assert [m.get("id") for m in replayed[:2]] == [before[0], before[2]]
        assert replayed[2] == {"type": "replayed", "count": 2, "last_event_id": before[2]}
        live = await emit("violation.created")
        assert [e["id"] for e in await recv_events(ws, 1)] == live


async def test_reconnecting_with_the_last_id_seen_misses_nothing_while_events_keep_coming(server):
    total = 40
    stop = threading.Event()
    emitted: list[int] = []

    def producer():
        try:
            for n in range(total):
                emitted.extend(emit_committed("violation.created", n=n))
                stop.wait(0.03)
        finally:
            connections.close_all()

    start = (await emit("complaint.filed"))[0]  # the stream position before the producer starts
    thread = threading.Thread(target=producer)
    thread.start()
    received: list[int] = []
    try:
        last = start
        for chunk in (7, 11, 9):  # three disconnects, each mid-stream
            async with connect(server.events_url("parking")) as ws:
                await subscribe(ws, events=["violation.created"], since=last)
                for event in await recv_events(ws, chunk):
                    received.append(event["id"])
                last = received[-1]
        async with connect(server.events_url("parking")) as ws:
            await subscribe(ws, events=["violation.created"], since=last)
            while len(received) < total:
                received.append((await recv_events(ws, 1, timeout=10))[0]["id"])
            await assert_no_events(ws, 1.2)
    finally:
        thread.join()
    assert received == emitted
    assert len(set(received)) == total


async def test_a_rolled_back_change_announces_nothing(server):
    def rolled_back():
        try:
            with transaction.atomic():
                event_emit(type="violation.created", domain="parking", data=DATA["violation.created"](1))
                raise RuntimeError("the service failed after emitting")
        except RuntimeError:
            pass
        finally:
            connections.close_all()

    async with connect(server.events_url("parking")) as ws:
        await subscribe(ws, events=["*"])
        await asyncio.to_thread(rolled_back)
        marker = await emit("violation.paid", n=2)
        events = await recv_events(ws, 1)
        assert [e["id"] for e in events] == marker
        await assert_silent(ws)
    assert await db_read(lambda: list(Event.objects.values_list("type", flat=True))) == ["violation.paid"]
