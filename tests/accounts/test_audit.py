"""The audit writer: nothing on the request path, batched inserts, redaction, outcomes."""
import collections
import datetime
import math

import pytest
from django.db import OperationalError, connection
from django.utils import timezone
from prometheus_client import REGISTRY

from apps.accounts import audit
from apps.accounts.audit import audit_writer, outcome_of
from apps.accounts.models import AuditEntry
from apps.accounts.principals import Principal
from apps.mcp import protocol as p
from apps.mcp.registry import ToolResult
from tests.accounts.conftest import make_call

pytestmark = pytest.mark.django_db

KEY = Principal(name="Tablets", key_id=7, prefix="cmk_AbCdEfGh")


def test_outcomes():
    assert outcome_of(ToolResult(text="ok"), None) == ("success", "")
    refused = ToolResult(text="no", structured={"error": {"code": "plate_unknown", "message": "m"}}, is_error=True)
    assert outcome_of(refused, None) == ("error", "plate_unknown")
    assert outcome_of(ToolResult(text="no", is_error=True), None) == ("error", "tool_error")
    assert outcome_of(None, p.JsonRpcError(p.INTERNAL_ERROR, "Internal error")) == ("failed", "-32603")


def test_recording_does_no_database_work_and_flush_writes_the_row(levels_registry, django_assert_num_queries):
    tool = levels_registry.tools[("parking", "file_report")]
    call = make_call(principal=KEY, address="198.51.100.20")
    arguments = {"note": "Blocked hydrant", "photo": "aGVsbG8gd29ybGQ=", "card_number": "4242",
                 "_user_context": {"token": "jwt", "domain": "parking", "requested_tool": "file_report",
                                   "timestamp": 1760000000.0}}
    before = timezone.now()
    with django_assert_num_queries(0):
        audit_writer.record(call, tool, arguments, "success", "", 0.0123)
    assert AuditEntry.objects.count() == 0
    assert audit_writer.flush() == 1
    entry = AuditEntry.objects.get()
    assert before - datetime.timedelta(seconds=1) <= entry.created_at <= timezone.now()
    assert (entry.transport, entry.listener, entry.domain, entry.tool) == ("http", "parking", "parking", "file_report")
    assert (entry.key_id, entry.key_prefix, entry.key_name) == (7, "cmk_AbCdEfGh", "Tablets")
    assert entry.client_address == "198.51.100.20"
    assert entry.request_id == call.request_id
    assert entry.arguments == {"note": "Blocked hydrant", "photo": "[file content redacted: 16 characters]",
                               "card_number": "[redacted]"}
    assert entry.user_context == {"token": "[redacted]", "domain": "parking", "requested_tool": "file_report",
                                  "timestamp": 1760000000.0}
    assert (entry.outcome, entry.error_code, entry.duration_ms) == ("success", "", 12.3)
    assert entry.caller == "cmk_AbCdEfGh… (Tablets)"
    assert arguments["card_number"] == "4242"  # the caller's own dict is untouched


def test_anonymous_rows_name_the_address(levels_registry):
    audit_writer.record(make_call(address="203.0.113.5"), levels_registry.tools[("parking", "look_up")], {},
                        "error", "plate_unknown", 0.001)
    audit_writer.flush()
    entry = AuditEntry.objects.get()
    assert (entry.key_id, entry.key_prefix, entry.user_context) == (None, "", None)
    assert entry.caller == "anonymous@203.0.113.5"
    assert (entry.outcome, entry.error_code) == ("error", "plate_unknown")


def test_flush_inserts_in_batches(levels_registry, settings, django_assert_max_num_queries):
    settings.CIVICMIND_AUDIT_BATCH_SIZE = 500
    tool = levels_registry.tools[("parking", "look_up")]
    for index in range(1200):
        audit_writer.record(make_call(), tool, {"n": index}, "success", "", 0.001)
    fields = [f for f in AuditEntry._meta.concrete_fields if not f.primary_key]
    batch = min(500, connection.ops.bulk_batch_size(fields, [None] * 1200))  # SQLite caps parameters
    with django_assert_max_num_queries(math.ceil(1200 / batch) + 2):
        assert audit_writer.flush() == 1200
    assert AuditEntry.objects.count() == 1200
    assert audit_writer.flush() == 0


def test_a_full_buffer_drops_the_oldest_rows_and_counts_them(levels_registry, settings):
    settings.CIVICMIND_AUDIT_MAX_BUFFER = 100
    tool = levels_registry.tools[("parking", "look_up")]
    before = REGISTRY.get_sample_value("mcp_audit_dropped_total") or 0
    for index in range(105):
        audit_writer.record(make_call(), tool, {"n": index}, "success", "", 0.001)
    assert REGISTRY.get_sample_value("mcp_audit_dropped_total") == before + 5
    audit_writer.flush()
    assert sorted(AuditEntry.objects.values_list("arguments__n", flat=True)) == list(range(5, 105))


def test_a_failed_flush_keeps_the_rows_for_the_next(levels_registry, monkeypatch):
    tool = levels_registry.tools[("parking", "look_up")]
    audit_writer.record(make_call(), tool, {}, "success", "", 0.001)

    def broken(**kwargs):
        raise OperationalError("database down")  # a bad row would be quarantined instead

    monkeypatch.setattr(audit, "audit_entries_record", broken)
    with pytest.raises(OperationalError):
        audit_writer.flush()
    assert len(audit_writer.pending) == 1
    monkeypatch.undo()
    assert audit_writer.flush() == 1


def test_no_writer_thread_under_the_test_runner(levels_registry):
    audit_writer.record(make_call(), levels_registry.tools[("parking", "look_up")], {}, "success", "", 0.001)
    assert audit_writer.thread is None


