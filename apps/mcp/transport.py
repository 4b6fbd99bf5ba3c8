"""Streamable HTTP for MCP as a lean ASGI endpoint (no Django request cycle on the hot path).

POST checks in order, each failure answered with a JSON-RPC error body (id null): method
(405, `Allow: POST, GET, DELETE`) -> Origin (403) -> Content-Type (415) -> Accept (406) ->
body size (413, read without buffering past the limit) -> the caller (apps.mcp.access) ->
JSON (400, -32700) -> the session named by Mcp-Session-Id, if any (404 when unknown or
ended) -> the era's own rules (apps.mcp.messages). Nothing here answers HTML, redirects or
500s: an unexpected failure is a -32603 error with the request's trace id.

Sessions exist for subscriptions only (apps.mcp.sessions): a successful `initialize` opens
one and names it in `Mcp-Session-Id`; a request without the header is served statelessly as
before. `GET` with a session's id is its notification stream, `DELETE` ends the session.
A 2026-07-28 `subscriptions/listen` is answered with a stream too (apps.mcp.push).
"""
import itertools
import logging
import os
import uuid

from django.conf import settings

from apps.mcp import protocol as p
from apps.mcp.access import AccessRefused, admit, authenticate
from apps.mcp.call import Call
from apps.core.http import BodyTooLarge, ClientDisconnected, dumps, header_map, read_body, send_bytes
from apps.mcp.envelope import is_modern
from apps.mcp.messages import (
    ParseError,
    Reply,
    answer,
    enter_modern,
    error_reply,
    modern_error_reply,
    parse,
    parse_error_reply,
)
from apps.mcp.origins import origin_allowed
from apps.mcp.push import DRAINING, NotificationStream, end_session_streams, serve_stream, streams_full
from apps.mcp.sessions import session_end, session_find, session_open
from apps.mcp.subscriptions import listen_closed, listen_open
from apps.core.workers import run_sync

logger = logging.getLogger("civicmind.mcp")

ALLOW = [(b"allow", b"POST, GET, DELETE")]
LISTEN = "subscriptions/listen"
SESSION_NOT_FOUND = ("Session not found: it is unknown here or has ended (or belongs to another API key). "
                     "Send initialize again for a new session.")
PARSE_ON_LOOP_BYTES = 64 * 1024  # typical requests are a few hundred bytes
_request_counter = itertools.count(1)
_process_tag = uuid.uuid4().hex[:6]


def new_request_id() -> str:
    return f"{_process_tag}-{os.getpid()}-{next(_request_counter)}"


def accepts_json(accept: str | None) -> bool:
    """True when the Accept header admits application/json (absent admits everything)."""
    if not accept:
        return True
    for part in accept.split(","):
        media, *parameters = part.split(";")
        if media.strip().lower() not in ("application/json", "application/*", "*/*"):
            continue
        if any(param.strip().replace(" ", "") in ("q=0", "q=0.0", "q=0.00", "q=0.000") for param in parameters):
            continue
        return True
    return False


class SessionUnknown(Exception):
    """The Mcp-Session-Id names no open session of this listener and caller: 404."""


def accepts_event_stream(accept: str | None) -> bool:
    """True when the Accept header admits text/event-stream (absent admits everything)."""
    if not accept:
        return True
    return any(part.split(";")[0].strip().lower() in ("text/event-stream", "text/*", "*/*")
               for part in accept.split(","))


def is_json_content_type(content_type: str | None) -> bool:
    if not content_type:
        return True  # scripts that post JSON without naming it; the body decides
    media = content_type.split(";")[0].strip().lower()
    return media == "application/json" or (media.startswith("application/") and media.endswith("+json"))


def _refusal(status: int, message: str, code: int = p.INVALID_REQUEST, headers=None) -> tuple[Reply, list]:
    return error_reply(status, None, code, message), headers or []


