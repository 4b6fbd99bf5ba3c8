"""Pay citations: the intent is committed before the charge, so a charge is never unrecorded.

The processors' payment-intent pattern (Stripe's PaymentIntent, Adyen's idempotent
payments), in three steps that never hold a transaction across the network call:
1. in one transaction: lock the citations (primary-key order); replay a known idempotency
   key (or refuse it for a different request); check every citation is payable, that no
   other payment of them is pending, and that the amount equals what is owed today; then
   commit a PaymentIntent carrying the key the processor will see;
2. charge through the gateway with that key, outside any transaction (the processor
   replays a retried key instead of charging twice);
3. record the outcome (payment_intents.payment_intent_settle): payment, receipt, citations
   paid, violation.paid — or mark the intent declined, which does not consume the caller's
   key (docs/parking.md "idempotency"; apps.core.payments.processor_idempotency_key).
If step 3 cannot be written (the database went away), the intent stays pending and the
caller is told not to pay again; reconcile_payments settles it with the processor's answer.
A request that meets a pending payment of the same citations or key waits for it briefly
and starts over (then replays it, or finds the citations paid); one stale beyond
PARKING_PAYMENT_INTENT_STALE_SECONDS is reconciled on the spot.
"""
import hashlib
import json
import secrets
import time
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone

from apps.core.errors import ServiceError
from apps.core.money import CURRENCY, format_money, money_str, to_money
from apps.core.wording import plural
from apps.parking import errors
from apps.parking.errors import ParkingErrorCode
from apps.parking.locks import citations_lock
from apps.parking.models import Citation, Payment, PaymentIntent, PaymentItem
from apps.core.payments import (
    InvalidPaymentMethod,
    PaymentDeclined,
    payment_gateway,
    processor_idempotency_key,
)
from apps.parking.selectors import (
    CitationBalance,
    citation_balance,
    payment_get_by_key,
    payment_intent_blocking,
)
from apps.parking.services.citations import violation_event
from apps.parking.services.numbers import receipt_number_next
from apps.parking.services.payment_intents import (
    payment_in_progress_error,
    payment_intent_close,
    payment_intent_reconcile,
    payment_intent_settle,
)
from apps.parking.services.receipts import PaymentLine, PaymentOutcome, payment_replay

__all__ = ["COUNTER_METHODS", "PaymentLine", "PaymentOutcome", "citation_pay", "citation_payable_check",
           "citation_payment_record", "payment_fingerprint"]

POLL_SECONDS = 0.05


def payment_fingerprint(*, license_plate: str, citation_numbers, amount: Decimal, payment_method: str) -> str:
    """Return a digest of what a payment request asks for, to compare idempotent retries."""
    body = json.dumps({"plate": license_plate, "citations": sorted(citation_numbers),
                       "amount": money_str(amount), "method": payment_method}, sort_keys=True)
    return hashlib.sha256(body.encode()).hexdigest()


def _payable_balances(citations: list, numbers: list, license_plate: str, today) -> list[CitationBalance]:
    by_number = {c.citation_number: c for c in citations if c.license_plate == license_plate}
    balances = []
    for number in numbers:
        citation = by_number.get(number)
        if citation is None:
            raise ServiceError(ParkingErrorCode.CITATION_NOT_FOUND,
                               errors.CITATION_NOT_FOUND.format(number=number, plate=license_plate),
                               field="citation_numbers")
        if citation.status != Citation.Status.ISSUED:
            receipt = ""
            if citation.status == Citation.Status.PAID:
                item = PaymentItem.objects.select_related("payment").filter(citation=citation).first()
                receipt = item.payment.receipt_number if item else "on file"
            raise ServiceError(ParkingErrorCode.NOT_PAYABLE,
                               errors.NOT_PAYABLE[citation.status].format(number=number, receipt=receipt),
                               field="citation_numbers", details={"citation_number": number,
                                                                  "status": citation.status})
        balances.append(citation_balance(citation, today=today))
    return balances


def _check_amount(balances: list[CitationBalance], amount: Decimal) -> Decimal:
    owed = to_money(sum(b.amount_due for b in balances))
    if to_money(amount) != owed:
        fines = to_money(sum(b.fine for b in balances))
        late = to_money(sum(b.late_fees for b in balances))
        raise ServiceError(ParkingErrorCode.AMOUNT_MISMATCH,
                           errors.AMOUNT_MISMATCH.format(owed=format_money(owed),
                                                         citations=plural(len(balances), "citation"),
                                                         fines=format_money(fines), late_fees=format_money(late),
                                                         sent=format_money(amount)),
                           field="amount", details={"amount_owed": money_str(owed)})
    return owed


