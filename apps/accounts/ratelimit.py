"""Fixed-window rate limits per API key and per client address.

Each request counts once against every bucket that applies to it (its key's, its
address's) in the current window of CIVICMIND_RATE_LIMIT_WINDOW_SECONDS; over a limit it is
answered 429 with Retry-After set to the end of the window. Without Redis the counts live in
this process (each process limits on its own); with REDIS_URL they are shared by every
process through one atomic Lua script (INCR + PEXPIRE per bucket, on the event loop with
redis.asyncio; requests arriving together share one round trip).

If Redis fails the process falls back to its own counts rather than refusing or blocking
callers, and keeps a shared limit honest meanwhile: each of the
CIVICMIND_RATE_LIMIT_PROCESSES processes that share it admits only its share
(limit / processes, rounded up), so N processes cannot let N times the limit through.
Every failure drops the Redis client (its pooled connections are dead after a restart and
would fail again) and a background probe with fresh connections checks Redis about once a
second; the first answer puts the process back on the shared counts.

An IPv4 address is its own bucket; an IPv6 address counts with its whole /64, because one
subscriber is routinely handed a /64 (or more) and can pick a fresh address from it for every
request: keyed by exact address, that is an unlimited budget.

Addresses in CIVICMIND_RATE_LIMIT_EXEMPT (loopback by default: local assistants, health
probes, benchmarks on the same machine) are not limited by address; their keys still are.
"""
import asyncio
import functools
import ipaddress
import logging
import math
import time
import weakref
from dataclasses import dataclass, field

from django.conf import settings

from apps.accounts import errors
from apps.accounts.principals import AccessRefused

logger = logging.getLogger("civicmind.security")

MAX_LOCAL_BUCKETS = 100_000
IPV6_PREFIX_LENGTH = 64  # the smallest block an ISP assigns one subscriber (RFC 6177)
REDIS_TIMEOUT_SECONDS = 0.5
REDIS_RETRY_SECONDS = 1.0  # while Redis is down, probe it (off the request path) this often

# KEYS: bucket names (window index included); ARGV[1]: the window in ms. Returns the counts.
INCREMENT_SCRIPT = """
local counts = {}
for i, key in ipairs(KEYS) do
  local count = redis.call('INCR', key)
  if count == 1 then redis.call('PEXPIRE', key, ARGV[1]) end
  counts[i] = count
end
return counts
"""


@dataclass(frozen=True)
class Bucket:
    scope: str  # "API key" or "client address": said in the refusal
    name: str
    limit: int


@functools.lru_cache(maxsize=64)
def _exempt_networks(entries: tuple) -> tuple:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


@functools.lru_cache(maxsize=8192)
def _address_exempt(address: str, entries: tuple) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in _exempt_networks(entries))


@functools.lru_cache(maxsize=8192)
def address_key(address: str) -> str:
    """Return the rate-limit key of a client address: IPv4 as is, IPv6 as its /64.

    An IPv4-mapped IPv6 address (::ffff:203.0.113.9, as dual-stack sockets report IPv4
    peers) is the IPv4 address it maps. Anything unparsable is keyed as written.
    """
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return address
    if ip.version == 6 and ip.ipv4_mapped is not None:
        return str(ip.ipv4_mapped)
    if ip.version == 6:
        return str(ipaddress.IPv6Network((ip, IPV6_PREFIX_LENGTH), strict=False))
    return str(ip)


def buckets_for(call) -> list[Bucket]:
    """The buckets one request counts against."""
    buckets = []
    key_id = call.principal.key_id
    per_key = settings.CIVICMIND_RATE_LIMIT_PER_KEY
    if key_id is not None and per_key > 0:
        buckets.append(Bucket("API key", f"key:{key_id}", per_key))
    address = call.client_address
    per_address = settings.CIVICMIND_RATE_LIMIT_PER_ADDRESS
    if address and per_address > 0 and not _address_exempt(address, tuple(settings.CIVICMIND_RATE_LIMIT_EXEMPT)):
        buckets.append(Bucket("client address", f"addr:{address_key(address)}", per_address))
    return buckets


