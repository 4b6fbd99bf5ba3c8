"""issue_citation: a parking officer's assistant issues a citation directly (staff only)."""
from django.db import transaction
from django.utils import timezone
from rest_framework import serializers

from apps.accounts.history import tool_history_record
from apps.mcp.registry import Access, ToolResult, tool
from apps.parking.answers.violations import created_data, created_text
from apps.parking.selectors import citation_balance
from apps.parking.services import citation_issue
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


class IssueCitationInput(serializers.Serializer):
    license_plate = LicensePlateField(help_text="Plate of the cited vehicle.")
    violation_type = serializers.CharField(max_length=60, help_text=VIOLATION_TYPE_HELP)
    location = serializers.CharField(max_length=200, help_text=LOCATION_HELP)
    observed_at = serializers.DateTimeField(required=False, help_text=OBSERVED_AT_HELP)
    notes = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="",
                                  help_text="Officer's notes (kept with the citation).")
    photo = PhotoInput(required=False, help_text=PHOTO_HELP)

    def validate_photo(self, value):
        return verified_photo(value)


@tool(name="issue_citation", title="Issue a parking citation (staff)", input=IssueCitationInput,
      output=CreatedCitationOutput, access=Access.STAFF)
def issue_citation(args: dict, ctx) -> ToolResult:
    """Issue a parking citation directly, as a parking officer; staff only."""
    with transaction.atomic():  # the citation and its history row, together
        citation = citation_issue(
            license_plate=args["license_plate"], violation_type=args["violation_type"], location=args["location"],
            observed_at=args.get("observed_at"), notes=args["notes"], photo=args.get("photo"), actor=ctx.actor)
        tool_history_record(ctx=ctx, tool="issue_citation", obj=citation, message="Issued")
    balance = citation_balance(citation, today=timezone.localdate())
    return ToolResult(owner=True, text=created_text(citation, balance), structured=created_data(citation, balance))
