"""The date arithmetic of a citation: due dates, late fees and the contest window.

Pure functions of dates and amounts (no database, no clock), so every boundary — the due
date itself, the day after, each step of the schedule, the cap, the last day to contest —
is tested directly and the selectors, services and resources all agree.
"""
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from apps.core.money import to_money

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class LateFeeSchedule:
    """`initial` the day after the due date, `recurring` every `interval_days` after, up to `cap`."""

    initial: Decimal
    recurring: Decimal
    interval_days: int
    cap: Decimal | None = None

    def __post_init__(self):
        if self.interval_days < 1:
            raise ValueError("interval_days must be at least 1.")


def due_date_for(*, issued_on: date, due_days: int) -> date:
    """Return the payment due date of a citation issued on `issued_on`."""
    return issued_on + timedelta(days=due_days)


def days_overdue(*, due_date: date, on: date) -> int:
    """Return how many days past `due_date` the day `on` is (0 on or before it)."""
    return max((on - due_date).days, 0)


def late_fees_accrued(schedule: LateFeeSchedule, *, due_date: date, on: date) -> Decimal:
    """Return the late fees accrued by the end of day `on` for a citation due on `due_date`.

    Nothing is owed on the due date itself; `initial` is added the day after, and
    `recurring` once more at the start of every further `interval_days`-day period.
    """
    late = days_overdue(due_date=due_date, on=on)
    if late == 0:
        return ZERO
    steps = (late - 1) // schedule.interval_days
    total = Decimal(schedule.initial) + Decimal(schedule.recurring) * steps
    if schedule.cap is not None:
        total = min(total, Decimal(schedule.cap))
    return to_money(total)


def next_late_fee_on(schedule: LateFeeSchedule, *, due_date: date, on: date) -> date | None:
    """Return the day the late fees next grow, or None when they never will again."""
    current = late_fees_accrued(schedule, due_date=due_date, on=on)
    late = days_overdue(due_date=due_date, on=on)
    step = 0 if late == 0 else (late - 1) // schedule.interval_days + 1
    # Fees change only on step days (1, 1 + interval, ...); a zero `initial` may make the
    # first step add nothing, so look one step further before saying "never".
    for candidate_step in (step, step + 1):
        candidate = due_date + timedelta(days=candidate_step * schedule.interval_days + 1)
        if late_fees_accrued(schedule, due_date=due_date, on=candidate) > current:
            return candidate
    return None


def contest_deadline(*, issued_on: date, window_days: int) -> date:
    """Return the last day a citation issued on `issued_on` may be contested."""
    return issued_on + timedelta(days=window_days)


def contest_window_open(*, issued_on: date, on: date, window_days: int) -> bool:
    """Return whether a contest filed on `on` is within the window (last day included)."""
    return issued_on <= on <= contest_deadline(issued_on=issued_on, window_days=window_days)


def late_fees_as_of(*, today: date, contested_on: date | None) -> date:
    """Return the day late fees are counted to: a pending contest stops the clock."""
    if contested_on is not None and contested_on < today:
        return contested_on
    return today


def due_date_after_contest(*, due_date: date, contested_on: date, decided_on: date) -> date:
    """Return the due date once a contest is denied: pushed back by the days it was pending."""
    return due_date + timedelta(days=max((decided_on - contested_on).days, 0))
