"""The noise unit's workflow moves: buttons on a complaint's page and actions in the list.

Each calls the service `update_complaint_status` and `issue_enforcement_action` call.
Closing a complaint or finding it unfounded asks for the reason; the resident reads it on
the complaint's timeline in track_complaint.
"""
from functools import partial

from apps.core.admin_workflow import Move, ReasonForm, service_call, staff_actor, status_move
from apps.noise.models import Complaint, EnforcementAction
from apps.noise.services import COMPLAINT_STATUS, ENFORCEABLE, complaint_status_update, enforcement_action_issue

Status = Complaint.Status
_status_move = partial(status_move, COMPLAINT_STATUS, service=complaint_status_update, key="case_number",
                       with_note=True)


def _assign(request, complaint, data):
    complaint_status_update(case_number=complaint.case_number, status=Status.ASSIGNED, actor=staff_actor(request),
                            assigned_to=request.user.get_username())


def _enforce(kind: str):
    return service_call(enforcement_action_issue, key="case_number", kind=kind)


COMPLAINT_MOVES = (
    Move("assign_to_me", "Assign to me", _assign, "{count} complaint(s) assigned.",
         sources=COMPLAINT_STATUS.sources(Status.ASSIGNED) + (Status.ASSIGNED,), log="Assigned"),
    _status_move(Status.INVESTIGATING, "Start investigating", "{count} complaint(s) under investigation.",
                 log="Investigating"),
    _status_move(Status.RESOLVED, "Mark resolved", "{count} complaint(s) resolved.", log="Resolved"),
    _status_move(Status.CLOSED, "Close…", "{count} complaint(s) closed.", form=ReasonForm, log="Closed"),
    _status_move(Status.UNFOUNDED, "Mark unfounded…", "{count} complaint(s) marked unfounded.", form=ReasonForm,
                 log="Marked unfounded"),
    Move("issue_warning", "Issue a warning", _enforce(EnforcementAction.Kind.WARNING), "{count} complaint(s) warned.",
         sources=ENFORCEABLE, log="Warning issued"),
    Move("issue_citation", "Issue a citation (ordinance fine)", _enforce(EnforcementAction.Kind.CITATION),
         "{count} complaint(s) cited.", sources=ENFORCEABLE, log="Citation issued"),
)
