"""The demo city's zoning data is consistent with the rules the services apply."""
from django.utils import timezone

from apps.places.models import Place
from apps.zoning.hearings import hearing_date_for
from apps.zoning.models import District, Parcel, Variance
from apps.zoning.selectors import compliance_check, property_zoning
from tests.helpers.demo import demo_fixture

demo_zoning = demo_fixture("zoning")


def test_every_gazetteer_district_is_on_file(demo_zoning):
    codes = set(District.objects.values_list("code", flat=True))
    zones = set(Place.objects.exclude(kind=Place.Kind.ALIAS).exclude(zone="").values_list("zone", flat=True))
    assert zones - codes == {"A"}  # the parking zone of 123 Main St


def test_the_seed_restaurant_is_permitted_on_main_street(demo_zoning):
    check = compliance_check(property_address="123 Main Street", business_type="restaurant", seating_capacity=40)
    assert (check.zoning.district.code, check.zoning.source, check.status, check.parking_required) == (
        "C-1", "street", "permitted", 10)
    assert (check.rule.capacity_by_right, check.rule.capacity_limit) == (49, 150)


def test_parcels_are_found_by_their_address(demo_zoning):
    for parcel in Parcel.objects.select_related("district"):
        zoning = property_zoning(property_address=parcel.address)
        assert (zoning.parcel, zoning.district) == (parcel, parcel.district), parcel


def test_demo_hearings_follow_the_board_calendar(demo_zoning):
    for variance in Variance.objects.select_related("district"):
        submitted = timezone.localtime(variance.submitted_at).date()
        assert variance.hearing_date == hearing_date_for(submitted, notice_days=21), variance
        assert [u.status for u in variance.updates.all()][0] == "submitted"
        assert variance.district == property_zoning(property_address=variance.property_address).district
