"""The eight civic domains and the listener port each is served on.

One table drives routing, `serve`, health answers and the compose file test, so a port is
configured in exactly one place (`CIVICMIND_PORT_<DOMAIN>` overrides the default).
"""
from django.core.exceptions import ImproperlyConfigured

from civicmind.env import env_port

DOMAINS = (
    "parking",
    "permits",
    "noise",
    "safety",
    "utilities",
    "transportation",
    "zoning",
    "environmental",
)
DEFAULT_FIRST_PORT = 9300
DEFAULT_ADMIN_PORT = 8000
ALL_DOMAINS = "all"


def domain_ports_from_env() -> dict[str, int]:
    """Return {domain: port}, refusing two domains (or the admin) on one port."""
    ports = {
        domain: env_port(f"CIVICMIND_PORT_{domain.upper()}", DEFAULT_FIRST_PORT + offset)
        for offset, domain in enumerate(DOMAINS)
    }
    admin_port = admin_port_from_env()
    taken: dict[int, str] = {admin_port: "admin"}
    for domain, port in ports.items():
        if port in taken:
            raise ImproperlyConfigured(
                f"Port {port} is configured for both {taken[port]} and {domain}."
            )
        taken[port] = domain
    return ports


def admin_port_from_env() -> int:
    return env_port("CIVICMIND_ADMIN_PORT", DEFAULT_ADMIN_PORT)
