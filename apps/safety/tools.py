"""MCP tools of the safety domain, declared against apps.mcp.registry."""
from django.db import transaction
from rest_framework import serializers

from apps.accounts.viewers import access_code_field
from apps.accounts.history import tool_history_record
from apps.mcp.outputs import filing_result, timeline_output, tracked_record_result
from apps.mcp.registry import Access, ToolResult, tool
from apps.safety import answers
from apps.safety.catalogue import OccupancyGroup, Priority, RequirementCategory
from apps.safety.fields import BusinessTypeField, IncidentTypeField, PriorityField, UnitTypeField
from apps.safety.models import Incident, ResponseUnit
from apps.safety.selectors import fire_code_requirements, incident_get, unit_search, units_nearest_incident
from apps.safety.services import incident_dispatch, incident_report

REFERENCE_HELP = "Incident reference, e.g. INC-2026-000123."


# --- get_requirements --------------------------------------------------------------------
class GetRequirementsInput(serializers.Serializer):
    business_type = BusinessTypeField(help_text="Kind of business, e.g. restaurant, bar, retail, office, daycare.")
    capacity = serializers.IntegerField(min_value=1, max_value=100_000,
                                        help_text="Occupant load: the most people inside at once (seats plus staff).")
    floor_area_sqft = serializers.IntegerField(min_value=1, max_value=10_000_000, default=None, allow_null=True,
                                               help_text="Floor area in square feet; sizes the extinguisher count.")


class RequirementOutput(serializers.Serializer):
    category = serializers.ChoiceField(choices=RequirementCategory.choices)
    category_label = serializers.CharField()
    code_section = serializers.CharField()
    required = serializers.BooleanField()
    requirement = serializers.CharField()
    quantity = serializers.IntegerField(allow_null=True)
    per_square_feet = serializers.IntegerField(allow_null=True)
    interval_months = serializers.IntegerField(allow_null=True)

    class Meta:
        public_fields = ("category", "category_label", "code_section", "required", "requirement", "quantity",
            "per_square_feet", "interval_months")


class GetRequirementsOutput(serializers.Serializer):
    business_type = serializers.CharField()
    business_type_label = serializers.CharField()
    capacity = serializers.IntegerField()
    floor_area_sqft = serializers.IntegerField(allow_null=True)
    occupancy_group = serializers.ChoiceField(choices=OccupancyGroup.choices)
    occupancy_label = serializers.CharField()
    occupancy_code_section = serializers.CharField()
    exits_required = serializers.IntegerField(allow_null=True)
    sprinklers_required = serializers.BooleanField()
    fire_alarm_required = serializers.BooleanField()
    kitchen_suppression_required = serializers.BooleanField()
    extinguishers_min = serializers.IntegerField(allow_null=True)
    inspection_interval_months = serializers.IntegerField(allow_null=True)
    requirements = RequirementOutput(many=True)
    next_steps = serializers.ListField(child=serializers.CharField())

    class Meta:
        public_fields = ("business_type", "business_type_label", "capacity", "floor_area_sqft",
            "occupancy_group", "occupancy_label", "occupancy_code_section", "exits_required",
            "sprinklers_required", "fire_alarm_required", "kitchen_suppression_required",
            "extinguishers_min", "inspection_interval_months", "requirements", "next_steps")


@tool(name="get_requirements", title="Fire and life-safety requirements", input=GetRequirementsInput,
      output=GetRequirementsOutput, access=Access.PUBLIC, read_only=True)
def get_requirements(args: dict, ctx) -> ToolResult:
    """Give the occupancy classification and fire-code requirements of a business at a capacity.

    Exits, exit lighting, sprinklers, fire alarm, extinguishers, kitchen hood suppression,
    signage and inspections, each with its code section, from the fire-code rule rows.
    """
    facts = answers.requirements_facts(fire_code_requirements(**args))
    return ToolResult(text=answers.requirements_text(facts), structured=facts)


