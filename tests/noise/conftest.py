"""Noise test data built by the tests themselves, and a way to call tools in-process.

`call_tool` runs a tool exactly as the MCP endpoint does (argument validation, handler,
output serializer), without a server, so unit tests can count queries.
"""
from datetime import datetime, time
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone

from apps.noise.models import Ordinance
from apps.places.models import Place
from tests.helpers.places import place_create
from tests.helpers.tools import call_tool_fixture


def local(year, month, day, hour=12, minute=0) -> datetime:
    """An aware datetime in the city's time zone."""
    return timezone.make_aware(datetime(year, month, day, hour, minute))


call_tool = call_tool_fixture("noise")


@pytest.fixture
def places(db):
    """A small gazetteer: streets with zoning districts, addresses (one with a parking zone), a landmark."""
    main = place_create("Main St", Place.Kind.STREET, "37.780500", "-122.418600", zone="C-1")
    oak = place_create("Oak Ave", Place.Kind.STREET, "37.775200", "-122.425400", zone="R-1")
    elm = place_create("Elm St", Place.Kind.STREET, "37.784600", "-122.427300", zone="R-2")
    main_123 = place_create("123 Main St", Place.Kind.ADDRESS, "37.780300", "-122.418900", zone="A", address="123 Main St")
    oak_456 = place_create("456 Oak Ave", Place.Kind.ADDRESS, "37.775000", "-122.426100", zone="R-1", address="456 Oak Ave")
    pier = place_create("Old Pier", Place.Kind.LANDMARK, "37.800000", "-122.400000", zone="")
    return SimpleNamespace(main=main, oak=oak, elm=elm, main_123=main_123, oak_456=oak_456, pier=pier)


def make_ordinance(code, zone, noise_type="", start=time(22), end=time(7), weekend_end=None, day_db=55,
                   night_db=45, fine="250.00", prohibited=False, title=None, summary="Rule summary."):
    return Ordinance.objects.create(
        code=code, title=title or f"{zone} {noise_type or 'general'} rule", zone=zone, noise_type=noise_type,
        quiet_hours_start=start, quiet_hours_end=end, weekend_quiet_hours_end=weekend_end, day_limit_db=day_db,
        night_limit_db=night_db, citation_fine=Decimal(fine), prohibited_in_quiet_hours=prohibited, summary=summary)


@pytest.fixture
def ordinances(db):
    """R-1 (general, weekend mornings until 9, plus construction), C-1 and R-2 general rules."""
    return SimpleNamespace(
        r1=make_ordinance("T 1.010", "R-1", weekend_end=time(9), title="Residential noise limits"),
        r1_construction=make_ordinance("T 1.110", "R-1", "construction", start=time(19), day_db=80, fine="500.00",
                                       prohibited=True, title="Construction hours"),
        c1=make_ordinance("T 1.030", "C-1", start=time(23), day_db=65, night_db=55, fine="300.00",
                          title="Commercial noise limits"),
        r2=make_ordinance("T 1.020", "R-2", day_db=60, night_db=50, title="Multi-family noise limits"),
    )
