"""Issue 14 (3): rate limits while Redis is away and after it returns, through a real server.

Two daphne workers (`serve --workers 2`) share a limit of 60 per client address through a
private redis-server that the test kills and starts again on the same port. While it is
down the two together admit no more than the limit (each its share); within 5 s of its
return every request is counted in Redis again.
"""
import asyncio
import time
import uuid

import httpx
import pytest
import redis

from apps.accounts.ratelimit import RedisCounter, fallback_limit
from tests.faults import PrivateRedis
from tests.servers import start_serve

LIMIT = 60
WINDOW = 3600  # one window for the whole test: counts never reset under it
PING = {"jsonrpc": "2.0", "id": 1, "method": "ping"}


def send(server, address: str, count: int) -> int:
    """POST `count` pings as `address` (one connection each, so both workers take some); return how many passed."""
    passed = 0
    with httpx.Client(limits=httpx.Limits(max_keepalive_connections=0), timeout=10) as client:
        for _ in range(count):
            response = client.post(server.mcp_url("parking"), json=PING,
                                   headers={"x-forwarded-for": address, "accept": "application/json"})
            assert response.status_code in (200, 429), response.text
            passed += response.status_code == 200
    return passed


@pytest.fixture
def two_workers(db_settings, tmp_path, private_redis):
    """`serve --workers 2` sharing a limit of 60 per address through the private Redis."""
    prefix = f"test-recovery-{uuid.uuid4().hex[:8]}"
    server = start_serve(
        db_settings, tmp_path, workers=2, REDIS_URL=private_redis.url, CIVICMIND_PROXY_HEADERS="true",
        CIVICMIND_RATE_LIMIT_PER_ADDRESS=LIMIT, CIVICMIND_RATE_LIMIT_WINDOW_SECONDS=WINDOW,
        CIVICMIND_RATE_LIMIT_EXEMPT="", CIVICMIND_RATE_LIMIT_PREFIX=prefix,
    )
    server.prefix = prefix
    try:
        assert send(server, "203.0.113.1", 5) == 5  # both workers connect to Redis
        yield server
    finally:
        server.stop()


def test_while_redis_is_away_two_workers_together_admit_the_limit_not_twice_it(two_workers, private_redis):
    private_redis.stop()
    # Each of the two workers admits its share, 30: together never more than 60 (was 120).
    assert send(two_workers, "203.0.113.2", 150) <= LIMIT
    assert "rate limits: Redis unreachable" in two_workers.log()


def test_limits_are_shared_again_within_5_seconds_of_redis_returning(two_workers, private_redis):
    private_redis.stop()
    send(two_workers, "203.0.113.3", 20)  # both workers notice and count alone
    private_redis.start()
    back = time.monotonic()
    while time.monotonic() - back < 4.5:  # ordinary traffic meanwhile (it lets each worker notice)
        send(two_workers, f"203.0.113.{10 + int(time.monotonic() - back)}", 5)
        time.sleep(0.05)
    assert time.monotonic() - back < 5.5
    window_index = int(time.time() // WINDOW)
    assert send(two_workers, "203.0.113.99", 150) == LIMIT  # one limit for both workers again
    counted = redis.Redis.from_url(private_redis.url).get(f"{two_workers.prefix}:addr:203.0.113.99:{window_index}")
    assert int(counted) == 150  # every request was counted in Redis, none in a worker alone
    assert "rate limits: Redis reachable again" in two_workers.log()


def test_a_process_counting_alone_admits_its_share_of_a_shared_limit(settings):
    settings.CIVICMIND_RATE_LIMIT_PROCESSES = 2
    assert fallback_limit(60) == 30
    assert fallback_limit(5) == 3  # rounded up: a limit never drops to nothing
    settings.CIVICMIND_RATE_LIMIT_PROCESSES = 9
    assert fallback_limit(1) == 1


async def test_after_a_failure_requests_never_wait_on_redis_and_a_probe_reconnects(tmp_path, settings):
    settings.CIVICMIND_RATE_LIMIT_PREFIX = f"test-probe-{uuid.uuid4().hex[:8]}"
    private = PrivateRedis(tmp_path)
    private.start()
    counter = RedisCounter()
    try:
        assert await counter.increment(private.url, ["addr:a"], 1, 60) == [1]
        private.stop()
        assert await counter.increment(private.url, ["addr:a"], 1, 60) is None  # the stale pool fails
        assert not counter.shared
        private.start()
        deadline = time.monotonic() + 5
        counts = None
        while counts is None and time.monotonic() < deadline:
            counts = await counter.increment(private.url, ["addr:a"], 1, 60)  # None until the probe answered
            await asyncio.sleep(0.05)
        assert counts == [1]  # a fresh Redis, reached on a fresh connection
        assert counter.shared
    finally:
        private.stop()
