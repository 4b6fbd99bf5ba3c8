"""The consumer and the process's stream reader, in process (channels' WebsocketCommunicator)."""
import asyncio
import json

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings as django_settings

from apps.events import consumers, pump
from apps.events.flow import FlowControl
from apps.events.models import Event
from apps.events.routing import websocket_application
from apps.mcp import observe
from tests.events.streams import DATA, emit_committed

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def fast_poll(settings):
    settings.CIVICMIND_EVENTS_POLL_MS = 50
    settings.CIVICMIND_EVENTS_GAP_TIMEOUT_MS = 10_000


def communicator(path="/events", domain=None, origin=None):
    headers = [(b"origin", origin.encode())] if origin else []
    comm = WebsocketCommunicator(websocket_application, path, headers=headers)
    port = django_settings.CIVICMIND_DOMAIN_PORTS[domain] if domain else django_settings.CIVICMIND_ADMIN_PORT
    comm.scope["server"] = ("127.0.0.1", port)
    return comm


async def emit(*types, n=1):
    return await sync_to_async(emit_committed)(*types, n=n)


async def insert(event_id: int, event_type="violation.created"):
    """Store an event with a chosen id (to make gaps), without publishing it."""
    await sync_to_async(Event.objects.create)(id=event_id, type=event_type, domain="parking",
                                              data=DATA[event_type](event_id))


async def receive(comm, timeout=3):
    return json.loads(await comm.receive_from(timeout))


async def subscribe(comm, **message):
    await comm.send_to(text_data=json.dumps({"action": "subscribe", **message}))
    reply = await receive(comm)
    assert reply["type"] == "subscribed", reply
    return reply


async def test_origin_is_checked_before_accepting():
    comm = communicator(origin="https://evil.example")
    connected, code = await comm.connect()
    assert (connected, code) == (False, 4403)
    comm = communicator(origin="http://127.0.0.1:8080")
    connected, _ = await comm.connect()
    assert connected
    await comm.disconnect()


async def test_opened_and_closed_are_observed_with_the_listener_domain(monkeypatch):
    seen = []
    monkeypatch.setattr(observe, "websocket_opened", lambda d: seen.append(("opened", d)))
    monkeypatch.setattr(observe, "websocket_closed", lambda d: seen.append(("closed", d)))
    comm = communicator(domain="noise")
    await comm.connect()
    await comm.disconnect()
    comm = communicator()
    await comm.connect()
    await comm.disconnect()
    assert seen == [("opened", "noise"), ("closed", "noise"), ("opened", "all"), ("closed", "all")]


async def test_subscribe_defaults_to_the_listeners_domain_and_streams_live():
    comm = communicator(domain="parking")
    await comm.connect()
    reply = await subscribe(comm, events=["violation.*"])
    assert reply == {"type": "subscribed", "events": ["violation.*"], "domains": ["parking"], "since": None,
                     "last_event_id": 0, "view": "public"}
    ids = await emit("complaint.filed", "violation.created", "violation.paid")
    assert [(await receive(comm))["id"] for _ in range(2)] == ids[1:]
    assert await comm.receive_nothing(0.3)
    await comm.disconnect()


async def test_a_second_subscribe_adds_patterns_and_since_is_refused(settings):
    # The subscribe protocol, on the in-memory layer: on the Redis layer this test's event loop
    # teardown has twice waited out pytest-timeout on a task that would not cancel (noted in
    # the stop 20 closing note: the cause is not found yet); cross-process delivery over Redis
    # is tested in test_cross_process and the fault suite.
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    comm = communicator()
    await comm.connect()
    await subscribe(comm, events=["violation.created"])
    reply = await subscribe(comm, events=["complaint.filed"], domains=["noise"])
    assert reply == {"type": "subscribed", "events": ["complaint.filed", "violation.created"], "domains": ["noise"],
                     "since": None, "last_event_id": 0, "view": "public"}
    await comm.send_to(text_data=json.dumps({"action": "subscribe", "since": 0}))
    assert await receive(comm) == {"type": "error", "reason": '"since" is only accepted on the first subscribe of '
                                                              'a connection; reconnect to replay'}
    await comm.send_to(text_data="x" * 70_000)
    assert await receive(comm) == {"type": "error", "reason": "malformed message: larger than 65536 bytes"}
    await comm.disconnect()