# --- report_incident ---------------------------------------------------------------------
class ReportIncidentInput(serializers.Serializer):
    incident_type = IncidentTypeField(help_text="What is happening, e.g. fire, medical, traffic_accident, crime.")
    location = serializers.CharField(max_length=200, help_text="Where: a street address or a landmark.")
    description = serializers.CharField(max_length=4000, help_text="What the caller sees: people involved, hazards.")
    priority = PriorityField(default=None, allow_null=True,
                             help_text="critical, high, normal or low; default by incident type.")
    contact = serializers.CharField(max_length=120, default="", allow_blank=True,
                                    help_text="Callback phone number (optional, kept private).")
    idempotency_key = serializers.CharField(max_length=64, default=None, allow_null=True,
                                            help_text="Any unique string; a retry with the same key returns the "
                                            "same incident instead of reporting twice.")


class UnitOutput(serializers.Serializer):
    call_sign = serializers.CharField()
    unit_type = serializers.CharField()
    unit_type_label = serializers.CharField()
    station = serializers.CharField()
    status = serializers.ChoiceField(choices=ResponseUnit.Status.choices)
    incident_reference = serializers.CharField(allow_null=True)
    distance_miles = serializers.FloatField(allow_null=True)
    eta_minutes = serializers.IntegerField(allow_null=True)

    class Meta:
        public_fields = ("call_sign", "unit_type", "unit_type_label", "station", "status",
            "incident_reference", "distance_miles", "eta_minutes")


class IncidentBaseOutput(serializers.Serializer):
    reference = serializers.CharField()
    incident_type = serializers.CharField()
    incident_type_label = serializers.CharField()
    priority = serializers.ChoiceField(choices=Priority.choices)
    status = serializers.ChoiceField(choices=Incident.Status.choices)
    location = serializers.CharField()
    reported_at = serializers.DateTimeField()
    overdue = serializers.BooleanField(help_text="Past the target of its current step (dispatch, arrival, clearance).")
    overdue_target = serializers.ChoiceField(choices=["dispatch", "arrival", "clearance"], allow_null=True)
    overdue_since = serializers.DateTimeField(allow_null=True, help_text="When the late step began.")
    target_due = serializers.DateTimeField(allow_null=True, help_text="When the current step's target falls due.")
    target = serializers.CharField(allow_null=True, help_text="The current step's target, in words.")


OVERDUE_FIELDS = ("overdue", "overdue_target", "overdue_since", "target_due", "target")


class ReportIncidentOutput(IncidentBaseOutput):
    replayed = serializers.BooleanField()
    nearest_available_units = UnitOutput(many=True)
    next_step = serializers.CharField()

    access_code = serializers.CharField(required=False, help_text="Shown once: the caller's proof.")

    class Meta:
        public_fields = ("reference", "incident_type", "incident_type_label", "priority", "status",
            "reported_at", "replayed", "nearest_available_units", "next_step", *OVERDUE_FIELDS)
        owner_fields = ("location", "access_code")


@tool(name="report_incident", title="Report a public-safety incident", input=ReportIncidentInput,
      output=ReportIncidentOutput, access=Access.RESIDENT, caller_scoped_key=True)
def report_incident(args: dict, ctx) -> ToolResult:
    """Report a fire, medical emergency, accident, crime or other public-safety incident.

    Answers the reference, the priority and the nearest available units. Life-threatening
    emergencies should also be called in to 911.
    """
    report = incident_report(actor=ctx.actor, **args)
    facts = answers.report_facts(report, units_nearest_incident(incident=report.incident))
    return filing_result(report.incident, facts=facts, text=answers.report_text, replayed=report.replayed,
                         reference=report.incident.reference, track_tool="incident_status")


# --- incident_status ---------------------------------------------------------------------
class IncidentStatusInput(serializers.Serializer):
    reference = serializers.CharField(max_length=32, help_text=REFERENCE_HELP)
    access_code = access_code_field()


class DispatchOutput(serializers.Serializer):
    call_sign = serializers.CharField()
    unit_type = serializers.CharField()
    station = serializers.CharField()
    distance_miles = serializers.FloatField()
    eta_minutes = serializers.IntegerField()
    dispatched_at = serializers.DateTimeField()
    cleared_at = serializers.DateTimeField(allow_null=True)

    class Meta:
        public_fields = ("call_sign", "unit_type", "station", "distance_miles", "eta_minutes",
            "dispatched_at", "cleared_at")


TimelineOutput = timeline_output(Incident.Status.choices)


