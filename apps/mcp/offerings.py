"""Resources, resource templates, prompts and argument completion.

Descriptions are built once per registry generation and version (titles exist from
2025-06-18 on); handlers that read the database run on the worker pool.
"""
import base64
import json
import time
from types import SimpleNamespace

from apps.accounts.audit import audit_writer
from apps.accounts.models import AuditOutcome
from apps.accounts.viewers import Viewer, shape, viewer_for
from apps.core.errors import ServiceError
from apps.mcp import protocol as p
from apps.mcp.call import Call
from apps.mcp.results import list_result
from apps.mcp.unavailable import run_with_deadline

MAX_COMPLETIONS = 100  # completion.mdx: "values" holds at most 100 items


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
    registry = call.registry
    items = registry.view(("resources-described", call.domain, call.version), lambda: [
        _describe_resource(r, call.version) for r in registry.resources_for(call.domain)
    ])
    return list_result("resources/list", items, params, call, kind="resources", key="resources")


async def resource_templates_list(params: dict, call: Call) -> dict:
    registry = call.registry
    items = registry.view(("templates-described", call.domain, call.version), lambda: [
        _describe_template(t, call.version) for t in registry.templates_for(call.domain)
    ])
    return list_result("resources/templates/list", items, params, call, kind="templates", key="resourceTemplates")


def _resource_not_found(uri: str, call: Call, reason: str | None = None) -> p.JsonRpcError:
    # 2026-07-28 replaced the handshake era's -32002 with -32602 (changelog, minor change 6).
    code = p.INVALID_PARAMS if call.modern else p.RESOURCE_NOT_FOUND
    message = f"Resource not found: {uri}" + (f". {reason}" if reason else "")
    return p.JsonRpcError(code, message, {"uri": uri})


def _audit_read(call: Call, domain: str, method: str, arguments: dict, outcome: str, error_code: str,
                started: float) -> None:
    """Audit a read of records about people (resources/read, completion) like a tools/call."""
    audit_writer.record(call, SimpleNamespace(domain=domain, name=method), arguments, outcome, error_code,
                        time.perf_counter() - started)


def _viewed(declared, content, call: Call):
    """Shape `content` for the caller: the public view unless a staff key (apps.accounts.viewers)."""
    if declared.output is None:
        return content
    return shape(declared.output, content, viewer_for(call.principal, declared.domain))


def _read_resource(uri: str, call: Call) -> tuple[str, object]:
    registry = call.registry
    started = time.perf_counter()
    declared = None
    try:
        declared = registry.find_resource(call.domain, uri)
        if declared is not None:
            content = declared.handler()
        else:
            for template in registry.templates_for(call.domain):
                variables = template.match(uri)
                if variables is not None:
                    declared = template
                    content = template.handler(**variables)
                    break
    except ServiceError as error:
        if declared is not None and declared.output is not None:
            _audit_read(call, declared.domain, "resources/read", {"uri": uri}, AuditOutcome.ERROR,
                        str(error.code), started)
        raise _resource_not_found(uri, call, error.message) from None
    if declared is None:
        raise _resource_not_found(uri, call)
    if declared.output is not None:
        _audit_read(call, declared.domain, "resources/read", {"uri": uri}, AuditOutcome.SUCCESS, "", started)
    return declared.mime_type, _viewed(declared, content, call)


def read_resource_checked(uri: str, call: Call) -> None:
    """Raise the not-found error resources/read would give this caller for `uri` (subscriptions)."""
    _read_resource(uri, call)


async def resources_read(params: dict, call: Call) -> dict:
    uri = params.get("uri")
    if not isinstance(uri, str) or not uri:
        raise p.JsonRpcError(p.INVALID_PARAMS, "resources/read needs params.uri, a resource URI as "
                             "resources/list or a template gives it.", {"argument": "uri"})
    mime_type, content = await run_with_deadline(_read_resource, uri, call)
    if isinstance(content, (bytes, bytearray)):
        entry = {"uri": uri, "mimeType": mime_type, "blob": base64.b64encode(content).decode("ascii")}
    else:
        text = content if isinstance(content, str) else json.dumps(content, ensure_ascii=False, default=str)
        entry = {"uri": uri, "mimeType": mime_type, "text": text}
    return {"contents": [entry]}


# --- prompts ---------------------------------------------------------------------------
def _describe_prompt(name: str, prompt, version: str) -> dict:
    described = {
        "name": name,
        "description": prompt.description,
        "arguments": [{"name": a.name, "description": a.description, "required": a.required}
                      for a in prompt.arguments],
    }
    if p.version_at_least(version, p.TITLES_SINCE):
        described["title"] = prompt.title
    return described


async def prompts_list(params: dict, call: Call) -> dict:
    registry = call.registry
    items = registry.view(("prompts-described", call.domain, call.version), lambda: [
        _describe_prompt(name, prompt, call.version) for name, prompt in registry.prompts_for(call.domain)
    ])
    return list_result("prompts/list", items, params, call, kind="prompts", key="prompts")


