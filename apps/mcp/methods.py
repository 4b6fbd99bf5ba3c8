"""The MCP method tables, one per era, and the tool methods.

The transports own framing and the era's envelope; handlers see only params and the Call,
and signal protocol failures by raising JsonRpcError. Anything touching the database runs
on the worker pool (apps.core.workers).
"""
import logging
import time

from apps.accounts.metrics import declare_methods
from apps.mcp import protocol as p
from apps.mcp.access import may_call, tool_refused
from apps.mcp.call import Call
from apps.mcp.calls import run_tool
from apps.mcp.offerings import (
    complete,
    prompts_get,
    prompts_list,
    resource_templates_list,
    resources_list,
    resources_read,
)
from apps.mcp.lifecycle import discover, initialize, ping, set_level
from apps.mcp.subscriptions import resources_subscribe, resources_unsubscribe
from apps.mcp.observe import record_tool_call
from apps.mcp.results import Encoded, decorate, list_result
from apps.mcp.unavailable import DATABASE_UNAVAILABLE_ERRORS, run_with_deadline, unavailable
from apps.core.workers import run_sync

__all__ = ["Call", "LEGACY_METHODS", "MODERN_METHODS", "dispatch"]

logger = logging.getLogger("civicmind.mcp")


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


def _described_tools(call: Call) -> list[tuple[object, dict]]:
    """(tool, description) pairs for the call's domain and version, built once."""
    registry = call.registry
    return registry.view(("tools-described", call.domain, call.version), lambda: [
        (tool, describe_tool(name, tool, call.version)) for name, tool in registry.tools_for(call.domain)
    ])


async def tools_list(params: dict, call: Call) -> dict:
    described = _described_tools(call)
    visible = tuple(may_call(call.principal, tool) for tool, _ in described)
    items = [description for (_, description), shown in zip(described, visible) if shown]
    # What an anonymous caller sees is the same for everyone; a key's view is its own.
    scope = "public" if call.principal.is_anonymous else "private"
    return list_result("tools/list", items, params, call, kind="tools", key="tools", scope=scope, variant=visible)


def _tool_answer(result, call: Call) -> dict:
    answer = {"content": [{"type": "text", "text": result.text}], "isError": result.is_error}
    if result.structured is not None and p.version_at_least(call.version, p.STRUCTURED_CONTENT_SINCE):
        answer["structuredContent"] = result.structured
    return answer


async def tools_call(params: dict, call: Call) -> dict:
    name = params.get("name")
    if not isinstance(name, str) or not name:
        raise p.JsonRpcError(p.INVALID_PARAMS, "tools/call needs params.name, the tool's name as tools/list gives it.",
                             {"argument": "name"})
    arguments = params.get("arguments")
    if arguments is None:
        arguments = {}
    if not isinstance(arguments, dict):
        raise p.JsonRpcError(p.INVALID_PARAMS, "params.arguments must be an object of argument names to values.",
                             {"argument": "arguments"})
    tool = call.registry.find_tool(call.domain, name)
    if tool is not None and not may_call(call.principal, tool):
        raise tool_refused(call, tool, name)
    if tool is None:
        known = ", ".join(n for n, t in call.registry.tools_for(call.domain) if may_call(call.principal, t))
        raise p.JsonRpcError(p.INVALID_PARAMS, f"Unknown tool: {name}. Tools here: {known or 'none'}.",
                             {"tool": name})
    started = time.perf_counter()
    try:
        try:
            result = await run_with_deadline(run_tool, tool, arguments, call)
        except DATABASE_UNAVAILABLE_ERRORS as error:  # the deadline passed (a frozen database)
            raise unavailable(error, call.request_id) from None
    except p.JsonRpcError as error:
        record_tool_call(call, tool, arguments, None, error, time.perf_counter() - started)
        raise
    record_tool_call(call, tool, arguments, result, None, time.perf_counter() - started)
    return _tool_answer(result, call)


# --- the tables ------------------------------------------------------------------------
LEGACY_METHODS = {
    "initialize": initialize,
    "ping": ping,
    "logging/setLevel": set_level,
    "tools/list": tools_list,
    "tools/call": tools_call,
    "resources/list": resources_list,
    "resources/templates/list": resource_templates_list,
    "resources/read": resources_read,
    "resources/subscribe": resources_subscribe,
    "resources/unsubscribe": resources_unsubscribe,
    "prompts/list": prompts_list,
    "prompts/get": prompts_get,
    "completion/complete": complete,
}

# 2026-07-28 has no handshake, ping or logging/setLevel; server/discover is mandatory.
# Its subscriptions/listen is a stream, answered by the HTTP transport (apps.mcp.transport).
MODERN_METHODS = {
    "server/discover": discover,
    "tools/list": tools_list,
    "tools/call": tools_call,
    "resources/list": resources_list,
    "resources/templates/list": resource_templates_list,
    "resources/read": resources_read,
    "prompts/list": prompts_list,
    "prompts/get": prompts_get,
    "completion/complete": complete,
}

declare_methods([*LEGACY_METHODS, *MODERN_METHODS, "subscriptions/listen"])


async def dispatch(method: str, params: dict, call: Call) -> dict | Encoded:
    """Run one request's method for the call's era; raise JsonRpcError for protocol failures."""
    table = MODERN_METHODS if call.modern else LEGACY_METHODS
    handler = table.get(method)
    if handler is None:
        era = "2026-07-28" if call.modern else f"protocol version {call.version}"
        raise p.JsonRpcError(p.METHOD_NOT_FOUND, f"Method not found: {method} (not part of {era} here).",
                             {"method": method})
    result = await handler(params, call)
    if isinstance(result, Encoded):
        return result  # decorated when it was serialized
    return decorate(method, result, call)
