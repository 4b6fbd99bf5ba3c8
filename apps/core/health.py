"""Health of a listener, in three answers for three askers.

- GET /health/live: is this process alive (its event loop answering)? Touches nothing
  else, so a database or Redis outage never gets a process restarted that would come
  back to the same outage. Always 200 {"status": "alive"} while the loop runs.
- GET /health/ready: can this process answer tool calls? Every tool reads or writes the
  database, so readiness is the database answering within CHECK_TIMEOUT_SECONDS:
  200 {"status": "ready"} or 503 {"status": "not ready", "failing": ["database"]}. Redis
  is not part of it: without Redis, tool calls still work (rate limits count per process),
  so a load balancer must keep sending traffic.
- GET /health: the detailed status for people and monitoring: every check by name, and
  "healthy", "degraded" (answering calls, something else failing) or "unhealthy". Its
  HTTP status is readiness' (200 unless the database fails), so probes that still ask
  /health keep a working listener in service.

The same answers by domain path: /health/<domain>/, /health/<domain>/live, /health/<domain>/ready.
"""
import asyncio
import logging

from channels.layers import get_channel_layer
from django.db import connection

from apps.core.http import send_json
from apps.core.workers import run_sync
from apps.core.listeners import port_of

logger = logging.getLogger("civicmind.health")
CHECK_TIMEOUT_SECONDS = 3.0
LIVE, READY, DETAILED = "live", "ready", "detailed"
# A check without which no tool call can be answered; the others only degrade the service.
REQUIRED_CHECKS = ("database",)


def _database_ok() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


async def check_database() -> str:
    try:
        await asyncio.wait_for(run_sync(_database_ok), CHECK_TIMEOUT_SECONDS)
        return "ok"
    except Exception as error:  # any failure means "cannot serve": say which, not why
        logger.warning("health: database check failed: %s", error.__class__.__name__)
        return "error"


async def check_channel_layer() -> str:
    layer = get_channel_layer()
    if layer is None:
        return "error"
    try:
        connection_factory = getattr(layer, "connection", None)
        if connection_factory is not None:  # channels_redis: a real round trip to Redis
            await asyncio.wait_for(connection_factory(0).ping(), CHECK_TIMEOUT_SECONDS)
        return "ok"
    except Exception as error:
        logger.warning("health: channel layer check failed: %s", error.__class__.__name__)
        return "error"


def _identity(domain: str, port: int | None) -> dict:
    return {"domain": domain, "port": port}


async def liveness_report(domain: str, port: int | None) -> tuple[int, dict]:
    return 200, {"status": "alive", **_identity(domain, port)}


async def readiness_report(domain: str, port: int | None) -> tuple[int, dict]:
    database = await check_database()
    report = {"status": "ready" if database == "ok" else "not ready", **_identity(domain, port),
              "checks": {"database": database}}
    if database != "ok":
        report["failing"] = ["database"]
        return 503, report
    return 200, report


async def health_report(domain: str, port: int | None) -> tuple[int, dict]:
    database, channel_layer = await asyncio.gather(check_database(), check_channel_layer())
    checks = {"database": database, "channel_layer": channel_layer}
    failing = [name for name, value in checks.items() if value != "ok"]
    ready = not any(name in REQUIRED_CHECKS for name in failing)
    status = "healthy" if not failing else "degraded" if ready else "unhealthy"
    report = {"status": status, **_identity(domain, port), "checks": checks}
    if failing:
        report["failing"] = failing
    return (200 if ready else 503), report


REPORTS = {LIVE: liveness_report, READY: readiness_report, DETAILED: health_report}


class HealthEndpoint:
    async def __call__(self, scope, receive, send):
        if scope["method"] not in ("GET", "HEAD"):
            await send_json(send, 405, {"error": "method not allowed"}, extra_headers=[(b"allow", b"GET")])
            return
        report = REPORTS[scope.get("civicmind.health", DETAILED)]
        status, body = await report(scope["civicmind.domain"], port_of(scope))
        await send_json(send, status, body, extra_headers=[(b"cache-control", b"no-store")])


health_endpoint = HealthEndpoint()
