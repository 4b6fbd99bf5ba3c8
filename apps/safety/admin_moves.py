"""Dispatchers' workflow moves: buttons on an incident's or a unit's page and actions in the list.

Each calls the service `dispatch_resources` and the other staff tools call, so dispatches,
unit status, events and the timeline are the same whoever acts.
"""
from apps.core.admin_workflow import Move, service_call
from apps.safety.models import Incident, ResponseUnit
from apps.safety.services import (
    INCIDENT_STATUS,
    incident_dispatch,
    incident_on_scene,
    incident_resolve,
    unit_status_set,
)

Status = Incident.Status
OPEN = INCIDENT_STATUS.sources(Status.RESOLVED)  # every status an incident can be resolved from
_dispatch = service_call(incident_dispatch)
_on_scene = service_call(incident_on_scene)
_resolve = service_call(incident_resolve)


def _unit(status: str):
    return service_call(unit_status_set, key="call_sign", status=status)


INCIDENT_MOVES = (
    Move("dispatch_standard_response", "Dispatch the standard response", _dispatch, "{count} incident(s) dispatched.",
         sources=OPEN, log="Dispatched the standard response"),
    Move("mark_on_scene", "Mark units on scene", _on_scene, "{count} incident(s) on scene.",
         sources=INCIDENT_STATUS.sources(Status.ON_SCENE), log="Units on scene"),
    Move("resolve", "Resolve and clear units", _resolve, "{count} incident(s) resolved.", sources=OPEN,
         log="Resolved"),
)

UNIT_MOVES = (
    Move("mark_available", "Put in service", _unit(ResponseUnit.Status.AVAILABLE), "{count} unit(s) in service.",
         sources=(ResponseUnit.Status.OUT_OF_SERVICE,), log="Put in service"),
    Move("mark_out_of_service", "Take out of service", _unit(ResponseUnit.Status.OUT_OF_SERVICE),
         "{count} unit(s) out of service.", sources=(ResponseUnit.Status.AVAILABLE,), log="Taken out of service"),
)
