"""Environmental writes: bulk pickups (slots, fees, refusals, retries), reports and their timeline."""
from datetime import timedelta

import pytest
from django.utils import timezone

from apps.core.errors import ServiceError
from apps.environmental.models import BulkPickup, EnvironmentalReport, PickupSlot
from apps.environmental.services import (
    bulk_pickup_schedule,
    bulk_pickup_status_update,
    environmental_report_file,
    environmental_report_status_update,
)
from apps.core.business_days import business_days_after
from apps.events.models import Event
from tests.environmental.conftest import fill, next_bulk_days


def year() -> int:
    return timezone.localdate().year


def counts() -> tuple:
    return BulkPickup.objects.count(), PickupSlot.objects.count(), EnvironmentalReport.objects.count(), \
        Event.objects.count()


def book(address="456 Oak Ave", items=("sofa",), **extra):
    return bulk_pickup_schedule(address=address, items=list(items), actor="t", **extra)


def test_booking_takes_the_first_bulk_day_with_room(city):
    days = next_bulk_days(city.west)
    pickup = book(items=[" sofa ", "armchair"], contact="555-0100").pickup
    assert (pickup.reference, pickup.scheduled_for, pickup.items, pickup.item_count, str(pickup.fee)) == (
        f"BP-{year()}-000001", days[0], ["sofa", "armchair"], 2, "0.00")
    slot = PickupSlot.objects.get()
    assert (slot.area, slot.date, slot.capacity, slot.booked) == (city.west, days[0], 2, 1)
    event = Event.objects.get()
    assert (event.type, event.data) == ("pickup.scheduled", {
        "reference": pickup.reference, "address": "456 Oak Ave", "scheduled_for": days[0].isoformat(), "area": "WS",
        "item_count": 2, "fee": "0.00"})


def test_a_full_day_or_a_later_preference_moves_the_booking(city):
    days = next_bulk_days(city.west)
    fill(city.west, days[0])
    assert book().pickup.scheduled_for == days[1]
    preferred = book(preferred_date=days[1] + timedelta(days=1))
    assert (preferred.pickup.scheduled_for, preferred.preferred_date) == (days[2], days[1] + timedelta(days=1))


def test_capacity_is_respected_day_by_day(city):
    days = next_bulk_days(city.west)
    booked = [book(address=f"{100 + n} Oak Ave").pickup.scheduled_for for n in range(5)]
    assert booked == [days[0], days[0], days[1], days[1], days[2]]


def test_pickups_beyond_the_free_ones_cost_the_fee(city):
    fees = [str(book().pickup.fee) for _ in range(3)]
    assert fees == ["0.00", "0.00", "35.00"]
    bulk_pickup_status_update(reference=BulkPickup.objects.order_by("pk").first().reference, status="cancelled",
                              actor="t")
    assert str(book().pickup.fee) == "35.00"  # one cancelled: two still count, so the fourth is charged too


@pytest.mark.parametrize("items, message", [
    (["sofa", "Old TV"], "\"Old TV\" is not collected at bulk pickups. TVs are e-waste."),
    (["can of paint"], "\"can of paint\" is not collected at bulk pickups. Take paint to the HHW."),
])
def test_refused_items_book_nothing(city, items, message):
    with pytest.raises(ServiceError) as refused:
        book(items=items)
    assert (refused.value.code, refused.value.field, refused.value.message) == ("item_not_accepted", "items", message)
    assert counts() == (0, 0, 0, 0)


def test_past_preference_and_unknown_address_book_nothing(city):
    with pytest.raises(ServiceError) as past:
        book(preferred_date=timezone.localdate() - timedelta(days=1))
    assert (past.value.code, past.value.field) == ("date_in_past", "preferred_date")
    with pytest.raises(ServiceError) as unknown:
        book(address="1 Nowhere Lane")
    assert (unknown.value.code, unknown.value.field) == ("unknown_place", "address")
    assert counts() == (0, 0, 0, 0)


