"""MCP tools of the environmental domain, declared against apps.mcp.registry."""
from rest_framework import serializers

from apps.accounts.viewers import access_code_field
from apps.environmental import answers
from apps.environmental.catalogue import Frequency, ProgramCategory, ReportPriority, WasteStream
from apps.environmental.fields import ProgramCategoryField, ReportTypeField
from apps.environmental.models import BulkPickup, EnvironmentalReport
from apps.environmental.selectors import bulk_pickup_get, program_list, report_get
from apps.environmental.selectors import waste_schedule as waste_schedule_get
from apps.environmental.services import (
    bulk_pickup_cancel,
    bulk_pickup_schedule,
    environmental_report_file,
    environmental_report_info_add,
)
from apps.mcp.outputs import filing_result, timeline_output, tracked_record_result
from apps.mcp.registry import Access, ToolResult, tool

ADDRESS_HELP = "Street address, e.g. \"456 Oak Ave\"."
REFERENCE_HELP = "Report reference, e.g. ENV-2026-000123."
PICKUP_REFERENCE_HELP = "Bulk pickup reference, e.g. BP-2026-000123."


# --- waste_schedule ----------------------------------------------------------------------
class WasteScheduleInput(serializers.Serializer):
    address = serializers.CharField(max_length=200, help_text=ADDRESS_HELP)


