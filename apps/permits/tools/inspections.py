"""Inspection tool: schedule_inspection.

Booking is a write on someone's permit, named by a guessable reference: the tool first
checks the applicant's access code (or a permits staff key), then calls the service.
"""
from rest_framework import serializers as s

from apps.mcp.registry import Access, ToolResult, tool
from apps.permits.answers import render_booking
from apps.permits.selectors import inspection_booking_report, permit_application_owner_check
from apps.permits.services import inspection_schedule
from apps.permits.fields.inputs import reference_field


class ScheduleInspectionInput(s.Serializer):
    reference = reference_field()
    inspection_type = s.CharField(max_length=40, help_text="Inspection to book, e.g. foundation, framing, final "
                                                           "(track_status lists the ones still due).")
    preferred_date = s.DateField(required=False, help_text="Earliest date that suits you, YYYY-MM-DD; the first "
                                                           "free business-day slot on or after it is booked.")
    access_code = s.CharField(
        max_length=32, default=None, allow_null=True, allow_blank=True,
        help_text="The access code submit_application returned with the reference (e.g. K7QX2-M9PRT): it proves "
                  "you are the applicant. Required, except with a permits staff key.")


class ScheduleInspectionOutput(s.Serializer):
    reference = s.CharField()
    permit_type = s.CharField()
    permit_type_name = s.CharField()
    application_status = s.CharField()
    inspection_type = s.CharField()
    inspection_name = s.CharField()
    status = s.CharField()
    scheduled_for = s.DateTimeField()
    inspector = s.CharField()
    already_scheduled = s.BooleanField(help_text="True when an existing booking was returned, not a new one.")
    preferred_date = s.DateField(allow_null=True)

    class Meta:
        public_fields = ("reference", "permit_type", "permit_type_name", "application_status",
            "inspection_type", "inspection_name", "status", "scheduled_for", "inspector",
            "already_scheduled", "preferred_date")


@tool(name="schedule_inspection", title="Schedule a permit inspection", input=ScheduleInspectionInput,
      output=ScheduleInspectionOutput, access=Access.RESIDENT, idempotent=True)
def schedule_inspection(args: dict, ctx) -> ToolResult:
    """Book the next free business-day inspection slot for an issued permit; needs the applicant's access_code."""
    access_code = args.pop("access_code")
    permit_application_owner_check(reference=args["reference"], access_code=access_code, principal=ctx.principal)
    report = inspection_booking_report(inspection_schedule(**args, actor=ctx.actor))
    return ToolResult(text=render_booking(report), structured=report)
