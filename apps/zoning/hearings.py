"""When the Board of Zoning Appeals hears an application: pure date arithmetic.

The board meets on the second Tuesday of every month; an application is heard at the first
meeting that leaves the public notice period (ZONING_HEARING_NOTICE_DAYS) after submission.
"""
from datetime import date, timedelta

TUESDAY = 1
MEETING_WEEK = 2  # the second Tuesday


def board_meeting_in(year: int, month: int) -> date:
    """Return the board's meeting day in a month (its second Tuesday)."""
    first = date(year, month, 1)
    first_tuesday = first + timedelta(days=(TUESDAY - first.weekday()) % 7)
    return first_tuesday + timedelta(weeks=MEETING_WEEK - 1)


def hearing_date_for(submitted_on: date, *, notice_days: int) -> date:
    """Return the first meeting on or after `submitted_on + notice_days`."""
    earliest = submitted_on + timedelta(days=notice_days)
    year, month = earliest.year, earliest.month
    while True:
        meeting = board_meeting_in(year, month)
        if meeting >= earliest:
            return meeting
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


# The domain's target for a decision: the Board decides an application at the hearing it is
# heard at, so an open application whose hearing day has passed is overdue from the next day.
DECISION_DAYS_AFTER_HEARING = 0


def decision_due_on(hearing_date: date) -> date:
    """Return the day the Board's decision on an application heard on `hearing_date` is due."""
    return hearing_date + timedelta(days=DECISION_DAYS_AFTER_HEARING)
