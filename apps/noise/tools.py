"""MCP tools of the noise domain, declared against apps.mcp.registry."""
from decimal import Decimal

from django.db import transaction
from rest_framework import serializers

from apps.accounts.viewers import access_code_field
from apps.accounts.history import tool_history_record, tool_status_change
from apps.mcp.outputs import filing_result, timeline_output, tracked_record_result
from apps.mcp.registry import Access, ToolResult, tool
from apps.noise import answers
from apps.noise.catalogue import NoiseType
from apps.noise.fields import MomentField, NoiseTypeField
from apps.noise.models import Complaint, EnforcementAction
from apps.noise.selectors import complaint_get, ordinance_check
from apps.noise.services import (
    complaint_file,
    complaint_info_add,
    complaint_status_update,
    enforcement_action_issue,
)

CASE_NUMBER_HELP = "Case number of the complaint, e.g. NC-2026-000123."


# --- shared output pieces ----------------------------------------------------------------
class OrdinanceOutput(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    zone = serializers.CharField()
    noise_type = serializers.CharField(allow_null=True)
    quiet_hours = serializers.CharField()
    quiet_hours_start = serializers.CharField()
    quiet_hours_end = serializers.CharField()
    weekend_quiet_hours_end = serializers.CharField(allow_null=True)
    day_limit_db = serializers.IntegerField()
    night_limit_db = serializers.IntegerField()
    prohibited_in_quiet_hours = serializers.BooleanField()
    citation_fine = serializers.DecimalField(max_digits=8, decimal_places=2)
    currency = serializers.CharField()
    summary = serializers.CharField()

    class Meta:
        public_fields = ("code", "title", "zone", "noise_type", "quiet_hours", "quiet_hours_start",
            "quiet_hours_end", "weekend_quiet_hours_end", "day_limit_db", "night_limit_db",
            "prohibited_in_quiet_hours", "citation_fine", "currency", "summary")


class CaseOutput(serializers.Serializer):
    case_number = serializers.CharField()
    status = serializers.ChoiceField(choices=Complaint.Status.choices)
    noise_type = serializers.CharField()
    filed_at = serializers.DateTimeField()

    class Meta:
        public_fields = ("case_number", "status", "noise_type", "filed_at")


# --- file_complaint ----------------------------------------------------------------------
class FileComplaintInput(serializers.Serializer):
    location = serializers.CharField(max_length=200, help_text="Where the noise is: a street address such as "
                                     "\"123 Main St\" or a landmark.")
    noise_type = NoiseTypeField(choices=NoiseType.choices, help_text="Kind of noise, e.g. loud_music, construction, "
                                "barking_dog.")
    description = serializers.CharField(max_length=2000, default="", allow_blank=True,
                                        help_text="What is happening, in the resident's words.")
    observed_at = MomentField(default=None, allow_null=True,
                              help_text="When the noise was heard (ISO 8601 or \"10:30 PM\" today); default now.")
    reporter_name = serializers.CharField(max_length=120, default="", allow_blank=True,
                                          help_text="Name of the person reporting (optional, kept private).")
    reporter_contact = serializers.CharField(max_length=120, default="", allow_blank=True,
                                             help_text="Phone or email for follow-up (optional, kept private).")
    idempotency_key = serializers.CharField(max_length=64, default=None, allow_null=True,
                                            help_text="Any unique string; a retry with the same key returns the "
                                            "same case instead of filing twice.")


class RepeatOutput(serializers.Serializer):
    is_repeat = serializers.BooleanField()
    linked_to = serializers.CharField(allow_null=True)
    window_days = serializers.IntegerField()
    earlier_complaints = serializers.IntegerField()
    related_cases = CaseOutput(many=True)

    class Meta:
        public_fields = ("is_repeat", "linked_to", "window_days", "earlier_complaints", "related_cases")


class FileComplaintOutput(serializers.Serializer):
    case_number = serializers.CharField()
    status = serializers.ChoiceField(choices=Complaint.Status.choices)
    noise_type = serializers.CharField()
    noise_type_label = serializers.CharField()
    location = serializers.CharField()
    reported_location = serializers.CharField()
    zone = serializers.CharField(allow_null=True)
    observed_at = serializers.DateTimeField()
    filed_at = serializers.DateTimeField()
    in_quiet_hours = serializers.BooleanField()
    applicable_limit_db = serializers.IntegerField(allow_null=True)
    ordinance = OrdinanceOutput(allow_null=True)
    repeat = RepeatOutput()
    replayed = serializers.BooleanField()
    next_step = serializers.CharField()

    access_code = serializers.CharField(required=False, help_text="Shown once: the filer's proof.")

    class Meta:
        public_fields = ("case_number", "status", "noise_type", "noise_type_label", "zone", "filed_at",
            "in_quiet_hours", "applicable_limit_db", "ordinance", "replayed", "next_step")
        owner_fields = ("location", "reported_location", "observed_at", "repeat", "access_code")


@tool(name="file_complaint", title="File a noise complaint", input=FileComplaintInput,
      output=FileComplaintOutput, access=Access.RESIDENT, caller_scoped_key=True)
def file_complaint(args: dict, ctx) -> ToolResult:
    """File a noise complaint about a location.

    Judges it by the ordinance of the place's zone (quiet hours, dB limit), links repeat
    complaints about the same address and returns the case number.
    """
    filing = complaint_file(actor=ctx.actor, **args)
    facts = answers.filing_facts(filing)
    return filing_result(filing.complaint, facts=facts, text=answers.filing_text, replayed=filing.replayed,
                         reference=filing.complaint.case_number, track_tool="track_complaint")


# --- check_ordinance ---------------------------------------------------------------------
class CheckOrdinanceInput(serializers.Serializer):
    location = serializers.CharField(max_length=200, help_text="Street address or landmark to check.")
    time = MomentField(default=None, allow_null=True,
                       help_text="Moment to check (ISO 8601 or \"10:30 PM\" today); default now.")


class CheckOrdinanceOutput(serializers.Serializer):
    location = serializers.CharField()
    zone = serializers.CharField()
    zone_label = serializers.CharField()
    checked_at = serializers.DateTimeField()
    time_given = serializers.BooleanField(help_text="True when the caller asked about a moment (not now).")
    in_quiet_hours = serializers.BooleanField()
    current_limit_db = serializers.IntegerField()
    general = OrdinanceOutput()
    specific = OrdinanceOutput(many=True)

    class Meta:
        public_fields = ("location", "zone", "zone_label", "checked_at", "time_given", "in_quiet_hours",
            "current_limit_db", "general", "specific")


@tool(name="check_ordinance", title="Check noise ordinances", input=CheckOrdinanceInput,
      output=CheckOrdinanceOutput, access=Access.PUBLIC, read_only=True)
def check_ordinance(args: dict, ctx) -> ToolResult:
    """Look up the quiet hours and decibel limits in force at a location, and whether they apply now
    (or at the time asked about)."""
    facts = answers.check_facts(ordinance_check(location=args["location"], at=args["time"]))
    return ToolResult(text=answers.check_text(facts), structured=facts)


# --- track_complaint ---------------------------------------------------------------------
class TrackComplaintInput(serializers.Serializer):
    case_number = serializers.CharField(max_length=32, help_text=CASE_NUMBER_HELP)
    access_code = access_code_field()


TimelineOutput = timeline_output(Complaint.Status.choices)


class ActionOutput(serializers.Serializer):
    action = serializers.ChoiceField(choices=EnforcementAction.Kind.choices)
    fine = serializers.DecimalField(max_digits=8, decimal_places=2)
    currency = serializers.CharField()
    issued_at = serializers.DateTimeField()
    note = serializers.CharField(allow_blank=True)

    class Meta:
        public_fields = ("action", "fine", "currency", "issued_at", "note")


class TrackComplaintOutput(serializers.Serializer):
    case_number = serializers.CharField()
    status = serializers.ChoiceField(choices=Complaint.Status.choices)
    noise_type = serializers.CharField()
    noise_type_label = serializers.CharField()
    location = serializers.CharField()
    zone = serializers.CharField(allow_null=True)
    observed_at = serializers.DateTimeField()
    filed_at = serializers.DateTimeField()
    in_quiet_hours = serializers.BooleanField()
    assigned_to = serializers.CharField(allow_null=True)
    ordinance = OrdinanceOutput(allow_null=True)
    timeline = TimelineOutput(many=True)
    enforcement_actions = ActionOutput(many=True)
    total_fines = serializers.DecimalField(max_digits=10, decimal_places=2)
    currency = serializers.CharField()
    linked_to = serializers.CharField(allow_null=True)
    related_cases = CaseOutput(many=True)
    overdue = serializers.BooleanField(help_text="Still waiting for an officer past the unit's assignment target.")
    assign_by = serializers.DateTimeField(allow_null=True, help_text="The assignment target of a filed complaint.")
    next_step = serializers.CharField()

    class Meta:
        public_fields = ("case_number", "status", "noise_type", "noise_type_label", "zone", "filed_at",
            "in_quiet_hours", "ordinance", "total_fines", "currency", "overdue", "assign_by", "next_step")
        owner_fields = ("location", "observed_at", "timeline", "enforcement_actions", "linked_to",
            "related_cases", "assigned_to")


@tool(name="track_complaint", title="Track a noise complaint", input=TrackComplaintInput,
      output=TrackComplaintOutput, access=Access.PUBLIC, read_only=True)
def track_complaint(args: dict, ctx) -> ToolResult:
    """Show a noise complaint's status, dated timeline, enforcement actions and linked repeats."""
    # What was filed about a neighbour (where, when, what was done) needs the filer's access code.
    return tracked_record_result(complaint_get(case_number=args["case_number"]), access_code=args["access_code"],
                                 facts=answers.complaint_facts, render=answers.complaint_text)


# --- add_complaint_info ------------------------------------------------------------------
class AddComplaintInfoInput(serializers.Serializer):
    case_number = serializers.CharField(max_length=32, help_text=CASE_NUMBER_HELP)
    access_code = serializers.CharField(max_length=32, help_text="The access code file_complaint returned "
                                        "(e.g. K7QX2-M9PRT): only the filer may add to the complaint.")
    text = serializers.CharField(max_length=2000, help_text="What to add: the noise again, a new time, "
                                 "a detail the officer should know.")


@tool(name="add_complaint_info", title="Add information to a noise complaint", input=AddComplaintInfoInput,
      output=TrackComplaintOutput, access=Access.RESIDENT)
def add_complaint_info(args: dict, ctx) -> ToolResult:
    """Add the filer's further information to their open noise complaint (with its access code).

    The text joins the complaint's timeline, where the officer and the filer read it.
    """
    complaint = complaint_info_add(actor=ctx.actor, **args)
    facts = answers.complaint_facts(complaint_get(case_number=complaint.case_number))
    return ToolResult(owner=True, structured=facts, text=answers.info_added_text(facts))


# --- update_complaint_status (staff) ------------------------------------------------------
class UpdateComplaintStatusInput(serializers.Serializer):
    case_number = serializers.CharField(max_length=32, help_text=CASE_NUMBER_HELP)
    status = serializers.ChoiceField(choices=Complaint.Status.choices, help_text="The status to move to: filed → "
                                     "assigned → investigating → resolved / closed / unfounded.")
    note = serializers.CharField(max_length=2000, default="", allow_blank=True,
                                 help_text="A note for the timeline.")
    assigned_to = serializers.CharField(max_length=120, default="", allow_blank=True,
                                        help_text="Officer or unit the case is assigned to.")


class UpdateComplaintStatusOutput(serializers.Serializer):
    case_number = serializers.CharField()
    old_status = serializers.ChoiceField(choices=Complaint.Status.choices)
    status = serializers.ChoiceField(choices=Complaint.Status.choices)
    changed = serializers.BooleanField()
    assigned_to = serializers.CharField(allow_null=True)
    updated_at = serializers.DateTimeField()

    class Meta:
        public_fields = ("case_number", "old_status", "status", "changed", "assigned_to", "updated_at")


@tool(name="update_complaint_status", title="Update a noise complaint's status", input=UpdateComplaintStatusInput,
      output=UpdateComplaintStatusOutput, access=Access.STAFF, idempotent=True)
def update_complaint_status(args: dict, ctx) -> ToolResult:
    """Move a noise complaint along its timeline (staff only); refuses moves the timeline does not allow."""
    change = tool_status_change(ctx=ctx, tool="update_complaint_status", service=complaint_status_update,
                                record="complaint", args=args)
    facts = answers.status_change_facts(change)
    return ToolResult(text=answers.status_change_text(facts), structured=facts)


# --- issue_enforcement_action (staff) -----------------------------------------------------
class IssueEnforcementActionInput(serializers.Serializer):
    case_number = serializers.CharField(max_length=32, help_text=CASE_NUMBER_HELP)
    action = serializers.ChoiceField(choices=EnforcementAction.Kind.choices,
                                     help_text="warning, or citation (with a fine).")
    fine = serializers.DecimalField(max_digits=8, decimal_places=2, min_value=Decimal("0.01"), default=None,
                                    allow_null=True,
                                    help_text="Citation fine in dollars; default the ordinance's fine.")
    note = serializers.CharField(max_length=2000, default="", allow_blank=True, help_text="Note for the record.")


class IssueEnforcementActionOutput(serializers.Serializer):
    case_number = serializers.CharField()
    status = serializers.ChoiceField(choices=Complaint.Status.choices)
    action = serializers.ChoiceField(choices=EnforcementAction.Kind.choices)
    fine = serializers.DecimalField(max_digits=8, decimal_places=2)
    currency = serializers.CharField()
    issued_at = serializers.DateTimeField()
    note = serializers.CharField(allow_blank=True)

    class Meta:
        public_fields = ("case_number", "status", "action", "fine", "currency", "issued_at", "note")


@tool(name="issue_enforcement_action", title="Record a noise warning or citation",
      input=IssueEnforcementActionInput, output=IssueEnforcementActionOutput, access=Access.STAFF)
def issue_enforcement_action(args: dict, ctx) -> ToolResult:
    """Record a warning or a citation on a noise complaint (staff only)."""
    with transaction.atomic():  # the action and its history row, together
        action = enforcement_action_issue(case_number=args["case_number"], kind=args["action"], fine=args["fine"],
                                          note=args["note"], actor=ctx.actor)
        tool_history_record(ctx=ctx, tool="issue_enforcement_action", obj=action.complaint,
                            message=f"{action.get_kind_display()} issued. {args['note']}".strip())
    facts = answers.enforcement_facts(action)
    return ToolResult(text=answers.enforcement_text(facts), structured=facts)
