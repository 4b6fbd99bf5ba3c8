"""The audit writer: nothing on the request path, batched inserts, redaction, outcomes."""
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
