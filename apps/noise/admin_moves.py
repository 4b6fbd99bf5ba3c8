"""The noise unit's workflow moves: buttons on a complaint's page and actions in the list.

Each calls the service `update_complaint_status` and `issue_enforcement_action` call.
Closing a complaint or finding it unfounded asks for the reason; the resident reads it on
the complaint's timeline in track_complaint.
"""
from apps.core.admin_workflow import Move, ReasonForm, sources_of, staff_actor
from apps.noise.models import TRANSITIONS, Complaint, EnforcementAction
from apps.noise.services import ENFORCEABLE, complaint_status_update, enforcement_action_issue

Status = Complaint.Status


def _status(target: str):
    def run(request, complaint, data):
        complaint_status_update(case_number=complaint.case_number, status=target, actor=staff_actor(request),
                                note=data.get("reason", ""))
    return run


def _assign(request, complaint, data):
    complaint_status_update(case_number=complaint.case_number, status=Status.ASSIGNED, actor=staff_actor(request),
                            assigned_to=request.user.get_username())


def _enforce(kind: str):
    def run(request, complaint, data):
        enforcement_action_issue(case_number=complaint.case_number, kind=kind, actor=staff_actor(request))
    return run


COMPLAINT_MOVES = (
    Move("assign_to_me", "Assign to me", _assign, "{count} complaint(s) assigned.",
         sources=sources_of(TRANSITIONS, Status.ASSIGNED) + (Status.ASSIGNED,), log="Assigned"),
    Move("mark_investigating", "Start investigating", _status(Status.INVESTIGATING),
         "{count} complaint(s) under investigation.", sources=sources_of(TRANSITIONS, Status.INVESTIGATING),
         log="Investigating"),
    Move("mark_resolved", "Mark resolved", _status(Status.RESOLVED), "{count} complaint(s) resolved.",
         sources=sources_of(TRANSITIONS, Status.RESOLVED), log="Resolved"),
    Move("mark_closed", "Close…", _status(Status.CLOSED), "{count} complaint(s) closed.", form=ReasonForm,
         sources=sources_of(TRANSITIONS, Status.CLOSED), log="Closed"),
    Move("mark_unfounded", "Mark unfounded…", _status(Status.UNFOUNDED), "{count} complaint(s) marked unfounded.",
         form=ReasonForm, sources=sources_of(TRANSITIONS, Status.UNFOUNDED), log="Marked unfounded"),
    Move("issue_warning", "Issue a warning", _enforce(EnforcementAction.Kind.WARNING), "{count} complaint(s) warned.",
         sources=ENFORCEABLE, log="Warning issued"),
    Move("issue_citation", "Issue a citation (ordinance fine)", _enforce(EnforcementAction.Kind.CITATION),
         "{count} complaint(s) cited.", sources=ENFORCEABLE, log="Citation issued"),
)
