"""Pay an application's assessed fees online: intent committed before the charge, settled after.

The same three steps as parking's citation payments (apps/parking/services/payments.py),
through the same gateway (apps.core.payments), never holding a transaction across the
network call:
1. in one transaction, under the application's row lock: replay a known idempotency key
   (or refuse it for another request), check the fees are owed, and commit a `pending`
   FeePayment carrying the key the processor will see — a partial unique constraint allows
   one pending payment per application, so a concurrent request waits and starts over;
2. charge through the gateway with that key, outside any transaction;
3. settle: receipt number, fees marked paid (pointing at the payment), a timeline entry
   and `permit.fees_paid` — or mark the attempt declined, which leaves the fees unpaid and
   the caller's key unused.
"""
import hashlib
import json
import logging
import secrets
import time
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone

from apps.core.errors import ServiceError
from apps.core.money import CURRENCY, format_money, money_str, to_money
from apps.core.payments import (
    Charge,
    InvalidPaymentMethod,
    PaymentDeclined,
    PaymentGateway,
    payment_gateway,
    processor_idempotency_key,
)
from apps.events.services import event_emit
from apps.permits import workflow
from apps.permits.errors import (
    FEES_NOT_PAYABLE_MESSAGE,
    INVALID_PAYMENT_METHOD_MESSAGE,
    NOTHING_OUTSTANDING_MESSAGE,
    PAYMENT_DECLINED_MESSAGE,
    PAYMENT_IN_PROGRESS_MESSAGE,
    PAYMENT_KEY_REUSED_MESSAGE,
    PAYMENT_NOT_RECORDED_MESSAGE,
    UNKNOWN_PAYMENT_TOKEN_MESSAGE,
    PermitErrorCode,
)
from apps.permits.locks import RECEIPT_PREFIX, application_lock, receipt_allocate
from apps.permits.models import AssessedFee, FeePayment, PermitApplication, TimelineEntry
from apps.permits.selectors.applications import normalize_reference
from apps.permits.selectors.progress import FEES_OWED

logger = logging.getLogger(__name__)

WAIT_SECONDS = 10  # how long a request waits on another payment of the same fees
STALE_SECONDS = 120  # a pending payment this old lost its request: ask the processor
POLL_SECONDS = 0.05


@dataclass(frozen=True)
class FeePaymentOutcome:
    """The settled payment, the fees it paid, and whether this call replayed an earlier one."""

    payment: FeePayment
    fees: list
    replayed: bool


def fee_payment_fingerprint(*, reference: str, payment_method: str) -> str:
    """Return a digest of what a payment request asks for, to tell a retry from another request."""
    body = json.dumps({"reference": reference, "method": payment_method}, sort_keys=True)
    return hashlib.sha256(body.encode()).hexdigest()


def _replay(previous: FeePayment, fingerprint: str | None) -> FeePaymentOutcome:
    if fingerprint is not None and previous.fingerprint != fingerprint:
        raise ServiceError(PermitErrorCode.IDEMPOTENCY_KEY_REUSED,
                           PAYMENT_KEY_REUSED_MESSAGE.format(receipt=previous.receipt_number),
                           field="idempotency_key")
    return FeePaymentOutcome(payment=previous, fees=list(previous.fees.order_by("sequence", "pk")), replayed=True)


class _Busy(Exception):
    """Another payment of these fees (or under this key) is charging: wait, then start over."""

    def __init__(self, payment: FeePayment | None):
        super().__init__()
        self.payment = payment


def _processor_key(idempotency_key: str | None, fingerprint: str) -> str:
    if not idempotency_key:
        return f"auto-{secrets.token_hex(12)}"
    return processor_idempotency_key(key=idempotency_key, fingerprint=fingerprint)


def _payable_fees(application: PermitApplication) -> list[AssessedFee]:
    if application.status not in FEES_OWED:
        raise ServiceError(PermitErrorCode.NOTHING_OUTSTANDING,
                           FEES_NOT_PAYABLE_MESSAGE.format(reference=application.reference,
                                                           status=workflow.label(application.status)),
                           field="reference", details={"status": application.status})
    unpaid = list(AssessedFee.objects.filter(application=application, paid_at__isnull=True, amount__gt=0)
                  .order_by("sequence", "pk"))
    if not unpaid:
        raise ServiceError(PermitErrorCode.NOTHING_OUTSTANDING,
                           NOTHING_OUTSTANDING_MESSAGE.format(reference=application.reference), field="reference")
    return unpaid


