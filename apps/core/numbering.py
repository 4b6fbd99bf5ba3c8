"""Human-readable record numbers ("OUT-2026-0008", "VAR-2026-000124"), allocated safely.

Every domain's counters live in one table, `core.ReferenceSequence`, one row per prefix and
year; a domain declares only where its numbers live (its NUMBERED table) and takes its
allocator from `reference_allocator`.
"""
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Length

from apps.core.models import ReferenceSequence

# prefix -> (model, field, digits): where the numbers already handed out live, and their width.
Numbered = dict[str, tuple[type, str, int]]


def reference_next(*, numbered: Numbered, prefix: str, year: int) -> str:
    """Return the next number of `prefix` in `year`, formatted to the prefix's width.

    The counter row is bumped with an UPDATE, which holds its lock until commit; a year's
    first number starts above any already on file (demo data, imports). Call it inside the
    service's transaction.
    """
    digits = numbered[prefix][2]
    return f"{prefix}-{year}-{_sequence_next(numbered, prefix, year):0{digits}d}"


def reference_allocator(numbered: Numbered) -> Callable[..., str]:
    """Return a domain's `reference_allocate(*, prefix, year)`, bound to where its numbers live."""

    def reference_allocate(*, prefix: str, year: int) -> str:
        return reference_next(numbered=numbered, prefix=prefix, year=year)

    reference_allocate.__doc__ = f"Return the next number of {', '.join(numbered)} in a year."
    return reference_allocate


def _sequence_next(numbered: Numbered, prefix: str, year: int) -> int:
    counter = ReferenceSequence.objects.filter(prefix=prefix, year=year)
    if counter.update(last_number=F("last_number") + 1):
        return counter.values_list("last_number", flat=True).get()
    first = _highest_number(numbered, prefix, year) + 1
    try:
        with transaction.atomic():
            ReferenceSequence.objects.create(prefix=prefix, year=year, last_number=first)
    except IntegrityError:  # another request created the year's counter first
        return _sequence_next(numbered, prefix, year)
    return first


def _highest_number(numbered: Numbered, prefix: str, year: int) -> int:
    # The longest, then greatest, all-digit suffix: one row read, even with a million numbers on file,
    # and right when a year outgrew the prefix's width ("…-1000000" after "…-999999").
    model, field, _ = numbered[prefix]
    start = f"{prefix}-{year}-"
    top = (model.objects.filter(**{f"{field}__startswith": start, f"{field}__regex": rf"^{start}[0-9]+$"})
           .order_by(Length(field).desc(), F(field).desc()).values_list(field, flat=True).first())
    return int(top[len(start):]) if top else 0


def reference_last(*, prefix: str, year: int) -> int:
    """Return the last number handed out under `prefix` in `year` by the counter, 0 if none."""
    return ReferenceSequence.objects.filter(prefix=prefix, year=year).values_list("last_number", flat=True).first() or 0


def reference_advance(*, prefix: str, year: int, last_number: int) -> None:
    """Move the counter of `prefix` in `year` up to `last_number` (never down), after a bulk import."""
    sequence, _ = ReferenceSequence.objects.get_or_create(prefix=prefix, year=year)
    ReferenceSequence.objects.filter(pk=sequence.pk, last_number__lt=last_number).update(last_number=last_number)