def test_a_server_flushes_its_buffer_when_it_stops(transactional_db, tmp_path):
    """With a flush interval longer than the test, the row can only come from the exit flush."""
    from django.db import connection as db

    from apps.mcp.registry import Access, registry
    from tests.accounts.helpers import rpc
    from tests.servers import start_daphne

    tool = next(t for t in registry.tools.values() if t.access == Access.PUBLIC)
    server = start_daphne(dict(db.settings_dict), tmp_path, tool.domain, CIVICMIND_AUDIT_FLUSH_MS="600000")
    try:
        response = rpc(server.mcp_url(tool.domain), "tools/call", {"name": tool.name, "arguments": {"__probe__": 1}})
        request_id = response.headers["x-request-id"]
        assert AuditEntry.objects.filter(request_id=request_id).count() == 0
    finally:
        server.stop()
    assert server.process.returncode is not None
    assert AuditEntry.objects.filter(request_id=request_id).count() == 1


def test_every_value_survives_the_bulk_write_as_recorded(levels_registry):
    """COPY on PostgreSQL, bulk_create elsewhere: the same row either way."""
    tool = levels_registry.tools[("parking", "look_up")]
    call = make_call()
    arguments = {"plate": "ABC\x00123", "note": "é🚗 \"quoted\" \\ back\tslash\nline", "n": 123456789012345678901234567890,
                 "nested": {"list": [1, 2.5, None, True]}, "_user_context": {"user_id": "u-1"}}
    audit_writer.record(call, tool, arguments, "error", "citation_not_found", 0.0123)
    audit_writer.record(call, tool, {}, "success", "", 0.001)
    assert audit_writer.flush() == 2
    first, second = AuditEntry.objects.order_by("id")
    assert first.arguments == {"plate": "ABC\ufffd123", "note": "é🚗 \"quoted\" \\ back\tslash\nline",
                               "n": 123456789012345678901234567890, "nested": {"list": [1, 2.5, None, True]}}
    assert first.user_context == {"user_id": "u-1"}
    assert (first.outcome, first.error_code, first.duration_ms, first.tool) == ("error", "citation_not_found",
                                                                                12.3, "look_up")
    assert second.user_context is None and second.arguments == {} and second.key_id is None
    assert abs((timezone.now() - first.created_at).total_seconds()) < 60


def quarantined_total() -> float:
    return REGISTRY.get_sample_value("civicmind_audit_rows_quarantined_total") or 0.0


def test_a_row_the_database_refuses_is_quarantined_and_the_rows_behind_it_are_written(levels_registry):
    """Issue 11 (2): one unwritable row (a lone surrogate in a column) neither stalls nor vanishes."""
    from apps.accounts.models import AuditQuarantine

    tool = levels_registry.tools[("parking", "look_up")]
    before = quarantined_total()
    for index in range(5):
        call = make_call()
        if index == 2:
            call.listener = "park\ud800"  # no UTF-8 for it: the database driver refuses the row
        audit_writer.record(call, tool, {"n": index, "plate": "\ud800"}, "success", "", 0.001)
    assert audit_writer.flush() == 4
    assert sorted(AuditEntry.objects.values_list("arguments__n", flat=True)) == [0, 1, 3, 4]
    assert AuditEntry.objects.filter(arguments__plate="\ufffd").count() == 4  # redaction replaced the surrogate
    kept = AuditQuarantine.objects.get()
    assert (kept.domain, kept.tool) == ("parking", "look_up")
    assert '"listener": "park\\ud800"' in kept.row and '"n": 2' in kept.row
    assert "Error" in kept.reason
    assert quarantined_total() == before + 1
    assert audit_writer.pending == collections.deque()
    audit_writer.record(make_call(), tool, {"n": 5}, "success", "", 0.001)
    assert audit_writer.flush() == 1  # the writer goes on


def test_a_database_outage_is_no_rows_fault(levels_registry, monkeypatch):
    """Connection failures keep every row, in order, for the next flush; nothing is quarantined."""
    from apps.accounts.models import AuditQuarantine

    tool = levels_registry.tools[("parking", "look_up")]
    for index in range(3):
        audit_writer.record(make_call(), tool, {"n": index}, "success", "", 0.001)
    attempts = []

    def down(**kwargs):
        attempts.append(len(kwargs["rows"]))
        raise OperationalError("connection refused")

    monkeypatch.setattr(audit, "audit_entries_record", down)
    with pytest.raises(OperationalError):
        audit_writer.flush()
    assert attempts == [3]  # no bisecting a dead database
    assert [row[10]["n"] for row in audit_writer.pending] == [0, 1, 2]
    monkeypatch.undo()
    assert audit_writer.flush() == 3
    assert AuditQuarantine.objects.count() == 0


def test_rows_left_at_exit_are_logged_not_lost(levels_registry, monkeypatch, caplog):
    tool = levels_registry.tools[("parking", "look_up")]
    audit_writer.record(make_call(), tool, {"payment_method": "4242 4242 4242 4242"}, "error", "declined", 0.001)

    def down(**kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(audit, "audit_entries_record", down)
    monkeypatch.setattr(audit_writer, "thread", object())  # as in a server process
    try:
        audit_writer.close()
    finally:
        audit_writer.stopping = False
    assert len(audit_writer.pending) == 0
    unwritten = [r.getMessage() for r in caplog.records if r.getMessage().startswith("audit: unwritten row")]
    assert len(unwritten) == 1
    assert '"payment_method": "[card number redacted]"' in unwritten[0]
    assert "4242" not in unwritten[0]
