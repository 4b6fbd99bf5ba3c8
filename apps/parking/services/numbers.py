"""Hand out citation and receipt numbers: one per call, never twice, gap-free per year.

The counters are apps.core.numbering's (one row per prefix and year, advanced with an F()
update under its row lock), so concurrent writers queue for a moment instead of colliding;
a year's counter starts after the highest number already on record (fixtures, imports).
"""
from django.utils import timezone

from apps.parking.locks import CITATION_PREFIX, RECEIPT_PREFIX, reference_allocate


def citation_number_next() -> str:
    """Return a fresh citation number, e.g. VIO-2026-000001."""
    return reference_allocate(prefix=CITATION_PREFIX, year=timezone.localdate().year)


def receipt_number_next() -> str:
    """Return a fresh receipt number, e.g. RCP-2026-000001."""
    return reference_allocate(prefix=RECEIPT_PREFIX, year=timezone.localdate().year)
