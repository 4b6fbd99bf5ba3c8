"""The review desk's workflow moves: each a button on an application's page and a change-list action.

Every move calls the service the `update_application_status`, `schedule_inspection` and
`submit_application` tools call, so rules, timeline and events are the same whoever acts.
Staff can get an application submitted without its documents unstuck: request the missing
documents straight from "submitted", attach what arrived on paper, then review.
"""
from django import forms

from apps.core.admin_workflow import Move, ReasonForm, sources_of, staff_actor
from apps.core.errors import ServiceError
from apps.permits import workflow
from apps.permits.documents import document_check
from apps.permits.models import Inspection, PermitApplication
from apps.permits.services import (
    inspection_bookable_check,
    inspection_cancel,
    inspection_record_result,
    inspection_schedule,
    permit_application_fees_pay,
    permit_application_transition,
    permit_document_add,
)

Status = PermitApplication.Status


class AttachDocumentForm(forms.Form):
    """A document the office received on paper (or by e-mail), scanned and filed by staff."""

    takes_object = True
    file = forms.FileField(help_text="A PDF, JPEG or PNG scan.")
    required_document = forms.ModelChoiceField(
        queryset=None, required=False,
        help_text="Which required document this is; left empty, it is matched from the file name.")

    def __init__(self, *args, obj=None, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = obj.permit_type.required_documents.all() if obj is not None else None
        self.fields["required_document"].queryset = queryset

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload:
            required = cleaned.get("required_document")
            try:
                cleaned["upload"] = document_check(index=1, filename=upload.name, data=upload.read(),
                                                   document_type=required.code if required else None)
            except ServiceError as error:
                raise forms.ValidationError(error.message) from None
        return cleaned


class ScheduleInspectionForm(forms.Form):
    takes_object = True
    inspection_type = forms.ChoiceField(help_text="The inspection the work has reached.")
    preferred_date = forms.DateField(required=False, help_text="Earliest day wanted (YYYY-MM-DD); "
                                                               "empty: the next free business day.")

    def __init__(self, *args, obj=None, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = obj.permit_type.inspection_types.order_by("sequence") if obj is not None else []
        self.fields["inspection_type"].choices = [(kind.code, kind.name) for kind in kinds]


def _to(target: str):
    def run(request, application, data):
        permit_application_transition(reference=application.reference, status=target,
                                      note=data.get("reason", ""), actor=staff_actor(request))
    return run


def _from(target: str) -> tuple[str, ...]:
    """The statuses an application may reach `target` from (the workflow table, read once)."""
    return sources_of(workflow.TRANSITIONS, target)


def _moved(target: str) -> str:
    return f"Moved to {Status(target).label}: {{labels}}."


def _pay(request, application, data):
    amount = permit_application_fees_pay(reference=application.reference, actor=staff_actor(request))
    return f"{application.reference}: fees of ${amount:,.2f} recorded as paid."


def _attach(request, application, data):
    document = permit_document_add(reference=application.reference, upload=data["upload"],
                                   actor=staff_actor(request))
    return f"{document.filename} filed with {application.reference}."


def _schedule(request, application, data):
    booking = inspection_schedule(reference=application.reference, inspection_type=data["inspection_type"],
                                  preferred_date=data.get("preferred_date"), actor=staff_actor(request))
    inspection = booking.inspection
    return (f"{inspection.inspection_type.name} inspection of {application.reference} booked for "
            f"{inspection.scheduled_for:%Y-%m-%d %H:%M} with {inspection.inspector.name}.")


def _check_bookable(request, application):
    try:
        inspection_bookable_check(application=application)
    except ServiceError as error:
        return error.message
    return None


APPLICATION_MOVES = (
    Move("start_review", "Start review", _to(Status.IN_REVIEW), _moved(Status.IN_REVIEW),
         sources=_from(Status.IN_REVIEW)),
    Move("request_corrections", "Request corrections…", _to(Status.CORRECTIONS_REQUESTED),
         _moved(Status.CORRECTIONS_REQUESTED), form=ReasonForm, sources=_from(Status.CORRECTIONS_REQUESTED)),
    Move("approve", "Approve", _to(Status.APPROVED), _moved(Status.APPROVED), sources=_from(Status.APPROVED)),
    Move("issue", "Issue permit", _to(Status.ISSUED), _moved(Status.ISSUED), sources=_from(Status.ISSUED)),
    Move("reject", "Reject…", _to(Status.REJECTED), _moved(Status.REJECTED), form=ReasonForm,
         sources=_from(Status.REJECTED)),
    Move("final", "Final (all inspections passed)", _to(Status.FINALED), _moved(Status.FINALED),
         sources=_from(Status.FINALED)),
    Move("record_fee_payment", "Record fee payment", _pay, "",
         log="Recorded fee payment", sources=(Status.SUBMITTED, Status.IN_REVIEW, Status.CORRECTIONS_REQUESTED,
                                              Status.APPROVED)),
    Move("attach_document", "Attach document…", _attach, "", form=AttachDocumentForm,
         log="Attached a document", in_changelist=False,
         sources=(Status.SUBMITTED, Status.IN_REVIEW, Status.CORRECTIONS_REQUESTED)),
    Move("schedule_inspection", "Schedule inspection…", _schedule, "",
         form=ScheduleInspectionForm, log="Scheduled an inspection", in_changelist=False,
         sources=tuple(workflow.INSPECTABLE), check=_check_bookable),
)


def _result(passed: bool):
    def run(request, inspection, data):
        inspection_record_result(inspection_id=inspection.pk, passed=passed, note=data.get("reason", ""),
                                 actor=staff_actor(request))
    return run


def _cancel(request, inspection, data):
    inspection_cancel(inspection_id=inspection.pk, actor=staff_actor(request))


SCHEDULED = (Inspection.Status.SCHEDULED,)

# A failed inspection says what failed: the applicant reads it in track_status.
INSPECTION_MOVES = (
    Move("mark_passed", "Mark passed", _result(True), "Inspection(s) passed: {labels}.", sources=SCHEDULED,
         log="Passed"),
    Move("mark_failed", "Mark failed…", _result(False), "Inspection(s) failed: {labels}.", form=ReasonForm,
         sources=SCHEDULED, log="Failed"),
    Move("cancel", "Cancel", _cancel, "Inspection(s) cancelled: {labels}.", sources=SCHEDULED, log="Cancelled"),
)
