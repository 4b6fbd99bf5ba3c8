"""Concurrent road issue reports: one issue per pothole, each place counted once.

Real threads with their own database connections against committed data (transactional_db);
the per-type lock row in apps.transportation.locks is what keeps these right.
"""

import pytest

from apps.core.models import KeyedLock
from apps.transportation.locks import ROAD_ISSUE_LOCK_SCOPE
from apps.transportation.models import RoadIssue, RoadIssueReport
from apps.transportation.services import road_issue_report
from tests.concurrency import THREADS, run_together


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("lock_row_exists", [False, True])
def test_neighbours_reporting_one_pothole_together_open_one_issue(places, lock_row_exists):
    if lock_row_exists:
        KeyedLock.objects.create(scope=ROAD_ISSUE_LOCK_SCOPE, key="pothole")
    results = run_together(lambda i: road_issue_report(issue_type="pothole", location=f"{400 + i} Oak Ave",
                                                       actor="t")).results
    issue = RoadIssue.objects.get()
    assert issue.report_count == THREADS == RoadIssueReport.objects.count()
    assert sorted(r.merged for r in results) == [False] + [True] * (THREADS - 1)


@pytest.mark.django_db(transaction=True)
def test_one_place_reporting_twice_at_once_counts_once(places):
    results = run_together(
        lambda i: road_issue_report(issue_type="streetlight", location="456 Oak Ave", actor="t")).results
    assert (RoadIssue.objects.get().report_count, RoadIssueReport.objects.count()) == (1, 1)
    assert sorted(r.duplicate for r in results) == [False] * 1 + [True] * (THREADS - 1)
