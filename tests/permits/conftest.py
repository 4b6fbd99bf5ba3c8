"""Permits fixtures: in-process tool calls, a pinned "today", the gazetteer and catalogue rows."""
import datetime as dt
import json
from types import SimpleNamespace
from unittest import mock

import jsonschema
import pytest

from apps.mcp.calls import run_tool
from apps.mcp.registry import registry
from apps.permits.models import Inspector
from apps.places.models import Place
from tests.permits.helpers import _place, make_building_type, make_business_type, make_deck_type


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded documents go to a per-test folder."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def call_tool():
    """Call a permits tool in-process; structured answers are checked against the outputSchema."""
    call = SimpleNamespace(listener="permits", version="2025-11-25", principal=None, client_address="127.0.0.1",
                           request_id="test")

    def run(name: str, arguments: dict):
        tool = registry.find_tool("permits", name)
        result = run_tool(tool, arguments, call)
        if not result.is_error:
            jsonschema.validate(json.loads(json.dumps(result.structured)), tool.output_schema)
        return result

    return run


@pytest.fixture
def frozen_today():
    """Pin the city's "today" (timezone.localdate) for calendar arithmetic."""
    patches = []

    def freeze(day: dt.date):
        patcher = mock.patch("django.utils.timezone.localdate", lambda *args, **kwargs: day)
        patcher.start()
        patches.append(patcher)
        return day

    yield freeze
    for patcher in patches:
        patcher.stop()


@pytest.fixture
def places(db):
    """Streets with zoning districts and addresses, one of them carrying a parking-zone letter."""
    return SimpleNamespace(
        oak=_place("Oak St", Place.Kind.STREET, "R-1"),
        main=_place("Main St", Place.Kind.STREET, "C-1"),
        harbor=_place("Harbor Blvd", Place.Kind.STREET, "I-1"),
        oak_123=_place("123 Oak St", Place.Kind.ADDRESS, "R-1", address="123 Oak St"),
        main_123=_place("123 Main St", Place.Kind.ADDRESS, "A", address="123 Main St"),
        hall=_place("Downtown City Hall", Place.Kind.LANDMARK, "C-1", address="1 City Hall Plaza"),
        park=_place("Central Park", Place.Kind.LANDMARK, "OS"),
    )


@pytest.fixture
def deck_type(db):
    return make_deck_type()


@pytest.fixture
def building_type(db):
    return make_building_type()


@pytest.fixture
def business_type(db):
    return make_business_type()


@pytest.fixture
def inspectors(db):
    return SimpleNamespace(
        maria=Inspector.objects.create(name="Maria Lopez"),
        james=Inspector.objects.create(name="James Chen"),
        retired=Inspector.objects.create(name="Tom Reyes", is_active=False),
    )
