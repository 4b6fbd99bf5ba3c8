"""Turn GeoReport's `lat`/`long` into the place the filing tools take: the gazetteer's nearest.

The tools resolve places by name (apps.places); a 311 app sends coordinates, so the
nearest known place within NEAREST_MILES stands for them, or the request is refused
asking for an `address_string`.
"""
from apps.places.geo import bounding_box, distance_miles
from apps.places.models import Place

NEAREST_MILES = 0.25


def place_nearest(*, latitude: float, longitude: float) -> Place | None:
    south, north, west, east = bounding_box(latitude, longitude, NEAREST_MILES)
    candidates = (Place.objects.exclude(kind=Place.Kind.ALIAS)
                  .filter(latitude__gte=south, latitude__lte=north, longitude__gte=west, longitude__lte=east))
    scored = [(distance_miles(latitude, longitude, place.latitude, place.longitude), place.id, place)
              for place in candidates]
    scored = [entry for entry in scored if entry[0] <= NEAREST_MILES]
    return min(scored)[2] if scored else None
