"""Pay a utility bill online: the intent is committed before the charge, so a charge is never unrecorded.

The same three steps as parking's payments (apps/parking/services/payments.py), never
holding a transaction across the network call:
1. in one transaction, under the bill's row lock: replay a known idempotency key (or refuse
   it for another request); wait if a payment of the bill is in flight; check what is owed;
   commit a `pending` BillPayment carrying the key the processor will see;
2. charge through the gateway (apps.core.payments) with that key, outside any transaction;
3. record the outcome: receipt, the bill's amount_paid raised, `bill.paid` — or mark the
   intent declined, which leaves the bill untouched and does not use up the caller's key.
Two payments of one bill at once: the second waits on the first (one pending per bill is a
constraint), then replays it (same key) or finds less owed. A pending intent older than
STALE_SECONDS (its request died after charging) is settled with the processor's final word.
"""
import secrets
import time
from dataclasses import dataclass
from decimal import Decimal

from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone

from apps.core.errors import ServiceError
from apps.core.idempotency import request_fingerprint
from apps.core.money import CURRENCY, money_str, to_money
from apps.core.payments import (
    Charge,
    InvalidPaymentMethod,
    PaymentDeclined,
    PaymentGateway,
    payment_gateway,
    processor_idempotency_key,
)
from apps.events.services import event_emit
from apps.utilities.errors import (
    AMOUNT_TOO_HIGH_MESSAGE,
    IDEMPOTENCY_KEY_REUSED_MESSAGE,
    INVALID_PAYMENT_METHOD_MESSAGE,
    NOTHING_OWED_MESSAGE,
    PAYMENT_DECLINED_MESSAGE,
    PAYMENT_IN_PROGRESS_MESSAGE,
    PAYMENT_NOT_RECORDED_MESSAGE,
    UtilitiesErrorCode,
)
from apps.utilities.locks import bill_lock, bill_payment_lock, reference_allocate
from apps.utilities.models import Bill, BillPayment
from apps.utilities.selectors import account_number_normalize, bill_payment_by_key, bill_payment_pending, bill_to_pay

DOMAIN = "utilities"
WAIT_SECONDS = 10  # how long a payment waits for another payment of the same bill to finish
STALE_SECONDS = 120  # a pending intent older than this lost its request: ask the processor
POLL_SECONDS = 0.05


@dataclass
class BillPaymentOutcome:
    """A recorded payment and the bill it paid; `replayed` when a retried key returned it."""

    payment: BillPayment
    bill: Bill
    replayed: bool = False


class _Busy(Exception):
    """Another payment of this bill is in flight: wait for it, then start over."""

    def __init__(self, pending: BillPayment):
        super().__init__()
        self.pending = pending


def bill_payment_fingerprint(*, account_number: str, bill_number: str | None, amount: Decimal | None,
                             payment_method: str) -> str:
    """Return a digest of what a payment request asks for, to compare idempotent retries."""
    return request_fingerprint({"account": account_number, "bill": bill_number,
                                "amount": money_str(amount) if amount is not None else None,
                                "method": payment_method})


def _replay(previous: BillPayment, fingerprint: str) -> BillPaymentOutcome:
    if previous.fingerprint != fingerprint:
        raise ServiceError(UtilitiesErrorCode.IDEMPOTENCY_KEY_REUSED,
                           IDEMPOTENCY_KEY_REUSED_MESSAGE.format(receipt_number=previous.receipt_number),
                           field="idempotency_key")
    return BillPaymentOutcome(payment=previous, bill=previous.bill, replayed=True)


@transaction.atomic
def _intent_open(*, bill_id: int, amount: Decimal | None, payment_method: str, idempotency_key: str | None,
                 fingerprint: str, actor: str) -> BillPayment | BillPaymentOutcome:
    """Step 1: check the request under the bill's lock and commit its intent (or replay a key)."""
    bill = bill_lock(bill_id=bill_id)
    if idempotency_key:
        previous = bill_payment_by_key(idempotency_key=idempotency_key)
        if previous is not None:
            return _replay(previous, fingerprint)
    pending = bill_payment_pending(bill=bill)
    if pending is not None:
        raise _Busy(pending)
    balance = bill.balance
    if balance <= 0:
        raise ServiceError(UtilitiesErrorCode.NOTHING_OWED,
                           NOTHING_OWED_MESSAGE.format(what=f"bill {bill.bill_number}"), field="bill_number")
    amount = to_money(amount) if amount is not None else balance
    if amount > balance:
        raise ServiceError(UtilitiesErrorCode.AMOUNT_TOO_HIGH, AMOUNT_TOO_HIGH_MESSAGE.format(
            amount=money_str(amount), balance=money_str(balance), bill_number=bill.bill_number), field="amount")
    processor_key = (processor_idempotency_key(key=idempotency_key, fingerprint=fingerprint) if idempotency_key
                     else f"auto-{secrets.token_hex(12)}")
    # An identical retry of a declined attempt is the same attempt at the processor.
    payment = BillPayment.objects.filter(processor_key=processor_key).first() or BillPayment(
        processor_key=processor_key)
    payment.bill, payment.status, payment.amount, payment.currency = bill, BillPayment.Status.PENDING, amount, CURRENCY
    payment.idempotency_key, payment.fingerprint = idempotency_key or None, fingerprint
    payment.note, payment.created_at, payment.created_by = "", timezone.now(), actor
    try:
        with transaction.atomic():
            payment.save()
    except IntegrityError:  # a concurrent payment of the bill went pending a moment ago
        raise _Busy(bill_payment_pending(bill=bill) or payment) from None
    return payment


