"""Concurrent outage reports: one outage per event on the ground, each address counted once.

Real threads with their own database connections against committed data (transactional_db);
the per-service lock row (core.KeyedLock, taken in apps.utilities.locks) is what keeps these right.
"""

import pytest
from django.utils import timezone

from apps.core.models import KeyedLock
from apps.utilities.locks import OUTAGE_LOCK_SCOPE
from apps.utilities.models import Outage, OutageReport
from apps.utilities.services import outage_report, service_request_create
from tests.concurrency import THREADS, run_together


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("lock_row_exists", [False, True])
def test_neighbours_reporting_a_new_outage_together_open_one(places, lock_row_exists):
    if lock_row_exists:  # the usual case: the row's lock, not the race to create it, orders the reports
        KeyedLock.objects.create(scope=OUTAGE_LOCK_SCOPE, key="water")
    # Addresses on Oak Ave not in the gazetteer resolve to the street: all within the radius.
    results = run_together(
        lambda i: outage_report(service_type="water", address=f"{100 + i} Oak Ave", actor="t")).results
    outage = Outage.objects.get()
    assert outage.outage_id == f"OUT-{timezone.localdate().year}-0001"
    assert outage.report_count == THREADS == OutageReport.objects.count()
    assert sorted(r.merged for r in results) == [False] + [True] * (THREADS - 1)


@pytest.mark.django_db(transaction=True)
def test_one_address_reporting_twice_at_once_counts_once(places):
    KeyedLock.objects.create(scope=OUTAGE_LOCK_SCOPE, key="electric")
    results = run_together(
        lambda i: outage_report(service_type="electric", address="456 Oak Ave", actor="t")).results
    outage = Outage.objects.get()
    assert (outage.report_count, OutageReport.objects.count()) == (1, 1)
    assert sorted((r.merged, r.duplicate) for r in results) == [(False, False)] + [(True, True)] * (THREADS - 1)


@pytest.mark.django_db(transaction=True)
def test_concurrent_service_requests_get_distinct_references(accounts):
    results = run_together(lambda i: service_request_create(
        account_number="UA-100300", request_type="repair", description=f"#{i}", actor="t")).results
    references = sorted(r.request.reference for r in results)
    year = timezone.localdate().year
    assert references == [f"SR-{year}-{n:06d}" for n in range(1, THREADS + 1)]


@pytest.mark.django_db(transaction=True)
def test_concurrent_retries_with_one_key_open_one_request(accounts):
    results = run_together(lambda i: service_request_create(
        account_number="UA-100300", request_type="repair", description="x", actor="t", idempotency_key="same")).results
    assert len({r.request.pk for r in results}) == 1
    assert sorted(r.replayed for r in results) == [False] + [True] * (THREADS - 1)

