"""Noise tools in-process: argument tables, answers (text and structured), refusals, query counts."""
from datetime import timedelta

import pytest
from django.utils import timezone

from apps.events.models import Event
from apps.mcp.registry import registry
from apps.noise.models import Complaint


def year() -> int:
    return timezone.localdate().year


def test_noise_tools_are_declared_with_their_access():
    tools = {name: tool for name, tool in registry.tools_for("noise")}
    assert sorted(tools) == ["add_complaint_info", "check_ordinance", "file_complaint", "issue_enforcement_action",
                             "track_complaint", "update_complaint_status"]
    assert [tools[n].access.name for n in sorted(tools)] == ["RESIDENT", "PUBLIC", "RESIDENT", "STAFF", "PUBLIC",
                                                             "STAFF"]
    assert tools["check_ordinance"].annotations["readOnlyHint"] is True
    assert tools["file_complaint"].input_schema["required"] == ["location", "noise_type"]
    assert "loud_music" in tools["file_complaint"].input_schema["properties"]["noise_type"]["enum"]


# --- file_complaint ----------------------------------------------------------------------
@pytest.mark.parametrize("arguments", [
    {"location": "123 Main St", "noise_type": "loud_music"},
    {"location": "123 Main St", "noise_type": "Loud Music", "description": "Bass", "reporter_name": "Dana",
     "reporter_contact": "555-0100"},
    {"location": "456 Oak Ave", "noise_type": "construction", "observed_at": None, "idempotency_key": None},
    {"location": "Main St", "noise_type": "barking_dog", "description": ""},
])
def test_file_complaint_accepts(call_tool, places, ordinances, arguments):
    result = call_tool("file_complaint", arguments)
    assert result.is_error is False
    assert result.structured["case_number"] == f"NC-{year()}-000001"
    assert Complaint.objects.count() == 1


@pytest.mark.parametrize("arguments, errors", [
    ({"noise_type": "loud_music"}, {"location": ["This field is required."]}),
    ({"location": "123 Main St"}, {"noise_type": ["This field is required."]}),
    ({"location": "123 Main St", "noise_type": "karaoke"}, {"noise_type": ['"karaoke" is not a valid choice. Valid values: loud_music, party, amplified_sound, construction, barking_dog, vehicle, car_alarm, industrial, mechanical, leaf_blower, fireworks, other.']}),
    ({"location": "", "noise_type": "party"}, {"location": ["This field may not be blank."]}),
    ({"location": "x" * 201, "noise_type": "party"},
     {"location": ["Ensure this field has no more than 200 characters."]}),
    ({"location": "123 Main St", "noise_type": "party", "observed_at": "last night"},
     {"observed_at": ['Expected an ISO 8601 date-time ("2026-11-24T22:30") or a clock time ("22:30", "10:30 PM").']}),
    ({"location": "123 Main St", "noise_type": "party", "volume": 11},
     {"volume": ["Unknown argument; this tool takes: location, noise_type, description, observed_at, reporter_name, "
                 "reporter_contact, idempotency_key."]}),
])
def test_file_complaint_refuses_bad_arguments(call_tool, places, ordinances, arguments, errors):
    result = call_tool("file_complaint", arguments)
    assert result.is_error is True
    assert result.structured["error"]["fields"] == errors
    assert (Complaint.objects.count(), Event.objects.count()) == (0, 0)


def test_file_complaint_answer(call_tool, places, ordinances):
    observed = timezone.localtime() - timedelta(minutes=30)
    result = call_tool("file_complaint", {"location": "123 Main St", "noise_type": "loud_music",
                                          "observed_at": observed.isoformat()})
    case = f"NC-{year()}-000001"
    facts = result.structured
    assert {k: facts[k] for k in ("case_number", "status", "noise_type", "noise_type_label", "location", "zone",
                                  "replayed")} == {
        "case_number": case, "status": "filed", "noise_type": "loud_music", "noise_type_label": "Loud music",
        "location": "123 Main St", "zone": "C-1", "replayed": False}
    assert facts["observed_at"] == observed.isoformat()
    assert facts["ordinance"]["code"] == "T 1.030"
    assert facts["ordinance"]["citation_fine"] == "300.00"
    assert facts["ordinance"]["quiet_hours"] == "11:00 PM – 7:00 AM"
    assert facts["applicable_limit_db"] == (55 if facts["in_quiet_hours"] else 65)
    assert facts["repeat"] == {"is_repeat": False, "linked_to": None, "window_days": 30, "earlier_complaints": 0,
                               "related_cases": []}
    assert "reporter_contact" not in facts
    assert result.text.startswith("🔊 **Noise Complaint Filed**\n\n📋 **Case Number: " + case + "**")
    assert "- Location: 123 Main St (zone C-1)" in result.text
    assert "⚖️ **Applicable Ordinance: T 1.030 — Commercial noise limits**" in result.text
    assert "If the noise is still going on or starts again, call the noise line: (555) 123-HUSH." in result.text


