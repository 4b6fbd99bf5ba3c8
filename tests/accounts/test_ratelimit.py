"""Rate limits per key and per address: in this process, and shared through Redis."""
import asyncio
import math
import time
import uuid
from unittest import mock

import pytest
from prometheus_client import REGISTRY

from apps.accounts import errors
from apps.accounts.principals import Principal
from apps.accounts.ratelimit import RedisCounter, buckets_for, local_counter, redis_counter
from apps.mcp.access import AccessRefused, admit
from tests.accounts.conftest import make_call

KEY = Principal(name="k", key_id=42, prefix="cmk_12345678")


@pytest.fixture
def limits(settings):
    settings.REDIS_URL = ""
    settings.CIVICMIND_RATE_LIMIT_WINDOW_SECONDS = 1_000_000
    settings.CIVICMIND_RATE_LIMIT_PER_ADDRESS = 3
    settings.CIVICMIND_RATE_LIMIT_PER_KEY = 5
    return settings


async def admitted(call, times: int) -> int:
    """Admit `call` up to `times` times; return how many went through before a refusal."""
    for count in range(times):
        try:
            await admit(call)
        except AccessRefused:
            return count
    return times


def test_buckets_skip_exempt_addresses_and_disabled_limits(limits):
    assert [b.name for b in buckets_for(make_call(address="203.0.113.9", principal=KEY))] == [
        "key:42", "addr:203.0.113.9"]
    assert [b.name for b in buckets_for(make_call(address="127.0.0.1", principal=KEY))] == ["key:42"]
    assert [b.name for b in buckets_for(make_call(address="::1"))] == []
    assert [b.name for b in buckets_for(make_call(address=None))] == []
    limits.CIVICMIND_RATE_LIMIT_EXEMPT = []
    assert [b.name for b in buckets_for(make_call(address="127.0.0.1"))] == ["addr:127.0.0.1"]
    limits.CIVICMIND_RATE_LIMIT_PER_KEY = 0
    limits.CIVICMIND_RATE_LIMIT_EXEMPT = ["203.0.113.0/24"]
    assert [b.name for b in buckets_for(make_call(address="203.0.113.9", principal=KEY))] == []


