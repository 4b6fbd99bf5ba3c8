"""schedule_inspection: answers, argument table, query count, and the applicant's proof."""
import datetime as dt
from types import SimpleNamespace

import pytest

from apps.accounts.access_codes import access_code_issue
from apps.accounts.principals import Principal
from apps.events.models import Event
from apps.mcp.calls import run_tool
from apps.mcp.registry import Access, registry
from apps.permits.models import Inspection, PermitApplication
from tests.permits.helpers import issued_deck, submit_deck

FRIDAY = dt.date(2026, 12, 4)


def test_declaration():
    tool = registry.find_tool("permits", "schedule_inspection")
    assert tool.access == Access.RESIDENT
    assert tool.annotations["idempotentHint"] is True
    assert tool.input_schema["properties"]["preferred_date"]["format"] == "date"
    assert "access_code" in tool.input_schema["properties"]
    assert "access_code" not in tool.input_schema.get("required", [])  # staff keys need none


def test_schedule(call_tool, deck_type, places, inspectors, frozen_today, django_assert_max_num_queries):
    frozen_today(FRIDAY)
    application = issued_deck()
    code = access_code_issue(application)
    with django_assert_max_num_queries(22):  # 20 for the booking, 2 for the proof (the application, its codes)
        result = call_tool("schedule_inspection", {"reference": application.reference, "inspection_type": "foundation",
                                                   "preferred_date": "2026-12-08", "access_code": code})
    assert result.is_error is False
    assert result.structured == {
        "reference": application.reference, "permit_type": "residential_deck",
        "permit_type_name": "Residential Deck Permit", "application_status": "inspections",
        "inspection_type": "foundation", "inspection_name": "Foundation", "status": "scheduled",
        "scheduled_for": "2026-12-08T09:00:00-08:00", "inspector": "Maria Lopez", "already_scheduled": False,
        "preferred_date": "2026-12-08"}
    assert result.text == (
        f"🗓️ **Inspection Scheduled**\n\n- Permit: {application.reference} (Residential Deck Permit)\n"
        "- Inspection: Foundation\n- When: Tuesday, December 8, 2026 at 9:00 AM\n- Inspector: Maria Lopez\n\n"
        "📞 **Next Step:** Have the work ready and the permit card on site at the start of the slot.")
    again = call_tool("schedule_inspection", {"reference": application.reference, "inspection_type": "foundation",
                                              "access_code": code})
    assert again.structured["already_scheduled"] is True
    assert again.text.startswith("🗓️ **Inspection Already Scheduled**")


def test_preferred_day_taken_is_said(call_tool, deck_type, places, inspectors, frozen_today):
    frozen_today(FRIDAY)
    application = issued_deck()
    result = call_tool("schedule_inspection", {"reference": application.reference, "inspection_type": "foundation",
                                               "preferred_date": "2026-12-05",
                                               "access_code": access_code_issue(application)})
    assert result.structured["scheduled_for"] == "2026-12-07T09:00:00-08:00"
    assert "- Your preferred date (2026-12-05) was not available; this is the first free slot after it." in result.text


def test_refused_before_issue(call_tool, deck_type, places, inspectors):
    application = submit_deck()
    result = call_tool("schedule_inspection", {"reference": application.reference, "inspection_type": "foundation",
                                               "access_code": access_code_issue(application)})
    assert result.is_error is True
    assert result.text == (f"❌ Application {application.reference} is Submitted; inspections can be scheduled once "
                           "the permit is issued.")


@pytest.mark.parametrize("arguments, fields", [
    ({"reference": "PRM-2026-000001", "inspection_type": "", "preferred_date": "tomorrow"},
     {"inspection_type": ["This field may not be blank."],
      "preferred_date": ["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."]}),
    ({"reference": "PRM-2026-000001", "inspection_type": "final", "preferred_date": "2026-13-01"},
     {"preferred_date": ["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."]}),
    ({"reference": "nope", "inspection_type": "x" * 41},
     {"reference": ["Expected a permit application reference like PRM-2026-000123."],
      "inspection_type": ["Ensure this field has no more than 40 characters."]}),
    ({}, {"reference": ["This field is required."], "inspection_type": ["This field is required."]}),
])
def test_invalid_arguments(call_tool, arguments, fields):
    assert call_tool("schedule_inspection", arguments).structured["error"]["fields"] == fields


