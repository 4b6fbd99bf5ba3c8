"""Plates, citation numbers, date ranges and durations as residents type them."""
import re
from datetime import date

import pytest

from apps.parking.parsing import (
    CITATION_NUMBER_MESSAGE,
    DATE_RANGE_MESSAGE,
    DURATION_MESSAGE,
    PLATE_MESSAGE,
    citation_number_normalize,
    date_range_parse,
    duration_label,
    duration_parse,
    duration_words,
    long_date,
    plate_normalize,
)

TODAY = date(2026, 11, 24)


@pytest.mark.parametrize("raw, plate", [
    ("ABC123", "ABC123"), ("abc123", "ABC123"), ("ABC-123", "ABC123"), (" abc 123 ", "ABC123"),
    ("7.XYZ.123", "7XYZ123"), ("EV2GO", "EV2GO"), ("AB", "AB"), ("ABCD1234", "ABCD1234"),
])
def test_plates_are_normalised(raw, plate):
    assert plate_normalize(raw) == plate


@pytest.mark.parametrize("raw", ["", "A", "ABCDE12345", "ABC_123", "ÄBC123", "--", "ABC/123"])
def test_bad_plates_are_refused(raw):
    with pytest.raises(ValueError, match=re.escape(PLATE_MESSAGE)):
        plate_normalize(raw)


@pytest.mark.parametrize("raw, number", [
    ("VIO-2025-001234", "VIO-2025-001234"), ("vio-2025-1234", "VIO-2025-001234"), (" VIO-2026-7 ", "VIO-2026-000007"),
])
def test_citation_numbers_are_normalised(raw, number):
    assert citation_number_normalize(raw) == number


@pytest.mark.parametrize("raw", ["2025-001234", "VIO-25-001234", "VIO-2025-1234567", "VIO 2025 001234", ""])
def test_bad_citation_numbers_are_refused(raw):
    with pytest.raises(ValueError, match=re.escape(CITATION_NUMBER_MESSAGE)):
        citation_number_normalize(raw)


@pytest.mark.parametrize("raw, start, end", [
    ("30d", date(2026, 10, 26), TODAY),          # today and the 29 days before
    ("1d", TODAY, TODAY),
    ("2w", date(2026, 11, 11), TODAY),
    ("2025", date(2025, 1, 1), date(2025, 12, 31)),
    ("2024-01", date(2024, 1, 1), date(2024, 1, 31)),
    ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),  # leap year
    ("2025-12", date(2025, 12, 1), date(2025, 12, 31)),
    ("2025-01-10", date(2025, 1, 10), date(2025, 1, 10)),
    ("2025-01-01..2025-02-01", date(2025, 1, 1), date(2025, 2, 1)),
    (" 2025-01-01 .. 2025-02-01 ", date(2025, 1, 1), date(2025, 2, 1)),
])
def test_date_ranges(raw, start, end):
    parsed = date_range_parse(raw, today=TODAY)
    assert (parsed.start, parsed.end) == (start, end)


@pytest.mark.parametrize("raw", ["", "last month", "30", "0d", "9999d", "2024-13", "2024-1", "2025-02-30",
                                 "2025-01-01..", "..2025-01-01", "2025/01/01", "1800"])
def test_malformed_date_ranges_say_what_is_expected(raw):
    with pytest.raises(ValueError) as error:
        date_range_parse(raw, today=TODAY)
    assert DATE_RANGE_MESSAGE in str(error.value)


def test_a_backwards_range_is_refused():
    with pytest.raises(ValueError, match="ends before it starts"):
        date_range_parse("2025-02-01..2025-01-01", today=TODAY)


def test_date_range_descriptions():
    assert date_range_parse("2025-01", today=TODAY).describe() == "between January 1, 2025 and January 31, 2025"
    assert date_range_parse("2025-01-10", today=TODAY).describe() == "on January 10, 2025"


@pytest.mark.parametrize("raw, minutes", [
    ("2 hours", 120), ("2 hrs", 120), ("1 hour", 60), ("an hour", 60), ("half an hour", 30), ("90 minutes", 90),
    ("90 min", 90), ("1.5 h", 90), ("2h30m", 150), ("2 hours and 30 minutes", 150), ("24 hours", 1440),
    ("3 Hours", 180),
])
def test_durations(raw, minutes):
    assert duration_parse(raw) == minutes


@pytest.mark.parametrize("raw", ["", "forever", "2", "two hours", "25 hours", "0 minutes", "2 fortnights",
                                 "1.2345 h", "2 hours please"])
def test_bad_durations(raw):
    with pytest.raises(ValueError, match=re.escape(DURATION_MESSAGE)):
        duration_parse(raw)


def test_duration_wording():
    assert duration_label(120) == "2-hour"
    assert duration_label(90) == "90-minute"
    assert duration_words(60) == "1 hour"
    assert duration_words(180) == "3 hours"
    assert duration_words(45) == "45 minutes"


def test_long_dates_as_in_the_seed():
    assert long_date(date(2025, 1, 10)) == "January 10, 2025"
    assert long_date(date(2025, 2, 9)) == "February 9, 2025"