def test_file_complaint_in_quiet_hours_and_repeat(call_tool, places, ordinances):
    night = (timezone.localtime() - timedelta(days=1)).replace(hour=23, minute=15)
    call_tool("file_complaint", {"location": "456 Oak Ave", "noise_type": "party"})
    result = call_tool("file_complaint", {"location": "456 Oak Avenue", "noise_type": "party",
                                          "observed_at": night.isoformat()})
    facts = result.structured
    assert (facts["in_quiet_hours"], facts["applicable_limit_db"]) == (True, 45)
    assert facts["repeat"]["linked_to"] == f"NC-{year()}-000001"
    assert [c["case_number"] for c in facts["repeat"]["related_cases"]] == [f"NC-{year()}-000001"]
    assert "- 🌙 **Reported during quiet hours:** the 45 dB(A) limit applies." in result.text
    assert (f"🔁 **Repeat location:** 1 earlier complaint about 456 Oak Ave in the last 30 days "
            f"(NC-{year()}-000001). This case is linked to NC-{year()}-000001.") in result.text


def test_file_complaint_unknown_place(call_tool, places, ordinances):
    result = call_tool("file_complaint", {"location": "123 Mian St", "noise_type": "party"})
    assert result.is_error is True
    assert result.structured["error"]["code"] == "unknown_place"
    assert result.structured["error"]["field"] == "location"
    assert result.text.startswith("❌ I couldn't find \"123 Mian St\" in the city's gazetteer.")
    assert Complaint.objects.count() == 0


def test_file_complaint_retry_with_key(call_tool, places, ordinances):
    arguments = {"location": "456 Oak Ave", "noise_type": "party", "idempotency_key": "abc"}
    first = call_tool("file_complaint", arguments)
    again = call_tool("file_complaint", arguments)
    # The same caller's retry gets its first answer back, access code included (apps.mcp.replays).
    assert (again.text, again.structured) == (first.text, first.structured)
    assert again.structured["replayed"] is False and "access_code" in again.structured
    assert Complaint.objects.count() == 1


def test_file_complaint_query_count(call_tool, places, ordinances, django_assert_max_num_queries):
    call_tool("file_complaint", {"location": "456 Oak Ave", "noise_type": "party"})
    with django_assert_max_num_queries(20):
        result = call_tool("file_complaint", {"location": "456 Oak Ave", "noise_type": "party"})
    assert result.is_error is False, result.text  # the capped call succeeded


# --- check_ordinance ---------------------------------------------------------------------
@pytest.mark.parametrize("arguments, errors", [
    ({}, {"location": ["This field is required."]}),
    ({"location": "456 Oak Ave", "time": "noonish"},
     {"time": ['Expected an ISO 8601 date-time ("2026-11-24T22:30") or a clock time ("22:30", "10:30 PM").']}),
    ({"location": ["456 Oak Ave"]}, {"location": ["Expected a string, got an array."]}),
])
def test_check_ordinance_refuses_bad_arguments(call_tool, places, ordinances, arguments, errors):
    result = call_tool("check_ordinance", arguments)
    assert result.structured["error"]["fields"] == errors


def test_check_ordinance_answer(call_tool, places, ordinances):
    result = call_tool("check_ordinance", {"location": "456 Oak Ave", "time": "2026-11-21T08:30"})
    facts = result.structured
    assert {k: facts[k] for k in ("location", "zone", "zone_label", "checked_at", "in_quiet_hours",
                                  "current_limit_db")} == {
        "location": "456 Oak Ave", "zone": "R-1", "zone_label": "Single-family residential",
        "checked_at": "2026-11-21T08:30:00-08:00", "in_quiet_hours": True, "current_limit_db": 45}
    assert facts["general"]["code"] == "T 1.010"
    assert facts["general"]["weekend_quiet_hours_end"] == "09:00"
    assert [rule["noise_type"] for rule in facts["specific"]] == ["construction"]
    assert result.text.splitlines()[:5] == [
        "⚖️ **Noise Rules at 456 Oak Ave**", "", "- Zone: R-1 (Single-family residential)",
        "- Time asked about: Saturday, November 21 at 8:30 AM",
        "🌙 **Quiet hours are in effect at 8:30 AM on Saturday, November 21** — limit 45 dB(A)"]
    assert facts["time_given"] is True and " now" not in result.text  # issue 15: the time asked about, not "now"


def test_check_ordinance_without_a_time_speaks_of_now(call_tool, places, ordinances):
    result = call_tool("check_ordinance", {"location": "456 Oak Ave"})
    assert result.structured["time_given"] is False
    assert result.text.splitlines()[3].startswith("- Checked: ")
    assert " now** — limit " in result.text


