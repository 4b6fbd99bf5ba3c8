"""Resolve what a resident typed to a place with coordinates."""
import difflib

from apps.core.errors import ServiceError
from apps.places.errors import (
    UNKNOWN_PLACE_HINT,
    UNKNOWN_PLACE_MESSAGE,
    UNKNOWN_PLACE_NO_HINT,
    PlaceErrorCode,
)
from apps.places.models import Place
from apps.places.normalize import place_key, split_address


def place_resolve(*, query: str, field: str = "location") -> Place:
    """Return the place `query` names: an exact name or alias, else an address on a known street.

    An address that is not itself in the gazetteer resolves to its street (same coordinates
    as the street's centre), so "789 Main St" still finds parking near Main St. An unknown
    place is refused naming the argument `field` the caller took it from.
    """
    key = place_key(query)
    place = Place.objects.select_related("alias_of").filter(key=key).first()
    if place is not None:
        return place.alias_of or place
    number, street_key = split_address(query)
    if number is not None:
        street = Place.objects.filter(key=street_key, kind=Place.Kind.STREET).first()
        if street is not None:
            return Place(name=query.strip(), key=key, kind=Place.Kind.ADDRESS, address=query.strip(),
                         zone=street.zone, latitude=street.latitude, longitude=street.longitude)
    suggestions = place_suggestions(query=query)
    raise ServiceError(PlaceErrorCode.UNKNOWN_PLACE, _unknown_place_message(query, suggestions),
                       field=field, details={"suggestions": suggestions})


def place_suggestions(*, query: str, limit: int = 3) -> list[str]:
    """Return the names closest to `query`, for "did you mean" answers."""
    names = list(Place.objects.exclude(kind=Place.Kind.ALIAS).values_list("name", flat=True))
    by_key = {place_key(name): name for name in names}
    close = difflib.get_close_matches(place_key(query), list(by_key), n=limit, cutoff=0.4)
    return [by_key[k] for k in close]


def _unknown_place_message(query: str, suggestions: list[str]) -> str:
    hint = UNKNOWN_PLACE_HINT.format(suggestions=", ".join(suggestions)) if suggestions else UNKNOWN_PLACE_NO_HINT
    return UNKNOWN_PLACE_MESSAGE.format(query=query.strip()) + hint
