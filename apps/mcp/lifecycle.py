"""Who the server is and what it can do: initialize, server/discover, ping, logging/setLevel.

Capabilities name only what the method table implements for the era: tools, resources,
prompts, completions, and logging/setLevel in the handshake era. Over HTTP, resources can
be subscribed to and their list announces growth (apps.mcp.push: a session's GET stream,
or subscriptions/listen); stdio pushes nothing. Tools and prompts never change while the
server runs, so their listChanged is false.
"""
from django.conf import settings

from apps.mcp import protocol as p
from apps.mcp.call import Call
from civicmind.domains import ALL_DOMAINS

SERVER_VERSION = "1.0.0"
LOG_LEVELS = ("debug", "info", "notice", "warning", "error", "critical", "alert", "emergency")
# Cache hints of 2026-07-28 (server/utilities/caching.mdx). Declarations only change with a
# deployment, so lists and discovery stay fresh for a few minutes; records read through
# resources/read come from the database and are stale at once.
STATIC_TTL_MS = 300_000
RECORD_TTL_MS = 0

_server_info_cache: dict[str, dict] = {}


def server_info(domain: str) -> dict:
    """Return the Implementation object naming this server (one shared dict per domain)."""
    info = _server_info_cache.get(domain)
    if info is None:
        title = "CivicMind — all domains" if domain == ALL_DOMAINS else f"CivicMind {domain.title()}"
        info = _server_info_cache[domain] = {"name": f"civicmind-{domain}", "title": title,
                                              "version": SERVER_VERSION}
    return info


def server_instructions(domain: str) -> str:
    city = settings.CIVICMIND_CITY_NAME
    if domain == ALL_DOMAINS:
        return (f"City services of {city} for every domain. Tool names are prefixed with "
                "their domain (parking_check_violations).")
    return f"City services of {city}: the {domain} domain. Answers come from the city's records."


def capabilities(call: Call) -> dict:
    pushes = call.transport == "http"
    caps = {
        "tools": {"listChanged": False},
        "resources": {"subscribe": pushes, "listChanged": pushes},
        "prompts": {"listChanged": False},
    }
    if call.modern or p.version_at_least(call.version, p.COMPLETIONS_CAPABILITY_SINCE):
        caps["completions"] = {}
    if not call.modern:
        # logging/setLevel is answered in the handshake era; 2026-07-28 removed it.
        caps["logging"] = {}
    return caps


async def initialize(params: dict, call: Call) -> dict:
    """Negotiate: echo a supported version, otherwise offer the newest (never an error)."""
    requested = params.get("protocolVersion")
    if not isinstance(requested, str):
        raise p.JsonRpcError(p.INVALID_PARAMS,
                             'initialize needs params.protocolVersion, a string such as "2025-11-25".',
                             {"argument": "protocolVersion"})
    version = requested if requested in p.LEGACY_VERSIONS else p.LATEST_LEGACY_VERSION
    call.version = version
    return {
        "protocolVersion": version,
        "capabilities": capabilities(call),
        "serverInfo": server_info(call.domain),
        "instructions": server_instructions(call.domain),
    }


async def discover(params: dict, call: Call) -> dict:
    """server/discover: versions, capabilities and identity, for a stateless client."""
    return {
        "supportedVersions": list(p.SUPPORTED_VERSIONS),
        "capabilities": capabilities(call),
        "instructions": server_instructions(call.domain),
        "ttlMs": STATIC_TTL_MS,
        "cacheScope": "public",
    }


async def ping(params: dict, call: Call) -> dict:
    return {}


async def set_level(params: dict, call: Call) -> dict:
    level = params.get("level")
    if level not in LOG_LEVELS:
        raise p.JsonRpcError(p.INVALID_PARAMS, f"level must be one of {', '.join(LOG_LEVELS)}.",
                             {"argument": "level", "received": level})
    # Replies are plain JSON, so no notifications/message is ever sent: nothing to adjust.
    return {}
