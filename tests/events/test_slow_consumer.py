"""A client that stops reading is cut off with where to resume; the others keep streaming.

Each test runs its own daphne (a real server, with daphne's default 20 s ping interval and
30 s ping timeout) and a slow client whose socket has a tiny receive buffer and which stops
reading, so the server's socket really backs up. Nothing here races a clock: the slow
client reads only after everything was emitted, and every wait is generous — the server
keeps a slow consumer's reason and close frame for it for a minute
(SLOW_CONSUMER_GRACE_SECONDS), far longer than any of these stalls.

Why it used to flake (about 2 runs in 10 under load, "Connection reset by peer"): the server
waited 10 s for the stalled client to read the reason, then sent its close frame anyway;
autobahn resets a connection whose close is not answered within 1 s, and the reset threw
away the unread events, the reason and the close frame. On a loaded box, emitting and
reading the fast client's events took longer than those 10 s.
"""
import asyncio
import socket
import time

import pytest
import websockets
from django.db import connection, connections, transaction

from apps.events.services import event_emit
from tests.events.streams import connect, recv, recv_events, subscribe
from tests.servers import start_daphne

BUFFER = 200  # events the server queues per socket (CIVICMIND_EVENTS_BUFFER_SIZE)
PADDING = "x" * 8000  # staff form: big events back the slow socket up quickly


@pytest.fixture
def small_buffer_server(transactional_db, tmp_path):
    server = start_daphne(connection.settings_dict, tmp_path, "parking",
                          CIVICMIND_EVENTS_BUFFER_SIZE=str(BUFFER), CIVICMIND_EVENTS_POLL_MS="100")
    yield server
    server.stop()


def emit_paced(total: int | None = None, *, seconds: float | None = None, per_second: int = 100,
               padding: str = PADDING) -> list[int]:
    """Commit events ten at a time at about `per_second`, `total` of them or for `seconds`."""
    ids: list[int] = []
    started = time.monotonic()
    try:
        while (total is None or len(ids) < total) and (seconds is None or time.monotonic() - started < seconds):
            with transaction.atomic():
                ids += [event_emit(type="violation.created", domain="parking",
                                   data={"violation_id": n, "citation_number": f"PV-{n:06d}",
                                         "license_plate": "SLOW1", "note": padding}).id
                        for n in range(len(ids), len(ids) + 10)]
            # Keep the pace against the clock, not by fixed sleeps that a loaded box stretches.
            time.sleep(max(0.0, started + len(ids) / per_second - time.monotonic()))
    finally:
        connections.close_all()
    return ids


def stalled_client(url: str, port: int, key: str):
    """A client that reads only when the test calls recv: a 4 KiB receive buffer, one queued
    message, and no keepalive pings of its own (their unanswered pongs would close it)."""
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect(("127.0.0.1", port))
    return connect(url, key=key, sock=sock, max_queue=1, ping_interval=None, max_size=None)


async def read_until_closed(slow, ids: list[int]) -> tuple[list[int], dict]:
    """What reached the stalled client: events in order, then the reason, then a 4008 close."""
    seen = []
    while True:
        message = await recv(slow, 30)
        if "id" not in message:
            break
        seen.append(message["id"])
    assert message == {"type": "error", "reason": "slow consumer",
                       "resume_from": seen[-1] if seen else ids[0] - 1}
    assert seen == ids[:len(seen)] and len(seen) < len(ids)
    with pytest.raises(websockets.ConnectionClosed) as closed:
        await recv(slow, 30)
    assert closed.value.rcvd is not None, "no close frame (a reset or a drop)"
    assert closed.value.rcvd.code == 4008
    return seen, message


async def resume(url: str, key: str, since: int, count: int) -> list[int]:
    async with connect(url, key=key, max_size=None) as again:
        await subscribe(again, events=["violation.created"], since=since)
        return [e["id"] for e in await recv_events(again, count, timeout=30)]


