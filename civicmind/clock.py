"""A frozen "today" for tests and demonstrations: `CIVICMIND_TODAY` moves the clock by whole days.

The demo city's data are dated (pickups booked for 2026-12-02, applications numbered
PRM-2026-…), so answers about "today" change with the real date. Setting
`CIVICMIND_TODAY=YYYY-MM-DD` makes `django.utils.timezone.now()` (and so `localdate()`,
`auto_now` fields, late fees, lead days) read that date in the city's time zone.

Why a shift and not a stopped clock: time keeps moving (durations, ordering, timeouts and
expiry stay real) and only the date is moved, by a whole number of days computed from the
real date, so every process that reads the same variable on the same real day agrees on
"today" — the test process and the `serve` subprocesses it starts included. Unset (the
default, and production) the clock is Django's own.
"""
import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

_real_now = timezone.now


def clock_shift_to(today: dt.date, time_zone: str) -> dt.timedelta:
    """Make `timezone.now()` fall on `today` in `time_zone`; return the shift applied."""
    real_today = _real_now().astimezone(ZoneInfo(time_zone)).date()
    shift = dt.timedelta(days=(today - real_today).days)

    def now() -> dt.datetime:
        return _real_now() + shift

    timezone.now = now
    return shift


def clock_today_from_env(value: str) -> dt.date | None:
    """Parse `CIVICMIND_TODAY` ("" means the real date); name the variable when it is wrong."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"CIVICMIND_TODAY must be a date as YYYY-MM-DD, not {value!r}") from None
