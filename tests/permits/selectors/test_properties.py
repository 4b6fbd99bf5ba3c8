"""Property look-up: gazetteer rows, addresses on known streets, district fallback."""
import pytest

from apps.core.errors import ServiceError
from apps.permits.selectors import property_resolve


def test_stored_address(places):
    prop = property_resolve(address=" 123 Oak Street ")
    assert (prop.address, prop.place, prop.place_name, prop.zone) == ("123 Oak Street", places.oak_123, "123 Oak St",
                                                                      "R-1")


def test_an_address_on_a_known_street_takes_the_streets_district(places):
    prop = property_resolve(address="77 Harbor Blvd")
    assert (prop.place, prop.place_name, prop.zone) == (None, "77 Harbor Blvd", "I-1")


def test_a_parking_zone_letter_is_replaced_by_the_streets_district(places):
    assert property_resolve(address="123 Main St").zone == "C-1"


def test_unknown_address_names_property_address(places):
    with pytest.raises(ServiceError) as caught:
        property_resolve(address="9 Nowhere Rd")
    assert caught.value.field == "property_address"
    assert caught.value.code == "unknown_place"
