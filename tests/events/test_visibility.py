"""The two forms of an event and who gets which (apps.events.visibility)."""
import pytest

from apps.accounts.principals import ANONYMOUS, Principal
from apps.events.visibility import PUBLIC, STAFF, event_domains, event_view, public_data, public_message
from apps.events.wire import StreamEvent
from apps.mcp.registry import Access


def key(level: Access, *domains: str) -> Principal:
    return Principal(name="k", key_id=1, domains=frozenset(domains), level=level, prefix="cmk_abcdefgh")


@pytest.mark.parametrize("principal, view", [
    (None, PUBLIC), (ANONYMOUS, PUBLIC), (key(Access.PUBLIC), PUBLIC), (key(Access.RESIDENT, "parking"), PUBLIC),
    (key(Access.STAFF, "parking"), STAFF), (key(Access.STAFF), STAFF),
    # A level alone is not a key: an anonymous principal never reads as staff.
    (Principal(level=Access.STAFF), PUBLIC),
])
def test_event_view(principal, view):
    assert event_view(principal) == view


@pytest.mark.parametrize("principal, domains", [
    (None, None), (ANONYMOUS, None), (key(Access.STAFF), None), (key(Access.PUBLIC, "permits"), {"permits"}),
    (key(Access.STAFF, "parking", "noise"), {"parking", "noise"}),
])
def test_event_domains(principal, domains):
    assert event_domains(principal) == (None if domains is None else frozenset(domains))


def test_public_data_keeps_declared_fields_only():
    data = {"violation_id": 1, "citation_number": "PV-1", "license_plate": "ABC123", "violation_type": "expired_meter",
            "location": "12 Oak St", "status": "unpaid", "fine": "45.00", "brand_new_field": "x"}
    assert public_data("violation.created", data) == {"violation_type": "expired_meter", "status": "unpaid"}
    assert public_data("no.such_type", data) == {}


def test_the_public_message_keeps_the_envelope():
    message = {"id": 4, "type": "pickup.scheduled", "domain": "environmental", "timestamp": "2026-12-07T10:00:00-08:00",
               "data": {"reference": "BW-1", "address": "77 Elm St", "scheduled_for": "2026-12-10", "area": "A"}}
    assert public_message(message) == {**message, "data": {"scheduled_for": "2026-12-10", "area": "A"}}
    assert message["data"]["address"] == "77 Elm St"  # the stored message is not touched


def test_a_stream_event_carries_both_forms_encoded_once():
    message = {"id": 9, "type": "outage.reported", "domain": "utilities", "timestamp": "t",
               "data": {"outage_id": "OUT-1", "address": "78 Elm St", "service_type": "power"}}
    event = StreamEvent.from_message(message)
    assert "78 Elm St" in event.text_for(STAFF) and "78 Elm St" not in event.text_for(PUBLIC)
    assert event.text_for(PUBLIC) == '{"id":9,"type":"outage.reported","domain":"utilities","timestamp":"t",' \
                                     '"data":{"outage_id":"OUT-1","service_type":"power"}}'
    late = event.as_late()
    assert late.late and late.public_text == event.public_text and late.text == event.text
