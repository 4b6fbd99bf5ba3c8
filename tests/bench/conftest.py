"""A small generated city shared by a module's tests, rolled back when the module ends.

Loading the demo city and generating a few hundred rows takes a couple of seconds, so a
module builds it once inside an outer transaction; each test runs in a savepoint within
it (pytest-django's `db`), and nothing is left behind for other modules.
"""
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from apps.parking.models import Citation, ParkingFacility

END_DATE = date(2026, 11, 20)
GENERATED = {"citations": 400, "facilities": 6, "applications": 60, "seed": 5}


def generate(**overrides) -> str:
    """Run generate_city with the module's counts (or `overrides`); return what it printed."""
    options = dict(GENERATED, end_date=END_DATE)
    options.update(overrides)
    out = StringIO()
    call_command("generate_city", stdout=out, **options)
    return out.getvalue()


@pytest.fixture(scope="module")
def city(django_db_setup, django_db_blocker):
    """The demo city plus GENERATED rows, for every test of the module that asks."""
    with django_db_blocker.unblock():
        with transaction.atomic():
            call_command("loaddata", "demo", verbosity=0)
            first = {model: (model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
                     for model in (Citation, ParkingFacility)}
            generate()
            yield {"first_citation": first[Citation], "first_facility": first[ParkingFacility], **GENERATED}
            transaction.set_rollback(True)
