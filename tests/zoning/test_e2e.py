"""The demo city through the real server: the seed's restaurant call, plain HTTP and the official SDK."""
import asyncio

import jsonschema
from mcp import Client

from apps.accounts.services import api_key_create
from apps.events.models import Event
from apps.zoning.models import Variance
from tests.helpers.rpc import STRUCTURED_HEADERS, output_schema, rpc
from tests.zoning.conftest import hearing_held

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
    assert lookup.structured_content["variances"][0]["hearing_status"] == "held"
    reference = submitted.structured_content["reference"]
    assert (submitted.structured_content["parcel_number"], submitted.structured_content["fee"]) == (
        "APN 201-018-001", "500.00")
    assert tracked.structured_content["status"] == "denied"
    owner = django_user_model.objects.create_user(username="zoning-board", password="x" * 20)
    key = api_key_create(name="zoning board", owner=owner, domains=["zoning"], access_level="staff")
    url = server.mcp_url("zoning")
    arguments = {"reference": reference, "decision": "approved", "note": "Shared parking shown.",
                 "parking_spaces_required": 4}
    anonymous = rpc(url, "tools/call", {"name": "decide_variance", "arguments": arguments})
    assert anonymous["error"]["message"].startswith("decide_variance is a staff tool: it needs an API key")
    assert Variance.objects.get(reference=reference).status == "submitted"
    hearing_held(reference)  # the Board decides at the hearing
    decided = rpc(url, "tools/call", {"name": "decide_variance", "arguments": arguments},
                  headers={**STRUCTURED_HEADERS, "X-API-Key": key.raw_key})["result"]
    assert (decided["isError"], decided["structuredContent"]["status"]) == (False, "approved")
    assert Event.objects.get(type="variance.submitted").data["reference"] == reference


def call(url: str, name: str, arguments: dict, key=None) -> dict:
    headers = {**STRUCTURED_HEADERS, **({"X-API-Key": key.raw_key} if key else {})}
    return rpc(url, "tools/call", {"name": name, "arguments": arguments}, headers=headers)["result"]


def test_issue_15_a_parking_variance_is_decided_at_its_hearing_and_then_lowers_the_parking(
        server, demo_city, django_user_model):
    """VAR-2026-000105 was approved before its January 12 hearing and changed nothing it should have."""
    zoning, parking = server.mcp_url("zoning"), server.mcp_url("parking")
    owner = django_user_model.objects.create_user(username="zoning-board", password="x" * 20)
    key = api_key_create(name="zoning board", owner=owner, domains=["zoning"], access_level="staff")
    restaurant = {"property_address": "145 Main St", "business_type": "restaurant", "seating_capacity": 48}
    assert call(zoning, "check_compliance", restaurant)["structuredContent"]["parking"]["required_spaces"] == 12
    reference = call(zoning, "submit_variance", {
        "property_address": "145 Main St", "variance_type": "parking", "applicant": "Main Street Bistro LLC",
        "description": "Provide 4 of the 12 required spaces."})["structuredContent"]["reference"]
    assert reference == "VAR-2026-000105"

    early = call(zoning, "decide_variance", {"reference": reference, "decision": "approved"}, key)
    assert early["isError"] is True
    assert early["structuredContent"]["error"]["code"] == "hearing_not_held"
    assert early["content"][0]["text"] == (
        "❌ Variance VAR-2026-000105 is heard by the Board of Zoning Appeals on Tuesday, January 12, 2027 "
        "(in 49 days); it can be approved or denied from that day on, not before. Until then it can only be "
        "reviewed or withdrawn.")
    assert Variance.objects.get(reference=reference).status == "submitted"

    # The hearing was on November 10 and nobody decided: the answer says the decision is overdue.
    Variance.objects.filter(reference=reference).update(hearing_date="2026-11-10")
    late = call(zoning, "track_variance", {"reference": reference})
    assert {k: late["structuredContent"][k] for k in ("hearing_status", "decision_due", "days_overdue")} == {
        "hearing_status": "decision_overdue", "decision_due": "2026-11-10", "days_overdue": 14}
    assert ("- Hearing: Tuesday, November 10 (14 days ago) — ⚠️ decision overdue by 14 days"
            in late["content"][0]["text"])

    approved = call(zoning, "decide_variance", {"reference": reference, "decision": "approved",
                                                "note": "Shared parking shown.", "parking_spaces_required": 4}, key)
    assert approved["isError"] is False, approved["content"][0]["text"]
    assert approved["structuredContent"]["parking_spaces_required"] == 4
    heard = call(zoning, "track_variance", {"reference": reference})
    assert (heard["structuredContent"]["hearing_status"], heard["structuredContent"]["days_overdue"]) == ("held", 0)
    assert "- Hearing: Tuesday, November 10 (held)" in heard["content"][0]["text"]
    assert "ago" not in heard["content"][0]["text"].split("- Hearing:")[1].splitlines()[0]

    # What the approval changes: 4 spaces instead of the 12 of the ratio, in every answer that counts them.
    checked = call(zoning, "check_compliance", restaurant)
    assert {k: checked["structuredContent"]["parking"][k] for k in ("required_spaces", "required_by_ratio")} == {
        "required_spaces": 4, "required_by_ratio": 12}
    assert checked["structuredContent"]["parking"]["variance"] == {
        "reference": reference, "spaces_required": 4, "decided_on": "2026-11-24"}
    assert ("- 🚗 Parking: 4 spaces — parking variance VAR-2026-000105 (approved Tuesday, November 24) lowers the "
            "12 the ratio asks (1 space per 4 seats)") in checked["content"][0]["text"]
    analysed = call(parking, "analyze_requirements", {"business_address": "145 Main St", "seating_capacity": 48})
    assert (analysed["structuredContent"]["required_spaces"], analysed["structuredContent"]["required_by_ratio"],
            analysed["structuredContent"]["parking_variance"]) == (4, 12, reference)
    assert "Zoning requires 4 off-street spaces" in analysed["content"][0]["text"]
    plan = call(zoning, "plan_business_opening", {"address": "145 Main St", "business_type": "restaurant",
                                                  "seating_capacity": 48})
    assert (plan["structuredContent"]["parking"]["required_spaces"],
            plan["structuredContent"]["parking"]["parking_variance"]) == (4, reference)
