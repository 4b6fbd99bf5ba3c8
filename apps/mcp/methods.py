"""The MCP method table: one async handler per method, each returning a result dict.

The transport owns HTTP and JSON-RPC framing; handlers only see params and the Call, and
signal protocol failures by raising JsonRpcError. Anything touching the database runs on
the worker pool (apps.mcp.workers).
"""
import base64
import binascii
import json
import logging
import time
from dataclasses import dataclass, field

from django.conf import settings

from apps.core.errors import ServiceError
from apps.mcp import protocol as p
from apps.mcp.access import ANONYMOUS, Principal, may_call
from apps.mcp.calls import run_tool
from apps.mcp.observe import record_tool_call
from apps.mcp.registry import registry
from apps.mcp.workers import run_sync
from civicmind.domains import ALL_DOMAINS

logger = logging.getLogger("civicmind.mcp")

PAGE_SIZE = 50
LOG_LEVELS = ("debug", "info", "notice", "warning", "error", "critical", "alert", "emergency")
SERVER_VERSION = "1.0.0"


@dataclass
class Call:
    """One JSON-RPC request as the method handlers see it."""

    domain: str  # the domain served ("all" for the all-domains endpoint)
    listener: str  # the listener it arrived on
    version: str  # the effective protocol version
    modern: bool = False
    principal: Principal = ANONYMOUS
    client_address: str | None = None
    request_id: str | None = None
    meta: dict = field(default_factory=dict)


def server_info(domain: str) -> dict:
    title = "CivicMind — all domains" if domain == ALL_DOMAINS else f"CivicMind {domain.title()}"
    return {"name": f"civicmind-{domain}", "title": title, "version": SERVER_VERSION}


def server_instructions(domain: str) -> str:
    city = settings.CIVICMIND_CITY_NAME
    if domain == ALL_DOMAINS:
        return (f"City services of {city} for every domain. Tool names are prefixed with "
                "their domain (parking_check_violations).")
    return f"City services of {city}: the {domain} domain. Answers come from the city's records."


def capabilities(call: Call) -> dict:
    caps = {
        "tools": {"listChanged": False},
        "resources": {"subscribe": False, "listChanged": False},
        "prompts": {"listChanged": False},
        "completions": {},
    }
    if not call.modern:
        caps["logging"] = {}
    return caps


# --- lifecycle -------------------------------------------------------------------------
async def initialize(params: dict, call: Call) -> dict:
    requested = params.get("protocolVersion")
    if not isinstance(requested, str):
        raise p.JsonRpcError(p.INVALID_PARAMS, "initialize needs params.protocolVersion (a string such as \"2025-11-25\").")
    version = requested if requested in p.LEGACY_VERSIONS else p.LATEST_LEGACY_VERSION
    call.version = version
    return {
        "protocolVersion": version,
        "capabilities": capabilities(call),
        "serverInfo": server_info(call.domain),
        "instructions": server_instructions(call.domain),
    }


async def ping(params: dict, call: Call) -> dict:
    return {}


async def set_level(params: dict, call: Call) -> dict:
    level = params.get("level")
    if level not in LOG_LEVELS:
        raise p.JsonRpcError(p.INVALID_PARAMS, f"level must be one of {', '.join(LOG_LEVELS)}.",
                             {"argument": "level", "received": level})
    # Stateless JSON responses carry no notifications, so there is nothing to adjust.
    return {}


# --- paging ----------------------------------------------------------------------------
def encode_cursor(offset: int, kind: str) -> str:
    raw = json.dumps({"k": kind, "o": offset}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor, kind: str) -> int:
    if cursor is None:
        return 0
    try:
        if not isinstance(cursor, str):
            raise ValueError
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode()))
        offset = data["o"]
        if data["k"] != kind or not isinstance(offset, int) or offset < 0:
            raise ValueError
        return offset
    except (ValueError, KeyError, TypeError, binascii.Error, json.JSONDecodeError):
        raise p.JsonRpcError(p.INVALID_PARAMS, "Invalid cursor: pass back a nextCursor exactly as received.",
                             {"argument": "cursor"}) from None


def page(items: list, params: dict, kind: str, key: str) -> dict:
    offset = decode_cursor(params.get("cursor"), kind)
    chunk = items[offset: offset + PAGE_SIZE]
    result = {key: chunk}
    if offset + PAGE_SIZE < len(items):
        result["nextCursor"] = encode_cursor(offset + PAGE_SIZE, kind)
    return result


