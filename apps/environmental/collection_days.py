"""Collection-day arithmetic: pure functions of dates, holidays and schedules.

The holiday rule is the usual one: a weekday holiday pushes every collection on or after it
in the same week (Monday to Friday) one day later. Bulk pickups simply skip holidays.
"""
from dataclasses import dataclass
from datetime import date, timedelta

from apps.core.business_days import WEEKEND_DAYS



@dataclass(frozen=True)
class Collection:
    regular: date
    actual: date
    holiday: str | None = None


def next_weekday(start: date, weekday: int) -> date:
    """Return the first `weekday` on or after `start`."""
    return start + timedelta(days=(weekday - start.weekday()) % 7)


def is_collection_week(day: date, *, biweekly: bool, anchor: date | None) -> bool:
    """Return whether a biweekly stream is collected in the week of `day` (weekly: always)."""
    return not biweekly or (day - anchor).days % 14 == 0


def holiday_shift(regular: date, holidays: dict[date, str]) -> Collection:
    """Return the regular date moved one day later when a weekday holiday falls on or before it that week."""
    monday = regular - timedelta(days=regular.weekday())
    for offset in range(regular.weekday() + 1):
        day = monday + timedelta(days=offset)
        if day in holidays and day.weekday() not in WEEKEND_DAYS:
            return Collection(regular=regular, actual=regular + timedelta(days=1), holiday=holidays[day])
    return Collection(regular=regular, actual=regular)


def next_collections(*, start: date, weekday: int, biweekly: bool, anchor: date | None, holidays: dict[date, str],
                     count: int = 2) -> list[Collection]:
    """Return the next `count` collections whose (shifted) day is on or after `start`."""
    found = []
    regular = next_weekday(start - timedelta(days=6), weekday)  # a shifted day from last week may still be ahead
    while len(found) < count:
        if is_collection_week(regular, biweekly=biweekly, anchor=anchor):
            collection = holiday_shift(regular, holidays)
            if collection.actual >= start:
                found.append(collection)
        regular += timedelta(days=7)
    return found


def bulk_days(*, start: date, weekday: int, weeks: int, holidays: dict[date, str]) -> list[date]:
    """Return the bulk pickup days from `start` for `weeks` weeks, holidays left out."""
    first = next_weekday(start, weekday)
    return [day for day in (first + timedelta(weeks=n) for n in range(weeks)) if day not in holidays]