async def test_live_events_wait_behind_a_gap_until_it_is_proven_final(monkeypatch):
    quiet = asyncio.Event()

    def read_final(read):
        return (True, read()) if quiet.is_set() else (False, None)

    monkeypatch.setattr(pump, "outbox_read_final", read_final)
    await insert(1)
    quiet.set()
    comm = communicator(domain="parking")
    await comm.connect()
    assert (await subscribe(comm, events=["*"]))["last_event_id"] == 1
    quiet.clear()
    await insert(3)  # id 2 is "still open" somewhere
    assert await comm.receive_nothing(0.5)
    await insert(2)
    assert [(await receive(comm))["id"] for _ in range(2)] == [2, 3]
    await insert(5)  # id 4 never commits: held until the database says it is final
    assert await comm.receive_nothing(0.5)
    quiet.set()
    assert (await receive(comm))["id"] == 5
    await comm.disconnect()


async def test_a_gap_nobody_can_prove_is_skipped_after_the_timeout_and_watched(monkeypatch, settings):
    settings.CIVICMIND_EVENTS_GAP_TIMEOUT_MS = 300
    monkeypatch.setattr(pump, "outbox_read_final", lambda read: (False, None))
    comm = communicator(domain="parking")
    await comm.connect()
    await subscribe(comm, events=["*"])  # starts after the timeout, at the last visible id (0)
    await insert(2)
    assert await comm.receive_nothing(0.15)
    assert (await receive(comm))["id"] == 2
    await insert(1)  # committed long after: delivered late rather than lost
    assert (await receive(comm))["id"] == 1
    await insert(3)
    assert (await receive(comm))["id"] == 3
    await comm.disconnect()


async def test_a_slow_consumer_is_closed_with_where_to_resume_and_others_are_unaffected(monkeypatch, settings):
    settings.CIVICMIND_EVENTS_BUFFER_SIZE = 3
    stuck = FlowControl()
    stuck.pause()  # as the transport does when the client stops reading
    flows = iter([stuck, FlowControl()])
    monkeypatch.setattr(consumers, "flow_control", lambda send: next(flows))
    slow, fast = communicator(domain="parking"), communicator(domain="parking")
    await slow.connect()
    await fast.connect()
    start = (await subscribe(slow, events=["*"]))["last_event_id"]
    await subscribe(fast, events=["*"])
    ids = await emit(*["violation.created"] * 5)
    assert await receive(slow) == {"type": "error", "reason": "slow consumer", "resume_from": start}
    assert await slow.receive_nothing(0.3)  # the close waits for the client to read up to the reason
    stuck.resume()
    assert (await slow.receive_output(3)) == {"type": "websocket.close", "code": 4008}
    assert [(await receive(fast))["id"] for _ in range(5)] == ids
    await fast.disconnect()


async def test_replay_sends_stored_matching_events_then_a_marker_then_live():
    ids = await emit("violation.created", "complaint.filed", "violation.paid")
    comm = communicator()
    await comm.connect()
    reply = await subscribe(comm, events=["violation.*"], since=0)
    assert reply["last_event_id"] == ids[2]
    assert [(await receive(comm))["id"] for _ in range(2)] == [ids[0], ids[2]]
    assert await receive(comm) == {"type": "replayed", "count": 2, "last_event_id": ids[2]}
    live = await emit("violation.created")
    assert (await receive(comm))["id"] == live[0]
    await comm.disconnect()


async def test_a_path_that_serves_nothing_is_denied_before_the_handshake(caplog):
    comm = communicator(path="/ws/chat/")
    comm.scope["client"] = ("127.0.0.1", 50000)
    with caplog.at_level("INFO", logger="civicmind.events"):
        assert await comm.connect() == (False, 4404)
    assert [r.getMessage() for r in caplog.records] == ["websocket to unknown path '/ws/chat/' from 127.0.0.1 refused"]
    assert all(r.exc_info is None for r in caplog.records)


async def test_the_principal_in_the_scope_decides_domains_and_form():
    from apps.accounts.principals import Principal
    from apps.mcp.registry import Access

    comm = communicator()
    comm.scope["civicmind.principal"] = Principal(name="k", key_id=7, domains=frozenset({"parking"}),
                                                  level=Access.STAFF, prefix="cmk_abcdefgh")
    await comm.connect()
    reply = await subscribe(comm, events=["*"], domains=["*"])
    assert (reply["domains"], reply["view"]) == (["parking"], "staff")
    ids = await emit("complaint.filed", "violation.created")
    event = await receive(comm)
    assert event["id"] == ids[1] and event["data"]["license_plate"] == "ABC123"
    assert await comm.receive_nothing(0.3)
    await comm.disconnect()

