"""add_documents: the applicant adds documents to an application already filed.

A write on someone's application, named by a guessable reference: only the applicant (by
access code) or permits staff may add to it.
"""
from django.conf import settings
from rest_framework import serializers as s

from apps.mcp.registry import Access, ToolResult, tool
from apps.permits.answers import render_application_status
from apps.permits.fields.inputs import reference_field
from apps.permits.fields.outputs import ApplicationOutput
from apps.permits.selectors import permit_application_get, permit_application_owner_check, permit_application_report
from apps.permits.services import permit_application_documents_add
from apps.permits.tools.applications import DocumentInput, SubmitApplicationInput


NO_DOCUMENTS_MESSAGE = "Give at least one document to add."


class AddDocumentsInput(s.Serializer):
    reference = reference_field()
    documents = DocumentInput(
        many=True, max_length=settings.PERMITS_DOCUMENTS_PER_CALL,
        help_text="The documents to add, as submit_application takes them (base64 PDF, JPEG or PNG, with an "
                  "optional document_type).")
    access_code = s.CharField(
        max_length=32, default=None, allow_null=True, allow_blank=True,
        help_text="The access code submit_application returned with the reference (e.g. K7QX2-M9PRT): it proves "
                  "you are the applicant. Required, except with a permits staff key.")

    def validate_documents(self, value):
        if not value:
            raise s.ValidationError(NO_DOCUMENTS_MESSAGE)
        return SubmitApplicationInput.validate_documents(self, value)


def _added_heading(report: dict, added) -> str:
    moved = added.old_status != report["status"]
    heading = f"📎 **{len(added.documents)} Document{'s' if len(added.documents) != 1 else ''} Added to " \
              f"{report['reference']}**"
    if moved:
        heading += f"\n\n🔄 Status: {report['status_label']} — review resumes."
    return heading


@tool(name="add_documents", title="Add documents to a permit application", input=AddDocumentsInput,
      output=ApplicationOutput, access=Access.RESIDENT)
def add_documents(args: dict, ctx) -> ToolResult:
    """Add documents to your application (e.g. the corrections asked for); needs the applicant's access_code."""
    permit_application_owner_check(reference=args["reference"], access_code=args.pop("access_code"),
                                   principal=ctx.principal, action="add documents")
    added = permit_application_documents_add(**args, actor=ctx.actor)
    report = permit_application_report(permit_application_get(reference=added.application.reference))
    text = _added_heading(report, added) + "\n\n" + render_application_status(report)
    return ToolResult(text=text, structured=report, owner=True)
