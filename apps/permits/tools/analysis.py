"""Read-only permit tools: analyze_application, check_requirements, calculate_fees."""
from rest_framework import serializers as s

from apps.mcp.registry import Access, ToolResult, tool
from apps.permits.answers import render_analysis, render_fee_quote, render_requirements
from apps.permits.selectors import permit_type_analysis, permit_type_fee_quote, permit_type_requirements
from apps.permits.fields.inputs import estimated_cost_field, permit_type_field, square_feet_field
from apps.permits.fields.outputs import (
    ConditionalDocumentOutput,
    DocumentRequirementOutput,
    FeeEstimateOutput,
    InspectionStepOutput,
    OpenQuestionOutput,
    TimelineSummaryOutput,
    money,
    strings,
)


class AnalyzeApplicationInput(s.Serializer):
    permit_type = permit_type_field()
    project_description = s.CharField(max_length=2000, required=False,
                                      help_text="What you plan to build or do, e.g. \"Adding 400 sq ft deck\".")
    property_address = s.CharField(max_length=200, required=False,
                                   help_text="Street address of the property, e.g. \"123 Oak Street\".")
    estimated_cost = estimated_cost_field()
    square_feet = square_feet_field()
    business_type = s.CharField(max_length=60, required=False,
                                help_text="For business licences: the kind of business, e.g. restaurant, retail.")
    serves_alcohol = s.BooleanField(
        required=False,
        help_text="For business licences: whether alcohol will be served or sold. Wins over the description; "
                  "when omitted and the description does not say, the answer asks (open_questions).")


class RequirementOutput(s.Serializer):
    text = s.CharField()
    status = s.ChoiceField(choices=["met", "not_met", "to_do", "additional", "to_confirm"],
                           help_text="met: checked and satisfied; to_do: the applicant still has to do or follow "
                                     "it; additional: applies to this project; to_confirm: needs a detail.")

    class Meta:
        public_fields = ("text", "status")


class ProjectOutput(s.Serializer):
    type = s.CharField()
    description = s.CharField(allow_null=True)
    area_sqft = s.IntegerField(allow_null=True)
    area_source = s.ChoiceField(choices=["square_feet", "project_description"], allow_null=True)
    property_address = s.CharField(allow_null=True)
    place_name = s.CharField(allow_null=True)
    zone = s.CharField(allow_null=True)
    estimated_cost = money(allow_null=True)
    business_type = s.CharField(allow_null=True)
    serves_alcohol = s.BooleanField(allow_null=True)

    class Meta:
        public_fields = ("type", "description", "area_sqft", "area_source", "property_address", "place_name",
            "zone", "estimated_cost", "business_type", "serves_alcohol")


class AnalyzeApplicationOutput(s.Serializer):
    permit_type = s.CharField()
    permit_type_name = s.CharField()
    project = ProjectOutput()
    requirements = RequirementOutput(many=True)
    requirements_met = s.BooleanField()
    open_questions = OpenQuestionOutput(many=True, help_text="What the answer depends on but was not given; "
                                        "fees and documents leave those rows out until it is answered.")
    required_documents = DocumentRequirementOutput(many=True)
    fees = FeeEstimateOutput()
    timeline = TimelineSummaryOutput()
    next_steps = strings()
    tip = s.CharField(allow_null=True)
    currency = s.CharField()

    class Meta:
        public_fields = ("permit_type", "permit_type_name", "project", "requirements", "requirements_met",
            "open_questions", "required_documents", "fees", "timeline", "next_steps", "tip", "currency")


@tool(name="analyze_application", title="Analyze a permit application", input=AnalyzeApplicationInput,
      output=AnalyzeApplicationOutput, access=Access.PUBLIC, read_only=True)
def analyze_application(args: dict, ctx) -> ToolResult:
    """Analyze a planned project: requirements met or not, documents, itemised fees, timeline, next steps."""
    report = permit_type_analysis(**args)
    return ToolResult(text=render_analysis(report), structured=report)


