"""pay_permit_fees: pay an application's outstanding fees once, through the payment gateway.

Paying is a write on someone's application, named by a guessable reference: the tool first
checks the applicant's access code (or a permits staff key), then calls the service.
"""
import re

from django.core.validators import RegexValidator
from rest_framework import serializers as s

from apps.accounts.history import tool_history_record
from apps.core.money import format_money
from apps.mcp.registry import Access, ToolResult, tool
from apps.permits.answers.payments import fee_receipt_data, fee_receipt_text
from apps.permits.fields.inputs import reference_field
from apps.permits.fields.outputs import money
from apps.permits.selectors import permit_application_owner_check
from apps.permits.services import permit_fees_pay

CARD_NUMBER_RE = re.compile(r"^[\d\s-]{12,23}$")
CARD_NUMBER_MESSAGE = ("Never send a card number: send a payment token (demo gateway: tok_visa approves, "
                       "tok_chargeDeclined declines).")


class PayPermitFeesInput(s.Serializer):
    reference = reference_field()
    payment_method = s.CharField(
        max_length=64,
        help_text="A payment token, never a card number (demo gateway: tok_visa approves, tok_chargeDeclined "
                  "declines; nothing real is charged).")
    access_code = s.CharField(
        max_length=32, default=None, allow_null=True, allow_blank=True,
        help_text="The access code submit_application returned with the reference (e.g. K7QX2-M9PRT): it proves "
                  "you are the applicant. Required, except with a permits staff key.")
    idempotency_key = s.CharField(
        required=False, min_length=8, max_length=64,
        validators=[RegexValidator(r"^[A-Za-z0-9_.:-]+$", "Use letters, digits, '_', '-', '.', ':' only.")],
        help_text="A unique key for this payment (e.g. a UUID); a retry with the same key returns the same "
                  "receipt and is never charged twice.")

    def validate_payment_method(self, value):
        value = value.strip()
        if CARD_NUMBER_RE.match(value) and sum(ch.isdigit() for ch in value) >= 12:
            raise s.ValidationError(CARD_NUMBER_MESSAGE)
        return value


class PaidFeeOutput(s.Serializer):
    label = s.CharField()
    kind = s.CharField()
    amount = money()

    class Meta:
        public_fields = ("label", "kind", "amount")


class PayPermitFeesOutput(s.Serializer):
    reference = s.CharField()
    receipt_number = s.CharField()
    amount = money()
    currency = s.CharField()
    paid_at = s.DateTimeField()
    payment_method = s.CharField(help_text="How it was paid, e.g. Visa ending 4242.")
    gateway = s.CharField()
    test_mode = s.BooleanField(help_text="True when a test gateway was used: no money moved.")
    replayed = s.BooleanField(help_text="True when this repeats an earlier request with the same key.")
    fees = PaidFeeOutput(many=True)
    application_status = s.CharField()

    class Meta:
        public_fields = ("reference", "receipt_number", "amount", "currency", "paid_at", "payment_method",
            "gateway", "test_mode", "replayed", "fees", "application_status")


@tool(name="pay_permit_fees", title="Pay a permit application's fees", input=PayPermitFeesInput,
      output=PayPermitFeesOutput, access=Access.RESIDENT, idempotent=True)
def pay_permit_fees(args: dict, ctx) -> ToolResult:
    """Pay every outstanding fee of a permit application in full; needs the applicant's access_code."""
    permit_application_owner_check(reference=args["reference"], access_code=args.pop("access_code"),
                                   principal=ctx.principal, action="pay the fees")
    outcome = permit_fees_pay(**args, actor=ctx.actor)
    if not outcome.replayed:
        tool_history_record(ctx=ctx, tool="pay_permit_fees", obj=outcome.payment.application,
                            message=f"Fees of {format_money(outcome.payment.amount)} paid online; receipt "
                                    f"{outcome.payment.receipt_number}")
    receipt = fee_receipt_data(outcome)
    return ToolResult(text=fee_receipt_text(receipt), structured=receipt)
