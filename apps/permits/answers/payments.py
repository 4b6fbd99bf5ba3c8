"""The pay_permit_fees answer: a receipt, in markdown and as data, from the same facts."""
from django.utils import timezone

from apps.core.wording import day_text, money_text


def fee_receipt_data(outcome) -> dict:
    """Return the receipt of a fee payment as the tool's structured answer."""
    payment = outcome.payment
    receipt = {field: getattr(payment, field) for field in ("receipt_number", "amount", "currency", "paid_at",
                                                            "gateway")}
    receipt.update(
        reference=payment.application.reference, application_status=payment.application.status,
        payment_method=payment.method, test_mode=payment.is_test, replayed=outcome.replayed,
        fees=[{"label": fee.label, "kind": fee.kind, "amount": fee.amount} for fee in outcome.fees])
    return receipt


def fee_receipt_text(receipt: dict) -> str:
    """Render the receipt; a replay says nothing was charged again, a test gateway that nothing moved."""
    heading = "✅ **Permit Fees Already Paid**" if receipt["replayed"] else "✅ **Permit Fees Paid**"
    lines = [heading, ""]
    if receipt["replayed"]:
        lines += ["🔁 This request repeats an earlier one (same idempotency key): here is its receipt. "
                  "Nothing was charged again.", ""]
    lines += [
        f"🧾 **Receipt: {receipt['receipt_number']}**",
        f"- Application: {receipt['reference']}",
        f"- Paid: {day_text(timezone.localdate(receipt['paid_at']))}",
        f"- Method: {receipt['payment_method']}",
        "",
        *(f"{n}. {fee['label']}: {money_text(fee['amount'])}" for n, fee in enumerate(receipt["fees"], start=1)),
        "",
        f"💰 **Total Paid: {money_text(receipt['amount'])}**",
    ]
    if receipt["application_status"] == "approved":
        lines += ["", "📞 **Next Step:** The permit office issues the permit now that every fee is paid."]
    if receipt["test_mode"]:
        lines += ["", "🧪 Demo payment gateway: no real money was charged."]
    return "\n".join(lines)
