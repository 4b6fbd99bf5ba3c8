"""Route every connection by the port it arrived on and its path.

A domain port (9300-9307) serves only /mcp, /health and /events for its domain (and MCP at
`/` too, exactly as at /mcp: the seed guide's clients are configured with the bare
`http://localhost:9300`); the admin
port (8000) and unknown ports also serve Django (admin, metrics) and the all-domains /mcp.
The same endpoints answer by path (/mcp/<domain>/, /health/<domain>/, /events/<domain>/)
so runserver, one port behind a proxy, or nginx reach any domain. Health has three
answers (apps.core.health): /health (detailed), /health/live and /health/ready, each also
under a domain's path (/health/<domain>/ready).
"""
import re

from django.conf import settings

from apps.core.health import DETAILED, health_endpoint
from apps.core.listeners import is_known_domain, listener_domain, port_of, domain_for_port
from apps.core.http import send_json
from apps.mcp.transport import mcp_endpoint, mcp_not_found
from civicmind.domains import ALL_DOMAINS

PATH_RE = re.compile(r"^/(?P<kind>mcp|health|events)(?:/(?P<domain>[a-z]+))?/?$")
# /health/live, /health/ready and /health/<domain>/live|ready (the lazy domain lets
# /health/ready mean the listener's own readiness, not a domain called "ready").
HEALTH_PROBE_RE = re.compile(r"^/health(?:/(?P<domain>[a-z]+))??/(?P<probe>live|ready)/?$")
# Anything under /mcp that names no endpoint answers JSON-RPC, never Django's HTML 404.
MCP_PREFIX_RE = re.compile(r"^/mcp(?:/|$)")


def health_probe(scope) -> str:
    """Which health answer a /health path asks for: "live", "ready" or "detailed"."""
    found = HEALTH_PROBE_RE.match(scope["path"])
    return found["probe"] if found else DETAILED


def match_endpoint(scope) -> tuple[str, str] | None:
    """Return (kind, domain) for /mcp, /health (and its probes) and /events paths, else None."""
    if scope["path"] == "/" and scope.get("type", "http") == "http":
        listener = listener_domain(scope)
        # The admin port's `/` is the staff landing page; a domain port's is its MCP endpoint.
        return ("mcp", listener) if listener != ALL_DOMAINS else None
    found = HEALTH_PROBE_RE.match(scope["path"]) or PATH_RE.match(scope["path"])
    if not found:
        return None
    kind = found.groupdict().get("kind", "health")
    listener = listener_domain(scope)
    domain = found["domain"] or listener
    if not is_known_domain(domain):
        return None
    if listener != ALL_DOMAINS and domain != listener:
        return None  # a domain port answers for its own domain only
    return kind, domain


class HttpRouter:
    def __init__(self, django_app):
        self.django_app = django_app

    async def __call__(self, scope, receive, send):
        endpoint = match_endpoint(scope)
        if endpoint is not None and endpoint[0] != "events":
            kind, domain = endpoint
            scope = dict(scope, **{"civicmind.domain": domain,
                                   "civicmind.listener": listener_domain(scope)})
            if kind == "health":
                scope["civicmind.health"] = health_probe(scope)
            app = mcp_endpoint if kind == "mcp" else health_endpoint
            return await app(scope, receive, send)
        if endpoint is None and MCP_PREFIX_RE.match(scope["path"]):
            return await mcp_not_found(scope, receive, send)
        if domain_for_port(port_of(scope)) is not None:
            if scope["path"] == "/metrics" and settings.CIVICMIND_METRICS_ON_LISTENERS:
                return await self.django_app(scope, receive, send)
            # Public MCP ports never expose the admin (nor metrics, unless asked to).
            await send_json(send, 404, {"error": "not found",
                                        "detail": "This listener serves /mcp, /health and /events only."})
            return
        return await self.django_app(scope, receive, send)
