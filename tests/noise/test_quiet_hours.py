"""Quiet-hours arithmetic around its boundaries: midnight wrap, weekend mornings, no window."""
from datetime import datetime, time

import pytest

from apps.noise.quiet_hours import describe_window, format_clock, is_quiet_time, quiet_end_for

FRIDAY, SATURDAY, SUNDAY, MONDAY = 20, 21, 22, 23  # November 2026


def at(day, hour, minute=0):
    return datetime(2026, 11, day, hour, minute)


@pytest.mark.parametrize("moment, quiet", [
    (at(MONDAY, 21, 59), False),
    (at(MONDAY, 22, 0), True),  # the start is inside
    (at(MONDAY, 23, 59), True),
    (at(MONDAY, 0, 0), True),
    (at(MONDAY, 6, 59), True),
    (at(MONDAY, 7, 0), False),  # the end is outside
    (at(MONDAY, 8, 30), False),
    (at(FRIDAY, 7, 30), False),  # Friday morning is a weekday morning
    (at(SATURDAY, 7, 30), True),  # weekend mornings run until 9
    (at(SATURDAY, 8, 59), True),
    (at(SATURDAY, 9, 0), False),
    (at(SUNDAY, 8, 0), True),
    (at(SUNDAY, 22, 30), True),
    (at(MONDAY, 8, 0), False),  # Sunday night's window ends at the weekday time on Monday
])
def test_window_wrapping_midnight_with_weekend_mornings(moment, quiet):
    assert is_quiet_time(moment, start=time(22), end=time(7), weekend_end=time(9)) is quiet


@pytest.mark.parametrize("moment, quiet", [
    (at(MONDAY, 0, 59), False),
    (at(MONDAY, 1, 0), True),
    (at(MONDAY, 5, 59), True),
    (at(MONDAY, 6, 0), False),
    (at(MONDAY, 23, 0), False),
])
def test_window_inside_one_day(moment, quiet):
    assert is_quiet_time(moment, start=time(1), end=time(6)) is quiet


def test_equal_start_and_end_is_no_window():
    assert [is_quiet_time(at(MONDAY, hour), start=time(7), end=time(7)) for hour in (0, 7, 12, 23)] == [False] * 4


def test_timezone_aware_moments_use_their_wall_clock():
    from zoneinfo import ZoneInfo

    moment = datetime(2026, 11, MONDAY, 22, 30, tzinfo=ZoneInfo("America/Los_Angeles"))
    assert is_quiet_time(moment, start=time(22), end=time(7)) is True


def test_quiet_end_for_weekday_and_weekend():
    assert quiet_end_for(at(FRIDAY, 6), end=time(7), weekend_end=time(9)) == time(7)
    assert quiet_end_for(at(SATURDAY, 6), end=time(7), weekend_end=time(9)) == time(9)
    assert quiet_end_for(at(SUNDAY, 6), end=time(7), weekend_end=None) == time(7)


@pytest.mark.parametrize("value, text", [
    (time(0, 0), "12:00 AM"), (time(7, 0), "7:00 AM"), (time(12, 0), "12:00 PM"), (time(22, 30), "10:30 PM"),
])
def test_format_clock(value, text):
    assert format_clock(value) == text


def test_describe_window():
    assert describe_window(start=time(22), end=time(7), weekend_end=time(9)) == (
        "10:00 PM – 7:00 AM (weekends until 9:00 AM)")
    assert describe_window(start=time(22), end=time(7), weekend_end=time(7)) == "10:00 PM – 7:00 AM"
    assert describe_window(start=time(23), end=time(6)) == "11:00 PM – 6:00 AM"
