"""Row locks and numbering of the transportation domain, each taken in one place, in key order.

Call these inside a transaction (the services are atomic): the lock lasts until it commits.
"""

from apps.core.errors import ServiceError
from apps.core.numbering import reference_next
from apps.transportation.errors import ISSUE_NOT_FOUND_MESSAGE, TransportationErrorCode
from apps.transportation.models import ReferenceSequence, RoadIssue, RoadIssueLock

# prefix: (model, field, digits) — where numbers already handed out live, and their width.
NUMBERED = {
    "RD": (RoadIssue, "reference", 6),
}


def road_issue_type_lock(*, issue_type: str) -> None:
    """Serialize reports of one issue type, so concurrent reports of a new issue create it once."""
    RoadIssueLock.objects.get_or_create(issue_type=issue_type)
    RoadIssueLock.objects.select_for_update().filter(issue_type=issue_type).order_by("pk").get()


def road_issue_lock(*, reference: str) -> RoadIssue:
    """Lock and return the road issue, so status changes apply one after another."""
    issue = RoadIssue.objects.select_for_update().filter(reference=reference).order_by("pk").first()
    if issue is None:
        raise ServiceError(TransportationErrorCode.ISSUE_NOT_FOUND, ISSUE_NOT_FOUND_MESSAGE.format(reference=reference),
                           field="reference")
    return issue


def reference_allocate(*, prefix: str, year: int) -> str:
    """Return the next number of `prefix` in `year` ("RD-2026-000124").

    The counter row is bumped with an UPDATE, which holds its lock until commit; a year's
    first number starts above any already on file (demo data, imports).
    """
    return reference_next(sequence_model=ReferenceSequence, numbered=NUMBERED, prefix=prefix, year=year)
