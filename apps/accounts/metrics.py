"""Prometheus metrics of the MCP endpoints and the event streams.

Exposed with django-prometheus's own at /metrics on the admin port. One process (the
embedded default, or one daphne per container) is one scrape target and needs nothing.
Several daphne processes sharing a port (`serve --workers N`) must run in prometheus_client's
multiprocess mode: PROMETHEUS_MULTIPROC_DIR set to an empty directory before they start, so
each process writes its samples there and whichever process answers /metrics sums them all.
Without it a scrape would see only the one process that happened to answer.
"""
import atexit
import os
import shutil
from pathlib import Path

from prometheus_client import Counter, Gauge, Histogram

MULTIPROCESS_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"
OTHER_LABEL = "other"  # every method or tool name the server does not know

REQUESTS = Counter("mcp_requests_total", "MCP requests answered, by domain, method, tool and status.",
                   ["domain", "method", "tool", "status"])
DURATION = Histogram("mcp_request_duration_seconds", "Time to run a tools/call, by domain and tool.",
                     ["domain", "tool"],
                     buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0))
ACTIVE_WEBSOCKETS = Gauge("mcp_active_websockets", "Open /events WebSockets, by listener domain.", ["domain"],
                          multiprocess_mode="livesum")
EVENTS_PUBLISHED = Counter("events_published_total", "Events handed to the channel layer, by type.", ["type"])
REFUSED = Counter("mcp_refused_total", "Requests refused before they ran, by domain and reason.",
                  ["domain", "reason"])
AUDIT_DROPPED = Counter("mcp_audit_dropped_total", "Audit rows dropped because the buffer was full.")

QUARANTINED = Counter("civicmind_audit_rows_quarantined_total", "Audit rows the database refused, kept in the "
                      "audit quarantine instead (apps.accounts.audit).")

# Label values come from the server's own vocabulary, never from the client: a client's
# method name would grow the label set (one series per name) and a string that cannot be
# encoded would make every later scrape fail. apps.mcp declares its method tables here.
_known_methods: frozenset[str] = frozenset()


def declare_methods(names) -> None:
    """Name the methods that get their own label (apps.mcp's method tables, at import)."""
    global _known_methods
    _known_methods = _known_methods | frozenset(names)


def _method_label(method: str) -> str:
    return method if method in _known_methods else OTHER_LABEL


def tool_call(domain: str, tool: str, status: str, duration_seconds: float) -> None:
    REQUESTS.labels(domain, "tools/call", tool, status).inc()
    DURATION.labels(domain, tool).observe(duration_seconds)


def request(domain: str, method: str, status: str) -> None:
    REQUESTS.labels(domain, _method_label(method), "", status).inc()


def refused(domain: str, reason: str) -> None:
    REFUSED.labels(domain, reason).inc()


def websocket_opened(domain: str) -> None:
    ACTIVE_WEBSOCKETS.labels(domain).inc()


def websocket_closed(domain: str) -> None:
    ACTIVE_WEBSOCKETS.labels(domain).dec()


def event_published(event_type: str) -> None:
    EVENTS_PUBLISHED.labels(event_type).inc()


def audit_dropped() -> None:
    AUDIT_DROPPED.inc()


def audit_quarantined(count: int = 1) -> None:
    QUARANTINED.inc(count)


def prepare_multiprocess_dir(path: str | os.PathLike) -> str:
    """Empty (or make) `path` for a new set of worker processes; return it for their environment.

    For a supervisor such as `serve`: call before starting the workers and pass the result as
    PROMETHEUS_MULTIPROC_DIR in their environment (stale files of dead processes would
    otherwise be summed in).
    """
    directory = Path(path)
    if directory.exists():
        shutil.rmtree(directory)
    directory.mkdir(parents=True)
    return str(directory)


def mark_process_dead() -> None:
    """Drop this process's live gauges from the multiprocess sums (at exit)."""
    if os.environ.get(MULTIPROCESS_VARIABLE):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(os.getpid())


atexit.register(mark_process_dead)
