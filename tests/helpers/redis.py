"""The one way a test finds Redis: `REDIS_URL`, as CI's PostgreSQL + Redis run sets it.

Without it a test that needs Redis skips, saying so (the embedded default has none); with it
Redis must answer — a set but unreachable REDIS_URL is a failure, not a skip.
"""
import os

import pytest

NO_REDIS = "no Redis: REDIS_URL is not set (CI's PostgreSQL + Redis run sets it)"


def redis_url_required() -> str:
    """Return REDIS_URL after a PING; skip when it is unset, fail when nothing answers there."""
    import redis

    url = os.environ.get("REDIS_URL", "")
    if not url:
        pytest.skip(NO_REDIS)
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        pytest.fail(f"REDIS_URL={url} is set but Redis does not answer: {error}")
    return url
