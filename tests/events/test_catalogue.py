"""The event catalogue: every type the issue lists, owned by a real domain, documented."""
from pathlib import Path

import pytest

from apps.events.catalogue import CATALOGUE, EVENT_TYPES, is_valid_pattern, matches
from civicmind.domains import DOMAINS

DOCS = Path(__file__).resolve().parents[2] / "docs" / "events.md"
REQUIRED_TYPES = [
    "violation.created", "violation.paid", "violation.contested", "permit.submitted", "permit.status_changed",
    "inspection.scheduled", "complaint.filed", "complaint.status_changed", "incident.reported", "unit.dispatched",
    "outage.reported", "outage.resolved", "service_request.created", "road_issue.reported", "variance.submitted",
    "pickup.scheduled", "environmental_report.filed",
]


def test_every_type_the_issue_lists_is_catalogued():
    assert set(REQUIRED_TYPES) <= set(EVENT_TYPES)
    assert len(EVENT_TYPES) == len(CATALOGUE)


def test_every_type_belongs_to_a_domain_and_names_its_identifiers():
    for event_type in CATALOGUE:
        assert event_type.domain in DOMAINS, event_type
        assert event_type.required, event_type
        assert len(set(event_type.fields)) == len(event_type.fields), event_type


def test_violations_carry_what_the_seed_handler_reads():
    assert {"violation_id", "license_plate"} <= set(EVENT_TYPES["violation.created"].required)


@pytest.mark.parametrize("pattern, event_type, expected", [
    ("*", "violation.created", True),
    ("violation.*", "violation.created", True),
    ("violation.*", "violation_report.filed", False),
    ("permit.*", "permits.x", False),
    ("violation.created", "violation.created", True),
    ("violation.created", "violation.paid", False),
])
def test_matches(pattern, event_type, expected):
    assert matches(pattern, event_type) is expected


@pytest.mark.parametrize("pattern, expected", [
    ("*", True), ("permit.*", True), ("service_request.*", True), ("outage.resolved", True),
    ("parade.*", False), ("outage.fixed", False), (".*", False), ("*.created", False), ("permit", False),
])
def test_valid_patterns(pattern, expected):
    assert is_valid_pattern(pattern) is expected


def test_docs_list_every_type_with_its_data_fields():
    text = DOCS.read_text()
    for event_type in CATALOGUE:
        row = next((line for line in text.splitlines() if line.startswith(f"| `{event_type.name}` ")), None)
        assert row is not None, f"{event_type.name} is missing from docs/events.md"
        assert f"| {event_type.domain} |" in row
        for name in event_type.fields:
            assert f"`{name}`" in row, f"{event_type.name}: {name} is not documented"
