"""MCP tools of the zoning domain, declared against apps.mcp.registry."""
from rest_framework import serializers

from apps.accounts.viewers import access_code_field
from apps.accounts.history import tool_status_change
from apps.mcp.outputs import filing_result, timeline_output, tracked_record_result
from apps.mcp.registry import Access, ToolResult, tool
from apps.zoning import answers
from apps.zoning.catalogue import ParkingBasis, UseStatus
from apps.zoning.deadlines import HearingStatus
from apps.zoning.fields import LandUseField, VarianceTypeField
from apps.zoning.models import District, Variance
from apps.zoning.selectors import compliance_check, variance_get, zoning_lookup
from apps.zoning.services import variance_decide, variance_submit

ADDRESS_HELP = "Street address of the property, e.g. \"123 Main Street\"."
REFERENCE_HELP = "Variance reference, e.g. VAR-2026-000123."
SOURCES = ["parcel", "address", "street"]


# --- shared output pieces ----------------------------------------------------------------
class DistrictOutput(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    category = serializers.ChoiceField(choices=District.Category.choices)
    code_section = serializers.CharField()

    class Meta:
        public_fields = ("code", "name", "category", "code_section")


class ParcelOutput(serializers.Serializer):
    parcel_number = serializers.CharField()
    lot_area_sqft = serializers.IntegerField()
    current_use = serializers.CharField(allow_null=True)

    class Meta:
        public_fields = ("parcel_number", "lot_area_sqft", "current_use")


class SetbacksOutput(serializers.Serializer):
    front_ft = serializers.IntegerField()
    side_ft = serializers.IntegerField()
    rear_ft = serializers.IntegerField()

    class Meta:
        public_fields = ("front_ft", "side_ft", "rear_ft")


class PropertyOutput(serializers.Serializer):
    property_address = serializers.CharField()
    district_source = serializers.ChoiceField(choices=SOURCES)
    street = serializers.CharField(allow_null=True)
    parcel = ParcelOutput(allow_null=True)
    setbacks = SetbacksOutput()
    max_height_ft = serializers.IntegerField()
    max_lot_coverage_pct = serializers.IntegerField()


# --- check_compliance --------------------------------------------------------------------
class CheckComplianceInput(serializers.Serializer):
    property_address = serializers.CharField(max_length=200, help_text=ADDRESS_HELP)
    business_type = LandUseField(help_text="The use planned, e.g. restaurant, cafe, retail, office, daycare.")
    seating_capacity = serializers.IntegerField(min_value=1, max_value=100_000, default=None, allow_null=True,
                                                help_text="Seats or occupants planned; decides occupancy limits "
                                                "and seat-based parking.")
    floor_area_sqft = serializers.IntegerField(min_value=1, max_value=10_000_000, default=None, allow_null=True,
                                               help_text="Floor area in square feet, for area-based parking "
                                               "(retail, office).")


class ParkingVarianceOutput(serializers.Serializer):
    reference = serializers.CharField()
    spaces_required = serializers.IntegerField(help_text="Off-street spaces the approved variance requires.")
    decided_on = serializers.DateField()

    class Meta:
        public_fields = ("reference", "spaces_required", "decided_on")


class ParkingOutput(serializers.Serializer):
    required_spaces = serializers.IntegerField(allow_null=True, help_text="Spaces required, after any approved "
                                               "parking variance at the property.")
    required_by_ratio = serializers.IntegerField(allow_null=True, help_text="What the district's ratio alone asks.")
    ratio = serializers.CharField(allow_null=True)
    spaces = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    per = serializers.IntegerField(allow_null=True)
    basis = serializers.ChoiceField(choices=ParkingBasis.choices, allow_null=True)
    variance = ParkingVarianceOutput(allow_null=True)

    class Meta:
        public_fields = ("required_spaces", "required_by_ratio", "ratio", "spaces", "per", "basis", "variance")


class HearingStateOutput(serializers.Serializer):
    """Where an application stands against its hearing (apps.zoning.deadlines), in every variance output."""

    hearing_status = serializers.ChoiceField(choices=HearingStatus.CHOICES)
    decision_due = serializers.DateField(allow_null=True, help_text="Open applications: the hearing day, when "
                                         "the Board decides.")
    days_overdue = serializers.IntegerField(help_text="Days the decision is past due (0: not overdue).")


HEARING_STATE = ("hearing_status", "decision_due", "days_overdue")


class CheckComplianceOutput(PropertyOutput):
    business_type = serializers.CharField()
    business_type_label = serializers.CharField()
    district = DistrictOutput()
    seating_capacity = serializers.IntegerField(allow_null=True)
    floor_area_sqft = serializers.IntegerField(allow_null=True)
    status = serializers.ChoiceField(choices=UseStatus.choices)
    status_label = serializers.CharField()
    compliant = serializers.BooleanField()
    conditional_use_permit_required = serializers.BooleanField()
    reason = serializers.CharField()
    capacity_by_right = serializers.IntegerField(allow_null=True)
    max_occupancy = serializers.IntegerField(allow_null=True)
    parking = ParkingOutput()
    conditions = serializers.CharField(allow_null=True)
    permitted_in = serializers.ListField(child=serializers.CharField())
    conditional_in = serializers.ListField(child=serializers.CharField())
    next_steps = serializers.ListField(child=serializers.CharField())

    class Meta:
        public_fields = ("property_address", "district_source", "street", "parcel", "setbacks",
            "max_height_ft", "max_lot_coverage_pct", "business_type", "business_type_label", "district",
            "seating_capacity", "floor_area_sqft", "status", "status_label", "compliant",
            "conditional_use_permit_required", "reason", "capacity_by_right", "max_occupancy", "parking",
            "conditions", "permitted_in", "conditional_in", "next_steps")


@tool(name="check_compliance", title="Check zoning compliance", input=CheckComplianceInput,
      output=CheckComplianceOutput, access=Access.PUBLIC, read_only=True)
def check_compliance(args: dict, ctx) -> ToolResult:
    """Check whether a business may operate at an address under its zoning district.

    Answers permitted, conditional (a conditional use permit is needed) or not permitted,
    with the parking required, the maximum occupancy, setbacks and height, and where the
    use is allowed instead.
    """
    facts = answers.compliance_facts(compliance_check(**args))
    return ToolResult(text=answers.compliance_text(facts), structured=facts)


# --- lookup_zoning -----------------------------------------------------------------------
class LookupZoningInput(serializers.Serializer):
    property_address = serializers.CharField(max_length=200, help_text=ADDRESS_HELP)


class UseRuleOutput(serializers.Serializer):
    use = serializers.CharField()
    label = serializers.CharField()
    status = serializers.ChoiceField(choices=UseStatus.choices)
    capacity_by_right = serializers.IntegerField(allow_null=True)
    max_occupancy = serializers.IntegerField(allow_null=True)
    parking_ratio = serializers.CharField()
    conditions = serializers.CharField(allow_null=True)

    class Meta:
        public_fields = ("use", "label", "status", "capacity_by_right", "max_occupancy", "parking_ratio",
            "conditions")


class VarianceSummaryOutput(HearingStateOutput):
    reference = serializers.CharField()
    variance_type = serializers.CharField()
    status = serializers.ChoiceField(choices=Variance.Status.choices)
    hearing_date = serializers.DateField()
    submitted_at = serializers.DateTimeField()

    class Meta:
        public_fields = ("reference", "variance_type", "status", "hearing_date", *HEARING_STATE, "submitted_at")


class LookupDistrictOutput(DistrictOutput):
    description = serializers.CharField(allow_null=True)

    class Meta:
        public_fields = ("code", "name", "category", "code_section", "description")


class LookupZoningOutput(PropertyOutput):
    district = LookupDistrictOutput()
    uses = UseRuleOutput(many=True)
    variances = VarianceSummaryOutput(many=True)

    class Meta:
        public_fields = ("property_address", "district_source", "street", "parcel", "setbacks",
            "max_height_ft", "max_lot_coverage_pct", "district", "uses", "variances")


@tool(name="lookup_zoning", title="Look up a property's zoning", input=LookupZoningInput,
      output=LookupZoningOutput, access=Access.PUBLIC, read_only=True)
def lookup_zoning(args: dict, ctx) -> ToolResult:
    """Show an address's zoning district, its development standards, the uses allowed and variances filed."""
    facts = answers.lookup_facts(zoning_lookup(property_address=args["property_address"]))
    return ToolResult(text=answers.lookup_text(facts), structured=facts)


# --- submit_variance ---------------------------------------------------------------------
class SubmitVarianceInput(serializers.Serializer):
    property_address = serializers.CharField(max_length=200, help_text=ADDRESS_HELP)
    variance_type = VarianceTypeField(help_text="What the variance is from: setback, height, lot_coverage, "
                                      "parking, use, sign, fence or other.")
    description = serializers.CharField(max_length=4000, help_text="What is proposed and why the standard "
                                        "causes a hardship.")
    applicant = serializers.CharField(max_length=120, help_text="Name of the applicant (owner or agent).")
    contact = serializers.CharField(max_length=120, default="", allow_blank=True,
                                    help_text="Phone or email for the zoning office (optional, kept private).")
    idempotency_key = serializers.CharField(max_length=64, default=None, allow_null=True,
                                            help_text="Any unique string; a retry with the same key returns the "
                                            "same application instead of filing two.")


class SubmitVarianceOutput(HearingStateOutput):
    reference = serializers.CharField()
    status = serializers.ChoiceField(choices=Variance.Status.choices)
    status_label = serializers.CharField()
    variance_type = serializers.CharField()
    variance_type_label = serializers.CharField()
    property_address = serializers.CharField()
    district = serializers.CharField()
    parcel_number = serializers.CharField(allow_null=True)
    applicant = serializers.CharField()
    fee = serializers.DecimalField(max_digits=8, decimal_places=2)
    currency = serializers.CharField()
    hearing_date = serializers.DateField()
    notice_days = serializers.IntegerField()
    submitted_at = serializers.DateTimeField()
    decided_at = serializers.DateTimeField(allow_null=True)
    decision_note = serializers.CharField(allow_null=True)
    replayed = serializers.BooleanField()
    next_step = serializers.CharField()

    access_code = serializers.CharField(required=False, help_text="Shown once: the applicant's proof.")

    class Meta:
        public_fields = ("reference", "status", "status_label", "variance_type", "variance_type_label",
            "property_address", "district", "parcel_number", "fee", "currency", "hearing_date", *HEARING_STATE,
            "notice_days", "submitted_at", "decided_at", "decision_note", "replayed", "next_step")
        owner_fields = ("applicant", "access_code")


@tool(name="submit_variance", title="Apply for a zoning variance", input=SubmitVarianceInput,
      output=SubmitVarianceOutput, access=Access.RESIDENT, caller_scoped_key=True)
def submit_variance(args: dict, ctx) -> ToolResult:
    """Apply for a zoning variance at an address; answers the reference, filing fee and hearing date."""
    submission = variance_submit(actor=ctx.actor, **args)
    facts = answers.submission_facts(submission)
    return filing_result(submission.variance, facts=facts, text=answers.submission_text,
                         replayed=submission.replayed, reference=submission.variance.reference,
                         track_tool="track_variance")


# --- track_variance ----------------------------------------------------------------------
class TrackVarianceInput(serializers.Serializer):
    reference = serializers.CharField(max_length=32, help_text=REFERENCE_HELP)
    access_code = access_code_field()


TimelineOutput = timeline_output(Variance.Status.choices)


class TrackVarianceOutput(HearingStateOutput):
    reference = serializers.CharField()
    status = serializers.ChoiceField(choices=Variance.Status.choices)
    status_label = serializers.CharField()
    variance_type = serializers.CharField()
    variance_type_label = serializers.CharField()
    property_address = serializers.CharField()
    district = serializers.CharField()
    parcel_number = serializers.CharField(allow_null=True)
    applicant = serializers.CharField()
    description = serializers.CharField()
    fee = serializers.DecimalField(max_digits=8, decimal_places=2)
    currency = serializers.CharField()
    hearing_date = serializers.DateField()
    submitted_at = serializers.DateTimeField()
    decided_at = serializers.DateTimeField(allow_null=True)
    decision_note = serializers.CharField(allow_null=True)
    parking_spaces_required = serializers.IntegerField(allow_null=True, help_text="Approved parking variances: "
                                                       "the off-street spaces required at the property.")
    timeline = TimelineOutput(many=True)
    next_step = serializers.CharField()

    class Meta:
        public_fields = ("reference", "status", "status_label", "variance_type", "variance_type_label",
            "property_address", "district", "parcel_number", "description", "fee", "currency",
            "hearing_date", *HEARING_STATE, "submitted_at", "decided_at", "decision_note", "parking_spaces_required",
            "timeline", "next_step")
        owner_fields = ("applicant",)


@tool(name="track_variance", title="Track a variance application", input=TrackVarianceInput,
      output=TrackVarianceOutput, access=Access.PUBLIC, read_only=True)
def track_variance(args: dict, ctx) -> ToolResult:
    """Show a variance application's status, hearing date, decision and dated timeline."""
    # Address, hearing and decision are public record; the applicant's name needs the access code.
    return tracked_record_result(variance_get(reference=args["reference"]), access_code=args["access_code"],
                                 facts=answers.variance_facts, render=answers.variance_text)


# --- decide_variance (staff) --------------------------------------------------------------
class DecideVarianceInput(serializers.Serializer):
    reference = serializers.CharField(max_length=32, help_text=REFERENCE_HELP)
    decision = serializers.ChoiceField(choices=[Variance.Status.APPROVED, Variance.Status.DENIED],
                                       help_text="approved or denied.")
    note = serializers.CharField(max_length=4000, default="", allow_blank=True,
                                 help_text="Findings or conditions of the decision.")
    parking_spaces_required = serializers.IntegerField(
        min_value=0, max_value=10_000, default=None, allow_null=True,
        help_text="Approving a parking variance: the off-street spaces the Board requires at the property "
                  "(required then; refused for other decisions).")


class DecideVarianceOutput(serializers.Serializer):
    reference = serializers.CharField()
    old_status = serializers.ChoiceField(choices=Variance.Status.choices)
    status = serializers.ChoiceField(choices=Variance.Status.choices)
    changed = serializers.BooleanField()
    decided_at = serializers.DateTimeField(allow_null=True)
    decision_note = serializers.CharField(allow_null=True)
    property_address = serializers.CharField()
    variance_type = serializers.CharField()
    hearing_date = serializers.DateField()
    parking_spaces_required = serializers.IntegerField(allow_null=True)

    class Meta:
        public_fields = ("reference", "old_status", "status", "changed", "decided_at", "decision_note",
            "property_address", "variance_type", "hearing_date", "parking_spaces_required")


@tool(name="decide_variance", title="Decide a variance application", input=DecideVarianceInput,
      output=DecideVarianceOutput, access=Access.STAFF, idempotent=True)
def decide_variance(args: dict, ctx) -> ToolResult:
    """Approve or deny a variance application (staff only) at or after its hearing; the same decision again changes nothing.

    Approving a parking variance needs `parking_spaces_required`, which then lowers the parking
    check_compliance, analyze_requirements and plan_business_opening require at the property.
    """
    change = tool_status_change(ctx=ctx, tool="decide_variance", service=variance_decide, record="variance", args=args)
    facts = answers.change_facts(change)
    return ToolResult(text=answers.change_text(facts), structured=facts)
