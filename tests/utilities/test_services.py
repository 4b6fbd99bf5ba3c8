"""Utilities writes: outage reports (join, duplicate, new), outage status, service requests."""
from datetime import timedelta

import pytest
from django.utils import timezone

from apps.core.errors import ServiceError
from apps.events.models import Event
from apps.utilities.locks import reference_allocate
from apps.core.models import ReferenceSequence
from apps.utilities.models import Outage, OutageReport, ServiceRequest
from apps.utilities.services import (
    outage_report,
    outage_resolve,
    outage_status_update,
    service_request_create,
    service_request_status_update,
)
from apps.core.business_days import business_days_after
from tests.utilities.conftest import make_outage


def year() -> int:
    return timezone.localdate().year


def counts() -> tuple:
    return (Outage.objects.count(), OutageReport.objects.count(), ServiceRequest.objects.count(),
            Event.objects.count())


# --- outage reports ----------------------------------------------------------------------
def test_first_report_opens_an_outage(places):
    result = outage_report(service_type="water", address="456 Oak Avenue", actor="t", description=" No water ",
                           contact="555-0100")
    outage = result.outage
    assert (result.merged, result.duplicate, result.distance_miles) == (False, False, 0.0)
    assert (outage.outage_id, outage.service_type, outage.status, outage.address, outage.report_count) == (
        f"OUT-{year()}-0001", "water", "reported", "456 Oak Ave", 1)
    assert (outage.latitude, outage.longitude) == (places.oak_456.latitude, places.oak_456.longitude)
    report = OutageReport.objects.get()
    assert (report.address, report.address_key, report.description, report.contact, report.reported_by) == (
        "456 Oak Ave", "456 oak ave", "No water", "555-0100", "t")
    event = Event.objects.get()
    assert (event.type, event.domain, event.data) == ("outage.reported", "utilities", {
        "outage_id": f"OUT-{year()}-0001", "service_type": "water", "address": "456 Oak Ave", "new_outage": True,
        "report_count": 1})


def test_report_near_an_active_outage_joins_it(places):
    known = make_outage("OUT-2026-0007", places.oak_456, estimated_restoration=timezone.now() + timedelta(hours=3))
    result = outage_report(service_type="water", address="123 Oak St", actor="t")
    assert (result.outage, result.merged, result.duplicate) == (known, True, False)
    assert result.distance_miles == pytest.approx(0.30, abs=0.01)
    assert Outage.objects.get().report_count == 2
    assert Event.objects.get().data == {"outage_id": "OUT-2026-0007", "service_type": "water",
                                        "address": "123 Oak St", "new_outage": False, "report_count": 2}


def test_same_address_again_is_counted_once(places):
    outage_report(service_type="water", address="456 Oak Ave", actor="t")
    before = counts()
    again = outage_report(service_type="water", address="456 oak ave", actor="t")
    assert (again.merged, again.duplicate, again.outage.report_count) == (True, True, 1)
    assert counts() == before


def test_other_service_or_far_away_opens_another_outage(places):
    outage_report(service_type="water", address="456 Oak Ave", actor="t")
    gas = outage_report(service_type="gas", address="456 Oak Ave", actor="t")
    far = outage_report(service_type="water", address="42 Pine St", actor="t")
    assert (gas.merged, far.merged) == (False, False)
    assert list(Outage.objects.order_by("outage_id").values_list("outage_id", flat=True)) == [
        f"OUT-{year()}-{n:04d}" for n in (1, 2, 3)]


def test_resolved_outages_are_not_joined(places):
    make_outage("OUT-2026-0007", places.oak_456, status="resolved")
    assert outage_report(service_type="water", address="456 Oak Ave", actor="t").merged is False


def test_unknown_address_is_refused_and_nothing_is_written(places):
    with pytest.raises(ServiceError) as refused:
        outage_report(service_type="water", address="1 Nowhere Lane", actor="t")
    assert (refused.value.code, refused.value.field) == ("unknown_place", "address")
    assert counts() == (0, 0, 0, 0)


