"""The exception every service and selector raises for a failure a caller can act on.

Each domain's `errors.py` names its codes and message constants; the MCP layer turns a
ServiceError into a tool result with `isError: true` and the admin into a message, so the
sentence is written once, next to the rule that produces it.
"""


class ServiceError(Exception):
    """A business-rule failure: a stable code and a sentence that says what to do instead."""

    def __init__(self, code: str, message: str, *, field: str | None = None, details: dict | None = None):
        super().__init__(message)
        self.code = str(code)
        self.message = message
        self.field = field
        self.details = details or {}

    def as_dict(self) -> dict:
        data = {"code": self.code, "message": self.message}
        if self.field:
            data["field"] = self.field
        if self.details:
            data["details"] = self.details
        return data
