"""plan_business_opening through the real server, against the demo city.

A permitted, a conditional and a prohibited case and a too-early opening date, each checked
against facts worked out here from the demo data (fee schedules, the parking ratio, the
Board's second-Tuesday meetings), not read back from the planner.
"""
import asyncio
import json
from datetime import date, timedelta

import httpx
import jsonschema
import pytest
from django.conf import settings
from django.utils import timezone
from mcp import Client

STRUCTURED = {"MCP-Protocol-Version": "2025-06-18"}
PERMITTED = {"address": "123 Main Street", "business_type": "restaurant", "seating_capacity": 40,
             "serves_alcohol": True}


def call(url: str, name: str, arguments: dict) -> dict:
    response = httpx.post(url, json={"jsonrpc": "2.0", "id": 1, "method": "tools/call",
                                     "params": {"name": name, "arguments": arguments}}, headers=STRUCTURED, timeout=60)
    assert response.status_code == 200, response.text
    return response.json()["result"]


def tool_names(url: str) -> list[str]:
    response = httpx.post(url, json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"}, timeout=30)
    return [tool["name"] for tool in response.json()["result"]["tools"]]


def next_board_meeting(today: date) -> date:
    """The first second-Tuesday of a month at least the notice period after today."""
    day = today + timedelta(days=settings.ZONING_HEARING_NOTICE_DAYS)
    while not (day.weekday() == 1 and 8 <= day.day <= 14):
        day += timedelta(days=1)
    return day


def open_day_after(review_end: date) -> date:
    """Fire inspection on the first weekday after the last review, opening the day after."""
    inspection = review_end + timedelta(days=1)
    while inspection.weekday() >= 5:
        inspection += timedelta(days=1)
    return inspection + timedelta(days=1)


def amounts(items) -> list[str]:
    return [item["amount"] for item in items]


def test_served_on_zoning_permits_and_all_domains(server):
    for domain in ("zoning", "permits"):
        assert "plan_business_opening" in tool_names(server.mcp_url(domain)), domain
    for domain in ("parking", "noise"):
        assert "plan_business_opening" not in tool_names(server.mcp_url(domain)), domain
    everything = tool_names(server.mcp_url(None))
    assert "business_plan_business_opening" in everything
    assert "parking_analyze_requirements" in everything
    assert not any(name.endswith("_plan_business_opening") and name != "business_plan_business_opening"
                   for name in everything)


def test_permitted_restaurant_with_alcohol(server, demo_city):
    result = call(server.mcp_url("zoning"), "plan_business_opening", PERMITTED)
    assert result["isError"] is False
    plan = result["structuredContent"]
    assert (plan["zoning"]["status"], plan["zoning"]["path"], plan["zoning"]["hearing_date"]) == (
        "permitted", "none", None)
    licence, building, sign = plan["permits"]
    # The demo fee schedules: licence $125, health permit $275, liquor review $450, fire inspection $95.
    assert amounts(licence["fees"]) == ["125.00", "275.00", "450.00", "95.00"]
    assert (licence["fee_total"], building["fee_total"], sign["fee_total"]) == ("945.00", "450.00", "150.00")
    assert {"food_service_plan", "liquor_application"} <= {doc["code"] for doc in licence["documents"]}
    assert plan["fees"]["total"] == "1545.00"
    assert sum(float(a) for a in amounts(plan["fees"]["items"])) == 1545.00
    parking = plan["parking"]
    assert (parking["required_spaces"], parking["ratio"]) == (10, "1 per 4 seats")  # 40 seats at 1 per 4
    assert parking["spaces_free_at_peak"] == sum(f["spaces_available"] for f in parking["facilities"]
                                                 if f["peak_cost"] == "0.00")
    assert parking["on_site_with_variance"] == 10 - parking["spaces_free_at_peak"]
    assert (plan["fire_code"]["occupancy_group"], plan["fire_code"]["exits"]) == ("B", 1)
    assert (plan["noise"]["ordinance_code"], plan["noise"]["quiet_hours_start"]) == ("CCMC 8.28.030", "22:00")
    today = timezone.localdate()
    assert plan["timeline"]["earliest_opening"] == open_day_after(today + timedelta(days=42)).isoformat()
    text = result["content"][0]["text"]
    assert "✅ **Permitted** in C-1" in text and "💰 **Total fees: $1,545.00** (estimated)" in text


def test_conditional_restaurant_over_the_by_right_seats(server, demo_city):
    plan = call(server.mcp_url("permits"), "plan_business_opening",
                {"address": "123 Main St", "business_type": "restaurant", "seating_capacity": 80})["structuredContent"]
    hearing = next_board_meeting(timezone.localdate())
    assert (plan["zoning"]["status"], plan["zoning"]["verdict"], plan["zoning"]["path"]) == (
        "conditional", "over_by_right", "conditional_use_permit")
    assert plan["zoning"]["hearing_date"] == hearing.isoformat()
    assert plan["fees"]["total"] == "1095.00"  # no liquor review: 495 + 450 + 150
    assert plan["parking"]["required_spaces"] == 20
    assert (plan["fire_code"]["occupancy_group"], plan["fire_code"]["exits"]) == ("A-2", 2)
    assert plan["timeline"]["depends_on_hearing"] is True
    assert plan["timeline"]["earliest_opening"] == open_day_after(hearing + timedelta(days=42)).isoformat()


def test_prohibited_restaurant_in_a_residential_district(server, demo_city):
    result = call(server.mcp_url(None), "business_plan_business_opening",
                  {"address": "456 Oak Ave", "business_type": "restaurant", "seating_capacity": 40})
    plan = result["structuredContent"]
    assert (plan["zoning"]["district"], plan["zoning"]["status"], plan["zoning"]["path"]) == (
        "R-1", "prohibited", "use_variance")
    assert plan["zoning"]["hearing_date"] == next_board_meeting(timezone.localdate()).isoformat()
    assert plan["zoning"]["application_fee"] == "1200.00"
    assert plan["zoning"]["permitted_in"] == ["C-1", "C-2"]
    assert plan["fees"]["items"][0] == {"label": "Use variance application", "amount": "1200.00"}
    assert plan["fees"]["total"] == "2295.00"
    licence = plan["permits"][0]
    assert licence["requirements_met"] is False and "Residential zoning (R-1)" in licence["unmet_requirements"][0]
    assert plan["noise"]["ordinance_code"] == "CCMC 8.28.010"
    assert "❌ **Not permitted** in R-1" in result["content"][0]["text"]


def test_an_opening_date_too_early_is_said_plainly(server, demo_city):
    today = timezone.localdate()
    wanted = today + timedelta(days=14)
    result = call(server.mcp_url("permits"), "plan_business_opening", {**PERMITTED, "opening_date": wanted.isoformat()})
    timeline = result["structuredContent"]["timeline"]
    earliest = open_day_after(today + timedelta(days=42))
    assert (timeline["meets_opening_date"], timeline["days_short"]) == (False, (earliest - wanted).days)
    assert f"cannot be met**: it is {(earliest - wanted).days} days before" in result["content"][0]["text"]
    later = call(server.mcp_url("zoning"), "plan_business_opening",
                 {**PERMITTED, "opening_date": earliest.isoformat()})["structuredContent"]["timeline"]
    assert (later["meets_opening_date"], later["days_short"]) == (True, 0)


@pytest.mark.parametrize("arguments, field", [
    ({**PERMITTED, "opening_date": "2020-01-01"}, "opening_date"),
    ({**PERMITTED, "opening_date": "next spring"}, "opening_date"),
    ({**PERMITTED, "business_type": "spaceport"}, "business_type"),
    ({**PERMITTED, "seating_capacity": 0}, "seating_capacity"),
    ({"business_type": "restaurant"}, "address"),
])
def test_bad_arguments_name_the_argument(server, arguments, field):
    result = call(server.mcp_url("zoning"), "plan_business_opening", arguments)
    assert result["isError"] is True
    assert list(result["structuredContent"]["error"]["fields"]) == [field]


def test_unknown_address_is_an_answer_naming_address(server, demo_city):
    result = call(server.mcp_url("zoning"), "plan_business_opening", {**PERMITTED, "address": "Nowhere Plaza"})
    assert result["isError"] is True
    assert result["structuredContent"]["error"]["field"] == "address"


def test_official_sdk_reads_the_tool_prompt_and_resource(server, demo_city):
    async def session():
        async with Client(server.mcp_url("zoning"), mode="legacy") as client:
            planned = await client.call_tool("plan_business_opening", PERMITTED)
            prompt = await client.get_prompt("open_a_business", {"address": "123 Main St",
                                                                 "business_type": "restaurant"})
            resource = await client.read_resource("civicmind://business/opening-plans/cafe/77%202nd%20Ave")
            return planned, prompt, resource

    planned, prompt, resource = asyncio.run(session())
    assert planned.structured_content["fees"]["total"] == "1545.00"  # validated against outputSchema by the SDK
    steps = prompt.messages[1].content.text
    assert "plan_business_opening with address=\"123 Main St\"" in steps and "get_requirements" in steps
    plan = json.loads(resource.contents[0].text)
    assert (plan["resolved_address"], plan["zoning"]["district"], plan["zoning"]["status"]) == (
        "77 2nd Ave", "C-1", "permitted")
    assert plan["permits"][1]["required"] is True  # a café's kitchen build-out


def test_the_structured_answer_validates_against_the_published_schema(server, demo_city):
    url = server.mcp_url("permits")
    tools = httpx.post(url, json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"}, headers=STRUCTURED,
                       timeout=30).json()["result"]["tools"]
    schema = next(tool for tool in tools if tool["name"] == "plan_business_opening")["outputSchema"]
    for arguments in (PERMITTED, {"address": "456 Oak Ave", "business_type": "retail", "floor_area_sqft": 1200}):
        jsonschema.validate(call(url, "plan_business_opening", arguments)["structuredContent"], schema)
