"""check_violations: the seed's layout, late fees by today, totals, argument errors, query counts."""
from datetime import timedelta

import pytest
from django.utils import timezone

from apps.parking.parsing import DATE_RANGE_MESSAGE, PLATE_MESSAGE, long_date

pytestmark = pytest.mark.django_db


def test_outstanding_citations_in_the_seed_layout(call_tool, make_citation, violation_types):
    late = make_citation(number="VIO-2025-001234", location="123 Main St, Zone A", issued_days_ago=45)
    fresh = make_citation(number="VIO-2025-001456", kind=violation_types.driveway, location="456 Oak Ave",
                          issued_days_ago=2)
    make_citation(status="paid")
    result = call_tool("check_violations", {"license_plate": "abc 123"})
    today = timezone.localdate()
    assert result.is_error is False
    assert result.text == "\n".join([
        "**Parking Violations for License Plate ABC123**",
        "",
        "🅿️ **Outstanding Violations: 2**",
        "",
        "1. **Violation #VIO-2025-001234**",
        "   - Type: Expired Meter",
        "   - Location: 123 Main St, Zone A",
        f"   - Date: {long_date(today - timedelta(days=45))}",
        "   - Fine: $25.00",
        f"   - Late Fees: $10.00 (another $10.00 on {long_date(late.due_date + timedelta(days=31))})",
        "   - Amount Due: $35.00",
        f"   - Due: {long_date(late.due_date)}",
        "   - Status: ⚠️ Unpaid — overdue by 15 days",
        "",
        "2. **Violation #VIO-2025-001456**",
        "   - Type: Blocked Driveway",
        "   - Location: 456 Oak Ave",
        f"   - Date: {long_date(today - timedelta(days=2))}",
        "   - Fine: $75.00",
        f"   - Due: {long_date(fresh.due_date)} (in 28 days)",  # still ahead: how far off it is
        "   - Status: ⚠️ Unpaid",
        "",
        "💰 **Total Outstanding: $110.00** ($100.00 in fines + $10.00 in late fees)",
        "",
        "**Payment Options:**",
        "- 🌐 Online: https://city.ai/parking/pay",
        "- 📞 Phone: (555) 123-PARK",
        "- 🏢 In Person: City Hall, Room 101",
        "",
        "⏰ **Overdue: late fees keep growing until paid. Pay now to stop them.**",
    ])
    data = result.structured
    assert (data["license_plate"], data["outstanding_count"], data["currency"]) == ("ABC123", 2, "USD")
    assert (data["total_fines"], data["total_late_fees"], data["total_outstanding"]) == ("100.00", "10.00", "110.00")
    first = data["violations"][0]
    assert (first["citation_number"], first["fine"], first["late_fees"], first["amount_due"], first["days_overdue"],
            first["due_date"], first["status"]) == ("VIO-2025-001234", "25.00", "10.00", "35.00", 15,
                                                   late.due_date.isoformat(), "issued")
    assert data["payment_options"] == {"online_url": "https://city.ai/parking/pay", "phone": "(555) 123-PARK",
                                       "in_person": "City Hall, Room 101"}


def test_nothing_overdue_keeps_the_seeds_reminder(call_tool, make_citation):
    make_citation(issued_days_ago=1)
    text = call_tool("check_violations", {"license_plate": "ABC123", "include_payment_options": False}).text
    assert text.endswith("💰 **Total Outstanding: $25.00**\n\n⏰ **Pay by due date to avoid late fees!**")
    assert "Payment Options" not in text


def test_capped_late_fees_say_so(call_tool, make_citation):
    make_citation(issued_days_ago=700)
    text = call_tool("check_violations", {"license_plate": "ABC123"}).text
    assert "   - Late Fees: $40.00 (maximum reached)\n   - Amount Due: $65.00" in text
    assert text.endswith("⏰ **Overdue: late fees have been added. Pay now to settle these violations.**")


