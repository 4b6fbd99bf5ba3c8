"""The audit log's writer: rows are buffered in memory and inserted in batches off the loop.

Recording a call only appends a tuple to a deque (no I/O, no redaction on the request
path), except under `serve` (the spool, below). A daemon thread wakes every CIVICMIND_AUDIT_FLUSH_MS (or as soon as a batch is
full), redacts the buffered rows, inserts them in bulk (COPY on PostgreSQL) and moves keys'
last_used_at forward; the process flushes once more at exit. If the database is down the
rows wait for the next flush; past CIVICMIND_AUDIT_MAX_BUFFER the oldest are dropped (and
counted in mcp_audit_dropped_total) rather than exhausting memory. A row the database
refuses while it is up (a value it cannot store) is one row's problem: it goes to the audit
quarantine (AuditQuarantine, counted in civicmind_audit_rows_quarantined_total) and the
rows behind it are written. Rows a final flush at exit cannot write are logged, escaped, at
ERROR level: the log is the record of last resort.

Under `serve` every row is also appended to the worker's spool file (apps.accounts.audit_spool)
so that a worker killed before its next flush loses none: its supervisor inserts what the
dead worker's files still hold (audit_spool_recover).

Under Django's test runner (mail.outbox exists) no thread starts: tests call flush().
"""
import atexit
import collections
import datetime
import json
import logging
import threading
import os
import time
from pathlib import Path

from django.conf import settings
from django.core import mail
from django.db import InterfaceError, OperationalError, close_old_connections
from django.utils import timezone

from apps.accounts.metrics import audit_dropped, audit_quarantined
from apps.accounts.models import AuditOutcome
from apps.accounts.audit_spool import CLAIMED, AuditSpool, read_entries, spool_files
from apps.accounts.redact import redact
from apps.accounts.services import api_keys_mark_used, audit_entries_record, audit_row_quarantine

logger = logging.getLogger("civicmind.audit")

USER_CONTEXT_ARGUMENT = "_user_context"
MARK_USED_EVERY_SECONDS = 60.0
FLUSH_CHUNK = 10_000  # rows redacted and inserted per transaction-sized step


def _connection_errors() -> tuple:
    """Errors that say the database is unreachable, as Django and psycopg (COPY) raise them."""
    errors = [OperationalError, InterfaceError]
    try:
        import psycopg
    except ImportError:
        return tuple(errors)
    return (*errors, psycopg.OperationalError, psycopg.InterfaceError)


CONNECTION_ERRORS = _connection_errors()


def outcome_of(result, error) -> tuple[str, str]:
    """Return (outcome, error code) of a tool call: a ToolResult or a JsonRpcError."""
    if error is not None:
        return AuditOutcome.FAILED, str(getattr(error, "code", "error"))
    if result is not None and result.is_error:
        structured = result.structured if isinstance(result.structured, dict) else {}
        detail = structured.get("error")
        code = detail.get("code") if isinstance(detail, dict) else None
        return AuditOutcome.ERROR, str(code or "tool_error")[:64]
    return AuditOutcome.SUCCESS, ""


def _in_test_runner() -> bool:
    return hasattr(mail, "outbox")