def _prompt_message(message) -> dict:
    if isinstance(message, dict):
        return message
    return {"role": "user", "content": {"type": "text", "text": str(message)}}


def _render_prompt(prompt, values: dict) -> list:
    try:
        messages = prompt.handler(**values)
    except ServiceError as error:
        raise p.JsonRpcError(p.INVALID_PARAMS, error.message, {"error": error.as_dict()}) from None
    return [messages] if isinstance(messages, (str, dict)) else list(messages)


async def prompts_get(params: dict, call: Call) -> dict:
    name = params.get("name")
    prompt = call.registry.find_prompt(call.domain, name) if isinstance(name, str) else None
    if prompt is None:
        known = ", ".join(n for n, _ in call.registry.prompts_for(call.domain)) or "none"
        raise p.JsonRpcError(p.INVALID_PARAMS, f"Unknown prompt: {name}. Prompts here: {known}.",
                             {"prompt": name})
    arguments = params.get("arguments")
    if arguments is None:
        arguments = {}
    if not isinstance(arguments, dict):
        raise p.JsonRpcError(p.INVALID_PARAMS, "params.arguments must be an object of argument names to strings.",
                             {"argument": "arguments"})
    known = {a.name for a in prompt.arguments}
    unknown = sorted(set(arguments) - known)
    if unknown:
        raise p.JsonRpcError(p.INVALID_PARAMS,
                             f"Unknown argument(s) for {name}: {', '.join(unknown)}. "
                             f"It takes: {', '.join(a.name for a in prompt.arguments) or 'no arguments'}.",
                             {"unknown": unknown})
    missing = [a.name for a in prompt.arguments if a.required and arguments.get(a.name) in (None, "")]
    if missing:
        raise p.JsonRpcError(p.INVALID_PARAMS, f"Missing required argument(s) for {name}: {', '.join(missing)}.",
                             {"missing": missing})
    values = {key: str(value) for key, value in arguments.items() if value is not None}
    messages = await run_with_deadline(_render_prompt, prompt, values)
    return {"description": prompt.description, "messages": [_prompt_message(m) for m in messages]}


# --- completion ------------------------------------------------------------------------
def _completer(ref: dict, argument_name: str, call: Call):
    completer, _ = _completer_and_domain(ref, argument_name, call)
    return completer


def _completer_and_domain(ref: dict, argument_name: str, call: Call):
    """The completion function for the referenced argument, or None when there is none.

    Completion is a typing aid: a prompt, template or argument that does not exist here has
    nothing to suggest, so it completes to no values rather than an error (what the
    official conformance suite expects). A reference of no known kind is malformed: -32602.
    """
    kind = ref.get("type")
    if kind == "ref/prompt":
        prompt = call.registry.find_prompt(call.domain, ref.get("name"))
        return (prompt.completions.get(argument_name), prompt.domain) if prompt is not None else (None, None)
    if kind == "ref/resource":
        for template in call.registry.templates_for(call.domain):
            if template.uri_template == ref.get("uri"):
                return template.completions.get(argument_name), template.domain
        return None, None
    raise p.JsonRpcError(p.INVALID_PARAMS, 'params.ref.type must be "ref/prompt" or "ref/resource".',
                         {"argument": "ref"})


def _complete_values(completer, value: str, context: dict, call: Call = None, domain: str | None = None,
                     ) -> list[str]:
    """Run a completer; one marked personal gets the caller's viewer and its use is audited."""
    personal = getattr(completer, "personal", False)
    started = time.perf_counter()
    try:
        if personal:
            viewer = viewer_for(call.principal, domain) if call is not None else Viewer.PUBLIC
            values = completer(value, context, viewer)
        else:
            values = completer(value, context)
    except ServiceError:
        values = []  # nothing matches what was typed so far
    values = [str(v) for v in values]
    if personal and call is not None:
        _audit_read(call, domain, "completion/complete", {"value": value, "context": context},
                    AuditOutcome.SUCCESS, "", started)
    return values


async def complete(params: dict, call: Call) -> dict:
    ref = params.get("ref")
    argument = params.get("argument")
    if not isinstance(ref, dict) or not isinstance(argument, dict) or not isinstance(argument.get("name"), str):
        raise p.JsonRpcError(p.INVALID_PARAMS,
                             "completion/complete needs params.ref and params.argument {name, value}.")
    completer, domain = _completer_and_domain(ref, argument["name"], call)
    if completer is None:
        return {"completion": {"values": [], "total": 0, "hasMore": False}}
    value = argument.get("value")
    value = "" if value is None else str(value)
    context = params.get("context")
    context_arguments = context.get("arguments") if isinstance(context, dict) else None
    if not isinstance(context_arguments, dict):
        context_arguments = {}
    values = await run_with_deadline(_complete_values, completer, value, context_arguments, call, domain)
    return {"completion": {"values": values[:MAX_COMPLETIONS], "total": len(values),
                           "hasMore": len(values) > MAX_COMPLETIONS}}
