"""Parking test data built by the tests themselves, and a way to call tools in-process.

`call_tool` runs a tool exactly as the MCP endpoint does (argument validation, handler,
output serializer), without a server, so unit tests can count queries.
"""
from datetime import time, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.events.services import event_emit
from apps.parking.models import Citation, ParkingFacility, ViolationType
from apps.places.models import Place
from tests.helpers.tools import call_tool_fixture
from tests.parking.helpers import local_datetime

CITY_HALL = ("37.779300", "-122.419200")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Keep evidence photos of each test in its own directory."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


call_tool = call_tool_fixture("parking")


@pytest.fixture
def event_queries(db) -> int:
    """How many queries recording one event takes on this database (the outbox is not ours)."""
    savepoint = transaction.savepoint()
    with CaptureQueriesContext(connection) as captured:
        event_emit(type="violation.status_changed", domain="parking",
                   data={"violation_id": 1, "citation_number": "VIO-2025-000001", "license_plate": "ABC123",
                         "status": "issued"})
    transaction.savepoint_rollback(savepoint)
    return len(captured)


@pytest.fixture
def places(db):
    """A small gazetteer: City Hall, a street and two addresses."""
    city_hall = Place.objects.create(name="Downtown City Hall", kind=Place.Kind.LANDMARK, zone="C-1",
                                     latitude=Decimal(CITY_HALL[0]), longitude=Decimal(CITY_HALL[1]))
    Place.objects.create(name="City Hall", kind=Place.Kind.ALIAS, alias_of=city_hall,
                         latitude=city_hall.latitude, longitude=city_hall.longitude)
    main = Place.objects.create(name="Main St", kind=Place.Kind.STREET, zone="C-1",
                                latitude=Decimal("37.780500"), longitude=Decimal("-122.418600"))
    address = Place.objects.create(name="123 Main St", kind=Place.Kind.ADDRESS, zone="A",
                                   latitude=Decimal("37.780300"), longitude=Decimal("-122.418900"))
    far = Place.objects.create(name="Harbor Ferry Terminal", kind=Place.Kind.LANDMARK,
                               latitude=Decimal("37.796500"), longitude=Decimal("-122.403000"))
    return SimpleNamespace(city_hall=city_hall, main=main, address=address, far=far)


@pytest.fixture
def violation_types(db):
    """Two types with the demo city's fines and schedules, plus an inactive one."""
    meter = ViolationType.objects.create(
        code="expired_meter", description="Expired Meter", fine=Decimal("25.00"), late_fee_initial=Decimal("10.00"),
        late_fee_recurring=Decimal("10.00"), late_fee_interval_days=30, late_fee_cap=Decimal("40.00"))
    driveway = ViolationType.objects.create(
        code="blocked_driveway", description="Blocked Driveway", fine=Decimal("75.00"),
        late_fee_initial=Decimal("25.00"), late_fee_recurring=Decimal("25.00"), late_fee_interval_days=30,
        late_fee_cap=Decimal("75.00"))
    retired = ViolationType.objects.create(code="oversized_vehicle", description="Oversized Vehicle",
                                           fine=Decimal("90.00"), is_active=False)
    return SimpleNamespace(meter=meter, driveway=driveway, retired=retired)


_counter = iter(range(1, 10**6))


@pytest.fixture
def make_citation(violation_types):
    """Build a citation issued `issued_days_ago` days ago (due 30 days after issue)."""

    def make(*, plate="ABC123", kind=None, status=Citation.Status.ISSUED, issued_days_ago=5, number=None,
             location="123 Main St", contested_days_ago=None, **fields):
        kind = kind or violation_types.meter
        issued_on = timezone.localdate() - timedelta(days=issued_days_ago)
        issued_at = local_datetime(issued_on)
        values = dict(
            citation_number=number or f"VIO-2025-{900000 + next(_counter):06d}", license_plate=plate,
            violation_type=kind, location=location, observed_at=issued_at - timedelta(minutes=5),
            fine=kind.fine, status=status, source=Citation.Source.OFFICER,
        )
        if status != Citation.Status.REPORTED:
            values.update(issued_at=issued_at, due_date=issued_on + timedelta(days=30))
        if status == Citation.Status.CONTESTED or contested_days_ago is not None:
            ago = contested_days_ago if contested_days_ago is not None else max(issued_days_ago - 1, 0)
            values["contested_at"] = local_datetime(timezone.localdate() - timedelta(days=ago), 12)
            values["contest_reason"] = "The meter was broken."
        if status == Citation.Status.PAID:
            values["paid_at"] = timezone.now()
        values.update(fields)
        return Citation.objects.create(**values)

    return make


@pytest.fixture
def facilities(db):
    """The seed's three options around City Hall, and one far garage."""
    main = ParkingFacility.objects.create(
        name="Main St (100 block)", kind="street", latitude=Decimal("37.780500"), longitude=Decimal("-122.418600"),
        hourly_rate=Decimal("2.00"), time_limit_minutes=120, enforcement_start=time(8), enforcement_end=time(18),
        capacity=10, occupied=2)
    first = ParkingFacility.objects.create(
        name="1st Avenue", kind="street", latitude=Decimal("37.781800"), longitude=Decimal("-122.421900"),
        hourly_rate=Decimal("1.50"), time_limit_minutes=120, capacity=16, occupied=4)
    garage = ParkingFacility.objects.create(
        name="City Center Garage", kind="garage", latitude=Decimal("37.775200"), longitude=Decimal("-122.418600"),
        flat_rate=Decimal("5.00"), capacity=400, occupied=355)
    ferry = ParkingFacility.objects.create(
        name="Harbor Ferry Garage", kind="garage", latitude=Decimal("37.796000"), longitude=Decimal("-122.404000"),
        hourly_rate=Decimal("3.00"), daily_max=Decimal("20.00"), capacity=300, occupied=120)
    return SimpleNamespace(main=main, first=first, garage=garage, ferry=ferry)
