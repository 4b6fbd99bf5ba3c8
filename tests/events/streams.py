"""Helpers for /events tests: real WebSocket clients, and events committed from the test."""
import asyncio
import json

import websockets
from django.db import connections, transaction

from apps.events.services import event_emit

# In-memory layer: an event committed by the test process reaches the server by its
# outbox poll (1 s by default), so waits allow a few polls.
WAIT = 6.0

DATA = {
    "violation.created": lambda n: {"violation_id": n, "citation_number": f"PV-{n:06d}", "license_plate": "ABC123"},
    "violation.paid": lambda n: {"violation_id": n, "citation_number": f"PV-{n:06d}", "license_plate": "ABC123"},
    "complaint.filed": lambda n: {"case_number": f"NC-{n:06d}", "noise_type": "loud_music"},
    "permit.submitted": lambda n: {"reference": f"BP-{n:06d}"},
    "permit.status_changed": lambda n: {"reference": f"BP-{n:06d}", "status": "approved"},
    "outage.reported": lambda n: {"outage_id": f"OUT-{n}"},
}
DOMAIN = {"violation.created": "parking", "violation.paid": "parking", "complaint.filed": "noise",
          "permit.submitted": "permits", "permit.status_changed": "permits", "outage.reported": "utilities"}


def emit_committed(*types: str, n: int = 1) -> list[int]:
    """Commit one event of each type (in one transaction); return their ids."""
    try:
        with transaction.atomic():
            return [event_emit(type=t, domain=DOMAIN[t], data=DATA[t](n)).id for t in types]
    finally:
        connections.close_all()  # a thread's connection would keep the test database open


def _closing(func):
    try:
        return func()
    finally:
        connections.close_all()


async def db_read(func):
    """Run an ORM read on a thread, closing that thread's connection afterwards."""
    return await asyncio.to_thread(_closing, func)


async def emit(*types: str, n: int = 1) -> list[int]:
    return await asyncio.to_thread(emit_committed, *types, n=n)


async def recv(ws, timeout: float = WAIT) -> dict:
    return json.loads(await asyncio.wait_for(ws.recv(), timeout))


async def send(ws, message) -> None:
    await ws.send(message if isinstance(message, str) else json.dumps(message))


async def subscribe(ws, **message) -> dict:
    await send(ws, {"action": "subscribe", **message})
    reply = await recv(ws)
    assert reply["type"] == "subscribed", reply
    return reply


async def recv_events(ws, count: int, timeout: float = WAIT) -> list[dict]:
    """Receive `count` events (messages with an id), skipping protocol messages."""
    events = []
    while len(events) < count:
        message = await recv(ws, timeout)
        if "id" in message:
            events.append(message)
    return events


async def assert_silent(ws, wait: float = 1.5) -> None:
    try:
        message = await asyncio.wait_for(ws.recv(), wait)
    except asyncio.TimeoutError:
        return
    raise AssertionError(f"unexpected message: {message}")


async def assert_no_events(ws, wait: float = 1.5) -> None:
    """Within `wait` seconds, only protocol messages (no events) arrive."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + wait
    while (left := deadline - loop.time()) > 0:
        try:
            message = json.loads(await asyncio.wait_for(ws.recv(), left))
        except asyncio.TimeoutError:
            return
        assert "id" not in message, message


def connect(url: str, *, key: str | None = None, **kwargs):
    """Open a client socket; `key` goes in the handshake's X-API-Key header."""
    if key is not None:
        kwargs["additional_headers"] = {"X-API-Key": key}
    return websockets.connect(url, open_timeout=10, **kwargs)