class AuditWriter:
    def __init__(self):
        self.pending: collections.deque = collections.deque()
        self.used: dict[int, float] = {}  # key id -> when this process last marked it used
        self.used_pending: set[int] = set()
        self.dropped = 0
        self.lock = threading.Lock()  # one flush at a time (thread, exit, tests)
        self.wake = threading.Event()
        self.thread: threading.Thread | None = None
        self.stopping = False
        self.record_lock = threading.Lock()  # a row enters the buffer and the spool together
        self._spool: AuditSpool | None = None
        self._spool_pid: int | None = None

    @property
    def spool(self) -> AuditSpool | None:
        """This process's spool under `serve` (None otherwise), opened in the process that records."""
        if self._spool_pid != os.getpid():
            self._spool_pid = os.getpid()
            self._spool = AuditSpool.from_environment()
        return self._spool

    # --- the request path (event loop): append only --------------------------------------
    def record(self, call, tool, arguments: dict, outcome: str, error_code: str, duration_seconds: float) -> None:
        principal = call.principal
        row = (  # created_at on the city's clock (timezone.now), the one CIVICMIND_TODAY moves
            timezone.now().timestamp(), getattr(call, "transport", "http"), call.listener, tool.domain, tool.name,
            principal.key_id, principal.prefix or "", principal.name or "", call.client_address or "",
            call.request_id or "", arguments, outcome, error_code, duration_seconds,
        )
        spool = self.spool
        if spool is None:
            self.pending.append(row)
        else:
            with self.record_lock:
                self.pending.append(row)
                self._spool_append(spool, row)
        maximum = settings.CIVICMIND_AUDIT_MAX_BUFFER
        while len(self.pending) > maximum:
            self.pending.popleft()
            self.dropped += 1
            audit_dropped()
        self._ensure_thread()
        if len(self.pending) >= settings.CIVICMIND_AUDIT_BATCH_SIZE:
            self.wake.set()

    def _spool_append(self, spool: AuditSpool, row) -> None:
        try:
            spool.append(self._entry(row))
        except Exception:
            # A row redaction cannot read is quarantined at flush; a full disk costs only
            # the crash-safety of this row, never the request.
            logger.exception("audit: row of request %r not spooled", row[9])

    def mark_used(self, key_id: int) -> None:
        """Note a key's use; last_used_at is written at most once a minute per key and process."""
        now = time.monotonic()
        if now - self.used.get(key_id, -MARK_USED_EVERY_SECONDS) >= MARK_USED_EVERY_SECONDS:
            self.used[key_id] = now
            self.used_pending.add(key_id)
            self._ensure_thread()

    # --- the writer --------------------------------------------------------------------
    def _ensure_thread(self) -> None:
        if self.thread is not None or self.stopping or _in_test_runner():
            return
        with self.lock:
            if self.thread is None:
                self.thread = threading.Thread(target=self._run, name="civicmind-audit", daemon=True)
                self.thread.start()

    def _run(self) -> None:
        interval = settings.CIVICMIND_AUDIT_FLUSH_MS / 1000
        while not self.stopping:
            self.wake.wait(interval)
            self.wake.clear()
            try:
                self.flush()
            except Exception:
                logger.exception("audit: flush failed; the rows wait for the next attempt")

    def flush(self) -> int:
        """Write everything buffered so far (on the calling thread); return the rows written.

        A row the database refuses goes to the quarantine (see _write); only a failure that
        is not one row's (the database down) puts the rows back and raises.
        """
        written = 0
        with self.lock:
            if threading.current_thread() is self.thread:
                close_old_connections()  # past CONN_MAX_AGE or broken: reconnect
            spool = self.spool
            budget = None  # without a spool: everything, including rows recorded meanwhile
            if spool is not None:
                with self.record_lock:  # the rows of the rotated files are exactly these
                    spool.rotate()
                    budget = len(self.pending)
            while True:
                rows = self._drain(FLUSH_CHUNK if budget is None else min(FLUSH_CHUNK, budget))
                if budget is not None:
                    budget -= len(rows)
                used, self.used_pending = self.used_pending, set()
                if not rows and not used:
                    if spool is not None:
                        spool.release()
                    return written
                try:
                    written += self._write(rows)
                    if used:
                        api_keys_mark_used(key_ids=used, at=timezone.now())
                except Exception:
                    self.used_pending |= used
                    raise

    def _write(self, rows: list) -> int:
        """Insert `rows`; quarantine the ones the database refuses; return how many were logged.

        The batch is tried whole, then halved around a failure down to single rows, so one
        bad row costs a few extra inserts, not a stalled log. A failure of the connection
        itself, or of the quarantine insert, is nobody's row: what is left goes back to the
        front of the buffer, in order, and the error propagates.
        """
        entries, bad = [], []
        for row in rows:
            try:
                entries.append((row, self._entry(row)))
            except Exception as error:  # a value redaction cannot make sense of
                bad.append((row, error))
        written = 0
        chunks = [entries] if entries else []  # the last one is tried next
        current: list = []
        try:
            while bad:
                self._quarantine(*bad[0])
                bad.pop(0)
            while chunks:
                current = chunks.pop()
                try:
                    audit_entries_record(rows=[entry for _, entry in current],
                                         batch_size=settings.CIVICMIND_AUDIT_BATCH_SIZE)
                except CONNECTION_ERRORS:
                    raise  # the database, not the rows
                except Exception as error:
                    if len(current) > 1:
                        middle = len(current) // 2
                        chunks.extend([current[middle:], current[:middle]])  # the first half next
                    else:
                        self._quarantine(current[0][0], error)
                else:
                    written += len(current)
                current = []
        except Exception:
            unwritten = [row for row, _ in bad] + [row for row, _ in current]
            unwritten += [row for chunk in reversed(chunks) for row, _ in chunk]
            self.pending.extendleft(reversed(unwritten))
            raise
        return written

    def _quarantine(self, row, error: Exception) -> None:
        try:
            fields = self._entry(row)
        except Exception:
            fields = {"row": repr(row)}
        audit_row_quarantine(fields=fields, reason=f"{error.__class__.__name__}: {error}")
        audit_quarantined()
        logger.error("audit: row of request %r quarantined (%s)", fields.get("request_id"),
                     error.__class__.__name__)

    def _drain(self, limit: int) -> list:
        rows = []
        while len(rows) < limit:
            try:
                rows.append(self.pending.popleft())  # the loop may drop the oldest meanwhile
            except IndexError:
                break
        return rows

    @staticmethod
    def _entry(row) -> dict:
        """AuditEntry field values of one buffered row, redacted and cut to the columns' sizes."""
        (at, transport, listener, domain, tool, key_id, key_prefix, key_name, client_address, request_id,
         arguments, outcome, error_code, duration_seconds) = row
        arguments = dict(arguments) if isinstance(arguments, dict) else {}
        user_context = arguments.pop(USER_CONTEXT_ARGUMENT, None)
        return dict(
            created_at=datetime.datetime.fromtimestamp(at, tz=datetime.timezone.utc),
            transport=transport[:8], listener=(listener or "")[:32], domain=domain[:32], tool=tool[:128],
            key_id=key_id, key_prefix=key_prefix[:16], key_name=key_name[:100],
            client_address=client_address[:64], request_id=request_id[:64],
            arguments=redact(arguments), user_context=redact(user_context) if user_context is not None else None,
            outcome=outcome, error_code=error_code[:64], duration_ms=round(duration_seconds * 1000, 3),
        )

    def close(self) -> None:
        """Flush at process exit (only where a writer thread ran: never into a test's database)."""
        if self.thread is None:
            return
        self.stopping = True
        self.wake.set()
        try:
            self.flush()
            if self.spool is not None:
                self.spool.close()
        except Exception:
            logger.exception("audit: final flush failed; %d rows follow in this log", len(self.pending))
            self._log_unwritten()

    def _log_unwritten(self) -> None:
        """Put every row still buffered into the log (ASCII-escaped JSON), so none is lost unseen."""
        while self.pending:
            row = self.pending.popleft()
            try:
                text = json.dumps(self._entry(row), ensure_ascii=True, default=str)
            except Exception:
                text = ascii(row)
            logger.error("audit: unwritten row %s", text)

    def discard(self) -> None:
        """Forget everything buffered (tests)."""
        with self.lock:
            self.pending.clear()
            self.used_pending.clear()
            self.used.clear()


