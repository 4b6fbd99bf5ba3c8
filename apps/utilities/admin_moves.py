"""Utility staff's workflow moves: buttons on an outage's or a service request's page, actions in the list.

Each calls the service `update_outage_status`, `resolve_outage` and the request tools call,
so events and the transition rules are the same whoever acts.
"""
from apps.core.admin_workflow import Move, service_call, status_move
from apps.utilities.models import Outage, ServiceRequest
from apps.utilities.services import (
    OUTAGE_STATUS,
    REQUEST_STATUS,
    outage_resolve,
    outage_status_update,
    service_request_status_update,
)


S = ServiceRequest.Status
REQUEST_MOVES = tuple(
    status_move(REQUEST_STATUS, status, label, f"{{count}} request(s) {done}.",
                service=service_request_status_update, log=S(status).label)
    for status, label, done in ((S.SCHEDULED, "Mark scheduled", "scheduled"),
                                (S.IN_PROGRESS, "Mark in progress", "in progress"),
                                (S.COMPLETED, "Mark completed", "completed"),
                                (S.CANCELLED, "Cancel request", "cancelled"))
)

O = Outage.Status
OUTAGE_MOVES = (
    *(status_move(OUTAGE_STATUS, status, label, done, service=outage_status_update, key="outage_id", log=log)
      for status, label, done, log in (
          (O.CONFIRMED, "Confirm outage", "{count} outage(s) confirmed.", "Confirmed"),
          (O.CREW_DISPATCHED, "Dispatch a crew", "{count} outage(s) with a crew dispatched.", "Crew dispatched"))),
    Move("resolve_outages", "Resolve outage", service_call(outage_resolve, key="outage_id"),
         "{count} outage(s) resolved.", sources=OUTAGE_STATUS.sources(O.RESOLVED), log="Resolved"),
)