@transaction.atomic
def _intent_open(*, reference: str, payment_method: str, idempotency_key: str | None, fingerprint: str,
                 actor: str) -> FeePayment | FeePaymentOutcome:
    """Step 1: under the application's lock, replay a known key or commit a pending payment."""
    application = application_lock(reference=reference)
    if idempotency_key:
        keyed = FeePayment.objects.filter(idempotency_key=idempotency_key).exclude(
            status=FeePayment.Status.DECLINED).first()
        if keyed is not None and keyed.status == FeePayment.Status.SUCCEEDED:
            return _replay(keyed, fingerprint)
        if keyed is not None:
            raise _Busy(keyed)
    pending = FeePayment.objects.filter(application=application, status=FeePayment.Status.PENDING).first()
    if pending is not None:
        raise _Busy(pending)
    unpaid = _payable_fees(application)
    now = timezone.now()
    processor_key = _processor_key(idempotency_key, fingerprint)
    # An identical retry of a declined attempt is the same attempt at the processor.
    payment = FeePayment.objects.filter(processor_key=processor_key, status=FeePayment.Status.DECLINED).first()
    if payment is None:
        payment = FeePayment(processor_key=processor_key, created_at=now)
    payment.application, payment.status = application, FeePayment.Status.PENDING
    payment.amount, payment.currency = to_money(sum((fee.amount for fee in unpaid), Decimal("0"))), CURRENCY
    payment.payment_method, payment.idempotency_key, payment.fingerprint = payment_method, idempotency_key, fingerprint
    payment.created_by, payment.updated_at, payment.note = actor, now, ""
    try:
        with transaction.atomic():
            payment.save()
    except IntegrityError:
        raise _Busy(None) from None  # the same key went live in a concurrent request a moment ago
    return payment


def _intent_open_waiting(**request) -> FeePayment | FeePaymentOutcome:
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        try:
            return _intent_open(**request)
        except _Busy as busy:
            blocking = busy.payment
        if blocking is not None and blocking.updated_at <= timezone.now() - timedelta(seconds=STALE_SECONDS):
            fee_payment_reconcile(payment=blocking)  # its request died: take the processor's word
            continue
        if time.monotonic() >= deadline:
            raise ServiceError(PermitErrorCode.PAYMENT_IN_PROGRESS,
                               PAYMENT_IN_PROGRESS_MESSAGE.format(reference=request["reference"]), field="reference")
        time.sleep(POLL_SECONDS)


@transaction.atomic
def _close(*, payment_id: int, note: str) -> None:
    """Mark a pending attempt declined: nothing was charged, nothing else was written."""
    payment = FeePayment.objects.select_for_update().get(pk=payment_id)
    if payment.status == FeePayment.Status.PENDING:
        payment.status, payment.note, payment.updated_at = FeePayment.Status.DECLINED, note[:200], timezone.now()
        payment.save(update_fields=["status", "note", "updated_at"])


