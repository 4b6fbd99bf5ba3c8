"""Road crews' workflow moves: buttons on a road issue's page and actions in the list.

Each calls the service `update_road_issue` calls, so the timeline and the transition rules
are the same whoever acts.
"""
from apps.core.admin_workflow import Move, sources_of, staff_actor
from apps.transportation.models import RoadIssue
from apps.transportation.services import TRANSITIONS, road_issue_status_update

Status = RoadIssue.Status


def _status(target: str):
    def run(request, issue, data):
        road_issue_status_update(reference=issue.reference, status=target, actor=staff_actor(request))
    return run


ROAD_ISSUE_MOVES = (
    Move(f"mark_{Status.IN_PROGRESS}", "Mark in progress", _status(Status.IN_PROGRESS), "{count} issue(s) in progress.",
         sources=sources_of(TRANSITIONS, Status.IN_PROGRESS), log="Crew working"),
    Move(f"mark_{Status.RESOLVED}", "Resolve", _status(Status.RESOLVED), "{count} issue(s) resolved.",
         sources=sources_of(TRANSITIONS, Status.RESOLVED), log="Resolved"),
)
