"""The demo city's environmental data: areas cover the streets, slots count their pickups."""
from django.db.models import Count, Q

from apps.environmental.models import BulkPickup, CollectionAreaStreet, EnvironmentalReport, PickupSlot
from apps.environmental.selectors import collection_area_for
from apps.places.models import Place
from apps.places.normalize import place_key
from apps.places.selectors import place_resolve
from tests.helpers.demo import demo_fixture

demo_environmental = demo_fixture("environmental")


def test_every_gazetteer_street_has_a_collection_area(demo_environmental):
    streets = set(Place.objects.filter(kind=Place.Kind.STREET).values_list("key", flat=True))
    assert streets == set(CollectionAreaStreet.objects.values_list("street_key", flat=True))
    assert all(s.street_key == place_key(s.street_name) for s in CollectionAreaStreet.objects.all())


def test_slots_count_their_live_pickups(demo_environmental):
    slots = PickupSlot.objects.annotate(live=Count("pickups", filter=~Q(pickups__status="cancelled")))
    for slot in slots:
        assert slot.booked == slot.live <= slot.capacity, slot
    for pickup in BulkPickup.objects.select_related("slot", "area"):
        assert (pickup.slot.date, pickup.slot.area) == (pickup.scheduled_for, pickup.area), pickup
        assert pickup.scheduled_for.weekday() == pickup.area.bulk_weekday, pickup
        assert pickup.item_count == len(pickup.items), pickup


def test_pickups_and_reports_are_in_their_area(demo_environmental):
    for pickup in BulkPickup.objects.select_related("area"):
        assert collection_area_for(place=place_resolve(query=pickup.address))[0] == pickup.area, pickup
    assert list(EnvironmentalReport.objects.order_by("reference").values_list("status", flat=True)) == [
        "investigating", "filed", "resolved"]
