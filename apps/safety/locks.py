"""What a dispatch locks — the incident, then the candidate units in key order — and where INC numbers live.

Locking the incident first queues two dispatches of one incident; locking units in key
order keeps two incidents competing for the last ambulance from deadlocking.
"""
from apps.core.locks import row_lock
from apps.core.numbering import reference_allocator
from apps.safety.errors import INCIDENT_NOT_FOUND_MESSAGE, UNIT_NOT_FOUND_MESSAGE, SafetyErrorCode
from apps.safety.models import Incident, ResponseUnit

# prefix: (model, field, digits) — where numbers already handed out live, and their width.
NUMBERED = {
    "INC": (Incident, "reference", 6),
}
reference_allocate = reference_allocator(NUMBERED)


def incident_lock(*, reference: str) -> Incident:
    """Lock and return the incident: dispatches to one incident queue behind each other."""
    return row_lock(Incident.objects, field="reference", value=reference,
                    code=SafetyErrorCode.INCIDENT_NOT_FOUND, message=INCIDENT_NOT_FOUND_MESSAGE)


def units_available_lock(*, unit_types: list[str]) -> list[ResponseUnit]:
    """Lock and return the available units of these types, in primary-key order.

    Every dispatch locks its candidates in the same order, so two dispatches never deadlock;
    the second waits, then re-reads the rows and no longer sees the units the first took
    (their status is no longer `available`).
    """
    return list(ResponseUnit.objects.select_for_update()
                .filter(unit_type__in=unit_types, status=ResponseUnit.Status.AVAILABLE).order_by("pk"))


def unit_lock(*, call_sign: str) -> ResponseUnit:
    """Lock and return one unit by call sign."""
    return row_lock(ResponseUnit.objects, field="call_sign", value=call_sign,
                    code=SafetyErrorCode.UNIT_NOT_FOUND, message=UNIT_NOT_FOUND_MESSAGE)
