"""How a result looks in each era, and results kept already serialized.

2026-07-28 results carry `resultType`, the server's identity in `_meta`, and cache hints on
lists, reads and discovery (server/utilities/caching.mdx); handshake-era results carry none
of these. Lists only change with a deployment, so each page is serialized once per registry
generation and spliced into every answer as bytes (`Encoded`): no per-request JSON encoding
of schemas.
"""
from apps.mcp import paging
from apps.mcp import protocol as p
from apps.core.http import dumps
from apps.mcp.lifecycle import RECORD_TTL_MS, STATIC_TTL_MS, server_info

# (ttlMs, cacheScope) of the cacheable results, unless the handler set them.
CACHE_HINTS = {
    "server/discover": (STATIC_TTL_MS, "public"),
    "tools/list": (STATIC_TTL_MS, "public"),
    "prompts/list": (STATIC_TTL_MS, "public"),
    "resources/list": (STATIC_TTL_MS, "public"),
    "resources/templates/list": (STATIC_TTL_MS, "public"),
    "resources/read": (RECORD_TTL_MS, "private"),
}


class Encoded(bytes):
    """A JSON text already serialized: a result (or a whole response) sent as it is."""


def decorate(method: str, result: dict, call) -> dict:
    """Add what the call's era requires of every result (nothing in the handshake era)."""
    if call.modern:
        result["resultType"] = p.RESULT_COMPLETE
        hints = CACHE_HINTS.get(method)
        if hints is not None:
            result.setdefault("ttlMs", hints[0])
            result.setdefault("cacheScope", hints[1])
        result["_meta"] = {p.META_SERVER_INFO: server_info(call.domain)}
    return result


def list_result(method: str, items: list, params: dict, call, *, kind: str, key: str, scope: str = "public",
                variant: tuple = ()) -> dict | Encoded:
    """One page of a list, decorated for the era; serialized once for the cursors we mint.

    `variant` names what else the page depends on (which tools the caller may see).
    """
    offset = paging.decode_cursor(params.get("cursor"), kind, call.domain)
    size = paging.PAGE_SIZE

    def build() -> dict:
        result = paging.page_at(items, offset, kind=kind, domain=call.domain, key=key)
        if call.modern:
            result["cacheScope"] = scope
        return decorate(method, result, call)

    if offset % size or (offset and offset >= len(items)):
        return build()  # a cursor this server never minted: answered, not kept
    cache_key = ("list", method, call.domain, call.version, call.modern, scope, size, offset, variant)
    return call.registry.view(cache_key, lambda: Encoded(dumps(build())))


def response(request_id, result) -> dict | Encoded:
    """The JSON-RPC response for `result`, splicing an Encoded result without re-encoding it."""
    if isinstance(result, Encoded):
        return Encoded(b'{"jsonrpc":"2.0","id":' + dumps(request_id) + b',"result":' + result + b"}")
    return p.result_response(request_id, result)
