"""pay_bill: through the payment gateway, once per key, under the bill's lock; a decline writes nothing."""
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.core.models import DemoCharge
from apps.events.models import Event
from apps.utilities.models import Bill, BillPayment
from apps.utilities.services import bill_pay
from tests.concurrency import THREADS, run_together
from tests.helpers.demo import demo_fixture
from tests.utilities.conftest import make_bill

demo_utilities = demo_fixture("utilities")
LEE = {"account_number": "UA-100234", "holder_last_name": "Lee"}


def year() -> int:
    return timezone.localdate().year


def test_paying_a_bill_in_full(call_tool, demo_utilities):
    result = call_tool("pay_bill", {**LEE, "bill_number": "ub-202610-100234", "payment_method": "tok_visa",
                                    "idempotency_key": "pay-lee-october"})
    facts = result.structured
    assert {k: facts[k] for k in ("receipt_number", "account_number", "bill_number", "amount", "currency",
                                  "payment_method", "gateway", "test_mode", "replayed", "bill_balance",
                                  "bill_status")} == {
        "receipt_number": f"UP-{year()}-000001", "account_number": "UA-100234", "bill_number": "UB-202610-100234",
        "amount": "157.00", "currency": "USD", "payment_method": "Visa ending 4242", "gateway": "demo",
        "test_mode": True, "replayed": False, "bill_balance": "0.00", "bill_status": "paid"}
    assert result.text.splitlines()[:4] == ["✅ **Payment Received**", "", f"🧾 **Receipt: UP-{year()}-000001**",
                                            "- Account: UA-100234"]
    assert "- This bill is paid in full." in result.text
    bill = Bill.objects.get(bill_number="UB-202610-100234")
    assert (bill.amount_paid, bill.paid_on) == (Decimal("157.00"), timezone.localdate())
    event = Event.objects.get(type="bill.paid")
    assert event.data == {"account_number": "UA-100234", "bill_number": "UB-202610-100234",
                          "receipt_number": f"UP-{year()}-000001", "amount": "157.00", "balance": "0.00",
                          "currency": "USD"}
    assert DemoCharge.objects.count() == 1
    billing = call_tool("billing_inquiry", LEE)
    assert (billing.structured["balance"], billing.structured["bills"][0]["status"]) == ("0.00", "paid")


def test_a_retry_with_the_same_key_returns_the_same_receipt_and_charges_once(call_tool, demo_utilities):
    arguments = {**LEE, "payment_method": "tok_visa", "idempotency_key": "pay-lee-retry"}
    first = call_tool("pay_bill", arguments)
    again = call_tool("pay_bill", arguments)
    assert (again.structured["receipt_number"], again.structured["replayed"]) == (
        first.structured["receipt_number"], True)
    assert again.text.startswith("✅ **Payment Already Received**")
    assert (DemoCharge.objects.count(), Event.objects.filter(type="bill.paid").count()) == (1, 1)
    assert BillPayment.objects.filter(status="succeeded").count() == 1
    other = call_tool("pay_bill", {**arguments, "amount": "10.00"})
    assert (other.is_error, other.structured["error"]["code"]) == (True, "idempotency_key_reused")


def test_a_decline_leaves_the_bill_untouched_and_the_key_unused(call_tool, demo_utilities):
    arguments = {**LEE, "payment_method": "tok_chargeDeclined", "idempotency_key": "pay-lee-declined"}
    declined = call_tool("pay_bill", arguments)
    assert (declined.is_error, declined.structured["error"]["code"]) == (True, "payment_declined")
    assert "Nothing was charged and the bill is unchanged" in declined.text
    bill = Bill.objects.get(bill_number="UB-202610-100234")
    assert (bill.amount_paid, bill.paid_on) == (Decimal("0.00"), None)
    assert not Event.objects.filter(type="bill.paid").exists()
    assert list(BillPayment.objects.values_list("status", "receipt_number")) == [("declined", None)]
    approved = call_tool("pay_bill", {**arguments, "payment_method": "tok_visa"})  # another card, same key
    assert (approved.is_error, approved.structured["bill_status"]) == (False, "paid")


def test_a_partial_payment_and_the_default_bill(call_tool, demo_utilities):
    # Priya Shah's oldest unpaid bill is September's, $76.62 left of $116.62 and past due.
    result = call_tool("pay_bill", {"account_number": "UA-100235", "holder_last_name": "Shah", "amount": "50",
                                    "payment_method": "tok_mastercard"})
    facts = result.structured
    assert (facts["bill_number"], facts["amount"], facts["bill_balance"], facts["bill_status"]) == (
        "UB-202609-100235", "50.00", "26.62", "past_due")
    assert "- Left on this bill: $26.62 (due Saturday, October 24 — overdue by 31 days)" in result.text
    assert Bill.objects.get(bill_number="UB-202609-100235").amount_paid == Decimal("90.00")


