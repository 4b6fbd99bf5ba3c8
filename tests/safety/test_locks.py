"""Concurrent dispatches: two incidents never take the same unit; one incident is served once.

Real threads with their own database connections against committed data (transactional_db);
the incident and unit row locks in apps.safety.locks are what keep these right.
"""
from collections import Counter

import pytest

from apps.core.errors import ServiceError
from apps.events.models import Event
from apps.safety.models import Dispatch, ResponseUnit
from apps.safety.services import incident_dispatch, incident_report
from tests.safety.conftest import make_unit
from tests.concurrency import THREADS, run_together


@pytest.mark.django_db(transaction=True)
def test_concurrent_dispatches_to_different_incidents_never_share_a_unit(units):
    for n in range(2, 5):
        make_unit(f"M-{n + 10}", "ambulance", "37.78", "-122.42")  # four ambulances in all for six incidents
    references = [incident_report(incident_type="medical", location="123 Main St", description=f"#{i}",
                                  actor="t").incident.reference for i in range(THREADS)]
    results, errors = run_together(lambda i: incident_dispatch(reference=references[i], actor="t"),
                                   allow_errors=True)
    sent = [d.unit_id for r in results if r for d in r.dispatched]
    assert len(sent) == len(set(sent)) == 4
    assert sorted(e.code for e in errors) == ["no_units_available"] * 2
    assert all(isinstance(e, ServiceError) for e in errors)
    assert ResponseUnit.objects.filter(unit_type="ambulance", status="dispatched").count() == 4
    assert Event.objects.filter(type="unit.dispatched").count() == 4


@pytest.mark.django_db(transaction=True)
def test_concurrent_dispatches_of_one_incident_send_its_response_once(units):
    reference = incident_report(incident_type="fire", location="123 Main St", description="x",
                                actor="t").incident.reference
    results = run_together(lambda i: incident_dispatch(reference=reference, actor=f"d{i}")).results
    assert sorted(len(r.dispatched) for r in results) == [0] * (THREADS - 1) + [3]
    assert Counter(Dispatch.objects.values_list("unit__call_sign", flat=True)) == Counter(["E-1", "L-1", "M-1"])
    assert Event.objects.filter(type="unit.dispatched").count() == 3