def test_outage_numbers_continue_above_existing_ones(places):
    make_outage(f"OUT-{year()}-0041", places.pine_42, status="resolved")
    assert outage_report(service_type="water", address="456 Oak Ave", actor="t").outage.outage_id == (
        f"OUT-{year()}-0042")
    assert ReferenceSequence.objects.get(prefix="OUT").last_number == 42
    assert reference_allocate(prefix="SR", year=1999) == "SR-1999-000001"


# --- outage status -----------------------------------------------------------------------
def test_confirm_then_dispatch_with_an_estimate(places):
    outage_report(service_type="electric", address="456 Oak Ave", actor="t")
    case = f"OUT-{year()}-0001"
    confirmed = outage_status_update(outage_id=case.lower(), status="confirmed", actor="t", cause="Storm damage")
    assert (confirmed.old_status, confirmed.outage.status, confirmed.outage.cause) == (
        "reported", "confirmed", "Storm damage")
    eta = timezone.now() + timedelta(hours=4)
    dispatched = outage_status_update(outage_id=case, status="crew_dispatched", actor="t", estimated_restoration=eta)
    outage = Outage.objects.get()
    assert (outage.status, outage.estimated_restoration) == ("crew_dispatched", eta)
    assert outage.confirmed_at <= outage.dispatched_at
    assert dispatched.changed is True


def test_estimate_in_the_past_is_refused(places):
    outage_report(service_type="electric", address="456 Oak Ave", actor="t")
    with pytest.raises(ServiceError) as refused:
        outage_status_update(outage_id=f"OUT-{year()}-0001", status="confirmed", actor="t",
                             estimated_restoration=timezone.now() - timedelta(hours=1))
    assert (refused.value.code, refused.value.field) == ("restoration_in_past", "estimated_restoration")
    assert Outage.objects.get().status == "reported"


def test_backwards_transition_is_refused(places):
    make_outage("OUT-2026-0007", places.oak_456)
    with pytest.raises(ServiceError) as refused:
        outage_status_update(outage_id="OUT-2026-0007", status="confirmed", actor="t")
    assert refused.value.message == "Outage OUT-2026-0007 is crew dispatched and cannot move to confirmed."


def test_resolve_once(places):
    make_outage("OUT-2026-0007", places.oak_456, report_count=3)
    first = outage_resolve(outage_id="out-2026-0007", actor="staff:kim", note=" Main repaired ")
    assert (first.changed, first.old_status, first.outage.status, first.outage.resolution_note) == (
        True, "crew_dispatched", "resolved", "Main repaired")
    assert Outage.objects.get().updated_by == "staff:kim"
    assert first.outage.resolved_at is not None
    again = outage_resolve(outage_id="OUT-2026-0007", actor="t")
    assert (again.changed, again.old_status) == (False, "resolved")
    assert list(Event.objects.values_list("type", "data")) == [
        ("outage.resolved", {"outage_id": "OUT-2026-0007", "service_type": "water", "report_count": 3})]


def test_status_update_to_resolved_resolves(places):
    make_outage("OUT-2026-0007", places.oak_456)
    assert outage_status_update(outage_id="OUT-2026-0007", status="resolved", actor="t").outage.status == "resolved"
    assert Event.objects.get().type == "outage.resolved"


def test_unknown_outage(db):
    with pytest.raises(ServiceError) as refused:
        outage_resolve(outage_id="OUT-2026-0404", actor="t")
    assert (refused.value.code, refused.value.field) == ("outage_not_found", "outage_id")


# --- service requests --------------------------------------------------------------------
def test_request_for_an_account(accounts):
    result = service_request_create(account_number="ua-100234", request_type="meter_reading", service_type="water",
                                    description=" Meter looks stuck ", actor="api-key:app",
                                    contact="jordan@example.com")
    request = result.request
    assert request.created_by == "api-key:app"
    assert (request.reference, request.account, request.address, request.service_type, request.status,
            request.priority, request.description) == (
        f"SR-{year()}-000001", accounts.lee, "456 Oak Ave", "water", "open", "normal", "Meter looks stuck")
    assert request.respond_by == business_days_after(timezone.localdate(), 5)
    assert Event.objects.get().data == {"reference": f"SR-{year()}-000001", "service_type": "water",
                                        "request_type": "meter_reading", "account_number": "UA-100234"}


def test_one_service_account_needs_no_service_type(accounts):
    assert service_request_create(account_number="UA-100300", request_type="repair", description="x",
                                  actor="t").request.service_type == "gas"


