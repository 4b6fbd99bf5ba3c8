"""Turn what residents and assistants type into values: plates, date ranges, durations.

Pure functions raising ValueError with the sentence the argument error shows, so the
tool serializers report "`date_range`: ..." and the services can trust what they get.
"""
import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

PLATE_RE = re.compile(r"^[A-Z0-9]{2,8}$")
PLATE_SEPARATORS_RE = re.compile(r"[\s\-.·]+")
CITATION_NUMBER_RE = re.compile(r"^VIO-(\d{4})-(\d{1,6})$")

PLATE_MESSAGE = "A license plate is 2 to 8 letters and digits (spaces and dashes are ignored), e.g. ABC123."
DATE_RANGE_MESSAGE = ("Use a number of days or weeks back (30d, 8w), a year (2025), a month (2024-01), "
                      "a day (2025-01-10) or two days joined by '..' (2025-01-01..2025-02-01).")
DURATION_MESSAGE = "Give how long you will park, e.g. \"2 hours\", \"90 minutes\", \"1.5 h\" (up to 24 hours)."
CITATION_NUMBER_MESSAGE = "A citation number looks like VIO-2025-001234."
MAX_DAYS_BACK = 3660
MAX_DURATION_MINUTES = 24 * 60


def plate_normalize(raw: str) -> str:
    """Return the plate as stored: upper case without spaces, dashes or dots ("abc-123" -> "ABC123")."""
    plate = PLATE_SEPARATORS_RE.sub("", str(raw)).upper()
    if not PLATE_RE.match(plate):
        raise ValueError(PLATE_MESSAGE)
    return plate


def citation_number_normalize(raw: str) -> str:
    """Return "VIO-2025-001234" for "vio-2025-1234" or " VIO-2025-001234 "."""
    found = CITATION_NUMBER_RE.match(str(raw).strip().upper())
    if not found:
        raise ValueError(CITATION_NUMBER_MESSAGE)
    return f"VIO-{found.group(1)}-{int(found.group(2)):06d}"


@dataclass(frozen=True)
class DateRange:
    """Days from `start` to `end`, both included."""

    start: date
    end: date
    text: str

    def describe(self) -> str:
        if self.start == self.end:
            return f"on {long_date(self.start)}"
        return f"between {long_date(self.start)} and {long_date(self.end)}"


def long_date(day: date) -> str:
    """Return "January 10, 2025", the way the seed's answers write dates."""
    return f"{day:%B} {day.day}, {day.year}"


def _parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(DATE_RANGE_MESSAGE) from None


def _month_end(year: int, month: int) -> date:
    first_next = date(year + month // 12, month % 12 + 1, 1)
    return first_next - timedelta(days=1)


def date_range_parse(raw: str, *, today: date) -> DateRange:
    """Parse "30d", "8w", "2025", "2024-01", "2025-01-10" or "2025-01-01..2025-02-01"."""
    text = str(raw).strip().lower().replace(" ", "")
    relative = re.fullmatch(r"(\d{1,4})([dw])", text)
    if relative:
        days = int(relative.group(1)) * (7 if relative.group(2) == "w" else 1)
        if not 1 <= days <= MAX_DAYS_BACK:
            raise ValueError(f"Look back between 1 and {MAX_DAYS_BACK} days. " + DATE_RANGE_MESSAGE)
        return DateRange(start=today - timedelta(days=days - 1), end=today, text=str(raw).strip())
    if re.fullmatch(r"\d{4}", text):
        year = int(text)
        if not 1900 <= year <= 2999:
            raise ValueError(DATE_RANGE_MESSAGE)
        return DateRange(start=date(year, 1, 1), end=date(year, 12, 31), text=str(raw).strip())
    month = re.fullmatch(r"(\d{4})-(\d{2})", text)
    if month:
        year, number = int(month.group(1)), int(month.group(2))
        if not 1 <= number <= 12:
            raise ValueError(DATE_RANGE_MESSAGE)
        return DateRange(start=date(year, number, 1), end=_month_end(year, number), text=str(raw).strip())
    if ".." in text:
        first, _, last = text.partition("..")
        start, end = _parse_day(first), _parse_day(last)
        if end < start:
            raise ValueError("The range ends before it starts; put the earlier day first, e.g. "
                             "2025-01-01..2025-02-01.")
        return DateRange(start=start, end=end, text=str(raw).strip())
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        day = _parse_day(text)
        return DateRange(start=day, end=day, text=str(raw).strip())
    raise ValueError(DATE_RANGE_MESSAGE)


DURATION_UNITS = {
    "m": 1, "min": 1, "mins": 1, "minute": 1, "minutes": 1,
    "h": 60, "hr": 60, "hrs": 60, "hour": 60, "hours": 60,
}
DURATION_WORDS = {"half an hour": 30, "an hour": 60, "one hour": 60, "half hour": 30}


def duration_parse(raw: str) -> int:
    """Return minutes for "2 hours", "90 minutes", "1.5h", "2h30m" or "an hour"."""
    text = str(raw).strip().lower()
    if text in DURATION_WORDS:
        return DURATION_WORDS[text]
    parts = re.findall(r"(\d+(?:\.\d+)?)\s*([a-z]+)", text)
    leftover = re.sub(r"(\d+(?:\.\d+)?)\s*([a-z]+)", "", text).replace("and", "").strip(" ,")
    if not parts or leftover:
        raise ValueError(DURATION_MESSAGE)
    minutes = Decimal(0)
    for number, unit in parts:
        if unit not in DURATION_UNITS:
            raise ValueError(DURATION_MESSAGE)
        try:
            minutes += Decimal(number) * DURATION_UNITS[unit]
        except InvalidOperation:
            raise ValueError(DURATION_MESSAGE) from None
    if minutes != minutes.to_integral_value() or not 1 <= minutes <= MAX_DURATION_MINUTES:
        raise ValueError(DURATION_MESSAGE)
    return int(minutes)


def duration_label(minutes: int) -> str:
    """Return "2-hour" or "90-minute", as in "your 2-hour needs"."""
    if minutes % 60 == 0:
        return f"{minutes // 60}-hour"
    return f"{minutes}-minute"


def duration_words(minutes: int) -> str:
    """Return "2 hours", "1 hour" or "90 minutes"."""
    if minutes % 60 == 0:
        hours = minutes // 60
        return f"{hours} hour" + ("" if hours == 1 else "s")
    return f"{minutes} minutes"
