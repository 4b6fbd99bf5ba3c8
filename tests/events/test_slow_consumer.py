"""A client that stops reading is cut off with where to resume; the others keep streaming.

Uses its own daphne with a small per-socket buffer, and a client socket with a tiny
receive buffer that stops reading, so the server's transport really backs up.
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

TOTAL = 300
PADDING = "x" * 8000  # big events fill the socket buffers quickly


@pytest.fixture
def small_buffer_server(transactional_db, tmp_path):
    server = start_daphne(connection.settings_dict, tmp_path, "parking",
                          CIVICMIND_EVENTS_BUFFER_SIZE="20", CIVICMIND_EVENTS_POLL_MS="100")
    yield server
    server.stop()


def emit_many() -> list[int]:
    """Commit TOTAL events, ten at a time: a pace a reading client easily keeps up with."""
    ids = []
    try:
        for start in range(0, TOTAL, 10):
            with transaction.atomic():
                ids += [event_emit(type="violation.created", domain="parking",
                                   data={"violation_id": n, "citation_number": f"PV-{n:06d}",
                                         "license_plate": "SLOW1", "note": PADDING}).id
                        for n in range(start, start + 10)]
            time.sleep(0.05)
    finally:
        connections.close_all()
    return ids


def tiny_receive_socket(port: int) -> socket.socket:
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect(("127.0.0.1", port))
    return sock


async def test_slow_consumer_is_closed_with_resume_from_and_others_get_everything(small_buffer_server, issue_key):
    server = small_buffer_server
    url = server.events_url("parking")
    key = await issue_key(domains=["parking"])  # staff: the big events' padding is sent in full
    async with connect(url, key=key, sock=tiny_receive_socket(server.ports["parking"]), max_queue=1) as slow, \
            connect(url, key=key, max_size=None) as fast:
        await subscribe(slow, events=["violation.created"])
        await subscribe(fast, events=["violation.created"])
        ids = await asyncio.to_thread(emit_many)
        fast_ids = [e["id"] for e in await recv_events(fast, TOTAL, timeout=30)]
        assert fast_ids == ids
        # Now the slow client reads what reached it: some events, then the reason, then the close.
        seen = []
        while True:
            message = await recv(slow, 10)
            if "id" not in message:
                break
            seen.append(message["id"])
        assert message == {"type": "error", "reason": "slow consumer", "resume_from": seen[-1] if seen else ids[0] - 1}
        assert seen == ids[:len(seen)] and len(seen) < TOTAL
        with pytest.raises(websockets.ConnectionClosed) as closed:
            await recv(slow, 10)
        assert closed.value.rcvd.code == 4008
    # Resuming from there misses nothing.
    async with connect(url, key=key, max_size=None) as again:
        await subscribe(again, events=["violation.created"], since=message["resume_from"])
        rest = [e["id"] for e in await recv_events(again, TOTAL - len(seen), timeout=30)]
    assert seen + rest == ids
