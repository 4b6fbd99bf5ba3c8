"""Concurrent variance work: distinct numbers, one application per retried key, one decision.

Real threads with their own database connections against committed data (transactional_db);
the counter row and the variance row locks in apps.zoning.locks are what keep these right.
"""
import pytest
from django.utils import timezone

from apps.core.errors import ServiceError
from apps.zoning.models import Variance, VarianceUpdate
from apps.zoning.services import variance_decide, variance_submit
from tests.concurrency import THREADS, run_together
from tests.zoning.conftest import hearing_held


def submit(index: int, key: str | None = None):
    return variance_submit(property_address="456 Oak Ave", variance_type="fence", description=f"#{index}",
                           applicant="A", actor="t", idempotency_key=key)


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_get_distinct_references(districts):
    results, errors = run_together(submit)
    assert errors == []
    year = timezone.localdate().year
    assert sorted(r.variance.reference for r in results) == [f"VAR-{year}-{n:06d}" for n in range(1, THREADS + 1)]


@pytest.mark.django_db(transaction=True)
def test_concurrent_retries_with_one_key_submit_once(districts):
    results = run_together(lambda i: submit(i, key="same")).results
    assert Variance.objects.count() == 1
    assert sorted(r.replayed for r in results) == [False] + [True] * (THREADS - 1)


@pytest.mark.django_db(transaction=True)
def test_concurrent_opposite_decisions_leave_one(districts):
    reference = submit(0).variance.reference
    hearing_held(reference)
    decisions = ["approved", "denied"] * (THREADS // 2)
    results, errors = run_together(lambda i: variance_decide(reference=reference, decision=decisions[i], actor=f"s{i}"),
                                   allow_errors=True)
    variance = Variance.objects.get()
    winners = [r for r in results if r is not None and r.changed]
    assert len(winners) == 1 and winners[0].variance.status == variance.status
    assert {e.code for e in errors} <= {"already_decided"} and isinstance(errors[0], ServiceError)
    assert len(errors) == THREADS // 2  # the other decision, refused once the first committed
    assert VarianceUpdate.objects.filter(status=variance.status).count() == 1
