"""Row locks and numbering of the zoning domain, each taken in one place, in key order.

Call these inside a transaction (the services are atomic): the lock lasts until it commits.
"""
from django.db import IntegrityError, transaction
from django.db.models import F

from apps.core.errors import ServiceError
from apps.zoning.errors import VARIANCE_NOT_FOUND_MESSAGE, ZoningErrorCode
from apps.zoning.models import ReferenceSequence, Variance

# prefix: (model, field, digits) — where numbers already handed out live, and their width.
NUMBERED = {
    "VAR": (Variance, "reference", 6),
}


def variance_lock(*, reference: str) -> Variance:
    """Lock and return the variance, so a decision and a review apply one after another."""
    variance = Variance.objects.select_for_update().filter(reference=reference).order_by("pk").first()
    if variance is None:
        raise ServiceError(ZoningErrorCode.VARIANCE_NOT_FOUND, VARIANCE_NOT_FOUND_MESSAGE.format(reference=reference),
                           field="reference")
    return variance


def reference_allocate(*, prefix: str, year: int) -> str:
    """Return the next number of `prefix` in `year` ("VAR-2026-000124").

    The counter row is bumped with an UPDATE, which holds its lock until commit; a year's
    first number starts above any already on file (demo data, imports).
    """
    digits = NUMBERED[prefix][2]
    return f"{prefix}-{year}-{_sequence_next(prefix, year):0{digits}d}"


def _sequence_next(prefix: str, year: int) -> int:
    counter = ReferenceSequence.objects.filter(prefix=prefix, year=year)
    if counter.update(last_number=F("last_number") + 1):
        return counter.values_list("last_number", flat=True).get()
    first = _highest_number(prefix, year) + 1
    try:
        with transaction.atomic():
            ReferenceSequence.objects.create(prefix=prefix, year=year, last_number=first)
    except IntegrityError:  # another request created the year's counter first
        return _sequence_next(prefix, year)
    return first


def _highest_number(prefix: str, year: int) -> int:
    model, field, _ = NUMBERED[prefix]
    start = f"{prefix}-{year}-"
    numbers = model.objects.filter(**{f"{field}__startswith": start}).values_list(field, flat=True)
    return max((int(number[len(start):]) for number in numbers if number[len(start):].isdigit()), default=0)
