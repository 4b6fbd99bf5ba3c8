"""Safety writes: incident reports, dispatching the nearest units, arrival, resolution, unit service."""
import pytest
from django.utils import timezone

from apps.core.errors import ServiceError
from apps.events.models import Event
from apps.safety.models import Dispatch, Incident, IncidentUpdate, ResponseUnit
from apps.safety.services import (
    incident_dispatch,
    incident_on_scene,
    incident_report,
    incident_resolve,
    unit_status_set,
)


def year() -> int:
    return timezone.localdate().year


def counts() -> tuple:
    return (Incident.objects.count(), Dispatch.objects.count(), IncidentUpdate.objects.count(),
            Event.objects.count())


def report(incident_type="fire", location="123 Main St", **extra):
    return incident_report(incident_type=incident_type, location=location, description=" Smoke ", actor="t", **extra)


def test_report_records_the_incident_and_announces_it(units):
    incident = report(contact="555-0100").incident
    assert (incident.reference, incident.priority, incident.status, incident.location, incident.description) == (
        f"INC-{year()}-000001", "critical", "reported", "123 Main St", "Smoke")
    assert (incident.contact, incident.reported_by) == ("555-0100", "t")
    event = Event.objects.get()
    assert (event.type, event.domain, event.data) == ("incident.reported", "safety", {
        "reference": incident.reference, "incident_type": "fire", "location": "123 Main St", "priority": "critical"})


def test_priority_given_wins_over_the_default(units):
    assert report("suspicious_activity").incident.priority == "normal"
    assert report("suspicious_activity", priority="high").incident.priority == "high"


def test_unknown_location_writes_nothing(units):
    with pytest.raises(ServiceError) as refused:
        report(location="1 Nowhere Lane")
    assert (refused.value.code, refused.value.field) == ("unknown_place", "location")
    assert counts() == (0, 0, 0, 0)


def test_retried_key_reports_once(units):
    first = report(idempotency_key="call-1")
    again = report(idempotency_key="call-1")
    assert (again.replayed, again.incident.pk) == (True, first.incident.pk)
    assert counts() == (1, 0, 1, 1)


def test_standard_response_sends_the_nearest_units(units):
    reference = report().incident.reference
    result = incident_dispatch(reference=reference.lower(), actor="staff:d")
    assert [(d.unit.call_sign, str(d.distance_miles), d.eta_minutes) for d in result.dispatched] == [
        ("E-1", "0.09", 1), ("L-1", "0.09", 1), ("M-1", "0.09", 1)]
    assert (result.already_assigned, result.unavailable) == ([], [])
    incident = Incident.objects.get()
    assert (incident.status, incident.dispatched_at is not None) == ("dispatched", True)
    assert set(ResponseUnit.objects.filter(status="dispatched").values_list("call_sign", flat=True)) == {
        "E-1", "L-1", "M-1"}
    assert ResponseUnit.objects.get(call_sign="E-1").current_incident == incident
    dispatched = Event.objects.filter(type="unit.dispatched").order_by("id")
    assert [e.data["unit"] for e in dispatched] == ["E-1", "L-1", "M-1"]
    assert dispatched[0].data == {"reference": reference, "incident_reference": reference, "unit": "E-1",
                                  "unit_type": "fire_engine", "distance_miles": "0.09", "eta_minutes": 1}
    assert incident.updates.last().note == ("Dispatched E-1 (0.1 miles, ETA 1 min), L-1 (0.1 miles, ETA 1 min), "
                                            "M-1 (0.1 miles, ETA 1 min).")


def test_dispatching_again_sends_only_what_is_missing(units):
    reference = report().incident.reference
    incident_dispatch(reference=reference, actor="t")
    before = counts()
    again = incident_dispatch(reference=reference, actor="t")
    assert (again.dispatched, [d.unit.call_sign for d in again.already_assigned]) == ([], ["E-1", "L-1", "M-1"])
    assert counts() == before
    more = incident_dispatch(reference=reference, actor="t", unit_types=["fire_engine", "fire_engine"])
    assert [d.unit.call_sign for d in more.dispatched] == ["E-2"]  # one engine is there already; E-2 is next nearest


