"""Idempotency keys through a real `serve` and the official MCP SDK client (all-domains endpoint)."""
import asyncio

import httpx2
from mcp import ClientSession, types
from mcp.client.streamable_http import streamable_http_client

from apps.accounts.services import api_key_create
from apps.mcp.models import ToolAnswer
from apps.mcp.replays import KEY_REUSED_MESSAGE
from apps.transportation.models import RoadIssue, RoadIssueUpdate
from tests.mcp.write_calls import WRITE_TOOLS

KEY = "e2e-7d2f4c1a-0b9e-4f3d-8a6c-5e4d3c2b1a09"
UPDATE = {"reference": "RD-2026-000102", "status": "in_progress", "note": "Crew replacing the lamp."}


def test_sdk_client_retries_a_staff_write_with_its_key(server, demo_city, django_user_model):
    owner = django_user_model.objects.create_user(username="idem-desk", password="x" * 20)
    staff = api_key_create(name="idem desk", owner=owner, domains=[], access_level="staff")

    async def session() -> tuple:
        async with httpx2.AsyncClient(headers={"X-API-Key": staff.raw_key}) as http:
            async with streamable_http_client(server.mcp_url("all"), http_client=http) as (read, write):
                async with ClientSession(read, write) as client:
                    await client.initialize()
                    listed, cursor = [], None
                    while True:
                        params = types.PaginatedRequestParams(cursor=cursor) if cursor else None
                        page = await client.list_tools(params=params)
                        listed += page.tools
                        cursor = page.next_cursor
                        if not cursor:
                            break
                    arguments = dict(UPDATE, idempotency_key=KEY)
                    first = await client.call_tool("transportation_update_road_issue", arguments)
                    again = await client.call_tool("transportation_update_road_issue", arguments)
                    other = await client.call_tool("transportation_update_road_issue",
                                                   dict(arguments, note="Parts ordered."))
                    return listed, first, again, other

    listed, first, again, other = asyncio.run(session())
    schemas = {tool.name: tool.input_schema for tool in listed}
    writes = [f"{tool.domain}_{tool.name}" for tool in WRITE_TOOLS]
    assert [name for name in writes if "idempotency_key" not in schemas[name]["properties"]] == []
    # The SDK checked each structuredContent against the published outputSchema.
    assert first.is_error is False and first.structured_content["status"] == "in_progress"
    assert (again.is_error, again.content[0].text, again.structured_content) == (
        False, first.content[0].text, first.structured_content)
    assert other.is_error is True
    assert other.content[0].text == "❌ " + KEY_REUSED_MESSAGE.format(tool="update_road_issue")
    assert other.structured_content["error"]["code"] == "idempotency_key_reused"
    assert RoadIssue.objects.get(reference="RD-2026-000102").status == "in_progress"
    assert list(RoadIssueUpdate.objects.filter(issue__reference="RD-2026-000102", actor="api-key:idem desk")
                .values_list("status", "note")) == [("in_progress", "Crew replacing the lamp.")]
    assert list(ToolAnswer.objects.values_list("domain", "tool", "caller", "key")) == [
        ("transportation", "update_road_issue", f"key:{staff.api_key.pk}", KEY)]
