"""contest_violation: contest a citation within the window; late fees pause meanwhile."""
from django.utils import timezone
from rest_framework import serializers

from apps.mcp.registry import Access, ToolResult, tool
from apps.parking.answers.violations import contested_data, contested_text
from apps.parking.selectors import citation_balance
from apps.parking.services import citation_contest
from apps.parking.fields import CitationNumberField, CitationOutput, LicensePlateField


class ContestViolationInput(serializers.Serializer):
    citation_number = CitationNumberField()
    license_plate = LicensePlateField(help_text="Plate the citation was issued to (proves it is yours).")
    reason = serializers.CharField(min_length=10, max_length=2000,
                                   help_text="Why the citation is wrong, in the resident's words.")
    evidence = serializers.CharField(required=False, allow_blank=True, max_length=4000, default="",
                                     help_text="Optional evidence: receipts, meter numbers, links to photos.")


class ContestViolationOutput(CitationOutput):
    contested_at = serializers.DateTimeField()
    reason = serializers.CharField()

    class Meta:
        public_fields = ("citation_number", "violation_type", "violation_type_description", "issued_on",
            "due_date", "status", "fine", "late_fees", "amount_due", "currency", "days_overdue",
            "late_fees_paused", "next_late_fee_on", "contest_deadline")
        owner_fields = ("license_plate", "location", "observed_at", "issued_at", "contested_at", "reason")


@tool(name="contest_violation", title="Contest a parking citation", input=ContestViolationInput,
      output=ContestViolationOutput, access=Access.RESIDENT)
def contest_violation(args: dict, ctx) -> ToolResult:
    """Contest a citation within the contest window; late fees pause until staff decide."""
    citation = citation_contest(citation_number=args["citation_number"], license_plate=args["license_plate"],
                                reason=args["reason"], evidence=args["evidence"], actor=ctx.actor)
    balance = citation_balance(citation, today=timezone.localdate())
    return ToolResult(owner=True, text=contested_text(citation, balance), structured=contested_data(citation, balance))