class _Busy(Exception):
    """Another payment of these citations (or under this key) is pending: wait, then start over."""

    def __init__(self, intent: PaymentIntent | None):
        super().__init__()
        self.intent = intent


def _processor_key(idempotency_key: str | None, fingerprint: str) -> str:
    if not idempotency_key:
        return f"auto-{secrets.token_hex(12)}"
    base = processor_idempotency_key(key=idempotency_key, fingerprint=fingerprint)
    # A released attempt was cancelled at the processor for good: a retry is a new attempt there.
    released = PaymentIntent.objects.filter(idempotency_key=idempotency_key, fingerprint=fingerprint,
                                            status=PaymentIntent.Status.RELEASED).count()
    return f"{base}:r{released}" if released else base


@transaction.atomic
def _intent_open(*, license_plate, numbers, amount, payment_method, idempotency_key, fingerprint,
                 actor) -> PaymentIntent | PaymentOutcome:
    """Step 1: check the request under the citations' locks and commit its intent (or replay)."""
    citations = citations_lock(citation_numbers=numbers)
    if idempotency_key:
        previous = payment_get_by_key(idempotency_key=idempotency_key)
        if previous is not None:
            return payment_replay(previous, fingerprint)
    today = timezone.localdate()
    balances = _payable_balances(citations, numbers, license_plate, today)
    owed = _check_amount(balances, amount)
    blocking = payment_intent_blocking(citation_ids=[b.citation.pk for b in balances],
                                       idempotency_key=idempotency_key)
    if blocking is not None:
        raise _Busy(blocking)
    now = timezone.now()
    processor_key = _processor_key(idempotency_key, fingerprint)
    intent = PaymentIntent.objects.filter(processor_key=processor_key, status=PaymentIntent.Status.DECLINED).first()
    if intent is None:  # an identical retry of a decline is the same attempt at the processor
        intent = PaymentIntent(processor_key=processor_key, created_at=now)
    intent.idempotency_key, intent.fingerprint = idempotency_key or None, fingerprint
    intent.status, intent.license_plate, intent.amount, intent.currency = (
        PaymentIntent.Status.PENDING, license_plate, owed, CURRENCY)
    intent.payment_method, intent.created_by, intent.updated_at = payment_method[:100], actor, now
    intent.citation_numbers = numbers
    intent.description = f"Parking citations {', '.join(numbers)}"[:200]
    try:
        with transaction.atomic():
            intent.save()
    except IntegrityError:
        raise _Busy(None) from None  # the same key went live in a concurrent request a moment ago
    intent.citations.set([b.citation for b in balances])
    return intent


def _intent_open_waiting(**request) -> PaymentIntent | PaymentOutcome:
    """Open the intent, waiting out (or reconciling, if stale) a pending payment in the way."""
    deadline = time.monotonic() + settings.PARKING_PAYMENT_INTENT_WAIT_SECONDS
    stale = timedelta(seconds=settings.PARKING_PAYMENT_INTENT_STALE_SECONDS)
    while True:
        try:
            return _intent_open(**request)
        except _Busy as busy:
            blocking = busy.intent
        if blocking is not None and blocking.updated_at <= timezone.now() - stale:
            payment_intent_reconcile(intent=blocking)  # its request died: take the processor's word
            continue
        if time.monotonic() >= deadline:
            raise payment_in_progress_error(request["numbers"][0])
        time.sleep(POLL_SECONDS)


