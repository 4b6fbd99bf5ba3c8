"""Safety tools in-process: argument tables, answers (text and structured), refusals, query counts."""
from datetime import timedelta

import pytest
from django.utils import timezone

from apps.events.models import Event
from apps.mcp.registry import registry
from apps.safety.models import Incident

SEED = {"business_type": "restaurant", "capacity": 40}


def year() -> int:
    return timezone.localdate().year


def test_safety_tools_are_declared_with_their_access():
    tools = {name: tool for name, tool in registry.tools_for("safety")}
    assert {n: tools[n].access.name for n in tools} == {
        "get_requirements": "PUBLIC", "report_incident": "RESIDENT", "incident_status": "PUBLIC",
        "dispatch_resources": "STAFF", "list_units": "PUBLIC"}
    assert tools["get_requirements"].input_schema["required"] == ["business_type", "capacity"]
    unit_types = tools["dispatch_resources"].input_schema["properties"]["unit_types"]
    assert (unit_types["maxItems"], unit_types["items"]["enum"]) == (
        8, ["fire_engine", "ladder_truck", "ambulance", "police", "hazmat"])
    assert tools["dispatch_resources"].annotations["idempotentHint"] is True


# --- get_requirements --------------------------------------------------------------------
@pytest.mark.parametrize("arguments", [SEED, {"business_type": "Pizzeria", "capacity": 40},
                                       {"business_type": "restaurant", "capacity": 40, "floor_area_sqft": 2500}])
def test_get_requirements_accepts(call_tool, fire_code, arguments):
    result = call_tool("get_requirements", arguments)
    assert (result.is_error, result.structured["occupancy_group"]) == (False, "B")


@pytest.mark.parametrize("arguments, errors", [
    ({"business_type": "restaurant"}, {"capacity": ["This field is required."]}),
    ({"capacity": 40}, {"business_type": ["This field is required."]}),
    ({"business_type": "spaceport", "capacity": 40}, {"business_type": ['"spaceport" is not a valid choice. Valid values: restaurant, cafe, bar, event_venue, place_of_worship, fitness, retail, grocery, office, medical_clinic, school, daycare, hotel, warehouse, manufacturing, auto_repair.']}),
    ({"business_type": "restaurant", "capacity": 0},
     {"capacity": ["Ensure this value is greater than or equal to 1."]}),
    ({"business_type": "restaurant", "capacity": 40, "floor_area_sqft": -5},
     {"floor_area_sqft": ["Ensure this value is greater than or equal to 1."]}),
])
def test_get_requirements_refuses_bad_arguments(call_tool, fire_code, arguments, errors):
    assert call_tool("get_requirements", arguments).structured["error"]["fields"] == errors


