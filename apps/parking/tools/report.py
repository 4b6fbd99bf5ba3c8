"""report_violation: a resident's report, with photo evidence, for staff to review."""
from django.utils import timezone
from rest_framework import serializers

from apps.core.idempotency import idempotency_key_field
from apps.mcp.registry import Access, ToolResult, tool
from apps.parking.answers.violations import created_data, created_text
from apps.parking.selectors import citation_balance
from apps.parking.services import citation_report
from apps.parking.fields import (
    LOCATION_HELP,
    OBSERVED_AT_HELP,
    PHOTO_HELP,
    VIOLATION_TYPE_HELP,
    CreatedCitationOutput,
    LicensePlateField,
    PhotoInput,
    verified_photo,
)


class ReportViolationInput(serializers.Serializer):
    license_plate = LicensePlateField(help_text="Plate of the vehicle in violation, e.g. XYZ789.")
    violation_type = serializers.CharField(max_length=60, help_text=VIOLATION_TYPE_HELP)
    location = serializers.CharField(max_length=200, help_text=LOCATION_HELP)
    description = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="",
                                        help_text="What you saw, in a sentence or two.")
    observed_at = serializers.DateTimeField(required=False, help_text=OBSERVED_AT_HELP)
    photo = PhotoInput(required=False, help_text=PHOTO_HELP)
    reporter = serializers.CharField(required=False, allow_blank=True, max_length=200, default="",
                                     help_text="Optional name or contact of the person reporting.")
    idempotency_key = idempotency_key_field(
        help_text="A unique key for this report (e.g. a UUID); a retry with the same key returns the same "
                  "report instead of filing it twice.")

    def validate_photo(self, value):
        return verified_photo(value)


@tool(name="report_violation", title="Report a parking violation", input=ReportViolationInput,
      output=CreatedCitationOutput, access=Access.RESIDENT)
def report_violation(args: dict, ctx) -> ToolResult:
    """Report a parking violation with optional photo evidence; staff review it before a citation is issued."""
    citation = citation_report(
        license_plate=args["license_plate"], violation_type=args["violation_type"], location=args["location"],
        description=args["description"], observed_at=args.get("observed_at"), photo=args.get("photo"),
        reporter=args["reporter"], idempotency_key=args.get("idempotency_key"), actor=ctx.actor)
    balance = citation_balance(citation, today=timezone.localdate())
    return ToolResult(owner=True, text=created_text(citation, balance), structured=created_data(citation, balance))
