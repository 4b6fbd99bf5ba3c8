"""The demo city through the real server: the seed's restaurant call, plain HTTP and the official SDK."""
import asyncio

import jsonschema
from mcp import Client

from apps.accounts.services import api_key_create
from apps.events.models import Event
from apps.zoning.models import Variance
from tests.helpers.rpc import STRUCTURED_HEADERS, output_schema, rpc

SEED_ARGUMENTS = {"property_address": "123 Main Street", "business_type": "restaurant", "seating_capacity": 40}


def test_seed_restaurant_call_as_the_seed_client_sends_it(server, demo_city):
    """The seed's restaurant_opening_workflow, step 1: a bare tools/call POST, then the same with structure."""
    url = server.mcp_url("zoning")
    reply = rpc(url, "tools/call", {"name": "check_compliance", "arguments": SEED_ARGUMENTS})
    result = reply["result"]
    assert result["isError"] is False
    text = result["content"][0]["text"]
    assert text.startswith("🏡 **Zoning Compliance Check: Restaurant at 123 Main St**")
    assert "- District: C-1 (Neighborhood commercial) — from Main St, the street it is on" in text
    assert "- 🚗 Parking: 10 spaces (1 space per 4 seats)" in text
    structured = rpc(url, "tools/call", {"name": "check_compliance", "arguments": SEED_ARGUMENTS},
                     headers=STRUCTURED_HEADERS)["result"]["structuredContent"]
    jsonschema.validate(structured, output_schema(url, "check_compliance"))
    assert (structured["status"], structured["compliant"], structured["max_occupancy"],
            structured["parking"]["required_spaces"]) == ("permitted", True, 150, 10)


def test_official_sdk_looks_up_applies_and_staff_decide(server, demo_city, django_user_model):
    async def session() -> tuple:
        async with Client(server.mcp_url("zoning"), mode="legacy") as client:
            lookup = await client.call_tool("lookup_zoning", {"property_address": "789 Elm St"})
            submitted = await client.call_tool("submit_variance", {
                "property_address": "145 Main St", "variance_type": "parking", "applicant": "Main Street Bistro LLC",
                "description": "Provide 8 of the 12 required spaces with a shared-parking agreement."})
            tracked = await client.call_tool("track_variance", {"reference": "VAR-2026-000104"})
            return lookup, submitted, tracked

    lookup, submitted, tracked = asyncio.run(session())
    # The SDK validates structuredContent against the published outputSchema itself.
    assert (lookup.structured_content["district"]["code"], lookup.structured_content["parcel"]["parcel_number"]) == (
        "R-2", "APN 102-110-003")
    assert [v["reference"] for v in lookup.structured_content["variances"]] == ["VAR-2026-000102"]
    reference = submitted.structured_content["reference"]
    assert (submitted.structured_content["parcel_number"], submitted.structured_content["fee"]) == (
        "APN 201-018-001", "500.00")
    assert tracked.structured_content["status"] == "denied"
    owner = django_user_model.objects.create_user(username="zoning-board", password="x" * 20)
    key = api_key_create(name="zoning board", owner=owner, domains=["zoning"], access_level="staff")
    url = server.mcp_url("zoning")
    arguments = {"reference": reference, "decision": "approved", "note": "Shared parking shown."}
    anonymous = rpc(url, "tools/call", {"name": "decide_variance", "arguments": arguments})
    assert anonymous["error"]["message"].startswith("decide_variance is a staff tool: it needs an API key")
    assert Variance.objects.get(reference=reference).status == "submitted"
    decided = rpc(url, "tools/call", {"name": "decide_variance", "arguments": arguments},
                  headers={**STRUCTURED_HEADERS, "X-API-Key": key.raw_key})["result"]
    assert (decided["isError"], decided["structuredContent"]["status"]) == (False, "approved")
    assert Event.objects.get(type="variance.submitted").data["reference"] == reference