async def test_slow_consumer_is_closed_with_resume_from_and_others_get_everything(small_buffer_server, issue_key):
    server = small_buffer_server
    url = server.events_url("parking")
    key = await issue_key(domains=["parking"])  # staff: the big events' padding is sent in full
    total = 600  # 4.8 MB: far more than the slow socket's buffers (~0.2 MB) and queue (1.6 MB) hold
    async with stalled_client(url, server.ports["parking"], key) as slow, \
            connect(url, key=key, max_size=None, max_queue=None) as fast:
        await subscribe(slow, events=["violation.created"])
        await subscribe(fast, events=["violation.created"])
        # The fast client reads while the events are emitted, as a live subscriber does.
        reading = asyncio.ensure_future(recv_events(fast, total, timeout=30))
        ids = await asyncio.to_thread(emit_paced, total)
        assert [e["id"] for e in await reading] == ids
        seen, reason = await read_until_closed(slow, ids)
    # Resuming from there misses nothing.
    assert seen + await resume(url, key, reason["resume_from"], total - len(seen)) == ids


async def test_a_reader_that_stops_for_40_seconds_at_100_events_a_second_gets_the_reason(small_buffer_server, issue_key):
    """Issue 14, item 5: a client stops reading for 40 s while ~100 events/s flow.

    40 s is past daphne's ping interval (20 s): before the fix the socket's buffers absorbed
    the stream, the buffer limit never triggered, and the ping timeout dropped the client with
    no reason and no close frame. Now the socket backs up within a few seconds, the queue
    overflows, and the reason and close frame wait for the client; when it reads again it gets
    the events in order, the reason with resume_from, and a 4008 close, and resuming from
    there loses nothing.
    """
    server = small_buffer_server
    url = server.events_url("parking")
    key = await issue_key(domains=["parking"])
    async with stalled_client(url, server.ports["parking"], key) as slow:
        await subscribe(slow, events=["violation.created"])
        stall_started = time.monotonic()
        ids = await asyncio.to_thread(emit_paced, seconds=40, padding="x" * 1000)
        assert time.monotonic() - stall_started >= 40 and len(ids) >= 2000  # the pace held, roughly
        seen, reason = await read_until_closed(slow, ids)
    assert seen + await resume(url, key, reason["resume_from"], len(ids) - len(seen)) == ids


class _Transport:
    """Just what FlowControl reads from a Twisted transport: the socket and the pause mark."""

    producerPaused = False
    disconnected = False

    def __init__(self, sock):
        self.sock = sock

    def getHandle(self):
        return self.sock


def test_bytes_the_kernel_still_holds_count_as_backed_up():
    """Twisted's buffer is empty here; only the kernel's send queue shows the client stopped."""
    from apps.events.flow import WRITE_LIMIT, FlowControl

    listener = socket.create_server(("127.0.0.1", 0))
    client = socket.socket()
    client.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    client.connect(listener.getsockname())
    server_side, _ = listener.accept()
    server_side.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 1 << 20)  # as autotuning grows it
    try:
        flow = FlowControl(_Transport(server_side))
        assert not flow.backed_up
        server_side.setblocking(False)
        written = 0
        try:
            while written < 8 * WRITE_LIMIT:  # the client reads nothing
                written += server_side.send(b"x" * 4096)
        except BlockingIOError:
            pass
        assert flow.unsent_bytes() > WRITE_LIMIT and flow.backed_up
    finally:
        for sock in (client, server_side, listener):
            sock.close()


def test_a_slow_consumers_close_handshake_gets_longer_than_autobahns_second():
    from apps.events.flow import FlowControl

    class Protocol:
        closeHandshakeTimeout = 1

    protocol = Protocol()
    FlowControl(None, protocol).allow_close_handshake(10.0)
    assert protocol.closeHandshakeTimeout == 10.0
    FlowControl().allow_close_handshake(10.0)  # no daphne protocol (tests, other servers): nothing to do