class LocalCounter:
    """Counts of the current window in this process."""

    def __init__(self):
        self.counts: dict[str, tuple[int, int]] = {}  # bucket -> (window index, count)

    def increment(self, names: list[str], window_index: int) -> list[int]:
        counts = self.counts
        if len(counts) >= MAX_LOCAL_BUCKETS:
            for name in [n for n, (w, _) in counts.items() if w != window_index]:
                del counts[name]
            if len(counts) >= MAX_LOCAL_BUCKETS:
                counts.clear()
        result = []
        for name in names:
            window, count = counts.get(name, (window_index, 0))
            count = count + 1 if window == window_index else 1
            counts[name] = (window_index, count)
            result.append(count)
        return result

    def clear(self) -> None:
        self.counts.clear()


class RedisCounter:
    """Counts of the current window in Redis, one client per event loop.

    Requests that arrive in the same turn of the event loop share one round trip: each
    queues its bucket names and the first schedules a flush, which sends every queued
    name in one call of the script (INCR is atomic per name, so two requests with the
    same key still get consecutive counts). Under load that is one EVALSHA for several
    requests instead of one each; a lone request waits for nothing but the loop's next turn.

    After a failure no request waits on Redis again until a probe (PING on a new client,
    at most one every REDIS_RETRY_SECONDS, run in the background) has had an answer.
    """

    def __init__(self):
        self.clients: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
        self.batches: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # loop -> batch not yet sent
        self.flushing: set[asyncio.Task] = set()  # the loop keeps only weak references to tasks
        self.down_until = 0.0  # 0: Redis is in use; else down, and no probe before this (monotonic)
        self.probing: asyncio.Task | None = None

    @property
    def shared(self) -> bool:
        """True while counts go to Redis (False: this process counts alone)."""
        return not self.down_until

    def _client(self, url: str):
        loop = asyncio.get_running_loop()
        entry = self.clients.get(loop)
        if entry is None or entry[0] != url:
            import redis.asyncio as redis

            client = redis.Redis.from_url(url, socket_timeout=REDIS_TIMEOUT_SECONDS,
                                          socket_connect_timeout=REDIS_TIMEOUT_SECONDS)
            entry = (url, client, client.register_script(INCREMENT_SCRIPT))
            self.clients[loop] = entry
        return entry

    def _script(self, url: str):
        return self._client(url)[2]

    def _drop_client(self) -> None:
        """Forget this loop's client: its pooled connections may point at a Redis that restarted."""
        loop = asyncio.get_running_loop()
        entry = self.clients.pop(loop, None)
        if entry is not None:
            task = loop.create_task(_close_quietly(entry[1]))
            self.flushing.add(task)
            task.add_done_callback(self.flushing.discard)

    def _failed(self, error: Exception) -> None:
        if not self.down_until:
            logger.warning("rate limits: Redis unreachable (%s); counting in this process, limits divided by %d",
                           error.__class__.__name__, _processes())
        self.down_until = time.monotonic() + REDIS_RETRY_SECONDS
        self._drop_client()

    def _probe_soon(self, url: str) -> None:
        loop = asyncio.get_running_loop()
        if self.probing is not None and not self.probing.done() and self.probing.get_loop() is loop:
            return
        if time.monotonic() < self.down_until:
            return
        self.down_until = time.monotonic() + REDIS_RETRY_SECONDS
        self.probing = loop.create_task(self._probe(url))

    async def _probe(self, url: str) -> None:
        try:
            await asyncio.wait_for(self._client(url)[1].ping(), REDIS_TIMEOUT_SECONDS * 2)
        except Exception as error:  # still down: try again after REDIS_RETRY_SECONDS
            self._failed(error)
            return
        self.down_until = 0.0
        logger.warning("rate limits: Redis reachable again; limits are shared across processes")

    async def increment(self, url: str, names: list[str], window_index: int, window: int) -> list[int] | None:
        """Return the counts, or None when Redis is unreachable (the caller counts locally)."""
        if self.down_until:
            self._probe_soon(url)
            return None
        prefix = settings.CIVICMIND_RATE_LIMIT_PREFIX
        keys = [f"{prefix}:{name}:{window_index}" for name in names]
        loop = asyncio.get_running_loop()
        batch = self.batches.get(loop)
        if batch is None or batch.url != url or batch.expire_ms != window * 1000 + 1000:
            batch = self.batches[loop] = _Batch(url, window * 1000 + 1000)
            task = loop.create_task(self._flush(loop, batch))  # first runs after the callbacks ready now
            self.flushing.add(task)
            task.add_done_callback(self.flushing.discard)
        waiter = loop.create_future()
        batch.requests.append((keys, waiter))
        return await waiter

    async def _flush(self, loop, batch: "_Batch") -> None:
        if self.batches.get(loop) is batch:
            del self.batches[loop]  # later requests start the next batch
        keys = [key for request_keys, _ in batch.requests for key in request_keys]
        try:
            counts = await asyncio.wait_for(self._script(batch.url)(keys=keys, args=[batch.expire_ms]),
                                            REDIS_TIMEOUT_SECONDS * 2)
            counts = [int(count) for count in counts]
        except Exception as error:  # redis errors, timeouts, OS errors: limit locally meanwhile
            self._failed(error)
            counts = None
        start = 0
        for request_keys, waiter in batch.requests:
            if not waiter.done():
                waiter.set_result(None if counts is None else counts[start:start + len(request_keys)])
            start += len(request_keys)


