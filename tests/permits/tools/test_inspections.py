"""schedule_inspection: answers, argument table, query count."""
import datetime as dt

import pytest

from apps.mcp.registry import Access, registry
from tests.permits.helpers import issued_deck, submit_deck

FRIDAY = dt.date(2026, 12, 4)


def test_declaration():
    tool = registry.find_tool("permits", "schedule_inspection")
    assert tool.access == Access.RESIDENT
    assert tool.annotations["idempotentHint"] is True
    assert tool.input_schema["properties"]["preferred_date"]["format"] == "date"


def test_schedule(call_tool, deck_type, places, inspectors, frozen_today, django_assert_max_num_queries):
    frozen_today(FRIDAY)
    application = issued_deck()
    with django_assert_max_num_queries(20):
        result = call_tool("schedule_inspection", {"reference": application.reference, "inspection_type": "foundation",
                                                   "preferred_date": "2026-12-08"})
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
    again = call_tool("schedule_inspection", {"reference": application.reference, "inspection_type": "foundation"})
    assert again.structured["already_scheduled"] is True
    assert again.text.startswith("🗓️ **Inspection Already Scheduled**")


def test_preferred_day_taken_is_said(call_tool, deck_type, places, inspectors, frozen_today):
    frozen_today(FRIDAY)
    result = call_tool("schedule_inspection", {"reference": issued_deck().reference, "inspection_type": "foundation",
                                               "preferred_date": "2026-12-05"})
    assert result.structured["scheduled_for"] == "2026-12-07T09:00:00-08:00"
    assert "- Your preferred date (2026-12-05) was not available; this is the first free slot after it." in result.text


def test_refused_before_issue(call_tool, deck_type, places, inspectors):
    application = submit_deck()
    result = call_tool("schedule_inspection", {"reference": application.reference, "inspection_type": "foundation"})
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