# --- tools -----------------------------------------------------------------------------
def describe_tool(published_name: str, tool, version: str) -> dict:
    described = {"name": published_name, "description": tool.description, "inputSchema": tool.input_schema}
    if p.version_at_least(version, p.TITLES_SINCE):
        described["title"] = tool.title
    if tool.output_schema and p.version_at_least(version, p.STRUCTURED_CONTENT_SINCE):
        described["outputSchema"] = tool.output_schema
    if p.version_at_least(version, p.ANNOTATIONS_SINCE):
        described["annotations"] = tool.annotations
    return described


async def tools_list(params: dict, call: Call) -> dict:
    visible = [
        describe_tool(name, tool, call.version)
        for name, tool in registry.tools_for(call.domain)
        if may_call(call.principal, tool)
    ]
    return page(visible, params, "tools", "tools")


async def tools_call(params: dict, call: Call) -> dict:
    name = params.get("name")
    if not isinstance(name, str) or not name:
        raise p.JsonRpcError(p.INVALID_PARAMS, "tools/call needs params.name, the tool's name as tools/list gives it.",
                             {"argument": "name"})
    arguments = params.get("arguments", {})
    if arguments is None:
        arguments = {}
    if not isinstance(arguments, dict):
        raise p.JsonRpcError(p.INVALID_PARAMS, "params.arguments must be an object of argument names to values.",
                             {"argument": "arguments"})
    tool = registry.find_tool(call.domain, name)
    if tool is None or not may_call(call.principal, tool):
        known = ", ".join(n for n, t in registry.tools_for(call.domain) if may_call(call.principal, t))
        raise p.JsonRpcError(p.INVALID_PARAMS, f"Unknown tool: {name}. Tools here: {known}.", {"tool": name})
    started = time.perf_counter()
    try:
        result = await run_sync(run_tool, tool, arguments, call)
    except p.JsonRpcError as error:
        record_tool_call(call, tool, arguments, None, error, time.perf_counter() - started)
        raise
    record_tool_call(call, tool, arguments, result, None, time.perf_counter() - started)
    answer = {"content": [{"type": "text", "text": result.text}], "isError": result.is_error}
    if result.structured is not None and p.version_at_least(call.version, p.STRUCTURED_CONTENT_SINCE):
        answer["structuredContent"] = result.structured
    return answer


# --- resources -------------------------------------------------------------------------
def _describe_resource(resource, version: str) -> dict:
    described = {"uri": resource.uri, "name": resource.name, "description": resource.description,
                 "mimeType": resource.mime_type}
    if p.version_at_least(version, p.TITLES_SINCE):
        described["title"] = resource.title
    return described


def _describe_template(template, version: str) -> dict:
    described = {"uriTemplate": template.uri_template, "name": template.name,
                 "description": template.description, "mimeType": template.mime_type}
    if p.version_at_least(version, p.TITLES_SINCE):
        described["title"] = template.title
    return described


async def resources_list(params: dict, call: Call) -> dict:
    items = [_describe_resource(r, call.version) for r in registry.resources_for(call.domain)]
    return page(items, params, "resources", "resources")


async def resource_templates_list(params: dict, call: Call) -> dict:
    items = [_describe_template(t, call.version) for t in registry.templates_for(call.domain)]
    return page(items, params, "templates", "resourceTemplates")


def _resource_not_found(uri, call: Call) -> p.JsonRpcError:
    code = p.INVALID_PARAMS if call.modern else p.RESOURCE_NOT_FOUND
    return p.JsonRpcError(code, f"Resource not found: {uri}", {"uri": uri})


def _read_resource(uri: str, call: Call) -> tuple[str, object]:
    resource = registry.resources.get(uri)
    if resource and call.domain in (ALL_DOMAINS, resource.domain):
        return resource.mime_type, resource.handler()
    for template in registry.templates_for(call.domain):
        variables = template.match(uri)
        if variables is not None:
            try:
                return template.mime_type, template.handler(**variables)
            except ServiceError:
                raise _resource_not_found(uri, call) from None
    raise _resource_not_found(uri, call)


