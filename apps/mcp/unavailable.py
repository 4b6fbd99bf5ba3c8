"""The database cannot answer right now: one retryable answer for every caller.

Whether the caller sent an API key (refused at the key look-up, apps.accounts) or not
(the tool's own query fails), an unreachable, refusing or frozen database is answered
the same way: HTTP 503, Retry-After, JSON-RPC -32603 with errors.UNAVAILABLE_MESSAGE.
It is not a bug, so it is not logged as one, and nobody is "notified".

Deadlines: a job that waited in the worker pool past its deadline never starts (its
caller was already told to retry, so a late write would surprise it), and the endpoint
stops waiting for a running job after CIVICMIND_DB_DEADLINE_SECONDS. A job already inside
a frozen database may still finish when the database thaws; retried writes are made
safe by idempotency keys, not here.
"""
import asyncio
import logging
import time

from django.conf import settings
from django.db import InterfaceError, OperationalError

from apps.accounts import errors
from apps.mcp import protocol as p
from apps.core.workers import run_sync

logger = logging.getLogger("civicmind.mcp")

# Django wraps the driver's errors; TimeoutError is our own deadline (or the pool's wait).
DATABASE_UNAVAILABLE_ERRORS = (OperationalError, InterfaceError, TimeoutError)


class DeadlinePassed(TimeoutError):
    """The job waited for a worker thread past its deadline; it was not run."""


class ServiceUnavailable(p.JsonRpcError):
    """A JSON-RPC error answered with HTTP 503 and Retry-After: try again shortly."""

    http_status = 503

    def __init__(self):
        super().__init__(errors.UNAVAILABLE, errors.UNAVAILABLE_MESSAGE)
        self.headers = [(b"retry-after", str(errors.UNAVAILABLE_RETRY_AFTER_SECONDS).encode())]


def unavailable(error: BaseException, request_id: str) -> ServiceUnavailable:
    logger.warning("database unavailable (%s); answered 503 (request %s)", error.__class__.__name__, request_id)
    return ServiceUnavailable()


async def run_with_deadline(func, *args, **kwargs):
    """run_sync with CIVICMIND_DB_DEADLINE_SECONDS: raise TimeoutError rather than wait longer."""
    seconds = settings.CIVICMIND_DB_DEADLINE_SECONDS
    deadline = time.monotonic() + seconds

    def unless_late(*inner_args, **inner_kwargs):
        if time.monotonic() > deadline:
            raise DeadlinePassed()
        return func(*inner_args, **inner_kwargs)

    return await asyncio.wait_for(run_sync(unless_late, *args, **kwargs), seconds)
