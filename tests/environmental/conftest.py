"""Environmental test data built by the tests themselves, and a way to call tools in-process."""
from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone

from apps.environmental.models import (
    BulkItemRule,
    CollectionArea,
    CollectionAreaStreet,
    CollectionSchedule,
    PickupSlot,
    SustainabilityProgram,
)
from apps.places.models import Place
from apps.places.normalize import place_key
from tests.helpers.places import place_create
from tests.helpers.tools import call_tool_fixture


call_tool = call_tool_fixture("environmental")


def make_area(code, name, lat, lon, *, streets, bulk_weekday, capacity, schedules):
    area = CollectionArea.objects.create(code=code, name=name, latitude=Decimal(lat), longitude=Decimal(lon),
                                         bulk_weekday=bulk_weekday, bulk_capacity=capacity)
    for street in streets:
        CollectionAreaStreet.objects.create(area=area, street_name=street, street_key=place_key(street))
    for stream, weekday, frequency, anchor in schedules:
        CollectionSchedule.objects.create(area=area, stream=stream, weekday=weekday, frequency=frequency,
                                          anchor_date=anchor)
    return area


@pytest.fixture
def city(db):
    """Oak Ave in Westside (Tuesdays; bulk on Wednesdays, 2 a day), Main St downtown, a landmark in between."""
    places = SimpleNamespace(
        oak=place_create("Oak Ave", Place.Kind.STREET, "37.775200", "-122.425400"),
        oak_456=place_create("456 Oak Ave", Place.Kind.ADDRESS, "37.775000", "-122.426100", address="456 Oak Ave"),
        main=place_create("Main St", Place.Kind.STREET, "37.780500", "-122.418600"),
        library=place_create("Riverside Library", Place.Kind.LANDMARK, "37.783700", "-122.425900", address="300 Elm St"),
    )
    west = make_area("WS", "Westside", "37.774000", "-122.433000", streets=["Oak Ave"], bulk_weekday=2, capacity=2,
                     schedules=[("trash", 1, "weekly", None), ("recycling", 1, "biweekly", date(2026, 11, 24)),
                                ("compost", 1, "weekly", None)])
    downtown = make_area("DT", "Downtown", "37.780000", "-122.418000", streets=["Main St"], bulk_weekday=1,
                         capacity=4, schedules=[("trash", 0, "weekly", None)])
    for keyword, accepted, text in (("sofa", True, "Put it out whole."), ("mattress", True, "Wrap it."),
                                    ("armchair", True, "Put it out whole."),
                                    ("paint", False, "Take paint to the HHW."),
                                    ("tv", False, "TVs are e-waste.")):
        BulkItemRule.objects.create(keyword=keyword, accepted=accepted, instructions=text)
    return SimpleNamespace(places=places, west=west, downtown=downtown)


def next_bulk_days(area, count=3) -> list[date]:
    """The area's bulk days from the booking lead time on (the tests' holidays are none)."""
    day = timezone.localdate() + timedelta(days=2)
    day += timedelta(days=(area.bulk_weekday - day.weekday()) % 7)
    return [day + timedelta(weeks=n) for n in range(count)]


def fill(area, day):
    return PickupSlot.objects.create(area=area, date=day, capacity=area.bulk_capacity, booked=area.bulk_capacity)


def make_program(slug, category="composting", rebate=None, deadline=None, active=True):
    return SustainabilityProgram.objects.create(
        slug=slug, name=slug.replace("-", " ").title(), category=category, description="About it.",
        benefit="A benefit", rebate_amount=Decimal(rebate) if rebate else None, eligibility="Residents.",
        how_to_apply="Apply online.", url="", enrollment_deadline=deadline, active=active)
