"""Opaque cursors for tools/list, resources/list, resources/templates/list and prompts/list.

A cursor names the list it pages (kind and domain) and an offset, base64url-encoded: clients
must treat it as opaque, and one minted for another list or edited by hand is refused with
-32602 instead of silently paging something else (pagination.mdx: "Invalid cursors SHOULD
result in an error with code -32602").
"""
import base64
import binascii
import json

from apps.mcp import protocol as p

PAGE_SIZE = 50


def encode_cursor(kind: str, domain: str, offset: int) -> str:
    raw = json.dumps({"k": kind, "d": domain, "o": offset}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor, kind: str, domain: str) -> int:
    """Return the offset a cursor stands for (0 when absent); raise -32602 when invalid."""
    if cursor is None:
        return 0
    try:
        if not isinstance(cursor, str) or not cursor:
            raise ValueError
        data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        offset = data["o"]
        if data["k"] != kind or data["d"] != domain:
            raise ValueError
        if isinstance(offset, bool) or not isinstance(offset, int) or offset < 0:
            raise ValueError
        return offset
    except (ValueError, KeyError, TypeError, binascii.Error, UnicodeDecodeError):
        raise p.JsonRpcError(
            p.INVALID_PARAMS,
            "Invalid cursor: pass back a nextCursor exactly as this server returned it, "
            "or omit cursor to start from the first page.",
            {"argument": "cursor"},
        ) from None


def page_at(items: list, offset: int, *, kind: str, domain: str, key: str) -> dict:
    """Return the page of `items` starting at `offset` as {key: [...], "nextCursor"?: ...}."""
    size = PAGE_SIZE
    result = {key: items[offset: offset + size]}
    if offset + size < len(items):
        result["nextCursor"] = encode_cursor(kind, domain, offset + size)
    return result


def page(items: list, params: dict, *, kind: str, domain: str, key: str) -> dict:
    """Return the page `params["cursor"]` names (the first without one), as a new dict."""
    offset = decode_cursor(params.get("cursor"), kind, domain)
    return page_at(items, offset, kind=kind, domain=domain, key=key)
