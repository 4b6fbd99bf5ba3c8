"""Writes for safety: incident reports, dispatching units, and the incident's end, each atomic."""
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.core.errors import ServiceError
from apps.core.status_machine import StatusMachine
from apps.core.wording import miles_text
from apps.events.services import event_emit
from apps.safety.catalogue import DEFAULT_PRIORITY, DEFAULT_RESPONSE, IncidentType, UnitType, label_of
from apps.safety.errors import (
    INCIDENT_RESOLVED_MESSAGE,
    INVALID_TRANSITION_MESSAGE,
    NO_UNITS_AVAILABLE_MESSAGE,
    UNIT_ON_CALL_MESSAGE,
    SafetyErrorCode,
)
from apps.safety.locks import incident_lock, reference_allocate, unit_lock, units_available_lock
from apps.safety.models import Dispatch, Incident, IncidentUpdate, ResponseUnit
from apps.safety.selectors import eta_minutes, location_resolve, reference_normalize, unit_distance

DOMAIN = "safety"

# Where an incident may go next: units arrive only after a dispatch; it may be resolved while open.
INCIDENT_TRANSITIONS = {
    Incident.Status.REPORTED: (Incident.Status.DISPATCHED, Incident.Status.RESOLVED),
    Incident.Status.DISPATCHED: (Incident.Status.ON_SCENE, Incident.Status.RESOLVED),
    Incident.Status.ON_SCENE: (Incident.Status.RESOLVED,),
    Incident.Status.RESOLVED: (),
}
INCIDENT_STATUS = StatusMachine(
    transitions=INCIDENT_TRANSITIONS, error_code=SafetyErrorCode.INVALID_TRANSITION, timeline=IncidentUpdate,
    domain=DOMAIN, event="incident.status_changed", emit=event_emit,
    event_data=lambda incident, old_status, status: {
        "reference": incident.reference, "incident_type": incident.incident_type, "old_status": old_status,
        "status": status},
)


@dataclass
class IncidentReport:
    incident: Incident
    replayed: bool = False


@dataclass
class DispatchResult:
    """What a dispatch did: units sent now, units already on the way, and types nobody could fill."""

    incident: Incident
    dispatched: list[Dispatch] = field(default_factory=list)
    already_assigned: list[Dispatch] = field(default_factory=list)
    unavailable: list[str] = field(default_factory=list)


@dataclass
class IncidentChange:
    incident: Incident
    old_status: str
    changed: bool


def incident_report(*, incident_type: str, location: str, description: str, actor: str, priority: str | None = None,
                    contact: str = "", idempotency_key: str | None = None) -> IncidentReport:
    """Record an incident with its priority (the type's default unless given); a retried key reports once."""
    if idempotency_key:
        existing = Incident.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return IncidentReport(incident=existing, replayed=True)
    try:
        return _incident_report(incident_type=incident_type, location=location, description=description,
                                actor=actor, priority=priority, contact=contact, idempotency_key=idempotency_key)
    except IntegrityError:
        if not idempotency_key:
            raise
        return IncidentReport(incident=Incident.objects.get(idempotency_key=idempotency_key), replayed=True)


@transaction.atomic
def _incident_report(*, incident_type, location, description, actor, priority, contact,
                     idempotency_key) -> IncidentReport:
    place = location_resolve(location=location)
    now = timezone.now()
    incident = Incident.objects.create(
        reference=reference_allocate(prefix="INC", year=timezone.localtime(now).year),
        incident_type=incident_type, priority=priority or DEFAULT_PRIORITY[IncidentType(incident_type)],
        location=place.name, latitude=place.latitude, longitude=place.longitude, description=description.strip(),
        contact=contact.strip(), reported_at=now, reported_by=actor, idempotency_key=idempotency_key or None,
    )
    INCIDENT_STATUS.record(incident, status=incident.status, actor=actor, at=now,
                           note="Incident reported.")
    event_emit(type="incident.reported", domain=DOMAIN, data={
        "reference": incident.reference, "incident_type": incident_type, "location": incident.location,
        "priority": incident.priority,
    })
    return IncidentReport(incident=incident)


@transaction.atomic
def incident_dispatch(*, reference: str, actor: str, unit_types: list[str] | None = None) -> DispatchResult:
    """Send the nearest available units to an incident; units already on their way count.

    `unit_types` lists one entry per unit wanted (["fire_engine", "fire_engine"] asks for
    two); without it the incident type's standard response is sent. Calling again for the
    same incident sends only what is still missing, so a retry never doubles the response.
    The incident's row lock orders dispatches to one incident; the units' row locks (taken
    in key order) keep two incidents from taking the same unit.
    """
    incident = incident_lock(reference=reference_normalize(reference))
    if incident.status == Incident.Status.RESOLVED:
        raise ServiceError(SafetyErrorCode.INCIDENT_RESOLVED,
                           INCIDENT_RESOLVED_MESSAGE.format(reference=incident.reference), field="reference")
    wanted = Counter(unit_types or DEFAULT_RESPONSE[IncidentType(incident.incident_type)])
    active = list(incident.dispatches.filter(cleared_at__isnull=True).select_related("unit").order_by("pk"))
    missing = wanted - Counter(dispatch.unit_type for dispatch in active)
    result = DispatchResult(incident=incident, already_assigned=active)
    if not missing:
        return result
    candidates = units_available_lock(unit_types=sorted(missing))
    now = timezone.now()
    for unit_type in (kind for kind in UnitType.values if kind in missing):
        nearest = sorted((unit_distance(unit, incident.latitude, incident.longitude), unit.pk, unit)
                         for unit in candidates if unit.unit_type == unit_type)
        for miles, _, unit in nearest[:missing[unit_type]]:
            result.dispatched.append(_unit_send(incident, unit, miles=miles, actor=actor, at=now))
        result.unavailable += [unit_type] * max(0, missing[unit_type] - len(nearest))
    if not result.dispatched:
        units = " or ".join(dict.fromkeys(label_of(UnitType, kind).lower() for kind in result.unavailable))
        raise ServiceError(SafetyErrorCode.NO_UNITS_AVAILABLE, NO_UNITS_AVAILABLE_MESSAGE.format(
            units=units, reference=incident.reference), field="unit_types")
    old_status = incident.status
    if old_status == Incident.Status.REPORTED:
        incident.status = Incident.Status.DISPATCHED
        incident.dispatched_at = now
        incident.save(update_fields=["status", "dispatched_at"])
    sent = ", ".join(f"{d.unit.call_sign} ({miles_text(d.distance_miles)}, ETA {d.eta_minutes} min)"
                     for d in result.dispatched)
    INCIDENT_STATUS.record(incident, status=incident.status, actor=actor, at=now, old_status=old_status,
                           note=f"Dispatched {sent}.")
    return result