def test_check_ordinance_defaults_to_now(call_tool, places, ordinances):
    facts = call_tool("check_ordinance", {"location": "Main St"}).structured
    assert abs(timezone.now() - timezone.datetime.fromisoformat(facts["checked_at"])) < timedelta(minutes=1)
    assert facts["zone"] == "C-1"


def test_check_ordinance_query_count(call_tool, places, ordinances, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        result = call_tool("check_ordinance", {"location": "123 Main St"})
    assert result.is_error is False, result.text  # the capped call succeeded


# --- track_complaint ---------------------------------------------------------------------
def test_track_complaint_answer(call_tool, places, ordinances):
    filed = call_tool("file_complaint", {"location": "456 Oak Ave", "noise_type": "construction"}).structured
    case = filed["case_number"]
    second = call_tool("file_complaint", {"location": "456 Oak Ave", "noise_type": "construction"}).structured
    call_tool("update_complaint_status", {"case_number": case, "status": "assigned", "assigned_to": "Officer Kim"})
    call_tool("issue_enforcement_action", {"case_number": case, "action": "citation"})
    # The filer's access code shows the whole case (issue 11: three views).
    result = call_tool("track_complaint", {"case_number": case.lower(), "access_code": filed["access_code"]})
    facts = result.structured
    assert (facts["status"], facts["assigned_to"], facts["total_fines"], facts["currency"]) == (
        "assigned", "Officer Kim", "500.00", "USD")
    assert [entry["status"] for entry in facts["timeline"]] == ["filed", "filed", "assigned", "assigned"]
    assert [(a["action"], a["fine"]) for a in facts["enforcement_actions"]] == [("citation", "500.00")]
    assert [c["case_number"] for c in facts["related_cases"]] == [f"NC-{year()}-000002"]
    assert facts["linked_to"] is None
    assert "💰 **Total fines: $500.00**" in result.text
    assert f"🔁 **Linked complaints about this address:** NC-{year()}-000002 (filed)" in result.text
    # Issue 15: after a citation the next step says so, instead of "enforcement follows if…".
    today = timezone.localdate()
    assert facts["next_step"] == (f"A citation with a $500.00 fine was issued on {today:%A}, {today:%B} {today.day}. "
                                  "The officer closes the case once the noise has stopped; if it goes on, file a new "
                                  "complaint.")
    assert "enforcement follows" not in result.text
    repeat = call_tool("track_complaint", {"case_number": f"NC-{year()}-000002",
                                           "access_code": second["access_code"]}).structured
    assert (repeat["linked_to"], [c["case_number"] for c in repeat["related_cases"]]) == (case, [case])
    public = call_tool("track_complaint", {"case_number": case})
    assert set(public.structured) == {"case_number", "status", "noise_type", "noise_type_label", "zone", "filed_at",
                                      "in_quiet_hours", "ordinance", "total_fines", "currency", "overdue",
                                      "assign_by", "next_step"}
    assert "456 Oak Ave" not in public.text and "Officer Kim" not in public.text
    other = call_tool("track_complaint", {"case_number": case, "access_code": second["access_code"]}).structured
    assert "assigned_to" not in other  # one filing's code proves that filing only


def test_track_complaint_unknown(call_tool, db):
    result = call_tool("track_complaint", {"case_number": "NC-2026-424242"})
    assert result.is_error is True
    assert result.structured["error"] == {
        "code": "complaint_not_found", "field": "case_number",
        "message": "No noise complaint has case number NC-2026-424242. Case numbers look like NC-2026-000123; check "
                   "the confirmation you received when the complaint was filed."}


def test_track_complaint_query_count_is_flat(call_tool, places, ordinances, django_assert_max_num_queries):
    case = call_tool("file_complaint", {"location": "456 Oak Ave", "noise_type": "party"}).structured["case_number"]
    for _ in range(5):
        call_tool("file_complaint", {"location": "456 Oak Ave", "noise_type": "party"})
    call_tool("update_complaint_status", {"case_number": case, "status": "assigned"})
    for _ in range(4):
        call_tool("issue_enforcement_action", {"case_number": case, "action": "warning"})
    with django_assert_max_num_queries(4):
        result = call_tool("track_complaint", {"case_number": case})
    assert result.is_error is False, result.text  # the capped call succeeded


# --- staff tools -------------------------------------------------------------------------
@pytest.mark.parametrize("arguments, errors", [
    ({"case_number": "NC-1", "status": "done"}, {"status": ['"done" is not a valid choice. Valid values: filed, assigned, investigating, resolved, closed, unfounded.']}),
    ({"status": "closed"}, {"case_number": ["This field is required."]}),
])
def test_update_complaint_status_refuses_bad_arguments(call_tool, db, arguments, errors):
    assert call_tool("update_complaint_status", arguments).structured["error"]["fields"] == errors


def test_update_complaint_status_answer(call_tool, places, ordinances):
    case = call_tool("file_complaint", {"location": "456 Oak Ave", "noise_type": "party"}).structured["case_number"]
    result = call_tool("update_complaint_status", {"case_number": case, "status": "investigating"})
    assert {k: result.structured[k] for k in ("case_number", "old_status", "status", "changed")} == {
        "case_number": case, "old_status": "filed", "status": "investigating", "changed": True}
    assert result.text.splitlines()[:3] == [f"✅ **Complaint {case} updated**", "",
                                            "- Status: Filed → 🔎 Investigating"]
    again = call_tool("update_complaint_status", {"case_number": case, "status": "investigating"})
    assert again.text == f"ℹ️ Complaint {case} is already investigating; nothing changed."
    refused = call_tool("update_complaint_status", {"case_number": case, "status": "filed"})
    assert refused.is_error is True
    assert refused.structured["error"]["details"] == {"allowed": ["resolved", "closed", "unfounded"]}


@pytest.mark.parametrize("arguments, errors", [
    ({"case_number": "NC-1", "action": "arrest"}, {"action": ['"arrest" is not a valid choice. Valid values: warning, citation.']}),
    ({"case_number": "NC-1", "action": "citation", "fine": 0},
     {"fine": ["Ensure this value is greater than or equal to 0.01."]}),
    ({"case_number": "NC-1", "action": "citation", "fine": "12.345"},
     {"fine": ["Ensure that there are no more than 2 decimal places."]}),
])
def test_issue_enforcement_action_refuses_bad_arguments(call_tool, db, arguments, errors):
    assert call_tool("issue_enforcement_action", arguments).structured["error"]["fields"] == errors


def test_issue_enforcement_action_answer(call_tool, places, ordinances):
    case = call_tool("file_complaint", {"location": "456 Oak Ave", "noise_type": "party"}).structured["case_number"]
    call_tool("update_complaint_status", {"case_number": case, "status": "assigned"})
    result = call_tool("issue_enforcement_action", {"case_number": case, "action": "citation", "fine": 99.5,
                                                    "note": "Second visit."})
    assert {k: result.structured[k] for k in ("case_number", "status", "action", "fine", "currency", "note")} == {
        "case_number": case, "status": "assigned", "action": "citation", "fine": "99.50", "currency": "USD",
        "note": "Second visit."}
    assert result.text.splitlines()[3] == "- Fine: $99.50"


# --- issue 15: next steps from the facts, the response target, plurals, a moved clock ----
@pytest.fixture
def clock(monkeypatch, settings):
    """Move "today" for one test (civicmind/clock.py); the suite's frozen day comes back afterwards."""
    from civicmind.clock import clock_shift_to

    monkeypatch.setattr(timezone, "now", timezone.now)
    return lambda day: clock_shift_to(day, settings.TIME_ZONE)


def test_a_complaint_waiting_past_the_assignment_target_is_flagged(call_tool, places, ordinances, clock):
    filed = call_tool("file_complaint", {"location": "456 Oak Ave", "noise_type": "construction"}).structured
    assert call_tool("track_complaint", {"case_number": filed["case_number"]}).structured["overdue"] is False
    clock(timezone.localdate() + timedelta(days=2))
    late = call_tool("track_complaint", {"case_number": filed["case_number"]})
    assert late.structured["overdue"] is True
    assert late.structured["next_step"].startswith("The noise unit aims to assign an officer within 24 hours of "
                                                   "filing (by ")
    call_tool("update_complaint_status", {"case_number": filed["case_number"], "status": "assigned"})
    assert call_tool("track_complaint", {"case_number": filed["case_number"]}).structured["overdue"] is False


def test_after_a_warning_the_next_step_says_so(call_tool, places, ordinances):
    filed = call_tool("file_complaint", {"location": "456 Oak Ave", "noise_type": "construction"}).structured
    call_tool("update_complaint_status", {"case_number": filed["case_number"], "status": "investigating"})
    call_tool("issue_enforcement_action", {"case_number": filed["case_number"], "action": "warning"})
    step = call_tool("track_complaint", {"case_number": filed["case_number"]}).structured["next_step"]
    today = timezone.localdate()
    assert step == (f"A warning was issued on {today:%A}, {today:%B} {today.day}. If the noise goes on, file a new "
                    "complaint: a repeat after a warning can lead to a citation.")


def test_one_earlier_complaint_reads_in_the_singular(call_tool, places, ordinances):
    call_tool("file_complaint", {"location": "456 Oak Ave", "noise_type": "construction"})
    second = call_tool("file_complaint", {"location": "456 Oak Ave", "noise_type": "construction"})
    assert "🔁 **Repeat location:** 1 earlier complaint about 456 Oak Ave in the last 30 days" in second.text
