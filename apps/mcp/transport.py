"""Streamable HTTP for MCP as a lean ASGI endpoint (no Django request cycle on the hot path).

Order of checks on POST, each answered with a JSON-RPC error body: Origin (403) ->
Content-Type (415) -> Accept (406) -> body size (413) -> JSON (400, -32700) ->
MCP-Protocol-Version (400) -> message shape (400, -32600) -> notifications (202) ->
the method (200). GET and DELETE are 405: the server is stateless and pushes nothing.
"""
import itertools
import json
import logging
import os
import uuid

from django.conf import settings

from apps.mcp import protocol as p
from apps.mcp.access import AccessRefused, admit, authenticate
from apps.mcp.http import BodyTooLarge, header_map, read_body, send_bytes, send_json
from apps.mcp.methods import Call, dispatch
from apps.mcp.origins import origin_allowed

logger = logging.getLogger("civicmind.mcp")

ALLOW = [(b"allow", b"POST")]
_request_counter = itertools.count(1)
_process_tag = uuid.uuid4().hex[:6]


def new_request_id() -> str:
    return f"{_process_tag}-{os.getpid()}-{next(_request_counter)}"


def _accepts_json(accept: str | None) -> bool:
    if not accept:
        return True
    for part in accept.split(","):
        media = part.split(";")[0].strip().lower()
        if media in ("application/json", "*/*", "application/*"):
            return True
    return False


def _is_json_content_type(content_type: str | None) -> bool:
    if not content_type:
        return True  # curl -d without -H and some scripts send none; the body decides
    media = content_type.split(";")[0].strip().lower()
    return media == "application/json" or media.endswith("+json")


def _transport_error(status: int, code: int, message: str, *, extra_headers=None):
    return status, {"jsonrpc": p.JSONRPC_VERSION, "id": None, "error": {"code": code, "message": message}}, extra_headers


