"""Paying an application's fees online: receipt, fees paid, event, replay, decline, races."""
import pytest

from apps.core.errors import ServiceError
from apps.core.models import DemoCharge
from apps.events.models import Event
from apps.permits.models import AssessedFee, FeePayment, TimelineEntry
from apps.permits.services import permit_application_fees_pay, permit_fees_pay
from tests.concurrency import THREADS, run_together
from tests.permits.helpers import advance, submit_deck


def approved_deck():
    return advance(submit_deck(), "in_review", "approved")


def snapshot():
    return (FeePayment.objects.filter(status="succeeded").count(), AssessedFee.objects.filter(paid_at__isnull=False)
            .count(), Event.objects.count(), TimelineEntry.objects.count(), DemoCharge.objects.count())


def test_paying_marks_every_fee_paid_with_a_receipt_and_an_event(deck_type, places):
    application = approved_deck()
    outcome = permit_fees_pay(reference=application.reference.lower(), payment_method="tok_visa",
                              idempotency_key="pay-deck-0001", actor="resident")
    payment = outcome.payment
    assert outcome.replayed is False
    assert (payment.status, payment.amount, payment.method, payment.is_test) == (
        "succeeded", 325, "Visa ending 4242", True)
    assert payment.receipt_number == "PFR-2026-000001"
    assert [fee.label for fee in outcome.fees] == ["Permit Fee", "Plan Review", "Inspections"]
    assert all(fee.paid_at and fee.payment_id == payment.pk for fee in AssessedFee.objects.all())
    event = Event.objects.get(type="permit.fees_paid")
    assert event.data == {"reference": application.reference, "receipt_number": "PFR-2026-000001",
                          "amount": "325.00", "status": "approved"}
    entry = application.timeline.last()
    assert (entry.status, entry.actor) == ("approved", "resident")
    assert entry.note == "Fees of $325.00 paid online (Visa ending 4242); receipt PFR-2026-000001."
    assert DemoCharge.objects.count() == 1


def test_a_retry_with_the_same_key_replays_the_receipt_and_charges_once(deck_type, places):
    application = approved_deck()
    first = permit_fees_pay(reference=application.reference, payment_method="tok_visa", idempotency_key="k-000001")
    before = snapshot()
    again = permit_fees_pay(reference=application.reference, payment_method="tok_visa", idempotency_key="k-000001")
    assert (again.replayed, again.payment.pk, again.payment.receipt_number) == (
        True, first.payment.pk, first.payment.receipt_number)
    assert snapshot() == before
    with pytest.raises(ServiceError) as caught:
        permit_fees_pay(reference=application.reference, payment_method="tok_mastercard", idempotency_key="k-000001")
    assert caught.value.code == "idempotency_key_reused"
    assert caught.value.message == ("This idempotency_key was already used for another payment (receipt "
                                    "PFR-2026-000001); use a new key for a new payment.")
    with pytest.raises(ServiceError) as caught:
        permit_fees_pay(reference=application.reference, payment_method="tok_visa", idempotency_key="k-000002")
    assert caught.value.code == "nothing_outstanding"
    assert snapshot() == before


def test_a_decline_leaves_nothing_half_written_and_the_key_usable(deck_type, places):
    application = approved_deck()
    before = snapshot()
    with pytest.raises(ServiceError) as caught:
        permit_fees_pay(reference=application.reference, payment_method="tok_chargeDeclined",
                        idempotency_key="k-decline1")
    assert (caught.value.code, caught.value.field) == ("payment_declined", "payment_method")
    assert caught.value.message == ("The payment was declined: the card issuer declined the charge. Nothing was "
                                    "charged; try another card.")
    assert snapshot() == before
    assert FeePayment.objects.get().status == "declined"
    paid = permit_fees_pay(reference=application.reference, payment_method="tok_visa", idempotency_key="k-decline1")
    assert paid.payment.status == "succeeded" and paid.replayed is False


def test_an_unknown_token_is_refused_by_name(deck_type, places):
    application = approved_deck()
    with pytest.raises(ServiceError) as caught:
        permit_fees_pay(reference=application.reference, payment_method="tok_nope")
    assert (caught.value.code, caught.value.field) == ("invalid_payment_method", "payment_method")
    assert AssessedFee.objects.filter(paid_at__isnull=False).count() == 0


@pytest.mark.parametrize("statuses", [("rejected",), ("withdrawn",)])
def test_closed_applications_take_no_payment(deck_type, places, statuses):
    application = advance(submit_deck(), *statuses)
    with pytest.raises(ServiceError) as caught:
        permit_fees_pay(reference=application.reference, payment_method="tok_visa")
    assert caught.value.code == "nothing_outstanding"
    assert caught.value.message.endswith("its fees can no longer be paid.")
    assert DemoCharge.objects.count() == 0


def test_a_counter_payment_waits_for_a_pending_online_one(deck_type, places):
    application = approved_deck()
    FeePayment.objects.create(application=application, amount=325, currency="USD", payment_method="tok_visa",
                              processor_key="in-flight", fingerprint="x")
    with pytest.raises(ServiceError) as caught:
        permit_application_fees_pay(reference=application.reference)
    assert caught.value.code == "payment_in_progress"
    assert AssessedFee.objects.filter(paid_at__isnull=False).count() == 0


@pytest.mark.django_db(transaction=True)
def test_concurrent_payments_of_the_same_fees_charge_once(places):
    from tests.permits.helpers import make_deck_type

    make_deck_type()
    application = approved_deck()
    race = run_together(lambda i: permit_fees_pay(reference=application.reference, payment_method="tok_visa",
                                                  idempotency_key=f"race-key-{i:04d}"), allow_errors=True)
    paid = [r for r in race.results if r is not None]
    assert len(paid) == 1 and not paid[0].replayed
    assert [error.code for error in race.errors] == ["nothing_outstanding"] * (THREADS - 1)
    assert FeePayment.objects.filter(status="succeeded").count() == 1
    assert DemoCharge.objects.count() == 1  # charged once at the processor
    assert Event.objects.filter(type="permit.fees_paid").count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_retries_with_one_key_charge_once(places):
    from tests.permits.helpers import make_deck_type

    make_deck_type()
    application = approved_deck()
    race = run_together(lambda i: permit_fees_pay(reference=application.reference, payment_method="tok_visa",
                                                  idempotency_key="one-key-0001"))
    assert len({r.payment.pk for r in race.results}) == 1
    assert sorted(r.replayed for r in race.results) == [False] + [True] * (THREADS - 1)
    assert DemoCharge.objects.count() == 1
