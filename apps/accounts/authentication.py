"""Resolve the caller of a request: the key in its headers, checked against the database.

Runs on the event loop for every request, so the common cases cost nothing: no key means
no I/O at all, and a key is looked up (on the worker pool) at most once per
CIVICMIND_API_KEY_CACHE_SECONDS per process. Revoking a key therefore takes effect
everywhere within that many seconds (at once in the process that revoked it). Concurrent
requests with the same uncached key share one look-up.
"""
import asyncio
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from apps.accounts import errors
from apps.accounts.audit import audit_writer
from apps.accounts.keys import key_digest, key_visible_prefix, key_well_formed
from apps.accounts.principals import ANONYMOUS, AccessRefused, Principal
from apps.accounts.selectors import api_key_credentials
from apps.mcp.registry import Access
from apps.mcp.workers import run_sync

logger = logging.getLogger("civicmind.security")

MAX_CACHED_KEYS = 10_000  # unknown keys are cached too; past this the cache starts over


def key_from_headers(headers: dict) -> str | None:
    """Return the key of `X-API-Key: <key>` or `Authorization: Bearer <key>` (lower-case names)."""
    raw = headers.get("x-api-key")
    if raw and raw.strip():
        return raw.strip()
    authorization = headers.get("authorization")
    if authorization:
        scheme, _, value = authorization.strip().partition(" ")
        if scheme.lower() == "bearer" and value.strip():
            return value.strip()
    return None  # other schemes (Basic from a proxy) are not ours to judge


@dataclass(frozen=True)
class KeyRecord:
    """What the database said of a key hash: its principal and state, or nothing."""

    principal: Principal | None
    expires_at: float | None = None  # epoch seconds
    revoked: bool = False

    def accept(self, raw: str) -> Principal:
        """Return the principal, or raise AccessRefused (401) for an unusable key."""
        if self.principal is None:
            raise _unauthorized(errors.API_KEY_INVALID_MESSAGE, "invalid_key")
        if self.revoked:
            raise _unauthorized(errors.API_KEY_REVOKED_MESSAGE.format(prefix=self.principal.prefix), "revoked_key")
        # The city's clock (timezone.now), which CIVICMIND_TODAY may move, as expires_at was set by.
        if self.expires_at is not None and self.expires_at <= timezone.now().timestamp():
            raise _unauthorized(errors.API_KEY_EXPIRED_MESSAGE.format(prefix=self.principal.prefix), "expired_key")
        return self.principal


UNKNOWN_KEY = KeyRecord(principal=None)


def _unauthorized(message: str, reason: str) -> AccessRefused:
    return AccessRefused(401, errors.UNAUTHORIZED, message, list(errors.WWW_AUTHENTICATE), reason=reason)


def record_from_row(row: dict | None) -> KeyRecord:
    if row is None:
        return UNKNOWN_KEY
    principal = Principal(name=row["name"], key_id=row["id"], domains=frozenset(row["domains"] or ()),
                          level=Access(row["access_level"]), prefix=row["prefix"])
    expires_at = row["expires_at"].timestamp() if row["expires_at"] else None
    return KeyRecord(principal=principal, expires_at=expires_at, revoked=row["revoked_at"] is not None)


class KeyLookupFailed(Exception):
    """The shared look-up another request started failed (the database is unreachable)."""


class KeyCache:
    """hash -> (deadline, KeyRecord) for this process, with in-flight look-ups shared."""

    def __init__(self):
        self.entries: dict[str, tuple[float, KeyRecord]] = {}
        self.inflight: dict[str, asyncio.Future] = {}

    def clear(self) -> None:
        self.entries.clear()

    async def record(self, raw: str) -> KeyRecord:
        digest = key_digest(raw)
        hit = self.entries.get(digest)
        if hit is not None and hit[0] > time.monotonic():
            return hit[1]
        loop = asyncio.get_running_loop()
        pending = self.inflight.get(digest)
        if pending is not None and pending.get_loop() is loop:
            return await asyncio.shield(pending)
        future = loop.create_future()
        self.inflight[digest] = future
        try:
            # A frozen database answers no timeout of its own: give up at the calls' deadline.
            row = await asyncio.wait_for(run_sync(api_key_credentials, digest=digest),
                                         settings.CIVICMIND_DB_DEADLINE_SECONDS)
            record = record_from_row(row)
        except BaseException:
            if not future.done():
                future.set_exception(KeyLookupFailed())
                future.exception()  # retrieved: no "never retrieved" warning without waiters
            raise
        finally:
            if self.inflight.get(digest) is future:
                del self.inflight[digest]
        if not future.done():
            future.set_result(record)
        ttl = settings.CIVICMIND_API_KEY_CACHE_SECONDS
        if ttl > 0:
            if len(self.entries) >= MAX_CACHED_KEYS:
                self.entries.clear()
            self.entries[digest] = (time.monotonic() + ttl, record)
        return record


key_cache = KeyCache()


async def principal_for_headers(headers: dict) -> Principal:
    """Return who is calling; raise AccessRefused (401) for a missing (when required) or bad key."""
    raw = key_from_headers(headers)
    if raw is None:
        if settings.CIVICMIND_REQUIRE_API_KEY:
            raise _unauthorized(errors.API_KEY_REQUIRED_MESSAGE, "key_required")
        return ANONYMOUS
    if not key_well_formed(raw):
        raise _unauthorized(errors.API_KEY_INVALID_MESSAGE, "invalid_key")
    try:
        record = await key_cache.record(raw)
    except Exception as error:  # the database is unreachable: say so, never "invalid key"
        logger.error("API key look-up failed: %s", error.__class__.__name__)
        raise AccessRefused(503, errors.UNAVAILABLE, errors.UNAVAILABLE_MESSAGE,
                            [(b"retry-after", str(errors.UNAVAILABLE_RETRY_AFTER_SECONDS).encode())],
                            reason="unavailable") from None
    principal = record.accept(raw)
    audit_writer.mark_used(principal.key_id)
    return principal


def visible_prefix(raw: str | None) -> str | None:
    """The part of a presented key that may appear in logs (none of a malformed one)."""
    return key_visible_prefix(raw) if raw and key_well_formed(raw) else None
