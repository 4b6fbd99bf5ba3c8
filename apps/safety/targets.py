"""The dispatch centre's response targets, and which one an open incident has missed.

An incident moves reported → dispatched → on scene → resolved; each open step has a target
(units sent within minutes, on scene within the half hour, cleared within hours by priority).
An incident past its step's target is flagged in every answer about it, so a record left
"on scene" for two weeks reads as what it is instead of as help still at work.
"""
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q

from apps.safety.catalogue import Priority
from apps.safety.models import Incident

# A reported incident has units dispatched within this many minutes.
DISPATCH_TARGET_MINUTES = 10
# Dispatched units are on scene within this many minutes.
ARRIVAL_TARGET_MINUTES = 30
# Units on scene clear the incident within this many hours, by priority.
CLEARANCE_TARGET_HOURS = {Priority.CRITICAL: 6, Priority.HIGH: 4, Priority.NORMAL: 2, Priority.LOW: 2}


@dataclass(frozen=True)
class Target:
    """The target of an incident's current step: which, since when, due when, and its allowance in words."""

    name: str  # dispatch, arrival or clearance
    since: datetime
    due: datetime
    allowance: str

    def missed(self, now: datetime) -> bool:
        return now > self.due


def _since(incident: Incident, status: str, fallback: datetime) -> datetime:
    """When the incident reached `status`: its last timeline entry for it (prefetched), else `fallback`."""
    entries = [u.created_at for u in incident.updates.all() if u.status == status]
    return max(entries, default=fallback)


def incident_target(incident: Incident) -> Target | None:
    """Return the target of the incident's current step (None once resolved)."""
    if incident.status == Incident.Status.REPORTED:
        since = incident.reported_at
        return Target("dispatch", since, since + timedelta(minutes=DISPATCH_TARGET_MINUTES),
                      f"units dispatched within {DISPATCH_TARGET_MINUTES} minutes")
    if incident.status == Incident.Status.DISPATCHED:
        since = _since(incident, Incident.Status.DISPATCHED, incident.dispatched_at or incident.reported_at)
        return Target("arrival", since, since + timedelta(minutes=ARRIVAL_TARGET_MINUTES),
                      f"units on scene within {ARRIVAL_TARGET_MINUTES} minutes of dispatch")
    if incident.status == Incident.Status.ON_SCENE:
        since = _since(incident, Incident.Status.ON_SCENE, incident.dispatched_at or incident.reported_at)
        hours = CLEARANCE_TARGET_HOURS[Priority(incident.priority)]
        return Target("clearance", since, since + timedelta(hours=hours),
                      f"a {Priority(incident.priority).label.lower()}-priority incident cleared within {hours} hours "
                      "of units arriving")
    return None


def incidents_overdue_q(now: datetime) -> Q:
    """The incidents past their step's target, as a filter (the work queue counts them).

    On scene is measured from the dispatch here (the arrival is a timeline row), which can
    only count an incident late later than the answers do, never earlier.
    """
    late = Q(status=Incident.Status.REPORTED, reported_at__lt=now - timedelta(minutes=DISPATCH_TARGET_MINUTES))
    late |= Q(status=Incident.Status.DISPATCHED, dispatched_at__lt=now - timedelta(minutes=ARRIVAL_TARGET_MINUTES))
    for priority, hours in CLEARANCE_TARGET_HOURS.items():
        late |= Q(status=Incident.Status.ON_SCENE, priority=priority, dispatched_at__lt=now - timedelta(hours=hours))
    return late
