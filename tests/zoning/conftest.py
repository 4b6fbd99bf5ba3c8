"""Zoning test data built by the tests themselves, and a way to call tools in-process.

`call_tool` runs a tool exactly as the MCP endpoint does (argument validation, handler,
output serializer), without a server, so unit tests can count queries.
"""
from decimal import Decimal
from types import SimpleNamespace

import pytest

from apps.places.models import Place
from apps.places.normalize import place_key
from apps.zoning.models import District, Parcel, UseRule
from tests.helpers.places import place_create
from tests.helpers.tools import call_tool_fixture


call_tool = call_tool_fixture("zoning")


@pytest.fixture
def places(db):
    """Streets with districts, an address with a parking zone ("A"), an address with a district, a landmark."""
    return SimpleNamespace(
        main=place_create("Main St", Place.Kind.STREET, "37.780500", "-122.418600", zone="C-1"),
        oak=place_create("Oak Ave", Place.Kind.STREET, "37.775200", "-122.425400", zone="R-1"),
        main_123=place_create("123 Main St", Place.Kind.ADDRESS, "37.780300", "-122.418900", zone="A", address="123 Main St"),
        oak_456=place_create("456 Oak Ave", Place.Kind.ADDRESS, "37.775000", "-122.426100", zone="R-1", address="456 Oak Ave"),
        pier=place_create("Old Pier", Place.Kind.LANDMARK, "37.800000", "-122.400000", zone=""),
    )


def make_district(code, name, category="commercial", height=45, coverage=80, front=0, side=0, rear=10):
    return District.objects.create(code=code, name=name, category=category, code_section=f"CCMC {code}",
                                   max_height_ft=height, max_lot_coverage_pct=coverage, front_setback_ft=front,
                                   side_setback_ft=side, rear_setback_ft=rear)


def make_rule(district, use, status="permitted", by_right=None, limit=None, spaces="1.00", per=4, basis="seats",
              conditions=""):
    return UseRule.objects.create(district=district, use=use, status=status, capacity_by_right=by_right,
                                  capacity_limit=limit, parking_spaces=Decimal(spaces), parking_per=per,
                                  parking_basis=basis, conditions=conditions)


@pytest.fixture
def districts(places):
    """C-1 (restaurants by right to 49, up to 150; bars conditional), R-1 (homes), C-2 (restaurants to 400)."""
    c1 = make_district("C-1", "Neighborhood commercial")
    r1 = make_district("R-1", "Single-family residential", category="residential", height=30, coverage=40, front=20,
                       side=5, rear=20)
    c2 = make_district("C-2", "General commercial", height=65, coverage=90, rear=5)
    return SimpleNamespace(
        c1=c1, r1=r1, c2=c2,
        c1_restaurant=make_rule(c1, "restaurant", by_right=49, limit=150, conditions="No drive-through."),
        c1_bar=make_rule(c1, "bar", status="conditional", limit=100, per=3),
        c1_retail=make_rule(c1, "retail", spaces="2.50", per=1, basis="floor_area"),
        r1_home=make_rule(r1, "single_family", spaces="2.00", per=1, basis="units"),
        r1_office=make_rule(r1, "office", status="prohibited", spaces="0.00", basis="none"),
        c2_restaurant=make_rule(c2, "restaurant", by_right=150, limit=400),
    )


def make_parcel(number, address, district, lot=6000, use=""):
    return Parcel.objects.create(parcel_number=number, address=address, address_key=place_key(address),
                                 district=district, lot_area_sqft=lot, current_use=use)


def hearing_held(variance_or_reference) -> None:
    """Bring a variance to its hearing day (today), so the Board may decide it (decisions wait for it)."""
    from django.utils import timezone

    from apps.zoning.models import Variance

    reference = getattr(variance_or_reference, "reference", variance_or_reference)
    Variance.objects.filter(reference=reference).update(hearing_date=timezone.localdate())
