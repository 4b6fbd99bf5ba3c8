"""Values as people read them: local times, weekday names. Pure text, safe to use in models.

Models' `__str__` use these because an admin inline's row title is its `__str__`: a time
there must be the city's, not UTC, and a day a name, not 0-6.
"""
import calendar

from django.utils import timezone

EMPTY = "—"
WEEKDAY_NAMES = tuple(calendar.day_name)  # Monday ... Sunday, as date.weekday() numbers them
WEEKDAY_CHOICES = list(enumerate(WEEKDAY_NAMES))


def local_text(moment) -> str:
    """Return an aware datetime in the city's time zone as "2026-10-02 09:10"."""
    if moment is None:
        return EMPTY
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"


def weekday_name(number) -> str:
    """Return "Monday" for 0, as Python and the collection tables number days."""
    if number is None:
        return EMPTY
    return WEEKDAY_NAMES[int(number)]
