"""Opaque cursors: they round-trip, and anything else is -32602."""
import base64
import json

import pytest

from apps.mcp import paging
from apps.mcp.protocol import JsonRpcError


def test_cursor_round_trips():
    cursor = paging.encode_cursor("tools", "parking", 50)
    assert paging.decode_cursor(cursor, "tools", "parking") == 50
    assert "=" not in cursor


def test_absent_cursor_is_the_first_page():
    assert paging.decode_cursor(None, "tools", "parking") == 0


def forged(data) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode()


@pytest.mark.parametrize("cursor", [
    "", "%%%", "eyJ", 5, [], {"o": 1},
    forged({"k": "tools", "d": "parking", "o": -1}),
    forged({"k": "tools", "d": "parking", "o": "1"}),
    forged({"k": "tools", "d": "parking", "o": True}),
    forged({"k": "tools", "d": "parking"}),
    forged(["tools", 1]),
    forged({"k": "prompts", "d": "parking", "o": 0}),
    forged({"k": "tools", "d": "permits", "o": 0}),
    base64.urlsafe_b64encode(b"\xff\xfe").decode(),
])
def test_invalid_cursors_are_invalid_params(cursor):
    with pytest.raises(JsonRpcError) as raised:
        paging.decode_cursor(cursor, "tools", "parking")
    assert raised.value.code == -32602
    assert raised.value.data == {"argument": "cursor"}


def test_pages_cover_the_list_exactly_once(monkeypatch):
    monkeypatch.setattr(paging, "PAGE_SIZE", 4)
    items = list(range(10))
    seen, params = [], {}
    while True:
        result = paging.page(items, params, kind="tools", domain="all", key="tools")
        seen += result["tools"]
        if "nextCursor" not in result:
            break
        params = {"cursor": result["nextCursor"]}
    assert seen == items


def test_exact_multiple_has_no_empty_last_page(monkeypatch):
    monkeypatch.setattr(paging, "PAGE_SIZE", 5)
    first = paging.page(list(range(5)), {}, kind="tools", domain="all", key="tools")
    assert first == {"tools": [0, 1, 2, 3, 4]}
