"""Collection-day arithmetic: weekly and biweekly streams, the holiday slide, bulk days."""
from datetime import date

import pytest

from apps.environmental.collection_days import bulk_days, holiday_shift, next_collections

THANKSGIVING = {date(2026, 11, 26): "Thanksgiving"}


@pytest.mark.parametrize("regular, actual", [
    (date(2026, 11, 25), date(2026, 11, 25)),  # Wednesday: before the holiday
    (date(2026, 11, 26), date(2026, 11, 27)),  # Thursday: the holiday itself
    (date(2026, 11, 27), date(2026, 11, 28)),  # Friday: after it in the same week
    (date(2026, 12, 3), date(2026, 12, 3)),    # the next week
])
def test_holiday_shift(regular, actual):
    assert holiday_shift(regular, THANKSGIVING).actual == actual


def test_a_weekend_holiday_moves_nothing():
    assert holiday_shift(date(2026, 11, 30), {date(2026, 11, 28): "Saturday event"}).actual == date(2026, 11, 30)


def test_weekly_collections_from_a_day():
    found = next_collections(start=date(2026, 11, 24), weekday=3, biweekly=False, anchor=None, holidays=THANKSGIVING)
    assert [(c.regular, c.actual, c.holiday) for c in found] == [
        (date(2026, 11, 26), date(2026, 11, 27), "Thanksgiving"), (date(2026, 12, 3), date(2026, 12, 3), None)]


def test_a_shifted_collection_from_last_week_is_still_ahead():
    # Friday the 27th: Thursday's pickup moved to today, so it is the next one.
    found = next_collections(start=date(2026, 11, 27), weekday=3, biweekly=False, anchor=None, holidays=THANKSGIVING,
                             count=1)
    assert found[0].actual == date(2026, 11, 27)


@pytest.mark.parametrize("start, first", [(date(2026, 11, 24), date(2026, 11, 24)),
                                          (date(2026, 11, 25), date(2026, 12, 8))])
def test_biweekly_follows_its_anchor(start, first):
    found = next_collections(start=start, weekday=1, biweekly=True, anchor=date(2026, 11, 24), holidays={})
    assert [c.actual for c in found] == [first, date.fromordinal(first.toordinal() + 14)]


def test_bulk_days_skip_holidays():
    assert bulk_days(start=date(2026, 11, 24), weekday=3, weeks=3, holidays=THANKSGIVING) == [
        date(2026, 12, 3), date(2026, 12, 10)]