def test_every_day_full_is_refused(city, settings):
    settings.ENVIRONMENTAL_BULK_HORIZON_WEEKS = 2
    for day in next_bulk_days(city.west, count=2):
        fill(city.west, day)
    with pytest.raises(ServiceError) as refused:
        book()
    assert refused.value.code == "no_pickup_slot"
    assert refused.value.message.startswith("Every bulk pickup day in Westside is full for the next 2 weeks from ")
    assert BulkPickup.objects.count() == 0


def test_a_retried_key_books_once(city):
    first = book(idempotency_key="k")
    again = book(idempotency_key="k", items=["tv"])  # the retry is answered, not re-validated
    assert (again.replayed, again.pickup.pk) == (True, first.pickup.pk)
    assert PickupSlot.objects.get().booked == 1


def test_cancelling_frees_the_place_and_final_states_stay(city):
    reference = book().pickup.reference
    bulk_pickup_status_update(reference=reference.lower(), status="cancelled", actor="t")
    assert PickupSlot.objects.get().booked == 0
    assert bulk_pickup_status_update(reference=reference, status="cancelled", actor="t").status == "cancelled"
    assert PickupSlot.objects.get().booked == 0
    with pytest.raises(ServiceError) as refused:
        bulk_pickup_status_update(reference=reference, status="completed", actor="t")
    assert refused.value.message == f"Bulk pickup {reference} is cancelled and cannot move to completed."


def test_reports_get_priority_and_response_date(city):
    filing = environmental_report_file(report_type="hazardous_spill", location="Main St", description=" Oil ",
                                       actor="t", contact="555")
    report = filing.report
    today = timezone.localdate()
    assert (report.reference, report.priority, report.status, report.description, report.respond_by) == (
        f"ENV-{year()}-000001", "urgent", "filed", "Oil", business_days_after(today, 0))
    assert Event.objects.get().data == {"reference": report.reference, "report_type": "hazardous_spill",
                                        "location": "Main St", "priority": "urgent"}
    littering = environmental_report_file(report_type="littering", location="Main St", description="x", actor="t")
    assert (littering.report.priority, littering.report.respond_by) == ("normal", business_days_after(today, 5))


def test_report_retry_and_timeline(city):
    first = environmental_report_file(report_type="odor", location="Main St", description="x", actor="t",
                                      idempotency_key="k")
    again = environmental_report_file(report_type="odor", location="Main St", description="x", actor="t",
                                      idempotency_key="k")
    assert (again.replayed, again.report.pk) == (True, first.report.pk)
    reference = first.report.reference
    environmental_report_status_update(reference=reference, status="investigating", actor="t")
    environmental_report_status_update(reference=reference, status="resolved", actor="t", note="Cleaned")
    report = EnvironmentalReport.objects.get()
    assert (report.status, report.resolution_note, [u.status for u in report.updates.all()]) == (
        "resolved", "Cleaned", ["filed", "investigating", "resolved"])
    with pytest.raises(ServiceError) as refused:
        environmental_report_status_update(reference=reference, status="investigating", actor="t")
    assert refused.value.message == f"Report {reference} is resolved and cannot move to investigating."


def test_a_report_status_move_emits_one_event_and_staying_put_none(city):
    reference = environmental_report_file(report_type="odor", location="Main St", description="x",
                                          actor="t").report.reference
    environmental_report_status_update(reference=reference, status="investigating", actor="t")
    environmental_report_status_update(reference=reference, status="investigating", actor="t")
    with pytest.raises(ServiceError):
        environmental_report_status_update(reference=reference, status="filed", actor="t")
    assert list(Event.objects.filter(type="environmental_report.status_changed").values_list("domain", "data")) == [
        ("environmental", {"reference": reference, "report_type": "odor", "old_status": "filed",
                           "status": "investigating"})]
