"""GET /health: is this listener able to serve? Checks the database and the channel layer.

Answers 200 {"status": "healthy", ...} or 503 {"status": "unhealthy", ...} naming the
failing check, so load balancers and compose healthchecks take a broken listener out.
"""
import asyncio
import logging

from channels.layers import get_channel_layer
from django.db import connection

from apps.mcp.http import send_json
from apps.mcp.workers import run_sync
from apps.core.listeners import port_of

logger = logging.getLogger("civicmind.health")
CHECK_TIMEOUT_SECONDS = 3.0


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


async def health_report(domain: str, port: int | None) -> tuple[int, dict]:
    database, channel_layer = await asyncio.gather(check_database(), check_channel_layer())
    checks = {"database": database, "channel_layer": channel_layer}
    healthy = all(value == "ok" for value in checks.values())
    report = {
        "status": "healthy" if healthy else "unhealthy",
        "domain": domain,
        "port": port,
        "checks": checks,
    }
    if not healthy:
        report["failing"] = [name for name, value in checks.items() if value != "ok"]
    return (200 if healthy else 503), report


class HealthEndpoint:
    async def __call__(self, scope, receive, send):
        if scope["method"] not in ("GET", "HEAD"):
            await send_json(send, 405, {"error": "method not allowed"}, extra_headers=[(b"allow", b"GET")])
            return
        status, report = await health_report(scope["civicmind.domain"], port_of(scope))
        await send_json(send, status, report, extra_headers=[(b"cache-control", b"no-store")])


health_endpoint = HealthEndpoint()