def test_a_contested_citation_shows_paused_late_fees(call_tool, make_citation):
    make_citation(status="contested", issued_days_ago=5)
    result = call_tool("check_violations", {"license_plate": "ABC123"})
    assert "   - Status: ⚖️ Contested — decision pending (late fees paused)" in result.text
    assert result.structured["violations"][0]["late_fees_paused"] is True


def test_a_clean_plate_gets_a_plain_answer(call_tool, violation_types):
    result = call_tool("check_violations", {"license_plate": "TEST123"})
    assert result.is_error is False
    assert result.text == ("**Parking Violations for License Plate TEST123**\n\n"
                           "✅ **No outstanding violations.** Nothing is owed for this plate.")
    assert "violations" in result.text.lower()
    assert (result.structured["outstanding_count"], result.structured["total_outstanding"]) == (0, "0.00")


def test_date_range_limits_the_list(call_tool, make_citation):
    make_citation(issued_days_ago=3, number="VIO-2025-000003")
    make_citation(issued_days_ago=60, number="VIO-2025-000060")
    result = call_tool("check_violations", {"license_plate": "ABC123", "date_range": "30d"})
    today = timezone.localdate()
    assert [v["citation_number"] for v in result.structured["violations"]] == ["VIO-2025-000003"]
    assert result.structured["date_range"] == {"start": (today - timedelta(days=29)).isoformat(),
                                               "end": today.isoformat()}
    assert f"📅 Showing violations issued between {long_date(today - timedelta(days=29))}" in result.text
    empty = call_tool("check_violations", {"license_plate": "ABC123", "date_range": "2019"})
    assert empty.text.endswith("✅ **No outstanding violations issued between January 1, 2019 and "
                               "December 31, 2019.** Nothing is owed for this plate.")


VALID = [
    {"license_plate": "ABC123"},
    {"license_plate": "abc-123", "include_payment_options": False},
    {"license_plate": "ABC123", "date_range": "2025-01"},
    {"license_plate": "ABC123", "date_range": "2025-01-01..2025-02-01"},
    {"license_plate": "ABC123", "date_range": "8w"},
]

INVALID = [
    ({}, {"license_plate": ["This field is required."]}),
    ({"license_plate": "A"}, {"license_plate": [PLATE_MESSAGE]}),
    ({"license_plate": ""}, {"license_plate": ["This field may not be blank."]}),
    ({"license_plate": "ABC123", "include_payment_options": "maybe"},
     {"include_payment_options": ['Expected a boolean (true or false), got the string "maybe".']}),
    ({"license_plate": "ABC123", "date_range": "last month"}, {"date_range": [DATE_RANGE_MESSAGE]}),
    ({"license_plate": "ABC123", "plate": "X"},
     {"plate": ["Unknown argument; this tool takes: license_plate, include_payment_options, date_range."]}),
]


@pytest.mark.parametrize("arguments", VALID)
def test_valid_arguments(call_tool, violation_types, arguments):
    assert call_tool("check_violations", arguments).is_error is False


@pytest.mark.parametrize("arguments, fields", INVALID)
def test_invalid_arguments_name_the_argument(call_tool, violation_types, arguments, fields):
    result = call_tool("check_violations", arguments)
    assert result.is_error is True
    assert result.structured["error"]["fields"] == fields
    for name in fields:
        assert f"- `{name}`:" in result.text


def test_query_count_does_not_grow_with_citations(call_tool, make_citation, django_assert_num_queries):
    make_citation()
    with django_assert_num_queries(1):
        result = call_tool("check_violations", {"license_plate": "ABC123"})
    assert result.is_error is False, result.text  # the capped call succeeded
    for days in range(12):
        make_citation(issued_days_ago=days * 10, status="contested" if days % 3 == 0 else "issued")
    with django_assert_num_queries(1):
        result = call_tool("check_violations", {"license_plate": "ABC123"})
    assert result.is_error is False, result.text  # the capped call succeeded
