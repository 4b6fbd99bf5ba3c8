"""Utilities reads: accounts and their standing, outages near a point."""
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.core.errors import ServiceError
from apps.utilities.selectors import (
    account_get,
    account_number_normalize,
    address_resolve,
    bill_status,
    billing_summary,
    outage_active_list,
    outage_get,
    outage_nearest_active,
)
from tests.utilities.conftest import make_bill, make_outage


@pytest.mark.parametrize("typed, number", [
    ("UA-100234", "UA-100234"), (" ua-100234 ", "UA-100234"), ("ua 100234", "UA-100234"), ("UA100234", "UA-100234"),
    ("100234", "100234"),
])
def test_account_number_normalize(typed, number):
    assert account_number_normalize(typed) == number


def test_account_get_unknown(db):
    with pytest.raises(ServiceError) as refused:
        account_get(account_number="ua-999999")
    assert (refused.value.code, refused.value.field) == ("account_not_found", "account_number")
    assert refused.value.message == ("No utility account has number UA-999999. Account numbers look like UA-100234 "
                                     "and are printed at the top of every bill.")


def test_address_resolve_names_the_argument(places):
    with pytest.raises(ServiceError) as refused:
        address_resolve(address="456 Oak Avenu")
    assert (refused.value.code, refused.value.field) == ("unknown_place", "address")
    assert refused.value.details == {"suggestions": ["456 Oak Ave", "Oak Ave", "123 Oak St"]}


@pytest.mark.parametrize("amount, paid, due_in, status", [
    ("100.00", "100.00", -5, "paid"),
    ("100.00", "40.00", 5, "partially_paid"),
    ("100.00", "40.00", -1, "past_due"),
    ("100.00", "0.00", 0, "due"),  # due today is not late yet
    ("100.00", "0.00", -1, "past_due"),
])
def test_bill_status(accounts, amount, paid, due_in, status):
    bill = make_bill(accounts.lee, months_ago=1, amount=amount, paid=paid, due_in_days=due_in)
    assert bill_status(bill, today=timezone.localdate()) == status


def test_billing_summary(accounts, django_assert_num_queries):
    today = timezone.localdate()
    make_bill(accounts.lee, months_ago=8, amount="50.00", due_in_days=-200)  # old and unpaid: still owed
    for months in (7, 6, 5, 4, 3):
        make_bill(accounts.lee, months_ago=months, amount="80.00", paid="80.00", due_in_days=-30 * months,
                  paid_on=today - timedelta(days=30 * months))
    make_bill(accounts.lee, months_ago=2, amount="120.00", paid="20.00", due_in_days=-10)
    make_bill(accounts.lee, months_ago=1, amount="99.99", due_in_days=12)
    with django_assert_num_queries(5):  # account, services, recent bills, their lines, unpaid bills
        summary = billing_summary(account_number="ua100234")
    assert (summary.balance, summary.past_due) == (Decimal("249.99"), Decimal("150.00"))
    assert (summary.next_due_date, summary.next_due_amount) == (today + timedelta(days=12), Decimal("99.99"))
    assert len(summary.bills) == 6
    assert [summary.statuses[b.pk] for b in summary.bills] == ["due", "past_due", "paid", "paid", "paid", "paid"]
    assert summary.last_payment_on == today - timedelta(days=90)


def test_billing_summary_with_nothing_owed(accounts):
    summary = billing_summary(account_number="UA-100300")
    assert (summary.balance, summary.past_due, summary.next_due_date, summary.bills) == (0, 0, None, [])


def test_nearest_active_outage_within_the_radius(places):
    near = make_outage("OUT-2026-0001", places.oak_456)
    found = outage_nearest_active(service_type="water", latitude=places.oak_st_123.latitude,
                                  longitude=places.oak_st_123.longitude)
    assert found[0] == near
    assert found[1] == pytest.approx(0.30, abs=0.01)


def test_nearest_active_outage_ignores_far_resolved_and_other_services(places, settings):
    make_outage("OUT-2026-0001", places.pine_42)  # about a mile away
    make_outage("OUT-2026-0002", places.oak_456, status="resolved")
    make_outage("OUT-2026-0003", places.oak_456, service_type="gas")
    point = {"latitude": places.oak_st_123.latitude, "longitude": places.oak_st_123.longitude}
    assert outage_nearest_active(service_type="water", **point) is None
    settings.UTILITIES_OUTAGE_MERGE_RADIUS_FEET = 1000  # 0.19 miles: 0.30 away is now outside
    make_outage("OUT-2026-0004", places.oak_456)
    assert outage_nearest_active(service_type="water", **point) is None


def test_known_extent_widens_the_radius(places):
    wide = make_outage("OUT-2026-0001", places.pine_42, affected_radius_feet=7000)
    found = outage_nearest_active(service_type="water", latitude=places.oak_456.latitude,
                                  longitude=places.oak_456.longitude)
    assert found[0] == wide


def test_nearest_of_two(places):
    make_outage("OUT-2026-0001", places.oak_456)
    closer = make_outage("OUT-2026-0002", places.oak_st_123)
    found = outage_nearest_active(service_type="water", latitude=places.oak_st_123.latitude,
                                  longitude=places.oak_st_123.longitude)
    assert (found[0], found[1]) == (closer, 0.0)


def test_active_list_sorted_by_distance(places, django_assert_num_queries):
    far = make_outage("OUT-2026-0001", places.pine_42, service_type="electric")
    near = make_outage("OUT-2026-0002", places.oak_456)
    make_outage("OUT-2026-0003", places.oak_456, status="resolved")
    with django_assert_num_queries(1):
        found = outage_active_list(near=places.oak_st_123)
    assert [(f.outage, f.affects_address) for f in found] == [(near, True), (far, False)]
    assert [f.outage for f in outage_active_list(service_type="electric")] == [far]
    assert [f.distance_miles for f in outage_active_list()] == [None, None]


def test_outage_get(places):
    make_outage("OUT-2026-0001", places.oak_456)
    assert outage_get(outage_id=" out-2026-0001").outage_id == "OUT-2026-0001"
    with pytest.raises(ServiceError) as refused:
        outage_get(outage_id="OUT-2026-0404")
    assert refused.value.message == ("No outage has id OUT-2026-0404. Outage ids look like OUT-2026-0007; "
                                     "check_outages lists the active ones.")
