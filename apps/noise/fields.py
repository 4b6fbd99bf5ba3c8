"""Argument fields that accept what people say: "Loud Music", "10:30 PM"."""
from datetime import datetime, time

from django.utils import timezone
from rest_framework import serializers

from apps.noise.catalogue import noise_type_normalize

CLOCK_FORMATS = ("%H:%M", "%I:%M %p", "%I %p", "%I:%M%p", "%I%p")


class NoiseTypeField(serializers.ChoiceField):
    """A noise type from the catalogue; case, spaces, dashes and common aliases are forgiven."""

    def to_internal_value(self, data):
        if isinstance(data, str):
            data = noise_type_normalize(data)
        return super().to_internal_value(data)


class MomentField(serializers.CharField):
    """A moment as ISO 8601 ("2026-11-24T22:30") or a clock time today ("22:30", "10:30 PM").

    Times without an offset are read in the city's time zone. A CharField underneath, so the
    published schema says "string" and the length limit is checked before parsing.
    """

    default_error_messages = {
        "invalid_moment": 'Expected an ISO 8601 date-time ("2026-11-24T22:30") or a clock time ("22:30", '
                          '"10:30 PM").',
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 40)
        super().__init__(**kwargs)

    def run_validation(self, data=serializers.empty):
        text = super().run_validation(data)
        if text is None or isinstance(text, datetime):
            return text
        moment = _parse_iso(text) or _parse_clock(text)
        if moment is None:
            self.fail("invalid_moment")
        return moment

    def to_representation(self, value):
        if isinstance(value, datetime):
            return timezone.localtime(value).isoformat()
        return super().to_representation(value)


def _parse_iso(text: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _parse_clock(text: str) -> datetime | None:
    compact = " ".join(text.upper().replace(".", "").split())
    for pattern in CLOCK_FORMATS:
        try:
            clock = datetime.strptime(compact, pattern).time()
        except ValueError:
            continue
        today = timezone.localdate()
        return timezone.make_aware(datetime.combine(today, time(clock.hour, clock.minute)))
    return None
