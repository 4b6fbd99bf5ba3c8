"""Permits fixtures: in-process tool calls, a pinned "today", the gazetteer and catalogue rows."""
import datetime as dt
from types import SimpleNamespace
from unittest import mock

import pytest

from apps.permits.models import Inspector
from apps.places.models import Place
from tests.helpers.places import place_create
from tests.helpers.tools import call_tool_fixture
from tests.permits.helpers import make_building_type, make_business_type, make_deck_type


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded documents go to a per-test folder."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


call_tool = call_tool_fixture("permits")


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
        oak=place_create("Oak St", Place.Kind.STREET, zone="R-1"),
        main=place_create("Main St", Place.Kind.STREET, zone="C-1"),
        harbor=place_create("Harbor Blvd", Place.Kind.STREET, zone="I-1"),
        oak_123=place_create("123 Oak St", Place.Kind.ADDRESS, zone="R-1", address="123 Oak St"),
        main_123=place_create("123 Main St", Place.Kind.ADDRESS, zone="A", address="123 Main St"),
        hall=place_create("Downtown City Hall", Place.Kind.LANDMARK, zone="C-1", address="1 City Hall Plaza"),
        park=place_create("Central Park", Place.Kind.LANDMARK, zone="OS"),
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


@pytest.fixture
def clock_at(settings):
    """Move the city's clock to another day (civicmind.clock), putting it back after the test.

    Unlike `frozen_today`, every date computed from `timezone.now()` moves with it, so a
    record made "today" keeps its date when the clock is later moved past its deadlines.
    """
    from django.utils import timezone

    from civicmind.clock import clock_shift_to

    saved = timezone.now

    def move(day: dt.date) -> dt.date:
        clock_shift_to(day, settings.TIME_ZONE)
        return day

    yield move
    timezone.now = saved
