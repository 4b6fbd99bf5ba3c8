"""Transportation test data built by the tests themselves, and a way to call tools in-process."""
from datetime import datetime, time, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone

from apps.places.models import Place
from apps.places.normalize import place_key
from apps.transportation.models import Departure, Route, RouteStop, Stop, TrafficAlert
from tests.helpers.places import place_create
from tests.helpers.tools import call_tool_fixture


def local(year, month, day, hour=12, minute=0) -> datetime:
    """An aware datetime in the city's time zone."""
    return timezone.make_aware(datetime(year, month, day, hour, minute))


call_tool = call_tool_fixture("transportation")


@pytest.fixture
def places(db):
    return SimpleNamespace(
        main=place_create("Main St", Place.Kind.STREET, "37.780500", "-122.418600"),
        main_123=place_create("123 Main St", Place.Kind.ADDRESS, "37.780300", "-122.418900"),
        oak=place_create("Oak Ave", Place.Kind.STREET, "37.775200", "-122.425400"),
        oak_456=place_create("456 Oak Ave", Place.Kind.ADDRESS, "37.775000", "-122.426100"),
        pier=place_create("Old Pier", Place.Kind.LANDMARK, "37.830000", "-122.380000"),
    )


def make_stop(code, name, lat, lon):
    return Stop.objects.create(stop_code=code, name=name, key=place_key(name), latitude=Decimal(lat),
                               longitude=Decimal(lon))


def make_departures(route, *, day_type, start: time, end: time, every: int, directions=("outbound", "inbound")):
    moment = datetime.combine(datetime(2026, 1, 1), start)
    last = datetime.combine(datetime(2026, 1, 1), end)
    trips = []
    while moment <= last:
        trips += [Departure(route=route, direction=direction, day_type=day_type, departs_at=moment.time())
                  for direction in directions]
        moment += timedelta(minutes=every)
    Departure.objects.bulk_create(trips)


@pytest.fixture
def network(places):
    """Route 10 (bus): Central Station → City Hall (4 min) → Oak Ave (12 min); Red Line (rail) to the harbor."""
    central = make_stop("S100", "Central Station", "37.777400", "-122.412300")
    hall = make_stop("S101", "Downtown City Hall", "37.779300", "-122.419200")
    oak = make_stop("S104", "Oak Ave & Oak St", "37.775100", "-122.425800")
    harbor = make_stop("S301", "Harbor District", "37.794400", "-122.403700")
    bus = Route.objects.create(code="10", name="Downtown – Westside", mode="bus", fare=Decimal("2.50"))
    rail = Route.objects.create(code="R", name="Red Line", mode="light_rail", fare=Decimal("3.00"))
    for sequence, (stop, minutes) in enumerate([(central, 0), (hall, 4), (oak, 12)], start=1):
        RouteStop.objects.create(route=bus, stop=stop, sequence=sequence, minutes_from_start=minutes)
    for sequence, (stop, minutes) in enumerate([(central, 0), (harbor, 9)], start=1):
        RouteStop.objects.create(route=rail, stop=stop, sequence=sequence, minutes_from_start=minutes)
    make_departures(bus, day_type="weekday", start=time(6), end=time(22), every=20)
    make_departures(bus, day_type="weekend", start=time(8), end=time(20), every=30)
    make_departures(rail, day_type="weekday", start=time(5, 30), end=time(23, 30), every=15)
    make_departures(rail, day_type="weekend", start=time(6), end=time(23), every=30)
    return SimpleNamespace(central=central, hall=hall, oak=oak, harbor=harbor, bus=bus, rail=rail)


def make_alert(title, place, *, starts_at, ends_at=None, routes=(), delay=0, area="Downtown", alert_type="construction",
               severity="moderate", detour=""):
    alert = TrafficAlert.objects.create(alert_type=alert_type, severity=severity, title=title, location=place.name,
                                        area=area, latitude=place.latitude, longitude=place.longitude,
                                        starts_at=starts_at, ends_at=ends_at, delay_minutes=delay, detour=detour)
    alert.routes.set(routes)
    return alert
