"""Late fees and the contest window around every boundary (pure functions, no database)."""
from datetime import date, timedelta
from decimal import Decimal

import pytest

from apps.parking.fees import (
    LateFeeSchedule,
    contest_deadline,
    contest_window_open,
    days_overdue,
    due_date_after_contest,
    due_date_for,
    late_fees_accrued,
    late_fees_as_of,
    next_late_fee_on,
)

METER = LateFeeSchedule(initial=Decimal("10.00"), recurring=Decimal("10.00"), interval_days=30, cap=Decimal("40.00"))
DUE = date(2025, 2, 9)


def on(days_after_due: int) -> date:
    return DUE + timedelta(days=days_after_due)


@pytest.mark.parametrize("days_after_due, expected", [
    (-30, "0.00"),   # long before the due date
    (-1, "0.00"),    # the day before
    (0, "0.00"),     # the due date itself: still on time
    (1, "10.00"),    # the day after: the initial fee
    (30, "10.00"),   # last day of the first period
    (31, "20.00"),   # first recurring step
    (60, "20.00"),
    (61, "30.00"),   # second step
    (90, "30.00"),
    (91, "40.00"),   # third step reaches the cap exactly
    (121, "40.00"),  # a fourth step would pass the cap
    (650, "40.00"),  # long overdue: capped
])
def test_late_fees_follow_the_schedule(days_after_due, expected):
    assert late_fees_accrued(METER, due_date=DUE, on=on(days_after_due)) == Decimal(expected)


def test_cap_cuts_a_step_short():
    schedule = LateFeeSchedule(initial=Decimal("25.00"), recurring=Decimal("25.00"), interval_days=30,
                               cap=Decimal("60.00"))
    assert late_fees_accrued(schedule, due_date=DUE, on=on(31)) == Decimal("50.00")
    assert late_fees_accrued(schedule, due_date=DUE, on=on(61)) == Decimal("60.00")


def test_no_cap_keeps_growing():
    schedule = LateFeeSchedule(initial=Decimal("5.00"), recurring=Decimal("1.00"), interval_days=7)
    assert late_fees_accrued(schedule, due_date=DUE, on=on(7 * 100 + 1)) == Decimal("105.00")


def test_a_schedule_without_fees_accrues_nothing():
    schedule = LateFeeSchedule(initial=Decimal("0"), recurring=Decimal("0"), interval_days=30)
    assert late_fees_accrued(schedule, due_date=DUE, on=on(400)) == Decimal("0.00")
    assert next_late_fee_on(schedule, due_date=DUE, on=on(400)) is None


def test_interval_must_be_positive():
    with pytest.raises(ValueError):
        LateFeeSchedule(initial=Decimal("1"), recurring=Decimal("1"), interval_days=0)


@pytest.mark.parametrize("days_after_due, expected_next", [
    (-5, 1), (0, 1), (1, 31), (30, 31), (31, 61), (61, 91),
])
def test_next_late_fee_day(days_after_due, expected_next):
    assert next_late_fee_on(METER, due_date=DUE, on=on(days_after_due)) == on(expected_next)


@pytest.mark.parametrize("days_after_due", [91, 120, 500])
def test_no_next_late_fee_once_capped(days_after_due):
    assert next_late_fee_on(METER, due_date=DUE, on=on(days_after_due)) is None


def test_next_late_fee_skips_a_zero_initial_fee():
    schedule = LateFeeSchedule(initial=Decimal("0"), recurring=Decimal("5.00"), interval_days=10)
    assert next_late_fee_on(schedule, due_date=DUE, on=DUE) == on(11)


@pytest.mark.parametrize("days_after_due, expected", [(-3, 0), (0, 0), (1, 1), (652, 652)])
def test_days_overdue(days_after_due, expected):
    assert days_overdue(due_date=DUE, on=on(days_after_due)) == expected


def test_due_date_is_thirty_days_after_issue_as_in_the_seed():
    assert due_date_for(issued_on=date(2025, 1, 10), due_days=30) == date(2025, 2, 9)
    assert due_date_for(issued_on=date(2025, 1, 12), due_days=30) == date(2025, 2, 11)


ISSUED = date(2025, 1, 10)


@pytest.mark.parametrize("day, is_open", [
    (ISSUED, True),                          # the day of issue
    (ISSUED + timedelta(days=20), True),
    (ISSUED + timedelta(days=21), True),     # the last day (21 days from issue)
    (ISSUED + timedelta(days=22), False),    # the day after the window
    (ISSUED - timedelta(days=1), False),     # before issue (clock skew)
])
def test_contest_window_boundaries(day, is_open):
    assert contest_window_open(issued_on=ISSUED, on=day, window_days=21) is is_open


def test_contest_deadline():
    assert contest_deadline(issued_on=ISSUED, window_days=21) == date(2025, 1, 31)
    assert contest_window_open(issued_on=ISSUED, on=ISSUED, window_days=0) is True
    assert contest_window_open(issued_on=ISSUED, on=ISSUED + timedelta(days=1), window_days=0) is False


def test_a_pending_contest_stops_the_clock():
    today = date(2025, 3, 1)
    assert late_fees_as_of(today=today, contested_on=date(2025, 1, 20)) == date(2025, 1, 20)
    assert late_fees_as_of(today=today, contested_on=None) == today
    assert late_fees_as_of(today=today, contested_on=today) == today


def test_a_denied_contest_pushes_the_due_date_back_by_the_days_pending():
    assert due_date_after_contest(due_date=DUE, contested_on=date(2025, 1, 20),
                                  decided_on=date(2025, 1, 30)) == DUE + timedelta(days=10)
    assert due_date_after_contest(due_date=DUE, contested_on=date(2025, 1, 20),
                                  decided_on=date(2025, 1, 20)) == DUE
