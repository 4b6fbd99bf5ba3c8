"""RFC 9457 problem details: how every REST failure is answered.

A tool's own failure (invalid arguments, a ServiceError) keeps its code and sentence; the
HTTP status says what kind of failure it is. The code also names the problem type, so a
client can branch on `type` without parsing sentences.
"""
from http import HTTPStatus

PROBLEM_CONTENT_TYPE = "application/problem+json"
PROBLEM_TYPE_PREFIX = "urn:civicmind:problem:"

# ServiceError codes that mean "no such record" (every domain spells its own).
NOT_FOUND_MARKERS = ("not_found",)


def problem(status: int, detail: str, *, code: str | None = None, instance: str | None = None,
            **extensions) -> dict:
    body = {
        "type": f"{PROBLEM_TYPE_PREFIX}{code}" if code else "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
    }
    if instance:
        body["instance"] = instance
    if code:
        body["code"] = code
    body.update({key: value for key, value in extensions.items() if value is not None})
    return body


def status_for_tool_error(error: dict) -> int:
    """The HTTP status of a tool answer with isError: 400 for arguments, 404 for a missing record."""
    code = str(error.get("code", ""))
    if code == "invalid_arguments":
        return 400
    if any(marker in code for marker in NOT_FOUND_MARKERS):
        return 404
    return 422


def tool_error_problem(structured: dict | None, text: str, instance: str) -> tuple[int, dict]:
    """The problem for a tool's isError answer (its structured `error`, else its text)."""
    error = (structured or {}).get("error") or {}
    status = status_for_tool_error(error)
    detail = error.get("message") or text
    return status, problem(status, detail, code=error.get("code") or "tool_error", instance=instance,
                           errors=error.get("fields"), field=error.get("field"), details=error.get("details"))


PROBLEM_SCHEMA = {
    "type": "object",
    "description": "RFC 9457 problem details.",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "code": {"type": "string", "description": "The tool's or service's error code."},
        "errors": {"type": "object", "description": "Per argument, what was wrong with it.",
                   "additionalProperties": {"type": "array", "items": {"type": "string"}}},
        "field": {"type": "string"},
        "details": {"type": "object"},
        "request_id": {"type": "string"},
    },
}
