"""Answer parsed JSON-RPC bodies: the part of the protocol every transport shares.

HTTP and stdio both hand a parsed body here with a prepared Call; what comes back is the
HTTP status the answer deserves (stdio ignores it) and the JSON to send, or None when
nothing is owed (notifications, client responses: 202 over HTTP, silence on stdio).
"""
import json
import logging
import time
from dataclasses import dataclass

from apps.mcp import protocol as p
from apps.mcp.call import Call
from apps.mcp.envelope import is_modern, modern_envelope
from apps.mcp.methods import dispatch
from apps.mcp.observe import record_request
from apps.mcp.results import Encoded, response

logger = logging.getLogger("civicmind.mcp")


@dataclass(frozen=True)
class Reply:
    status: int
    body: dict | list | bytes | None  # None: no body (202 Accepted); bytes: JSON already encoded


ACCEPTED = Reply(202, None)


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not JSON")


def parse(raw: bytes):
    """Parse one UTF-8 JSON text (strictly: no NaN/Infinity); raise ValueError otherwise."""
    try:
        return json.loads(raw.decode("utf-8"), parse_constant=_refuse_constant)
    except (UnicodeDecodeError, RecursionError) as error:
        # Deep nesting raises RecursionError, huge integer literals a ValueError.
        raise ValueError(str(error)) from None


def error_reply(status: int, request_id, code: int, message: str, data=None) -> Reply:
    return Reply(status, p.error_response(request_id, p.JsonRpcError(code, message, data)))


def parse_error_reply() -> Reply:
    return error_reply(400, None, p.PARSE_ERROR, "Parse error: the body is not valid UTF-8 JSON.")


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
    """JSON-RPC batches exist in protocol version 2025-03-26 only, never with initialize."""
    if modern or call.version != p.BATCH_VERSION:
        return error_reply(400, None, p.INVALID_REQUEST,
                           f"Invalid Request: batches are only part of protocol version {p.BATCH_VERSION}; "
                           "send one JSON-RPC object per request.")
    if not messages:
        return error_reply(400, None, p.INVALID_REQUEST, "Invalid Request: an empty batch.")
    if any(isinstance(m, dict) and m.get("method") == "initialize" for m in messages):
        return error_reply(400, None, p.INVALID_REQUEST, "Invalid Request: initialize must not be sent in a batch.")
    replies = []
    for message in messages:
        reply = await answer_legacy(message, call.derive())
        if isinstance(reply.body, Encoded):
            replies.append(json.loads(reply.body))  # batches are rare: re-read, don't splice
        elif reply.body is not None:
            replies.append(reply.body)
    return Reply(200, replies) if replies else ACCEPTED


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
        return Reply(200, p.error_response(request_id, error))
    return Reply(200, response(request_id, result))


async def answer_modern(message: dict, call: Call, headers: dict | None) -> Reply:
    """2026-07-28: a self-contained request; the HTTP status follows the error code."""
    failure = _shape_error(message)
    if failure is not None:
        return failure
    if message.get("method") is None:
        return error_reply(400, request_id_of(message), p.INVALID_REQUEST,
                           "Invalid Request: clients do not send responses in protocol version 2026-07-28.")
    if "id" not in message:
        return ACCEPTED  # no client notification is defined; accepted and dropped
    request_id = message["id"]
    try:
        meta = modern_envelope(message, headers)
    except p.JsonRpcError as error:
        return Reply(p.MODERN_ERROR_STATUS.get(error.code, 200), p.error_response(request_id, error))
    call.modern = True
    call.version = meta[p.META_PROTOCOL_VERSION]
    call.meta = meta
    result, error = await _run(message["method"], message["params"], call)
    if error is not None:
        return Reply(p.MODERN_ERROR_STATUS.get(error.code, 200), p.error_response(request_id, error))
    return Reply(200, response(request_id, result))
