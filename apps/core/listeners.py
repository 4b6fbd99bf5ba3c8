"""Which listener a connection arrived on: the port in `scope["server"]` picks the domain."""
from django.conf import settings

from civicmind.domains import ALL_DOMAINS, DOMAINS


def port_of(scope) -> int | None:
    server = scope.get("server")
    if server and len(server) > 1 and server[1] is not None:
        return int(server[1])
    return None


def domain_for_port(port: int | None) -> str | None:
    """Return the domain served on `port`, or None for the admin port and unknown ports."""
    if port is None:
        return None
    for domain, domain_port in settings.CIVICMIND_DOMAIN_PORTS.items():
        if domain_port == port:
            return domain
    return None


def is_public_listener(scope) -> bool:
    """True on a domain port, where only /mcp, /health and /events are served."""
    return domain_for_port(port_of(scope)) is not None


def listener_domain(scope) -> str:
    """Return the listener's domain, or "all" for the admin/all-domains listener."""
    return domain_for_port(port_of(scope)) or ALL_DOMAINS


def is_known_domain(name: str) -> bool:
    return name in DOMAINS or name == ALL_DOMAINS