def _intent_open_waiting(**request) -> BillPayment | BillPaymentOutcome:
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        try:
            return _intent_open(**request)
        except _Busy as busy:
            pending = busy.pending
        if pending.pk and (timezone.now() - pending.created_at).total_seconds() > STALE_SECONDS:
            bill_payment_reconcile(payment=pending)
            continue
        if time.monotonic() >= deadline:
            raise ServiceError(UtilitiesErrorCode.PAYMENT_IN_PROGRESS,
                               PAYMENT_IN_PROGRESS_MESSAGE.format(bill_number=pending.bill.bill_number),
                               field="bill_number")
        time.sleep(POLL_SECONDS)


@transaction.atomic
def _intent_close(*, payment_id: int, note: str) -> None:
    """Mark a pending intent declined: nothing was charged, the bill stays as it was."""
    payment = bill_payment_lock(payment_id=payment_id)
    if payment.status == BillPayment.Status.PENDING:
        payment.status, payment.note = BillPayment.Status.DECLINED, note[:200]
        payment.save(update_fields=["status", "note"])


@transaction.atomic
def bill_payment_settle(*, payment_id: int, charge: Charge, gateway: PaymentGateway) -> BillPaymentOutcome:
    """Step 3: record an approved charge once — receipt, the bill's amount_paid, `bill.paid`."""
    payment = bill_payment_lock(payment_id=payment_id)
    bill = bill_lock(bill_id=payment.bill_id)
    if payment.status == BillPayment.Status.SUCCEEDED:
        return BillPaymentOutcome(payment=payment, bill=bill, replayed=True)
    now = timezone.now()
    bill.amount_paid += payment.amount  # within the amount: the intent was checked under this lock
    bill.paid_on = timezone.localdate(now)
    bill.save(update_fields=["amount_paid", "paid_on"])
    payment.status, payment.paid_at = BillPayment.Status.SUCCEEDED, now
    payment.receipt_number = reference_allocate(prefix="UP", year=timezone.localtime(now).year)
    payment.method, payment.gateway, payment.gateway_reference = charge.method[:60], gateway.name, charge.reference
    payment.is_test = not gateway.live
    payment.save()
    event_emit(type="bill.paid", domain=DOMAIN, data={
        "account_number": bill.account.account_number, "bill_number": bill.bill_number,
        "receipt_number": payment.receipt_number, "amount": payment.amount, "balance": bill.balance,
        "currency": payment.currency,
    })
    return BillPaymentOutcome(payment=payment, bill=bill)


def bill_payment_reconcile(*, payment: BillPayment) -> str:
    """Settle a pending intent whose request died, with the processor's final word; return its status."""
    gateway = payment_gateway()
    charge = gateway.charge_cancel(idempotency_key=payment.processor_key)
    if charge is None:
        _intent_close(payment_id=payment.pk, note="not charged; cancelled at the processor")
    else:
        bill_payment_settle(payment_id=payment.pk, charge=charge, gateway=gateway)
    payment.refresh_from_db(fields=["status"])
    return payment.status


def bill_pay(*, account_number: str, payment_method: str, bill_number: str | None = None,
             amount: Decimal | None = None, idempotency_key: str | None = None,
             actor: str = "") -> BillPaymentOutcome:
    """Pay a bill (the one named, else the oldest unpaid) through the payment gateway, once per key."""
    fingerprint = bill_payment_fingerprint(account_number=account_number_normalize(account_number),
                                           bill_number=bill_number, amount=amount, payment_method=payment_method)
    if idempotency_key:  # a settled key answers even once nothing is owed any more
        previous = bill_payment_by_key(idempotency_key=idempotency_key)
        if previous is not None:
            return _replay(previous, fingerprint)
    bill = bill_to_pay(account_number=account_number, bill_number=bill_number)
    opened = _intent_open_waiting(bill_id=bill.pk, amount=amount, payment_method=payment_method,
                                  idempotency_key=idempotency_key, fingerprint=fingerprint, actor=actor)
    if isinstance(opened, BillPaymentOutcome):
        return opened
    gateway = payment_gateway()
    try:
        charge = gateway.charge(amount=opened.amount, currency=opened.currency, payment_method=payment_method,
                                description=f"Utility bill {bill.bill_number}", idempotency_key=opened.processor_key)
    except PaymentDeclined as declined:
        _intent_close(payment_id=opened.pk, note=declined.reason)
        raise ServiceError(UtilitiesErrorCode.PAYMENT_DECLINED, PAYMENT_DECLINED_MESSAGE.format(reason=declined.reason),
                           field="payment_method", details={"reason": declined.reason}) from None
    except InvalidPaymentMethod:
        _intent_close(payment_id=opened.pk, note="invalid payment method")
        raise ServiceError(UtilitiesErrorCode.INVALID_PAYMENT_METHOD,
                           INVALID_PAYMENT_METHOD_MESSAGE.format(token=payment_method),
                           field="payment_method") from None
    try:
        return bill_payment_settle(payment_id=opened.pk, charge=charge, gateway=gateway)
    except DatabaseError:
        # Charged, not recorded: the pending intent says so, and the next payment of the bill settles it.
        connection.close_if_unusable_or_obsolete()
        raise ServiceError(UtilitiesErrorCode.PAYMENT_NOT_RECORDED,
                           PAYMENT_NOT_RECORDED_MESSAGE.format(reference=charge.reference),
                           details={"reference": charge.reference}) from None
