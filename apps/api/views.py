"""The /api/v1/ views: parse the HTTP request, run the operation (apps.api.runner), frame the answer.

Async Django views on the admin port; the tool itself runs on the worker pool as on MCP.
No CSRF: the API takes no cookies, only API keys in headers.
"""
from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt

from apps.api.openapi import openapi_document
from apps.api.operations import find_resource_operation, find_tool_operation
from apps.api.problems import PROBLEM_CONTENT_TYPE, problem
from apps.api.runner import Answer, run_resource_operation, run_tool_operation
from apps.core.http import dumps
from apps.mcp.messages import ParseError, parse
from apps.mcp.registry import registry


def _response(answer: Answer) -> HttpResponse:
    content_type = PROBLEM_CONTENT_TYPE if answer.is_problem else "application/json"
    response = HttpResponse(dumps(answer.body), status=answer.status, content_type=content_type)
    for name, value in answer.headers.items():
        response[name] = value
    return response


def _problem(status: int, detail: str, request, code: str, **headers) -> HttpResponse:
    return _response(Answer(status, problem(status, detail, code=code, instance=request.path), headers))


def _headers(request) -> dict:
    return {name.lower(): value for name, value in request.headers.items()}


def _query_arguments(request) -> dict:
    return {name: request.GET.get(name) for name in request.GET}


def _body_arguments(request) -> dict | HttpResponse:
    try:
        raw = request.body
    except RequestDataTooBig:
        return _problem(413, f"The body exceeds {settings.DATA_UPLOAD_MAX_MEMORY_SIZE} bytes.", request,
                        "body_too_large")
    if not raw.strip():
        return {}
    content_type = (request.content_type or "application/json").lower()
    if content_type != "application/json" and not content_type.endswith("+json"):
        return _problem(415, "Send the arguments as a JSON object (Content-Type: application/json).", request,
                        "unsupported_media_type")
    try:
        arguments = parse(raw)
    except ParseError as error:
        return _problem(400, f"The body is not valid JSON{': ' + error.detail if error.detail else ''}.",
                        request, "invalid_json")
    if not isinstance(arguments, dict):
        return _problem(400, "The body must be a JSON object of argument names to values.", request,
                        "invalid_json")
    return arguments


@csrf_exempt
async def tool_view(request, domain: str, name: str):
    operation = find_tool_operation(registry, domain, name)
    if operation is None:
        return _problem(404, f"No tool {name} in {domain}; GET /api/v1/schema/ lists every operation.", request,
                        "not_found")
    if request.method == "POST":
        arguments = _body_arguments(request)
        if isinstance(arguments, HttpResponse):
            return arguments
    elif request.method == "GET" and operation.query_parameters is not None:
        arguments = _query_arguments(request)
    else:
        allowed = "GET, POST" if operation.query_parameters is not None else "POST"
        return _problem(405, f"{request.method} is not allowed here; use {allowed}.", request,
                        "method_not_allowed", Allow=allowed)
    answer = await run_tool_operation(operation, arguments, _headers(request), request.META.get("REMOTE_ADDR"),
                                      request.path)
    return _response(answer)


@csrf_exempt
async def resource_view(request, path: str):
    found = find_resource_operation(registry, request.path)
    if found is None:
        return _problem(404, "No such operation; GET /api/v1/schema/ lists every operation.", request, "not_found")
    if request.method != "GET":
        return _problem(405, f"{request.method} is not allowed here; use GET.", request, "method_not_allowed",
                        Allow="GET")
    operation, values = found
    answer = await run_resource_operation(operation, values, _headers(request), request.META.get("REMOTE_ADDR"),
                                          request.path)
    return _response(answer)


def schema_view(request):
    """The OpenAPI 3.1 document (JSON)."""
    return JsonResponse(openapi_document(registry), json_dumps_params={"ensure_ascii": False})


def docs_view(request):
    """Swagger UI over the document, its assets served from this server (drf-spectacular-sidecar)."""
    return render(request, "api/docs.html", {"title": f"{settings.CIVICMIND_CITY_NAME} API"})
