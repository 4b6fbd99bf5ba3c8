"""Clients that send what they should not (issue 11, the WebSocket parts of items 2 and 6).

Through a real server: a lone surrogate gets the protocol's error and the socket stays
open (never 1011); a flood of messages is refused then closed with 1008; a WebSocket to a
path that serves nothing is denied at the handshake, logged at info without a traceback.
"""
import asyncio
import time

import pytest
import websockets

from apps.events import protocol as p
from apps.events.throttle import STRIKES_BEFORE_CLOSE
from tests.events.streams import connect, recv, send, subscribe

BURST = 20  # CIVICMIND_EVENTS_MESSAGE_BURST's default
RATE = 10  # CIVICMIND_EVENTS_MESSAGES_PER_SECOND's default


@pytest.mark.parametrize("frame", [
    '{"action": "\\ud800"}',
    '{"action": "subscribe", "events": ["\\udfff"]}',
    '{"action": "subscribe", "domains": ["x\\ud800"]}',
    '{"\\ud800": 1}',
])
async def test_a_lone_surrogate_gets_an_error_and_the_socket_stays_open(server, frame):
    start = len(server.log())
    async with connect(server.events_url("parking")) as ws:
        await ws.send(frame)
        assert await recv(ws) == {"type": "error", "reason": p.MALFORMED_UNICODE}
        await send(ws, {"action": "ping"})
        assert await recv(ws) == {"type": "pong"}
        await subscribe(ws, events=["*"])
    assert "Traceback" not in server.log()[start:]


async def test_a_flood_of_messages_is_refused_then_closed_with_1008(server):
    start = len(server.log())
    async with connect(server.events_url("parking")) as ws:
        started = time.monotonic()
        try:
            for _ in range(2000):
                await ws.send('{"action":"ping"}')
        except websockets.ConnectionClosed:
            pass
        elapsed = time.monotonic() - started
        replies = []
        with pytest.raises(websockets.ConnectionClosed) as closed:
            while True:
                replies.append(await recv(ws, 5))
        elapsed = max(elapsed, time.monotonic() - started)  # tokens may refill until the server closes
    assert closed.value.rcvd.code == 1008
    pongs = [r for r in replies if r == {"type": "pong"}]
    refused = [r for r in replies if r.get("reason") == p.TOO_MANY_MESSAGES.format(rate=RATE, burst=BURST)]
    assert BURST <= len(pongs) <= BURST + RATE * (elapsed + 1)
    assert len(refused) == STRIKES_BEFORE_CLOSE
    assert replies[-1] == {"type": "error", "reason": p.TOO_MANY_MESSAGES_CLOSING}
    assert "Traceback" not in server.log()[start:]


async def test_a_client_within_the_limit_is_never_refused(server):
    async with connect(server.events_url("parking")) as ws:
        for _ in range(BURST):
            await send(ws, {"action": "ping"})
        assert [await recv(ws) for _ in range(BURST)] == [{"type": "pong"}] * BURST
        await asyncio.sleep(1.0)  # the bucket refills at RATE a second
        for _ in range(RATE - 1):
            await send(ws, {"action": "ping"})
            assert await recv(ws) == {"type": "pong"}


@pytest.mark.parametrize("path", ["/nope", "/events/parking/extra", "/mcp", "/"])
async def test_a_websocket_to_an_unknown_path_is_denied_cleanly(server, path):
    url = f"ws://{server.host}:{server.admin_port}{path}"
    start = len(server.log())
    with pytest.raises(websockets.InvalidStatus) as refused:
        async with connect(url):
            pass
    assert refused.value.response.status_code == 403
    await asyncio.sleep(0.2)  # the log line is written as the handshake is refused
    log = server.log()[start:]
    assert f"websocket to unknown path {path!r}" in log
    assert "Traceback" not in log and "No route found" not in log
