"""End to end: the demo city through the real server, with the seed's client and the MCP SDK.

The seed's examples come out of the demo data: ABC123's two citations (with the late fees
that have accrued since February 2025), the parking options around Downtown City Hall, and
TEST123's clean record.
"""
import asyncio
import json
from datetime import date

import httpx
import jsonschema
import mcp
from django.utils import timezone
from mcp.types import PromptReference, ResourceTemplateReference

from apps.events.models import Event
from apps.parking.fees import LateFeeSchedule, days_overdue, late_fees_accrued
from apps.parking.models import Citation, Payment

PARKING_TOOLS = {"check_violations", "find_parking", "report_violation", "make_payment", "contest_violation"}
METER = LateFeeSchedule(initial=10, recurring=10, interval_days=30, cap=40)
DRIVEWAY = LateFeeSchedule(initial=25, recurring=25, interval_days=30, cap=75)


def seed_call(server, name: str, arguments: dict) -> dict:
    """Do what the seed's CivicMindMCPClient does: initialize, then a bare tools/call POST."""
    url = server.mcp_url("parking")
    with httpx.Client(timeout=30) as client:
        init = client.post(url, json={"jsonrpc": "2.0", "method": "initialize", "id": 1, "params": {
            "protocolVersion": "2024-11-05", "clientInfo": {"name": "CivicMind Python Client", "version": "1.0.0"}}})
        assert init.status_code == 200
        response = client.post(url, json={"jsonrpc": "2.0", "method": "tools/call", "id": 3,
                                          "params": {"name": name, "arguments": arguments}})
    assert response.status_code == 200
    body = response.json()
    assert "error" not in body, body
    return body["result"]


def expected_abc123_text() -> str:
    today = timezone.localdate()
    meter_late = late_fees_accrued(METER, due_date=date(2025, 2, 9), on=today)
    driveway_late = late_fees_accrued(DRIVEWAY, due_date=date(2025, 2, 11), on=today)
    total = 100 + meter_late + driveway_late
    return "\n".join([
        "**Parking Violations for License Plate ABC123**",
        "",
        "🅿️ **Outstanding Violations: 2**",
        "",
        "1. **Violation #VIO-2025-001234**",
        "   - Type: Expired Meter",
        "   - Location: 123 Main St, Zone A",
        "   - Date: January 10, 2025",
        "   - Fine: $25.00",
        f"   - Late Fees: ${meter_late:.2f} (maximum reached)",
        f"   - Amount Due: ${25 + meter_late:.2f}",
        "   - Due: February 9, 2025",
        f"   - Status: ⚠️ Unpaid — overdue by {days_overdue(due_date=date(2025, 2, 9), on=today)} days",
        "",
        "2. **Violation #VIO-2025-001456**",
        "   - Type: Blocked Driveway",
        "   - Location: 456 Oak Ave",
        "   - Date: January 12, 2025",
        "   - Fine: $75.00",
        f"   - Late Fees: ${driveway_late:.2f} (maximum reached)",
        f"   - Amount Due: ${75 + driveway_late:.2f}",
        "   - Due: February 11, 2025",
        f"   - Status: ⚠️ Unpaid — overdue by {days_overdue(due_date=date(2025, 2, 11), on=today)} days",
        "",
        f"💰 **Total Outstanding: ${total:.2f}** ($100.00 in fines + ${meter_late + driveway_late:.2f} in late fees)",
        "",
        "**Payment Options:**",
        "- 🌐 Online: https://city.ai/parking/pay",
        "- 📞 Phone: (555) 123-PARK",
        "- 🏢 In Person: City Hall, Room 101",
        "",
        "⏰ **Overdue: late fees have been added. Pay now to settle these violations.**",
    ])


SEED_PARKING_TEXT = "\n".join([
    "🅿️ **Parking Options Near Downtown City Hall**",
    "",
    "**Street Parking (2-hour limit):**",
    "1. 📍 Main St (100 block) - $2.00/hour",
    "   - 🚶 0.1 miles away",
    "   - ✅ 8 spaces available",
    "   - ⏰ Enforced 8am-6pm",
    "   - 💵 $4.00 for 2 hours",
    "",
    "2. 📍 1st Avenue - $1.50/hour",
    "   - 🚶 0.2 miles away",
    "   - ✅ 12 spaces available",
    "   - ⏰ 2-hour limit",
    "   - 💵 $3.00 for 2 hours",
    "",
    "**Nearby Garages:**",
    "3. 🏢 City Center Garage - $5.00 flat rate",
    "   - 🚶 0.3 miles away",
    "   - ✅ 45 spaces available",
    "   - ⏰ No time limit",
    "",
    "💡 **Recommendation:** 1st Avenue is the most economical for your 2-hour needs ($3.00, 0.2 miles away); "
    "Main St (100 block) is the closest (0.1 miles, $4.00).",
])


def test_seed_check_violations_for_abc123(server, demo_city):
    result = seed_call(server, "check_violations", {"license_plate": "ABC123", "include_payment_options": True})
    assert result["isError"] is False
    assert result["content"] == [{"type": "text", "text": expected_abc123_text()}]


def test_seed_find_parking_near_city_hall(server, demo_city):
    result = seed_call(server, "find_parking", {"location": "Downtown City Hall", "duration": "2 hours"})
    assert result["content"][0]["text"] == SEED_PARKING_TEXT
    # The seed's Python client asks for "Downtown": an alias of the same place.
    downtown = seed_call(server, "find_parking", {"location": "Downtown", "duration": "2 hours"})
    assert downtown["content"][0]["text"] == SEED_PARKING_TEXT


def test_seed_test_plate_has_no_violations(server, demo_city):
    result = seed_call(server, "check_violations", {"license_plate": "TEST123"})
    assert result["isError"] is False
    assert "violations" in result["content"][0]["text"].lower()
    assert "No outstanding violations" in result["content"][0]["text"]


