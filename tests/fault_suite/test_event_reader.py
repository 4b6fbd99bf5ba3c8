"""Issue 14, item 4: the events reader stays one quiet member of the Redis group.

With subscribers and no events, channels-redis blocks 5 s on BZPOPMIN while redis-py's
default socket timeout is also 5 s: the read timed out every 6-7 s, the pump logged a
traceback, took a new channel name and joined the group again without leaving, so the
group grew by one member per drop (32 -> 124 in one run), each member a queue that every
event was copied into for 30 minutes. A real daphne here serves /events through a private
redis-server; the test counts the group's members (ZCARD) while the sockets idle, then
takes Redis away and back and checks no event is lost and the group is one member again.
"""
import asyncio
import time

import pytest
import redis

from apps.events.publisher import EVENTS_GROUP
from tests.events.streams import connect, emit, recv_events, subscribe
from tests.servers import start_daphne

IDLE_SECONDS = 20  # 3 of the old 6-7 s drop cycles
SOCKETS = 4
GROUP_KEY = f"asgi:group:{EVENTS_GROUP}"  # channels-redis: prefix + ":group:" + name


@pytest.fixture
def events_listener(transactional_db, db_settings, tmp_path, private_redis):
    server = start_daphne(db_settings, tmp_path, "parking", REDIS_URL=private_redis.url,
                          CIVICMIND_EVENTS_POLL_MS="1000")
    yield server
    server.stop()


def group_size(url: str) -> int:
    try:
        return redis.Redis.from_url(url, socket_timeout=2).zcard(GROUP_KEY)
    except redis.RedisError:
        return -1


async def idle_samples(url: str, seconds: float) -> list[int]:
    samples, deadline = [], time.monotonic() + seconds
    while time.monotonic() < deadline:
        samples.append(await asyncio.to_thread(group_size, url))
        await asyncio.sleep(1.0)
    return samples


async def until(predicate, timeout: float) -> float:
    """Seconds until `predicate()` holds (polled every 0.1 s); fail after `timeout`."""
    started = time.monotonic()
    while not await asyncio.to_thread(predicate):
        assert time.monotonic() - started < timeout, "condition never held"
        await asyncio.sleep(0.1)
    return time.monotonic() - started


async def test_idle_subscribers_keep_one_group_member_and_log_no_traceback(events_listener, private_redis, figures):
    server, url = events_listener, events_listener.events_url("parking")
    sockets = [await connect(url).__aenter__() for _ in range(SOCKETS)]
    try:
        for ws in sockets:
            await subscribe(ws, events=["violation.created"])
        await until(lambda: group_size(private_redis.url) == 1, 10)
        samples = await idle_samples(private_redis.url, IDLE_SECONDS)
        log = server.log()
        entry = figures.record(f"Redis group, sockets idle {IDLE_SECONDS} s")
        entry.sent = len(samples)
        entry.notes.append(f"group size samples min {min(samples)} max {max(samples)} for {SOCKETS} sockets")
        # One reader per process joins the group, whatever its number of sockets.
        assert set(samples) == {1}, samples
        assert "Traceback" not in log and "channel layer unavailable" not in log, log

        ids = await emit("violation.created")
        for ws in sockets:
            assert [e["id"] for e in await recv_events(ws, 1, timeout=10)] == ids
    finally:
        for ws in sockets:
            await ws.close()


async def test_a_dropped_reader_connection_rejoins_under_the_same_name(events_listener, private_redis, figures):
    """CLIENT KILL cuts the reader's blocking read while the group stays in Redis: the
    reader used to rejoin under a new name and leave the old one behind, one per drop."""
    url = events_listener.events_url("parking")
    entry = figures.record("Redis connections killed (events)")
    async with connect(url) as ws:
        await subscribe(ws, events=["violation.created"])
        await until(lambda: group_size(private_redis.url) == 1, 10)
        admin = redis.Redis.from_url(private_redis.url, socket_timeout=2)
        members = {m for m in admin.zrange(GROUP_KEY, 0, -1)}
        ids = []
        for n in range(3):
            admin.client_kill_filter(_type="normal", skipme=True)
            await asyncio.sleep(2.0)  # the reader notices, waits 1 s and rejoins
            ids += await emit("violation.created", n=n)
            got = [e["id"] for e in await recv_events(ws, 1, timeout=10)]
            entry.sent, entry.answered = entry.sent + 1, entry.answered + len(got)
        entry.notes.append(f"3 drops; group size after: {group_size(private_redis.url)}")
        assert set(admin.zrange(GROUP_KEY, 0, -1)) == members


async def test_after_redis_returns_the_reader_rejoins_once_and_no_event_is_lost(events_listener, private_redis, figures):
    server, url = events_listener, events_listener.events_url("parking")
    entry = figures.record("stop Redis (events)")
    async with connect(url) as ws:
        await subscribe(ws, events=["violation.created"])
        await until(lambda: group_size(private_redis.url) == 1, 10)
        private_redis.stop()
        stopped = time.monotonic()
        during = await emit("violation.created")  # the outbox poll still finds it
        got = [e["id"] for e in await recv_events(ws, 1, timeout=10)]
        private_redis.start()
        rejoin = await until(lambda: group_size(private_redis.url) == 1, 15)
        after = await emit("violation.created")
        got += [e["id"] for e in await recv_events(ws, 1, timeout=10)]
        entry.sent, entry.answered = 2, len(got)
        entry.lost = len(set(during + after) - set(got))
        entry.recovery_seconds = rejoin
        entry.notes.append(f"down {time.monotonic() - stopped:.1f}s in all; group rejoined {rejoin:.1f}s after return")
        assert got == during + after
        await asyncio.sleep(3)  # a second join would show now
        assert group_size(private_redis.url) == 1