def test_a_unit_type_nobody_can_fill_is_reported(units):
    reference = report("medical", location="Harbor Blvd").incident.reference
    first = incident_dispatch(reference=reference, actor="t", unit_types=["ambulance", "ambulance", "police"])
    assert [d.unit.call_sign for d in first.dispatched] == ["M-1", "P-21"]  # M-3 is out of service
    assert first.unavailable == ["ambulance"]


def test_no_unit_at_all_is_refused_and_nothing_changes(units):
    reference = report("hazmat").incident.reference
    before = counts()
    with pytest.raises(ServiceError) as refused:
        incident_dispatch(reference=reference, actor="t", unit_types=["hazmat"])
    assert (refused.value.code, refused.value.field) == ("no_units_available", "unit_types")
    assert refused.value.message == (
        f"No hazmat unit is available right now for incident {reference}; nothing was dispatched. Ask a "
        "neighbouring jurisdiction for mutual aid or try again when a unit clears.")
    assert counts() == before
    assert Incident.objects.get().status == "reported"


def test_two_incidents_never_share_a_unit(units):
    first = report("medical").incident.reference
    second = report("medical", location="456 Oak Ave").incident.reference
    assert [d.unit.call_sign for d in incident_dispatch(reference=first, actor="t").dispatched] == ["M-1"]
    with pytest.raises(ServiceError):
        incident_dispatch(reference=second, actor="t")


def test_on_scene_then_resolve_frees_the_units(units):
    reference = report().incident.reference
    with pytest.raises(ServiceError) as early:
        incident_on_scene(reference=reference, actor="t")
    assert early.value.message == f"Incident {reference} is reported and cannot move to on scene."
    incident_dispatch(reference=reference, actor="t")
    assert incident_on_scene(reference=reference, actor="t").changed is True
    assert set(ResponseUnit.objects.filter(status="on_scene").values_list("call_sign", flat=True)) == {
        "E-1", "L-1", "M-1"}
    resolved = incident_resolve(reference=reference, actor="t", note="Kitchen fire out.")
    incident = Incident.objects.get()
    assert (resolved.changed, incident.status, incident.resolution_note) == (True, "resolved", "Kitchen fire out.")
    assert not Dispatch.objects.filter(cleared_at__isnull=True).exists()
    assert ResponseUnit.objects.filter(status="available").count() == 7
    assert incident_resolve(reference=reference, actor="t").changed is False
    with pytest.raises(ServiceError) as closed:
        incident_dispatch(reference=reference, actor="t")
    assert closed.value.code == "incident_resolved"


def test_unit_service_status(units):
    assert unit_status_set(call_sign="m-3", status="available", actor="t").status == "available"
    reference = report("crime").incident.reference
    incident_dispatch(reference=reference, actor="t")
    with pytest.raises(ServiceError) as refused:
        unit_status_set(call_sign="P-11", status="out_of_service", actor="t")
    assert refused.value.message == (f"P-11 is assigned to incident {reference}; resolve the incident (or clear the "
                                     "unit from it) first.")
    with pytest.raises(ServiceError) as unknown:
        unit_status_set(call_sign="Z-9", status="available", actor="t")
    assert unknown.value.code == "unit_not_found"


def test_each_status_move_emits_one_event_and_a_second_dispatch_none(units):
    reference = report().incident.reference
    incident_dispatch(reference=reference, actor="t", unit_types=["fire_engine"])
    incident_dispatch(reference=reference, actor="t", unit_types=["fire_engine", "fire_engine"])  # still dispatched
    incident_on_scene(reference=reference, actor="t")
    incident_resolve(reference=reference, actor="t")
    incident_resolve(reference=reference, actor="t")
    moves = Event.objects.filter(type="incident.status_changed").order_by("id")
    assert [(e.domain, e.data) for e in moves] == [
        ("safety", {"reference": reference, "incident_type": "fire", "old_status": old, "status": new})
        for old, new in [("reported", "dispatched"), ("dispatched", "on_scene"), ("on_scene", "resolved")]]
