"""The inspector calendar as pure functions: business days, slots, and the first free one.

Inspections happen on weekdays that are not city closures, in fixed slots
(`PERMITS_INSPECTION_SLOT_TIMES`); an inspector takes one inspection per slot and none on
a day off. The service loads bookings for the search window once and asks `first_free_slot`.
"""
import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone


@dataclass(frozen=True)
class Slot:
    starts_at: dt.datetime
    inspector_id: int


def slot_times() -> list[dt.time]:
    """Return the configured slot start times, earliest first."""
    times = []
    for raw in settings.PERMITS_INSPECTION_SLOT_TIMES:
        try:
            times.append(dt.time.fromisoformat(raw))
        except ValueError:
            raise ImproperlyConfigured(
                f"PERMITS_INSPECTION_SLOT_TIMES must list HH:MM times, not {raw!r}.") from None
    if not times:
        raise ImproperlyConfigured("PERMITS_INSPECTION_SLOT_TIMES must list at least one time.")
    return sorted(set(times))


def is_business_day(day: dt.date, closures: set) -> bool:
    return day.weekday() < 5 and day not in closures


def next_business_day(day: dt.date, closures: set) -> dt.date:
    """Return the first business day strictly after `day`."""
    day += dt.timedelta(days=1)
    while not is_business_day(day, closures):
        day += dt.timedelta(days=1)
    return day


def business_days(start: dt.date, end: dt.date, closures: set) -> list[dt.date]:
    """Return the business days from `start` to `end`, both included."""
    days, day = [], start
    while day <= end:
        if is_business_day(day, closures):
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def slot_start(day: dt.date, at: dt.time) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, at))


def first_free_slot(*, days: list[dt.date], times: list[dt.time], inspector_ids: list[int],
                    booked: set, absent: set) -> Slot | None:
    """Return the earliest slot with a free inspector, or None.

    `booked` holds (inspector_id, aware start) pairs, `absent` (inspector_id, date) pairs.
    Among free inspectors the one with the fewest bookings that day gets it, so work
    spreads across the team; ties go to the lowest id, which keeps the answer stable.
    """
    daily_load: dict = {}
    for pk, starts_at in booked:
        key = (pk, timezone.localtime(starts_at).date())
        daily_load[key] = daily_load.get(key, 0) + 1
    for day in days:
        available = [pk for pk in inspector_ids if (pk, day) not in absent]
        for at in times:
            starts_at = slot_start(day, at)
            free = [pk for pk in available if (pk, starts_at) not in booked]
            if free:
                chosen = min(free, key=lambda pk: (daily_load.get((pk, day), 0), pk))
                return Slot(starts_at=starts_at, inspector_id=chosen)
    return None
