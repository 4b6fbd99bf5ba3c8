"""Timetable arithmetic as plain functions: service days, running times, headways, business days."""
from datetime import date, datetime, time

import pytest

from apps.core.business_days import business_days_after
from apps.transportation.timetable import (
    at_stop,
    day_type_for,
    departs_from,
    format_clock,
    headway_minutes,
    stop_offset,
)


@pytest.mark.parametrize("day, kind", [(date(2026, 11, 23), "weekday"), (date(2026, 11, 27), "weekday"),
                                       (date(2026, 11, 28), "weekend"), (date(2026, 11, 29), "weekend")])
def test_day_type_for(day, kind):
    assert day_type_for(day) == kind


@pytest.mark.parametrize("direction, minutes, total, offset", [
    ("outbound", 4, 12, 4), ("inbound", 4, 12, 8), ("outbound", 0, 12, 0), ("inbound", 12, 12, 0)])
def test_stop_offset(direction, minutes, total, offset):
    assert stop_offset(direction=direction, minutes_from_start=minutes, route_minutes=total) == offset


@pytest.mark.parametrize("direction, sequence, leaves", [
    ("outbound", 1, True), ("outbound", 3, False), ("inbound", 3, True), ("inbound", 1, False), ("inbound", 2, True)])
def test_no_departures_from_the_last_stop_of_a_direction(direction, sequence, leaves):
    assert departs_from(direction=direction, sequence=sequence, first=1, last=3) is leaves


def test_a_late_trip_reaches_the_stop_after_midnight():
    assert at_stop(date(2026, 11, 24), time(23, 50), 15) == datetime(2026, 11, 25, 0, 5)


@pytest.mark.parametrize("times, headway", [
    ([time(6), time(6, 20), time(6, 40), time(7, 30)], 20),
    ([time(6), time(6, 30), time(6, 45), time(7, 15)], 30),
    ([time(6), time(6, 15), time(6, 45)], 15),  # a tie: the shorter gap
    ([time(6)], None),
])
def test_headway_is_the_most_common_gap(times, headway):
    assert headway_minutes(times) == headway


@pytest.mark.parametrize("value, text", [(time(0, 5), "12:05 AM"), (time(12, 0), "12:00 PM"),
                                         (time(21, 40), "9:40 PM")])
def test_format_clock(value, text):
    assert format_clock(value) == text


@pytest.mark.parametrize("start, days, expected", [
    (date(2026, 11, 23), 0, date(2026, 11, 23)), (date(2026, 11, 20), 3, date(2026, 11, 25)),
    (date(2026, 11, 21), 5, date(2026, 11, 30)), (date(2026, 11, 28), 0, date(2026, 11, 30)),
])
def test_business_days_after(start, days, expected):
    assert business_days_after(start, days) == expected