class CheckRequirementsInput(s.Serializer):
    permit_type = permit_type_field()
    project_scope = s.CharField(max_length=100, required=False,
                                help_text="What the project covers, e.g. garage_addition, deck_addition.")


class ConditionalRequirementOutput(s.Serializer):
    text = s.CharField()
    applies = s.CharField()

    class Meta:
        public_fields = ("text", "applies")


class FeeScheduleRowOutput(s.Serializer):
    label = s.CharField()
    kind = s.CharField()
    applies = s.CharField()
    formula = s.CharField()
    basis = s.CharField()
    flat_amount = money()
    rate = s.CharField()
    per_units = s.IntegerField()
    minimum = money(allow_null=True)
    maximum = money(allow_null=True)

    class Meta:
        public_fields = ("label", "kind", "applies", "formula", "basis", "flat_amount", "rate", "per_units",
            "minimum", "maximum")


class CheckRequirementsOutput(s.Serializer):
    permit_type = s.CharField()
    permit_type_name = s.CharField()
    project_scope = s.CharField(allow_null=True)
    scope_matched = s.BooleanField()
    required_documents = DocumentRequirementOutput(many=True)
    conditional_documents = ConditionalDocumentOutput(many=True)
    conditions = strings()
    conditional_requirements = ConditionalRequirementOutput(many=True)
    codes = strings()
    inspections = InspectionStepOutput(many=True)
    allowed_zones = strings()
    area_threshold_sqft = s.IntegerField(allow_null=True)
    fee_schedule = FeeScheduleRowOutput(many=True)
    timeline = TimelineSummaryOutput()
    payment_due_days = s.IntegerField()
    currency = s.CharField()

    class Meta:
        public_fields = ("permit_type", "permit_type_name", "project_scope", "scope_matched",
            "required_documents", "conditional_documents", "conditions", "conditional_requirements", "codes",
            "inspections", "allowed_zones", "area_threshold_sqft", "fee_schedule", "timeline",
            "payment_due_days", "currency")


@tool(name="check_requirements", title="Check permit requirements", input=CheckRequirementsInput,
      output=CheckRequirementsOutput, access=Access.PUBLIC, read_only=True)
def check_requirements(args: dict, ctx) -> ToolResult:
    """List a permit type's requirements: documents, inspections, codes, fee schedule and review time."""
    report = permit_type_requirements(**args)
    return ToolResult(text=render_requirements(report), structured=report)


class CalculateFeesInput(s.Serializer):
    permit_type = permit_type_field()
    estimated_cost = estimated_cost_field()
    square_feet = s.IntegerField(min_value=1, max_value=1_000_000, required=False,
                                 help_text="Project area in square feet (decides the size-based fees).")


class CalculateFeesOutput(s.Serializer):
    permit_type = s.CharField()
    permit_type_name = s.CharField()
    estimated_cost = money(allow_null=True)
    square_feet = s.IntegerField(allow_null=True)
    area_threshold_sqft = s.IntegerField(allow_null=True)
    size_band = s.ChoiceField(choices=["within", "over"], allow_null=True)
    fees = FeeEstimateOutput()
    assumptions = strings()
    payment_due_days = s.IntegerField()
    currency = s.CharField()

    class Meta:
        public_fields = ("permit_type", "permit_type_name", "estimated_cost", "square_feet",
            "area_threshold_sqft", "size_band", "fees", "assumptions", "payment_due_days", "currency")


@tool(name="calculate_fees", title="Calculate permit fees", input=CalculateFeesInput,
      output=CalculateFeesOutput, access=Access.PUBLIC, read_only=True)
def calculate_fees(args: dict, ctx) -> ToolResult:
    """Calculate the itemised fees of a permit from the project's estimated cost and area."""
    report = permit_type_fee_quote(**args)
    return ToolResult(text=render_fee_quote(report), structured=report)
