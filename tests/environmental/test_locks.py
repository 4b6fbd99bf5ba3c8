"""Concurrent bookings: a day never takes more pickups than its capacity; one booking per retried key.

Real threads with their own database connections against committed data (transactional_db);
the address and slot row locks in apps.environmental.locks are what keep these right.
"""
from collections import Counter

import pytest

from apps.environmental.models import BulkPickup, PickupSlot
from apps.environmental.services import bulk_pickup_schedule
from tests.environmental.conftest import next_bulk_days
from tests.concurrency import THREADS, run_together


@pytest.mark.django_db(transaction=True)
def test_concurrent_bookings_fill_days_to_capacity_and_no_further(city):
    results = run_together(
        lambda i: bulk_pickup_schedule(address=f"{100 + i} Oak Ave", items=["sofa"], actor="t")).results
    days = next_bulk_days(city.west)
    assert Counter(r.pickup.scheduled_for for r in results) == {days[0]: 2, days[1]: 2, days[2]: 2}
    assert list(PickupSlot.objects.order_by("date").values_list("booked", flat=True)) == [2, 2, 2]
    assert len({r.pickup.reference for r in results}) == THREADS


@pytest.mark.django_db(transaction=True)
def test_one_address_booking_at_once_pays_for_the_third(city):
    results = run_together(lambda i: bulk_pickup_schedule(address="456 Oak Ave", items=["sofa"], actor="t"),
                           count=3).results
    assert sorted(str(r.pickup.fee) for r in results) == ["0.00", "0.00", "35.00"]


@pytest.mark.django_db(transaction=True)
def test_concurrent_retries_with_one_key_book_once(city):
    results = run_together(lambda i: bulk_pickup_schedule(address="456 Oak Ave", items=["sofa"], actor="t",
                                                          idempotency_key="same")).results
    assert BulkPickup.objects.count() == 1 and PickupSlot.objects.get().booked == 1
    assert sorted(r.replayed for r in results) == [False] + [True] * (THREADS - 1)