class McpEndpoint:
    """ASGI application for POST /mcp on one listener (domain set by the router)."""

    async def __call__(self, scope, receive, send):
        domain = scope["civicmind.domain"]
        listener = scope.get("civicmind.listener", domain)
        request_id = new_request_id()
        trace = [(b"x-request-id", request_id.encode())]
        headers = header_map(scope)
        failure = self._precheck(scope, headers)
        if failure:
            status, body, extra = failure
            await send_json(send, status, body, extra_headers=(extra or []) + trace)
            return
        try:
            raw = await read_body(receive, settings.CIVICMIND_MCP_MAX_BODY_BYTES)
        except BodyTooLarge:
            limit = settings.CIVICMIND_MCP_MAX_BODY_BYTES
            _, body, _ = _transport_error(413, p.INVALID_REQUEST, f"Request body exceeds the {limit}-byte limit.")
            await send_json(send, 413, body, extra_headers=trace)
            return
        client = scope.get("client") or (None, None)
        call = Call(domain=domain, listener=listener, version=p.DEFAULT_HEADER_VERSION,
                    client_address=client[0], request_id=request_id)
        try:
            call.principal = await authenticate(headers, call)
            await admit(call)
        except AccessRefused as refused:
            _, body, _ = _transport_error(refused.status, refused.code, refused.message)
            await send_json(send, refused.status, body, extra_headers=refused.headers + trace)
            return
        status, payload = await self.handle_body(raw, headers, call)
        if payload is None:
            await send_bytes(send, status, b"", content_type=None, extra_headers=trace)
        else:
            await send_json(send, status, payload, extra_headers=trace)

    def _precheck(self, scope, headers):
        method = scope["method"]
        if method != "POST":
            return _transport_error(405, p.INVALID_REQUEST,
                                    f"{method} is not supported: this stateless server takes POST only.",
                                    extra_headers=ALLOW)
        if not origin_allowed(headers.get("origin")):
            return _transport_error(403, p.INVALID_REQUEST, "Forbidden: Origin not allowed.")
        if not _is_json_content_type(headers.get("content-type")):
            return _transport_error(415, p.INVALID_REQUEST, "Content-Type must be application/json.")
        if not _accepts_json(headers.get("accept")):
            return _transport_error(406, p.INVALID_REQUEST, "Not Acceptable: the client must accept application/json.")
        declared = headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > settings.CIVICMIND_MCP_MAX_BODY_BYTES:
            limit = settings.CIVICMIND_MCP_MAX_BODY_BYTES
            return _transport_error(413, p.INVALID_REQUEST, f"Request body exceeds the {limit}-byte limit.")
        return None

    async def handle_body(self, raw: bytes, headers: dict, call: Call) -> tuple[int, object]:
        """Return (HTTP status, JSON payload or None for an empty 202)."""
        try:
            message = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            _, body, _ = _transport_error(400, p.PARSE_ERROR, "Parse error: the body is not valid UTF-8 JSON.")
            return 400, body
        header_version = headers.get("mcp-protocol-version")
        if header_version is not None and header_version not in p.SUPPORTED_VERSIONS:
            return 400, p.error_response(None, p.JsonRpcError(
                p.UNSUPPORTED_PROTOCOL_VERSION if header_version > p.LATEST_LEGACY_VERSION else p.INVALID_REQUEST,
                f"Unsupported MCP-Protocol-Version: {header_version}.",
                {"supported": list(p.SUPPORTED_VERSIONS), "requested": header_version}))
        call.version = header_version or p.DEFAULT_HEADER_VERSION
        if isinstance(message, list):
            return await self.handle_batch(message, call)
        return await self.handle_message(message, headers, call)

    async def handle_batch(self, messages: list, call: Call):
        if call.version != "2025-03-26":
            _, body, _ = _transport_error(400, p.INVALID_REQUEST,
                                          "Batches are only part of protocol version 2025-03-26.")
            return 400, body
        if not messages:
            _, body, _ = _transport_error(400, p.INVALID_REQUEST, "An empty batch is not a valid request.")
            return 400, body
        if any(isinstance(m, dict) and m.get("method") == "initialize" for m in messages):
            _, body, _ = _transport_error(400, p.INVALID_REQUEST, "initialize must not be sent in a batch.")
            return 400, body
        replies = []
        for message in messages:
            single = Call(domain=call.domain, listener=call.listener, version=call.version,
                          principal=call.principal, client_address=call.client_address,
                          request_id=call.request_id)
            _, reply = await self.handle_message(message, {}, single)
            if reply is not None:
                replies.append(reply)
        return (200, replies) if replies else (202, None)

    async def handle_message(self, message, headers: dict, call: Call):
        if not isinstance(message, dict) or message.get("jsonrpc") != p.JSONRPC_VERSION:
            return 400, p.error_response(_safe_id(message), p.JsonRpcError(
                p.INVALID_REQUEST, 'Invalid Request: expected a JSON-RPC 2.0 object with "jsonrpc": "2.0".'))
        method = message.get("method")
        if method is None:
            if "id" in message and ("result" in message or "error" in message):
                return 202, None  # a client's response to a server request
            return 400, p.error_response(_safe_id(message), p.JsonRpcError(
                p.INVALID_REQUEST, "Invalid Request: a message needs a method, or a result or error."))
        if not isinstance(method, str):
            return 400, p.error_response(_safe_id(message), p.JsonRpcError(p.INVALID_REQUEST, "method must be a string."))
        if "id" not in message:
            return 202, None  # notifications (initialized, cancelled, progress) need no answer
        request_id = message["id"]
        if isinstance(request_id, bool) or not isinstance(request_id, (str, int)):
            return 400, p.error_response(None, p.JsonRpcError(
                p.INVALID_REQUEST, "Invalid Request: id must be a string or an integer."))
        params = message.get("params", {})
        if params is None:
            params = {}
        if not isinstance(params, dict):
            return 200, p.error_response(request_id, p.JsonRpcError(p.INVALID_PARAMS, "params must be an object."))
        try:
            result = await dispatch(method, params, call)
        except p.JsonRpcError as error:
            return error.http_status, p.error_response(request_id, error)
        except Exception:
            logger.exception("unhandled error in %s (request %s)", method, call.request_id)
            return 200, p.error_response(request_id, p.JsonRpcError(
                p.INTERNAL_ERROR, f"Internal error (request {call.request_id})."))
        return 200, p.result_response(request_id, result)


def _safe_id(message):
    if isinstance(message, dict):
        value = message.get("id")
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            return value
    return None


mcp_endpoint = McpEndpoint()
