"""Noise reads: which zone's rules apply where, which rule applies to what, and complaints."""
from datetime import time

import pytest
from django.utils import timezone

from apps.core.errors import ServiceError
from apps.noise.selectors import (
    case_number_normalize,
    complaint_get,
    complaint_list,
    noise_zone_for_place,
    ordinance_check,
    ordinance_for,
    ordinance_list,
)
from apps.noise.services import complaint_file, complaint_status_update, enforcement_action_issue
from apps.places.models import Place
from tests.noise.conftest import local, make_ordinance


def test_zone_of_an_address_with_a_zoning_district(places):
    assert noise_zone_for_place(place=places.oak_456) == "R-1"


def test_zone_of_an_address_with_a_parking_zone_comes_from_its_street(places):
    assert places.main_123.zone == "A"
    assert noise_zone_for_place(place=places.main_123) == "C-1"


def test_zone_of_an_unlisted_address_on_a_known_street(places):
    unlisted = Place(name="900 Elm St", kind=Place.Kind.ADDRESS, zone="R-2", latitude=0, longitude=0)
    assert noise_zone_for_place(place=unlisted) == "R-2"


def test_zone_unknown_for_a_landmark_without_one(places):
    assert noise_zone_for_place(place=places.pier) == ""


def test_ordinance_for_prefers_the_specific_rule(ordinances):
    assert ordinance_for(zone="R-1", noise_type="construction") == ordinances.r1_construction
    assert ordinance_for(zone="R-1", noise_type="loud_music") == ordinances.r1
    assert ordinance_for(zone="C-1", noise_type="construction") == ordinances.c1
    assert ordinance_for(zone="I-1", noise_type="loud_music") is None
    assert ordinance_for(zone="", noise_type="loud_music") is None


def test_ordinance_list_by_zone_general_first(ordinances):
    assert list(ordinance_list(zone="R-1")) == [ordinances.r1, ordinances.r1_construction]
    assert len(ordinance_list()) == 4


def test_ordinance_check_at_a_quiet_moment(places, ordinances):
    check = ordinance_check(location="456 Oak Avenue", at=local(2026, 11, 21, 8, 30))  # Saturday morning
    assert (check.place, check.zone, check.general, check.specific) == (
        places.oak_456, "R-1", ordinances.r1, [ordinances.r1_construction])
    assert check.in_quiet_hours is True
    assert check.at.isoformat() == "2026-11-21T08:30:00-08:00"


def test_ordinance_check_outside_quiet_hours(places, ordinances):
    assert ordinance_check(location="456 Oak Ave", at=local(2026, 11, 23, 8, 30)).in_quiet_hours is False


def test_ordinance_check_without_a_zone_is_refused(places, ordinances):
    with pytest.raises(ServiceError) as refused:
        ordinance_check(location="Old Pier")
    assert refused.value.code == "no_ordinance"
    assert refused.value.message == ("No noise ordinance is on file for Old Pier (zone unknown). Call the noise "
                                     "line for the city-wide rules.")


def test_ordinance_check_of_an_unknown_place_suggests_names(places, ordinances):
    with pytest.raises(ServiceError) as refused:
        ordinance_check(location="456 Oak Avenu")
    assert refused.value.code == "unknown_place"
    assert refused.value.field == "location"


def test_case_number_normalize():
    assert case_number_normalize("  nc-2026-000123 ") == "NC-2026-000123"


def test_complaint_get_unknown_number(db):
    with pytest.raises(ServiceError) as refused:
        complaint_get(case_number="nc-2026-999999")
    assert refused.value.code == "complaint_not_found"
    assert refused.value.message == (
        "No noise complaint has case number NC-2026-999999. Case numbers look like NC-2026-000123; check the "
        "confirmation you received when the complaint was filed.")


def _busy_complaint(places, ordinances):
    first = complaint_file(location="456 Oak Ave", noise_type="party", actor="t").complaint
    for _ in range(3):
        complaint_file(location="456 Oak Ave", noise_type="loud_music", actor="t")
    complaint_status_update(case_number=first.case_number, status="assigned", actor="t")
    for _ in range(2):
        enforcement_action_issue(case_number=first.case_number, kind="warning", actor="t")
    return first


def test_complaint_get_reads_everything_in_a_fixed_number_of_queries(places, ordinances,
                                                                     django_assert_num_queries):
    first = _busy_complaint(places, ordinances)
    with django_assert_num_queries(4):  # complaint+joins, updates, actions, repeats
        complaint = complaint_get(case_number=first.case_number)
        assert len(complaint.updates.all()) == 7  # filed, 3 repeat notes, assigned, 2 warnings
        assert len(complaint.enforcement_actions.all()) == 2
        assert [c.case_number for c in complaint.repeats.all()] == [
            f"NC-{timezone.localdate().year}-{n:06d}" for n in (2, 3, 4)]
        assert complaint.location.name == "456 Oak Ave"
        assert complaint.ordinance == ordinances.r1


def test_complaint_list_filters(places, ordinances):
    first = _busy_complaint(places, ordinances)
    assert list(complaint_list(status="assigned")) == [first]
    assert complaint_list(location_key="456 oak ave").count() == 4
    assert complaint_list(location_key="123 main st").count() == 0


def test_ordinance_window_used_by_check_is_the_general_rule(places, db):
    make_ordinance("X 1", "R-1", start=time(20), end=time(6))
    make_ordinance("X 2", "R-1", "construction", start=time(18), end=time(8), prohibited=True)
    check = ordinance_check(location="456 Oak Ave", at=local(2026, 11, 23, 19, 0))
    assert check.in_quiet_hours is False  # 7 PM: construction is off, but the general window starts at 8
