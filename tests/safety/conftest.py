"""Safety test data built by the tests themselves, and a way to call tools in-process."""
from decimal import Decimal
from types import SimpleNamespace

import pytest

from apps.places.models import Place
from apps.safety.models import FireCodeRule, OccupancyRule, ResponseUnit
from tests.helpers.places import place_create
from tests.helpers.tools import call_tool_fixture


call_tool = call_tool_fixture("safety")


@pytest.fixture
def places(db):
    """Main St downtown, 123 Main St on it, 456 Oak Ave about half a mile west, Harbor Blvd two miles away."""
    return SimpleNamespace(
        main=place_create("Main St", Place.Kind.STREET, "37.780500", "-122.418600", zone="C-1"),
        main_123=place_create("123 Main St", Place.Kind.ADDRESS, "37.780300", "-122.418900", zone="A"),
        oak_456=place_create("456 Oak Ave", Place.Kind.ADDRESS, "37.775000", "-122.426100", zone="R-1"),
        harbor=place_create("Harbor Blvd", Place.Kind.STREET, "37.795200", "-122.402600", zone="I-1"),
    )


def rule(category, text, group="", business="", lo=0, hi=None, required=True, quantity=None, per=None,
         interval=None, section="IFC 1"):
    return FireCodeRule.objects.create(category=category, requirement=text, occupancy_group=group,
                                       business_type=business, min_capacity=lo, max_capacity=hi, required=required,
                                       quantity=quantity, per_square_feet=per, interval_months=interval,
                                       code_section=section)


@pytest.fixture
def fire_code(db):
    """Restaurants are B under 50 occupants and A-2 from 50; exits, sprinklers, extinguishers, inspections."""
    OccupancyRule.objects.create(business_type="restaurant", min_capacity=1, max_capacity=49, occupancy_group="B",
                                 code_section="IBC 303.1.1")
    OccupancyRule.objects.create(business_type="restaurant", min_capacity=50, occupancy_group="A-2",
                                 code_section="IBC 303.3")
    OccupancyRule.objects.create(business_type="office", min_capacity=1, occupancy_group="B", code_section="IBC 304")
    return SimpleNamespace(
        one_exit=rule("exits", "One exit.", hi=49, quantity=1, section="IFC 1006.2.1"),
        two_exits=rule("exits", "Two exits.", lo=50, hi=500, quantity=2, section="IFC 1006.3.3"),
        a2_no_sprinklers=rule("sprinklers", "Not under 100.", group="A-2", hi=99, required=False),
        a2_sprinklers=rule("sprinklers", "NFPA 13 sprinklers.", group="A-2", lo=100),
        b_no_sprinklers=rule("sprinklers", "Not for B.", group="B", required=False),
        extinguishers=rule("extinguishers", "2-A:10-B:C, one per 3,000 sq ft.", quantity=1, per=3000),
        class_k=rule("extinguishers", "Class K near cooking.", business="restaurant", quantity=1),
        hood=rule("kitchen_suppression", "UL 300 hood system.", business="restaurant", interval=6),
        opening=rule("inspections", "Inspection before opening."),
        a2_annual=rule("inspections", "Annual inspection.", group="A-2", interval=12),
        b_biennial=rule("inspections", "Inspection every two years.", group="B", interval=24),
        a2_alarm=rule("fire_alarm", "Manual fire alarm.", group="A-2", lo=300),
    )


def make_unit(call_sign, unit_type, lat, lon, station="Station 1", status=ResponseUnit.Status.AVAILABLE):
    return ResponseUnit.objects.create(call_sign=call_sign, unit_type=unit_type, station=station,
                                       latitude=Decimal(lat), longitude=Decimal(lon), status=status)


@pytest.fixture
def units(places):
    """Engines near Main St, Oak Ave and the harbor; an ambulance downtown and one out of service; two patrols."""
    return SimpleNamespace(
        e1=make_unit("E-1", "fire_engine", "37.779000", "-122.418500"),
        e2=make_unit("E-2", "fire_engine", "37.773800", "-122.436200", station="Station 2"),
        e3=make_unit("E-3", "fire_engine", "37.794800", "-122.403100", station="Station 3"),
        l1=make_unit("L-1", "ladder_truck", "37.779000", "-122.418500"),
        m1=make_unit("M-1", "ambulance", "37.779000", "-122.418500"),
        m3=make_unit("M-3", "ambulance", "37.794800", "-122.403100", station="Station 3",
                     status=ResponseUnit.Status.OUT_OF_SERVICE),
        p11=make_unit("P-11", "police", "37.778100", "-122.416800", station="Central"),
        p21=make_unit("P-21", "police", "37.789200", "-122.414700", station="Northside"),
    )
