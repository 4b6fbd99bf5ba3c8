"""Application tools: submit_application, track_status, update_application_status (staff)."""
from django.conf import settings
from django.db import transaction
from rest_framework import serializers as s

from apps.accounts.access_codes import access_code_issue, access_code_matches
from apps.accounts.viewers import access_code_field, access_code_note
from apps.accounts.history import tool_history_record
from apps.core.errors import ServiceError
from apps.core.history import history_status_text
from apps.core.idempotency import idempotency_key_field
from apps.mcp.registry import Access, ToolResult, tool
from apps.permits.documents import CONTENT_TYPES, document_prepare
from apps.permits.models import PermitApplication
from apps.permits.answers import render_application_status, render_submission, render_transition
from apps.permits.selectors import (
    permit_application_get,
    permit_application_report,
    permit_application_status_summary,
)
from apps.permits.services import permit_application_submit, permit_application_transition
from apps.permits.fields.inputs import (
    estimated_cost_field,
    permit_type_field,
    reference_field,
    square_feet_field,
)
from apps.permits.fields.outputs import ApplicationOutput, strings


class DocumentInput(s.Serializer):
    filename = s.CharField(max_length=200, help_text="File name, ideally saying what it is: site_plan.pdf.")
    content_type = s.ChoiceField(choices=CONTENT_TYPES, help_text="The file's type: PDF, JPEG or PNG.")
    content_base64 = s.CharField(
        max_length=2 * settings.PERMITS_DOCUMENT_MAX_BYTES, trim_whitespace=False,
        help_text=f"The file's bytes, base64-encoded (at most {settings.PERMITS_DOCUMENT_MAX_BYTES:,} bytes "
                  "decoded).",
    )
    document_type = s.CharField(
        max_length=40, required=False,
        help_text="Which required document this is (a code from check_requirements, e.g. site_plan); "
                  "if omitted it is matched from the file name.",
    )


class SubmitApplicationInput(s.Serializer):
    permit_type = permit_type_field()
    property_address = s.CharField(max_length=200, help_text="Street address of the property, e.g. 123 Oak St.")
    project_description = s.CharField(max_length=2000, help_text="What will be built or done, with its size.")
    applicant = s.CharField(max_length=200, help_text="Applicant's full name (and contact, if wished).")
    estimated_cost = estimated_cost_field()
    square_feet = square_feet_field()
    serves_alcohol = s.BooleanField(
        required=False, default=None, allow_null=True,
        help_text="For business licences: whether alcohol will be served or sold. Wins over the description "
                  "(\"No alcohol served\" reads as false); when neither says, the answer asks.")
    documents = DocumentInput(
        many=True, required=False, max_length=settings.PERMITS_DOCUMENTS_PER_CALL,
        help_text="Plans and forms as base64 files (PDF, JPEG or PNG); missing ones make the application "
                  "incomplete.",
    )
    notify_email = s.EmailField(
        required=False, default="", allow_blank=True, max_length=254,
        help_text="The applicant's email, if they want to be told of status changes, decisions and booked "
                  "inspections (each email has an unsubscribe link). Kept private: only staff see it.")
    idempotency_key = idempotency_key_field(
        help_text="A unique key for this submission (e.g. a UUID); a retry with the same key returns the same "
                  "application (with a fresh access code) instead of filing it twice.")

    def validate_documents(self, value):
        uploads, errors = [], []
        for index, item in enumerate(value, start=1):
            try:
                uploads.append(document_prepare(index=index, **item))
            except ServiceError as error:
                errors.append(error.message)
        if errors:
            raise s.ValidationError(errors)
        return uploads


@tool(name="submit_application", title="Submit a permit application", input=SubmitApplicationInput,
      output=ApplicationOutput, access=Access.RESIDENT)
def submit_application(args: dict, ctx) -> ToolResult:
    """Submit a permit application with its documents; returns the reference, completeness and assessed fees."""
    application = permit_application_submit(**args, actor=ctx.actor)
    report = permit_application_report(permit_application_get(reference=application.reference))
    report["access_code"] = code = access_code_issue(application)
    return ToolResult(text=render_submission(report) + access_code_note(code, "track_status"), structured=report,
                      owner=True)


class TrackStatusInput(s.Serializer):
    reference = reference_field()
    access_code = access_code_field()


@tool(name="track_status", title="Track a permit application", input=TrackStatusInput,
      output=ApplicationOutput, access=Access.PUBLIC, read_only=True)
def track_status(args: dict, ctx) -> ToolResult:
    """Show an application's status, dated timeline, outstanding fees, inspections and next step."""
    application = permit_application_get(reference=args["reference"])
    report = permit_application_report(application)
    # The reference is short and sequential: only the access code proves the applicant.
    return ToolResult(text="", structured=report, owner=access_code_matches(application, args["access_code"]),
                      render=render_application_status)


TARGET_STATUSES = [value for value in PermitApplication.Status.values if value != PermitApplication.Status.SUBMITTED]


class UpdateApplicationStatusInput(s.Serializer):
    reference = reference_field()
    status = s.ChoiceField(choices=TARGET_STATUSES, help_text="The status to move the application to.")
    note = s.CharField(max_length=2000, required=False, allow_blank=True,
                       help_text="Why; required for corrections_requested and rejected.")


class UpdateApplicationStatusOutput(s.Serializer):
    reference = s.CharField()
    permit_type = s.CharField()
    old_status = s.ChoiceField(choices=PermitApplication.Status.choices)
    old_status_label = s.CharField()
    status = s.ChoiceField(choices=PermitApplication.Status.choices)
    status_label = s.CharField()
    note = s.CharField(allow_blank=True)
    changed_at = s.DateTimeField()
    valid_until = s.DateField(allow_null=True)
    next_statuses = strings()

    class Meta:
        public_fields = ("reference", "permit_type", "old_status", "old_status_label", "status",
            "status_label", "note", "changed_at", "valid_until", "next_statuses")


@tool(name="update_application_status", title="Update a permit application's status (staff)",
      input=UpdateApplicationStatusInput, output=UpdateApplicationStatusOutput, access=Access.STAFF,
      destructive=True)
def update_application_status(args: dict, ctx) -> ToolResult:
    """Staff only: move an application along its timeline (review, corrections, approval, issue, final)."""
    with transaction.atomic():  # the move and its history row, together
        application, old_status = permit_application_transition(**args, actor=ctx.actor)
        tool_history_record(ctx=ctx, tool="update_application_status", obj=application, message=history_status_text(
            old_status=old_status, status=application.status, note=args.get("note", "")))
    summary = permit_application_status_summary(application, old_status=old_status, note=args.get("note", "").strip())
    return ToolResult(text=render_transition(summary), structured=summary)
