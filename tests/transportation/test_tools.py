"""Transportation tools in-process: argument tables, answers (text and structured), refusals, query counts."""
from datetime import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from apps.accounts.principals import Principal
from apps.events.models import Event
from apps.mcp.calls import run_tool
from apps.mcp.registry import Access, registry
from apps.transportation.models import RoadIssue
from tests.transportation.conftest import local, make_alert


def year() -> int:
    return timezone.localdate().year


def test_transportation_tools_are_declared_with_their_access():
    tools = {name: tool for name, tool in registry.tools_for("transportation")}
    assert {n: tools[n].access.name for n in tools} == {
        "transit_info": "PUBLIC", "next_departures": "PUBLIC", "traffic_alerts": "PUBLIC",
        "report_road_issue": "RESIDENT", "track_road_issue": "PUBLIC", "update_road_issue": "STAFF",
        "add_road_issue_info": "RESIDENT"}
    assert tools["next_departures"].input_schema["required"] == ["stop"]
    assert tools["next_departures"].input_schema["properties"]["limit"] == {
        "type": "integer", "minimum": 1, "maximum": 20, "description": "How many departures (1–20).", "default": 5}


@pytest.mark.parametrize("arguments, errors", [
    ({}, {"stop": ["This field is required."]}),
    ({"stop": "S101", "limit": 0}, {"limit": ["Ensure this value is greater than or equal to 1."]}),
    ({"stop": "S101", "limit": 21}, {"limit": ["Ensure this value is less than or equal to 20."]}),
    ({"stop": "S101", "when": "now"}, {"when": ["Unknown argument; this tool takes: stop, route, limit."]}),
])
def test_next_departures_refuses_bad_arguments(call_tool, network, arguments, errors):
    assert call_tool("next_departures", arguments).structured["error"]["fields"] == errors


