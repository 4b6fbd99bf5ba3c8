"""The host to put in a URL for a server bound to `host` (CIVICMIND_HOST, `serve --host`).

What `make run` and `ensure_admin` print must reach the server that was started: the bound
address itself, bracketed when it is IPv6; for a wildcard bind (0.0.0.0, ::) the loopback
address of the same family, which always reaches it from this machine.
"""
import ipaddress

DEFAULT_HOST = "127.0.0.1"
WILDCARDS = {"0.0.0.0": "127.0.0.1", "::": "[::1]"}


def url_host(host: str | None) -> str:
    """Return "127.0.0.6", "[::1]" or "civic.example" for a bind address or name."""
    host = (host or DEFAULT_HOST).strip().strip("[]")
    if host in WILDCARDS:
        return WILDCARDS[host]
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host  # a name
    return f"[{address}]" if address.version == 6 else str(address)
