"""check_violations: a plate's outstanding citations, late fees by today, and how to pay."""
from django.utils import timezone
from rest_framework import serializers

from apps.mcp.registry import Access, ToolResult, tool
from apps.parking.answers.violations import outstanding_data, outstanding_text
from apps.parking.parsing import date_range_parse
from apps.parking.selectors import citation_outstanding_report, payment_options
from apps.parking.fields import (
    CitationOutput,
    LicensePlateField,
    PaymentOptionsOutput,
    money_field,
    optional_field,
)


class CheckViolationsInput(serializers.Serializer):
    license_plate = LicensePlateField()
    include_payment_options = serializers.BooleanField(
        default=True, help_text="Include how to pay (online, phone, in person).")
    date_range = serializers.CharField(
        required=False, max_length=40,
        help_text="Optional range of issue dates: '30d', '8w', '2025', '2024-01' or '2025-01-01..2025-02-01'.")

    def validate_date_range(self, value):
        try:
            return date_range_parse(value, today=timezone.localdate())
        except ValueError as error:
            raise serializers.ValidationError(str(error)) from None


class DateRangeOutput(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()

    class Meta:
        public_fields = ("start", "end")


class CheckViolationsOutput(serializers.Serializer):
    license_plate = serializers.CharField()
    as_of = serializers.DateField(help_text="The day late fees are counted to.")
    outstanding_count = serializers.IntegerField()
    violations = CitationOutput(many=True)
    total_fines = money_field()
    total_late_fees = money_field()
    total_outstanding = money_field()
    currency = serializers.CharField()
    date_range = optional_field(DateRangeOutput(required=False))
    payment_options = optional_field(PaymentOptionsOutput(required=False))

    class Meta:
        public_fields = ("as_of", "outstanding_count", "total_fines", "total_late_fees", "total_outstanding",
            "currency", "date_range", "payment_options")
        owner_fields = ("license_plate", "violations")


@tool(name="check_violations", title="Check parking violations", input=CheckViolationsInput,
      output=CheckViolationsOutput, access=Access.PUBLIC, read_only=True)
def check_violations(args: dict, ctx) -> ToolResult:
    """Look up the outstanding parking violations of a license plate, with late fees and how to pay."""
    report = citation_outstanding_report(license_plate=args["license_plate"], date_range=args.get("date_range"))
    options = payment_options() if args["include_payment_options"] else None
    # The caller named the plate: the owner view, as every pay-by-plate portal works (DESIGN.md).
    return ToolResult(owner=True, text=outstanding_text(report, options=options),
                      structured=outstanding_data(report, options=options))
