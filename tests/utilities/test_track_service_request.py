"""track_service_request: the requester's view with the access code, the public one without, staff's in full."""
import datetime as dt
from types import SimpleNamespace

import pytest

from apps.accounts.principals import Principal
from apps.mcp.calls import run_tool
from apps.mcp.registry import Access, registry
from apps.utilities.services import service_request_status_update
from tests.helpers.demo import demo_fixture
from tests.helpers.today import clock_moved_to

demo_utilities = demo_fixture("utilities")
PUBLIC_FIELDS = {"reference", "status", "service_type", "request_type", "request_type_label", "priority",
                 "created_at", "respond_by", "overdue", "days_overdue", "timeline", "next_step"}


def as_staff(arguments: dict):
    staff = SimpleNamespace(listener="utilities", version="2025-11-25", client_address="127.0.0.1",
                            request_id="test", principal=Principal(name="k", key_id=1, level=Access.STAFF))
    return run_tool(registry.find_tool("utilities", "track_service_request"), arguments, staff)


def test_the_requester_tracks_their_request_with_the_access_code(call_tool, accounts):
    created = call_tool("create_service_request", {
        "account_number": "UA-100234", "holder_last_name": "Lee", "request_type": "meter_reading",
        "service_type": "water", "description": "Meter reads 4 digits too high", "contact": "555-0100"})
    code = created.structured["access_code"]
    reference = created.structured["reference"]
    assert "track_service_request with this access code" in created.text
    owner = call_tool("track_service_request", {"reference": reference.lower(), "access_code": code})
    assert set(owner.structured) == PUBLIC_FIELDS | {"account_number", "address", "description"}
    assert (owner.structured["address"], owner.structured["account_number"]) == ("456 Oak Ave", "UA-100234")
    assert [(e["status"], e["note"]) for e in owner.structured["timeline"]] == [("open", "Request received.")]
    assert "- Address: 456 Oak Ave" in owner.text and "- Details: Meter reads 4 digits too high" in owner.text
    assert "555-0100" not in owner.text

    public = call_tool("track_service_request", {"reference": reference})
    assert set(public.structured) == PUBLIC_FIELDS
    assert "456 Oak Ave" not in public.text and "UA-100234" not in public.text
    wrong = call_tool("track_service_request", {"reference": reference, "access_code": "AAAAA-BBBBB"})
    assert set(wrong.structured) == PUBLIC_FIELDS

    staff = as_staff({"reference": reference})
    assert staff.structured["contact"] == "555-0100"


def test_status_moves_appear_on_the_timeline(call_tool, accounts):
    reference = call_tool("create_service_request", {
        "account_number": "UA-100234", "holder_last_name": "Lee", "request_type": "repair",
        "service_type": "electric", "description": "Meter cover broken"}).structured["reference"]
    service_request_status_update(reference=reference, status="scheduled", actor="staff:kim",
                                  note="Technician booked.")
    result = call_tool("track_service_request", {"reference": reference})
    assert [(e["status"], e["note"]) for e in result.structured["timeline"]] == [
        ("open", "Request received."), ("scheduled", "Technician booked.")]
    assert result.text.splitlines()[-3].endswith(": Scheduled — Technician booked.")
    assert result.structured["next_step"] == "A visit is scheduled; staff will contact you about the time."


def test_a_request_past_its_response_date_is_flagged(call_tool, demo_utilities):
    late = call_tool("track_service_request", {"reference": "sr-2026-120"})  # scheduled, respond by Nov 19
    assert (late.structured["status"], late.structured["overdue"], late.structured["days_overdue"]) == (
        "scheduled", True, 5)
    assert "- ⚠️ Respond by: Thursday, November 19 — overdue by 5 days" in late.text.splitlines()
    assert late.structured["next_step"].startswith("This request is past the date staff respond by; call ")
    on_time = call_tool("track_service_request", {"reference": "SR-2026-000121"})  # open, respond by Nov 25
    assert (on_time.structured["overdue"], on_time.structured["days_overdue"]) == (False, 0)
    assert "- Respond by: Wednesday, November 25 (tomorrow)" in on_time.text.splitlines()
    with clock_moved_to(dt.date(2026, 11, 27)):
        later = call_tool("track_service_request", {"reference": "SR-2026-000121"})
    assert (later.structured["overdue"], later.structured["days_overdue"]) == (True, 2)


def test_a_closed_request_is_never_overdue(call_tool, demo_utilities):
    service_request_status_update(reference="SR-2026-000120", status="completed", actor="staff:kim")
    done = call_tool("track_service_request", {"reference": "SR-2026-000120"})
    assert (done.structured["overdue"], done.structured["days_overdue"]) == (False, 0)
    assert "- Response target: Thursday, November 19 (request completed)" in done.text.splitlines()


@pytest.mark.parametrize("arguments, code", [
    ({"reference": "SR-2026-999999"}, "request_not_found"),
    ({}, "invalid_arguments"),
])
def test_track_service_request_refusals(call_tool, demo_utilities, arguments, code):
    result = call_tool("track_service_request", arguments)
    assert result.is_error is True
    assert result.structured["error"]["code"] == code
