"""One JSON-RPC request as the method handlers see it, whatever transport carried it."""
from dataclasses import dataclass, field

from apps.mcp import registry as registry_module
from apps.mcp.access import ANONYMOUS, Principal


@dataclass
class Call:
    """The request's context: domain served, negotiated version, caller and registry."""

    domain: str  # the domain served ("all" for the all-domains endpoint)
    listener: str  # the listener it arrived on
    version: str  # the effective protocol version
    modern: bool = False  # 2026-07-28: per-request _meta, resultType, cache hints
    principal: Principal = ANONYMOUS
    client_address: str | None = None
    request_id: str | None = None
    meta: dict = field(default_factory=dict)  # the request's params._meta
    transport: str = "http"  # "http" or "stdio"
    session_id: str | None = None  # the handshake-era session named by Mcp-Session-Id (apps.mcp.sessions)
    registry: registry_module.Registry | None = None

    def __post_init__(self):
        if self.registry is None:
            # Read at call time, so tests can swap the module's registry.
            self.registry = registry_module.registry

    def derive(self, **changes) -> "Call":
        """Return a copy for one message of a batch (each negotiates nothing of its own)."""
        values = {name: getattr(self, name) for name in self.__dataclass_fields__}
        values.update(changes)
        return Call(**values)
