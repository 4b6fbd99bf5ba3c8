"""Issue 14, item 3: rate limits while Redis is away, and how soon they are shared again.

Reuses the two-worker harness of tests/accounts/test_ratelimit_recovery.py (a private
redis-server killed and started again on its port) and measures what that file asserts
with fixed waits: requests admitted while Redis is away (at most the limit, each worker
its share) and the time from Redis' return until every request is counted in Redis again.
"""
import time

import httpx
import redis

from tests.accounts.test_ratelimit_recovery import LIMIT, PING, WINDOW, send, two_workers  # noqa: F401

SHARED_AGAIN_LIMIT_SECONDS = 5.0
CONSECUTIVE = 10  # counted in a row, on fresh connections: both workers count in Redis again


def counted_in_redis(server, client: redis.Redis, address: str) -> bool:
    httpx.post(server.mcp_url("parking"), json=PING, timeout=10,
               headers={"x-forwarded-for": address, "accept": "application/json", "connection": "close"})
    return client.exists(f"{server.prefix}:addr:{address}:{int(time.time() // WINDOW)}") == 1


def test_limits_hold_while_redis_is_away_and_are_shared_again_within_5_seconds(two_workers, private_redis, figures):
    entry = figures.record("stop Redis (rate limits, 2 workers)")
    private_redis.stop()
    admitted = send(two_workers, "203.0.113.50", 150)
    entry.sent, entry.answered, entry.clean_errors = 150, admitted, 150 - admitted  # the rest: 429
    entry.notes.append(f"{admitted} of 150 admitted while away (limit {LIMIT})")
    private_redis.start()
    back = time.monotonic()
    client = redis.Redis.from_url(private_redis.url, socket_timeout=2)
    streak_started, streak, n = None, 0, 0
    while streak < CONSECUTIVE and time.monotonic() - back < 3 * SHARED_AGAIN_LIMIT_SECONDS:
        n += 1
        sent_at = time.monotonic()
        if counted_in_redis(two_workers, client, f"198.51.{100 + n // 250}.{n % 250}"):
            streak_started, streak = streak_started or sent_at, streak + 1
        else:
            streak_started, streak = None, 0
        time.sleep(0.05)
    entry.recovery_seconds = None if streak_started is None else streak_started - back
    assert admitted <= LIMIT
    assert streak == CONSECUTIVE, "requests were still counted per worker"
    assert entry.recovery_seconds < SHARED_AGAIN_LIMIT_SECONDS
