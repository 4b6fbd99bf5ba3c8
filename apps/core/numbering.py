"""Human-readable record numbers ("OUT-2026-0008", "VAR-2026-000124"), allocated safely.

Each domain keeps its own counter table (a model with `prefix`, `year`, `last_number`) and
a table of where its numbers live; this is the one allocation rule they share.
"""
from django.db import IntegrityError, transaction
from django.db.models import F


def reference_next(*, sequence_model, numbered: dict, prefix: str, year: int) -> str:
    """Return the next number of `prefix` in `year`, formatted to the prefix's width.

    `numbered` maps prefix -> (model, field, digits). The counter row is bumped with an
    UPDATE, which holds its lock until commit; a year's first number starts above any
    already on file (demo data, imports). Call it inside the service's transaction.
    """
    digits = numbered[prefix][2]
    return f"{prefix}-{year}-{_sequence_next(sequence_model, numbered, prefix, year):0{digits}d}"


def _sequence_next(sequence_model, numbered: dict, prefix: str, year: int) -> int:
    counter = sequence_model.objects.filter(prefix=prefix, year=year)
    if counter.update(last_number=F("last_number") + 1):
        return counter.values_list("last_number", flat=True).get()
    first = _highest_number(numbered, prefix, year) + 1
    try:
        with transaction.atomic():
            sequence_model.objects.create(prefix=prefix, year=year, last_number=first)
    except IntegrityError:  # another request created the year's counter first
        return _sequence_next(sequence_model, numbered, prefix, year)
    return first


def _highest_number(numbered: dict, prefix: str, year: int) -> int:
    model, field, _ = numbered[prefix]
    start = f"{prefix}-{year}-"
    numbers = model.objects.filter(**{f"{field}__startswith": start}).values_list(field, flat=True)
    return max((int(number[len(start):]) for number in numbers if number[len(start):].isdigit()), default=0)
