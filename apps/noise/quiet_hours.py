"""Quiet-hours arithmetic: is a local time inside an ordinance's quiet window?

Kept free of the ORM so the boundaries (midnight wrap, weekend mornings) are tested as
plain functions. Saturday and Sunday mornings end at the weekend time when one is set;
the evening start is the same every day.
"""
from datetime import datetime, time

from apps.core.business_days import WEEKEND_DAYS


def quiet_end_for(day: datetime, *, end: time, weekend_end: time | None) -> time:
    """Return the time quiet hours end on the morning of `day`."""
    if weekend_end is not None and day.weekday() in WEEKEND_DAYS:
        return weekend_end
    return end


def is_quiet_time(moment: datetime, *, start: time, end: time, weekend_end: time | None = None) -> bool:
    """Return whether the local `moment` falls in the window from `start` to the morning's end."""
    now = moment.time().replace(tzinfo=None)
    morning_end = quiet_end_for(moment, end=end, weekend_end=weekend_end)
    if start == end and weekend_end in (None, end):
        return False
    if start > morning_end or start > end:
        # The window wraps midnight: the evening part from `start`, the morning part until the end.
        return now >= start or now < morning_end
    return start <= now < morning_end


def format_clock(value: time) -> str:
    """Return "10:00 PM" / "7:30 AM"."""
    hour = value.hour % 12 or 12
    suffix = "AM" if value.hour < 12 else "PM"
    return f"{hour}:{value.minute:02d} {suffix}"


def describe_window(*, start: time, end: time, weekend_end: time | None = None) -> str:
    """Return "10:00 PM – 7:00 AM (weekends until 9:00 AM)"."""
    text = f"{format_clock(start)} – {format_clock(end)}"
    if weekend_end is not None and weekend_end != end:
        text += f" (weekends until {format_clock(weekend_end)})"
    return text
