"""The shared lock helpers: a missing row names its argument, a held lock makes the next writer wait."""
import time
from importlib import import_module

import pytest
from django.db import transaction

from apps.core.errors import ServiceError
from apps.core.locks import keyed_lock, row_lock
from apps.core.models import KeyedLock
from tests.concurrency import run_together

# Every domain's lock of one record by its public identifier: (module, function, argument, error code).
RECORD_LOCKS = [
    ("permits", "application_lock", "reference", "application_not_found"),
    ("noise", "complaint_lock", "case_number", "complaint_not_found"),
    ("safety", "incident_lock", "reference", "incident_not_found"),
    ("safety", "unit_lock", "call_sign", "unit_not_found"),
    ("utilities", "outage_lock", "outage_id", "outage_not_found"),
    ("utilities", "service_request_lock", "reference", "request_not_found"),
    ("transportation", "road_issue_lock", "reference", "issue_not_found"),
    ("zoning", "variance_lock", "reference", "variance_not_found"),
    ("environmental", "bulk_pickup_lock", "reference", "pickup_not_found"),
    ("environmental", "report_lock", "reference", "report_not_found"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("domain, function, argument, code", RECORD_LOCKS)
def test_locking_a_record_that_does_not_exist_names_the_argument(domain, function, argument, code):
    lock = getattr(import_module(f"apps.{domain}.locks"), function)
    with transaction.atomic(), pytest.raises(ServiceError) as refused:
        lock(**{argument: "XX-1999-000001"})
    assert (refused.value.code, refused.value.field) == (code, argument)
    assert "XX-1999-000001" in refused.value.message


@pytest.mark.django_db(transaction=True)
def test_a_held_row_lock_makes_the_next_writer_wait_until_commit():
    KeyedLock.objects.create(scope="test", key="row")
    holding = 0.5

    def work(index):
        if index == 1:
            time.sleep(0.1)  # let the first writer take the lock
        with transaction.atomic():
            row_lock(KeyedLock.objects, field="key", value="row", code="missing", message="No {key}.")
            locked_at = time.monotonic()
            if index == 0:
                time.sleep(holding)
        return locked_at

    first, second = run_together(work, count=2).results
    assert second - first >= holding - 0.05


@pytest.mark.django_db(transaction=True)
def test_racing_first_writers_of_a_key_create_one_lock_row():
    def work(_):
        with transaction.atomic():
            keyed_lock(scope="test.scope", key="water")

    run_together(work)  # raises if a writer lost the race to create the row
    assert list(KeyedLock.objects.values_list("scope", "key")) == [("test.scope", "water")]