def citation_pay(*, license_plate: str, citation_numbers: list[str], amount: Decimal, payment_method: str,
                 idempotency_key: str | None = None, actor: str = "") -> PaymentOutcome:
    """Pay outstanding citations of one plate in full through the payment gateway."""
    numbers = list(dict.fromkeys(citation_numbers))
    fingerprint = payment_fingerprint(license_plate=license_plate, citation_numbers=numbers, amount=amount,
                                      payment_method=payment_method)
    opened = _intent_open_waiting(license_plate=license_plate, numbers=numbers, amount=amount,
                                  payment_method=payment_method, idempotency_key=idempotency_key,
                                  fingerprint=fingerprint, actor=actor)
    if isinstance(opened, PaymentOutcome):
        return opened
    intent = opened
    gateway = payment_gateway()
    try:
        charge = gateway.charge(amount=intent.amount, currency=intent.currency, payment_method=payment_method,
                                description=intent.description, idempotency_key=intent.processor_key)
    except PaymentDeclined as declined:
        payment_intent_close(intent_id=intent.pk, status=PaymentIntent.Status.DECLINED, note=declined.reason)
        raise ServiceError(ParkingErrorCode.PAYMENT_DECLINED, errors.PAYMENT_DECLINED.format(reason=declined.reason),
                           field="payment_method", details={"reason": declined.reason}) from None
    except InvalidPaymentMethod:
        payment_intent_close(intent_id=intent.pk, status=PaymentIntent.Status.DECLINED, note="invalid method")
        message = errors.UNKNOWN_PAYMENT_TOKEN.format(token=payment_method) if payment_method.startswith("tok_") \
            else errors.INVALID_PAYMENT_METHOD
        raise ServiceError(ParkingErrorCode.INVALID_PAYMENT_METHOD, message, field="payment_method") from None
    try:
        outcome = payment_intent_settle(intent_id=intent.pk, charge=charge, gateway=gateway)
    except DatabaseError:
        # Charged, not recorded: the pending intent says so, and reconcile_payments settles it.
        connection.close_if_unusable_or_obsolete()
        raise ServiceError(ParkingErrorCode.PAYMENT_NOT_RECORDED, errors.PAYMENT_NOT_RECORDED,
                           details={"reference": charge.reference}) from None
    if outcome is None:  # the intent needs attention: charged, but a citation changed meanwhile
        raise ServiceError(ParkingErrorCode.PAYMENT_NOT_RECORDED,
                           errors.PAYMENT_NOT_APPLIED.format(reference=charge.reference),
                           details={"reference": charge.reference})
    return outcome


COUNTER_METHODS = ("Cash", "Check", "Money order")


def citation_payable_check(*, citation: Citation) -> None:
    """Refuse, as a payment would, a citation that cannot be paid (already paid, contested, …)."""
    _payable_balances([citation], [citation.citation_number], citation.license_plate, timezone.localdate())


@transaction.atomic
def citation_payment_record(*, citation_id: int, amount: Decimal, method: str, reference: str = "",
                            actor: str = "") -> PaymentOutcome:
    """Record a payment staff received at the counter or by mail: no gateway, a receipt all the same.

    The amount must be what the citation costs today, as for citation_pay; the method says
    how it came (cash, a check and its number) so the receipt and the books agree.
    """
    if method not in COUNTER_METHODS:
        raise ServiceError(ParkingErrorCode.INVALID_PAYMENT_METHOD, errors.INVALID_PAYMENT_METHOD,
                           field="payment_method")
    [citation] = citations_lock(citation_numbers=Citation.objects.filter(pk=citation_id)
                                .values_list("citation_number", flat=True))
    balances = _payable_balances([citation], [citation.citation_number], citation.license_plate,
                                 timezone.localdate())
    if payment_intent_blocking(citation_ids=[citation.pk], idempotency_key=None) is not None:
        raise payment_in_progress_error(citation.citation_number)  # an online charge may be landing
    owed = _check_amount(balances, amount)
    now = timezone.now()
    label = f"{method} {reference.strip()}".strip()
    payment = Payment.objects.create(
        receipt_number=receipt_number_next(), license_plate=citation.license_plate, amount=owed,
        currency=CURRENCY, method=label[:60], gateway="counter", gateway_reference=reference.strip()[:100],
        fingerprint=payment_fingerprint(license_plate=citation.license_plate,
                                        citation_numbers=[citation.citation_number], amount=owed,
                                        payment_method=label),
        paid_at=now, created_by=actor)
    [balance] = balances
    PaymentItem.objects.create(payment=payment, citation=citation, fine=balance.fine, late_fees=balance.late_fees,
                               amount=balance.amount_due)
    Citation.objects.filter(pk=citation.pk).update(status=Citation.Status.PAID, paid_at=now, updated_at=now)
    citation.status, citation.paid_at = Citation.Status.PAID, now
    violation_event("violation.paid", citation, receipt_number=payment.receipt_number,
                    amount=money_str(balance.amount_due), fine=money_str(balance.fine),
                    late_fees=money_str(balance.late_fees))
    line = PaymentLine(citation.citation_number, citation.violation_type.description, balance.fine,
                       balance.late_fees, balance.amount_due)
    return PaymentOutcome(payment=payment, lines=[line], replayed=False)