def test_leak_is_urgent_and_answered_today(accounts):
    request = service_request_create(account_number="UA-100234", request_type="leak", service_type="water",
                                     description="Water by the meter", actor="t").request
    assert request.priority == "urgent"
    assert request.respond_by == business_days_after(timezone.localdate(), 0)


def test_request_by_address_without_an_account(places):
    request = service_request_create(address="123 Oak St", request_type="start_service", service_type="electric",
                                     description="Moving in", actor="t").request
    assert (request.account, request.address, request.latitude) == (None, "123 Oak St", places.oak_st_123.latitude)


@pytest.mark.parametrize("arguments, code, field, message", [
    ({"account_number": "UA-100234", "request_type": "repair"}, "service_type_required", "service_type",
     "Say which service this is about: electric, sewer, water."),
    ({"address": "123 Oak St", "request_type": "start_service"}, "service_type_required", "service_type",
     "Say which service this is about: water, electric, gas, sewer."),
    ({"account_number": "UA-100234", "request_type": "repair", "service_type": "gas"}, "service_not_on_account",
     "service_type", "Account UA-100234 has no gas service (it has: electric, sewer, water). To add it, create a "
     "start_service request."),
    ({"account_number": "UA-100234", "request_type": "start_service", "service_type": "water"},
     "service_already_on_account", "service_type", "Account UA-100234 already has water service."),
    ({"account_number": "UA-100198", "request_type": "repair", "service_type": "water"}, "account_closed",
     "account_number", "Account UA-100198 is closed; to start service again, give the address instead."),
    ({"account_number": "UA-000000", "request_type": "repair", "service_type": "water"}, "account_not_found",
     "account_number", "No utility account has number UA-000000. Account numbers look like UA-100234 and are "
     "printed at the top of every bill."),
    ({"address": "Nowhere", "request_type": "repair", "service_type": "water"}, "unknown_place", "address", None),
])
def test_request_refusals_write_nothing(accounts, arguments, code, field, message):
    with pytest.raises(ServiceError) as refused:
        service_request_create(description="x", actor="t", **arguments)
    assert (refused.value.code, refused.value.field) == (code, field)
    if message:
        assert refused.value.message == message
    assert counts() == (0, 0, 0, 0)


def test_closed_account_with_an_address_starts_service_again(accounts):
    request = service_request_create(account_number="UA-100198", address="123 Oak St", request_type="start_service",
                                     service_type="water", description="Back in town", actor="t").request
    assert (request.account, request.address, request.service_type) == (accounts.closed, "123 Oak St", "water")


def test_retry_with_the_same_key_returns_the_first_request(accounts):
    first = service_request_create(account_number="UA-100234", request_type="repair", service_type="water",
                                   description="x", actor="t", idempotency_key="k1")
    again = service_request_create(account_number="UA-100234", request_type="repair", service_type="water",
                                   description="x", actor="t", idempotency_key="k1")
    assert (again.request, again.replayed, first.replayed) == (first.request, True, False)
    assert counts() == (0, 0, 1, 1)


def test_request_status_moves_forward_only(accounts):
    reference = service_request_create(account_number="UA-100300", request_type="repair", description="x",
                                       actor="t").request.reference
    assert service_request_status_update(reference=reference, status="scheduled", actor="t").status == "scheduled"
    assert service_request_status_update(reference=reference, status="completed", actor="t").status == "completed"
    with pytest.raises(ServiceError) as refused:
        service_request_status_update(reference=reference, status="open", actor="t")
    assert refused.value.message == f"Service request {reference} is completed and cannot move to open."


def test_a_request_status_move_emits_one_event_and_staying_put_none(accounts):
    reference = service_request_create(account_number="UA-100300", request_type="repair", description="x",
                                       actor="t").request.reference
    service_request_status_update(reference=reference, status="scheduled", actor="t")
    service_request_status_update(reference=reference, status="scheduled", actor="t")
    assert list(Event.objects.filter(type="service_request.status_changed").values_list("domain", "data")) == [
        ("utilities", {"reference": reference, "service_type": "gas", "request_type": "repair",
                       "old_status": "open", "status": "scheduled"})]