async def _sdk_session(url: str) -> dict:
    """One MCP SDK session through every parking capability; returns what the test checks."""
    seen = {}
    async with mcp.Client(url, mode="legacy") as client:
        tools = {t.name: t for t in (await client.list_tools()).tools}
        seen["tools"] = tools
        checks = {}
        for name, arguments in [
            ("check_violations", {"license_plate": "ABC123"}),
            ("find_parking", {"location": "Downtown City Hall", "duration": "2 hours"}),
            ("report_violation", {"license_plate": "XYZ789", "violation_type": "expired_meter",
                                  "location": "123 Main St"}),
        ]:
            result = await client.call_tool(name, arguments)
            checks[name] = (result.is_error, result.structured_content, tools[name].output_schema)
        owed = checks["check_violations"][1]["total_outstanding"]
        payment = {"license_plate": "ABC123", "citation_numbers": ["VIO-2025-001234", "VIO-2025-001456"],
                   "amount": owed, "payment_method": "tok_visa", "idempotency_key": "sdk-e2e-0001"}
        declined = await client.call_tool("make_payment", dict(payment, payment_method="tok_chargeDeclined",
                                                               idempotency_key="sdk-e2e-declined"))
        first = await client.call_tool("make_payment", payment)
        retry = await client.call_tool("make_payment", payment)
        checks["make_payment"] = (first.is_error, first.structured_content, tools["make_payment"].output_schema)
        seen.update(checks=checks, declined=declined, first=first, retry=retry)
        after = await client.call_tool("check_violations", {"license_plate": "ABC123"})
        seen["after"] = after.structured_content
        seen["resources"] = [r.uri for r in (await client.list_resources()).resources]
        seen["templates"] = [t.uri_template for t in (await client.list_resource_templates()).resource_templates]
        seen["types"] = json.loads((await client.read_resource("civicmind://parking/violation-types")).contents[0].text)
        seen["facilities"] = json.loads((await client.read_resource("civicmind://parking/facilities")).contents[0].text)
        seen["citation"] = json.loads(
            (await client.read_resource("civicmind://parking/citations/VIO-2025-001234")).contents[0].text)
        seen["prompts"] = [p.name for p in (await client.list_prompts()).prompts]
        seen["prompt"] = await client.get_prompt("pay_a_citation", {"license_plate": "ABC123"})
        seen["complete_type"] = await client.complete(
            PromptReference(type="ref/prompt", name="report_a_violation"), {"name": "violation_type", "value": "bl"})
        seen["complete_code"] = await client.complete(
            ResourceTemplateReference(type="ref/resource", uri="civicmind://parking/violation-types/{code}"),
            {"name": "code", "value": "fire"})
    return seen


def test_the_mcp_sdk_client_uses_every_parking_capability(server, demo_city):
    seen = asyncio.run(_sdk_session(server.mcp_url("parking")))
    assert PARKING_TOOLS <= set(seen["tools"])
    for name, (is_error, structured, schema) in seen["checks"].items():
        assert is_error is False, name
        jsonschema.validate(structured, schema)
    report = seen["checks"]["report_violation"][1]
    assert (report["license_plate"], report["status"]) == ("XYZ789", "reported")
    assert seen["declined"].is_error is True
    receipt = seen["first"].structured_content["receipt_number"]
    assert seen["retry"].structured_content["receipt_number"] == receipt
    assert (seen["first"].structured_content["replayed"], seen["retry"].structured_content["replayed"]) == (
        False, True)
    assert seen["after"]["outstanding_count"] == 0
    assert seen["resources"] == ["civicmind://parking/violation-types", "civicmind://parking/facilities"]
    assert seen["templates"] == ["civicmind://parking/violation-types/{code}",
                                 "civicmind://parking/citations/{citation_number}"]
    fines = {t["code"]: t["fine"] for t in seen["types"]["violation_types"]}
    assert (fines["expired_meter"], fines["blocked_driveway"]) == ("25.00", "75.00")
    assert len(seen["facilities"]["facilities"]) == 13  # the closed garage is not listed
    assert (seen["citation"]["status"], seen["citation"]["amount_due"]) == ("paid", "0.00")
    assert seen["prompts"] == ["pay_a_citation", "report_a_violation"]
    assert "check_violations" in seen["prompt"].messages[1].content.text
    assert seen["complete_type"].completion.values == ["blocked_driveway"]
    assert seen["complete_code"].completion.values == ["fire_hydrant"]

    # The server wrote to the same database: the receipt, the statuses and the events are real.
    payment = Payment.objects.get(receipt_number=receipt)
    assert (payment.idempotency_key, payment.is_test) == ("sdk-e2e-0001", True)
    assert set(Citation.objects.filter(license_plate="ABC123", status="paid").values_list(
        "citation_number", flat=True)) >= {"VIO-2025-001234", "VIO-2025-001456"}
    created = Event.objects.get(type="violation.created")
    assert (created.data["license_plate"], created.data["violation_type"], created.data["status"]) == (
        "XYZ789", "expired_meter", "reported")
    assert sorted(e.data["citation_number"] for e in Event.objects.filter(type="violation.paid")) == [
        "VIO-2025-001234", "VIO-2025-001456"]


def test_argument_errors_through_the_server(server, demo_city):
    result = seed_call(server, "check_violations", {"license_plate": "ABC123", "date_range": "someday"})
    assert result["isError"] is True
    assert "`date_range`" in result["content"][0]["text"]
    unknown = seed_call(server, "find_parking", {"location": "Atlantis"})
    assert unknown["isError"] is True and "gazetteer" in unknown["content"][0]["text"]