def _unit_send(incident: Incident, unit: ResponseUnit, *, miles: float, actor: str, at) -> Dispatch:
    dispatch = Dispatch.objects.create(
        incident=incident, unit=unit, unit_type=unit.unit_type, distance_miles=Decimal(f"{miles:.2f}"),
        eta_minutes=eta_minutes(miles), dispatched_at=at, dispatched_by=actor,
    )
    unit.status = ResponseUnit.Status.DISPATCHED
    unit.current_incident = incident
    unit.status_changed_at = at
    unit.save(update_fields=["status", "current_incident", "status_changed_at"])
    event_emit(type="unit.dispatched", domain=DOMAIN, data={
        "reference": incident.reference, "incident_reference": incident.reference, "unit": unit.call_sign,
        "unit_type": unit.unit_type, "distance_miles": dispatch.distance_miles, "eta_minutes": dispatch.eta_minutes,
    })
    return dispatch


@transaction.atomic
def incident_on_scene(*, reference: str, actor: str, note: str = "") -> IncidentChange:
    """Mark the dispatched units arrived (staff); again changes nothing."""
    incident = incident_lock(reference=reference_normalize(reference))
    old_status = incident.status
    if old_status == Incident.Status.ON_SCENE:
        return IncidentChange(incident=incident, old_status=old_status, changed=False)
    INCIDENT_STATUS.check_move(old_status, Incident.Status.ON_SCENE, field="reference",
                               message=lambda: INVALID_TRANSITION_MESSAGE.format(
                                   reference=incident.reference, status=incident.get_status_display().lower(),
                                   target="on scene"))
    now = timezone.now()
    incident.status = Incident.Status.ON_SCENE
    incident.save(update_fields=["status"])
    ResponseUnit.objects.filter(current_incident=incident, status=ResponseUnit.Status.DISPATCHED).update(
        status=ResponseUnit.Status.ON_SCENE, status_changed_at=now)
    INCIDENT_STATUS.record(incident, status=incident.status, actor=actor, at=now, old_status=old_status,
                           note=note.strip() or "Units on scene.")
    return IncidentChange(incident=incident, old_status=old_status, changed=True)


@transaction.atomic
def incident_resolve(*, reference: str, actor: str, note: str = "") -> IncidentChange:
    """Resolve an incident (staff): its dispatches are cleared and its units are available again."""
    incident = incident_lock(reference=reference_normalize(reference))
    old_status = incident.status
    if old_status == Incident.Status.RESOLVED:
        return IncidentChange(incident=incident, old_status=old_status, changed=False)
    now = timezone.now()
    unit_ids = list(incident.dispatches.filter(cleared_at__isnull=True).values_list("unit_id", flat=True))
    # Units are locked in key order, as dispatches lock them, before they are released.
    list(ResponseUnit.objects.select_for_update().filter(pk__in=unit_ids).order_by("pk"))
    incident.dispatches.filter(cleared_at__isnull=True).update(cleared_at=now)
    ResponseUnit.objects.filter(pk__in=unit_ids).update(status=ResponseUnit.Status.AVAILABLE, current_incident=None,
                                                        status_changed_at=now)
    incident.status = Incident.Status.RESOLVED
    incident.resolved_at = now
    incident.resolution_note = note.strip()
    incident.save(update_fields=["status", "resolved_at", "resolution_note"])
    INCIDENT_STATUS.record(incident, status=incident.status, actor=actor, at=now, old_status=old_status,
                           note=note.strip() or "Incident resolved; units cleared.")
    return IncidentChange(incident=incident, old_status=old_status, changed=True)


@transaction.atomic
def unit_status_set(*, call_sign: str, status: str, actor: str) -> ResponseUnit:
    """Put a unit in or out of service (staff); a unit on a call is released by resolving its incident."""
    unit = unit_lock(call_sign=call_sign.strip().upper())
    if unit.current_incident_id is not None and status != unit.status:
        raise ServiceError(SafetyErrorCode.UNIT_ON_CALL, UNIT_ON_CALL_MESSAGE.format(
            call_sign=unit.call_sign, reference=unit.current_incident.reference), field="status")
    if status != unit.status:
        unit.status = status
        unit.status_changed_at = timezone.now()
        unit.save(update_fields=["status", "status_changed_at"])
    return unit
