"""What a caller may see and call: the tool's declared level against the caller's.

A key adds to what anonymous callers get, never takes away: within its domains it reaches
its own level, elsewhere it is treated like an anonymous caller. Anonymous callers reach
CIVICMIND_ANONYMOUS_ACCESS (resident by default, so the seed's examples run without a
key) unless CIVICMIND_REQUIRE_API_KEY is on, when they reach nothing (and are refused
before this is asked).
"""
from typing import Protocol

from django.conf import settings

from apps.accounts.errors import TOOL_KEY_TOO_LOW_MESSAGE, TOOL_NEEDS_KEY_MESSAGE
from apps.accounts.principals import Access, Principal


class CallableTool(Protocol):
    """What this policy reads of a tool (apps.mcp.registry.Tool): its level and its listeners."""

    access: Access
    listeners: tuple[str, ...]

ANONYMOUS_LEVELS = {"public": Access.PUBLIC, "resident": Access.RESIDENT}


def anonymous_level() -> Access | None:
    """The most an anonymous caller may call, or None when every call needs a key."""
    if settings.CIVICMIND_REQUIRE_API_KEY:
        return None
    return ANONYMOUS_LEVELS[settings.CIVICMIND_ANONYMOUS_ACCESS]


def may_call(principal: Principal, tool: CallableTool) -> bool:
    """Return whether `principal` may see and call `tool`."""
    # A tool served on several listeners (apps.business) is within a key's reach when any of them is.
    if principal.key_id is not None and tool.access <= principal.level and any(
            principal.covers(domain) for domain in tool.listeners):
        return True
    baseline = anonymous_level()
    return baseline is not None and tool.access <= baseline


def refusal_message(principal: Principal, tool: CallableTool, published_name: str) -> str:
    """Why `principal` may not call `tool`: the level and domains it takes, and what to send.

    The tools are documented (README, docs/<domain>.md), so hiding a name protects nothing;
    saying "Unknown tool" to a caller who only lacks a key sends them looking for a typo.
    """
    level = tool.access.name.lower()
    domains = " or ".join(tool.listeners)
    if principal.key_id is None:
        return TOOL_NEEDS_KEY_MESSAGE.format(tool=published_name, level=level, domains=domains)
    return TOOL_KEY_TOO_LOW_MESSAGE.format(tool=published_name, level=level, domains=domains,
                                           prefix=principal.prefix)
