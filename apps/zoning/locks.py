"""Row locks and numbering of the zoning domain, each taken in one place, in key order.

Call these inside a transaction (the services are atomic): the lock lasts until it commits.
"""

from apps.core.errors import ServiceError
from apps.core.numbering import reference_next
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
    return reference_next(sequence_model=ReferenceSequence, numbered=NUMBERED, prefix=prefix, year=year)
