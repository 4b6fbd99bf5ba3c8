"""Row locks and numbering of the utilities domain, each taken in one place, in key order.

Call these inside a transaction (the services are atomic): the lock lasts until it commits.
"""

from apps.core.errors import ServiceError
from apps.core.numbering import reference_next
from apps.utilities.errors import OUTAGE_NOT_FOUND_MESSAGE, REQUEST_NOT_FOUND_MESSAGE, UtilitiesErrorCode
from apps.utilities.models import Outage, OutageLock, ReferenceSequence, ServiceRequest

# prefix: (model, field, digits) — where numbers already handed out live, and their width.
NUMBERED = {
    "OUT": (Outage, "outage_id", 4),
    "SR": (ServiceRequest, "reference", 6),
}


def outage_service_lock(*, service_type: str) -> None:
    """Serialize reports of one service, so concurrent reports of a new outage create it once."""
    OutageLock.objects.get_or_create(service_type=service_type)
    OutageLock.objects.select_for_update().filter(service_type=service_type).order_by("pk").get()


def outage_lock(*, outage_id: str) -> Outage:
    """Lock and return the outage, so status changes apply one after another."""
    outage = Outage.objects.select_for_update().filter(outage_id=outage_id).order_by("pk").first()
    if outage is None:
        raise ServiceError(UtilitiesErrorCode.OUTAGE_NOT_FOUND, OUTAGE_NOT_FOUND_MESSAGE.format(outage_id=outage_id),
                           field="outage_id")
    return outage


def service_request_lock(*, reference: str) -> ServiceRequest:
    """Lock and return the service request."""
    request = ServiceRequest.objects.select_for_update().filter(reference=reference).order_by("pk").first()
    if request is None:
        raise ServiceError(UtilitiesErrorCode.REQUEST_NOT_FOUND, REQUEST_NOT_FOUND_MESSAGE.format(reference=reference),
                           field="reference")
    return request


def reference_allocate(*, prefix: str, year: int) -> str:
    """Return the next number of `prefix` in `year` ("OUT-2026-0008", "SR-2026-000122").

    The counter row is bumped with an UPDATE, which holds its lock until commit; a year's
    first number starts above any already on file (demo data, imports).
    """
    return reference_next(sequence_model=ReferenceSequence, numbered=NUMBERED, prefix=prefix, year=year)
