"""The demo city's noise data is consistent with the rules the services apply."""
from apps.noise.catalogue import Zone
from apps.noise.models import Complaint, Ordinance
from apps.noise.selectors import noise_zone_for_place, ordinance_for, ordinance_in_quiet_hours
from apps.places.models import Place
from apps.places.selectors import place_resolve
from tests.helpers.demo import demo_fixture

demo_noise = demo_fixture("noise")


def test_every_zone_has_a_general_rule(demo_noise):
    assert sorted(Ordinance.objects.filter(noise_type="").values_list("zone", flat=True)) == sorted(Zone.values)


def test_every_gazetteer_zone_is_covered(demo_noise):
    places = Place.objects.exclude(kind=Place.Kind.ALIAS)
    assert {noise_zone_for_place(place=place) for place in places} <= set(Zone.values)


def test_demo_complaints_match_their_ordinance_and_quiet_hours(demo_noise):
    for complaint in Complaint.objects.select_related("location", "ordinance"):
        place = place_resolve(query=complaint.location.name)
        assert complaint.zone == noise_zone_for_place(place=place), complaint
        assert complaint.ordinance == ordinance_for(zone=complaint.zone, noise_type=complaint.noise_type), complaint
        assert complaint.in_quiet_hours == ordinance_in_quiet_hours(ordinance=complaint.ordinance,
                                                                    at=complaint.observed_at), complaint


def test_demo_case_numbers_follow_filing_order(demo_noise):
    numbers = list(Complaint.objects.order_by("filed_at").values_list("case_number", flat=True))
    assert numbers == sorted(numbers)


def test_the_seed_location_resolves_to_a_commercial_zone(demo_noise):
    place = place_resolve(query="123 Main St")
    assert noise_zone_for_place(place=place) == "C-1"
    assert ordinance_for(zone="C-1", noise_type="loud_music").code == "CCMC 8.20.030"
