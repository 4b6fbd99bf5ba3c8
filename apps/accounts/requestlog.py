"""One structured log line per MCP request (logger civicmind.requests), nothing sensitive.

Names the caller by key prefix or "anonymous" and the client address; never arguments,
keys or answers. CIVICMIND_REQUEST_LOG=false turns the lines off (benchmarks).
"""
import logging

from django.conf import settings

from apps.accounts.redact import scrub_text

logger = logging.getLogger("civicmind.requests")
MAX_METHOD_LENGTH = 64


def log_request(call, *, method: str, status: str, duration_seconds: float, domain: str | None = None,
                tool: str | None = None, error_code: str = "") -> None:
    if not settings.CIVICMIND_REQUEST_LOG or not logger.isEnabledFor(logging.INFO):
        return
    fields = {
        "event": "mcp.request",
        "transport": getattr(call, "transport", "http"),
        "listener": call.listener,
        "domain": domain or call.domain,
        "method": scrub_text(method[:MAX_METHOD_LENGTH]),  # the client's own words: bounded, scrubbed
        "status": status,
        "duration_ms": round(duration_seconds * 1000, 3),
        "caller": call.principal.label,
        "client": call.client_address,
    }
    if tool:
        fields["tool"] = tool
    if error_code:
        fields["error_code"] = error_code
    logger.info("%s %s%s", fields["method"], f"{fields['domain']}.{tool} " if tool else "", status, extra=fields)


def log_refusal(call, refused) -> None:
    logger.info("refused %s: %s", refused.reason, refused.status, extra={
        "event": "mcp.refused",
        "transport": getattr(call, "transport", "http"),
        "listener": call.listener,
        "domain": call.domain,
        "status": refused.status,
        "reason": refused.reason,
        "caller": call.principal.label,
        "client": call.client_address,
    })
