"""What a payment call answers: its lines and whether it replayed an earlier request.

Shared by the online flow (payments.py) and the settlement of intents (payment_intents.py),
which both end in a receipt.
"""
from dataclasses import dataclass
from decimal import Decimal

from apps.core.errors import ServiceError
from apps.parking import errors
from apps.parking.errors import ParkingErrorCode
from apps.parking.models import Payment


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


def by_number(line: PaymentLine) -> str:
    return line.citation_number


def payment_replay(previous: Payment, fingerprint: str | None) -> PaymentOutcome:
    """Answer a retry with the receipt it already has (refused if the key asked for another payment)."""
    if fingerprint is not None and previous.fingerprint != fingerprint:
        raise ServiceError(ParkingErrorCode.IDEMPOTENCY_KEY_REUSED,
                           errors.IDEMPOTENCY_KEY_REUSED.format(receipt=previous.receipt_number),
                           field="idempotency_key")
    lines = [PaymentLine(i.citation.citation_number, i.citation.violation_type.description, i.fine, i.late_fees,
                         i.amount) for i in previous.items.all()]
    return PaymentOutcome(payment=previous, lines=sorted(lines, key=by_number), replayed=True)
