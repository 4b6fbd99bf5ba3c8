"""The inspector calendar: business days, closures, slots, absences and load spreading."""
import datetime as dt

import pytest
from django.core.exceptions import ImproperlyConfigured

from apps.permits.scheduling import (
    business_days,
    first_free_slot,
    is_business_day,
    next_business_day,
    slot_start,
    slot_times,
)

MON, FRI, SAT, SUN = dt.date(2026, 11, 30), dt.date(2026, 12, 4), dt.date(2026, 12, 5), dt.date(2026, 12, 6)
NINE, ELEVEN = dt.time(9), dt.time(11)


def test_weekends_and_closures_are_not_business_days():
    assert is_business_day(MON, set()) is True
    assert is_business_day(SAT, set()) is False
    assert is_business_day(SUN, set()) is False
    assert is_business_day(MON, {MON}) is False


@pytest.mark.parametrize("day, closures, expected", [
    (MON, set(), dt.date(2026, 12, 1)),
    (FRI, set(), dt.date(2026, 12, 7)),  # over the weekend
    (SAT, set(), dt.date(2026, 12, 7)),
    (FRI, {dt.date(2026, 12, 7)}, dt.date(2026, 12, 8)),  # and over a Monday closure
    (dt.date(2026, 11, 25), {dt.date(2026, 11, 26), dt.date(2026, 11, 27)}, dt.date(2026, 11, 30)),
])
def test_next_business_day_is_strictly_after(day, closures, expected):
    assert next_business_day(day, closures) == expected


def test_business_days_between_inclusive():
    assert business_days(FRI, dt.date(2026, 12, 8), {dt.date(2026, 12, 7)}) == [FRI, dt.date(2026, 12, 8)]
    assert business_days(SAT, SUN, set()) == []


def test_slot_times_come_from_settings(settings):
    settings.PERMITS_INSPECTION_SLOT_TIMES = ["13:30", "08:00", "08:00"]
    assert slot_times() == [dt.time(8), dt.time(13, 30)]


@pytest.mark.parametrize("value", [["9am"], [], ["25:00"]])
def test_bad_slot_times_are_a_configuration_error(settings, value):
    settings.PERMITS_INSPECTION_SLOT_TIMES = value
    with pytest.raises(ImproperlyConfigured):
        slot_times()


def test_first_slot_of_the_first_day_goes_to_the_lowest_id():
    slot = first_free_slot(days=[MON], times=[NINE, ELEVEN], inspector_ids=[3, 1, 2], booked=set(), absent=set())
    assert (slot.starts_at, slot.inspector_id) == (slot_start(MON, NINE), 1)


def test_a_booked_inspector_leaves_the_slot_to_a_free_one():
    booked = {(1, slot_start(MON, NINE))}
    slot = first_free_slot(days=[MON], times=[NINE], inspector_ids=[1, 2], booked=booked, absent=set())
    assert (slot.starts_at, slot.inspector_id) == (slot_start(MON, NINE), 2)


def test_a_full_slot_moves_to_the_next_time_then_the_next_day():
    booked = {(1, slot_start(MON, NINE)), (2, slot_start(MON, NINE)), (1, slot_start(MON, ELEVEN)),
              (2, slot_start(MON, ELEVEN))}
    tue = dt.date(2026, 12, 1)
    slot = first_free_slot(days=[MON, tue], times=[NINE, ELEVEN], inspector_ids=[1, 2], booked=booked, absent=set())
    assert (slot.starts_at, slot.inspector_id) == (slot_start(tue, NINE), 1)


def test_the_least_loaded_inspector_gets_the_slot():
    booked = {(1, slot_start(MON, NINE)), (2, slot_start(MON, NINE)), (1, slot_start(MON, dt.time(15)))}
    slot = first_free_slot(days=[MON], times=[NINE, ELEVEN], inspector_ids=[1, 2], booked=booked, absent=set())
    assert (slot.starts_at, slot.inspector_id) == (slot_start(MON, ELEVEN), 2)


def test_absent_inspectors_take_nothing_that_day():
    slot = first_free_slot(days=[MON], times=[NINE], inspector_ids=[1, 2], booked=set(), absent={(1, MON)})
    assert slot.inspector_id == 2
    assert first_free_slot(days=[MON], times=[NINE], inspector_ids=[1], booked=set(), absent={(1, MON)}) is None


def test_no_days_no_slot():
    assert first_free_slot(days=[], times=[NINE], inspector_ids=[1], booked=set(), absent=set()) is None
    assert first_free_slot(days=[MON], times=[NINE], inspector_ids=[], booked=set(), absent=set()) is None


def test_bookings_stored_in_utc_still_block_the_local_slot():
    booked = {(1, slot_start(MON, NINE).astimezone(dt.UTC))}
    slot = first_free_slot(days=[MON], times=[NINE], inspector_ids=[1, 2], booked=booked, absent=set())
    assert slot.inspector_id == 2
