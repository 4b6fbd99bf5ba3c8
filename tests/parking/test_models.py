"""Model invariants the database enforces itself."""
from datetime import time
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.parking.fees import LateFeeSchedule
from apps.parking.models import Citation, ParkingFacility, Payment, PaymentItem, ViolationType

pytestmark = pytest.mark.django_db


def refused(create) -> bool:
    try:
        with transaction.atomic():
            create()
    except IntegrityError:
        return True
    return False


def test_violation_type_schedule_and_str(violation_types):
    assert str(violation_types.meter) == "Expired Meter"
    assert violation_types.meter.late_fee_schedule == LateFeeSchedule(
        initial=Decimal("10.00"), recurring=Decimal("10.00"), interval_days=30, cap=Decimal("40.00"))
    assert violation_types.retired.late_fee_schedule.cap is None


@pytest.mark.parametrize("fields", [
    {"fine": Decimal("-1")}, {"late_fee_initial": Decimal("-1")}, {"late_fee_cap": Decimal("-0.01")},
    {"late_fee_interval_days": 0},
])
def test_violation_type_constraints(fields):
    values = {"code": "x", "description": "X", "fine": Decimal("10")} | fields
    assert refused(lambda: ViolationType.objects.create(**values))
    assert not ViolationType.objects.exists()


def test_citation_numbers_are_unique(make_citation):
    make_citation(number="VIO-2025-000001")
    assert refused(lambda: make_citation(number="VIO-2025-000001"))
    assert Citation.objects.count() == 1


@pytest.mark.parametrize("status, missing", [
    ("issued", {"issued_at": None}), ("paid", {"paid_at": None}), ("contested", {"contested_at": None}),
    ("issued", {"due_date": None}),
])
def test_citation_state_needs_its_dates(make_citation, status, missing):
    assert refused(lambda: make_citation(status=status, **missing))
    assert not Citation.objects.exists()


def test_a_report_needs_no_issue_date(make_citation):
    citation = make_citation(status=Citation.Status.REPORTED)
    assert citation.issued_at is None and citation.due_date is None
    assert str(citation) == citation.citation_number


def _payment(**fields):
    values = dict(receipt_number="RCP-2026-000001", license_plate="ABC123", amount=Decimal("25.00"), method="m",
                  gateway="demo", gateway_reference="r", fingerprint="f", paid_at=timezone.now())
    values.update(fields)
    return Payment.objects.create(**values)


def test_idempotency_keys_are_unique_but_may_be_absent():
    _payment(idempotency_key="key-12345")
    assert refused(lambda: _payment(receipt_number="RCP-2026-000002", idempotency_key="key-12345"))
    _payment(receipt_number="RCP-2026-000003", idempotency_key=None)
    _payment(receipt_number="RCP-2026-000004", idempotency_key=None)
    assert Payment.objects.count() == 3


def test_a_payment_amount_is_positive():
    assert refused(lambda: _payment(amount=Decimal("0")))


def test_a_citation_is_paid_at_most_once(make_citation):
    citation = make_citation(status=Citation.Status.PAID)
    first = _payment()
    PaymentItem.objects.create(payment=first, citation=citation, fine=Decimal("25"), late_fees=Decimal("0"),
                               amount=Decimal("25"))
    second = _payment(receipt_number="RCP-2026-000002")
    assert refused(lambda: PaymentItem.objects.create(payment=second, citation=citation, fine=Decimal("25"),
                                                      late_fees=Decimal("0"), amount=Decimal("25")))
    assert str(first.items.get()) == f"RCP-2026-000001 → {citation.citation_number}"


def test_payment_items_add_up(make_citation):
    citation = make_citation(status=Citation.Status.PAID)
    payment = _payment()
    assert refused(lambda: PaymentItem.objects.create(payment=payment, citation=citation, fine=Decimal("25"),
                                                      late_fees=Decimal("10"), amount=Decimal("30")))


def facility(**fields):
    values = dict(name="Lot", kind="lot", latitude=Decimal("37.78"), longitude=Decimal("-122.42"), capacity=10)
    values.update(fields)
    return ParkingFacility.objects.create(**values)


def test_facility_spaces():
    lot = facility(occupied=7)
    assert lot.spaces_available == 3
    assert str(lot) == "Lot"


@pytest.mark.parametrize("fields", [
    {"occupied": 11}, {"hourly_rate": Decimal("-1")}, {"flat_rate": Decimal("-1")},
    {"enforcement_start": time(8)}, {"latitude": Decimal("91")},
])
def test_facility_constraints(fields):
    assert refused(lambda: facility(**fields))
    assert not ParkingFacility.objects.exists()
