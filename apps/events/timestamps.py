"""One way to write a moment in every event: UTC, ISO 8601, with a `Z`.

An event's `timestamp` and every date-time in its `data` are written the same way, whatever
the domain handed over (an aware datetime in the city's zone, one in UTC, or the ISO text of
either), so a subscriber compares and sorts them as text and never mixes -08:00 with +00:00.
Dates without a time ("2026-12-01": a pickup day, a hearing) are days in the city and stay
as they are. docs/events.md, "Times".
"""
import re
from datetime import date, datetime, timezone as dt_timezone

from django.utils import timezone

# An ISO 8601 date-time with an offset (or Z), as isoformat() and clients write it.
ISO_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})$")


def utc_text(moment: datetime) -> str:
    """Return "2026-11-24T18:30:00Z" for any datetime (a naive one is read in the city's zone)."""
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment.astimezone(dt_timezone.utc).isoformat().replace("+00:00", "Z")


def moments_in_utc(value):
    """Return `value` with every datetime (object or ISO text with an offset) as UTC text with Z."""
    if isinstance(value, datetime):
        return utc_text(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and ISO_MOMENT.match(value):
        try:
            return utc_text(datetime.fromisoformat(value.replace("Z", "+00:00")))
        except ValueError:
            return value  # looks like a moment but is not one (month 13): leave the text alone
    if isinstance(value, dict):
        return {key: moments_in_utc(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [moments_in_utc(item) for item in value]
    return value
