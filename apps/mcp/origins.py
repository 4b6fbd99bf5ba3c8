"""Origin validation against DNS rebinding (MCP Streamable HTTP, "Security Warning").

No Origin (non-browser clients) passes; loopback origins pass; others only when listed in
CIVICMIND_ALLOWED_ORIGINS. Shared by /mcp and the /events WebSockets.
"""
from urllib.parse import urlsplit

from django.conf import settings

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}


def origin_allowed(origin: str | None) -> bool:
    if origin is None or origin == "":
        return True
    if origin in settings.CIVICMIND_ALLOWED_ORIGINS or "*" in settings.CIVICMIND_ALLOWED_ORIGINS:
        return True
    try:
        parts = urlsplit(origin)
        host = parts.hostname
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and host in LOOPBACK_HOSTS
