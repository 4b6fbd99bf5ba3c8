"""Timetable arithmetic: which service runs on a day, when a trip reaches a stop, how often.

Kept free of the ORM so the boundaries (weekends, trips past midnight, the terminal stop)
are tested as plain functions.
"""
from collections import Counter
from datetime import date, datetime, time, timedelta

from apps.core.business_days import WEEKEND_DAYS
from apps.transportation.catalogue import DayType, Direction



def day_type_for(day: date) -> str:
    """Return the service that runs on `day`: weekend service on Saturday and Sunday."""
    return DayType.WEEKEND if day.weekday() in WEEKEND_DAYS else DayType.WEEKDAY


def stop_offset(*, direction: str, minutes_from_start: int, route_minutes: int) -> int:
    """Return the minutes from a trip's first stop to this stop, in the trip's direction."""
    return minutes_from_start if direction == Direction.OUTBOUND else route_minutes - minutes_from_start


def departs_from(*, direction: str, sequence: int, first: int, last: int) -> bool:
    """Return whether trips in `direction` leave from the stop at `sequence` (not its last stop)."""
    return sequence != (last if direction == Direction.OUTBOUND else first)


def at_stop(day: date, departs_at: time, offset_minutes: int) -> datetime:
    """Return the naive local moment a trip leaving at `departs_at` on `day` reaches the stop."""
    return datetime.combine(day, departs_at) + timedelta(minutes=offset_minutes)


def headway_minutes(times: list[time]) -> int | None:
    """Return the most common gap between consecutive trips (the shorter one on a tie)."""
    minutes = sorted(t.hour * 60 + t.minute for t in times)
    gaps = Counter(b - a for a, b in zip(minutes, minutes[1:]) if b > a)
    if not gaps:
        return None
    most = max(gaps.values())
    return min(gap for gap, count in gaps.items() if count == most)


def format_clock(value: time | datetime) -> str:
    """Return "7:05 AM"."""
    hour = value.hour % 12 or 12
    return f"{hour}:{value.minute:02d} {'AM' if value.hour < 12 else 'PM'}"
