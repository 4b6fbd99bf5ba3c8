"""What road issue reports lock, and where RD numbers live.

Reports of one issue type queue on a core.KeyedLock row, so neighbours reporting one new
pothole together join one issue instead of opening several.
"""
from apps.core.locks import keyed_lock, row_lock
from apps.core.numbering import reference_allocator
from apps.transportation.errors import ISSUE_NOT_FOUND_MESSAGE, TransportationErrorCode
from apps.transportation.models import RoadIssue

# prefix: (model, field, digits) — where numbers already handed out live, and their width.
NUMBERED = {
    "RD": (RoadIssue, "reference", 6),
}
reference_allocate = reference_allocator(NUMBERED)
ROAD_ISSUE_LOCK_SCOPE = "transportation.road_issue"


def road_issue_type_lock(*, issue_type: str) -> None:
    """Serialize reports of one issue type, so concurrent reports of a new issue create it once."""
    keyed_lock(scope=ROAD_ISSUE_LOCK_SCOPE, key=issue_type)


def road_issue_lock(*, reference: str) -> RoadIssue:
    """Lock and return the road issue, so status changes apply one after another."""
    return row_lock(RoadIssue.objects, field="reference", value=reference,
                    code=TransportationErrorCode.ISSUE_NOT_FOUND, message=ISSUE_NOT_FOUND_MESSAGE)
