"""What happens after every tool call: the audit trail and metrics hang off this one hook.

Kept off the request's critical path: implementations must not block on I/O here
(batch database writes, increment in-memory counters).
"""


def record_tool_call(call, tool, arguments: dict, result, error, duration_seconds: float) -> None:
    """Record one tools/call: `result` (a ToolResult) or `error` (a JsonRpcError) is set."""
    return None


def websocket_opened(domain: str) -> None:
    """Count an /events WebSocket opened on a listener of `domain`."""
    return None


def websocket_closed(domain: str) -> None:
    """Count an /events WebSocket closed on a listener of `domain`."""
    return None


def event_published(event_type: str) -> None:
    """Count one event handed to the channel layer."""
    return None
