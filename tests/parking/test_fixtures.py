"""The demo city's parking data: the seed's facts, and enough variety to make the tools interesting."""
import json
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from apps.parking.models import Citation, ParkingFacility, Payment, PaymentItem, ViolationType
from apps.parking.search import DEFAULT_RADIUS_MILES
from apps.places.geo import distance_miles
from apps.places.models import Place
from apps.places.normalize import place_key

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "parking" / "demo.json"


def test_parking_places_keep_to_their_range_and_keys():
    rows = [row for row in json.loads(FIXTURE.read_text()) if row["model"] == "places.place"]
    assert rows and all(1000 <= row["pk"] <= 1999 for row in rows)
    assert all(row["fields"]["key"] == place_key(row["fields"]["name"]) for row in rows)


def test_the_seeds_plate(demo_city):
    outstanding = Citation.objects.filter(license_plate="ABC123", status__in=["issued", "contested"])
    facts = [(c.citation_number, c.violation_type.description, c.location, timezone.localdate(c.issued_at),
              c.due_date, c.fine) for c in outstanding.select_related("violation_type").order_by("issued_at")]
    assert facts == [
        ("VIO-2025-001234", "Expired Meter", "123 Main St, Zone A", date(2025, 1, 10), date(2025, 2, 9),
         Decimal("25.00")),
        ("VIO-2025-001456", "Blocked Driveway", "456 Oak Ave", date(2025, 1, 12), date(2025, 2, 11),
         Decimal("75.00")),
    ]
    assert not Citation.objects.filter(license_plate="TEST123").exists()
    types = {t.code: (t.description, t.fine) for t in ViolationType.objects.all()}
    assert types["expired_meter"] == ("Expired Meter", Decimal("25.00"))
    assert types["blocked_driveway"] == ("Blocked Driveway", Decimal("75.00"))
    assert {"no_parking_zone", "fire_hydrant", "double_parking", "street_cleaning", "disabled_zone",
            "overtime_parking"} <= set(types)


def test_varied_citations_and_consistent_payments(demo_city):
    citations = list(Citation.objects.all())
    statuses = Counter(c.status for c in citations)
    assert len(citations) >= 40
    assert set(statuses) == {"reported", "issued", "contested", "paid", "dismissed", "void"}
    assert len({c.license_plate for c in citations}) >= 12
    assert len({c.violation_type_id for c in citations}) >= 8
    for citation in citations:
        if citation.status in ("issued", "contested", "paid"):
            assert citation.due_date == timezone.localdate(citation.issued_at) + timedelta(days=30) or \
                citation.decided_at is not None  # a denied contest moved the due date
        if citation.status == "contested":
            assert citation.contested_at - citation.issued_at <= timedelta(days=21)
    paid = Citation.objects.filter(status="paid").count()
    assert PaymentItem.objects.count() == paid == Payment.objects.count()
    for item in PaymentItem.objects.select_related("payment"):
        assert item.amount == item.fine + item.late_fees == item.payment.amount


def test_parking_around_city_hall_is_the_seeds(demo_city):
    hall = Place.objects.get(name="Downtown City Hall")
    near = []
    for facility in ParkingFacility.objects.filter(is_active=True):
        miles = distance_miles(hall.latitude, hall.longitude, facility.latitude, facility.longitude)
        if miles <= DEFAULT_RADIUS_MILES:
            near.append((facility.name, f"{miles:.1f}", facility.spaces_available, facility.time_limit_minutes))
    assert sorted(near, key=lambda n: n[1]) == [
        ("Main St (100 block)", "0.1", 8, 120), ("1st Avenue", "0.2", 12, 120), ("City Center Garage", "0.3", 45, None)]
    assert ParkingFacility.objects.filter(is_active=True).count() >= 12
    assert set(ParkingFacility.objects.values_list("kind", flat=True)) == {"street", "garage", "lot"}
