"""citation_pay: exact amounts, declines that change nothing, idempotent retries, real concurrency."""
import threading
import time
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from apps.core.errors import ServiceError
from apps.parking import errors
from apps.core.models import ReferenceSequence
from apps.parking.models import Citation, Payment, PaymentItem
from apps.core.payments import Charge, DemoPaymentGateway
from apps.parking.services import citation_pay
from tests.parking.helpers import events


class CountingGateway(DemoPaymentGateway):
    """The demo gateway, slowed down and counting charges, to make races real."""

    name = "counting"
    charges = 0
    delay = 0.0
    lock = threading.Lock()

    def charge(self, **kwargs) -> Charge:
        time.sleep(self.delay)
        result = super().charge(**kwargs)
        with self.lock:
            type(self).charges += 1
        return result


@pytest.fixture
def gateway(settings):
    settings.CIVICMIND_PAYMENT_GATEWAY = "tests.parking.services.test_payments.CountingGateway"
    CountingGateway.charges = 0
    CountingGateway.delay = 0.0
    return CountingGateway


def pay(numbers, amount, *, plate="ABC123", method="tok_visa", key=None):
    return citation_pay(license_plate=plate, citation_numbers=numbers, amount=Decimal(amount),
                        payment_method=method, idempotency_key=key, actor="tester")


def snapshot():
    """Everything a payment could touch."""
    return (sorted(Citation.objects.values_list("citation_number", "status")), Payment.objects.count(),
            PaymentItem.objects.count(), list(ReferenceSequence.objects.values_list("prefix", "year", "last_number")),
            len(events()))


@pytest.mark.django_db
def test_paying_two_citations_in_full(make_citation, violation_types, gateway):
    meter = make_citation(issued_days_ago=45, number="VIO-2025-000001")  # 15 days late: $10 late fee
    driveway = make_citation(kind=violation_types.driveway, issued_days_ago=5, number="VIO-2025-000002")
    outcome = pay([driveway.citation_number, meter.citation_number], "110.00", key="key-0001")
    payment = outcome.payment
    assert outcome.replayed is False
    assert payment.receipt_number == f"RCP-{timezone.localdate().year}-000001"
    assert (payment.amount, payment.method, payment.gateway, payment.is_test) == (
        Decimal("110.00"), "Visa ending 4242", "counting", True)
    assert [(line.citation_number, line.fine, line.late_fees, line.amount) for line in outcome.lines] == [
        ("VIO-2025-000001", Decimal("25.00"), Decimal("10.00"), Decimal("35.00")),
        ("VIO-2025-000002", Decimal("75.00"), Decimal("0.00"), Decimal("75.00")),
    ]
    assert set(Citation.objects.values_list("status", flat=True)) == {"paid"}
    assert PaymentItem.objects.filter(payment=payment).count() == 2
    paid = events("violation.paid")
    assert [(e.data["citation_number"], e.data["receipt_number"], e.data["amount"]) for e in paid] == [
        ("VIO-2025-000002", payment.receipt_number, "75.00"), ("VIO-2025-000001", payment.receipt_number, "35.00")]
    assert gateway.charges == 1


@pytest.mark.django_db
@pytest.mark.parametrize("amount", ["34.99", "35.01", "25.00"])
def test_the_amount_must_equal_what_is_owed(make_citation, gateway, amount):
    citation = make_citation(issued_days_ago=45)
    before = snapshot()
    with pytest.raises(ServiceError) as error:
        pay([citation.citation_number], amount)
    assert error.value.field == "amount"
    assert error.value.message == (f"The amount must equal what is owed: $35.00 for 1 citation ($25.00 in fines + "
                                   f"$10.00 in late fees). You sent ${amount}.")
    assert error.value.details == {"amount_owed": "35.00"}
    assert snapshot() == before and gateway.charges == 0


@pytest.mark.django_db
@pytest.mark.parametrize("token, code", [("tok_chargeDeclined", "payment_declined"),
                                         ("tok_chargeDeclinedInsufficientFunds", "payment_declined"),
                                         ("tok_bogus", "invalid_payment_method"),
                                         ("cash", "invalid_payment_method")])
def test_a_declined_or_unknown_card_changes_nothing(make_citation, gateway, token, code):
    citation = make_citation()
    before = snapshot()
    with pytest.raises(ServiceError) as error:
        pay([citation.citation_number], "25.00", method=token, key="declined-1")
    assert (error.value.code, error.value.field) == (code, "payment_method")
    assert snapshot() == before
    # The same key can be used again once the card works: a decline is not a payment.
    assert pay([citation.citation_number], "25.00", key="declined-1").replayed is False


