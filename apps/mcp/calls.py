"""Run one tool call: validate the arguments, call the handler, shape failures as answers.

Argument errors and ServiceErrors become results with `isError: true` (2025-11-25 semantics,
SEP-1303): the assistant reads which argument was wrong and what to do, and can retry.
A write tool called with an `idempotency_key` runs through apps.mcp.replays, which answers
a retry with the first answer instead of writing twice.
"""
import logging
import threading

from rest_framework import fields as drf_fields
from rest_framework import serializers as drf_serializers
from rest_framework.exceptions import ErrorDetail, ValidationError

from apps.accounts.viewers import Viewer, shape, viewer_for
from apps.core.choices import valid_choices_text
from apps.core.errors import ServiceError
from apps.mcp import protocol as p
from apps.mcp.argument_types import argument_type_errors
from apps.mcp.idempotency import KEY_ARGUMENT, IdempotencyKeyInput
from apps.mcp.registry import Tool, ToolContext, ToolResult
from apps.mcp.replays import answer_once
from apps.mcp.unavailable import DATABASE_UNAVAILABLE_ERRORS, unavailable

logger = logging.getLogger("civicmind.mcp")

# The seed's SecureMCPClient adds this to every call; it describes the caller, not the call.
USER_CONTEXT_ARGUMENT = "_user_context"


_bound = threading.local()


def bound_serializer(serializer_class):
    """Return this thread's bound instance of `serializer_class`, built once.

    DRF deep-copies every declared field each time a serializer is instantiated, which
    costs more than validating a call; validation (`run_validation`) and shaping
    (`to_representation`) keep no state on the instance, so one instance per worker
    thread serves every call.
    """
    cache = getattr(_bound, "serializers", None)
    if cache is None:
        cache = _bound.serializers = {}
    serializer = cache.get(serializer_class)
    if serializer is None:
        serializer = serializer_class()
        serializer.fields  # noqa: B018  (bind the fields now, once)
        cache[serializer_class] = serializer
    return serializer


def argument_errors(tool: Tool, arguments: dict) -> tuple[dict | None, dict]:
    """Validate `arguments`; return (validated data or None, {argument: [messages]})."""
    serializer = bound_serializer(tool.input_serializer)
    errors: dict[str, list[str]] = {}
    unknown = sorted(set(arguments) - set(serializer.fields))
    for name in unknown:
        expected = ", ".join(serializer.fields) or "no arguments"
        errors[name] = [f"Unknown argument; this tool takes: {expected}."]
    # The published schema's JSON types first: DRF would coerce 123, "yes" and "40".
    mistyped = argument_type_errors(tool.input_schema, arguments)
    errors.update(mistyped)
    try:
        data = serializer.run_validation(arguments)
    except ValidationError as invalid:
        for name, messages in invalid.detail.items():
            if name in mistyped:
                continue  # the type is the mistake; what DRF made of the value is noise
            messages = with_valid_choices(serializer.fields.get(name), messages)
            errors.setdefault(name, []).extend(_flatten(messages))
    if errors:
        return None, errors
    return data, {}


def with_valid_choices(field, detail):
    """Return `detail` with every refused choice followed by the values `field` accepts.

    DRF's ChoiceField says only '"ghosts" is not a valid choice.'; every domain's choice
    arguments (and choices inside lists and nested objects) pass through here, so each
    names its valid values the same way (apps.core.choices).
    """
    if field is None:
        return detail
    if isinstance(detail, dict):
        if isinstance(field, (drf_serializers.ListSerializer, drf_fields.ListField, drf_fields.DictField)):
            return {key: with_valid_choices(field.child, value) for key, value in detail.items()}
        if isinstance(field, drf_serializers.Serializer):
            return {key: with_valid_choices(field.fields.get(key), value) for key, value in detail.items()}
        return detail
    if isinstance(detail, list):
        return [with_valid_choices(field, item) for item in detail]
    if isinstance(field, drf_fields.ChoiceField) and getattr(detail, "code", None) == "invalid_choice":
        return ErrorDetail(f"{detail} {valid_choices_text(field.choices)}", code=detail.code)
    return detail


