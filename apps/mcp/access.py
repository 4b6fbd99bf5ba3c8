"""Who is calling and what they may call (implemented by apps.accounts).

The transports resolve a Principal once per request (`authenticate`), count it against the
rate limits (`admit`), and the methods ask `may_call` before listing or running a tool. A
refusal is an AccessRefused: the transport answers its HTTP status and JSON-RPC error.
"""
from apps.accounts import metrics, requestlog
from apps.accounts.authentication import principal_for_headers
from apps.accounts.authorization import may_call  # (principal, tool) -> bool, per tool listed
from apps.accounts.authorization import refusal_message
from apps.accounts.errors import FORBIDDEN
from apps.accounts.principals import ANONYMOUS, AccessRefused, Principal
from apps.accounts.ratelimit import admit_batch_items, admit_call
from apps.mcp import protocol as p
from civicmind.logging import bind_request_id

__all__ = ["ANONYMOUS", "AccessRefused", "Principal", "admit", "admit_batch", "authenticate", "may_call",
           "tool_refused"]


async def authenticate(headers: dict, call) -> Principal:
    """Return who is calling (X-API-Key or Authorization: Bearer); raise AccessRefused if refused."""
    bind_request_id(call.request_id)
    try:
        return await principal_for_headers(headers)
    except AccessRefused as refused:
        if refused.status == 401:
            # A failed attempt counts against the address, so guessing keys ends in 429 as well.
            await admit(call)
        _refused(call, refused)
        raise


async def admit(call) -> None:
    """Apply rate limits to the request; raise AccessRefused (429) when over a limit."""
    try:
        await admit_call(call)
    except AccessRefused as refused:
        _refused(call, refused)
        raise


async def admit_batch(call, count: int) -> tuple[int, AccessRefused | None]:
    """Count a batch's further messages; return (how many may run, the refusal for the rest)."""
    admitted, refusal = await admit_batch_items(call, count)
    if refusal is not None:
        _refused(call, refusal)
    return admitted, refusal


def _refused(call, refused: AccessRefused) -> None:
    metrics.refused(call.domain, refused.reason)
    requestlog.log_refusal(call, refused)


def tool_refused(call, tool, published_name: str) -> p.JsonRpcError:
    """The -32003 error for a tool beyond the caller: it exists, and this is the key it needs.

    A JSON-RPC error, not an `isError` result: the call never reached the tool (as with an
    unknown tool), and clients tell the person rather than retry with other arguments.
    """
    metrics.refused(call.domain, "forbidden")
    return p.JsonRpcError(FORBIDDEN, refusal_message(call.principal, tool, published_name), {
        "tool": published_name, "level": tool.access.name.lower(), "domains": list(tool.listeners)})
