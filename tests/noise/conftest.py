"""Noise test data built by the tests themselves, and a way to call tools in-process.

`call_tool` runs a tool exactly as the MCP endpoint does (argument validation, handler,
output serializer), without a server, so unit tests can count queries.
"""
import json
from datetime import datetime, time
from decimal import Decimal
from types import SimpleNamespace

import jsonschema
import pytest
from django.utils import timezone

from apps.mcp.calls import run_tool
from apps.mcp.registry import registry
from apps.noise.models import Ordinance
from apps.places.models import Place


def local(year, month, day, hour=12, minute=0) -> datetime:
    """An aware datetime in the city's time zone."""
    return timezone.make_aware(datetime(year, month, day, hour, minute))


@pytest.fixture
def call_tool():
    """Call a noise tool in-process; return the ToolResult (structured checked against outputSchema)."""
    call = SimpleNamespace(listener="noise", version="2025-11-25", principal=None, client_address="127.0.0.1",
                           request_id="test")

    def run(name: str, arguments: dict, domain: str = "noise"):
        tool = registry.find_tool(domain, name)
        result = run_tool(tool, arguments, call)
        if not result.is_error:
            jsonschema.validate(json.loads(json.dumps(result.structured)), tool.output_schema)
        return result

    return run


def _place(name, kind, zone, lat, lon, **extra):
    return Place.objects.create(name=name, kind=kind, zone=zone, latitude=Decimal(lat), longitude=Decimal(lon),
                                **extra)


@pytest.fixture
def places(db):
    """A small gazetteer: streets with zoning districts, addresses (one with a parking zone), a landmark."""
    main = _place("Main St", Place.Kind.STREET, "C-1", "37.780500", "-122.418600")
    oak = _place("Oak Ave", Place.Kind.STREET, "R-1", "37.775200", "-122.425400")
    elm = _place("Elm St", Place.Kind.STREET, "R-2", "37.784600", "-122.427300")
    main_123 = _place("123 Main St", Place.Kind.ADDRESS, "A", "37.780300", "-122.418900", address="123 Main St")
    oak_456 = _place("456 Oak Ave", Place.Kind.ADDRESS, "R-1", "37.775000", "-122.426100", address="456 Oak Ave")
    pier = _place("Old Pier", Place.Kind.LANDMARK, "", "37.800000", "-122.400000")
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
