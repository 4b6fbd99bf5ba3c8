"""The demo city's safety data: the seed's restaurant, units consistent with their incidents."""
import math

from apps.places.geo import distance_miles
from apps.safety.catalogue import BusinessType
from apps.safety.models import Dispatch, OccupancyRule, ResponseUnit
from apps.safety.selectors import fire_code_requirements
from tests.helpers.demo import demo_fixture

demo_safety = demo_fixture("safety")


def test_every_business_type_has_an_occupancy_band_from_one(demo_safety):
    for business in BusinessType.values:
        bands = list(OccupancyRule.objects.filter(business_type=business).order_by("min_capacity"))
        assert bands and bands[0].min_capacity == 1 and bands[-1].max_capacity is None, business
        for lower, upper in zip(bands, bands[1:]):
            assert upper.min_capacity == lower.max_capacity + 1, business


def test_the_seed_restaurant(demo_safety):
    check = fire_code_requirements(business_type="restaurant", capacity=40)
    assert check.occupancy.occupancy_group == "B"
    categories = {line.rule.category for line in check.lines}
    assert {"exits", "sprinklers", "fire_alarm", "extinguishers", "kitchen_suppression", "inspections"} <= categories


def test_units_and_dispatches_agree(demo_safety):
    for unit in ResponseUnit.objects.all():
        active = Dispatch.objects.filter(unit=unit, cleared_at__isnull=True).first()
        assert (active.incident if active else None) == unit.current_incident, unit
        assert (unit.status in ("dispatched", "on_scene")) == (active is not None), unit
    for dispatch in Dispatch.objects.select_related("incident", "unit"):
        incident, unit = dispatch.incident, dispatch.unit
        miles = distance_miles(incident.latitude, incident.longitude, unit.latitude, unit.longitude)
        assert str(dispatch.distance_miles) == f"{miles:.2f}", dispatch
        assert dispatch.eta_minutes == max(1, math.ceil(miles / 30 * 60)), dispatch
