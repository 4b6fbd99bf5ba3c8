"""The suite's one frozen "today", shared with every server process the tests start.

The demo city is dated around Tuesday 2026-11-24 (its newest reports, pickups booked for
2026-12-02, PRM-2026-… references), so the suite runs on that day whatever the real date:
exact answers instead of `if year == 2026` branches. `CIVICMIND_TODAY` in the environment
moves the clock (civicmind/clock.py) and is inherited by the `serve`/daphne subprocesses;
a value already set by whoever runs pytest wins.
"""
import contextlib
import datetime as dt
import os

FROZEN_TODAY = dt.date(2026, 11, 24)


def today_freeze() -> dt.date:
    """Put this process and its future children on the suite's "today"; return that day."""
    from django.conf import settings

    from civicmind.clock import clock_shift_to, clock_today_from_env

    os.environ.setdefault("CIVICMIND_TODAY", FROZEN_TODAY.isoformat())
    today = clock_today_from_env(os.environ["CIVICMIND_TODAY"])
    # Settings were read before any conftest (pytest-django loads them first): shift here too.
    clock_shift_to(today, settings.TIME_ZONE)
    settings.CIVICMIND_TODAY = today
    return today


@contextlib.contextmanager
def clock_moved_to(day: dt.date):
    """Run the block with `timezone.now()` on `day` (time of day kept), then put the suite's clock back."""
    from django.conf import settings
    from django.utils import timezone

    from civicmind.clock import clock_shift_to

    suite_now = timezone.now
    clock_shift_to(day, settings.TIME_ZONE)
    try:
        yield day
    finally:
        timezone.now = suite_now
