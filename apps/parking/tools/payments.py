"""make_payment: pay outstanding citations in full, once, through the payment gateway."""
from decimal import Decimal

from django.core.validators import RegexValidator
from rest_framework import serializers

from apps.mcp.registry import Access, ToolResult, tool
from apps.parking.answers.payments import receipt_data, receipt_text
from apps.parking.services import citation_pay
from apps.parking.fields import CitationNumberField, LicensePlateField, money_field, payment_method_check

MAX_CITATIONS_PER_PAYMENT = 20
DUPLICATE_CITATIONS = "List each citation once."


class MakePaymentInput(serializers.Serializer):
    license_plate = LicensePlateField(help_text="Plate the citations were issued to.")
    citation_numbers = serializers.ListField(
        child=CitationNumberField(), min_length=1, max_length=MAX_CITATIONS_PER_PAYMENT,
        help_text="Citations to pay, e.g. [\"VIO-2025-001234\"]; each must be outstanding.")
    amount = money_field(min_value=Decimal("0.01"),
                         help_text="Total to pay in dollars; must equal what check_violations says is owed.")
    payment_method = serializers.CharField(
        max_length=64,
        help_text="A payment token, never a card number (demo gateway: tok_visa approves, "
                  "tok_chargeDeclined declines; nothing real is charged).")
    idempotency_key = serializers.CharField(
        required=False, min_length=8, max_length=64,
        validators=[RegexValidator(r"^[A-Za-z0-9_.:-]+$", "Use letters, digits, '_', '-', '.', ':' only.")],
        help_text="A unique key for this payment (e.g. a UUID); a retry with the same key returns the same "
                  "receipt and is never charged twice.")

    def validate_citation_numbers(self, value):
        if len(set(value)) != len(value):
            raise serializers.ValidationError(DUPLICATE_CITATIONS)
        return value

    def validate_payment_method(self, value):
        return payment_method_check(value.strip())


class PaidCitationOutput(serializers.Serializer):
    citation_number = serializers.CharField()
    violation_type_description = serializers.CharField()
    fine = money_field()
    late_fees = money_field()
    amount = money_field()
    status = serializers.CharField()

    class Meta:
        public_fields = ("citation_number", "violation_type_description", "fine", "late_fees", "amount",
            "status")


class MakePaymentOutput(serializers.Serializer):
    receipt_number = serializers.CharField()
    license_plate = serializers.CharField()
    amount = money_field()
    currency = serializers.CharField()
    paid_at = serializers.DateTimeField()
    payment_method = serializers.CharField(help_text="How it was paid, e.g. Visa ending 4242.")
    gateway = serializers.CharField()
    test_mode = serializers.BooleanField(help_text="True when a test gateway was used: no money moved.")
    replayed = serializers.BooleanField(help_text="True when this repeats an earlier request with the same key.")
    citations = PaidCitationOutput(many=True)

    class Meta:
        public_fields = ("receipt_number", "amount", "currency", "paid_at", "payment_method", "gateway",
            "test_mode", "replayed", "citations")
        owner_fields = ("license_plate",)


@tool(name="make_payment", title="Pay parking citations", input=MakePaymentInput, output=MakePaymentOutput,
      access=Access.RESIDENT, idempotent=True)
def make_payment(args: dict, ctx) -> ToolResult:
    """Pay one or more outstanding citations of a plate in full; returns the receipt number."""
    outcome = citation_pay(
        license_plate=args["license_plate"], citation_numbers=args["citation_numbers"], amount=args["amount"],
        payment_method=args["payment_method"], idempotency_key=args.get("idempotency_key"), actor=ctx.actor)
    return ToolResult(owner=True, text=receipt_text(outcome), structured=receipt_data(outcome))