@pytest.mark.parametrize("arguments, code, field", [
    ({"holder_last_name": "Shah"}, "owner_proof_required", "holder_last_name"),
    ({"holder_last_name": ""}, "owner_proof_required", "holder_last_name"),
    ({"amount": "157.01"}, "amount_too_high", "amount"),
    ({"bill_number": "UB-202601-100234"}, "bill_not_found", "bill_number"),
    ({"bill_number": "UB-202609-100234"}, "nothing_owed", "bill_number"),
    ({"payment_method": "tok_unknown"}, "invalid_payment_method", "payment_method"),
])
def test_pay_bill_refusals_write_nothing(call_tool, demo_utilities, arguments, code, field):
    result = call_tool("pay_bill", {**LEE, "payment_method": "tok_visa", **arguments})
    assert result.is_error is True
    assert (result.structured["error"]["code"], result.structured["error"].get("field")) == (code, field)
    assert not BillPayment.objects.filter(status__in=["succeeded", "pending"]).exists()
    assert not Event.objects.filter(type="bill.paid").exists()
    assert Bill.objects.get(bill_number="UB-202610-100234").amount_paid == Decimal("0.00")


@pytest.mark.parametrize("arguments, fields", [
    ({"payment_method": "4242 4242 4242 4242"}, ["payment_method"]),
    ({"amount": "0"}, ["amount"]),
    ({"payment_method": None}, ["payment_method"]),
    ({"idempotency_key": "short"}, ["idempotency_key"]),
])
def test_pay_bill_argument_table(call_tool, demo_utilities, arguments, fields):
    result = call_tool("pay_bill", {**LEE, "payment_method": "tok_visa", **arguments})
    assert result.is_error is True
    assert sorted(result.structured["error"]["fields"]) == fields


def test_nothing_owed_on_a_paid_up_account(call_tool, demo_utilities):
    result = call_tool("pay_bill", {"account_number": "UA-100236", "holder_last_name": "Co.",
                                    "payment_method": "tok_visa"})
    assert result.structured["error"]["code"] == "nothing_owed"
    assert "Nothing is owed on account UA-100236" in result.text


# --- under concurrency --------------------------------------------------------------------
@pytest.mark.django_db(transaction=True)
def test_concurrent_retries_with_one_key_charge_once(accounts):
    make_bill(accounts.lee, months_ago=1, amount="99.99", due_in_days=10)
    results = run_together(lambda i: bill_pay(account_number="UA-100234", payment_method="tok_visa",
                                              idempotency_key="same-payment-key", actor="t")).results
    assert len({r.payment.receipt_number for r in results}) == 1
    assert sorted(r.replayed for r in results) == [False] + [True] * (THREADS - 1)
    assert DemoCharge.objects.count() == 1
    assert BillPayment.objects.filter(status="succeeded").count() == 1
    assert Bill.objects.get().amount_paid == Decimal("99.99")


@pytest.mark.django_db(transaction=True)
def test_concurrent_payments_of_one_bill_charge_it_once(accounts):
    make_bill(accounts.lee, months_ago=1, amount="99.99", due_in_days=10)
    race = run_together(lambda i: bill_pay(account_number="UA-100234", payment_method="tok_visa", actor="t"),
                        allow_errors=True)
    paid = [r for r in race.results if r is not None]
    assert len(paid) == 1 and paid[0].replayed is False
    assert sorted(error.code for error in race.errors) == ["nothing_owed"] * (THREADS - 1)
    assert (DemoCharge.objects.count(), BillPayment.objects.count()) == (1, 1)
    assert Bill.objects.get().amount_paid == Decimal("99.99")


# --- a payment whose request died between the charge and its record ------------------------
def _stale_intent(bill, *, charged: bool) -> BillPayment:
    from datetime import timedelta

    from apps.core.payments import payment_gateway

    payment = BillPayment.objects.create(bill=bill, amount=bill.balance, fingerprint="f" * 64,
                                         processor_key="died-mid-payment",
                                         created_at=timezone.now() - timedelta(minutes=5))
    if charged:
        payment_gateway().charge(amount=payment.amount, currency="USD", payment_method="tok_visa",
                                 description="x", idempotency_key=payment.processor_key)
    return payment


def test_a_stale_charged_intent_is_settled_before_anyone_pays_again(demo_utilities):
    bill = Bill.objects.get(bill_number="UB-202610-100234")
    stale = _stale_intent(bill, charged=True)
    with pytest.raises(Exception) as refused:
        bill_pay(account_number="UA-100234", bill_number=bill.bill_number, payment_method="tok_visa", actor="t")
    assert refused.value.code == "nothing_owed"  # the first charge landed: the bill is paid, not charged twice
    stale.refresh_from_db()
    assert (stale.status, stale.receipt_number) == ("succeeded", f"UP-{year()}-000001")
    assert Bill.objects.get(pk=bill.pk).amount_paid == Decimal("157.00")
    assert DemoCharge.objects.count() == 1


def test_a_stale_uncharged_intent_is_released_and_the_new_payment_goes_through(demo_utilities):
    bill = Bill.objects.get(bill_number="UB-202610-100234")
    stale = _stale_intent(bill, charged=False)
    outcome = bill_pay(account_number="UA-100234", bill_number=bill.bill_number, payment_method="tok_visa",
                       actor="t")
    stale.refresh_from_db()
    assert (stale.status, outcome.payment.status, outcome.bill.amount_paid) == (
        "declined", "succeeded", Decimal("157.00"))
