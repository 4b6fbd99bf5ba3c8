"""The demo city through the real server: collection days and bulk pickups, plain HTTP and the SDK."""
import asyncio

import jsonschema
from mcp import Client

from apps.environmental.models import BulkPickup
from apps.events.models import Event
from tests.helpers.rpc import STRUCTURED_HEADERS, output_schema, rpc


def test_waste_schedule_over_plain_http(server, demo_city):
    url = server.mcp_url("environmental")
    bare = rpc(url, "tools/call", {"name": "waste_schedule", "arguments": {"address": "789 Elm St"}})["result"]
    assert bare["isError"] is False
    assert bare["content"][0]["text"].startswith("🗑️ **Waste Collection at 789 Elm St**\n\n- Collection area: "
                                                 "Northside (NS)")
    facts = rpc(url, "tools/call", {"name": "waste_schedule", "arguments": {"address": "456 Oak Ave"}},
                headers=STRUCTURED_HEADERS)["result"]["structuredContent"]
    jsonschema.validate(facts, output_schema(url, "waste_schedule"))
    assert (facts["area"]["code"], [s["weekday"] for s in facts["streams"]]) == ("WS", ["Tuesday"] * 3)
    # Frozen today is Tuesday 2026-11-24: two days' lead, Thanksgiving off, Wednesday 2026-12-02 fully booked.
    assert facts["bulk_pickup"]["next_available"] == "2026-12-09"


def test_official_sdk_books_a_pickup_files_and_lists(server, demo_city):
    async def session() -> tuple:
        async with Client(server.mcp_url("environmental"), mode="legacy") as client:
            booked = await client.call_tool("schedule_bulk_pickup", {"address": "456 Oak Ave",
                                                                     "items": ["old sofa", "mattress"],
                                                                     "idempotency_key": "e2e-1"})
            filed = await client.call_tool("file_environmental_report", {
                "report_type": "illegal_dumping", "location": "Market St", "description": "Tires on the curb"})
            programs = await client.call_tool("sustainability_programs", {"category": "composting"})
            return booked, filed, programs

    booked, filed, programs = asyncio.run(session())
    # The SDK validates structuredContent against the published outputSchema itself.
    facts = booked.structured_content
    # 456 Oak Ave has two pickups in 2026 in the demo: a third that year is charged; 2026-12-02 is full.
    assert (facts["area"], facts["fee"], facts["scheduled_for"]) == ("Westside", "35.00", "2026-12-09")
    assert BulkPickup.objects.get(reference=facts["reference"]).items == ["old sofa", "mattress"]
    assert filed.structured_content["reference"] == "ENV-2026-000104"
    assert [p["slug"] for p in programs.structured_content["programs"]] == ["home-composting-rebate"]
    assert list(Event.objects.order_by("id").values_list("type", flat=True)) == [
        "pickup.scheduled", "environmental_report.filed"]