class IncidentStatusOutput(IncidentBaseOutput):
    description = serializers.CharField()
    dispatched_at = serializers.DateTimeField(allow_null=True)
    resolved_at = serializers.DateTimeField(allow_null=True)
    resolution_note = serializers.CharField(allow_null=True)
    units = DispatchOutput(many=True)
    active_units = serializers.IntegerField()
    timeline = TimelineOutput(many=True)
    next_step = serializers.CharField()

    class Meta:
        public_fields = ("reference", "incident_type", "incident_type_label", "priority", "status",
            "reported_at", "dispatched_at", "resolved_at", "active_units", "next_step", *OVERDUE_FIELDS)
        owner_fields = ("location", "description", "units", "timeline", "resolution_note")


@tool(name="incident_status", title="Incident status", input=IncidentStatusInput, output=IncidentStatusOutput,
      access=Access.PUBLIC, read_only=True)
def incident_status(args: dict, ctx) -> ToolResult:
    """Show an incident's status, the units sent with their ETAs, and its dated timeline."""
    # Type, priority and status are public; the place, details and timeline need the access code.
    return tracked_record_result(incident_get(reference=args["reference"]), access_code=args["access_code"],
                                 facts=answers.incident_facts, render=answers.incident_text)


# --- dispatch_resources (staff) -----------------------------------------------------------
class DispatchResourcesInput(serializers.Serializer):
    reference = serializers.CharField(max_length=32, help_text=REFERENCE_HELP)
    unit_types = serializers.ListField(child=UnitTypeField(), max_length=8, min_length=1, default=None,
                                       allow_null=True,
                                       help_text="One entry per unit wanted (fire_engine, ladder_truck, ambulance, "
                                       "police, hazmat); default the incident type's standard response.")


class DispatchResourcesOutput(IncidentBaseOutput):
    dispatched = DispatchOutput(many=True)
    already_assigned = DispatchOutput(many=True)
    unavailable = serializers.ListField(child=serializers.CharField())

    class Meta:
        public_fields = ("reference", "incident_type", "incident_type_label", "priority", "status",
            "location", "reported_at", "dispatched", "already_assigned", "unavailable", *OVERDUE_FIELDS)


@tool(name="dispatch_resources", title="Dispatch response units", input=DispatchResourcesInput,
      output=DispatchResourcesOutput, access=Access.STAFF, idempotent=True)
def dispatch_resources(args: dict, ctx) -> ToolResult:
    """Send the nearest available units to an incident (staff only); units already sent count."""
    with transaction.atomic():  # the dispatch and its history row, together
        result = incident_dispatch(actor=ctx.actor, **args)
        tool_history_record(ctx=ctx, tool="dispatch_resources", obj=result.incident if result.dispatched else None,
                            message="Dispatched " + ", ".join(d.unit.call_sign for d in result.dispatched))
    facts = answers.dispatch_result_facts(result)
    return ToolResult(text=answers.dispatch_result_text(facts), structured=facts)


# --- list_units --------------------------------------------------------------------------
class ListUnitsInput(serializers.Serializer):
    status = serializers.ChoiceField(choices=ResponseUnit.Status.choices, default=None, allow_null=True,
                                     help_text="Only units in this status, e.g. available.")
    unit_type = UnitTypeField(default=None, allow_null=True, help_text="Only this kind of unit.")
    near = serializers.CharField(max_length=200, default=None, allow_null=True,
                                 help_text="A place; units are then sorted by distance with a travel estimate.")


class ListUnitsOutput(serializers.Serializer):
    status = serializers.CharField(allow_null=True)
    unit_type = serializers.CharField(allow_null=True)
    near = serializers.CharField(allow_null=True)
    count = serializers.IntegerField()
    available = serializers.IntegerField()
    units = UnitOutput(many=True)

    class Meta:
        public_fields = ("status", "unit_type", "near", "count", "available", "units")


@tool(name="list_units", title="List response units", input=ListUnitsInput, output=ListUnitsOutput,
      access=Access.PUBLIC, read_only=True)
def list_units(args: dict, ctx) -> ToolResult:
    """List fire, EMS and police units with their status, nearest first when a place is given."""
    place, found = unit_search(**args)
    facts = answers.units_facts(found, status=args["status"], unit_type=args["unit_type"],
                                near=place.name if place else None)
    return ToolResult(text=answers.units_text(facts), structured=facts)
