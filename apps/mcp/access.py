"""Who is calling and what they may call.

The transport resolves a Principal once per request; methods ask `may_call` before listing
or running a tool. The API-key issue replaces the anonymous-only resolution here without
touching the method table.
"""
from dataclasses import dataclass, field

from apps.mcp.registry import Access, Tool


@dataclass(frozen=True)
class Principal:
    """The caller of one request: anonymous, or an API key with its scopes."""

    name: str | None = None
    key_id: int | None = None
    domains: frozenset = field(default_factory=frozenset)  # empty = every domain
    level: Access = Access.RESIDENT

    @property
    def is_anonymous(self) -> bool:
        return self.key_id is None


ANONYMOUS = Principal()


class AccessRefused(Exception):
    """Refuse a request before it runs: answered with `status` and a JSON-RPC error."""

    def __init__(self, status: int, code: int, message: str, headers: list | None = None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or []


async def authenticate(headers: dict, call) -> Principal:
    """Return who is calling (X-API-Key or Authorization: Bearer); raise AccessRefused if refused."""
    return ANONYMOUS


async def admit(call) -> None:
    """Apply rate limits to the request; raise AccessRefused (429) when over a limit."""
    return None


def may_call(principal: Principal, tool: Tool) -> bool:
    """Return whether `principal` may see and call `tool`.

    Until API keys exist every declared tool is open, so staff tools stay usable in
    development; the declared access level is already published in the registry.
    """
    return True
