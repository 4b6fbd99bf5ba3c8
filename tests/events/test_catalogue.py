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


def test_public_fields_are_declared_fields_and_private_identifiers_are_not_public():
    for event_type in CATALOGUE:
        assert set(event_type.public) <= set(event_type.fields), event_type.name
    private = {"license_plate", "citation_number", "violation_id", "receipt_number", "amount", "reason", "location",
               "address", "case_number", "account_number", "inspector", "unit"}
    for event_type in CATALOGUE:
        assert not private & set(event_type.public), event_type.name
    # Public records stay public (DESIGN.md): a permit's reference and address, a variance's address and hearing.
    assert {"reference", "property_address", "status"} <= set(EVENT_TYPES["permit.submitted"].public)
    assert {"property_address", "hearing_date"} <= set(EVENT_TYPES["variance.submitted"].public)


def test_docs_show_each_types_public_fields():
    text = DOCS.read_text()
    for event_type in CATALOGUE:
        row = next(line for line in text.splitlines() if line.startswith(f"| `{event_type.name}` "))
        public_cell = row.rstrip(" |").rsplit("|", 1)[1].strip()
        expected = ", ".join(f"`{name}`" for name in event_type.public) or "—"
        assert public_cell == expected, event_type.name
