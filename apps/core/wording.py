"""How every answer words counts, distances, money and dates — one way, shared by the eight domains.

Why one module: residents read answers from eight domains side by side, and the same fact
printed three ways ("0.0 miles", "less than 0.1 miles", "0.00 miles") or a count that ignores
English ("(1 reports)") makes an answer look careless and, for dates, can make the past read as
the future. Each domain's `answers` module composes its text from these helpers; the text-pattern
test over every tool checks that nothing slips back.

Dates are always compared with the city's `localdate()` (so `CIVICMIND_TODAY` moves them too):
a date in the past is never worded as upcoming, and a deadline that has passed says so.
"""
import datetime as dt

from django.utils import timezone

from apps.core.money import format_money

__all__ = [
    "plural", "miles_text", "money_text", "day_text", "relative_day", "when_text", "time_text",
    "moment_text", "days_overdue", "due_text", "is_past",
]


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """Return "1 report", "2 reports", "0 reports" ("1 box", "2 boxes" with plural_form="boxes")."""
    word = singular if count == 1 else (plural_form or f"{singular}s")
    return f"{count:,} {word}"


def miles_text(distance) -> str:
    """Return one wording for a distance in miles: "less than 0.1 miles" or "0.4 miles"."""
    if distance is None:
        return "distance unknown"
    value = float(distance)
    if value < 0.05:
        return "less than 0.1 miles"
    if round(value, 1) == 1.0:
        return "1.0 mile"
    return f"{value:.1f} miles"


def money_text(amount, *, cents: bool = True) -> str:
    """Return "$1,234.50" — the one money format of every text answer."""
    return format_money(amount, cents=cents)


def _today() -> dt.date:
    return timezone.localdate()


def day_text(day: dt.date, *, today: dt.date | None = None) -> str:
    """Return "Tuesday, December 8" (with ", 2027" when the year is not the current one)."""
    today = today or _today()
    text = f"{day:%A}, {day:%B} {day.day}"
    if day.year != today.year:
        text += f", {day.year}"
    return text


def relative_day(day: dt.date, *, today: dt.date | None = None) -> str:
    """Return "today", "tomorrow", "yesterday", "in 3 days" or "3 days ago"."""
    today = today or _today()
    delta = (day - today).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if delta == -1:
        return "yesterday"
    if delta > 0:
        return f"in {plural(delta, 'day')}"
    return f"{plural(-delta, 'day')} ago"


def when_text(day: dt.date, *, today: dt.date | None = None) -> str:
    """Return "Tuesday, December 8 (tomorrow)": the date and how far it is from today."""
    today = today or _today()
    return f"{day_text(day, today=today)} ({relative_day(day, today=today)})"


def time_text(moment: dt.datetime) -> str:
    """Return "4:39 PM" in the city's time zone."""
    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    return f"{local:%I:%M %p}".lstrip("0")


def moment_text(moment: dt.datetime, *, today: dt.date | None = None) -> str:
    """Return "Tuesday, December 8 at 4:39 PM" in the city's time zone."""
    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    return f"{day_text(local.date(), today=today)} at {time_text(local)}"


def is_past(day_or_moment, *, today: dt.date | None = None) -> bool:
    """True when a date (or an aware datetime, by its local date) lies before today."""
    day = timezone.localtime(day_or_moment).date() if isinstance(day_or_moment, dt.datetime) else day_or_moment
    return day < (today or _today())


def days_overdue(due: dt.date | dt.datetime | None, *, today: dt.date | None = None) -> int:
    """Return how many whole days a deadline has passed (0 when it has not, or there is none)."""
    if due is None:
        return 0
    day = timezone.localtime(due).date() if isinstance(due, dt.datetime) else due
    return max(0, ((today or _today()) - day).days)


def due_text(due: dt.date | dt.datetime, *, today: dt.date | None = None) -> str:
    """Return "Friday, November 27 — overdue by 10 days" or "Monday, December 14 (in 7 days)"."""
    today = today or _today()
    day = timezone.localtime(due).date() if isinstance(due, dt.datetime) else due
    late = days_overdue(day, today=today)
    if late:
        return f"{day_text(day, today=today)} — overdue by {plural(late, 'day')}"
    return when_text(day, today=today)
