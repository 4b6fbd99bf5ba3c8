"""This process's cache of API-key look-ups: hash -> what the database said, for a few seconds.

Its own module so that the services that change keys (revocation clears it) and the
authentication that reads it both depend on it, and not on each other: authentication
depends on the audit writer, whose writes are account services.
"""
import asyncio
import time
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from apps.accounts import errors
from apps.accounts.keys import key_digest
from apps.accounts.principals import Access, AccessRefused, Principal
from apps.accounts.selectors import api_key_credentials
from apps.core.workers import run_sync

MAX_CACHED_KEYS = 10_000  # unknown keys are cached too; past this the cache starts over


@dataclass(frozen=True)
class KeyRecord:
    """What the database said of a key hash: its principal and state, or nothing."""

    principal: Principal | None
    expires_at: float | None = None  # epoch seconds
    revoked: bool = False

    def accept(self, raw: str) -> Principal:
        """Return the principal, or raise AccessRefused (401) for an unusable key."""
        if self.principal is None:
            raise key_refused(errors.API_KEY_INVALID_MESSAGE, "invalid_key")
        if self.revoked:
            raise key_refused(errors.API_KEY_REVOKED_MESSAGE.format(prefix=self.principal.prefix), "revoked_key")
        # The city's clock (timezone.now), which CIVICMIND_TODAY may move, as expires_at was set by.
        if self.expires_at is not None and self.expires_at <= timezone.now().timestamp():
            raise key_refused(errors.API_KEY_EXPIRED_MESSAGE.format(prefix=self.principal.prefix), "expired_key")
        return self.principal


UNKNOWN_KEY = KeyRecord(principal=None)


def key_refused(message: str, reason: str) -> AccessRefused:
    """The 401 for a missing or unusable key, with the header that says how to authenticate."""
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
