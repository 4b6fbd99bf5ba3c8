"""Run a REST operation through the MCP call machinery, never beside it.

The caller is authenticated and rate-limited by apps.mcp.access (same keys, `X-API-Key` or
`Authorization: Bearer`, same buckets), the tool runs through `tools_call` (the access
check, the deadline, idempotent replays, the audit row and metrics), a resource through
`resources_read` (the viewer's shaping). Only the framing differs: the answer is the
tool's structuredContent, a failure an RFC 9457 problem.
"""
import json
import logging
from dataclasses import dataclass, field

from apps.api.operations import ResourceOperation, ToolOperation
from apps.api.problems import problem, tool_error_problem
from apps.mcp import protocol as p
from apps.mcp.access import AccessRefused, admit, authenticate, may_call
from apps.mcp.call import Call
from apps.mcp.idempotency import KEY_ARGUMENT
from apps.mcp.methods import tools_call
from apps.mcp.offerings import resources_read
from apps.mcp.transport import new_request_id
from civicmind.domains import ALL_DOMAINS

logger = logging.getLogger("civicmind.api")

# structuredContent is part of every answer from this protocol version on.
REST_PROTOCOL_VERSION = p.LATEST_LEGACY_VERSION
REST_LISTENER = ALL_DOMAINS  # served on the admin port, beside the all-domains /mcp


@dataclass
class Answer:
    status: int
    body: dict | list
    headers: dict = field(default_factory=dict)

    @property
    def is_problem(self) -> bool:
        return self.status >= 400


async def caller(headers: dict, domain: str, client_address: str | None, path: str) -> Call | Answer:
    """The Call for this request, or the problem that refuses it (401, 429, 503)."""
    call = Call(domain=domain, listener=REST_LISTENER, version=REST_PROTOCOL_VERSION,
                client_address=client_address, request_id=new_request_id())
    try:
        call.principal = await authenticate(headers, call)
        await admit(call)
    except AccessRefused as refused:
        return Answer(refused.status, problem(refused.status, refused.message, code=refused.reason,
                                              instance=path, request_id=call.request_id),
                      {name.decode(): value.decode() for name, value in refused.headers})
    return call


async def run_tool_operation(operation: ToolOperation, arguments: dict, headers: dict,
                             client_address: str | None, path: str) -> Answer:
    tool = operation.tool
    call = await caller(headers, tool.domain, client_address, path)
    if isinstance(call, Answer):
        return call
    if not may_call(call.principal, tool):
        status = 401 if call.principal.is_anonymous else 403
        detail = (f"{tool.name} needs an API key with the {tool.access.name.lower()} level for {tool.domain}; "
                  "send it as X-API-Key or Authorization: Bearer.")
        return Answer(status, problem(status, detail, code="access_refused", instance=path,
                                      request_id=call.request_id))
    key = headers.get("idempotency-key")
    if key and (tool.call_keyed or tool.own_key) and KEY_ARGUMENT not in arguments:
        arguments = {**arguments, KEY_ARGUMENT: key}
    try:
        result = await tools_call({"name": tool.name, "arguments": arguments}, call)
    except p.JsonRpcError as error:
        return _protocol_problem(error, path, call)
    if result.get("isError"):
        status, body = tool_error_problem(result.get("structuredContent"), result["content"][0]["text"], path)
        body["request_id"] = call.request_id
        return Answer(status, body)
    return Answer(200, result.get("structuredContent") or {})


async def run_resource_operation(operation: ResourceOperation, values: dict, headers: dict,
                                 client_address: str | None, path: str) -> Answer:
    call = await caller(headers, operation.resource.domain, client_address, path)
    if isinstance(call, Answer):
        return call
    try:
        result = await resources_read({"uri": operation.uri_for(values)}, call)
    except p.JsonRpcError as error:
        return _protocol_problem(error, path, call, not_found=True)
    content = result["contents"][0]
    if "text" not in content:
        return Answer(200, {"mime_type": content["mimeType"], "blob": content["blob"]})
    if content["mimeType"] == "application/json":
        return Answer(200, json.loads(content["text"]))
    return Answer(200, {"mime_type": content["mimeType"], "text": content["text"]})


def _protocol_problem(error: p.JsonRpcError, path: str, call: Call, *, not_found: bool = False) -> Answer:
    """A JSON-RPC failure as a problem: the database unavailable (503), a missing resource, a bug (500)."""
    data = error.data if isinstance(error.data, dict) else {}
    status = getattr(error, "http_status", None)
    if status is not None:  # apps.mcp.unavailable: the database cannot answer, retry shortly
        return Answer(status, problem(status, error.message, code="unavailable", instance=path,
                                      request_id=call.request_id),
                      {name.decode(): value.decode() for name, value in getattr(error, "headers", [])})
    if error.code == p.INTERNAL_ERROR:
        return Answer(500, problem(500, error.message, code="internal_error", instance=path,
                                   request_id=call.request_id))
    status = 404 if not_found or error.code == p.RESOURCE_NOT_FOUND else 400
    service_error = data.get("error") if isinstance(data.get("error"), dict) else {}
    code = service_error.get("code") or ("not_found" if status == 404 else "invalid_request")
    return Answer(status, problem(status, error.message, code=code, instance=path, request_id=call.request_id))
