"""analyze_requirements: a business's parking requirement against the supply at its peak hours."""
from rest_framework import serializers

from apps.mcp.registry import Access, ToolResult, tool
from apps.business.answers.requirements import requirements_facts, requirements_text
from apps.business.requirements import parking_requirements_analyze, peak_hours_parse
from apps.parking.fields import money_field
from apps.zoning.catalogue import UseStatus
from apps.zoning.fields import LandUseField


class AnalyzeRequirementsInput(serializers.Serializer):
    business_address = serializers.CharField(max_length=200, help_text="The business's street address.")
    seating_capacity = serializers.IntegerField(min_value=1, max_value=5000, help_text="Number of seats.")
    peak_hours = serializers.CharField(default="6pm-10pm", max_length=40,
                                       help_text="Busiest hours, e.g. \"6pm-10pm\" or \"11:30-14:00\".")
    business_type = LandUseField(default="restaurant",
                                 help_text="Land use as zoning names it, e.g. restaurant, retail, office "
                                           "(\"pizzeria\", \"coffee shop\" are forgiven).")

    def validate_peak_hours(self, value):
        try:
            peak_hours_parse(value)
        except ValueError as error:
            raise serializers.ValidationError(str(error)) from None
        return value


class PeakFacilityOutput(serializers.Serializer):
    name = serializers.CharField()
    kind = serializers.CharField()
    distance_miles = serializers.FloatField()
    capacity = serializers.IntegerField()
    spaces_available = serializers.IntegerField()
    enforced_minutes_at_peak = serializers.IntegerField()
    peak_cost = money_field()
    time_limit_minutes = serializers.IntegerField(allow_null=True)
    time_limit_applies = serializers.BooleanField()

    class Meta:
        public_fields = ("name", "kind", "distance_miles", "capacity", "spaces_available",
            "enforced_minutes_at_peak", "peak_cost", "time_limit_minutes", "time_limit_applies")


class AnalyzeRequirementsOutput(serializers.Serializer):
    business_address = serializers.CharField()
    resolved_address = serializers.CharField()
    business_type = serializers.CharField()
    seating_capacity = serializers.IntegerField()
    peak_start = serializers.CharField()
    peak_end = serializers.CharField()
    peak_minutes = serializers.IntegerField()
    zoning_district = serializers.CharField()
    zoning_status = serializers.ChoiceField(choices=UseStatus.choices)
    zoning_status_label = serializers.CharField()
    zoning_reason = serializers.CharField(help_text="Why zoning allows the use here, or not (check_compliance's reason).")
    required_spaces = serializers.IntegerField(allow_null=True, help_text="Off-street spaces zoning requires, after "
                                               "an approved parking variance at the address; null when the use is "
                                               "not permitted or its basis is not seats.")
    required_by_ratio = serializers.IntegerField(allow_null=True, help_text="What the district's ratio alone asks.")
    parking_variance = serializers.CharField(allow_null=True, help_text="Reference of the approved parking variance "
                                             "that lowers the requirement, if any.")
    parking_ratio = serializers.CharField(allow_null=True, help_text="The use's ratio where zoning allows it; "
                                          "null where it does not.")
    spaces_available = serializers.IntegerField()
    spaces_free_at_peak = serializers.IntegerField()
    currency = serializers.CharField()
    facilities = PeakFacilityOutput(many=True)

    class Meta:
        public_fields = ("business_address", "resolved_address", "business_type", "seating_capacity",
            "peak_start", "peak_end", "peak_minutes", "zoning_district", "zoning_status", "zoning_status_label",
            "zoning_reason", "required_spaces", "required_by_ratio", "parking_variance", "parking_ratio", "spaces_available", "spaces_free_at_peak", "currency", "facilities")


# Served on the parking listener, where the seed's restaurant workflow calls it.
@tool(name="analyze_requirements", title="Analyze a business's parking requirements", domain="parking",
      input=AnalyzeRequirementsInput, output=AnalyzeRequirementsOutput, access=Access.PUBLIC, read_only=True)
def analyze_requirements(args: dict, ctx) -> ToolResult:
    """Compare the off-street parking zoning requires of a business with public parking near it at peak hours."""
    analysis = parking_requirements_analyze(
        business_address=args["business_address"], seating_capacity=args["seating_capacity"],
        peak_hours=args["peak_hours"], business_type=args["business_type"])
    # The text is rendered from the (viewer-shaped) structured facts: one set of facts, two forms.
    return ToolResult(text="", structured=requirements_facts(analysis), render=requirements_text)
