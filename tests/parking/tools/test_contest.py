"""contest_violation: within the window, with the citation's own plate; late fees pause."""
from datetime import timedelta

import pytest
from django.utils import timezone

from apps.parking import errors
from apps.parking.models import Citation
from apps.parking.parsing import CITATION_NUMBER_MESSAGE, long_date
from tests.parking.helpers import events

pytestmark = pytest.mark.django_db


def test_a_contest_is_filed(call_tool, make_citation):
    citation = make_citation(number="VIO-2025-001234", issued_days_ago=3)
    result = call_tool("contest_violation", {"citation_number": "vio-2025-1234", "license_plate": "abc-123",
                                             "reason": "The meter was broken and showed 'fail'.",
                                             "evidence": "Photo of the meter display."})
    assert result.is_error is False
    assert result.text.startswith("\n".join([
        "⚖️ **Contest Filed for Violation #VIO-2025-001234**",
        "",
        "- License Plate: ABC123",
        "- Type: Expired Meter",
        "- Fine: $25.00",
        f"- Filed: {long_date(timezone.localdate())}",
        "- Status: ⚖️ Contested — decision pending (late fees paused)",
    ]))
    assert (result.structured["status"], result.structured["late_fees_paused"], result.structured["reason"]) == (
        "contested", True, "The meter was broken and showed 'fail'.")
    citation.refresh_from_db()
    assert citation.contest_evidence == "Photo of the meter display."
    [event] = events("violation.contested")
    assert event.data["citation_number"] == "VIO-2025-001234"


def test_after_the_window_the_answer_says_when_it_closed(call_tool, make_citation):
    citation = make_citation(number="VIO-2025-001234", issued_days_ago=30)
    result = call_tool("contest_violation", {"citation_number": "VIO-2025-001234", "license_plate": "ABC123",
                                             "reason": "I did not see the sign."})
    deadline = timezone.localdate() - timedelta(days=9)
    assert result.is_error is True
    assert result.text == "❌ " + errors.CONTEST_WINDOW_CLOSED.format(
        number="VIO-2025-001234", deadline=long_date(deadline), days=21)
    citation.refresh_from_db()
    assert citation.status == "issued" and events() == []


VALID = [
    {"citation_number": "NUMBER", "license_plate": "ABC123", "reason": "Signs were covered by a tree."},
    {"citation_number": "NUMBER", "license_plate": "abc 123", "reason": "Signs were covered by a tree.",
     "evidence": ""},
]

INVALID = [
    ({"license_plate": "ABC123", "reason": "Signs were covered."}, {"citation_number": ["This field is required."]}),
    ({"citation_number": "12345", "license_plate": "ABC123", "reason": "Signs were covered."},
     {"citation_number": [CITATION_NUMBER_MESSAGE]}),
    ({"citation_number": "NUMBER", "license_plate": "ABC123", "reason": "No."},
     {"reason": ["Ensure this field has at least 10 characters."]}),
    ({"citation_number": "NUMBER", "reason": "Signs were covered."}, {"license_plate": ["This field is required."]}),
]


@pytest.mark.parametrize("arguments", VALID)
def test_valid_arguments(call_tool, make_citation, arguments):
    citation = make_citation()
    arguments = dict(arguments, citation_number=citation.citation_number)
    assert call_tool("contest_violation", arguments).is_error is False


@pytest.mark.parametrize("arguments, fields", INVALID)
def test_invalid_arguments_name_the_argument(call_tool, make_citation, arguments, fields):
    citation = make_citation()
    if arguments.get("citation_number") == "NUMBER":
        arguments = dict(arguments, citation_number=citation.citation_number)
    result = call_tool("contest_violation", arguments)
    assert result.is_error is True
    assert result.structured["error"]["fields"] == fields
    assert Citation.objects.get().status == "issued"


def test_query_count(call_tool, make_citation, event_queries, django_assert_num_queries):
    citation = make_citation()
    # savepoint, lock, update, the event, release
    with django_assert_num_queries(4 + event_queries):
        result = call_tool("contest_violation", {"citation_number": citation.citation_number, "license_plate": "ABC123",
                                        "reason": "Signs were covered by a tree."})
    assert result.is_error is False, result.text  # the capped call succeeded
