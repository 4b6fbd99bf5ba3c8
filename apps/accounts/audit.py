"""The audit log's writer: rows are buffered in memory and inserted in batches off the loop.

Recording a call only appends a tuple to a deque (no I/O, no redaction on the request
path). A daemon thread wakes every CIVICMIND_AUDIT_FLUSH_MS (or as soon as a batch is
full), redacts the buffered rows, inserts them in bulk (COPY on PostgreSQL) and moves keys'
last_used_at forward; the process flushes once more at exit. If the database is down the
rows wait for the next flush; past CIVICMIND_AUDIT_MAX_BUFFER the oldest are dropped (and
counted in mcp_audit_dropped_total) rather than exhausting memory.

Under Django's test runner (mail.outbox exists) no thread starts: tests call flush().
"""
import atexit
import collections
import datetime
import logging
import threading
import time

from django.conf import settings
from django.core import mail
from django.db import close_old_connections
from django.utils import timezone

from apps.accounts.metrics import audit_dropped
from apps.accounts.models import AuditOutcome
from apps.accounts.redact import redact
from apps.accounts.services import api_keys_mark_used, audit_entries_record

logger = logging.getLogger("civicmind.audit")

USER_CONTEXT_ARGUMENT = "_user_context"
MARK_USED_EVERY_SECONDS = 60.0
FLUSH_CHUNK = 10_000  # rows redacted and inserted per transaction-sized step


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

    # --- the request path (event loop): append only --------------------------------------
    def record(self, call, tool, arguments: dict, outcome: str, error_code: str, duration_seconds: float) -> None:
        principal = call.principal
        self.pending.append((
            time.time(), getattr(call, "transport", "http"), call.listener, tool.domain, tool.name,
            principal.key_id, principal.prefix or "", principal.name or "", call.client_address or "",
            call.request_id or "", arguments, outcome, error_code, duration_seconds,
        ))
        maximum = settings.CIVICMIND_AUDIT_MAX_BUFFER
        while len(self.pending) > maximum:
            self.pending.popleft()
            self.dropped += 1
            audit_dropped()
        self._ensure_thread()
        if len(self.pending) >= settings.CIVICMIND_AUDIT_BATCH_SIZE:
            self.wake.set()

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
        """Write everything buffered so far (on the calling thread); return the rows written."""
        written = 0
        with self.lock:
            if threading.current_thread() is self.thread:
                close_old_connections()  # past CONN_MAX_AGE or broken: reconnect
            while True:
                rows = self._drain(FLUSH_CHUNK)
                used, self.used_pending = self.used_pending, set()
                if not rows and not used:
                    return written
                try:
                    if rows:
                        audit_entries_record(rows=[self._entry(row) for row in rows],
                                             batch_size=settings.CIVICMIND_AUDIT_BATCH_SIZE)
                    if used:
                        api_keys_mark_used(key_ids=used, at=timezone.now())
                except Exception:
                    self.pending.extendleft(reversed(rows))
                    self.used_pending |= used
                    raise
                written += len(rows)

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
        except Exception:
            logger.exception("audit: final flush failed; %d rows lost", len(self.pending))

    def discard(self) -> None:
        """Forget everything buffered (tests)."""
        with self.lock:
            self.pending.clear()
            self.used_pending.clear()
            self.used.clear()


audit_writer = AuditWriter()
atexit.register(audit_writer.close)
