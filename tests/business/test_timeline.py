"""The planner's timeline: hearing first, reviews side by side, inspection on a weekday, open the day after."""
from datetime import date

import pytest

from apps.business.timeline import next_weekday, opening_timeline

MONDAY = date(2026, 3, 2)
REVIEWS = [("business_license", "Business License review", 10), ("sign", "Sign Permit review", 14)]


@pytest.mark.parametrize("day, expected", [
    (date(2026, 3, 2), date(2026, 3, 3)),   # Monday → Tuesday
    (date(2026, 3, 6), date(2026, 3, 9)),   # Friday → Monday
    (date(2026, 3, 7), date(2026, 3, 9)),   # Saturday → Monday
    (date(2026, 3, 8), date(2026, 3, 9)),   # Sunday → Monday
])
def test_next_weekday(day, expected):
    assert next_weekday(day) == expected


def test_without_a_hearing_the_longest_review_decides():
    plan = opening_timeline(today=MONDAY, hearing_date=None, reviews=REVIEWS)
    assert [m.key for m in plan.milestones] == ["apply", "business_license", "sign", "fire_inspection", "open"]
    assert plan.milestones[2].ends_on == date(2026, 3, 16)  # 14 days after filing, a Monday
    assert plan.milestones[3].starts_on == date(2026, 3, 17)
    assert plan.earliest_opening == date(2026, 3, 18)
    assert (plan.meets_opening_date, plan.days_short, plan.depends_on_hearing) == (None, 0, False)


def test_reviews_start_after_the_hearing():
    plan = opening_timeline(today=MONDAY, hearing_date=date(2026, 4, 14), reviews=REVIEWS)
    hearing = plan.milestones[1]
    assert (hearing.key, hearing.starts_on, hearing.ends_on) == ("hearing", MONDAY, date(2026, 4, 14))
    assert plan.milestones[2].starts_on == date(2026, 4, 14)
    assert plan.milestones[3].ends_on == date(2026, 4, 28)  # a Tuesday
    assert plan.earliest_opening == date(2026, 4, 30)  # inspection Wednesday 29th, open the day after
    assert plan.depends_on_hearing is True


def test_an_inspection_due_on_a_weekend_moves_to_monday():
    plan = opening_timeline(today=MONDAY, hearing_date=None, reviews=[("x", "X review", 4)])  # ends Friday
    assert plan.milestones[-2].starts_on == date(2026, 3, 9)
    assert plan.earliest_opening == date(2026, 3, 10)


@pytest.mark.parametrize("opening, meets, short", [
    (date(2026, 3, 18), True, 0),   # the earliest day itself
    (date(2026, 6, 1), True, 0),
    (date(2026, 3, 17), False, 1),
    (date(2026, 3, 2), False, 16),
])
def test_the_opening_date_is_met_or_says_by_how_much_it_is_not(opening, meets, short):
    plan = opening_timeline(today=MONDAY, hearing_date=None, reviews=REVIEWS, opening_date=opening)
    assert (plan.opening_date, plan.meets_opening_date, plan.days_short) == (opening, meets, short)


def test_no_review_still_needs_the_inspection():
    plan = opening_timeline(today=MONDAY, hearing_date=None, reviews=[])
    assert [m.key for m in plan.milestones] == ["apply", "fire_inspection", "open"]
    assert plan.earliest_opening == date(2026, 3, 4)
