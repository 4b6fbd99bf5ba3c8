"""Run one tool call: validate the arguments, call the handler, shape failures as answers.

Argument errors and ServiceErrors become results with `isError: true` (2025-11-25 semantics,
SEP-1303): the assistant reads which argument was wrong and what to do, and can retry.
"""
import logging

from apps.core.errors import ServiceError
from apps.mcp import protocol as p
from apps.mcp.registry import Tool, ToolContext, ToolResult

logger = logging.getLogger("civicmind.mcp")

# The seed's SecureMCPClient adds this to every call; it describes the caller, not the call.
USER_CONTEXT_ARGUMENT = "_user_context"


def argument_errors(tool: Tool, arguments: dict) -> tuple[dict | None, dict]:
    """Validate `arguments`; return (validated data or None, {argument: [messages]})."""
    serializer = tool.input_serializer(data=arguments)
    errors: dict[str, list[str]] = {}
    unknown = sorted(set(arguments) - set(serializer.fields))
    for name in unknown:
        expected = ", ".join(serializer.fields) or "no arguments"
        errors[name] = [f"Unknown argument; this tool takes: {expected}."]
    if not serializer.is_valid():
        for name, messages in serializer.errors.items():
            errors.setdefault(name, []).extend(_flatten(messages))
    if errors:
        return None, errors
    return serializer.validated_data, {}


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


def run_tool(tool: Tool, arguments: dict, call) -> ToolResult:
    """Validate and run `tool` on this (worker) thread."""
    arguments = dict(arguments)
    user_context = arguments.pop(USER_CONTEXT_ARGUMENT, None)
    data, errors = argument_errors(tool, arguments)
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
        result = tool.handler(dict(data), context)
        if not isinstance(result, ToolResult):
            raise TypeError(f"{tool.name} returned {type(result).__name__}, not a ToolResult")
        if tool.output_serializer is not None and result.structured is not None and not result.is_error:
            # The declared output serializer shapes the facts (money as "25.00", ISO dates),
            # so structuredContent always matches the published outputSchema.
            result.structured = dict(tool.output_serializer(instance=result.structured).data)
    except ServiceError as error:
        return service_error_result(error)
    except Exception:
        logger.exception("tool %s.%s failed (request %s)", tool.domain, tool.name, call.request_id)
        raise p.JsonRpcError(
            p.INTERNAL_ERROR,
            f"Internal error while running {tool.name}; the city's operators have been notified "
            f"(request {call.request_id}).",
        ) from None
    return result