def test_next_departures_answer(call_tool, network, places, django_assert_max_num_queries):
    make_alert("Lane closure", places.main, starts_at=local(2026, 1, 1), routes=[network.bus], delay=5)
    with django_assert_max_num_queries(10):  # flat: stop, place, route, its stops, alerts, one timetable read
        result = call_tool("next_departures", {"stop": "123 Main St", "route": "route 10", "limit": 3})
    facts = result.structured
    assert facts["stop"] == {"stop_code": "S101", "name": "Downtown City Hall", "accessible": True,
                             "near_place": "123 Main St", "distance_miles": 0.07}
    assert (facts["route"], facts["count"]) == ("10", 3)
    first = facts["departures"][0]
    assert (first["route"], first["delay_minutes"], first["mode"]) == ("10", 5, "bus")
    scheduled, expected = (datetime.fromisoformat(first[k]) for k in ("scheduled", "expected"))
    checked = datetime.fromisoformat(facts["checked_at"])
    assert (expected - scheduled).total_seconds() == 300 and scheduled >= checked
    assert first["minutes_away"] == int((expected - checked).total_seconds() // 60)
    assert result.text.splitlines()[:3] == ["🚏 **Next Departures from Downtown City Hall** (route 10)", "",
                                            "📍 Nearest stop to 123 Main St: 0.1 miles away"]
    assert "running about 5 min late" in result.text


def test_next_departures_unknown_stop(call_tool, network):
    result = call_tool("next_departures", {"stop": "Old Pier"})
    assert (result.is_error, result.structured["error"]["code"]) == (True, "stop_not_found")
    assert result.text == "❌ No transit stop is within 0.5 miles of Old Pier."
    assert call_tool("next_departures", {"stop": "Nowhere at all"}).text.startswith(
        "❌ No transit stop or place is called \"Nowhere at all\".")


def test_transit_info_answers(call_tool, network, django_assert_max_num_queries):
    network_facts = call_tool("transit_info", {}).structured
    assert (network_facts["kind"], [r["code"] for r in network_facts["routes"]]) == ("network", ["10", "R"])
    assert network_facts["routes"][1] == {"code": "R", "name": "Red Line", "mode": "light_rail", "fare": "3.00",
                                          "currency": "USD"}
    with django_assert_max_num_queries(5):
        route = call_tool("transit_info", {"route": "10"})
    assert (route.structured["kind"], [s["stop_code"] for s in route.structured["stops"]]) == (
        "route", ["S100", "S101", "S104"])
    assert "- Weekdays, outbound: 49 trips, first 06:00, last 22:00, every 20 min" in route.text
    stop = call_tool("transit_info", {"stop": "central station"})
    assert (stop.structured["kind"], stop.structured["stop"]["stop_code"], len(stop.structured["departures"])) == (
        "stop", "S100", 6)
    assert call_tool("transit_info", {"stop": "S101", "route": "R"}).structured["error"]["code"] == (
        "route_not_at_stop")


def test_traffic_alerts_answers(call_tool, network, places):
    make_alert("Lane closure", places.main, starts_at=local(2026, 1, 1), routes=[network.bus], delay=5,
               detour="Use 2nd Ave.")
    near = call_tool("traffic_alerts", {"location": "123 Main St"})
    assert [(a["title"], a["active"], a["routes"], a["distance_miles"]) for a in near.structured["alerts"]] == [
        ("Lane closure", True, ["10"], 0.02)]
    assert near.text.splitlines()[0] == "🚦 **Traffic Alerts near 123 Main St: 1**"
    assert "   - Transit: route 10, delays about 5 min" in near.text and "   - Detour: Use 2nd Ave." in near.text
    quiet = call_tool("traffic_alerts", {"location": "Old Pier"})
    assert (quiet.structured["count"], quiet.text) == (0, "✅ **No traffic alerts near Old Pier right now.**")
    assert call_tool("traffic_alerts", {"area": "Mars"}).structured["error"]["code"] == "area_not_found"


@pytest.mark.parametrize("arguments, errors", [
    ({"location": "456 Oak Ave"}, {"issue_type": ["This field is required."]}),
    ({"issue_type": "pothole"}, {"location": ["This field is required."]}),
    ({"issue_type": "ufo", "location": "456 Oak Ave"}, {"issue_type": ['"ufo" is not a valid choice. Valid values: pothole, traffic_signal, streetlight, sign_damage, debris, flooding, sidewalk, road_damage, other.']}),
])
def test_report_road_issue_refuses_bad_arguments(call_tool, places, arguments, errors):
    assert call_tool("report_road_issue", arguments).structured["error"]["fields"] == errors
    assert (RoadIssue.objects.count(), Event.objects.count()) == (0, 0)


def test_report_track_and_update(call_tool, places):
    first = call_tool("report_road_issue", {"issue_type": "Traffic Light", "location": "456 Oak Ave"})
    facts = first.structured
    assert {k: facts[k] for k in ("reference", "issue_type", "priority", "merged", "report_count")} == {
        "reference": f"RD-{year()}-000001", "issue_type": "traffic_signal", "priority": "urgent", "merged": False,
        "report_count": 1}
    assert first.text.startswith(f"🚦 **Road Issue Reported**\n\n📋 **Reference: RD-{year()}-000001**")
    # The filing's text ends with the reporter's access code (issue 11, three views).
    assert "⚠️ Treat a dark signal as an all-way stop; if anyone is hurt or in danger, call 911.\n\n🔑" in first.text
    joined = call_tool("report_road_issue", {"issue_type": "traffic_signal", "location": "460 Oak Ave"})
    assert joined.text.splitlines()[:3] == [
        "🚦 **Known Issue — Your Report Was Added**", "",
        f"This traffic signal out or stuck is already reported as **RD-{year()}-000001** (less than 0.1 miles "
        "from 460 Oak Ave); 2 reports so far."]
    tracked = call_tool("track_road_issue", {"reference": facts["reference"].lower(),
                                             "access_code": facts["access_code"]})
    assert "reports" not in tracked.structured  # the other reporters' places are not the owner's to see
    staff = SimpleNamespace(listener="transportation", version="2025-11-25", client_address="127.0.0.1",
                            request_id="test", principal=Principal(name="k", key_id=1, level=Access.STAFF))
    as_staff = run_tool(registry.find_tool("transportation", "track_road_issue"),
                        {"reference": facts["reference"]}, staff)
    assert [r["location"] for r in as_staff.structured["reports"]] == ["456 Oak Ave", "460 Oak Ave"]
    updated = call_tool("update_road_issue", {"reference": facts["reference"], "status": "resolved",
                                              "note": "Signal reset"})
    assert {k: updated.structured[k] for k in ("old_status", "status", "changed", "resolution_note")} == {
        "old_status": "reported", "status": "resolved", "changed": True, "resolution_note": "Signal reset"}
    again = call_tool("update_road_issue", {"reference": facts["reference"], "status": "resolved"})
    assert again.text == f"ℹ️ Road issue {facts['reference']} is already resolved; nothing changed."
    assert call_tool("update_road_issue", {"reference": "x", "status": "fixed"}).structured["error"]["fields"] == {
        "status": ['"fixed" is not a valid choice. Valid values: reported, scheduled, in_progress, resolved.']}