async def test_address_limit_refuses_with_429_and_retry_after(limits):
    call = make_call(address="198.51.100.1")
    assert await admitted(call, 3) == 3
    with pytest.raises(AccessRefused) as raised:
        await admit(call)
    refused = raised.value
    window = 1_000_000
    expected = math.ceil((int(time.time() // window) + 1) * window - time.time())
    retry_after = int(dict(refused.headers)[b"retry-after"])
    assert abs(retry_after - expected) <= 1
    assert (refused.status, refused.code) == (429, -32029)
    assert refused.message == errors.RATE_LIMITED_MESSAGE.format(
        limit=3, window=window, scope="client address", retry_after=retry_after)
    assert await admitted(make_call(address="198.51.100.2"), 3) == 3  # another address is not affected


async def test_key_limit_holds_across_addresses_and_loopback(limits):
    assert await admitted(make_call(address="127.0.0.1", principal=KEY), 3) == 3
    assert await admitted(make_call(address="127.0.0.2", principal=KEY), 5) == 2
    with pytest.raises(AccessRefused) as raised:
        await admit(make_call(address="127.0.0.1", principal=KEY))
    assert "for this API key" in raised.value.message


async def test_counts_start_over_in_a_new_window(limits):
    limits.CIVICMIND_RATE_LIMIT_WINDOW_SECONDS = 1
    call = make_call(address="198.51.100.3")
    time.sleep(1 - time.time() % 1)  # the start of a window
    assert await admitted(call, 5) == 3
    time.sleep(1 - time.time() % 1 + 0.01)
    assert await admitted(call, 1) == 1


async def test_loopback_is_never_limited_by_address(limits):
    assert await admitted(make_call(address="127.0.0.1"), 50) == 50


async def test_rate_limited_requests_are_counted(limits):
    def count():
        return REGISTRY.get_sample_value("mcp_refused_total", {"domain": "safety", "reason": "rate_limited"}) or 0

    before = count()
    assert await admitted(make_call(domain="safety", address="198.51.100.4"), 5) == 3
    assert count() == before + 1


async def test_without_reachable_redis_counts_fall_back_to_this_process(limits, caplog):
    limits.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    redis_counter.down_until = 0.0
    try:
        assert await admitted(make_call(address="198.51.100.5"), 5) == 3
    finally:
        redis_counter.down_until = 0.0
    assert "rate limits: Redis unreachable" in caplog.text
    assert local_counter.counts["addr:198.51.100.5"][1] == 4


# --- Redis -----------------------------------------------------------------------------
@pytest.fixture
def redis_limits(limits, rate_limit_prefix, redis_url):
    limits.REDIS_URL = redis_url
    limits.CIVICMIND_RATE_LIMIT_PREFIX = rate_limit_prefix
    redis_counter.down_until = 0.0
    return limits


def fresh_address_and_window(limits, network: str) -> tuple[str, int, int]:
    """An address no other test counts against, and the current window (seconds, index)."""
    address = f"{network}.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"
    window = limits.CIVICMIND_RATE_LIMIT_WINDOW_SECONDS
    return address, window, int(time.time() // window)


@pytest.mark.redis
async def test_redis_counts_are_shared_between_processes(redis_limits):
    address, window, window_index = fresh_address_and_window(redis_limits, "198.51")
    other_process = RedisCounter()
    counts = await other_process.increment(redis_limits.REDIS_URL, [f"addr:{address}"], window_index, window)
    assert counts == [1]
    assert await admitted(make_call(address=address), 5) == 2  # 3 allowed, one used elsewhere
    assert local_counter.counts == {}  # nothing was counted in this process


@pytest.mark.redis
async def test_redis_buckets_expire_with_their_window(redis_limits):
    import redis.asyncio as redis

    address = f"198.18.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"
    assert await admitted(make_call(address=address), 1) == 1
    window_index = int(time.time() // redis_limits.CIVICMIND_RATE_LIMIT_WINDOW_SECONDS)
    client = redis.Redis.from_url(redis_limits.REDIS_URL)
    try:
        name = f"{redis_limits.CIVICMIND_RATE_LIMIT_PREFIX}:addr:{address}:{window_index}"
        assert await client.get(name) == b"1"
        ttl_ms = await client.pttl(name)
    finally:
        await client.aclose()
    assert 1_000_000_000 < ttl_ms <= 1_000_001_000


async def test_failed_key_attempts_count_against_the_address(limits):
    from apps.mcp.access import authenticate

    call = make_call(address="198.51.100.6")
    statuses = []
    for _ in range(5):
        try:
            await authenticate({"x-api-key": "guess"}, call)
        except AccessRefused as refused:
            statuses.append(refused.status)
    assert statuses == [401, 401, 401, 429, 429]


@pytest.mark.redis
async def test_requests_arriving_together_share_one_round_trip_and_count_in_order(redis_limits):
    address, window, window_index = fresh_address_and_window(redis_limits, "198.19")
    counter = RedisCounter()
    sent = []
    script = counter._script(redis_limits.REDIS_URL)
    original_call = type(script).__call__

    async def counting_call(self, keys=(), args=(), client=None):
        sent.append(list(keys))
        return await original_call(self, keys=keys, args=args, client=client)

    with mock.patch.object(type(script), "__call__", counting_call):
        together = await asyncio.gather(*[
            counter.increment(redis_limits.REDIS_URL, [f"addr:{address}", f"key:{address}-{i % 2}"],
                              window_index, window) for i in range(6)])
        alone = await counter.increment(redis_limits.REDIS_URL, [f"addr:{address}"], window_index, window)
    assert len(sent) == 2 and len(sent[0]) == 12  # six requests, two buckets each, one call
    assert [counts[0] for counts in together] == [1, 2, 3, 4, 5, 6]  # one INCR each, in arrival order
    assert [counts[1] for counts in together] == [1, 1, 2, 2, 3, 3]
    assert alone == [7]


@pytest.mark.redis
async def test_a_failed_batch_sends_every_waiting_request_to_local_counting(redis_limits):
    counter = RedisCounter()
    results = await asyncio.gather(*[counter.increment("redis://127.0.0.1:1/0", [f"addr:10.0.0.{i}"], 1, 60)
                                     for i in range(3)])
    assert results == [None, None, None]
    assert counter.down_until > time.monotonic()
    assert await counter.increment(redis_limits.REDIS_URL, ["addr:10.0.0.9"], 1, 60) is None  # backing off


# --- issue 11 (3): every message of a batch counts ------------------------------------------
async def batch_counts(limits, network: str) -> None:
    from apps.mcp.access import admit_batch

    address, _, _ = fresh_address_and_window(limits, network)
    call = make_call(address=address, principal=KEY)
    await admit(call)  # the batch's own request: 1 of 3 (address), 1 of 5 (key)
    assert await admit_batch(call, 1) == (1, None)
    admitted_items, refusal = await admit_batch(call, 4)
    assert admitted_items == 1  # the address's third request; its fourth is over
    assert (refusal.status, refusal.code, refusal.reason) == (429, -32029, "rate_limited")
    assert "for this client address" in refusal.message
    with pytest.raises(AccessRefused):
        await admit(call)  # the refused items were counted too: no budget is left
    assert await admit_batch(make_call(address=address), 0) == (0, None)


async def test_each_batch_message_counts_against_every_bucket(limits):
    await batch_counts(limits, "198.51")


@pytest.mark.redis
async def test_each_batch_message_counts_in_redis_too(redis_limits):
    await batch_counts(redis_limits, "198.20")
    assert local_counter.counts == {}


async def test_an_unlimited_caller_pays_nothing_for_a_batch(limits):
    from apps.mcp.access import admit_batch

    assert await admit_batch(make_call(address="127.0.0.1"), 99) == (99, None)
