"""find_parking's selector: distances from coordinates, limits, availability, the recommendation."""
from decimal import Decimal

import pytest

from apps.core.errors import ServiceError
from apps.parking.search import facility_search

pytestmark = pytest.mark.django_db


def names(options):
    return [o.facility.name for o in options]


def test_options_by_distance_with_costs(places, facilities):
    search = facility_search(location="Downtown City Hall", duration_minutes=120)
    assert names(search.options) == ["Main St (100 block)", "1st Avenue", "City Center Garage"]
    assert [round(o.distance_miles, 1) for o in search.options] == [0.1, 0.2, 0.3]
    assert [o.cost for o in search.options] == [Decimal("4.00"), Decimal("3.00"), Decimal("5.00")]
    assert search.ruled_out == [] and search.nearest_beyond is None
    rec = search.recommendation
    assert (rec.reason, rec.option.facility.name, rec.closest.facility.name) == (
        "cheapest", "1st Avenue", "Main St (100 block)")


def test_aliases_resolve_to_their_place(places, facilities):
    assert facility_search(location="city hall").place == places.city_hall


def test_a_time_limit_shorter_than_the_stay_rules_a_facility_out(places, facilities):
    search = facility_search(location="Downtown City Hall", duration_minutes=180)
    assert names(search.options) == ["City Center Garage"]
    assert [(o.facility.name, o.ruled_out) for o in search.ruled_out] == [
        ("Main St (100 block)", "time_limit"), ("1st Avenue", "time_limit")]
    assert search.recommendation.reason == "closest_and_cheapest"


def test_a_limit_equal_to_the_stay_is_fine(places, facilities):
    assert "Main St (100 block)" in names(facility_search(location="City Hall", duration_minutes=120).options)


def test_full_facilities_are_ruled_out(places, facilities):
    facilities.main.occupied = facilities.main.capacity
    facilities.main.save()
    search = facility_search(location="Downtown City Hall")
    assert [(o.facility.name, o.ruled_out) for o in search.ruled_out] == [("Main St (100 block)", "full")]
    assert search.recommendation.option.facility.name == "1st Avenue"
    assert search.recommendation.reason == "closest"


def test_parking_type_filters(places, facilities):
    assert names(facility_search(location="City Hall", parking_type="garage").options) == ["City Center Garage"]
    assert names(facility_search(location="City Hall", parking_type="lot").options) == []


def test_inactive_facilities_are_never_offered(places, facilities):
    facilities.garage.is_active = False
    facilities.garage.save()
    assert "City Center Garage" not in names(facility_search(location="City Hall").options)


def test_max_results_keeps_the_nearest(places, facilities):
    assert names(facility_search(location="City Hall", max_results=2).options) == ["Main St (100 block)",
                                                                                     "1st Avenue"]


def test_nothing_nearby_points_to_the_nearest_beyond(places, facilities):
    search = facility_search(location="Harbor Ferry Terminal", parking_type="street")
    assert search.options == [] and search.recommendation is None
    assert search.nearest_beyond.facility.name == "Main St (100 block)"
    assert round(search.nearest_beyond.distance_miles, 1) == 1.4


def test_an_address_on_a_known_street_resolves_to_the_street(places, facilities):
    search = facility_search(location="789 Main Street")
    assert search.place.name == "789 Main Street"
    assert names(search.options)[0] == "Main St (100 block)"


def test_an_unknown_place_suggests_close_names(places, facilities):
    with pytest.raises(ServiceError) as error:
        facility_search(location="Downtown Cty Hal")
    assert error.value.field == "location"
    assert error.value.details["suggestions"][0] == "Downtown City Hall"


def test_search_query_count_is_flat(places, facilities, django_assert_num_queries):
    with django_assert_num_queries(2):  # the place, the facilities
        facility_search(location="Downtown City Hall", duration_minutes=60)


def test_only_the_radius_box_is_read_unless_nothing_there_can_take_the_stay(places, facilities,
                                                                             django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        facility_search(location="Downtown City Hall", duration_minutes=60)
    assert "BETWEEN" in captured.captured_queries[-1]["sql"]  # the box, not the whole city
    with django_assert_num_queries(3):  # the place, the box, then the city for the nearest beyond
        search = facility_search(location="Downtown City Hall", duration_minutes=60, radius_miles=0.01)
    assert search.options == [] and search.nearest_beyond is not None


@pytest.mark.parametrize("radius", [0.05, 0.5, 3.0])
def test_the_box_search_finds_what_reading_every_facility_finds(places, facilities, radius):
    """The same answer as the exact distance to every facility in the city."""
    from apps.parking.models import ParkingFacility
    from apps.places.geo import distance_miles

    search = facility_search(location="Downtown City Hall", radius_miles=radius, max_results=100)
    place = search.place
    expected = sorted((distance_miles(place.latitude, place.longitude, f.latitude, f.longitude), f.pk)
                      for f in ParkingFacility.objects.filter(is_active=True))
    within = [pk for distance, pk in expected if distance <= radius]
    assert sorted(o.facility.pk for o in search.options + search.ruled_out) == sorted(within)
