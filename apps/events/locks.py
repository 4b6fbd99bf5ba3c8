"""The outbox lock that lets a reader tell "not committed yet" from "never will be".

On PostgreSQL an event's id is taken from a sequence at INSERT, but transactions commit in
their own order: id 11 can be visible while id 10 is still open, or rolled back for good.
Every emitting transaction holds a *shared* advisory lock from just before its INSERT until
it ends; the stream reader *tries* the exclusive lock (never waiting, so it never blocks an
emitter for longer than one read). Holding it proves no emitting transaction is open, so
what the reader sees below the highest id it read is final. SQLite runs one writer at a
time and hands ids out in commit order, so there a read is always final.
"""
from typing import Callable, TypeVar

from django.db import connection, transaction

T = TypeVar("T")

# Arbitrary but fixed: "CIVEVT" in ASCII; one key for the whole outbox.
OUTBOX_LOCK_KEY = 0x434956455654


def outbox_emit_lock() -> None:
    """Hold the shared outbox lock until the current transaction ends (PostgreSQL only)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock_shared(%s)", [OUTBOX_LOCK_KEY])


def outbox_read_final(read: Callable[[], T]) -> tuple[bool, T | None]:
    """Run `read` while no emitting transaction is open: (True, result), or (False, None).

    Other databases than PostgreSQL and SQLite cannot prove it: (False, None), and the
    reader falls back to its gap timeout.
    """
    if connection.vendor == "sqlite":
        return True, read()
    if connection.vendor != "postgresql":
        return False, None
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [OUTBOX_LOCK_KEY])
            (locked,) = cursor.fetchone()
        if not locked:
            return False, None
        return True, read()