def test_get_requirements_seed_answer(call_tool, fire_code, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        result = call_tool("get_requirements", SEED)
    facts = result.structured
    assert {k: facts[k] for k in ("business_type", "capacity", "occupancy_group", "occupancy_label", "exits_required",
                                  "sprinklers_required", "fire_alarm_required", "kitchen_suppression_required",
                                  "extinguishers_min", "inspection_interval_months")} == {
        "business_type": "restaurant", "capacity": 40, "occupancy_group": "B", "occupancy_label": "Business",
        "exits_required": 1, "sprinklers_required": False, "fire_alarm_required": False,
        "kitchen_suppression_required": True, "extinguishers_min": 2, "inspection_interval_months": 24}
    assert [(r["category"], r["required"], r["quantity"]) for r in facts["requirements"]] == [
        ("exits", True, 1), ("sprinklers", False, None), ("extinguishers", True, 1), ("extinguishers", True, 1),
        ("kitchen_suppression", True, None), ("inspections", True, None), ("inspections", True, None)]
    assert result.text.splitlines()[:4] == [
        "🚨 **Fire & Life-Safety Requirements: Restaurant (40 occupants)**", "",
        "🏢 **Occupancy Classification: Group B — Business** (IBC 303.1.1)", ""]
    assert "🚪 **Exits:**\n- 1 exit: One exit. (IFC 1006.2.1)" in result.text
    assert "- Not required: Not for B. (IFC 1)" in result.text
    assert ("✅ **Summary:** 1 exit, sprinklers not required, fire alarm not required, at least 2 "
            "extinguishers, inspected every 24 months.") in result.text
    assert "2. Give floor_area_sqft to size the extinguisher count to your floor area." in result.text


def test_get_requirements_large_assembly(call_tool, fire_code):
    facts = call_tool("get_requirements", {"business_type": "restaurant", "capacity": 320,
                                           "floor_area_sqft": 7000}).structured
    assert (facts["occupancy_group"], facts["exits_required"], facts["sprinklers_required"],
            facts["fire_alarm_required"], facts["extinguishers_min"], facts["inspection_interval_months"]) == (
        "A-2", 2, True, True, 4, 12)


def test_get_requirements_without_a_rule(call_tool, fire_code):
    result = call_tool("get_requirements", {"business_type": "hotel", "capacity": 10})
    assert (result.is_error, result.structured["error"]["code"]) == (True, "no_occupancy_rule")


# --- report_incident / incident_status ---------------------------------------------------
@pytest.mark.parametrize("arguments, errors", [
    ({"location": "123 Main St", "description": "x"}, {"incident_type": ["This field is required."]}),
    ({"incident_type": "alien", "location": "123 Main St", "description": "x"},
     {"incident_type": ['"alien" is not a valid choice. Valid values: fire, medical, traffic_accident, crime, hazmat, gas_leak, suspicious_activity, welfare_check, other.']}),
    ({"incident_type": "fire", "location": "123 Main St"}, {"description": ["This field is required."]}),
    ({"incident_type": "fire", "location": "123 Main St", "description": "x", "priority": "asap"},
     {"priority": ['"asap" is not a valid choice. Valid values: critical, high, normal, low.']}),
])
def test_report_incident_refuses_bad_arguments(call_tool, units, arguments, errors):
    assert call_tool("report_incident", arguments).structured["error"]["fields"] == errors
    assert (Incident.objects.count(), Event.objects.count()) == (0, 0)


def test_report_incident_answer(call_tool, units, django_assert_max_num_queries):
    with django_assert_max_num_queries(16):  # flat: savepoints, the year's first counter, the outbox lock, units, access code
        result = call_tool("report_incident", {"incident_type": "Car Accident", "location": "456 Oak Avenue",
                                               "description": "Two cars, one person hurt"})
    facts = result.structured
    assert {k: facts[k] for k in ("reference", "incident_type", "priority", "status", "location", "replayed")} == {
        "reference": f"INC-{year()}-000001", "incident_type": "traffic_accident", "priority": "high",
        "status": "reported", "location": "456 Oak Ave", "replayed": False}
    assert [(u["call_sign"], u["distance_miles"], u["eta_minutes"]) for u in facts["nearest_available_units"]] == [
        ("P-11", 0.55, 2), ("M-1", 0.5, 1)]
    assert result.text.splitlines()[:5] == ["🚨 **Incident Reported**", "",
                                            "⚠️ If anyone is in danger right now, call 911.", "",
                                            f"📋 **Reference: INC-{year()}-000001**"]
    assert "1. 🚓 P-11 (Police patrol, Central) — 0.6 miles, about 2 min" in result.text


def test_incident_status_after_dispatch(call_tool, units, django_assert_max_num_queries):
    filed = call_tool("report_incident", {"incident_type": "fire", "location": "123 Main St",
                                          "description": "Smoke"}).structured
    reference = filed["reference"]
    call_tool("dispatch_resources", {"reference": reference})
    # The caller's access code shows units and timeline (issue 11); +1 query checks it.
    with django_assert_max_num_queries(4):
        result = call_tool("incident_status", {"reference": reference.lower(), "access_code": filed["access_code"]})
    facts = result.structured
    assert (facts["status"], facts["active_units"], [u["call_sign"] for u in facts["units"]]) == (
        "dispatched", 3, ["E-1", "L-1", "M-1"])
    assert [e["status"] for e in facts["timeline"]] == ["reported", "dispatched"]
    assert "- 🚒 E-1 (Station 1) — 0.1 miles, ETA 1 min" in result.text
    missing = call_tool("incident_status", {"reference": "INC-2026-999999"})
    assert missing.text.startswith("❌ No incident has reference INC-2026-999999.")
    public = call_tool("incident_status", {"reference": reference})
    assert set(public.structured) == {"reference", "incident_type", "incident_type_label", "priority", "status",
                                      "reported_at", "dispatched_at", "resolved_at", "active_units", "next_step", "overdue",
                                      "overdue_target", "overdue_since", "target_due", "target"}
    assert "123 Main St" not in public.text and "Smoke" not in public.text and "E-1" not in public.text
    assert "- Units on scene or on the way: 3" in public.text


# --- dispatch_resources / list_units -----------------------------------------------------
def test_dispatch_resources_answers(call_tool, units):
    reference = call_tool("report_incident", {"incident_type": "medical", "location": "Harbor Blvd",
                                              "description": "Fall"}).structured["reference"]
    sent = call_tool("dispatch_resources", {"reference": reference, "unit_types": ["ambulance", "Ambulance",
                                                                                   "patrol"]})
    facts = sent.structured
    assert ([d["call_sign"] for d in facts["dispatched"]], facts["unavailable"]) == (["M-1", "P-21"], ["ambulance"])
    assert "⚠️ **Not available:** ambulance — request mutual aid or dispatch again when a unit clears." in sent.text
    again = call_tool("dispatch_resources", {"reference": reference, "unit_types": ["ambulance"]})
    assert again.text == f"ℹ️ Incident {reference} already has its units on the way (M-1, P-21); nothing new was sent."
    assert call_tool("dispatch_resources", {"reference": reference, "unit_types": []}).structured["error"][
        "fields"] == {"unit_types": ["Ensure this field has at least 1 elements."]}
    assert call_tool("dispatch_resources", {"reference": reference, "unit_types": ["tank"]}).structured["error"][
        "fields"] == {"unit_types": ['0: "tank" is not a valid choice. Valid values: fire_engine, ladder_truck, ambulance, police, hazmat.']}


def test_list_units(call_tool, units, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        result = call_tool("list_units", {"near": "123 Main St", "status": "available", "unit_type": "engine"})
    facts = result.structured
    assert (facts["near"], facts["count"], facts["available"]) == ("123 Main St", 3, 3)
    assert [(u["call_sign"], u["distance_miles"]) for u in facts["units"]] == [
        ("E-1", 0.09), ("E-2", 1.05), ("E-3", 1.32)]
    assert result.text.splitlines()[0] == "🚒 **Response Units near 123 Main St: 3** (3 available)"
    every = call_tool("list_units", {}).structured
    assert (every["count"], every["available"]) == (8, 7)
    assert call_tool("list_units", {"status": "busy"}).structured["error"]["fields"] == {
        "status": ['"busy" is not a valid choice. Valid values: available, dispatched, on_scene, out_of_service.']}


# --- issue 15: an incident past its step's target is flagged (on a moved clock) ------------
@pytest.fixture
def clock(monkeypatch, settings):
    """Move "today" for one test (civicmind/clock.py); the suite's frozen day comes back afterwards."""
    from civicmind.clock import clock_shift_to

    monkeypatch.setattr(timezone, "now", timezone.now)
    return lambda day: clock_shift_to(day, settings.TIME_ZONE)


def _on_scene(call_tool) -> dict:
    from apps.safety.services import incident_on_scene

    filed = call_tool("report_incident", {"incident_type": "medical", "location": "123 Main St",
                                          "description": "Fall"}).structured
    call_tool("dispatch_resources", {"reference": filed["reference"]})
    incident_on_scene(reference=filed["reference"], actor="dispatch")
    return filed


def test_an_incident_on_scene_for_two_weeks_is_flagged(call_tool, units, clock):
    filed = _on_scene(call_tool)
    fresh = call_tool("incident_status", {"reference": filed["reference"]}).structured
    assert (fresh["status"], fresh["overdue"], fresh["overdue_target"]) == ("on_scene", False, None)
    assert fresh["target"] == "a critical-priority incident cleared within 6 hours of units arriving"
    clock(timezone.localdate() + timedelta(days=14))
    late = call_tool("incident_status", {"reference": filed["reference"], "access_code": filed["access_code"]})
    facts = late.structured
    assert (facts["overdue"], facts["overdue_target"]) == (True, "clearance")
    assert facts["next_step"].startswith("Units have been recorded on scene for 14 days, past the target of a "
                                         "critical-priority incident cleared within 6 hours of units arriving")
    assert "- ⏰ **Overdue:** units on scene since " in late.text and "(14 days); the target is" in late.text
    assert "Units are on scene." not in late.text


def test_a_reported_incident_without_units_is_flagged_after_ten_minutes(call_tool, units, clock):
    filed = call_tool("report_incident", {"incident_type": "other", "location": "123 Main St",
                                          "description": "Odd"}).structured
    assert call_tool("incident_status", {"reference": filed["reference"]}).structured["overdue"] is False
    clock(timezone.localdate() + timedelta(days=1))
    late = call_tool("incident_status", {"reference": filed["reference"]}).structured
    assert (late["overdue"], late["overdue_target"]) == (True, "dispatch")
    assert late["next_step"].endswith(" past the target of units dispatched within 10 minutes. If anyone is in "
                                      "danger, call 911 now.")


def test_the_work_queue_counts_incidents_past_any_target(units, clock):
    from apps.safety.selectors import work_queue
    from apps.safety.services import incident_dispatch, incident_on_scene, incident_report

    incident = incident_report(incident_type="medical", location="123 Main St", description="x", actor="t").incident
    incident_dispatch(reference=incident.reference, actor="t")
    incident_on_scene(reference=incident.reference, actor="t")
    assert work_queue(now=timezone.now())[0].overdue.count() == 0
    clock(timezone.localdate() + timedelta(days=14))
    assert list(work_queue(now=timezone.now())[0].overdue) == [incident]
