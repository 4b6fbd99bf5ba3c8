"""Gazetteer rows for tests that build their own data."""
from decimal import Decimal

from apps.places.models import Place


def place_create(name: str, kind: str, lat: str = "37.780000", lon: str = "-122.420000", *, zone: str = "",
                 **extra) -> Place:
    """Create one place; coordinates default to downtown for tests that do not measure distance."""
    return Place.objects.create(name=name, kind=kind, zone=zone, latitude=Decimal(lat), longitude=Decimal(lon),
                                **extra)
