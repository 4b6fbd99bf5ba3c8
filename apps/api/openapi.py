"""The OpenAPI 3.1 document of /api/v1/, generated from the registry's own schemas.

The tools' `inputSchema` and `outputSchema` are JSON Schema 2020-12, derived once from
their DRF serializers (apps.mcp.schema); OpenAPI 3.1 takes JSON Schema as it is, so the
document and `tools/list` can never disagree. Built once per registry generation.
"""
from django.conf import settings

from apps.api.operations import ResourceOperation, ToolOperation, resource_operations, tool_operations
from apps.api.problems import PROBLEM_CONTENT_TYPE, PROBLEM_SCHEMA
from apps.mcp.registry import Registry

OPENAPI_VERSION = "3.1.0"
API_VERSION = "1.0.0"
ANY_JSON = {"description": "The resource's JSON, as resources/read returns it."}
SECURITY = [{}, {"ApiKey": []}, {"Bearer": []}]  # anonymous callers reach the public and resident levels

# What every operation may answer besides 200, and why.
PROBLEM_RESPONSES = {
    "401": "No API key, or a key that is not valid, where one is needed.",
    "403": "The API key does not reach this operation (its level or its domains).",
    "429": "Over a rate limit; Retry-After says when to try again.",
    "500": "A bug, logged with the request_id; the same call will not succeed by retrying.",
    "503": "The database cannot answer right now; retry after Retry-After seconds.",
}
TOOL_PROBLEM_RESPONSES = {
    "400": "Invalid arguments: `errors` names each argument and what was wrong with it.",
    "404": "No record with that reference.",
    "422": "The arguments are well formed but the city's rules refuse them (`code` says which rule).",
}


def openapi_document(registry: Registry) -> dict:
    return registry.view(("api-openapi",), lambda: _build(registry))


def _build(registry: Registry) -> dict:
    paths: dict[str, dict] = {}
    for operation in tool_operations(registry):
        paths[operation.path] = _tool_path_item(operation)
    for operation in resource_operations(registry):
        paths[operation.path] = {"get": _resource_get(operation)}
    return {
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": f"{settings.CIVICMIND_CITY_NAME} services (CivicMind REST API)",
            "version": API_VERSION,
            "description": "Every MCP tool and resource of every domain, over plain HTTP. Answers are the "
                           "tool's structuredContent; failures are RFC 9457 problem details.",
        },
        "servers": [{"url": "/"}],
        "tags": sorted(({"name": domain} for domain in {op.tool.domain for op in tool_operations(registry)}),
                       key=lambda tag: tag["name"]),
        "paths": paths,
        "components": {
            "schemas": {"Problem": PROBLEM_SCHEMA},
            "securitySchemes": {
                "ApiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
                "Bearer": {"type": "http", "scheme": "bearer"},
            },
        },
    }


def _problems(extra: dict) -> dict:
    return {status: {"description": description,
                     "content": {PROBLEM_CONTENT_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}}
            for status, description in {**extra, **PROBLEM_RESPONSES}.items()}


def _tool_responses(operation: ToolOperation) -> dict:
    ok = {"description": "The tool's structuredContent.",
          "content": {"application/json": {"schema": operation.tool.output_schema or {"type": "object"}}}}
    return {"200": ok, **_problems(TOOL_PROBLEM_RESPONSES)}


def _tool_path_item(operation: ToolOperation) -> dict:
    tool = operation.tool
    common = {
        "tags": [tool.domain],
        "summary": tool.title,
        "description": tool.description,
        "security": SECURITY,
        "responses": _tool_responses(operation),
        "x-mcp-tool": tool.name,
        "x-access-level": tool.access.name.lower(),
    }
    required = bool(tool.input_schema.get("required"))
    item = {"post": {**common, "operationId": operation.operation_id,
                     "requestBody": {"required": required,
                                     "content": {"application/json": {"schema": tool.input_schema}}}}}
    if not tool.annotations["readOnlyHint"]:
        item["post"]["parameters"] = [{
            "name": "Idempotency-Key", "in": "header", "required": False,
            "description": "A retry with the same key returns the first answer instead of writing twice.",
            "schema": {"type": "string", "minLength": 1, "maxLength": 64},
        }]
    parameters = operation.query_parameters
    if parameters is not None:
        wanted = set(tool.input_schema.get("required", ()))
        item["get"] = {**common, "operationId": f"{operation.operation_id}_get", "parameters": [
            {"name": name, "in": "query", "required": name in wanted,
             "description": schema.get("description", ""), "schema": schema}
            for name, schema in parameters.items()]}
    return item


def _resource_get(operation: ResourceOperation) -> dict:
    resource = operation.resource
    return {
        "tags": [resource.domain],
        "operationId": operation.operation_id,
        "summary": resource.title,
        "description": f"{resource.description} (MCP resource `{operation.uri}`.)",
        "security": SECURITY,
        "parameters": [{"name": name, "in": "path", "required": True, "schema": {"type": "string", "minLength": 1}}
                       for name in operation.variables],
        "responses": {"200": {**ANY_JSON, "content": {"application/json": {"schema": {}}}},
                      **_problems({"400": "A malformed path value.", "404": "No such record."})},
    }