class McpEndpoint:
    """ASGI application for /mcp on one listener (the router puts the domain in the scope)."""

    def __init__(self, registry=None):
        self.registry = registry  # None: the global registry, read per request

    async def __call__(self, scope, receive, send):
        request_id = new_request_id()
        trace = [(b"x-request-id", request_id.encode())]
        started = False

        async def respond(reply: Reply, extra_headers=()) -> None:
            nonlocal started
            headers = [*extra_headers, *reply.headers, *trace]
            body = None if reply.body is None else reply.body if isinstance(reply.body, bytes) else dumps(reply.body)
            started = True  # only now: a body that failed to encode still gets the -32603 below
            if body is None:
                await send_bytes(send, reply.status, b"", content_type=None, extra_headers=headers)
            else:
                await send_bytes(send, reply.status, body, extra_headers=headers)

        async def stream(notifications: NotificationStream, **options) -> None:
            nonlocal started
            if streams_full():
                await respond(Reply(503, p.error_response(None, p.JsonRpcError(
                    p.INTERNAL_ERROR, "Too many open notification streams on this server; retry shortly.")),
                    ((b"retry-after", b"5"),)))
                return
            started = True
            await serve_stream(notifications, send, receive, headers=trace, **options)

        try:
            if scope["method"] in ("GET", "DELETE"):
                await self.handle_session(scope, receive, respond, stream, request_id)
            else:
                await self.handle(scope, receive, respond, stream, request_id)
        except ClientDisconnected:
            return
        except Exception:
            logger.exception("MCP endpoint failed (request %s)", request_id)
            if not started:
                await respond(error_reply(200, None, p.INTERNAL_ERROR, f"Internal error (request {request_id})."))

    def new_call(self, scope, headers: dict, request_id: str) -> Call:
        domain = scope["civicmind.domain"]
        client = scope.get("client") or (None, None)
        header_version = headers.get(p.HEADER_PROTOCOL_VERSION)
        return Call(
            domain=domain,
            listener=scope.get("civicmind.listener", domain),
            version=header_version if header_version in p.LEGACY_VERSIONS else p.DEFAULT_HEADER_VERSION,
            client_address=client[0],
            request_id=request_id,
            registry=self.registry,
        )

    async def handle(self, scope, receive, respond, stream, request_id: str) -> None:
        headers = header_map(scope)
        refused = self.precheck(scope["method"], headers)
        if refused is not None:
            await respond(*refused)
            return
        limit = settings.CIVICMIND_MCP_MAX_BODY_BYTES
        try:
            raw = await read_body(receive, limit)
        except BodyTooLarge:
            await respond(*_refusal(413, f"Request body exceeds the {limit}-byte limit."))
            return
        header_version = headers.get(p.HEADER_PROTOCOL_VERSION)
        call = self.new_call(scope, headers, request_id)
        try:
            call.principal = await authenticate(headers, call)
            await admit(call)
        except AccessRefused as refused:
            reply = error_reply(refused.status, None, refused.code, refused.message)
            await respond(reply, refused.headers)
            return
        try:
            # A big body is parsed (and checked for surrogates) on a worker thread, not the loop.
            message = parse(raw) if len(raw) <= PARSE_ON_LOOP_BYTES else await run_sync(parse, raw)
        except ParseError as error:
            await respond(parse_error_reply(error.detail))
            return
        single = message if isinstance(message, dict) else None
        modern = header_version in p.MODERN_VERSIONS or (single is not None and is_modern(single, header_version))
        initializing = single is not None and single.get("method") == "initialize"
        session_header = headers.get(p.HEADER_SESSION_ID)
        if session_header is not None and not modern and not initializing:
            try:
                call.session_id = await self.session_named(session_header, call)
            except SessionUnknown:
                await respond(error_reply(404, None, p.INVALID_REQUEST, SESSION_NOT_FOUND))
                return
        if modern and single is not None and single.get("method") == LISTEN:
            await self.listen(single, call, headers, respond, stream)
            return
        reply = await answer(message, call, headers)
        if initializing and not modern and isinstance(reply.body, dict) and "result" in reply.body:
            session_id = await self.open_session(call)
            if session_id is not None:
                await respond(reply, [(b"mcp-session-id", session_id.encode())])
                return
        await respond(reply)

    @staticmethod
    async def session_named(session_header: str, call: Call) -> str | None:
        """The open session the header names (SessionUnknown if none); None when it cannot be checked.

        A lookup the database cannot answer serves the request statelessly, as one without
        the header would be: only subscriptions need the session.
        """
        try:
            session = await run_sync(session_find, session_id=session_header, domain=call.domain,
                                     key_id=call.principal.key_id)
        except Exception:
            logger.warning("MCP: could not look session up (request %s); serving without it", call.request_id,
                           exc_info=True)
            return None
        if session is None:
            raise SessionUnknown()
        return session.id

    @staticmethod
    async def open_session(call: Call) -> str | None:
        """A new session's id; None when it cannot be stored (the client then works without one).

        Sessions only carry subscriptions: a database that cannot take the row must not cost
        the client its handshake. Without a session id it simply gets no GET stream.
        """
        try:
            return await run_sync(session_open, domain=call.domain, protocol_version=call.version,
                                  key_id=call.principal.key_id, client_address=call.client_address)
        except Exception:
            logger.warning("MCP: could not open a session (request %s); answering initialize without one",
                           call.request_id, exc_info=True)
            return None

    async def listen(self, message: dict, call: Call, headers: dict, respond, stream) -> None:
        """subscriptions/listen: acknowledge, then stream notifications until the client closes it."""
        owed = enter_modern(message, call, headers)
        if owed is not None:
            await respond(owed)
            return
        request_id = message["id"]
        if not accepts_event_stream(headers.get("accept")):
            await respond(modern_error_reply(request_id, p.JsonRpcError(
                p.INVALID_REQUEST, "subscriptions/listen answers with a stream: Accept must include "
                "text/event-stream.")))
            return
        try:
            notifications, acknowledgment = await listen_open(request_id, message.get("params") or {}, call)
        except p.JsonRpcError as error:
            await respond(modern_error_reply(request_id, error))
            return

        def closing(reason: str):
            # A drain ends the subscription gracefully (the spec's completion result); a slow
            # client that overflowed is cut off, which tells it to listen again.
            return listen_closed(request_id) if reason == DRAINING else None

        await stream(notifications, first=[acknowledgment], closing=closing)

    async def handle_session(self, scope, receive, respond, stream, request_id: str) -> None:
        """GET: the session's notification stream. DELETE: end the session."""
        method = scope["method"]
        headers = header_map(scope)
        if not origin_allowed(headers.get("origin")):
            await respond(*_refusal(403, "Forbidden: Origin not allowed."))
            return
        session_header = headers.get(p.HEADER_SESSION_ID)
        if not session_header:
            await respond(*_refusal(405, f"Method Not Allowed: {method} without a session. {method} takes the "
                                         "Mcp-Session-Id that initialize returned (GET: the session's "
                                         "notification stream; DELETE: end it); everything else is POST.",
                                    headers=ALLOW))
            return
        if method == "GET" and not accepts_event_stream(headers.get("accept")):
            await respond(*_refusal(406, "Not Acceptable: the session's stream is text/event-stream."))
            return
        call = self.new_call(scope, headers, request_id)
        try:
            call.principal = await authenticate(headers, call)
            await admit(call)
        except AccessRefused as refused:
            await respond(error_reply(refused.status, None, refused.code, refused.message), refused.headers)
            return
        session = await run_sync(session_find, session_id=session_header, domain=call.domain,
                                 key_id=call.principal.key_id)
        if session is None:
            await respond(error_reply(404, None, p.INVALID_REQUEST, SESSION_NOT_FOUND))
            return
        if method == "DELETE":
            await run_sync(session_end, session_id=session.id)
            end_session_streams(session.id)
            await respond(Reply(204, None))
            return
        await stream(NotificationStream(domain=call.domain, session_id=session.id))

    @staticmethod
    def precheck(method: str, headers: dict) -> tuple[Reply, list] | None:
        if method != "POST":
            return _refusal(405, f"Method Not Allowed: {method}. This endpoint takes POST, and GET or DELETE "
                                 "with a session's Mcp-Session-Id.", headers=ALLOW)
        if not origin_allowed(headers.get("origin")):
            return _refusal(403, "Forbidden: Origin not allowed.")
        if not is_json_content_type(headers.get("content-type")):
            return _refusal(415, "Unsupported Media Type: Content-Type must be application/json.")
        if not accepts_json(headers.get("accept")):
            return _refusal(406, "Not Acceptable: the client must accept application/json.")
        declared = headers.get("content-length")
        limit = settings.CIVICMIND_MCP_MAX_BODY_BYTES
        if declared and declared.isdigit() and int(declared) > limit:
            return _refusal(413, f"Request body exceeds the {limit}-byte limit.")
        return None


mcp_endpoint = McpEndpoint()


async def mcp_not_found(scope, receive, send) -> None:
    """Answer a path under /mcp that names no endpoint: JSON, never Django's HTML 404."""
    reply = error_reply(404, None, p.INVALID_REQUEST,
                        f"Not Found: no MCP endpoint at {scope['path']}. Use /mcp, or /mcp/<domain>/ "
                        "on the admin port.")
    await send_bytes(send, reply.status, dumps(reply.body))
