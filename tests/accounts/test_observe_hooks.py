"""apps.mcp.observe feeds metrics, the audit buffer and the request log."""
import json
import logging

import pytest
from prometheus_client import REGISTRY

from apps.accounts import metrics
from apps.accounts.audit import audit_writer
from apps.mcp import observe
from apps.mcp import protocol as p
from apps.mcp.registry import ToolResult
from tests.accounts.conftest import make_call


def sample(name: str, labels: dict) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def test_record_tool_call_counts_times_audits_and_logs(levels_registry, caplog):
    tool = levels_registry.tools[("parking", "file_report")]
    labels = {"domain": "parking", "method": "tools/call", "tool": "file_report", "status": "success"}
    before = sample("mcp_requests_total", labels)
    before_count = sample("mcp_request_duration_seconds_count", {"domain": "parking", "tool": "file_report"})
    call = make_call(address="198.51.100.30")
    with caplog.at_level(logging.INFO, logger="civicmind.requests"):
        observe.record_tool_call(call, tool, {"note": "note-text-41", "password": "hunter2-41"},
                                 ToolResult(text="ok"), None, 0.02)
    assert sample("mcp_requests_total", labels) == before + 1
    durations = sample("mcp_request_duration_seconds_count", {"domain": "parking", "tool": "file_report"})
    assert durations == before_count + 1
    assert len(audit_writer.pending) == 1
    record = next(r for r in caplog.records if r.name == "civicmind.requests")
    assert record.getMessage() == "tools/call parking.file_report success"
    assert (record.tool, record.status, record.caller, record.client, record.duration_ms) == (
        "file_report", "success", "anonymous", "198.51.100.30", 20.0)
    logged = json.dumps(vars(record), default=str)
    assert "hunter2-41" not in logged and "note-text-41" not in logged


def test_a_failed_tool_call_is_counted_as_failed(levels_registry):
    tool = levels_registry.tools[("parking", "issue")]
    labels = {"domain": "parking", "method": "tools/call", "tool": "issue", "status": "failed"}
    before = sample("mcp_requests_total", labels)
    observe.record_tool_call(make_call(), tool, {}, None, p.JsonRpcError(p.INTERNAL_ERROR, "Internal error"), 0.001)
    assert sample("mcp_requests_total", labels) == before + 1


def test_record_request_counts_other_methods_only():
    ok = {"domain": "noise", "method": "tools/list", "tool": "", "status": "success"}
    failed = {"domain": "noise", "method": "resources/read", "tool": "", "status": "failed"}
    call_labels = {"domain": "noise", "method": "tools/call", "tool": "", "status": "success"}
    before = (sample("mcp_requests_total", ok), sample("mcp_requests_total", failed),
              sample("mcp_requests_total", call_labels))
    call = make_call(domain="noise")
    observe.record_request(call, "tools/list", None, 0.001)
    observe.record_request(call, "resources/read", p.JsonRpcError(-32002, "Resource not found"), 0.001)
    observe.record_request(call, "tools/call", None, 0.001)  # counted by record_tool_call instead
    assert (sample("mcp_requests_total", ok), sample("mcp_requests_total", failed),
            sample("mcp_requests_total", call_labels)) == (before[0] + 1, before[1] + 1, before[2])


def test_method_labels_are_the_servers_own_names():
    """Issue 11 (6): a client's method names share one label, from the first one on."""
    assert [metrics._method_label(f"made/up/{n}") for n in range(3)] == ["other"] * 3
    assert metrics._method_label("x" * 65) == "other"
    assert metrics._method_label("tools/list") == "tools/list"
    assert metrics._method_label("server/discover") == "server/discover"


def test_websocket_gauge_and_published_events():
    before = sample("mcp_active_websockets", {"domain": "transportation"})
    observe.websocket_opened("transportation")
    observe.websocket_opened("transportation")
    observe.websocket_closed("transportation")
    assert sample("mcp_active_websockets", {"domain": "transportation"}) == before + 1
    observe.websocket_closed("transportation")
    published = sample("events_published_total", {"type": "outage.reported"})
    observe.event_published("outage.reported")
    assert sample("events_published_total", {"type": "outage.reported"}) == published + 1


@pytest.mark.parametrize("name, kind, labels", [
    ("mcp_requests", "counter", ["domain", "method", "tool", "status"]),
    ("mcp_request_duration_seconds", "histogram", ["domain", "tool"]),
    ("mcp_active_websockets", "gauge", ["domain"]),
    ("events_published", "counter", ["type"]),
])
def test_metric_names_types_and_labels(name, kind, labels):
    collector = {m.name: m for m in REGISTRY.collect()}[name]
    assert collector.type == kind
    metric = {"mcp_requests": metrics.REQUESTS, "mcp_request_duration_seconds": metrics.DURATION,
              "mcp_active_websockets": metrics.ACTIVE_WEBSOCKETS, "events_published": metrics.EVENTS_PUBLISHED}[name]
    assert list(metric._labelnames) == labels


def test_a_tools_call_refused_before_its_tool_is_counted_once(levels_registry):
    refused = {"domain": "zoning", "method": "tools/call", "tool": "", "status": "failed"}
    ran = {"domain": "parking", "method": "tools/call", "tool": "issue", "status": "failed"}
    before = (sample("mcp_requests_total", refused), sample("mcp_requests_total", ran))
    unknown = p.JsonRpcError(p.INVALID_PARAMS, "Unknown tool: nope.")
    observe.record_request(make_call(domain="zoning"), "tools/call", unknown, 0.001)
    call = make_call()
    crash = p.JsonRpcError(p.INTERNAL_ERROR, "Internal error")
    observe.record_tool_call(call, levels_registry.tools[("parking", "issue")], {}, None, crash, 0.001)
    observe.record_request(call, "tools/call", crash, 0.001)
    assert (sample("mcp_requests_total", refused), sample("mcp_requests_total", ran)) == (before[0] + 1, before[1] + 1)
