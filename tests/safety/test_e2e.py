"""The demo city through the real server: the seed's fire-code call, plain HTTP and the official SDK."""
import asyncio

import jsonschema
from mcp import Client

from apps.accounts.services import api_key_create
from apps.events.models import Event
from apps.safety.models import ResponseUnit
from tests.helpers.rpc import STRUCTURED_HEADERS, output_schema, rpc

SEED_ARGUMENTS = {"business_type": "restaurant", "capacity": 40}


def test_seed_fire_code_call_as_the_seed_client_sends_it(server, demo_city):
    """The seed's restaurant_opening_workflow, step 4: a bare tools/call POST, then the same with structure."""
    url = server.mcp_url("safety")
    result = rpc(url, "tools/call", {"name": "get_requirements", "arguments": SEED_ARGUMENTS})["result"]
    assert result["isError"] is False
    text = result["content"][0]["text"]
    assert text.startswith("🚨 **Fire & Life-Safety Requirements: Restaurant (40 occupants)**")
    assert "🏢 **Occupancy Classification: Group B — Business** (IBC 303.1.1)" in text
    assert "required" in text.lower()  # the seed's _generate_next_steps looks for this word
    structured = rpc(url, "tools/call", {"name": "get_requirements", "arguments": SEED_ARGUMENTS},
                     headers=STRUCTURED_HEADERS)["result"]["structuredContent"]
    jsonschema.validate(structured, output_schema(url, "get_requirements"))
    assert (structured["occupancy_group"], structured["exits_required"], structured["sprinklers_required"],
            structured["kitchen_suppression_required"], structured["extinguishers_min"]) == ("B", 1, False, True, 2)


def test_official_sdk_reports_and_staff_dispatch(server, demo_city, django_user_model):
    async def session() -> tuple:
        async with Client(server.mcp_url("safety"), mode="legacy") as client:
            reported = await client.call_tool("report_incident", {
                "incident_type": "fire", "location": "123 Main St", "description": "Smoke from a kitchen vent"})
            units = await client.call_tool("list_units", {"status": "available", "near": "123 Main St"})
            return reported, units

    reported, units = asyncio.run(session())
    # The SDK validates structuredContent against the published outputSchema itself.
    reference = reported.structured_content["reference"]
    assert [u["call_sign"] for u in reported.structured_content["nearest_available_units"]] == ["E-1", "L-1", "M-1"]
    assert units.structured_content["units"][0]["call_sign"] == "E-1"
    owner = django_user_model.objects.create_user(username="dispatch", password="x" * 20)
    key = api_key_create(name="dispatch desk", owner=owner, domains=["safety"], access_level="staff")
    headers = {**STRUCTURED_HEADERS, "X-API-Key": key.raw_key}
    url = server.mcp_url("safety")
    sent = rpc(url, "tools/call", {"name": "dispatch_resources", "arguments": {"reference": reference}},
               headers=headers)["result"]
    assert (sent["isError"], [d["call_sign"] for d in sent["structuredContent"]["dispatched"]]) == (
        False, ["E-1", "L-1", "M-1"])
    again = rpc(url, "tools/call", {"name": "dispatch_resources", "arguments": {"reference": reference}},
                headers=headers)["result"]["structuredContent"]
    assert again["dispatched"] == [] and len(again["already_assigned"]) == 3
    status = rpc(url, "tools/call", {"name": "incident_status", "arguments": {"reference": reference}},
                 headers=STRUCTURED_HEADERS)["result"]["structuredContent"]
    jsonschema.validate(status, output_schema(url, "incident_status"))
    assert (status["status"], status["active_units"]) == ("dispatched", 3)
    assert set(ResponseUnit.objects.filter(current_incident__reference=reference).values_list(
        "call_sign", flat=True)) == {"E-1", "L-1", "M-1"}
    assert list(Event.objects.order_by("id").values_list("type", flat=True)) == [
        "incident.reported", "unit.dispatched", "unit.dispatched", "unit.dispatched", "incident.status_changed"]


def test_incidents_past_their_targets_are_flagged_in_the_demo_city(server, demo_city):
    """Issue 15: an incident left "on scene" read as help still at work; the answers now flag it."""
    url = server.mcp_url("safety")

    def status(reference: str) -> dict:
        return rpc(url, "tools/call", {"name": "incident_status", "arguments": {"reference": reference}},
                   headers=STRUCTURED_HEADERS)["result"]

    on_scene = status("INC-2026-000104")  # a critical medical call, units on scene since Nov 23, 3:19 PM
    facts = on_scene["structuredContent"]
    assert (facts["status"], facts["overdue"], facts["overdue_target"], facts["overdue_since"]) == (
        "on_scene", True, "clearance", "2026-11-23T15:19:00-08:00")
    assert "- ⏰ **Overdue:** units on scene since Monday, November 23 at 3:19 PM (" in on_scene["content"][0]["text"]
    assert facts["next_step"].startswith("Units have been recorded on scene for ")
    assert status("INC-2026-000101")["structuredContent"]["overdue_target"] == "arrival"
    assert status("INC-2026-000103")["structuredContent"]["overdue_target"] == "dispatch"
    assert status("INC-2026-000102")["structuredContent"]["overdue"] is False  # resolved