async def _close_quietly(client) -> None:
    try:
        await client.aclose(close_connection_pool=True)
    except Exception:  # a dead connection may fail to close; it is dropped either way
        pass


def _processes() -> int:
    return max(1, settings.CIVICMIND_RATE_LIMIT_PROCESSES)


def fallback_limit(limit: int) -> int:
    """This process's share of a shared limit while it counts alone (Redis unreachable)."""
    return max(1, math.ceil(limit / _processes()))


@dataclass
class _Batch:
    url: str
    expire_ms: int
    requests: list = field(default_factory=list)  # (keys, future) in arrival order


local_counter = LocalCounter()
redis_counter = RedisCounter()


async def _count(names: list[str], window_index: int, window: int) -> tuple[list[int], bool]:
    """Return (counts, shared): from Redis when configured and reachable, else this process's."""
    if settings.REDIS_URL:
        counts = await redis_counter.increment(settings.REDIS_URL, names, window_index, window)
        if counts is not None:
            return counts, True
        return local_counter.increment(names, window_index), False
    return local_counter.increment(names, window_index), True  # one process by design: its counts are the truth


def _limit(bucket: Bucket, shared: bool) -> Bucket:
    return bucket if shared else Bucket(bucket.scope, bucket.name, fallback_limit(bucket.limit))


async def admit_batch_items(call, count: int) -> tuple[int, AccessRefused | None]:
    """Count `count` more requests (a batch's messages after its first); return how many fit.

    A batch is admitted like one request (admit_call); each further message counts one more
    against every bucket, so a batch of N costs N. Returns (admitted, refusal): the first
    `admitted` messages may run, the rest are each answered with `refusal`'s error.
    """
    buckets = buckets_for(call)
    if not buckets or count <= 0:
        return count, None
    window = settings.CIVICMIND_RATE_LIMIT_WINDOW_SECONDS
    now = time.time()
    window_index = int(now // window)
    names = [bucket.name for bucket in buckets] * count  # counts rise one per occurrence
    counts, shared = await _count(names, window_index, window)
    buckets = [_limit(bucket, shared) for bucket in buckets]
    width = len(buckets)
    for item in range(count):
        for bucket, used in zip(buckets, counts[item * width:(item + 1) * width]):
            if used > bucket.limit:
                return item, _rate_limited(bucket, window, window_index, now)
    return count, None


def _rate_limited(bucket: Bucket, window: int, window_index: int, now: float) -> AccessRefused:
    retry_after = max(1, math.ceil((window_index + 1) * window - now))
    message = errors.RATE_LIMITED_MESSAGE.format(limit=bucket.limit, window=window, scope=bucket.scope,
                                                 retry_after=retry_after)
    return AccessRefused(429, errors.RATE_LIMITED, message, [(b"retry-after", str(retry_after).encode())],
                         reason="rate_limited")


async def admit_call(call) -> None:
    """Count the request; raise AccessRefused (429, Retry-After) when a bucket is over its limit."""
    buckets = buckets_for(call)
    if not buckets:
        return
    window = settings.CIVICMIND_RATE_LIMIT_WINDOW_SECONDS
    now = time.time()
    window_index = int(now // window)
    counts, shared = await _count([bucket.name for bucket in buckets], window_index, window)
    for bucket, count in zip(buckets, counts):
        bucket = _limit(bucket, shared)
        if count > bucket.limit:
            raise _rate_limited(bucket, window, window_index, now)