@pytest.mark.django_db
def test_a_paid_citation_says_where_its_receipt_is(make_citation, gateway):
    citation = make_citation()
    receipt = pay([citation.citation_number], "25.00").payment.receipt_number
    with pytest.raises(ServiceError) as error:
        pay([citation.citation_number], "25.00")
    assert error.value.message == errors.NOT_PAYABLE["paid"].format(number=citation.citation_number, receipt=receipt)
    assert gateway.charges == 1


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["contested", "dismissed", "void", "reported"])
def test_only_issued_citations_can_be_paid(make_citation, gateway, status):
    citation = make_citation(status=status)
    with pytest.raises(ServiceError) as error:
        pay([citation.citation_number], "25.00")
    assert (error.value.code, error.value.details["status"]) == ("not_payable", status)
    assert gateway.charges == 0


@pytest.mark.django_db
def test_another_plates_citation_is_not_found(make_citation, gateway):
    mine = make_citation()
    theirs = make_citation(plate="ZZZ999")
    before = snapshot()
    with pytest.raises(ServiceError) as error:
        pay([mine.citation_number, theirs.citation_number], "50.00")
    assert error.value.message == errors.CITATION_NOT_FOUND.format(number=theirs.citation_number, plate="ABC123")
    assert snapshot() == before


@pytest.mark.django_db
def test_a_retry_with_the_same_key_returns_the_same_receipt(make_citation, gateway):
    citation = make_citation()
    first = pay([citation.citation_number], "25.00", key="retry-key-1")
    after_first = snapshot()
    second = pay([citation.citation_number], "25.00", key="retry-key-1")
    assert second.replayed is True
    assert second.payment.receipt_number == first.payment.receipt_number
    assert second.lines == first.lines
    assert snapshot() == after_first and gateway.charges == 1


@pytest.mark.django_db
def test_a_key_reused_for_another_payment_is_refused(make_citation, gateway):
    one, two = make_citation(), make_citation()
    receipt = pay([one.citation_number], "25.00", key="reused-key-1").payment.receipt_number
    before = snapshot()
    with pytest.raises(ServiceError) as error:
        pay([two.citation_number], "25.00", key="reused-key-1")
    assert (error.value.field, error.value.message) == (
        "idempotency_key", errors.IDEMPOTENCY_KEY_REUSED.format(receipt=receipt))
    assert snapshot() == before and gateway.charges == 1


def _race(make_calls):
    """Run the calls at once on their own threads and connections; return outcomes or error codes."""
    barrier = threading.Barrier(len(make_calls))
    results = []

    def run(call):
        try:
            barrier.wait()
            outcome = call()
            results.append(("paid", outcome.payment.receipt_number, outcome.replayed))
        except ServiceError as error:
            results.append(("refused", error.code, None))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in make_calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return sorted(results)


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_payments_of_one_citation_cannot_both_succeed(make_citation, gateway):
    gateway.delay = 0.3  # hold the first payment open while the second arrives
    citation = make_citation()
    results = _race([lambda: pay([citation.citation_number], "25.00", key="racer-aaaa"),
                     lambda: pay([citation.citation_number], "25.00", key="racer-bbbb")])
    assert [r[0] for r in results] == ["paid", "refused"]
    assert results[1][1] == "not_payable"
    assert Payment.objects.count() == 1 and PaymentItem.objects.count() == 1
    assert len(events("violation.paid")) == 1 and gateway.charges == 1


@pytest.mark.django_db(transaction=True)
def test_overlapping_concurrent_payments_cannot_both_succeed(make_citation, gateway):
    gateway.delay = 0.3
    shared, only_b = make_citation(), make_citation()
    results = _race([lambda: pay([shared.citation_number], "25.00"),
                     lambda: pay([only_b.citation_number, shared.citation_number], "50.00")])
    assert [r[0] for r in results] == ["paid", "refused"]
    assert PaymentItem.objects.filter(citation=shared).count() == 1
    assert gateway.charges == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_retries_with_one_key_charge_once(make_citation, gateway):
    gateway.delay = 0.3
    citation = make_citation()
    results = _race([lambda: pay([citation.citation_number], "25.00", key="same-key-123")] * 3)
    receipts = {r[1] for r in results}
    assert [r[0] for r in results] == ["paid", "paid", "paid"]
    assert len(receipts) == 1 and sorted(r[2] for r in results) == [False, True, True]
    assert Payment.objects.count() == 1 and gateway.charges == 1