# --- the applicant's proof (issue 11 item 4) ---------------------------------------------------
def refusal(reference: str) -> str:
    return (f"❌ Only the applicant can book an inspection for {reference}: give access_code, the access code "
            "submit_application returned with the reference (e.g. K7QX2-M9PRT). Without it, the permit office "
            "can book the inspection for you.")


def nothing_changed(application, events_before: int) -> None:
    """Refused means nothing booked, no status move, no event, no timeline row."""
    timeline = application.timeline.count()
    application.refresh_from_db()
    assert application.status == PermitApplication.Status.ISSUED
    assert application.timeline.count() == timeline
    assert not Inspection.objects.filter(application=application).exists()
    assert Event.objects.count() == events_before


@pytest.mark.parametrize("proof", [{}, {"access_code": None}, {"access_code": ""}, {"access_code": "AAAAA-BBBBB"},
                                   {"access_code": "someone else's"}])
def test_refused_without_the_applicants_code(call_tool, deck_type, places, inspectors, frozen_today, proof):
    """The repro: a stranger who knows (or guesses) the sequential reference cannot book."""
    frozen_today(FRIDAY)
    application = issued_deck()
    access_code_issue(application)
    other = issued_deck()
    if proof.get("access_code") == "someone else's":
        proof = {"access_code": access_code_issue(other)}  # a real code, of another permit
    events = Event.objects.count()
    result = call_tool("schedule_inspection", {"reference": application.reference, "inspection_type": "foundation",
                                               **proof})
    assert result.is_error is True
    assert result.structured["error"] == {"code": "owner_proof_required", "message": refusal(application.reference)[2:],
                                          "field": "access_code"}
    assert result.text == refusal(application.reference)  # a wrong code reads exactly like a missing one
    nothing_changed(application, events)


def test_refused_before_any_other_check(call_tool, deck_type, places, inspectors):
    """Without proof the answer says nothing about the permit's status or its inspection types."""
    application = submit_deck()
    result = call_tool("schedule_inspection", {"reference": application.reference, "inspection_type": "nope"})
    assert result.text == refusal(application.reference)


def test_unknown_reference_is_not_found(call_tool, deck_type, places, inspectors):
    result = call_tool("schedule_inspection", {"reference": "PRM-2026-999999", "inspection_type": "foundation",
                                               "access_code": "AAAAA-BBBBB"})
    assert result.structured["error"]["code"] == "application_not_found"


def test_code_typed_loosely_still_proves(call_tool, deck_type, places, inspectors, frozen_today):
    frozen_today(FRIDAY)
    application = issued_deck()
    code = access_code_issue(application)
    result = call_tool("schedule_inspection", {"reference": application.reference.lower(),
                                               "inspection_type": "foundation",
                                               "access_code": code.lower().replace("-", " ")})
    assert result.is_error is False, result.text
    assert Inspection.objects.filter(application=application, status="scheduled").count() == 1


def call_as(principal: Principal, arguments: dict):
    call = SimpleNamespace(listener="permits", version="2025-11-25", principal=principal,
                           client_address="127.0.0.1", request_id="test")
    return run_tool(registry.find_tool("permits", "schedule_inspection"), arguments, call)


def key_of(name: str, domains: set, level: Access) -> Principal:
    return Principal(name=name, key_id=1, domains=frozenset(domains), level=level, prefix="cmk_test")


def test_permits_staff_book_without_a_code(deck_type, places, inspectors, frozen_today):
    frozen_today(FRIDAY)
    application = issued_deck()
    result = call_as(key_of("permit desk", {"permits"}, Access.STAFF),
                     {"reference": application.reference, "inspection_type": "foundation"})
    assert result.is_error is False, result.text
    assert Inspection.objects.get(application=application).status == "scheduled"


@pytest.mark.parametrize("principal", [
    key_of("noise desk", {"noise"}, Access.STAFF),          # staff, but of another domain
    key_of("resident app", {"permits"}, Access.RESIDENT),   # a key, but not staff
])
def test_other_keys_need_the_code(deck_type, places, inspectors, frozen_today, principal):
    frozen_today(FRIDAY)
    application = issued_deck()
    events = Event.objects.count()
    result = call_as(principal, {"reference": application.reference, "inspection_type": "foundation"})
    assert result.is_error is True
    assert result.structured["error"]["code"] == "owner_proof_required"
    nothing_changed(application, events)
