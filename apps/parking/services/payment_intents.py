"""Settle payment intents: record a charge's outcome, and reconcile the ones a crash left pending.

The online flow (payments.citation_pay) commits an intent, charges, then calls
payment_intent_settle. If the process dies, or the database goes away, between the charge
and that record, the intent stays pending; payment_intent_reconcile asks the processor to
cancel its key, which either cancels it for good (nothing was or will be charged: the
intent is released) or reports the charge that happened (the intent is settled: payment,
receipt, citations paid). Either answer is final, so a charge without a recorded payment
cannot outlive the next reconcile (on `manage.py reconcile_payments`, run at start and
every few minutes; docs/deployment.md).
"""
import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from apps.core.errors import ServiceError
from apps.core.money import money_str, to_money
from apps.parking import errors
from apps.parking.errors import ParkingErrorCode
from apps.parking.locks import citations_lock
from apps.parking.models import Citation, Payment, PaymentIntent, PaymentItem
from apps.core.payments import Charge, PaymentGateway, payment_gateway
from apps.parking.selectors import citation_balance, payment_intents_pending
from apps.parking.services.citations import violation_event
from apps.parking.services.numbers import receipt_number_next
from apps.parking.services.receipts import PaymentLine, PaymentOutcome, by_number, payment_replay

logger = logging.getLogger(__name__)


def _intent_lock(pk: int) -> PaymentIntent:
    return PaymentIntent.objects.select_for_update(of=("self",)).get(pk=pk)


def _attention(intent: PaymentIntent, note: str) -> None:
    logger.error("Payment intent %s was charged but cannot be applied: %s", intent.processor_key, note)
    intent.status, intent.note, intent.updated_at = PaymentIntent.Status.ATTENTION, note[:200], timezone.now()
    intent.save(update_fields=["status", "note", "updated_at"])


@transaction.atomic
def payment_intent_settle(*, intent_id: int, charge: Charge, gateway: PaymentGateway) -> PaymentOutcome | None:
    """Record an approved charge of an intent: payment, receipt, citations paid (once, whoever asks).

    Returns None when the charge cannot be applied (a citation changed meanwhile): the
    intent then needs attention (a refund by hand), which is logged at ERROR.
    """
    intent = _intent_lock(intent_id)
    if intent.status == PaymentIntent.Status.SUCCEEDED:
        return payment_replay(intent.payment, None)  # settled by a reconcile, or by a concurrent retry
    if intent.status != PaymentIntent.Status.PENDING:
        _attention(intent, f"charged {charge.reference} after the intent was {intent.status}")
        return None
    locked = {c.citation_number: c for c in citations_lock(citation_numbers=intent.citation_numbers)}
    citations = [locked[number] for number in intent.citation_numbers]  # events in the request's order
    unpayable = [c.citation_number for c in citations if c.status != Citation.Status.ISSUED]
    # Amounts as they were when the resident agreed to them, even if reconciled days later.
    charged_on = timezone.localdate(intent.created_at)
    balances = [citation_balance(c, today=charged_on) for c in citations]
    if unpayable or to_money(sum(b.amount_due for b in balances)) != intent.amount:
        _attention(intent, f"charged {charge.reference} but citations changed: {', '.join(unpayable) or 'amount'}")
        return None
    now = timezone.now()
    payment = Payment.objects.create(
        receipt_number=receipt_number_next(), license_plate=intent.license_plate, amount=intent.amount,
        currency=intent.currency, method=charge.method, gateway=gateway.name, gateway_reference=charge.reference,
        is_test=not gateway.live, idempotency_key=intent.idempotency_key, fingerprint=intent.fingerprint,
        paid_at=now, created_by=intent.created_by)
    PaymentItem.objects.bulk_create([
        PaymentItem(payment=payment, citation=b.citation, fine=b.fine, late_fees=b.late_fees, amount=b.amount_due)
        for b in balances
    ])
    Citation.objects.filter(pk__in=[c.pk for c in citations]).update(
        status=Citation.Status.PAID, paid_at=now, updated_at=now)
    for balance in balances:
        citation = balance.citation
        citation.status, citation.paid_at = Citation.Status.PAID, now
        violation_event("violation.paid", citation, receipt_number=payment.receipt_number,
                        amount=money_str(balance.amount_due), fine=money_str(balance.fine),
                        late_fees=money_str(balance.late_fees))
    intent.status, intent.payment, intent.updated_at = PaymentIntent.Status.SUCCEEDED, payment, now
    intent.save(update_fields=["status", "payment", "updated_at"])
    lines = [PaymentLine(b.citation.citation_number, b.citation.violation_type.description, b.fine, b.late_fees,
                         b.amount_due) for b in balances]
    return PaymentOutcome(payment=payment, lines=sorted(lines, key=by_number), replayed=False)


@transaction.atomic
def payment_intent_close(*, intent_id: int, status: str, note: str = "") -> None:
    """Mark a pending intent declined or released: nothing was charged under its key."""
    intent = _intent_lock(intent_id)
    if intent.status == PaymentIntent.Status.PENDING:
        intent.status, intent.note, intent.updated_at = status, note[:200], timezone.now()
        intent.save(update_fields=["status", "note", "updated_at"])


def payment_intent_reconcile(*, intent: PaymentIntent) -> str:
    """Settle one pending intent with the processor's final word; return its new status.

    Called outside any transaction: the processor's answer must be taken before the rows
    are locked, and its cancel is idempotent, so two reconcilers agree.
    """
    gateway = payment_gateway()
    charge = gateway.charge_cancel(idempotency_key=intent.processor_key)
    if charge is None:
        payment_intent_close(intent_id=intent.pk, status=PaymentIntent.Status.RELEASED,
                             note="not charged; cancelled at the processor by reconcile")
    else:
        payment_intent_settle(intent_id=intent.pk, charge=charge, gateway=gateway)
    intent.refresh_from_db(fields=["status"])
    logger.info("Reconciled payment intent %s: %s", intent.processor_key, intent.status)
    return intent.status


@dataclass
class ReconcileReport:
    """How many pending intents each way went."""

    counts: dict = field(default_factory=dict)

    def add(self, status: str) -> None:
        self.counts[status] = self.counts.get(status, 0) + 1


def payment_intents_reconcile(*, older_than: timedelta) -> ReconcileReport:
    """Reconcile every intent pending for longer than `older_than` (younger ones may still be charging)."""
    report = ReconcileReport()
    for intent in payment_intents_pending(before=timezone.now() - older_than):
        try:
            report.add(payment_intent_reconcile(intent=intent))
        except ServiceError:  # pragma: no cover - settle raises none today; keep going for the others
            logger.exception("Could not reconcile payment intent %s", intent.processor_key)
            report.add("failed")
    return report


def payment_in_progress_error(number: str) -> ServiceError:
    """The refusal for a citation whose payment is pending."""
    return ServiceError(ParkingErrorCode.PAYMENT_IN_PROGRESS, errors.PAYMENT_IN_PROGRESS.format(number=number),
                        field="citation_numbers", details={"citation_number": number})