def _flatten(messages) -> list[str]:
    if isinstance(messages, dict):
        return [f"{key}: {text}" for key, value in messages.items() for text in _flatten(value)]
    if isinstance(messages, list):
        return [text for item in messages for text in _flatten(item)]
    return [str(messages)]


def invalid_arguments_result(tool_name: str, errors: dict) -> ToolResult:
    lines = [f"- `{name}`: {' '.join(messages)}" for name, messages in errors.items()]
    text = f"**Invalid arguments for {tool_name}**\n\n" + "\n".join(lines) + "\n\nFix these and call again."
    return ToolResult(
        text=text,
        structured={"error": {"code": "invalid_arguments", "message": "Invalid arguments.", "fields": errors}},
        is_error=True,
    )


def service_error_result(error: ServiceError) -> ToolResult:
    return ToolResult(text=f"❌ {error.message}", structured={"error": error.as_dict()}, is_error=True)


def _render_for_viewer(tool: Tool, result: ToolResult, call) -> None:
    """Shape the result for its viewer (public, owner, staff), then render text from what is left.

    The declared output serializer shapes the facts (money as "25.00", ISO dates), so
    structuredContent always matches the published outputSchema; its Meta declares which
    fields each viewer gets (apps.accounts.viewers).
    """
    viewer = viewer_for(call.principal, tool.domain, owner=result.owner)
    output = tool.output_serializer
    represented = bound_serializer(output).to_representation(result.structured)
    if viewer is not Viewer.STAFF:
        represented = shape(output, dict(represented), viewer)
    if result.render is not None:
        result.text = result.render(shape(output, result.structured, viewer, for_text=True))
    result.structured = dict(represented)


def run_tool(tool: Tool, arguments: dict, call) -> ToolResult:
    """Validate and run `tool` on this (worker) thread."""
    arguments = dict(arguments)
    user_context = arguments.pop(USER_CONTEXT_ARGUMENT, None)
    # Only write tools carry the call layer's key: a read pays one attribute look-up.
    key = None
    if tool.call_keyed:  # the domain's own key stays in its arguments (and its serializer checks it)
        key = (arguments.get(KEY_ARGUMENT) or None) if tool.own_key else arguments.pop(KEY_ARGUMENT, None)
    data, errors = argument_errors(tool, arguments)
    if key is not None and not tool.own_key:
        errors.update(_key_errors(key))
    if errors:
        return invalid_arguments_result(tool.name, errors)
    context = ToolContext(
        domain=tool.domain,
        listener=call.listener,
        protocol_version=call.version,
        principal=call.principal,
        client_address=call.client_address,
        request_id=call.request_id,
        user_context=user_context if isinstance(user_context, dict) else None,
    )
    try:
        if key is None:
            return _execute(tool, data, context, call)
        request = {name: value for name, value in arguments.items() if name != KEY_ARGUMENT}
        return answer_once(tool, call, key=str(key), arguments=request,
                           execute=lambda: _execute(tool, data, context, call))
    except ServiceError as error:
        return service_error_result(error)
    except DATABASE_UNAVAILABLE_ERRORS as error:  # not a bug: every caller is told to retry
        raise unavailable(error, call.request_id) from None
    except Exception:
        logger.exception("tool %s.%s failed (request %s)", tool.domain, tool.name, call.request_id)
        raise p.JsonRpcError(
            p.INTERNAL_ERROR,
            f"Internal error while running {tool.name}; it has been logged for the city's operators "
            f"(request {call.request_id}).",
        ) from None


def _key_errors(key) -> dict:
    """Validate the call layer's `idempotency_key` as the tools that declare it do."""
    try:
        bound_serializer(IdempotencyKeyInput).run_validation({KEY_ARGUMENT: key})
    except ValidationError as invalid:
        return {name: _flatten(messages) for name, messages in invalid.detail.items()}
    return {}


def _execute(tool: Tool, data: dict, context: ToolContext, call) -> ToolResult:
    """Call the handler and shape its answer for the viewer; failures propagate to run_tool."""
    result = tool.handler(dict(data), context)
    if not isinstance(result, ToolResult):
        raise TypeError(f"{tool.name} returned {type(result).__name__}, not a ToolResult")
    if tool.output_serializer is not None and result.structured is not None and not result.is_error:
        _render_for_viewer(tool, result, call)
    return result
