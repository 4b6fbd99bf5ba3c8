"""PostgreSQL commits out of id order: the stream still never skips an id it later needs.

SQLite runs one writer at a time (ids are handed out in commit order), so these two
interleavings cannot happen there.
"""
import asyncio
import threading

import pytest
from django.db import connection, connections, transaction

from apps.events.services import event_emit
from tests.events.streams import DATA, assert_no_events, connect, emit, recv_events, subscribe


@pytest.fixture
def postgres(server):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serializes writers: ids always commit in order there")
    return server


def hold_open(release: threading.Event, opened: threading.Event, ids: list, commit: bool):
    """Emit in a transaction that stays open until `release`, then commit or roll back."""
    try:
        with transaction.atomic():
            ids.append(event_emit(type="violation.created", domain="parking", data=DATA["violation.created"](1)).id)
            opened.set()
            release.wait(20)
            if not commit:
                transaction.set_rollback(True)
    finally:
        connections.close_all()


async def start_holder(commit: bool):
    release, opened, ids = threading.Event(), threading.Event(), []
    thread = threading.Thread(target=hold_open, args=(release, opened, ids, commit))
    thread.start()
    assert await asyncio.to_thread(opened.wait, 10)
    return thread, release, ids


async def test_a_later_id_waits_for_an_earlier_one_still_open(postgres):
    async with connect(postgres.events_url("parking")) as ws:
        await subscribe(ws, events=["*"])
        thread, release, held = await start_holder(commit=True)
        try:
            later = await emit("violation.paid", n=2)  # commits first, with the higher id
            assert later[0] > held[0]
            await assert_no_events(ws, 1.5)
        finally:
            release.set()
            await asyncio.to_thread(thread.join)
        assert [e["id"] for e in await recv_events(ws, 2)] == [held[0], later[0]]


async def test_a_rolled_back_id_holds_nothing_back(postgres):
    async with connect(postgres.events_url("parking")) as ws:
        await subscribe(ws, events=["*"])
        thread, release, held = await start_holder(commit=False)
        try:
            later = await emit("violation.paid", n=2)
        finally:
            release.set()
            await asyncio.to_thread(thread.join)
        loop = asyncio.get_running_loop()
        started = loop.time()
        assert [e["id"] for e in await recv_events(ws, 1)] == later
        # Proven final by the outbox lock, long before the 10 s gap timeout.
        assert loop.time() - started < 4
