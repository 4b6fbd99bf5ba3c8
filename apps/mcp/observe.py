"""What happens after every request: the audit trail, metrics and request logs hang off here.

Kept off the request's critical path: nothing here does I/O (apps.accounts buffers audit
rows for a background writer; metrics are in-memory counters).
"""
from apps.accounts import metrics, requestlog
from apps.accounts.audit import audit_writer, outcome_of

TOOLS_CALL = "tools/call"


def record_tool_call(call, tool, arguments: dict, result, error, duration_seconds: float) -> None:
    """Record one tools/call: `result` (a ToolResult) or `error` (a JsonRpcError) is set.

    `arguments` are the call's own, `_user_context` included (the audit keeps it apart).
    """
    call.tool_observed = True  # record_request leaves this call to us
    outcome, error_code = outcome_of(result, error)
    metrics.tool_call(tool.domain, tool.name, outcome, duration_seconds)
    audit_writer.record(call, tool, arguments, outcome, error_code, duration_seconds)
    requestlog.log_request(call, method=TOOLS_CALL, status=outcome, duration_seconds=duration_seconds,
                           domain=tool.domain, tool=tool.name, error_code=error_code)


def record_request(call, method: str, error, duration_seconds: float) -> None:
    """Record one answered request; a tools/call that reached its tool was recorded already.

    `error` is the JsonRpcError it was answered with, or None. A tools/call refused before
    it ran (no such tool, or not for this caller) is counted here with an empty tool label.
    """
    if method == TOOLS_CALL and (error is None or getattr(call, "tool_observed", False)):
        return
    status = "success" if error is None else "failed"
    metrics.request(call.domain, method, status)
    requestlog.log_request(call, method=method, status=status, duration_seconds=duration_seconds,
                           error_code=str(error.code) if error is not None else "")


def websocket_opened(domain: str) -> None:
    """Count an /events WebSocket opened on a listener of `domain`."""
    metrics.websocket_opened(domain)


def websocket_closed(domain: str) -> None:
    """Count an /events WebSocket closed on a listener of `domain`."""
    metrics.websocket_closed(domain)


def event_published(event_type: str) -> None:
    """Count one event handed to the channel layer."""
    metrics.event_published(event_type)
