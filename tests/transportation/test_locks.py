"""Concurrent road issue reports: one issue per pothole, each place counted once.

Real threads with their own database connections against committed data (transactional_db);
the per-type lock row in apps.transportation.locks is what keeps these right.
"""
import threading

import pytest
from django.db import connection

from apps.transportation.models import RoadIssue, RoadIssueLock, RoadIssueReport
from apps.transportation.services import road_issue_report

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
def test_neighbours_reporting_one_pothole_together_open_one_issue(places, lock_row_exists):
    if lock_row_exists:
        RoadIssueLock.objects.create(issue_type="pothole")
    results = run_together(lambda i: road_issue_report(issue_type="pothole", location=f"{400 + i} Oak Ave",
                                                       actor="t"))
    issue = RoadIssue.objects.get()
    assert issue.report_count == THREADS == RoadIssueReport.objects.count()
    assert sorted(r.merged for r in results) == [False] + [True] * (THREADS - 1)


@pytest.mark.django_db(transaction=True)
def test_one_place_reporting_twice_at_once_counts_once(places):
    results = run_together(lambda i: road_issue_report(issue_type="streetlight", location="456 Oak Ave", actor="t"))
    assert (RoadIssue.objects.get().report_count, RoadIssueReport.objects.count()) == (1, 1)
    assert sorted(r.duplicate for r in results) == [False] * 1 + [True] * (THREADS - 1)
