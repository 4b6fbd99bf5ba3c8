"""Resolve a property address through the gazetteer and find its zoning district."""
from dataclasses import dataclass

from apps.core.errors import ServiceError
from apps.permits.rules import zone_class
from apps.places.models import Place
from apps.places.normalize import split_address
from apps.places.selectors import place_resolve


@dataclass(frozen=True)
class PropertyInfo:
    """A property as permits need it: the address typed, the gazetteer row, the district."""

    address: str
    place: Place | None  # the stored gazetteer row, None for an address on a known street
    place_name: str
    zone: str  # zoning district such as "R-1"; "" when the gazetteer has none


def property_resolve(*, address: str) -> PropertyInfo:
    """Return the property at `address`; raise ServiceError with suggestions when unknown.

    Some addresses carry a parking-zone letter rather than a zoning district; the
    street's district stands in for them, as parcels take their street's zoning here.
    """
    try:
        place = place_resolve(query=address)
    except ServiceError as error:
        raise ServiceError(error.code, error.message, field="property_address", details=error.details) from None
    zone = place.zone
    if zone_class(zone) is None and place.kind == Place.Kind.ADDRESS:
        number, street_key = split_address(place.address or place.name)
        if number is not None:
            try:
                street = place_resolve(query=street_key)
            except ServiceError:
                street = None
            if street is not None and zone_class(street.zone):
                zone = street.zone
    return PropertyInfo(address=address.strip(), place=place if place.pk else None, place_name=place.name,
                        zone=zone or "")