def _recover_chunk(entries: list[dict]) -> int:
    """Insert spooled entries; one the database refuses (while up) goes to the quarantine."""
    try:
        return audit_entries_record(rows=entries, batch_size=settings.CIVICMIND_AUDIT_BATCH_SIZE)
    except CONNECTION_ERRORS:
        raise
    except Exception:
        if len(entries) == 1:
            _quarantine_entry(entries[0])
            return 0
        middle = len(entries) // 2
        return _recover_chunk(entries[:middle]) + _recover_chunk(entries[middle:])


def _quarantine_entry(entry: dict) -> None:
    audit_row_quarantine(fields=entry, reason="recovered from a spool; refused by the database")
    audit_quarantined()


def audit_spool_recover(*, directory: str | Path, pid: int) -> int:
    """Insert the rows a dead process left in its spool files; return how many.

    Each file is claimed by renaming it first, so two recoveries never insert it twice. If
    the database refuses, the file gets its name back and waits for the next recovery.
    """
    recovered = 0
    for path in spool_files(directory, pid):
        original = path.with_name(path.name.split(CLAIMED, 1)[0])  # a dead recovery's claim, too
        claimed = path.with_name(f"{original.name}{CLAIMED}{os.getpid()}")
        try:
            path.rename(claimed)
        except FileNotFoundError:
            continue  # another recovery took it
        try:
            entries = read_entries(claimed)
            for start in range(0, len(entries), FLUSH_CHUNK):
                recovered += _recover_chunk(entries[start:start + FLUSH_CHUNK])
        except Exception:
            claimed.rename(original)
            raise
        claimed.unlink()
    return recovered


audit_writer = AuditWriter()
atexit.register(audit_writer.close)
