"""The demo city through the real server: departures and road issues, plain HTTP and the official SDK."""
import asyncio

import jsonschema
from mcp import Client

from apps.accounts.services import api_key_create
from apps.events.models import Event
from apps.transportation.models import RoadIssue
from tests.helpers.rpc import STRUCTURED_HEADERS, output_schema, rpc


def test_departures_and_alerts_over_plain_http(server, demo_city):
    url = server.mcp_url("transportation")
    bare = rpc(url, "tools/call", {"name": "next_departures", "arguments": {"stop": "Downtown City Hall"}})["result"]
    assert bare["isError"] is False
    assert bare["content"][0]["text"].startswith("🚏 **Next Departures from Downtown City Hall**")
    departures = rpc(url, "tools/call", {"name": "next_departures", "arguments": {"stop": "Downtown", "limit": 8}},
                     headers=STRUCTURED_HEADERS)["result"]["structuredContent"]
    jsonschema.validate(departures, output_schema(url, "next_departures"))
    assert departures["stop"]["stop_code"] == "S101" and departures["count"] == 8
    assert {d["route"] for d in departures["departures"]} <= {"10", "22"}
    alerts = rpc(url, "tools/call", {"name": "traffic_alerts", "arguments": {"area": "Harbor District"}},
                 headers=STRUCTURED_HEADERS)["result"]["structuredContent"]
    jsonschema.validate(alerts, output_schema(url, "traffic_alerts"))
    assert [a["title"] for a in alerts["alerts"]] == ["Harbor Blvd closed at Pier 9 for bridge repair"]


def test_official_sdk_reports_a_road_issue_and_staff_schedule_it(server, demo_city, django_user_model):
    async def session() -> tuple:
        async with Client(server.mcp_url("transportation"), mode="legacy") as client:
            joined = await client.call_tool("report_road_issue", {"issue_type": "pothole",
                                                                  "location": "458 Oak Ave"})
            route = await client.call_tool("transit_info", {"route": "Red Line"})
            return joined, route

    joined, route = asyncio.run(session())
    # The SDK validates structuredContent against the published outputSchema itself.
    assert (joined.structured_content["reference"], joined.structured_content["merged"],
            joined.structured_content["report_count"]) == ("RD-2026-000101", True, 3)
    assert [s["stop_code"] for s in route.structured_content["stops"]] == ["S100", "S300", "S301"]
    owner = django_user_model.objects.create_user(username="road-crew", password="x" * 20)
    key = api_key_create(name="road crew", owner=owner, domains=["transportation"], access_level="staff")
    updated = rpc(server.mcp_url("transportation"), "tools/call", {"name": "update_road_issue", "arguments": {
        "reference": "RD-2026-000102", "status": "in_progress", "note": "Crew replacing the lamp."}},
        headers={**STRUCTURED_HEADERS, "X-API-Key": key.raw_key})["result"]
    assert (updated["isError"], updated["structuredContent"]["status"]) == (False, "in_progress")
    assert RoadIssue.objects.get(reference="RD-2026-000102").updated_by == "api-key:road crew"
    assert Event.objects.get(type="road_issue.reported").data["report_count"] == 3


def test_reporter_adds_information_over_the_real_server(server, demo_city):
    """Issue 15: add_road_issue_info through the real endpoint; departures in the order they arrive."""
    url = server.mcp_url("transportation")
    filed = rpc(url, "tools/call", {"name": "report_road_issue", "arguments": {
        "issue_type": "sidewalk", "location": "123 Main St"}},
        headers=STRUCTURED_HEADERS)["result"]["structuredContent"]
    added = rpc(url, "tools/call", {"name": "add_road_issue_info", "arguments": {
        "reference": filed["reference"].lower(), "access_code": filed["access_code"],
        "text": "The slab is lifted 3 inches."}}, headers=STRUCTURED_HEADERS)["result"]
    assert added["isError"] is False, added["content"][0]["text"]
    jsonschema.validate(added["structuredContent"], output_schema(url, "add_road_issue_info"))
    assert Event.objects.get(type="road_issue.info_added").data["reference"] == filed["reference"]
    stranger = rpc(url, "tools/call", {"name": "add_road_issue_info", "arguments": {
        "reference": "RD-2026-000101", "access_code": filed["access_code"], "text": "Spam"}},
        headers=STRUCTURED_HEADERS)["result"]
    assert (stranger["isError"], stranger["structuredContent"]["error"]["code"]) == (True, "owner_proof_required")
    info = rpc(url, "tools/call", {"name": "transit_info", "arguments": {"stop": "Downtown City Hall"}},
               headers=STRUCTURED_HEADERS)["result"]["structuredContent"]
    expected = [d["expected"] for d in info["departures"]]
    assert expected == sorted(expected) and len(expected) == 6
    tracked = rpc(url, "tools/call", {"name": "track_road_issue", "arguments": {"reference": "rd-2026-103"}},
                  headers=STRUCTURED_HEADERS)["result"]["structuredContent"]
    assert (tracked["reference"], tracked["overdue"], tracked["days_overdue"]) == ("RD-2026-000103", True, 1)
