"""Environmental tools in-process: argument tables, answers (text and structured), refusals, query counts."""
from datetime import date, timedelta

import pytest
from django.utils import timezone

from apps.environmental.models import BulkPickup, EnvironmentalReport
from apps.events.models import Event
from apps.core.wording import when_text
from apps.mcp.registry import registry
from tests.environmental.conftest import fill, make_program, next_bulk_days


def year() -> int:
    return timezone.localdate().year


def test_environmental_tools_are_declared_with_their_access():
    tools = {name: tool for name, tool in registry.tools_for("environmental")}
    assert {n: tools[n].access.name for n in tools} == {
        "waste_schedule": "PUBLIC", "schedule_bulk_pickup": "RESIDENT", "file_environmental_report": "RESIDENT",
        "track_environmental_report": "PUBLIC", "sustainability_programs": "PUBLIC", "track_bulk_pickup": "PUBLIC",
        "cancel_bulk_pickup": "RESIDENT", "add_report_info": "RESIDENT"}
    items = tools["schedule_bulk_pickup"].input_schema["properties"]["items"]
    assert (items["minItems"], items["maxItems"], items["items"]["maxLength"]) == (1, 10, 60)


def test_waste_schedule_answer(call_tool, city, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        result = call_tool("waste_schedule", {"address": "456 Oak Ave"})
    facts = result.structured
    assert (facts["address"], facts["area"], facts["matched_by"]) == (
        "456 Oak Ave", {"code": "WS", "name": "Westside"}, "street")
    assert [(s["stream"], s["weekday"], s["frequency"]) for s in facts["streams"]] == [
        ("trash", "Tuesday", "weekly"), ("recycling", "Tuesday", "biweekly"), ("compost", "Tuesday", "weekly")]
    assert facts["bulk_pickup"] == {"weekday": "Wednesday", "next_available": next_bulk_days(city.west)[0].isoformat(),
                                    "capacity_per_day": 2}
    assert result.text.splitlines()[:3] == ["🗑️ **Waste Collection at 456 Oak Ave**", "",
                                            "- Collection area: Westside (WS)"]
    assert call_tool("waste_schedule", {}).structured["error"]["fields"] == {"address": ["This field is required."]}


@pytest.mark.parametrize("arguments, errors", [
    ({"items": ["sofa"]}, {"address": ["This field is required."]}),
    ({"address": "456 Oak Ave", "items": []}, {"items": ["Ensure this field has at least 1 elements."]}),
    ({"address": "456 Oak Ave", "items": ["x"] * 11}, {"items": ["Ensure this field has no more than 10 elements."]}),
    ({"address": "456 Oak Ave", "items": "sofa"}, {"items": ['Expected an array, got the string "sofa".']}),
    ({"address": "456 Oak Ave", "items": ["sofa"], "preferred_date": "next week"},
     {"preferred_date": ["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."]}),
])
def test_schedule_bulk_pickup_refuses_bad_arguments(call_tool, city, arguments, errors):
    assert call_tool("schedule_bulk_pickup", arguments).structured["error"]["fields"] == errors
    assert (BulkPickup.objects.count(), Event.objects.count()) == (0, 0)


def test_schedule_bulk_pickup_answer(call_tool, city):
    days = next_bulk_days(city.west)
    fill(city.west, days[0])
    result = call_tool("schedule_bulk_pickup", {"address": "456 Oak Ave", "items": ["sofa", "mattress"],
                                                "preferred_date": days[0].isoformat(), "idempotency_key": "k"})
    facts = result.structured
    assert {k: facts[k] for k in ("reference", "status", "area", "items", "scheduled_for", "preferred_date",
                                  "moved_from_preferred", "fee", "currency", "replayed")} == {
        "reference": f"BP-{year()}-000001", "status": "scheduled", "area": "Westside", "items": ["sofa", "mattress"],
        "scheduled_for": days[1].isoformat(), "preferred_date": days[0].isoformat(), "moved_from_preferred": True,
        "fee": "0.00", "currency": "USD", "replayed": False}
    assert f"- 📅 Pickup day: **{when_text(days[1])}**" in result.text
    assert facts["moved_reason"] == "full"
    assert (f"- {days[0]:%A}, {days[0]:%B} {days[0].day} is fully booked; the next bulk day with room is "
            f"{when_text(days[1])}.") in result.text
    assert "- Fee: $0.00 (free)" in result.text
    again = call_tool("schedule_bulk_pickup", {"address": "456 Oak Ave", "items": ["sofa"], "idempotency_key": "k"})
    assert again.structured["error"]["code"] == "idempotency_key_reused"  # another request, same key
    refused = call_tool("schedule_bulk_pickup", {"address": "456 Oak Ave", "items": ["Old TV"]})
    assert refused.text == "❌ \"Old TV\" is not collected at bulk pickups. TVs are e-waste."


@pytest.mark.parametrize("arguments, errors", [
    ({"location": "Main St", "description": "x"}, {"report_type": ["This field is required."]}),
    ({"report_type": "ghosts", "location": "Main St", "description": "x"},
     {"report_type": ['"ghosts" is not a valid choice. Valid values: illegal_dumping, air_quality, water_pollution, hazardous_spill, odor, littering, tree_damage, other.']}),
    ({"report_type": "odor", "location": "Main St"}, {"description": ["This field is required."]}),
])
def test_file_report_refuses_bad_arguments(call_tool, city, arguments, errors):
    assert call_tool("file_environmental_report", arguments).structured["error"]["fields"] == errors
    assert EnvironmentalReport.objects.count() == 0


def test_file_and_track_a_report(call_tool, city, django_assert_max_num_queries):
    filed = call_tool("file_environmental_report", {"report_type": "Illegal Dumping", "location": "456 Oak Ave",
                                                    "description": "Mattresses on the sidewalk"})
    facts = filed.structured
    assert {k: facts[k] for k in ("reference", "report_type", "priority", "status", "location", "replayed")} == {
        "reference": f"ENV-{year()}-000001", "report_type": "illegal_dumping", "priority": "normal",
        "status": "filed", "location": "456 Oak Ave", "replayed": False}
    assert filed.text.startswith(f"🌱 **Environmental Report Filed**\n\n📋 **Reference: ENV-{year()}-000001**")
    with django_assert_max_num_queries(3):  # +1: the filer's access code is checked (issue 11)
        tracked = call_tool("track_environmental_report", {"reference": facts["reference"].lower(),
                                                           "access_code": facts["access_code"]})
    assert [e["status"] for e in tracked.structured["timeline"]] == ["filed"]
    assert tracked.structured["description"] == "Mattresses on the sidewalk"
    public = call_tool("track_environmental_report", {"reference": facts["reference"]})
    assert "description" not in public.structured and "location" not in public.structured
    assert "Mattresses" not in public.text and "456 Oak Ave" not in public.text
    spill = call_tool("file_environmental_report", {"report_type": "spill", "location": "Main St",
                                                    "description": "Oil"})
    assert ("⚠️ Keep away from the spill; if anyone is exposed or it is spreading, call 911.\n\n🔑 **Access code: "
            in spill.text)


def test_sustainability_programs(call_tool, db):
    make_program("compost-rebate", rebate="50.00")
    make_program("solar", category="energy", rebate="500.00", deadline=date(2099, 12, 31))
    make_program("tree-planting", category="trees")
    every = call_tool("sustainability_programs", {})
    assert (every.structured["count"], every.structured["total_rebates_available"]) == (3, "550.00")
    assert [p["slug"] for p in every.structured["programs"]] == ["compost-rebate", "solar", "tree-planting"]
    assert "💰 **Up to $550.00 in rebates across these programs.**" in every.text
    energy = call_tool("sustainability_programs", {"category": "Energy"})
    assert [p["rebate_amount"] for p in energy.structured["programs"]] == ["500.00"]
    assert "   - ⏰ Apply by Thursday, December 31, 2099" in energy.text
    none = call_tool("sustainability_programs", {"category": "water"})
    assert none.text == "ℹ️ No sustainability programs (Water) are open for enrollment right now."
    assert call_tool("sustainability_programs", {"category": "crypto"}).structured["error"]["fields"] == {
        "category": ['"crypto" is not a valid choice. Valid values: recycling, composting, energy, water, transportation, trees, education.']}


# --- issue 15: track and cancel a pickup, overdue reports, the moved clock -----------------
@pytest.fixture
def clock(monkeypatch, settings):
    """Move "today" for one test (civicmind/clock.py); the suite's frozen day comes back afterwards."""
    from civicmind.clock import clock_shift_to

    monkeypatch.setattr(timezone, "now", timezone.now)
    return lambda day: clock_shift_to(day, settings.TIME_ZONE)


def _book(call_tool) -> dict:
    return call_tool("schedule_bulk_pickup", {"address": "456 Oak Ave", "items": ["sofa"]}).structured


def test_a_preferred_date_inside_the_lead_time_says_so(call_tool, city):
    today = timezone.localdate()
    result = call_tool("schedule_bulk_pickup", {"address": "456 Oak Ave", "items": ["sofa"],
                                                "preferred_date": today.isoformat()})
    assert result.structured["moved_reason"] == "too_soon"
    assert "is too soon: crews need 2 days of notice to plan a route." in result.text


def test_cancel_bulk_pickup_is_refused_once_collected(call_tool, city):
    from apps.environmental.services import bulk_pickup_status_update

    booked = _book(call_tool)
    bulk_pickup_status_update(reference=booked["reference"], status="completed", actor="crew")
    refused = call_tool("cancel_bulk_pickup", {"reference": booked["reference"], "access_code": booked["access_code"]})
    assert refused.structured["error"]["code"] == "pickup_not_cancellable"
    assert refused.text == (f"❌ Bulk pickup {booked['reference']} is completed; the crew collected the items; there "
                            "is nothing to cancel.")
    assert Event.objects.filter(type="pickup.cancelled").count() == 0


def test_cancel_bulk_pickup_is_refused_from_the_pickup_day_on(call_tool, city, clock):
    booked = _book(call_tool)
    day = date.fromisoformat(booked["scheduled_for"])
    clock(day)
    refused = call_tool("cancel_bulk_pickup", {"reference": booked["reference"], "access_code": booked["access_code"]})
    assert refused.structured["error"]["code"] == "pickup_not_cancellable"
    assert f"was for {day:%A}, {day:%B} {day.day}, which has passed" in refused.text
    assert BulkPickup.objects.get(reference=booked["reference"]).status == "scheduled"


def test_a_pickup_whose_day_passed_unrecorded_is_flagged(call_tool, city, clock):
    booked = _book(call_tool)
    day = date.fromisoformat(booked["scheduled_for"])
    assert call_tool("track_bulk_pickup", {"reference": booked["reference"]}).structured["overdue"] is False
    clock(day + timedelta(days=3))
    tracked = call_tool("track_bulk_pickup", {"reference": booked["reference"]})
    assert (tracked.structured["overdue"], tracked.structured["days_overdue"]) == (True, 3)
    assert "- ⏰ **Overdue:** the pickup day passed 3 days ago without the crew recording it." in tracked.text
    assert f"— overdue by 3 days" in tracked.text


def test_a_report_past_its_response_date_is_flagged(call_tool, city, clock):
    filed = call_tool("file_environmental_report", {"report_type": "littering", "location": "Main St",
                                                    "description": "Litter."}).structured
    respond_by = date.fromisoformat(filed["respond_by"])
    clock(respond_by)
    assert call_tool("track_environmental_report", {"reference": filed["reference"]}).structured["overdue"] is False
    clock(respond_by + timedelta(days=1))
    tracked = call_tool("track_environmental_report", {"reference": filed["reference"]})
    assert (tracked.structured["overdue"], tracked.structured["days_overdue"]) == (True, 1)
    assert tracked.structured["next_step"].startswith("The response date passed 1 day ago without an inspector's "
                                                      "answer.")
    owner = call_tool("track_environmental_report", {"reference": filed["reference"],
                                                     "access_code": filed["access_code"]})
    assert f"- Respond by: {respond_by:%A}, {respond_by:%B} {respond_by.day} — overdue by 1 day ⏰" in owner.text


def test_add_report_info_is_for_the_filer_of_an_open_report(call_tool, city):
    from apps.environmental.services import environmental_report_status_update

    filed = call_tool("file_environmental_report", {"report_type": "odor", "location": "Main St",
                                                    "description": "Smell."}).structured
    stranger = call_tool("add_report_info", {"reference": filed["reference"], "access_code": "AAAAA-BBBBB",
                                             "text": "More."})
    assert (stranger.structured["error"]["code"], stranger.structured["error"]["field"]) == ("not_owner",
                                                                                             "access_code")
    environmental_report_status_update(reference=filed["reference"], status="closed", actor="staff")
    closed = call_tool("add_report_info", {"reference": filed["reference"], "access_code": filed["access_code"],
                                           "text": "More."})
    assert closed.structured["error"]["code"] == "report_closed"
    assert Event.objects.filter(type="environmental_report.info_added").count() == 0
