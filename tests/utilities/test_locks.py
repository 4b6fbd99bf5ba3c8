"""Concurrent outage reports: one outage per event on the ground, each address counted once.

Real threads with their own database connections against committed data (transactional_db);
the per-service lock row in apps.utilities.locks is what keeps these right.
"""
import threading

import pytest
from django.db import connection
from django.utils import timezone

from apps.utilities.models import Outage, OutageLock, OutageReport
from apps.utilities.services import outage_report, service_request_create

THREADS = 6


def run_together(work, count=THREADS) -> list:
    barrier = threading.Barrier(count)
    results, errors = [None] * count, []

    def worker(index):
        try:
            barrier.wait(timeout=10)
            results[index] = work(index)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    return results


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("lock_row_exists", [False, True])
def test_neighbours_reporting_a_new_outage_together_open_one(places, lock_row_exists):
    if lock_row_exists:  # the usual case: the row's lock, not the race to create it, orders the reports
        OutageLock.objects.create(service_type="water")
    # Addresses on Oak Ave not in the gazetteer resolve to the street: all within the radius.
    results = run_together(lambda i: outage_report(service_type="water", address=f"{100 + i} Oak Ave", actor="t"))
    outage = Outage.objects.get()
    assert outage.outage_id == f"OUT-{timezone.localdate().year}-0001"
    assert outage.report_count == THREADS == OutageReport.objects.count()
    assert sorted(r.merged for r in results) == [False] + [True] * (THREADS - 1)


@pytest.mark.django_db(transaction=True)
def test_one_address_reporting_twice_at_once_counts_once(places):
    OutageLock.objects.create(service_type="electric")
    results = run_together(lambda i: outage_report(service_type="electric", address="456 Oak Ave", actor="t"))
    outage = Outage.objects.get()
    assert (outage.report_count, OutageReport.objects.count()) == (1, 1)
    assert sorted((r.merged, r.duplicate) for r in results) == [(False, False)] + [(True, True)] * (THREADS - 1)


@pytest.mark.django_db(transaction=True)
def test_concurrent_service_requests_get_distinct_references(accounts):
    results = run_together(lambda i: service_request_create(
        account_number="UA-100300", request_type="repair", description=f"#{i}", actor="t"))
    references = sorted(r.request.reference for r in results)
    year = timezone.localdate().year
    assert references == [f"SR-{year}-{n:06d}" for n in range(1, THREADS + 1)]


@pytest.mark.django_db(transaction=True)
def test_concurrent_retries_with_one_key_open_one_request(accounts):
    results = run_together(lambda i: service_request_create(
        account_number="UA-100300", request_type="repair", description="x", actor="t", idempotency_key="same"))
    assert len({r.request.pk for r in results}) == 1
    assert sorted(r.replayed for r in results) == [False] + [True] * (THREADS - 1)

