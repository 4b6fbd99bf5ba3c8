"""`mcp_stdio` takes its key from CIVICMIND_API_KEY and obeys the same rules (in process)."""
import asyncio
import io
import json

import pytest

from apps.mcp.stdio import StdioServer

pytestmark = pytest.mark.django_db(transaction=True)


async def stdio(registry, environ: dict, *messages) -> list[dict]:
    reader = io.BytesIO(b"".join(json.dumps(m).encode() + b"\n" for m in messages))
    out = io.BytesIO()
    await StdioServer("parking", reader, out, registry=registry, environ=environ).serve()
    return [json.loads(line) for line in out.getvalue().splitlines()]


LIST = {"jsonrpc": "2.0", "id": 1, "method": "tools/list"}


async def test_stdio_lists_by_the_keys_level(levels_registry, make_key, lookups):
    staff = await asyncio.to_thread(make_key, domains=["parking"], level="staff")
    anonymous = await stdio(levels_registry, {}, LIST)
    keyed = await stdio(levels_registry, {"CIVICMIND_API_KEY": staff.raw_key}, LIST)
    assert [t["name"] for t in anonymous[0]["result"]["tools"]] == ["look_up", "file_report"]
    assert [t["name"] for t in keyed[0]["result"]["tools"]] == ["look_up", "file_report", "issue"]


async def test_stdio_refuses_a_bad_key_and_a_missing_required_one(levels_registry, settings, lookups):
    bad = await stdio(levels_registry, {"CIVICMIND_API_KEY": "cmk_" + "z" * 43}, LIST)
    assert bad == [{"jsonrpc": "2.0", "id": 1, "error": {
        "code": -32001,
        "message": "Unauthorized: the API key is not valid. Check it, or ask city staff for a new one."}}]
    settings.CIVICMIND_REQUIRE_API_KEY = True
    missing = await stdio(levels_registry, {}, LIST)
    assert missing[0]["error"]["code"] == -32001
    assert missing[0]["error"]["message"].startswith("Unauthorized: this server requires an API key.")
