"""The shared wording helpers: one form for counts, distances, money and dates."""
import datetime as dt
from decimal import Decimal

from apps.core import wording

TODAY = dt.date(2026, 12, 7)  # a Monday


def test_plural_agrees_with_the_count():
    assert wording.plural(1, "report") == "1 report"
    assert wording.plural(0, "report") == "0 reports"
    assert wording.plural(2, "box", "boxes") == "2 boxes"
    assert wording.plural(1200, "space") == "1,200 spaces"


def test_distances_have_one_form():
    assert wording.miles_text(0) == "less than 0.1 miles"
    assert wording.miles_text(Decimal("0.04")) == "less than 0.1 miles"
    assert wording.miles_text(0.26) == "0.3 miles"
    assert wording.miles_text(1.02) == "1.0 mile"
    assert wording.miles_text(None) == "distance unknown"


def test_money_is_dollars_with_cents():
    assert wording.money_text(Decimal("1234.5")) == "$1,234.50"


def test_dates_are_named_relative_to_today():
    assert wording.relative_day(TODAY, today=TODAY) == "today"
    assert wording.relative_day(TODAY + dt.timedelta(days=1), today=TODAY) == "tomorrow"
    assert wording.relative_day(TODAY - dt.timedelta(days=1), today=TODAY) == "yesterday"
    assert wording.relative_day(TODAY + dt.timedelta(days=3), today=TODAY) == "in 3 days"
    assert wording.relative_day(TODAY - dt.timedelta(days=10), today=TODAY) == "10 days ago"
    assert wording.when_text(dt.date(2026, 12, 8), today=TODAY) == "Tuesday, December 8 (tomorrow)"
    assert wording.day_text(dt.date(2027, 1, 12), today=TODAY) == "Tuesday, January 12, 2027"


def test_a_passed_deadline_says_it_is_overdue():
    assert wording.days_overdue(dt.date(2026, 11, 27), today=TODAY) == 10
    assert wording.days_overdue(dt.date(2026, 12, 9), today=TODAY) == 0
    assert wording.due_text(dt.date(2026, 11, 27), today=TODAY) == "Friday, November 27 — overdue by 10 days"
    assert wording.due_text(dt.date(2026, 12, 14), today=TODAY) == "Monday, December 14 (in 7 days)"
    assert wording.is_past(dt.date(2026, 12, 6), today=TODAY)
    assert not wording.is_past(TODAY, today=TODAY)


def test_times_read_as_a_clock_does():
    moment = dt.datetime(2026, 12, 8, 16, 39)
    assert wording.time_text(moment) == "4:39 PM"
    assert wording.moment_text(moment, today=TODAY) == "Tuesday, December 8 at 4:39 PM"
