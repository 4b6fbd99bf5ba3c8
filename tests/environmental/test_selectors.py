"""Environmental reads: the area serving an address, its schedule, item rules, programs."""
from datetime import date, timedelta

import pytest
from django.utils import timezone

from apps.core.errors import ServiceError
from apps.environmental.models import CollectionHoliday
from apps.environmental.selectors import (
    bulk_item_refusal,
    collection_area_for,
    program_list,
    report_get,
    waste_schedule,
)
from apps.places.selectors import place_resolve
from tests.environmental.conftest import fill, make_program, next_bulk_days


@pytest.mark.parametrize("address, code, how", [
    ("456 Oak Ave", "WS", "street"), ("900 Oak Ave", "WS", "street"), ("Main St", "DT", "street"),
    ("Riverside Library", "DT", "nearest"),
])
def test_collection_area_for(city, address, code, how):
    area, matched_by = collection_area_for(place=place_resolve(query=address))
    assert (area.code, matched_by) == (code, how)


def test_waste_schedule(city, django_assert_max_num_queries):
    tuesday = date(2026, 11, 24)
    CollectionHoliday.objects.create(date=date(2026, 11, 26), name="Thanksgiving")
    with django_assert_max_num_queries(8):
        found = waste_schedule(address="456 Oak Avenue", today=tuesday)
    assert (found.place.name, found.area.code, found.matched_by) == ("456 Oak Ave", "WS", "street")
    assert [(s.schedule.stream, [c.actual for c in s.collections]) for s in found.streams] == [
        ("trash", [tuesday, date(2026, 12, 1)]), ("recycling", [tuesday, date(2026, 12, 8)]),
        ("compost", [tuesday, date(2026, 12, 1)])]
    assert [h.name for h in found.holidays] == ["Thanksgiving"]
    assert found.next_bulk_day == date(2026, 12, 2)  # Wednesday after the 2-day lead time


def test_next_bulk_day_skips_full_days(city):
    days = next_bulk_days(city.west)
    fill(city.west, days[0])
    assert waste_schedule(address="456 Oak Ave").next_bulk_day == days[1]


def test_waste_schedule_unknown_address(city):
    with pytest.raises(ServiceError) as refused:
        waste_schedule(address="1 Nowhere Lane")
    assert (refused.value.code, refused.value.field) == ("unknown_place", "address")


@pytest.mark.parametrize("items, refused", [
    (["sofa"], None), (["Old TV"], ("Old TV", "tv")), (["sofa", "can of paint"], ("can of paint", "paint")),
    (["painting"], ("painting", None)),  # a word, not a substring: no rule knows it, so it is refused
    (["old car"], ("old car", None)), (["Old Sofas"], None),  # plurals match their keyword
])
def test_bulk_item_refusal(city, items, refused):
    found = bulk_item_refusal(items=items)
    assert (found and (found.item, found.rule and found.rule.keyword)) == (refused or None)


def test_program_list(db):
    today = timezone.localdate()
    make_program("compost-rebate", rebate="50.00")
    make_program("solar", category="energy", deadline=today)
    make_program("expired", category="energy", deadline=today - timedelta(days=1))
    make_program("paused", active=False)
    assert [p.slug for p in program_list()] == ["compost-rebate", "solar"]
    assert [p.slug for p in program_list(category="energy")] == ["solar"]


def test_report_get_unknown(db):
    with pytest.raises(ServiceError) as refused:
        report_get(reference="env-2026-000404")
    assert refused.value.message.startswith("No environmental report has reference ENV-2026-000404.")
