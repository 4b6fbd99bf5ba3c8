"""Board of Zoning Appeals dates: second Tuesday of the month, after the notice period."""
from datetime import date

import pytest

from apps.zoning.hearings import board_meeting_in, hearing_date_for


@pytest.mark.parametrize("year, month, meeting", [
    (2026, 12, date(2026, 12, 8)),   # December 1 is a Tuesday
    (2027, 1, date(2027, 1, 12)),    # January 1 is a Friday
    (2026, 9, date(2026, 9, 8)),
    (2026, 11, date(2026, 11, 10)),  # November 1 is a Sunday
])
def test_board_meeting_is_the_second_tuesday(year, month, meeting):
    assert board_meeting_in(year, month) == meeting
    assert meeting.weekday() == 1


@pytest.mark.parametrize("submitted, notice, hearing", [
    (date(2026, 11, 24), 21, date(2027, 1, 12)),  # December 15 is after December's meeting
    (date(2026, 11, 10), 21, date(2026, 12, 8)),
    (date(2026, 11, 17), 21, date(2026, 12, 8)),  # exactly on the meeting day counts
    (date(2026, 11, 18), 21, date(2027, 1, 12)),
    (date(2026, 12, 20), 0, date(2027, 1, 12)),   # crosses the year
])
def test_hearing_date_leaves_the_notice_period(submitted, notice, hearing):
    assert hearing_date_for(submitted, notice_days=notice) == hearing