@transaction.atomic
def fee_payment_settle(*, payment_id: int, charge: Charge, gateway: PaymentGateway) -> FeePaymentOutcome | None:
    """Record an approved charge: receipt, fees paid, timeline entry, event (once, whoever asks).

    Returns None when the charge no longer matches the unpaid fees (staff recorded a
    payment meanwhile): the payment keeps a note and is logged at ERROR for a refund.
    """
    reference = FeePayment.objects.values_list("application__reference", flat=True).get(pk=payment_id)
    application = application_lock(reference=reference)
    payment = FeePayment.objects.select_for_update().get(pk=payment_id)
    if payment.status == FeePayment.Status.SUCCEEDED:
        return _replay(payment, None)
    unpaid = list(AssessedFee.objects.filter(application=application, paid_at__isnull=True, amount__gt=0)
                  .order_by("sequence", "pk"))
    if payment.status != FeePayment.Status.PENDING or to_money(sum((f.amount for f in unpaid), Decimal("0"))) \
            != payment.amount:
        logger.error("Permit fee payment %s was charged (%s) but the fees changed", payment.pk, charge.reference)
        payment.note, payment.updated_at = f"charged {charge.reference} but the fees changed"[:200], timezone.now()
        payment.save(update_fields=["note", "updated_at"])
        return None
    now = timezone.now()
    payment.status, payment.paid_at, payment.updated_at = FeePayment.Status.SUCCEEDED, now, now
    payment.receipt_number = receipt_allocate(prefix=RECEIPT_PREFIX, year=timezone.localdate(now).year)
    payment.method, payment.gateway, payment.gateway_reference = charge.method[:60], gateway.name, charge.reference
    payment.is_test = not gateway.live
    payment.save()
    AssessedFee.objects.filter(pk__in=[fee.pk for fee in unpaid]).update(paid_at=now, payment=payment)
    TimelineEntry.objects.create(
        application=application, status=application.status, actor=payment.created_by, created_at=now,
        note=f"Fees of {format_money(payment.amount)} paid online ({charge.method}); receipt {payment.receipt_number}.")
    event_emit(type="permit.fees_paid", domain="permits", data={
        "reference": application.reference, "receipt_number": payment.receipt_number,
        "amount": money_str(payment.amount), "status": application.status,
    })
    return FeePaymentOutcome(payment=payment, fees=list(payment.fees.order_by("sequence", "pk")), replayed=False)


def fee_payment_reconcile(*, payment: FeePayment) -> str:
    """Settle a pending payment whose request died with the processor's final word; return its status."""
    gateway = payment_gateway()
    charge = gateway.charge_cancel(idempotency_key=payment.processor_key)
    if charge is None:
        _close(payment_id=payment.pk, note="not charged; cancelled at the processor by reconcile")
    else:
        fee_payment_settle(payment_id=payment.pk, charge=charge, gateway=gateway)
    payment.refresh_from_db(fields=["status"])
    return payment.status


def permit_fees_pay(*, reference: str, payment_method: str, idempotency_key: str | None = None,
                    actor: str = "") -> FeePaymentOutcome:
    """Pay every outstanding fee of an application through the payment gateway; return the receipt."""
    key = normalize_reference(reference)
    fingerprint = fee_payment_fingerprint(reference=key, payment_method=payment_method)
    opened = _intent_open_waiting(reference=key, payment_method=payment_method, idempotency_key=idempotency_key,
                                  fingerprint=fingerprint, actor=actor)
    if isinstance(opened, FeePaymentOutcome):
        return opened
    payment = opened
    gateway = payment_gateway()
    try:
        charge = gateway.charge(amount=payment.amount, currency=payment.currency, payment_method=payment_method,
                                description=f"Permit fees {key}", idempotency_key=payment.processor_key)
    except PaymentDeclined as declined:
        _close(payment_id=payment.pk, note=declined.reason)
        raise ServiceError(PermitErrorCode.PAYMENT_DECLINED, PAYMENT_DECLINED_MESSAGE.format(reason=declined.reason),
                           field="payment_method", details={"reason": declined.reason}) from None
    except InvalidPaymentMethod:
        _close(payment_id=payment.pk, note="invalid method")
        message = UNKNOWN_PAYMENT_TOKEN_MESSAGE.format(token=payment_method) if payment_method.startswith("tok_") \
            else INVALID_PAYMENT_METHOD_MESSAGE
        raise ServiceError(PermitErrorCode.INVALID_PAYMENT_METHOD, message, field="payment_method") from None
    try:
        outcome = fee_payment_settle(payment_id=payment.pk, charge=charge, gateway=gateway)
    except DatabaseError:
        connection.close_if_unusable_or_obsolete()  # charged, not recorded: the pending row says so
        raise ServiceError(PermitErrorCode.PAYMENT_NOT_RECORDED,
                           PAYMENT_NOT_RECORDED_MESSAGE.format(charge=charge.reference),
                           details={"reference": charge.reference}) from None
    if outcome is None:
        raise ServiceError(PermitErrorCode.PAYMENT_NOT_RECORDED,
                           PAYMENT_NOT_RECORDED_MESSAGE.format(charge=charge.reference),
                           details={"reference": charge.reference})
    return outcome
