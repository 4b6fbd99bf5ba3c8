"""Road crews' workflow moves: buttons on a road issue's page and actions in the list.

Each calls the service `update_road_issue` calls, so the timeline and the transition rules
are the same whoever acts.
"""
from apps.core.admin_workflow import status_move
from apps.transportation.models import RoadIssue
from apps.transportation.services import ROAD_ISSUE_STATUS, road_issue_status_update

Status = RoadIssue.Status

ROAD_ISSUE_MOVES = tuple(
    status_move(ROAD_ISSUE_STATUS, target, label, done, service=road_issue_status_update, log=log)
    for target, label, done, log in (
        (Status.IN_PROGRESS, "Mark in progress", "{count} issue(s) in progress.", "Crew working"),
        (Status.RESOLVED, "Resolve", "{count} issue(s) resolved.", "Resolved"),
    )
)
