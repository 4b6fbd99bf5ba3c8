"""Zoning reads: which district governs an address, how a use is judged there, parking counts."""
import pytest

from apps.core.errors import ServiceError
from apps.zoning.selectors import (
    compliance_check,
    parking_required,
    property_zoning,
    use_verdict,
    variance_get,
    zoning_lookup,
)
from apps.zoning.services import variance_submit
from tests.zoning.conftest import make_parcel, make_rule


def test_an_address_with_a_district_uses_it(districts):
    zoning = property_zoning(property_address="456 Oak Avenue")
    assert (zoning.place.name, zoning.district.code, zoning.source, zoning.parcel) == (
        "456 Oak Ave", "R-1", "address", None)


def test_an_address_with_a_parking_zone_takes_its_streets_district(districts, places):
    assert places.main_123.zone == "A"
    zoning = property_zoning(property_address="123 Main Street")
    assert (zoning.district.code, zoning.source, zoning.street) == ("C-1", "street", "Main St")


def test_an_unlisted_address_on_a_known_street(districts):
    zoning = property_zoning(property_address="145 Main St")
    assert (zoning.place.name, zoning.district.code, zoning.source) == ("145 Main St", "C-1", "street")


def test_a_parcel_decides_over_the_gazetteer(districts):
    make_parcel("APN 1", "123 Main St", districts.c2)
    zoning = property_zoning(property_address="123 main st")
    assert (zoning.district.code, zoning.source, zoning.parcel.parcel_number) == ("C-2", "parcel", "APN 1")


def test_no_district_and_unknown_places_name_the_argument(districts):
    with pytest.raises(ServiceError) as refused:
        property_zoning(property_address="Old Pier")
    assert (refused.value.code, refused.value.field) == ("no_district", "property_address")
    assert refused.value.message == (
        "No zoning district is on file for Old Pier. Give a street address such as \"123 Main St\"; the zoning "
        "office can map parcels the gazetteer does not know.")
    with pytest.raises(ServiceError) as unknown:
        property_zoning(property_address="1 Nowhere Lane")
    assert (unknown.value.code, unknown.value.field) == ("unknown_place", "property_address")


@pytest.mark.parametrize("status, by_right, limit, capacity, expected", [
    ("permitted", 49, 150, 40, ("permitted", "by_right")),
    ("permitted", 49, 150, 49, ("permitted", "by_right")),
    ("permitted", 49, 150, 50, ("conditional", "over_by_right")),
    ("permitted", 49, 150, 150, ("conditional", "over_by_right")),
    ("permitted", 49, 150, 151, ("prohibited", "over_limit")),
    ("permitted", 49, 150, None, ("permitted", "by_right")),
    ("permitted", None, None, 5000, ("permitted", "by_right")),
    ("conditional", None, 100, 80, ("conditional", "conditional_use")),
    ("conditional", None, 100, 101, ("prohibited", "over_limit")),
    ("prohibited", None, None, 10, ("prohibited", "prohibited")),
])
def test_use_verdict(districts, status, by_right, limit, capacity, expected):
    rule = make_rule(districts.c1, "cafe", status=status, by_right=by_right, limit=limit)
    assert use_verdict(rule, capacity=capacity) == expected


def test_a_use_without_a_rule_is_not_listed():
    assert use_verdict(None, capacity=10) == ("prohibited", "not_listed")


@pytest.mark.parametrize("spaces, per, basis, seats, area, expected", [
    ("1.00", 4, "seats", 40, None, 10),
    ("1.00", 4, "seats", 41, None, 11),      # rounded up
    ("1.00", 4, "seats", None, 2000, None),  # seats not given
    ("2.50", 1, "floor_area", None, 2400, 6),
    ("1.00", 2, "floor_area", None, 10000, 5),
    ("2.00", 1, "units", 40, 2000, None),
    ("0.00", 1, "none", 40, None, 0),
])
def test_parking_required(districts, spaces, per, basis, seats, area, expected):
    rule = make_rule(districts.c2, "office", spaces=spaces, per=per, basis=basis)
    assert parking_required(rule, seating_capacity=seats, floor_area_sqft=area) == expected


def test_compliance_check_of_the_seed_restaurant(districts, django_assert_num_queries):
    # place, parcel, district "A" (none), street, its district, the use's rules, an approved parking variance
    with django_assert_num_queries(7):
        check = compliance_check(property_address="123 Main Street", business_type="restaurant",
                                 seating_capacity=40)
    assert (check.status, check.verdict, check.parking_required, check.rule) == (
        "permitted", "by_right", 10, districts.c1_restaurant)
    assert (check.permitted_in, check.conditional_in) == (["C-1", "C-2"], [])


def test_compliance_check_lists_where_a_use_fits_at_that_size(districts):
    check = compliance_check(property_address="456 Oak Ave", business_type="restaurant", seating_capacity=120)
    assert (check.status, check.verdict, check.parking_required) == ("prohibited", "not_listed", None)
    assert (check.permitted_in, check.conditional_in) == (["C-2"], ["C-1"])


def test_zoning_lookup(districts, django_assert_max_num_queries):
    variance_submit(property_address="456 Oak Ave", variance_type="fence", description="6 ft fence",
                    applicant="Jordan Lee", actor="t")
    with django_assert_max_num_queries(6):
        lookup = zoning_lookup(property_address="456 oak ave")
    assert [(r.use, r.status) for r in lookup.rules] == [("single_family", "permitted"), ("office", "prohibited")]
    assert [v.variance_type for v in lookup.variances] == ["fence"]


def test_variance_get_normalizes_and_refuses_unknown(districts):
    reference = variance_submit(property_address="456 Oak Ave", variance_type="fence", description="x",
                                applicant="A", actor="t").variance.reference
    assert variance_get(reference=f" {reference.lower()} ").reference == reference
    with pytest.raises(ServiceError) as refused:
        variance_get(reference="var-2026-999999")
    assert (refused.value.code, refused.value.field) == ("variance_not_found", "reference")
    assert refused.value.message.startswith("No variance application has reference VAR-2026-999999.")
