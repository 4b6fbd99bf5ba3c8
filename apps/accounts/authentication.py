"""Resolve the caller of a request: the key in its headers, checked against the database.

Runs on the event loop for every request, so the common cases cost nothing: no key means
no I/O at all, and a key is looked up (on the worker pool) at most once per
CIVICMIND_API_KEY_CACHE_SECONDS per process. Revoking a key therefore takes effect
everywhere within that many seconds (at once in the process that revoked it). Concurrent
requests with the same uncached key share one look-up.
"""
import logging

from django.conf import settings

from apps.accounts import errors
from apps.accounts.audit import audit_writer
from apps.accounts.key_cache import key_cache, key_refused
from apps.accounts.keys import key_visible_prefix, key_well_formed
from apps.accounts.principals import ANONYMOUS, AccessRefused, Principal

logger = logging.getLogger("civicmind.security")


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




async def principal_for_headers(headers: dict) -> Principal:
    """Return who is calling; raise AccessRefused (401) for a missing (when required) or bad key."""
    raw = key_from_headers(headers)
    if raw is None:
        if settings.CIVICMIND_REQUIRE_API_KEY:
            raise key_refused(errors.API_KEY_REQUIRED_MESSAGE, "key_required")
        return ANONYMOUS
    if not key_well_formed(raw):
        raise key_refused(errors.API_KEY_INVALID_MESSAGE, "invalid_key")
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
