"""Who is calling, and the refusal of a caller (both re-exported by apps.mcp.access)."""
import enum
from dataclasses import dataclass, field


class Access(enum.IntEnum):
    """What a caller may do, and what a tool needs: the ladder keys and tools are placed on (higher needs more).

    Defined here, with the principal that holds one, so that accounts never import the
    protocol above them; the MCP registry and apps.mcp.access enforce it per tool.
    """

    PUBLIC = 0  # look-ups anyone may make
    RESIDENT = 1  # filings a resident makes about themselves
    STAFF = 2  # city staff acting on records


@dataclass(frozen=True)
class Principal:
    """The caller of one request: anonymous, or an API key with its scopes."""

    name: str | None = None
    key_id: int | None = None
    domains: frozenset = field(default_factory=frozenset)  # empty = every domain
    level: Access = Access.RESIDENT
    prefix: str | None = None

    @property
    def is_anonymous(self) -> bool:
        return self.key_id is None

    def covers(self, domain: str) -> bool:
        """True when the key's level applies to `domain`."""
        return not self.domains or domain in self.domains

    @property
    def label(self) -> str:
        """How logs name the caller: the key's visible prefix, never the key."""
        return "anonymous" if self.key_id is None else f"{self.prefix}…"


ANONYMOUS = Principal()


class AccessRefused(Exception):
    """Refuse a request before it runs: answered with `status` and a JSON-RPC error."""

    def __init__(self, status: int, code: int, message: str, headers: list | None = None, *,
                 reason: str = "refused"):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or []
        self.reason = reason  # a metric label: unauthorized, rate_limited
