"""Safety reads: occupancy bands, fire-code rules by capacity, units by distance."""
import pytest

from apps.core.errors import ServiceError
from apps.safety.selectors import (
    eta_minutes,
    fire_code_requirements,
    occupancy_rule_for,
    rule_quantity,
    unit_list,
    unit_search,
    units_nearest_available,
)


@pytest.mark.parametrize("capacity, group", [(1, "B"), (49, "B"), (50, "A-2"), (5000, "A-2")])
def test_occupancy_band_by_capacity(fire_code, capacity, group):
    assert occupancy_rule_for(business_type="restaurant", capacity=capacity).occupancy_group == group


def test_no_occupancy_rule(fire_code):
    with pytest.raises(ServiceError) as refused:
        occupancy_rule_for(business_type="hotel", capacity=10)
    assert (refused.value.code, refused.value.field) == ("no_occupancy_rule", "business_type")
    assert refused.value.message == ("The fire code on file has no occupancy classification for hotel with 10 "
                                     "occupants. Call the Fire Marshal's office for a determination.")


@pytest.mark.parametrize("capacity, expected", [
    (40, ["one_exit", "b_no_sprinklers", "extinguishers", "class_k", "hood", "opening", "b_biennial"]),
    (60, ["two_exits", "a2_no_sprinklers", "extinguishers", "class_k", "hood", "opening", "a2_annual"]),
    (320, ["two_exits", "a2_sprinklers", "a2_alarm", "extinguishers", "class_k", "hood", "opening", "a2_annual"]),
])
def test_rules_by_capacity_in_category_order(fire_code, capacity, expected, django_assert_num_queries):
    names = {rule.pk: name for name, rule in vars(fire_code).items()}
    with django_assert_num_queries(2):
        check = fire_code_requirements(business_type="restaurant", capacity=capacity)
    assert [names[line.rule.pk] for line in check.lines] == expected


def test_office_gets_no_restaurant_rules(fire_code):
    check = fire_code_requirements(business_type="office", capacity=40)
    assert all(line.rule.business_type == "" for line in check.lines)


@pytest.mark.parametrize("area, expected", [(None, 1), (2000, 1), (3000, 1), (3001, 2), (9500, 4)])
def test_extinguishers_by_floor_area(fire_code, area, expected):
    assert rule_quantity(fire_code.extinguishers, floor_area_sqft=area) == expected


@pytest.mark.parametrize("miles, minutes", [(0.0, 1), (0.4, 1), (0.51, 2), (1.5, 3), (10, 20)])
def test_eta_at_thirty_miles_an_hour(miles, minutes):
    assert eta_minutes(miles) == minutes


def test_nearest_available_per_type(units, places):
    found = units_nearest_available(latitude=places.oak_456.latitude, longitude=places.oak_456.longitude,
                                    unit_types=["fire_engine", "ambulance", "hazmat"])
    assert [(item.unit.call_sign, round(item.distance_miles, 2)) for item in found] == [("E-1", 0.5),
                                                                                      ("M-1", 0.5)]


def test_unit_list_and_search(units, django_assert_num_queries):
    assert [item.unit.call_sign for item in unit_list(status="available", unit_type="police")] == ["P-11", "P-21"]
    with django_assert_num_queries(2):
        place, found = unit_search(near="456 Oak Ave", unit_type="fire_engine")
    assert (place.name, [item.unit.call_sign for item in found]) == ("456 Oak Ave", ["E-1", "E-2", "E-3"])
    with pytest.raises(ServiceError) as refused:
        unit_search(near="Nowhere Lane")
    assert (refused.value.code, refused.value.field) == ("unknown_place", "near")
