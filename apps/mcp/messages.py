"""Answer parsed JSON-RPC bodies: the part of the protocol every transport shares.

HTTP and stdio both hand a parsed body here with a prepared Call; what comes back is the
HTTP status the answer deserves (stdio ignores it) and the JSON to send, or None when
nothing is owed (notifications, client responses: 202 over HTTP, silence on stdio).
"""
import asyncio
import json
import logging
import time
from dataclasses import dataclass

from django.conf import settings

from apps.mcp import protocol as p
from apps.mcp.access import admit_batch
from apps.mcp.call import Call
from apps.mcp.envelope import is_modern, modern_envelope
from apps.core.http import dumps
from apps.mcp.methods import dispatch
from apps.mcp.observe import record_request
from apps.mcp.results import Encoded, response
from apps.mcp.unavailable import DATABASE_UNAVAILABLE_ERRORS, unavailable
from apps.mcp.wellformed import lone_surrogate_path, may_hold_surrogates

logger = logging.getLogger("civicmind.mcp")


@dataclass(frozen=True)
class Reply:
    status: int
    body: dict | list | bytes | None  # None: no body (202 Accepted); bytes: JSON already encoded
    headers: tuple = ()  # extra HTTP headers (Retry-After of a 503)


ACCEPTED = Reply(202, None)
BATCH_TOO_LARGE_MESSAGE = (
    "Invalid Request: a batch may hold at most {limit} messages (CIVICMIND_MCP_MAX_BATCH); this one holds "
    "{count}. Send them in batches of {limit} or fewer."
)


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not JSON")


class ParseError(ValueError):
    """The body is not one UTF-8 JSON text; `detail` (may be empty) says where, for the caller."""

    def __init__(self, detail: str = ""):
        super().__init__(detail)
        self.detail = detail


def parse(raw: bytes):
    """Parse one UTF-8 JSON text (strictly: no NaN/Infinity); raise ParseError otherwise.

    A string holding a lone surrogate is refused here, for every transport (apps.mcp.wellformed).
    """
    try:
        message = json.loads(raw.decode("utf-8"), parse_constant=_refuse_constant)
    except (UnicodeDecodeError, RecursionError, ValueError):
        # Deep nesting raises RecursionError, huge integer literals a ValueError.
        raise ParseError() from None
    if may_hold_surrogates(raw):
        where = lone_surrogate_path(message)
        if where is not None:
            raise ParseError(f"lone surrogate at {where}")
    return message


def error_reply(status: int, request_id, code: int, message: str, data=None) -> Reply:
    return Reply(status, p.error_response(request_id, p.JsonRpcError(code, message, data)))


def parse_error_reply(detail: str = "") -> Reply:
    suffix = f" ({detail})" if detail else ""
    return error_reply(400, None, p.PARSE_ERROR, f"Parse error: the body is not valid UTF-8 JSON{suffix}.")


def request_id_of(message):
    """The message's id when it is a valid one, else None (for error replies)."""
    if isinstance(message, dict):
        value = message.get("id")
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            return value
    return None


async def answer(message, call: Call, headers: dict | None = None) -> Reply:
    """Answer one parsed body; `headers` (lower-case names) is None on stdio."""
    header_version = headers.get(p.HEADER_PROTOCOL_VERSION) if headers is not None else None
    if header_version is not None and header_version not in p.SUPPORTED_VERSIONS:
        if not (isinstance(message, dict) and message.get("method") == "initialize"):
            # initialize negotiates in its body; anything else names a version we lack.
            return Reply(400, p.error_response(request_id_of(message), p.unsupported_version(header_version)))
    if isinstance(message, list):
        return await answer_batch(message, call, modern=header_version in p.MODERN_VERSIONS)
    if not isinstance(message, dict):
        return error_reply(400, None, p.INVALID_REQUEST,
                           "Invalid Request: the body must be one JSON-RPC 2.0 object.")
    if is_modern(message, header_version):
        return await answer_modern(message, call, headers)
    return await answer_legacy(message, call)


async def answer_batch(messages: list, call: Call, *, modern: bool) -> Reply:
    """JSON-RPC batches exist in protocol version 2025-03-26 only, never with initialize.

    At most CIVICMIND_MCP_MAX_BATCH messages, each counted against the rate limits (the
    batch itself was admitted as the first). Messages run one after the other, in order
    (a payment before the lookup that follows it), yielding the event loop between them;
    tools run on the worker threads as they do outside a batch.
    """
    if modern or call.version != p.BATCH_VERSION:
        return error_reply(400, None, p.INVALID_REQUEST,
                           f"Invalid Request: batches are only part of protocol version {p.BATCH_VERSION}; "
                           "send one JSON-RPC object per request.")
    if not messages:
        return error_reply(400, None, p.INVALID_REQUEST, "Invalid Request: an empty batch.")
    limit = settings.CIVICMIND_MCP_MAX_BATCH
    if len(messages) > limit:
        return error_reply(400, None, p.INVALID_REQUEST,
                           BATCH_TOO_LARGE_MESSAGE.format(limit=limit, count=len(messages)))
    if any(isinstance(m, dict) and m.get("method") == "initialize" for m in messages):
        return error_reply(400, None, p.INVALID_REQUEST, "Invalid Request: initialize must not be sent in a batch.")
    admitted, refusal = await admit_batch(call, len(messages) - 1)
    admitted += 1  # the first message came in with the request, which was admitted
    parts = []
    for index, message in enumerate(messages):
        if index:
            await asyncio.sleep(0)  # let other requests on this loop in between
        if index < admitted:
            reply = await answer_legacy(message, call.derive())
        else:
            reply = _refused_item(message, refusal)
        if reply.body is not None:
            parts.append(reply.body if isinstance(reply.body, bytes) else dumps(reply.body))
    if not parts:
        return ACCEPTED
    return Reply(200, Encoded(b"[" + b",".join(parts) + b"]"))


