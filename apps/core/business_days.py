"""Business days: the city's response targets ("crews respond within 3 business days") count them.

One definition for every domain that promises a date, so an outage, a road issue and an
environmental report filed on the same Friday promise the same Monday-based arithmetic.
Holidays are not skipped here: the targets are published in weekdays (permits' inspection
calendar, which does skip closures, keeps its own rules in apps/permits/scheduling.py).
"""
from datetime import date, timedelta

WEEKEND_DAYS = (5, 6)  # Saturday, Sunday


def business_days_after(start: date, days: int) -> date:
    """Return the date `days` business days after `start` (0: `start`, or the next weekday if a weekend)."""
    current = start
    while current.weekday() in WEEKEND_DAYS:
        current += timedelta(days=1)
    remaining = days
    while remaining:
        current += timedelta(days=1)
        if current.weekday() not in WEEKEND_DAYS:
            remaining -= 1
    return current
