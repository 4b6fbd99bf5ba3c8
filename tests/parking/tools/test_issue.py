"""issue_citation (staff): an officer's assistant issues a citation directly."""
from datetime import timedelta

import pytest
from django.utils import timezone

from apps.mcp.registry import Access, registry
from apps.parking.models import Citation
from apps.parking.parsing import long_date
from apps.parking.photos import PHOTO_MISMATCH
from tests.parking.helpers import b64, events, png_bytes

pytestmark = pytest.mark.django_db


def test_issue_citation_is_declared_staff_only():
    assert registry.find_tool("parking", "issue_citation").access is Access.STAFF
    assert {name: tool.access for name, tool in registry.tools_for("parking")} == {
        "check_violations": Access.PUBLIC, "find_parking": Access.PUBLIC, "report_violation": Access.RESIDENT,
        "make_payment": Access.RESIDENT, "contest_violation": Access.RESIDENT, "issue_citation": Access.STAFF,
        "analyze_requirements": Access.PUBLIC}


def test_an_officer_issues_a_citation(call_tool, places, violation_types, media_root):
    result = call_tool("issue_citation", {
        "license_plate": "def 456", "violation_type": "blocked_driveway", "location": "123 Main St, Zone A",
        "notes": "Vehicle blocking ramp; owner not present.",
        "photo": {"data": b64(png_bytes()), "mime_type": "image/png"}})
    assert result.is_error is False
    citation = Citation.objects.get()
    today = timezone.localdate()
    assert result.text == "\n".join([
        "🎫 **Citation Issued**",
        "",
        f"1. **Violation #{citation.citation_number}**",
        "   - License Plate: DEF456",
        "   - Type: Blocked Driveway",
        "   - Location: 123 Main St, Zone A",
        f"   - Date: {long_date(today)}",
        "   - Fine: $75.00",
        f"   - Due: {long_date(today + timedelta(days=30))} (in 30 days)",
        f"   - Contest by: {long_date(today + timedelta(days=21))} (in 21 days)",
        "   - Photo: attached",
        "   - Status: ⚠️ Unpaid",
    ])
    assert (citation.notes, citation.source, citation.created_by) == (
        "Vehicle blocking ramp; owner not present.", "officer", "anonymous@127.0.0.1")
    assert (media_root / citation.photo.name).read_bytes() == png_bytes()
    assert result.structured["status"] == "issued"
    assert result.structured["due_date"] == (today + timedelta(days=30)).isoformat()
    [event] = events("violation.created")
    assert (event.data["status"], event.data["license_plate"], event.data["source"]) == ("issued", "DEF456", "officer")


VALID = [
    {"license_plate": "DEF456", "violation_type": "expired_meter", "location": "Downtown City Hall"},
    {"license_plate": "DEF456", "violation_type": "Expired Meter", "location": "123 Main St",
     "observed_at": (timezone.now() - timedelta(hours=2)).isoformat(), "notes": ""},
]

INVALID = [
    ({"violation_type": "expired_meter", "location": "123 Main St"}, {"license_plate": ["This field is required."]}),
    ({"license_plate": "DEF456", "violation_type": "", "location": "123 Main St"},
     {"violation_type": ["This field may not be blank."]}),
    ({"license_plate": "DEF456", "violation_type": "expired_meter", "location": "123 Main St",
      "photo": {"data": b64(png_bytes()), "mime_type": "image/webp"}},
     {"photo": [PHOTO_MISMATCH.format(kind="WebP", mime_type="image/webp")]}),
    ({"license_plate": "DEF456", "violation_type": "expired_meter", "location": "123 Main St", "reporter": "me"},
     {"reporter": ["Unknown argument; this tool takes: license_plate, violation_type, location, observed_at, "
                   "notes, photo."]}),
]


@pytest.mark.parametrize("arguments", VALID)
def test_valid_arguments(call_tool, places, violation_types, arguments):
    assert call_tool("issue_citation", arguments).is_error is False


@pytest.mark.parametrize("arguments, fields", INVALID)
def test_invalid_arguments_name_the_argument(call_tool, places, violation_types, arguments, fields):
    result = call_tool("issue_citation", arguments)
    assert result.is_error is True
    assert result.structured["error"]["fields"] == fields
    assert not Citation.objects.exists() and events() == []


def test_an_inactive_type_cannot_be_cited(call_tool, places, violation_types):
    result = call_tool("issue_citation", {"license_plate": "DEF456", "violation_type": "oversized_vehicle",
                                          "location": "123 Main St"})
    assert result.is_error is True
    assert result.text == ("❌ \"oversized_vehicle\" is not a violation type. Valid types: blocked_driveway, "
                           "expired_meter.")


def test_query_count(call_tool, places, violation_types, event_queries, django_assert_num_queries):
    arguments = {"license_plate": "DEF456", "violation_type": "expired_meter", "location": "123 Main St"}
    call_tool("issue_citation", arguments)
    # +2 since issue 12: the service's savepoint inside the tool's transaction, which also
    # holds the admin-history row of a staff key's call (none here: no key).
    with django_assert_num_queries(9 + event_queries):
        result = call_tool("issue_citation", arguments)
    assert result.is_error is False, result.text  # the capped call succeeded
