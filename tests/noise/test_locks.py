"""Concurrent filings: numbers stay unique, repeats link to one first case, retries file once.

Real threads with their own database connections, against committed data
(transactional_db), so the row locks in apps.noise.locks are what keeps these right.
"""

import pytest
from django.utils import timezone

from apps.noise.models import Complaint, NoiseLocation
from apps.noise.services import complaint_file
from tests.concurrency import THREADS, run_together


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("location_known", [False, True])
def test_concurrent_first_complaints_about_one_address(places, ordinances, location_known):
    if location_known:  # an address complained about long ago: its row's lock, not its creation, orders filings
        NoiseLocation.objects.create(key="456 oak ave", name="456 Oak Ave", zone="R-1",
                                     latitude=places.oak_456.latitude, longitude=places.oak_456.longitude)
    run_together(lambda i: complaint_file(location="456 Oak Ave", noise_type="party", actor=f"t{i}"))
    complaints = list(Complaint.objects.order_by("case_number"))
    year = timezone.localdate().year
    assert [c.case_number for c in complaints] == [f"NC-{year}-{n:06d}" for n in range(1, THREADS + 1)]
    firsts = [c for c in complaints if c.repeat_of_id is None]
    assert len(firsts) == 1
    assert {c.repeat_of_id for c in complaints if c.repeat_of_id} == {firsts[0].pk}
    location = NoiseLocation.objects.get()
    assert location.complaint_count == THREADS


@pytest.mark.django_db(transaction=True)
def test_concurrent_retries_with_one_key_file_once(places, ordinances):
    filings = run_together(lambda i: complaint_file(location="456 Oak Ave", noise_type="party", actor="t",
                                                    idempotency_key="same-key")).results
    assert Complaint.objects.count() == 1
    assert {f.complaint.case_number for f in filings} == {Complaint.objects.get().case_number}
    assert sorted(f.replayed for f in filings) == [False] + [True] * (THREADS - 1)
