"""API keys on the /events WebSockets: an ASGI middleware in front of the event consumer.

The key may come in `X-API-Key` or `Authorization: Bearer`, as the `api_key` query
parameter (prefer headers: query strings end up in proxy logs), or, for clients that can
set no header, as "api_key" in the first subscribe message; the consumer resolves that
one with `principal_for_key`, the same check as here.

A bad, expired or revoked key, a missing one when CIVICMIND_REQUIRE_API_KEY is on, or a
client over its rate limit is refused before the handshake completes (daphne answers HTTP
403): with keys required, a client that cannot set headers uses the query parameter.
Otherwise the caller's Principal is put in scope["civicmind.principal"] for the consumer.

    application = ProtocolTypeRouter({"websocket": ApiKeyWebsocketMiddleware(websocket_application), ...})
"""
from dataclasses import dataclass
from urllib.parse import parse_qs

from apps.accounts import metrics, requestlog
from apps.accounts.authentication import key_from_headers, principal_for_headers
from apps.accounts.principals import ANONYMOUS, AccessRefused, Principal
from apps.accounts.ratelimit import admit_call
from apps.core.listeners import listener_domain
from apps.core.http import header_map

QUERY_PARAMETER = "api_key"
CLOSE_UNAUTHORIZED = 4401
CLOSE_RATE_LIMITED = 4429


@dataclass
class WebsocketCaller:
    """What the rate limits and logs read of a caller (the shape of apps.mcp's Call)."""

    domain: str
    listener: str
    client_address: str | None
    principal: Principal = ANONYMOUS
    request_id: str | None = None
    transport: str = "websocket"


def key_from_scope(scope) -> str | None:
    """The key of a WebSocket handshake: headers first, then ?api_key=."""
    raw = key_from_headers(header_map(scope))
    if raw:
        return raw
    query = scope.get("query_string", b"").decode("latin-1")
    values = parse_qs(query).get(QUERY_PARAMETER) if query else None
    return values[0].strip() if values and values[0].strip() else None


def websocket_caller(scope) -> WebsocketCaller:
    listener = listener_domain(scope)
    client = scope.get("client") or (None, None)
    return WebsocketCaller(domain=listener, listener=listener, client_address=client[0])


async def principal_for_key(scope, raw: str | None) -> Principal:
    """Return who presents `raw` on this socket; raise AccessRefused (logged, counted) if refused.

    Every attempt counts against the caller's rate limits, a failed one too.
    """
    caller = websocket_caller(scope)
    try:
        try:
            caller.principal = await principal_for_headers({"x-api-key": raw} if raw else {})
        except AccessRefused:
            await admit_call(caller)
            raise
        await admit_call(caller)
    except AccessRefused as refused:
        metrics.refused(caller.listener, refused.reason)
        requestlog.log_refusal(caller, refused)
        raise
    return caller.principal


def close_code(refused: AccessRefused) -> int:
    """The WebSocket close code for a refusal: 4429 over a rate limit, else 4401."""
    return CLOSE_RATE_LIMITED if refused.status == 429 else CLOSE_UNAUTHORIZED


class ApiKeyWebsocketMiddleware:
    def __init__(self, inner):
        self.inner = inner

    async def __call__(self, scope, receive, send):
        if scope["type"] != "websocket":
            return await self.inner(scope, receive, send)
        try:
            principal = await principal_for_key(scope, key_from_scope(scope))
        except AccessRefused as refused:
            message = await receive()  # the handshake's websocket.connect
            if message["type"] == "websocket.connect":
                await send({"type": "websocket.close", "code": close_code(refused)})
            return
        return await self.inner(dict(scope, **{"civicmind.principal": principal}), receive, send)
