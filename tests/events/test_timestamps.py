"""Every event writes its moments one way: UTC, ISO 8601, with Z (docs/events.md, "Times").

Before, `timestamp` was in the city's zone (-08:00) while a domain's `data` carried whatever
it handed over (+00:00 from a UTC datetime, -08:00 from localtime().isoformat()). Each
catalogue type is emitted with moments in every form a domain hands them over, and both
forms a subscriber receives (live and replayed, staff and public) are checked.
"""
import json
import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from apps.events.catalogue import CATALOGUE
from apps.events.selectors import event_list_after
from apps.events.services import event_emit
from apps.events.timestamps import moments_in_utc, utc_text
from apps.events.visibility import PUBLIC, STAFF

UTC_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$")
CITY = ZoneInfo("America/Los_Angeles")
SEEN = datetime(2026, 11, 24, 10, 30, tzinfo=CITY)  # 18:30 UTC
HANDED_OVER = [
    SEEN,                                          # an aware datetime in the city's zone
    SEEN.astimezone(ZoneInfo("UTC")),              # the same moment in UTC
    SEEN.isoformat(),                              # localtime(...).isoformat(): "-08:00"
    SEEN.astimezone(ZoneInfo("UTC")).isoformat(),  # "+00:00"
]


def moments(value) -> list[str]:
    """Every text in `value` that looks like a date-time."""
    if isinstance(value, dict):
        return [found for item in value.values() for found in moments(item)]
    if isinstance(value, list):
        return [found for item in value for found in moments(item)]
    return [value] if isinstance(value, str) and re.match(r"^\d{4}-\d{2}-\d{2}T", value) else []


@pytest.mark.django_db
@pytest.mark.parametrize("event_type", CATALOGUE, ids=[event_type.name for event_type in CATALOGUE])
@pytest.mark.parametrize("handed_over", HANDED_OVER, ids=["aware-local", "aware-utc", "text-local", "text-utc"])
def test_every_event_type_writes_its_moments_in_utc_with_z(event_type, handed_over):
    data = {name: f"{name}-1" for name in event_type.required}
    # Every optional field carries the moment, as a field named for a time would
    # (scheduled_for, observed_at); identifiers stay text.
    data.update({name: handed_over for name in event_type.optional})
    data["observed_at"] = handed_over
    event = event_emit(type=event_type.name, domain=event_type.domain, data=data)
    [streamed] = event_list_after(after=event.id - 1, limit=1)
    for view in (STAFF, PUBLIC):
        message = json.loads(streamed.text_for(view))
        assert UTC_MOMENT.match(message["timestamp"]), message["timestamp"]
        assert message["timestamp"] == utc_text(event.created_at)
        for moment in moments(message["data"]):
            assert moment == "2026-11-24T18:30:00Z", (view, message)
    assert event.as_message()["data"]["observed_at"] == "2026-11-24T18:30:00Z"


def test_days_and_other_text_are_left_as_written():
    data = {"hearing_date": date(2026, 12, 1), "scheduled_for": "2026-12-01", "reference": "PRM-2026-000001",
            "note": "2026-11-24T10:30 without an offset is not a moment we can place", "bad": "2026-13-45T10:30:00Z"}
    assert moments_in_utc(data) == {**data, "hearing_date": "2026-12-01"}


def test_a_naive_moment_is_read_in_the_city_zone(settings):
    settings.TIME_ZONE = "America/Los_Angeles"
    assert utc_text(datetime(2026, 7, 1, 9, 0)) == "2026-07-01T16:00:00Z"  # PDT, -07:00
    assert utc_text(timezone.make_aware(datetime(2026, 11, 24, 9, 0)) + timedelta(microseconds=5)) \
        == "2026-11-24T17:00:00.000005Z"
