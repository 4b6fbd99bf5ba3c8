"""Utility staff's workflow moves: buttons on an outage's or a service request's page, actions in the list.

Each calls the service `update_outage_status`, `resolve_outage` and the request tools call,
so events and the transition rules are the same whoever acts.
"""
from apps.core.admin_workflow import Move, sources_of, staff_actor
from apps.utilities.models import Outage, ServiceRequest
from apps.utilities.services import (
    OUTAGE_TRANSITIONS,
    REQUEST_TRANSITIONS,
    outage_resolve,
    outage_status_update,
    service_request_status_update,
)


def _request(status: str):
    def run(request, service_request, data):
        service_request_status_update(reference=service_request.reference, status=status,
                                      actor=staff_actor(request))
    return run


def _outage(status: str):
    def run(request, outage, data):
        outage_status_update(outage_id=outage.outage_id, status=status, actor=staff_actor(request))
    return run


def _resolve(request, outage, data):
    outage_resolve(outage_id=outage.outage_id, actor=staff_actor(request))


def _request_move(status: str, label: str, done: str) -> Move:
    return Move(f"mark_{status}", label, _request(status), f"{{count}} request(s) {done}.",
                sources=sources_of(REQUEST_TRANSITIONS, status), log=ServiceRequest.Status(status).label)


S = ServiceRequest.Status
REQUEST_MOVES = (
    _request_move(S.SCHEDULED, "Mark scheduled", "scheduled"),
    _request_move(S.IN_PROGRESS, "Mark in progress", "in progress"),
    _request_move(S.COMPLETED, "Mark completed", "completed"),
    _request_move(S.CANCELLED, "Cancel request", "cancelled"),
)

O = Outage.Status
OUTAGE_MOVES = (
    Move(f"mark_{O.CONFIRMED}", "Confirm outage", _outage(O.CONFIRMED), "{count} outage(s) confirmed.",
         sources=sources_of(OUTAGE_TRANSITIONS, O.CONFIRMED), log="Confirmed"),
    Move(f"mark_{O.CREW_DISPATCHED}", "Dispatch a crew", _outage(O.CREW_DISPATCHED),
         "{count} outage(s) with a crew dispatched.", sources=sources_of(OUTAGE_TRANSITIONS, O.CREW_DISPATCHED),
         log="Crew dispatched"),
    Move("resolve_outages", "Resolve outage", _resolve, "{count} outage(s) resolved.",
         sources=sources_of(OUTAGE_TRANSITIONS, O.RESOLVED), log="Resolved"),
)
