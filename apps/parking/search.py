"""Find parking near a place: distance, availability, limits and cost, then a recommendation.

A selector (read only). Distances are great-circle miles from apps.places.geo between the
resolved place and each facility's coordinates; a facility whose time limit is shorter
than the stay, or that is full, is ruled out and said so. Only facilities inside the
radius's bounding box are read (an indexed range in SQL, then the exact distance); the
whole city is read only when none of them can take the stay, to name the nearest beyond.
"""
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from apps.parking.models import ParkingFacility
from apps.parking.selectors import facility_cost
from apps.places.geo import bounding_box, distance_miles
from apps.places.models import Place
from apps.places.selectors import place_resolve

DEFAULT_RADIUS_MILES = 0.5
KIND_ORDER = (ParkingFacility.Kind.STREET, ParkingFacility.Kind.GARAGE, ParkingFacility.Kind.LOT)
ANY = "any"
MICRODEGREE = Decimal("0.000001")


@dataclass(frozen=True)
class FacilityOption:
    """One facility as seen from the searched place."""

    facility: ParkingFacility
    distance_miles: float
    cost: Decimal | None  # for the requested stay; None when no duration was given
    ruled_out: str | None = None  # why it cannot be used, if it cannot


@dataclass(frozen=True)
class Recommendation:
    """The option to suggest, and the numbers behind the choice."""

    option: FacilityOption
    reason: str  # closest_and_cheapest | cheapest | closest
    closest: FacilityOption
    cheapest: FacilityOption | None


@dataclass(frozen=True)
class ParkingSearch:
    place: Place
    parking_type: str
    duration_minutes: int | None
    radius_miles: float
    options: list  # usable options, nearest first, at most max_results
    ruled_out: list  # within reach but unusable for this stay
    nearest_beyond: FacilityOption | None  # the nearest usable one past the radius, when none is within
    recommendation: Recommendation | None


def _ruled_out_reason(facility: ParkingFacility, duration_minutes: int | None) -> str | None:
    if facility.spaces_available <= 0:
        return "full"
    limit = facility.time_limit_minutes
    if duration_minutes is not None and limit is not None and limit < duration_minutes:
        return "time_limit"
    return None


def _recommend(options: list, duration_minutes: int | None) -> Recommendation | None:
    if not options:
        return None
    closest = min(options, key=lambda o: (o.distance_miles, o.facility.pk))
    if duration_minutes is None:
        return Recommendation(option=closest, reason="closest", closest=closest, cheapest=None)
    cheapest = min(options, key=lambda o: (o.cost, o.distance_miles, o.facility.pk))
    if cheapest.cost == closest.cost:
        return Recommendation(option=closest, reason="closest_and_cheapest", closest=closest, cheapest=closest)
    return Recommendation(option=cheapest, reason="cheapest", closest=closest, cheapest=cheapest)


def _degrees(value: float, rounding: str) -> Decimal:
    """The column's precision (6 places), rounded outwards so the box only grows."""
    return Decimal(value).quantize(MICRODEGREE, rounding=rounding)


def _options(facilities, place: Place, duration_minutes: int | None) -> list:
    options = []
    for facility in facilities:
        distance = distance_miles(place.latitude, place.longitude, facility.latitude, facility.longitude)
        cost = facility_cost(facility, minutes=duration_minutes) if duration_minutes is not None else None
        options.append(FacilityOption(facility=facility, distance_miles=distance, cost=cost,
                                      ruled_out=_ruled_out_reason(facility, duration_minutes)))
    return options


def facility_search(*, location: str, parking_type: str = ANY, duration_minutes: int | None = None,
                    max_results: int = 5, radius_miles: float = DEFAULT_RADIUS_MILES) -> ParkingSearch:
    """Return the parking options near `location` for a stay of `duration_minutes`."""
    place = place_resolve(query=location)
    kinds = KIND_ORDER if parking_type == ANY else (parking_type,)
    facilities = ParkingFacility.objects.filter(is_active=True, kind__in=list(kinds)).order_by("pk")
    min_lat, max_lat, min_lon, max_lon = bounding_box(place.latitude, place.longitude, radius_miles)
    boxed = facilities.filter(latitude__range=(_degrees(min_lat, ROUND_FLOOR), _degrees(max_lat, ROUND_CEILING)),
                              longitude__range=(_degrees(min_lon, ROUND_FLOOR), _degrees(max_lon, ROUND_CEILING)))
    near = [o for o in _options(boxed, place, duration_minutes) if o.distance_miles <= radius_miles]
    near.sort(key=lambda o: (o.distance_miles, o.facility.pk))
    usable = [o for o in near if o.ruled_out is None][:max_results]
    ruled_out = [o for o in near if o.ruled_out is not None][:max_results]
    nearest_beyond = None
    if not usable:
        beyond = sorted((o for o in _options(facilities, place, duration_minutes)
                         if o.distance_miles > radius_miles and o.ruled_out is None),
                        key=lambda o: (o.distance_miles, o.facility.pk))
        nearest_beyond = beyond[0] if beyond else None
    return ParkingSearch(place=place, parking_type=parking_type, duration_minutes=duration_minutes,
                         radius_miles=radius_miles, options=usable, ruled_out=ruled_out,
                         nearest_beyond=nearest_beyond, recommendation=_recommend(usable, duration_minutes))
