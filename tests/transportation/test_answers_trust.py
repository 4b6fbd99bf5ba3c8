"""Issue 15, "answers a resident can trust": departures in arrival order, no stale repair dates, overdue flags.

Repros from the demo city; each failed on the code before the fix (departures sorted by
their timetable time, "Repair scheduled" beside "Resolved", a passed response date
worded like any other, "0.04 miles" beside "0.1 miles").
"""
import datetime as dt

from apps.transportation.selectors import transit_info
from apps.transportation.services import road_issue_status_update
from tests.helpers.demo import demo_fixture
from tests.helpers.today import clock_moved_to
from tests.transportation.conftest import local

demo_transportation = demo_fixture("transportation")


# --- 4. departures in the order they arrive -------------------------------------------
def test_transit_info_lists_departures_by_expected_time(demo_transportation):
    info = transit_info(stop="Downtown City Hall", at=local(2026, 11, 23, 7, 0))
    expected = [d.expected for d in info.departures]
    assert expected == sorted(expected)
    # Route 22's 7:01 runs 10 minutes late behind the bridge detour: route 10's 7:04 (+5) arrives first.
    assert [(d.route.code, f"{d.scheduled:%H:%M}", f"{d.expected:%H:%M}") for d in info.departures[:2]] == [
        ("10", "07:04", "07:09"), ("22", "07:01", "07:11")]


def test_transit_info_text_follows_the_expected_order(call_tool, demo_transportation):
    result = call_tool("transit_info", {"stop": "Downtown City Hall"})
    expected = [d["expected"] for d in result.structured["departures"]]
    assert expected == sorted(expected)
    shown = [line for line in result.text.splitlines() if line[:2] in {f"{n}." for n in range(1, 7)}]
    assert len(shown) == len(expected) == 6


# --- 1. references as typed ------------------------------------------------------------
def test_track_road_issue_finds_a_reference_as_typed(call_tool, demo_transportation):
    result = call_tool("track_road_issue", {"reference": "rd-2026-101"})
    assert (result.is_error, result.structured["reference"]) == (False, "RD-2026-000101")


# --- 3. a resolved issue keeps no pending schedule ---------------------------------------
def test_a_resolved_issue_shows_no_pending_repair(call_tool, demo_transportation):
    road_issue_status_update(reference="RD-2026-000101", status="resolved", actor="staff:roads",
                             note="Pothole filled.")
    result = call_tool("track_road_issue", {"reference": "RD-2026-000101"})
    facts = result.structured
    assert (facts["status"], facts["scheduled_for"], facts["overdue"]) == ("resolved", None, False)
    assert "Repair scheduled:" not in result.text
    assert "- Resolved: Tuesday, November 24 at " in result.text
    # The history keeps the date it had been scheduled for.
    assert [entry["note"] for entry in facts["timeline"]][1] == "Repair scheduled for November 30, 2026."


def test_an_open_issue_still_shows_its_repair_date(call_tool, demo_transportation):
    result = call_tool("track_road_issue", {"reference": "RD-2026-000101"})
    assert result.structured["scheduled_for"] == "2026-11-30"
    assert "- Repair scheduled: Monday, November 30" in result.text.splitlines()


# --- 5. open issues past the date crews respond by ------------------------------------------
def test_an_open_issue_past_its_response_date_is_overdue(call_tool, demo_transportation):
    late = call_tool("track_road_issue", {"reference": "RD-2026-000103"})  # respond by Nov 23, crew still working
    assert (late.structured["overdue"], late.structured["days_overdue"]) == (True, 1)
    assert "- ⚠️ Crews respond by: Monday, November 23 — overdue by 1 day" in late.text.splitlines()
    on_time = call_tool("track_road_issue", {"reference": "RD-2026-000101"})
    assert (on_time.structured["overdue"], on_time.structured["days_overdue"]) == (False, 0)
    assert "- Crews respond by: Wednesday, November 25 (tomorrow)" in on_time.text.splitlines()
    done = call_tool("track_road_issue", {"reference": "RD-2026-000104"})  # resolved: its target is history
    assert (done.structured["overdue"], done.structured["days_overdue"]) == (False, 0)
    assert "- Response target: Wednesday, November 18 (met)" in done.text.splitlines()


def test_crews_respond_by_becomes_overdue_when_the_day_passes(call_tool, demo_transportation):
    with clock_moved_to(dt.date(2026, 12, 1)):
        result = call_tool("track_road_issue", {"reference": "RD-2026-000101"})
    assert (result.structured["overdue"], result.structured["days_overdue"]) == (True, 6)
    assert "- ⚠️ Crews respond by: Wednesday, November 25 — overdue by 6 days" in result.text.splitlines()
