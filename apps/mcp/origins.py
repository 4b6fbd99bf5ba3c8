"""Origin validation against DNS rebinding (MCP Streamable HTTP, "Security Warning").

No Origin (non-browser clients) passes; loopback origins pass; others only when listed in
CIVICMIND_ALLOWED_ORIGINS. Shared by /mcp and the /events WebSockets. Loopback is what the
operating system routes back to this machine: `localhost`, all of 127.0.0.0/8 (a server
bound to 127.0.0.6 is reached from http://127.0.0.6:9300) and ::1, also written as an
IPv4-mapped address (::ffff:127.0.0.1).
"""
import ipaddress
from urllib.parse import urlsplit

from django.conf import settings

LOOPBACK_NAMES = {"localhost"}


def is_loopback_host(host: str | None) -> bool:
    """True for localhost and any loopback address (127.0.0.0/8, ::1, ::ffff:127.x.y.z)."""
    if not host:
        return False
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False  # a name: only "localhost" is known to resolve here
    mapped = getattr(address, "ipv4_mapped", None)
    return address.is_loopback or (mapped is not None and mapped.is_loopback)


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
    return parts.scheme in ("http", "https") and is_loopback_host(host)
