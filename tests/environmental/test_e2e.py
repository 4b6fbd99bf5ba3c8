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


def _call(url: str, name: str, arguments: dict) -> dict:
    return rpc(url, "tools/call", {"name": name, "arguments": arguments}, headers=STRUCTURED_HEADERS)["result"]


def test_bulk_pickup_refuses_what_it_does_not_take_and_names_the_areas_day(server, demo_city):
    """Issue 15: "old car" was booked for $35; a Tuesday asked for in a Wednesday area read "not available"."""
    url = server.mcp_url("environmental")
    booked_before = BulkPickup.objects.count()
    car = _call(url, "schedule_bulk_pickup", {"address": "456 Oak Ave", "items": ["sofa", "old car"]})
    assert car["isError"] is True
    error = car["structuredContent"]["error"]
    assert (error["code"], error["field"], error["details"]["item"]) == ("item_not_accepted", "items", "old car")
    assert error["details"]["accepted_items"][:3] == ["armchair", "bicycle", "bookcase"]
    assert error["details"]["elsewhere"] == ["battery-e-waste-drop-off"]
    assert car["content"][0]["text"].startswith('❌ "old car" is not an item bulk pickups take. They take: armchair, '
                                                "bicycle, bookcase,")
    assert ("For other items: Battery and E-Waste Drop-Off — Bring items to the Recycling Center, 950 Harbor Blvd, "
            "Saturdays 9 AM to 3 PM.") in car["content"][0]["text"]
    assert BulkPickup.objects.count() == booked_before
    tuesday = _call(url, "schedule_bulk_pickup", {"address": "456 Oak Ave", "items": ["sofa"],
                                                  "preferred_date": "2026-12-08"})
    facts = tuesday["structuredContent"]
    assert (facts["scheduled_for"], facts["moved_reason"], facts["area_bulk_weekday"]) == (
        "2026-12-09", "not_bulk_day", "Wednesday")
    assert ("- Pickups in Westside are on Wednesdays; Tuesday, December 8 is not one. The next Wednesday with room "
            "is Wednesday, December 9 (in 15 days).") in tuesday["content"][0]["text"]
    assert "was not available" not in tuesday["content"][0]["text"]


def test_track_and_cancel_a_bulk_pickup_over_the_server(server, demo_city):
    url = server.mcp_url("environmental")
    booked = _call(url, "schedule_bulk_pickup", {"address": "789 Elm St", "items": ["table", "chairs"]})
    facts = booked["structuredContent"]
    reference, code = facts["reference"], facts["access_code"]
    public = _call(url, "track_bulk_pickup", {"reference": reference})["structuredContent"]
    assert (public["status"], public["area"], "address" in public, "timeline" in public) == (
        "scheduled", "Northside", False, False)
    stranger = _call(url, "cancel_bulk_pickup", {"reference": reference, "access_code": "AAAAA-BBBBB"})
    assert (stranger["isError"], stranger["structuredContent"]["error"]["code"]) == (True, "not_owner")
    cancelled = _call(url, "cancel_bulk_pickup", {"reference": reference, "access_code": code})
    assert (cancelled["structuredContent"]["status"], cancelled["structuredContent"]["changed"],
            cancelled["structuredContent"]["refund"]) == ("cancelled", True, "0.00")
    assert cancelled["content"][0]["text"].startswith(f"🚫 **Bulk Pickup {reference} Cancelled**")
    again = _call(url, "cancel_bulk_pickup", {"reference": reference, "access_code": code})
    assert (again["isError"], again["structuredContent"]["changed"]) == (False, False)
    owner = _call(url, "track_bulk_pickup", {"reference": reference, "access_code": code})["structuredContent"]
    assert [entry["status"] for entry in owner["timeline"]] == ["scheduled", "cancelled"]
    assert owner["address"] == "789 Elm St"
    assert list(Event.objects.order_by("id").values_list("type", flat=True)) == [
        "pickup.scheduled", "pickup.cancelled"]
    pickup = BulkPickup.objects.get(reference=reference)
    assert (pickup.status, pickup.slot.booked) == ("cancelled", 0)


def test_add_report_info_over_the_server(server, demo_city):
    url = server.mcp_url("environmental")
    filed = _call(url, "file_environmental_report", {"report_type": "odor", "location": "900 Harbor Blvd",
                                                     "description": "Smell from the docks."})
    reference, code = filed["structuredContent"]["reference"], filed["structuredContent"]["access_code"]
    refused = _call(url, "add_report_info", {"reference": reference, "access_code": "", "text": "x"})
    assert refused["isError"] is True
    added = _call(url, "add_report_info", {"reference": reference, "access_code": code,
                                           "text": "It is worst around 4 PM."})
    assert added["isError"] is False
    assert added["structuredContent"]["timeline"][-1]["note"] == "Resident added: It is worst around 4 PM."
    assert "Resident added: It is worst around 4 PM." in added["content"][0]["text"]
    assert list(Event.objects.order_by("id").values_list("type", flat=True)) == [
        "environmental_report.filed", "environmental_report.info_added"]