class AreaOutput(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()

    class Meta:
        public_fields = ("code", "name")


class CollectionOutput(serializers.Serializer):
    date = serializers.DateField()
    regular_date = serializers.DateField()
    holiday = serializers.CharField(allow_null=True)

    class Meta:
        public_fields = ("date", "regular_date", "holiday")


class StreamOutput(serializers.Serializer):
    stream = serializers.ChoiceField(choices=WasteStream.choices)
    label = serializers.CharField()
    weekday = serializers.CharField()
    frequency = serializers.ChoiceField(choices=Frequency.choices)
    next_collections = CollectionOutput(many=True)

    class Meta:
        public_fields = ("stream", "label", "weekday", "frequency", "next_collections")


class HolidayOutput(serializers.Serializer):
    date = serializers.DateField()
    name = serializers.CharField()

    class Meta:
        public_fields = ("date", "name")


class BulkDayOutput(serializers.Serializer):
    weekday = serializers.CharField()
    next_available = serializers.DateField(allow_null=True)
    capacity_per_day = serializers.IntegerField()

    class Meta:
        public_fields = ("weekday", "next_available", "capacity_per_day")


class WasteScheduleOutput(serializers.Serializer):
    address = serializers.CharField()
    area = AreaOutput()
    matched_by = serializers.ChoiceField(choices=["street", "nearest"])
    as_of = serializers.DateField()
    streams = StreamOutput(many=True)
    holidays = HolidayOutput(many=True)
    bulk_pickup = BulkDayOutput()

    class Meta:
        public_fields = ("address", "area", "matched_by", "as_of", "streams", "holidays", "bulk_pickup")


@tool(name="waste_schedule", title="Waste collection schedule", input=WasteScheduleInput,
      output=WasteScheduleOutput, access=Access.PUBLIC, read_only=True)
def waste_schedule(args: dict, ctx) -> ToolResult:
    """Give an address's trash, recycling and compost days (holidays considered) and its next bulk pickup day."""
    facts = answers.schedule_facts(waste_schedule_get(address=args["address"]))
    return ToolResult(text=answers.schedule_text(facts), structured=facts)


# --- schedule_bulk_pickup ----------------------------------------------------------------
class ScheduleBulkPickupInput(serializers.Serializer):
    address = serializers.CharField(max_length=200, help_text=ADDRESS_HELP)
    items = serializers.ListField(child=serializers.CharField(max_length=60), min_length=1, max_length=10,
                                  help_text="What will be put out, one entry per item, e.g. [\"sofa\", \"mattress\"].")
    preferred_date = serializers.DateField(default=None, allow_null=True,
                                           help_text="Earliest date that suits (ISO 8601); default the first "
                                           "available bulk day.")
    contact = serializers.CharField(max_length=120, default="", allow_blank=True,
                                    help_text="Phone or email for pickup reminders (optional, kept private).")
    idempotency_key = serializers.CharField(max_length=64, default=None, allow_null=True,
                                            help_text="Any unique string; a retry with the same key returns the "
                                            "same booking instead of booking twice.")


class ScheduleBulkPickupOutput(serializers.Serializer):
    reference = serializers.CharField()
    status = serializers.ChoiceField(choices=BulkPickup.Status.choices)
    address = serializers.CharField()
    area = serializers.CharField()
    items = serializers.ListField(child=serializers.CharField())
    item_count = serializers.IntegerField()
    scheduled_for = serializers.DateField()
    preferred_date = serializers.DateField(allow_null=True)
    moved_from_preferred = serializers.BooleanField()
    moved_reason = serializers.ChoiceField(choices=["not_bulk_day", "too_soon", "holiday", "full"],
                                           allow_null=True)
    area_bulk_weekday = serializers.CharField()
    fee = serializers.DecimalField(max_digits=8, decimal_places=2)
    currency = serializers.CharField()
    free_pickups_per_year = serializers.IntegerField()
    replayed = serializers.BooleanField()
    next_step = serializers.CharField()

    access_code = serializers.CharField(required=False, help_text="Shown once: the booker's proof.")

    class Meta:
        public_fields = ("reference", "status", "area", "items", "item_count", "scheduled_for",
            "preferred_date", "moved_from_preferred", "moved_reason", "area_bulk_weekday", "fee", "currency",
            "free_pickups_per_year", "replayed", "next_step")
        owner_fields = ("address", "access_code")


@tool(name="schedule_bulk_pickup", title="Schedule a bulk-item pickup", input=ScheduleBulkPickupInput,
      output=ScheduleBulkPickupOutput, access=Access.RESIDENT, caller_scoped_key=True)
def schedule_bulk_pickup(args: dict, ctx) -> ToolResult:
    """Book a bulk-item pickup (furniture, appliances) on the first bulk day with room at the address.

    Items the pickup does not take (paint, tires, electronics, anything not on its list) are
    refused with what it does take and where the rest goes.
    """
    booking = bulk_pickup_schedule(actor=ctx.actor, **args)
    return filing_result(booking.pickup, facts=answers.pickup_facts(booking), text=answers.pickup_text,
                         replayed=booking.replayed, reference=booking.pickup.reference,
                         track_tool="track_bulk_pickup")


# --- track_bulk_pickup -------------------------------------------------------------------
class TrackBulkPickupInput(serializers.Serializer):
    reference = serializers.CharField(max_length=32, help_text=PICKUP_REFERENCE_HELP)
    access_code = access_code_field()


PickupTimelineOutput = timeline_output(BulkPickup.Status.choices)


class TrackBulkPickupOutput(serializers.Serializer):
    reference = serializers.CharField()
    status = serializers.ChoiceField(choices=BulkPickup.Status.choices)
    address = serializers.CharField()
    area = serializers.CharField()
    area_bulk_weekday = serializers.CharField()
    items = serializers.ListField(child=serializers.CharField())
    item_count = serializers.IntegerField()
    scheduled_for = serializers.DateField()
    fee = serializers.DecimalField(max_digits=8, decimal_places=2)
    currency = serializers.CharField()
    overdue = serializers.BooleanField()
    days_overdue = serializers.IntegerField()
    timeline = PickupTimelineOutput(many=True)
    next_step = serializers.CharField()

    class Meta:
        public_fields = ("reference", "status", "area", "area_bulk_weekday", "items", "item_count",
            "scheduled_for", "fee", "currency", "overdue", "days_overdue", "next_step")
        owner_fields = ("address", "timeline")


@tool(name="track_bulk_pickup", title="Track a bulk-item pickup", input=TrackBulkPickupInput,
      output=TrackBulkPickupOutput, access=Access.PUBLIC, read_only=True)
def track_bulk_pickup(args: dict, ctx) -> ToolResult:
    """Show a bulk pickup's status and day, flag a day that passed without the crew, and its timeline."""
    # The address and timeline need the booker's access code; day, area and status are public.
    return tracked_record_result(bulk_pickup_get(reference=args["reference"]), access_code=args["access_code"],
                                 facts=answers.pickup_track_facts, render=answers.pickup_track_text)


# --- cancel_bulk_pickup ------------------------------------------------------------------
class CancelBulkPickupInput(serializers.Serializer):
    reference = serializers.CharField(max_length=32, help_text=PICKUP_REFERENCE_HELP)
    access_code = serializers.CharField(max_length=32, help_text="The access code schedule_bulk_pickup returned "
                                        "(e.g. K7QX2-M9PRT): only the booker may cancel.")


class CancelBulkPickupOutput(serializers.Serializer):
    reference = serializers.CharField()
    status = serializers.ChoiceField(choices=BulkPickup.Status.choices)
    changed = serializers.BooleanField()
    scheduled_for = serializers.DateField()
    area = serializers.CharField()
    fee = serializers.DecimalField(max_digits=8, decimal_places=2)
    currency = serializers.CharField()
    charged = serializers.DecimalField(max_digits=8, decimal_places=2)
    refund = serializers.DecimalField(max_digits=8, decimal_places=2)
    fee_note = serializers.CharField()

    class Meta:
        public_fields = ("reference", "status", "changed", "scheduled_for", "area", "fee", "currency", "charged",
            "refund", "fee_note")


@tool(name="cancel_bulk_pickup", title="Cancel a bulk-item pickup", input=CancelBulkPickupInput,
      output=CancelBulkPickupOutput, access=Access.RESIDENT, idempotent=True, destructive=True)
def cancel_bulk_pickup(args: dict, ctx) -> ToolResult:
    """Cancel a booked bulk pickup (the booker, with its access code) until the day before the pickup.

    Cancelling again changes nothing; a pickup already collected, or whose day has come, is refused.
    """
    cancellation = bulk_pickup_cancel(actor=ctx.actor, **args)
    facts = answers.cancellation_facts(cancellation)
    return ToolResult(owner=True, text=answers.cancellation_text(facts), structured=facts)


# --- file_environmental_report -----------------------------------------------------------
class FileEnvironmentalReportInput(serializers.Serializer):
    report_type = ReportTypeField(help_text="illegal_dumping, air_quality, water_pollution, hazardous_spill, odor, "
                                  "littering, tree_damage or other.")
    location = serializers.CharField(max_length=200, help_text="Where: a street address, a street or a landmark.")
    description = serializers.CharField(max_length=4000, help_text="What the resident sees or smells.")
    contact = serializers.CharField(max_length=120, default="", allow_blank=True,
                                    help_text="Phone or email for follow-up (optional, kept private).")
    idempotency_key = serializers.CharField(max_length=64, default=None, allow_null=True,
                                            help_text="Any unique string; a retry with the same key returns the "
                                            "same report instead of filing twice.")


class ReportBaseOutput(serializers.Serializer):
    reference = serializers.CharField()
    report_type = serializers.CharField()
    report_type_label = serializers.CharField()
    status = serializers.ChoiceField(choices=EnvironmentalReport.Status.choices)
    priority = serializers.ChoiceField(choices=ReportPriority.choices)
    location = serializers.CharField()
    filed_at = serializers.DateTimeField()
    respond_by = serializers.DateField()
    overdue = serializers.BooleanField()
    days_overdue = serializers.IntegerField()
    next_step = serializers.CharField()


class FileEnvironmentalReportOutput(ReportBaseOutput):
    replayed = serializers.BooleanField()

    access_code = serializers.CharField(required=False, help_text="Shown once: the filer's proof.")

    class Meta:
        public_fields = ("reference", "report_type", "report_type_label", "status", "priority", "filed_at",
            "respond_by", "overdue", "days_overdue", "next_step", "replayed")
        owner_fields = ("location", "access_code")


@tool(name="file_environmental_report", title="File an environmental report", input=FileEnvironmentalReportInput,
      output=FileEnvironmentalReportOutput, access=Access.RESIDENT, caller_scoped_key=True)
def file_environmental_report(args: dict, ctx) -> ToolResult:
    """Report illegal dumping, pollution, a spill or another environmental concern at a location."""
    filing = environmental_report_file(actor=ctx.actor, **args)
    facts = answers.filing_facts(filing)
    return filing_result(filing.report, facts=facts, text=answers.filing_text, replayed=filing.replayed,
                         reference=filing.report.reference, track_tool="track_environmental_report")


# --- track_environmental_report ----------------------------------------------------------
class TrackEnvironmentalReportInput(serializers.Serializer):
    reference = serializers.CharField(max_length=32, help_text=REFERENCE_HELP)
    access_code = access_code_field()


TimelineOutput = timeline_output(EnvironmentalReport.Status.choices)


class TrackEnvironmentalReportOutput(ReportBaseOutput):
    description = serializers.CharField()
    resolved_at = serializers.DateTimeField(allow_null=True)
    resolution_note = serializers.CharField(allow_null=True)
    timeline = TimelineOutput(many=True)

    class Meta:
        public_fields = ("reference", "report_type", "report_type_label", "status", "priority", "filed_at",
            "respond_by", "overdue", "days_overdue", "next_step", "resolved_at")
        owner_fields = ("location", "description", "resolution_note", "timeline")


@tool(name="track_environmental_report", title="Track an environmental report",
      input=TrackEnvironmentalReportInput, output=TrackEnvironmentalReportOutput, access=Access.PUBLIC,
      read_only=True)
def track_environmental_report(args: dict, ctx) -> ToolResult:
    """Show an environmental report's status, response date and dated timeline."""
    # The place and the resident's words need the filer's access code; type and status are public.
    return tracked_record_result(report_get(reference=args["reference"]), access_code=args["access_code"],
                                 facts=answers.report_facts, render=answers.report_text)


# --- add_report_info ---------------------------------------------------------------------
class AddReportInfoInput(serializers.Serializer):
    reference = serializers.CharField(max_length=32, help_text=REFERENCE_HELP)
    access_code = serializers.CharField(max_length=32, help_text="The access code file_environmental_report "
                                        "returned (e.g. K7QX2-M9PRT): only the filer may add to the report.")
    text = serializers.CharField(max_length=2000, help_text="What to add: what has changed, what the resident "
                                 "saw since, when it happens.")


@tool(name="add_report_info", title="Add information to an environmental report", input=AddReportInfoInput,
      output=TrackEnvironmentalReportOutput, access=Access.RESIDENT)
def add_report_info(args: dict, ctx) -> ToolResult:
    """Add the filer's further information to their open environmental report (with its access code).

    The text joins the report's timeline, where inspectors and the filer read it.
    """
    report = environmental_report_info_add(actor=ctx.actor, **args)
    facts = answers.report_facts(report_get(reference=report.reference))
    return ToolResult(owner=True, structured=facts, text=answers.info_added_text(facts))


# --- sustainability_programs -------------------------------------------------------------
class SustainabilityProgramsInput(serializers.Serializer):
    category = ProgramCategoryField(default=None, allow_null=True,
                                    help_text="recycling, composting, energy, water, transportation, trees or "
                                    "education; default all.")


class ProgramOutput(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    category = serializers.ChoiceField(choices=ProgramCategory.choices)
    description = serializers.CharField()
    benefit = serializers.CharField()
    rebate_amount = serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True)
    currency = serializers.CharField()
    eligibility = serializers.CharField()
    how_to_apply = serializers.CharField()
    url = serializers.CharField(allow_null=True)
    enrollment_deadline = serializers.DateField(allow_null=True)

    class Meta:
        public_fields = ("slug", "name", "category", "description", "benefit", "rebate_amount", "currency",
            "eligibility", "how_to_apply", "url", "enrollment_deadline")


class SustainabilityProgramsOutput(serializers.Serializer):
    category = serializers.CharField(allow_null=True)
    count = serializers.IntegerField()
    total_rebates_available = serializers.DecimalField(max_digits=10, decimal_places=2)
    currency = serializers.CharField()
    programs = ProgramOutput(many=True)

    class Meta:
        public_fields = ("category", "count", "total_rebates_available", "currency", "programs")


@tool(name="sustainability_programs", title="Sustainability programs", input=SustainabilityProgramsInput,
      output=SustainabilityProgramsOutput, access=Access.PUBLIC, read_only=True)
def sustainability_programs(args: dict, ctx) -> ToolResult:
    """List the city's sustainability programs open for enrollment: rebates, free services, workshops."""
    facts = answers.programs_facts(list(program_list(category=args["category"])), category=args["category"])
    return ToolResult(text=answers.programs_text(facts), structured=facts)
