"""generate_city's arguments and refusals (on an empty database: no demo city loaded)."""
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from apps.business.management.commands.generate_city import scaled
from apps.parking.models import Citation, ParkingFacility
from apps.permits.models import PermitApplication

pytestmark = [pytest.mark.django_db, pytest.mark.timeout(900)]  # big synthetic cities


def test_scale_sets_every_count():
    assert scaled(1_000_000) == {"citations": 1_000_000, "applications": 100_000, "facilities": 200}
    assert scaled(1000) == {"citations": 1000, "applications": 100, "facilities": 0}


@pytest.mark.parametrize("options, message", [
    ({}, "Nothing to generate: give --scale N or --citations/--facilities/--applications."),
    ({"scale": 0}, "Nothing to generate: give --scale N or --citations/--facilities/--applications."),
    ({"citations": -1}, "Counts must be zero or more."),
    ({"scale": 100, "facilities": -5}, "Counts must be zero or more."),
    ({"citations": 10, "years": 0}, "--years must be at least 1."),
    ({"citations": 10}, "The demo city is not loaded: run `python manage.py loaddata demo` first."),
])
def test_refusals_say_what_to_do_and_write_nothing(options, message):
    with pytest.raises(CommandError) as refused:
        call_command("generate_city", **options)
    assert str(refused.value) == message
    assert (Citation.objects.count(), ParkingFacility.objects.count(), PermitApplication.objects.count()) == (0, 0, 0)
