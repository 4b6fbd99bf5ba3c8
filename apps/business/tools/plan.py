"""plan_business_opening: one call for everything a new business needs from the city."""
from django.utils import timezone
from rest_framework import serializers

from apps.business.answers.plan import opening_plan_facts, opening_plan_text
from apps.business.fields import OpeningPlanOutput
from apps.business.planning import business_opening_plan
from apps.mcp.registry import Access, ToolResult, tool
from apps.zoning.fields import LandUseField

# Where an assistant helping someone open a business looks first: may the use be there, and
# which permits. (Parking keeps its own analyze_requirements for the seed's parking step.)
SERVED_ON = ("zoning", "permits")
OPENING_DATE_PAST_MESSAGE = "The opening date {value} is in the past; give today or a later date."


class PlanBusinessOpeningInput(serializers.Serializer):
    address = serializers.CharField(max_length=200, help_text="Street address or landmark, e.g. \"123 Main St\".")
    business_type = LandUseField(help_text="What the business is, e.g. restaurant, cafe, bar, retail, office.")
    seating_capacity = serializers.IntegerField(
        min_value=1, max_value=100_000, default=None, allow_null=True,
        help_text="Seats or occupants planned: decides zoning limits, seat-based parking and fire exits.")
    floor_area_sqft = serializers.IntegerField(
        min_value=1, max_value=10_000_000, default=None, allow_null=True,
        help_text="Floor area in square feet: area-based parking and building permit fees.")
    serves_alcohol = serializers.BooleanField(default=False, help_text="Whether alcohol will be served.")
    opening_date = serializers.DateField(default=None, allow_null=True,
                                         help_text="Hoped-for opening day (YYYY-MM-DD); the plan says if it "
                                                   "can be met.")

    def validate_opening_date(self, value):
        if value is not None and value < timezone.localdate():
            raise serializers.ValidationError(OPENING_DATE_PAST_MESSAGE.format(value=value.isoformat()))
        return value


@tool(name="plan_business_opening", title="Plan a business opening", domain="business", also_on=SERVED_ON,
      input=PlanBusinessOpeningInput, output=OpeningPlanOutput, access=Access.PUBLIC, read_only=True)
def plan_business_opening(args: dict, ctx) -> ToolResult:
    """Plan opening a business at an address: zoning, permits with fees and documents, parking, fire code, noise, and a dated timeline.

    One call reads every domain that has a say and returns the ordered checklist, the total
    of fees, and whether the opening date can be met.
    """
    plan = business_opening_plan(**args)
    return ToolResult(text="", structured=opening_plan_facts(plan), render=opening_plan_text)