async def resources_read(params: dict, call: Call) -> dict:
    uri = params.get("uri")
    if not isinstance(uri, str) or not uri:
        raise p.JsonRpcError(p.INVALID_PARAMS, "resources/read needs params.uri.", {"argument": "uri"})
    mime_type, content = await run_sync(_read_resource, uri, call)
    text = content if isinstance(content, str) else json.dumps(content, ensure_ascii=False, default=str)
    return {"contents": [{"uri": uri, "mimeType": mime_type, "text": text}]}


# --- prompts ---------------------------------------------------------------------------
async def prompts_list(params: dict, call: Call) -> dict:
    items = []
    for name, prompt in registry.prompts_for(call.domain):
        described = {
            "name": name,
            "description": prompt.description,
            "arguments": [{"name": a.name, "description": a.description, "required": a.required}
                          for a in prompt.arguments],
        }
        if p.version_at_least(call.version, p.TITLES_SINCE):
            described["title"] = prompt.title
        items.append(described)
    return page(items, params, "prompts", "prompts")


async def prompts_get(params: dict, call: Call) -> dict:
    name = params.get("name")
    prompt = registry.find_prompt(call.domain, name) if isinstance(name, str) else None
    if prompt is None:
        raise p.JsonRpcError(p.INVALID_PARAMS, f"Unknown prompt: {name}.", {"prompt": name})
    arguments = params.get("arguments") or {}
    if not isinstance(arguments, dict):
        raise p.JsonRpcError(p.INVALID_PARAMS, "params.arguments must be an object.", {"argument": "arguments"})
    missing = [a.name for a in prompt.arguments if a.required and not arguments.get(a.name)]
    if missing:
        raise p.JsonRpcError(p.INVALID_PARAMS, f"Missing required argument(s) for {name}: {', '.join(missing)}.",
                             {"missing": missing})
    known = {a.name for a in prompt.arguments}
    values = {k: str(v) for k, v in arguments.items() if k in known}
    messages = await run_sync(prompt.handler, **values)
    if isinstance(messages, str):
        messages = [messages]
    return {
        "description": prompt.description,
        "messages": [m if isinstance(m, dict) else {"role": "user", "content": {"type": "text", "text": m}}
                     for m in messages],
    }


# --- completion ------------------------------------------------------------------------
def _completer(ref: dict, argument_name: str, call: Call):
    kind = ref.get("type")
    if kind == "ref/prompt":
        prompt = registry.find_prompt(call.domain, ref.get("name"))
        if prompt is None:
            raise p.JsonRpcError(p.INVALID_PARAMS, f"Unknown prompt: {ref.get('name')}.")
        return prompt.completions.get(argument_name)
    if kind == "ref/resource":
        for template in registry.templates_for(call.domain):
            if template.uri_template == ref.get("uri"):
                return template.completions.get(argument_name)
        raise p.JsonRpcError(p.INVALID_PARAMS, f"Unknown resource template: {ref.get('uri')}.")
    raise p.JsonRpcError(p.INVALID_PARAMS, "params.ref.type must be ref/prompt or ref/resource.")


async def complete(params: dict, call: Call) -> dict:
    ref = params.get("ref")
    argument = params.get("argument")
    if not isinstance(ref, dict) or not isinstance(argument, dict) or not isinstance(argument.get("name"), str):
        raise p.JsonRpcError(p.INVALID_PARAMS, "completion/complete needs params.ref and params.argument {name, value}.")
    completer = _completer(ref, argument["name"], call)
    if completer is None:
        return {"completion": {"values": [], "total": 0, "hasMore": False}}
    value = str(argument.get("value") or "")
    context = (params.get("context") or {}).get("arguments") or {}
    values = await run_sync(completer, value, context)
    return {"completion": {"values": values[:100], "total": len(values), "hasMore": len(values) > 100}}


METHODS = {
    "initialize": initialize,
    "ping": ping,
    "logging/setLevel": set_level,
    "tools/list": tools_list,
    "tools/call": tools_call,
    "resources/list": resources_list,
    "resources/templates/list": resource_templates_list,
    "resources/read": resources_read,
    "prompts/list": prompts_list,
    "prompts/get": prompts_get,
    "completion/complete": complete,
}


async def dispatch(method: str, params: dict, call: Call) -> dict:
    """Run one request's method; raise JsonRpcError for protocol failures."""
    handler = METHODS.get(method)
    if handler is None:
        raise p.JsonRpcError(p.METHOD_NOT_FOUND, f"Method not found: {method}", {"method": method})
    return await handler(params, call)