def _refused_item(message, refusal) -> Reply:
    """A batch message past the rate limit: answered with the limit's error, never run."""
    failure = _shape_error(message)
    if failure is not None:
        return failure
    if message.get("method") is None or "id" not in message:
        return ACCEPTED  # a notification or a client's response: nothing is owed
    return error_reply(200, message["id"], refusal.code, refusal.message)


def _shape_error(message) -> Reply | None:
    """Reply 400/-32600 when `message` is not a JSON-RPC 2.0 request, notification or response."""
    if not isinstance(message, dict) or message.get("jsonrpc") != p.JSONRPC_VERSION:
        return error_reply(400, request_id_of(message), p.INVALID_REQUEST,
                           'Invalid Request: expected a JSON-RPC 2.0 object with "jsonrpc": "2.0".')
    method = message.get("method")
    if method is None:
        if "id" in message and ("result" in message or "error" in message):
            return None
        return error_reply(400, request_id_of(message), p.INVALID_REQUEST,
                           "Invalid Request: a message needs a method, or a result or an error.")
    if not isinstance(method, str) or not method:
        return error_reply(400, request_id_of(message), p.INVALID_REQUEST,
                           "Invalid Request: method must be a non-empty string.")
    if "id" in message and request_id_of(message) is None:
        return error_reply(400, None, p.INVALID_REQUEST,
                           "Invalid Request: id must be a string or an integer (never null).")
    return None


async def _run(method: str, params: dict, call: Call) -> tuple[object, p.JsonRpcError | None]:
    """Dispatch and return (result, None) or (None, error); never raises."""
    started = time.perf_counter()
    result, error = None, None
    try:
        result = await dispatch(method, params, call)
    except p.JsonRpcError as raised:
        error = raised
    except DATABASE_UNAVAILABLE_ERRORS as raised:  # resources, prompts, completions
        error = unavailable(raised, call.request_id)
    except Exception:
        logger.exception("unhandled error in %s (request %s)", method, call.request_id)
        error = p.JsonRpcError(p.INTERNAL_ERROR, f"Internal error (request {call.request_id}).")
    record_request(call, method, error, time.perf_counter() - started)
    return result, error


async def answer_legacy(message, call: Call) -> Reply:
    """The handshake era: errors of a well-formed request travel with HTTP 200."""
    failure = _shape_error(message)
    if failure is not None:
        return failure
    method = message.get("method")
    if method is None or "id" not in message:
        return ACCEPTED  # a client's response, or a notification (initialized, cancelled, ...)
    request_id = message["id"]
    params = message.get("params")
    if params is None:
        params = {}
    if not isinstance(params, dict):
        return error_reply(200, request_id, p.INVALID_PARAMS, "params must be an object.")
    result, error = await _run(method, params, call)
    if error is not None:
        return _error_reply(200, request_id, error)
    return Reply(200, response(request_id, result))


def _error_reply(status: int, request_id, error: p.JsonRpcError) -> Reply:
    """An error of a request: `status`, unless the error names its own (503 "retry shortly")."""
    return Reply(getattr(error, "http_status", status), p.error_response(request_id, error),
                 tuple(getattr(error, "headers", ())))


def enter_modern(message: dict, call: Call, headers: dict | None) -> Reply | None:
    """Check a 2026-07-28 message's shape and envelope and set the call up for it.

    Returns the reply owed instead of running it (an error, or 202 for a notification),
    or None: the request is to be run.
    """
    failure = _shape_error(message)
    if failure is not None:
        return failure
    if message.get("method") is None:
        return error_reply(400, request_id_of(message), p.INVALID_REQUEST,
                           "Invalid Request: clients do not send responses in protocol version 2026-07-28.")
    if "id" not in message:
        return ACCEPTED  # no client notification is defined; accepted and dropped
    try:
        meta = modern_envelope(message, headers)
    except p.JsonRpcError as error:
        return modern_error_reply(message["id"], error)
    call.modern = True
    call.version = meta[p.META_PROTOCOL_VERSION]
    call.meta = meta
    return None


def modern_error_reply(request_id, error: p.JsonRpcError) -> Reply:
    return Reply(p.MODERN_ERROR_STATUS.get(error.code, 200), p.error_response(request_id, error))


async def answer_modern(message: dict, call: Call, headers: dict | None) -> Reply:
    """2026-07-28: a self-contained request; the HTTP status follows the error code."""
    owed = enter_modern(message, call, headers)
    if owed is not None:
        return owed
    request_id = message["id"]
    result, error = await _run(message["method"], message["params"], call)
    if error is not None:
        return _error_reply(p.MODERN_ERROR_STATUS.get(error.code, 200), request_id, error)
    return Reply(200, response(request_id, result))
