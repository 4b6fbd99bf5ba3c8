"""The plan's output serializers: every field is public (a plan names no person).

Each serializer lists its fields once and declares them all public (apps.accounts.viewers),
so a field added later is published only when it is added to the list as well.
"""
from rest_framework import serializers


def money(**kwargs):
    return serializers.DecimalField(max_digits=10, decimal_places=2, **kwargs)


def public(*names: str) -> type:
    """Return a Meta declaring `names` as the fields every viewer sees."""
    return type("Meta", (), {"public_fields": names})


class ZoningOutput(serializers.Serializer):
    district = serializers.CharField()
    district_name = serializers.CharField()
    status = serializers.ChoiceField(choices=["permitted", "conditional", "prohibited"])
    verdict = serializers.CharField()
    conditions = serializers.CharField(allow_blank=True)
    capacity_by_right = serializers.IntegerField(allow_null=True)
    capacity_limit = serializers.IntegerField(allow_null=True)
    path = serializers.ChoiceField(choices=["none", "conditional_use_permit", "use_variance"])
    hearing_date = serializers.DateField(allow_null=True)
    application_fee = money(allow_null=True)
    notice_days = serializers.IntegerField()
    permitted_in = serializers.ListField(child=serializers.CharField())
    conditional_in = serializers.ListField(child=serializers.CharField())

    Meta = public("district", "district_name", "status", "verdict", "conditions", "capacity_by_right",
                  "capacity_limit", "path", "hearing_date", "application_fee", "notice_days", "permitted_in",
                  "conditional_in")


class FeeOutput(serializers.Serializer):
    label = serializers.CharField()
    amount = money()

    Meta = public("label", "amount")


class DocumentOutput(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    mandatory = serializers.BooleanField()

    Meta = public("code", "name", "mandatory")


class PermitOutput(serializers.Serializer):
    permit_type = serializers.CharField()
    name = serializers.CharField()
    reason = serializers.CharField()
    required = serializers.BooleanField()
    requirements_met = serializers.BooleanField()
    unmet_requirements = serializers.ListField(child=serializers.CharField())
    review_days_max = serializers.IntegerField()
    fees = FeeOutput(many=True)
    fee_total = money()
    fees_estimated = serializers.BooleanField()
    documents = DocumentOutput(many=True)

    Meta = public("permit_type", "name", "reason", "required", "requirements_met", "unmet_requirements",
                  "review_days_max", "fees", "fee_total", "fees_estimated", "documents")


class FacilityOutput(serializers.Serializer):
    name = serializers.CharField()
    distance_miles = serializers.FloatField()
    spaces_available = serializers.IntegerField()
    peak_cost = money()

    Meta = public("name", "distance_miles", "spaces_available", "peak_cost")


class ParkingOutput(serializers.Serializer):
    peak_start = serializers.CharField()
    peak_end = serializers.CharField()
    required_spaces = serializers.IntegerField(allow_null=True, help_text="After an approved parking variance at "
                                               "the address; null when the use is not permitted or its basis "
                                               "(seats, floor area) was not given.")
    required_by_ratio = serializers.IntegerField(allow_null=True, help_text="What the district's ratio alone asks.")
    parking_variance = serializers.CharField(allow_null=True, help_text="The approved parking variance that lowers "
                                             "the requirement, if any.")
    ratio = serializers.CharField(allow_null=True)
    spaces_available = serializers.IntegerField()
    spaces_free_at_peak = serializers.IntegerField()
    on_site_with_variance = serializers.IntegerField(allow_null=True, help_text="Spaces left to provide on site "
                                                     "if a parking variance credited the free public spaces; null "
                                                     "when none is needed or one is approved already.")
    variance_hearing_date = serializers.DateField()
    variance_fee = money()
    facilities = FacilityOutput(many=True)

    Meta = public("peak_start", "peak_end", "required_spaces", "required_by_ratio", "parking_variance", "ratio",
                  "spaces_available", "spaces_free_at_peak",
                  "on_site_with_variance", "variance_hearing_date", "variance_fee", "facilities")


class FireRequirementOutput(serializers.Serializer):
    category = serializers.CharField()
    code_section = serializers.CharField()
    requirement = serializers.CharField()
    quantity = serializers.IntegerField(allow_null=True)
    required = serializers.BooleanField()

    Meta = public("category", "code_section", "requirement", "quantity", "required")


class FireCodeOutput(serializers.Serializer):
    judged = serializers.BooleanField()
    note = serializers.CharField(allow_blank=True)
    occupancy_group = serializers.CharField(allow_null=True)
    code_section = serializers.CharField(allow_null=True)
    exits = serializers.IntegerField(allow_null=True)
    requirements = FireRequirementOutput(many=True)

    Meta = public("judged", "note", "occupancy_group", "code_section", "exits", "requirements")


class NoiseOutput(serializers.Serializer):
    zone = serializers.CharField(allow_null=True)
    ordinance_code = serializers.CharField(allow_null=True)
    title = serializers.CharField(allow_null=True)
    quiet_hours_start = serializers.CharField(allow_null=True)
    quiet_hours_end = serializers.CharField(allow_null=True)
    day_limit_db = serializers.IntegerField(allow_null=True)
    night_limit_db = serializers.IntegerField(allow_null=True)
    prohibited_in_quiet_hours = serializers.BooleanField(allow_null=True)
    citation_fine = money(allow_null=True)
    summary = serializers.CharField(allow_blank=True)

    Meta = public("zone", "ordinance_code", "title", "quiet_hours_start", "quiet_hours_end", "day_limit_db",
                  "night_limit_db", "prohibited_in_quiet_hours", "citation_fine", "summary")


class FeesOutput(serializers.Serializer):
    items = FeeOutput(many=True)
    total = money()
    estimated = serializers.BooleanField()
    not_included = serializers.ListField(child=serializers.CharField())
    currency = serializers.CharField()

    Meta = public("items", "total", "estimated", "not_included", "currency")


class StepOutput(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()

    Meta = public("key", "label", "starts_on", "ends_on")


class TimelineOutput(serializers.Serializer):
    steps = StepOutput(many=True)
    earliest_opening = serializers.DateField()
    opening_date = serializers.DateField(allow_null=True)
    meets_opening_date = serializers.BooleanField(allow_null=True)
    days_short = serializers.IntegerField()
    depends_on_hearing = serializers.BooleanField()

    Meta = public("steps", "earliest_opening", "opening_date", "meets_opening_date", "days_short",
                  "depends_on_hearing")


class OpeningPlanOutput(serializers.Serializer):
    address = serializers.CharField()
    resolved_address = serializers.CharField()
    business_type = serializers.CharField()
    seating_capacity = serializers.IntegerField(allow_null=True)
    floor_area_sqft = serializers.IntegerField(allow_null=True)
    serves_alcohol = serializers.BooleanField()
    as_of = serializers.DateField()
    zoning = ZoningOutput()
    permits = PermitOutput(many=True)
    parking = ParkingOutput()
    fire_code = FireCodeOutput()
    noise = NoiseOutput()
    fees = FeesOutput()
    timeline = TimelineOutput()
    checklist = serializers.ListField(child=serializers.CharField())
    currency = serializers.CharField()

    Meta = public("address", "resolved_address", "business_type", "seating_capacity", "floor_area_sqft",
                  "serves_alcohol", "as_of", "zoning", "permits", "parking", "fire_code", "noise", "fees",
                  "timeline", "checklist", "currency")
