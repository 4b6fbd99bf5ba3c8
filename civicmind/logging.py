"""Structured logs: one JSON object per line, carrying the request id of the request at hand.

The request id is the one the MCP transport returns in X-Request-Id (and the admin's
middleware in apps.accounts.middleware): it is bound in a context variable when a request's
caller is resolved, so every line logged while answering it, on the event loop or on a
worker thread (apps.core.workers copies the context), names it. Extra fields given with
`logger.info(..., extra={...})` become keys of the object. Callers log identifiers (a
key's visible prefix, a tool's name), never arguments or keys; in case one slips into a
message or a traceback anyway, both formats scrub card numbers, API keys and bearer tokens
from the text (apps.accounts.redact.scrub_text).
"""
import contextvars
import datetime
import logging

from apps.accounts.redact import scrub_text
from apps.core.jsonlines import dumps_text

# Neither format prints the caller's file and line, thread or process name, so records need
# not look them up (walking the stack for every line; the logging HOWTO's "Optimization").
logging._srcfile = None
logging.logThreads = False
logging.logProcesses = False
logging.logMultiprocessing = False

request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar("civicmind_request_id", default=None)

_RECORD_FIELDS = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime", "request_id"}


def bind_request_id(request_id: str | None) -> None:
    """Name the request being answered in this context (task or thread)."""
    request_id_var.set(request_id)


class RequestIdFilter(logging.Filter):
    """Give every record a `request_id` attribute (None outside a request), for any format."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


class JsonFormatter(logging.Formatter):
    """Format a record as one line of JSON: time, level, logger, message, request_id, extras."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, tz=datetime.timezone.utc)
            .isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": scrub_text(record.getMessage()),
        }
        request_id = getattr(record, "request_id", None) or request_id_var.get()
        if request_id:
            entry["request_id"] = request_id
        for name, value in record.__dict__.items():
            if name not in _RECORD_FIELDS and not name.startswith("_"):
                entry[name] = value
        if record.exc_info:
            entry["exception"] = scrub_text(self.formatException(record.exc_info))
        elif record.exc_text:
            entry["exception"] = scrub_text(record.exc_text)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return dumps_text(entry)


class PlainFormatter(logging.Formatter):
    """The plain text format, with card numbers, keys and tokens taken out as in JSON lines."""

    def format(self, record: logging.LogRecord) -> str:
        return scrub_text(super().format(record))


def logging_config(*, level: str, fmt: str) -> dict:
    """The LOGGING setting: JSON lines (fmt="json") or plain text, to stderr."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "civicmind.logging.RequestIdFilter"}},
        "formatters": {
            "json": {"()": "civicmind.logging.JsonFormatter"},
            "plain": {"()": "civicmind.logging.PlainFormatter",
                      "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        },
        "handlers": {
            "stderr": {"class": "logging.StreamHandler", "formatter": fmt, "filters": ["request_id"]},
        },
        "root": {"handlers": ["stderr"], "level": level},
        "loggers": {
            "django.db.backends": {"level": "INFO"},
            # Django's defaults give "django" a console handler of its own (DEBUG only) and
            # "django.server" another: records would print there and again at the root
            # (runserver printed every request twice). One handler, the root's, for all.
            "django": {"handlers": [], "level": "INFO", "propagate": True},
            "django.server": {"handlers": [], "level": "INFO", "propagate": True},
        },
    }
