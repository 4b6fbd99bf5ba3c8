"""Row locks and numbering of the safety domain, each taken in one place, in key order.

Call these inside a transaction (the services are atomic): the lock lasts until it commits.
"""

from apps.core.errors import ServiceError
from apps.core.numbering import reference_next
from apps.safety.errors import (
    INCIDENT_NOT_FOUND_MESSAGE,
    UNIT_NOT_FOUND_MESSAGE,
    SafetyErrorCode,
)
from apps.safety.models import Incident, ReferenceSequence, ResponseUnit

# prefix: (model, field, digits) — where numbers already handed out live, and their width.
NUMBERED = {
    "INC": (Incident, "reference", 6),
}


def incident_lock(*, reference: str) -> Incident:
    """Lock and return the incident: dispatches to one incident queue behind each other."""
    incident = Incident.objects.select_for_update().filter(reference=reference).order_by("pk").first()
    if incident is None:
        raise ServiceError(SafetyErrorCode.INCIDENT_NOT_FOUND, INCIDENT_NOT_FOUND_MESSAGE.format(reference=reference),
                           field="reference")
    return incident


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
    unit = ResponseUnit.objects.select_for_update().filter(call_sign=call_sign).order_by("pk").first()
    if unit is None:
        raise ServiceError(SafetyErrorCode.UNIT_NOT_FOUND, UNIT_NOT_FOUND_MESSAGE.format(call_sign=call_sign),
                           field="call_sign")
    return unit


def reference_allocate(*, prefix: str, year: int) -> str:
    """Return the next number of `prefix` in `year` ("INC-2026-000124").

    The counter row is bumped with an UPDATE, which holds its lock until commit; a year's
    first number starts above any already on file (demo data, imports).
    """
    return reference_next(sequence_model=ReferenceSequence, numbered=NUMBERED, prefix=prefix, year=year)
