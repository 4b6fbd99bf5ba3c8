"""The make_payment answer: a receipt, in markdown and as data."""
from django.utils import timezone

from apps.core.money import format_money
from apps.parking.parsing import long_date
from apps.parking.services import PaymentOutcome


def receipt_text(outcome: PaymentOutcome) -> str:
    """Return the receipt; a replay says so, and a test gateway says nothing was charged."""
    payment = outcome.payment
    heading = "✅ **Payment Received**" if not outcome.replayed else "✅ **Payment Already Received**"
    lines = [heading, ""]
    if outcome.replayed:
        lines += ["🔁 This request repeats an earlier one (same idempotency key): here is its receipt. "
                  "Nothing was charged again.", ""]
    lines += [
        f"🧾 **Receipt: {payment.receipt_number}**",
        f"- License Plate: {payment.license_plate}",
        f"- Paid: {long_date(timezone.localdate(payment.paid_at))}",
        f"- Method: {payment.method}",
        "",
    ]
    for index, line in enumerate(outcome.lines, start=1):
        detail = f"{format_money(line.fine)} fine"
        if line.late_fees:
            detail += f" + {format_money(line.late_fees)} late fees"
        lines.append(f"{index}. **Violation #{line.citation_number}** ({line.violation_type}) — "
                     f"{format_money(line.amount)} ({detail})")
    lines += ["", f"💰 **Total Paid: {format_money(payment.amount)}**"]
    if payment.is_test:
        lines += ["", "🧪 Demo payment gateway: no real money was charged."]
    return "\n".join(lines)


def receipt_data(outcome: PaymentOutcome) -> dict:
    payment = outcome.payment
    return {
        "receipt_number": payment.receipt_number,
        "license_plate": payment.license_plate,
        "amount": payment.amount,
        "currency": payment.currency,
        "paid_at": payment.paid_at,
        "payment_method": payment.method,
        "gateway": payment.gateway,
        "test_mode": payment.is_test,
        "replayed": outcome.replayed,
        "citations": [
            {"citation_number": line.citation_number, "violation_type_description": line.violation_type,
             "fine": line.fine, "late_fees": line.late_fees, "amount": line.amount, "status": "paid"}
            for line in outcome.lines
        ],
    }
