"""Pay citations: one transaction, one charge, one receipt — and never twice.

Order matters here:
1. lock the citations (primary-key order), so a concurrent payment of any of them waits;
2. a known idempotency key replays its receipt (or is refused for a different request);
3. check every citation is payable and the amount equals what is owed today;
4. insert the payment row *before* charging: its unique idempotency key makes a second
   request with the same key wait for, then replay, this one;
5. charge through the gateway; a decline raises and the whole transaction — payment row,
   receipt number, nothing else touched yet — rolls back, so a declined attempt does not
   consume the idempotency key (docs/parking.md; the processor sees the key plus the
   request's fingerprint: apps.parking.payments.processor_idempotency_key);
6. settle the citations and record violation.paid for each.
"""
import hashlib
import json
import secrets
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.core.errors import ServiceError
from apps.core.money import CURRENCY, format_money, money_str, to_money
from apps.parking import errors
from apps.parking.errors import ParkingErrorCode
from apps.parking.locks import citations_lock
from apps.parking.models import Citation, Payment, PaymentItem
from apps.parking.payments import (
    InvalidPaymentMethod,
    PaymentDeclined,
    payment_gateway,
    processor_idempotency_key,
)
from apps.parking.selectors import CitationBalance, citation_balance, payment_get_by_key
from apps.parking.services.citations import violation_event
from apps.parking.services.numbers import receipt_number_next


@dataclass(frozen=True)
class PaymentLine:
    """What one citation cost within a payment."""

    citation_number: str
    violation_type: str
    fine: Decimal
    late_fees: Decimal
    amount: Decimal


@dataclass(frozen=True)
class PaymentOutcome:
    """The payment, its lines, and whether this call replayed an earlier one (same key)."""

    payment: Payment
    lines: list
    replayed: bool


def _by_number(line: PaymentLine) -> str:
    return line.citation_number


def payment_fingerprint(*, license_plate: str, citation_numbers, amount: Decimal, payment_method: str) -> str:
    """Return a digest of what a payment request asks for, to compare idempotent retries."""
    body = json.dumps({"plate": license_plate, "citations": sorted(citation_numbers),
                       "amount": money_str(amount), "method": payment_method}, sort_keys=True)
    return hashlib.sha256(body.encode()).hexdigest()


def _replay(previous: Payment, fingerprint: str) -> PaymentOutcome:
    if previous.fingerprint != fingerprint:
        raise ServiceError(ParkingErrorCode.IDEMPOTENCY_KEY_REUSED,
                           errors.IDEMPOTENCY_KEY_REUSED.format(receipt=previous.receipt_number),
                           field="idempotency_key")
    lines = [PaymentLine(i.citation.citation_number, i.citation.violation_type.description, i.fine, i.late_fees,
                         i.amount) for i in previous.items.all()]
    return PaymentOutcome(payment=previous, lines=sorted(lines, key=_by_number), replayed=True)


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
                           errors.AMOUNT_MISMATCH.format(owed=format_money(owed), count=len(balances),
                                                         fines=format_money(fines), late_fees=format_money(late),
                                                         sent=format_money(amount)),
                           field="amount", details={"amount_owed": money_str(owed)})
    return owed


@transaction.atomic
def citation_pay(*, license_plate: str, citation_numbers: list[str], amount: Decimal, payment_method: str,
                 idempotency_key: str | None = None, actor: str = "") -> PaymentOutcome:
    """Pay outstanding citations of one plate in full through the payment gateway."""
    numbers = list(dict.fromkeys(citation_numbers))
    fingerprint = payment_fingerprint(license_plate=license_plate, citation_numbers=numbers, amount=amount,
                                      payment_method=payment_method)
    citations = citations_lock(citation_numbers=numbers)
    if idempotency_key:
        previous = payment_get_by_key(idempotency_key=idempotency_key)
        if previous is not None:
            return _replay(previous, fingerprint)
    today = timezone.localdate()
    balances = _payable_balances(citations, numbers, license_plate, today)
    owed = _check_amount(balances, amount)

    now = timezone.now()
    payment = Payment(receipt_number=f"PENDING-{secrets.token_hex(6)}", license_plate=license_plate, amount=owed,
                      currency=CURRENCY, idempotency_key=idempotency_key or None, fingerprint=fingerprint,
                      paid_at=now, created_by=actor)
    try:
        with transaction.atomic():
            payment.save()
    except IntegrityError:
        # The same key committed by a concurrent request after our look-up: replay it.
        previous = payment_get_by_key(idempotency_key=idempotency_key)
        if previous is None:
            raise
        return _replay(previous, fingerprint)

    gateway = payment_gateway()
    processor_key = (processor_idempotency_key(key=idempotency_key, fingerprint=fingerprint) if idempotency_key
                     else f"auto-{payment.pk}-{secrets.token_hex(8)}")
    try:
        charge = gateway.charge(amount=owed, currency=CURRENCY, payment_method=payment_method,
                                description=f"Parking citations {', '.join(numbers)}", idempotency_key=processor_key)
    except PaymentDeclined as declined:
        raise ServiceError(ParkingErrorCode.PAYMENT_DECLINED, errors.PAYMENT_DECLINED.format(reason=declined.reason),
                           field="payment_method", details={"reason": declined.reason}) from None
    except InvalidPaymentMethod:
        message = errors.UNKNOWN_PAYMENT_TOKEN.format(token=payment_method) if payment_method.startswith("tok_") \
            else errors.INVALID_PAYMENT_METHOD
        raise ServiceError(ParkingErrorCode.INVALID_PAYMENT_METHOD, message, field="payment_method") from None

    payment.receipt_number = receipt_number_next()
    payment.method = charge.method
    payment.gateway = gateway.name
    payment.gateway_reference = charge.reference
    payment.is_test = not gateway.live
    payment.save(update_fields=["receipt_number", "method", "gateway", "gateway_reference", "is_test"])
    PaymentItem.objects.bulk_create([
        PaymentItem(payment=payment, citation=b.citation, fine=b.fine, late_fees=b.late_fees, amount=b.amount_due)
        for b in balances
    ])
    Citation.objects.filter(pk__in=[b.citation.pk for b in balances]).update(
        status=Citation.Status.PAID, paid_at=now, updated_at=now)
    for balance in balances:
        citation = balance.citation
        citation.status, citation.paid_at = Citation.Status.PAID, now
        violation_event("violation.paid", citation, receipt_number=payment.receipt_number,
                        amount=money_str(balance.amount_due), fine=money_str(balance.fine),
                        late_fees=money_str(balance.late_fees))
    lines = [PaymentLine(b.citation.citation_number, b.citation.violation_type.description, b.fine, b.late_fees,
                         b.amount_due) for b in balances]
    return PaymentOutcome(payment=payment, lines=sorted(lines, key=_by_number), replayed=False)


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
