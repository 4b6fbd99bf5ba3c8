"""Streamable HTTP for MCP as a lean ASGI endpoint (no Django request cycle on the hot path).

Checks in order, each failure answered with a JSON-RPC error body (id null): method (405,
`Allow: POST`; there is no GET stream and no session to DELETE) -> Origin (403) ->
Content-Type (415) -> Accept (406) -> body size (413, read without buffering past the
limit) -> the caller (apps.mcp.access) -> JSON (400, -32700) -> the era's own rules
(apps.mcp.messages). Nothing here answers HTML, redirects or 500s: an unexpected failure is
a -32603 error with the request's trace id.
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
from apps.mcp.messages import ParseError, Reply, answer, error_reply, parse, parse_error_reply
from apps.mcp.origins import origin_allowed
from apps.core.workers import run_sync

logger = logging.getLogger("civicmind.mcp")

ALLOW = [(b"allow", b"POST")]
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

        try:
            await self.handle(scope, receive, respond, request_id)
        except ClientDisconnected:
            return
        except Exception:
            logger.exception("MCP endpoint failed (request %s)", request_id)
            if not started:
                await respond(error_reply(200, None, p.INTERNAL_ERROR, f"Internal error (request {request_id})."))

    async def handle(self, scope, receive, respond, request_id: str) -> None:
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
        domain = scope["civicmind.domain"]
        client = scope.get("client") or (None, None)
        header_version = headers.get(p.HEADER_PROTOCOL_VERSION)
        call = Call(
            domain=domain,
            listener=scope.get("civicmind.listener", domain),
            version=header_version if header_version in p.LEGACY_VERSIONS else p.DEFAULT_HEADER_VERSION,
            client_address=client[0],
            request_id=request_id,
            registry=self.registry,
        )
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
        await respond(await answer(message, call, headers))

    @staticmethod
    def precheck(method: str, headers: dict) -> tuple[Reply, list] | None:
        if method != "POST":
            return _refusal(405, f"Method Not Allowed: {method}. This endpoint takes POST only: the server is "
                                 "stateless and streams nothing.", headers=ALLOW)
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
