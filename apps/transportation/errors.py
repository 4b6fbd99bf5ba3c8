"""Error codes and messages of the transportation domain, asserted verbatim by the tests."""
from django.db import models


class TransportationErrorCode(models.TextChoices):
    STOP_NOT_FOUND = "stop_not_found"
    ROUTE_NOT_FOUND = "route_not_found"
    ROUTE_NOT_AT_STOP = "route_not_at_stop"
    AREA_NOT_FOUND = "area_not_found"
    ISSUE_NOT_FOUND = "issue_not_found"
    INVALID_TRANSITION = "invalid_transition"
    SCHEDULE_IN_PAST = "schedule_in_past"
    OWNER_PROOF_REQUIRED = "owner_proof_required"
    ISSUE_CLOSED = "issue_closed"


STOP_NOT_FOUND_MESSAGE = "No transit stop is within {radius} miles of {place}."
STOP_UNKNOWN_MESSAGE = "No transit stop or place is called \"{query}\".{hint}"
STOP_HINT = " Stops include: {stops}."
ROUTE_NOT_FOUND_MESSAGE = "No transit route is called \"{query}\". Routes: {routes}."
ROUTE_NOT_AT_STOP_MESSAGE = "Route {route} does not stop at {stop}; routes there: {routes}."
AREA_NOT_FOUND_MESSAGE = "No traffic area is called \"{area}\". Areas with alerts on file: {areas}."
ISSUE_NOT_FOUND_MESSAGE = (
    "No road issue has reference {reference}. References look like RD-2026-000123 and are in the confirmation "
    "you received when the issue was reported."
)
INVALID_TRANSITION_MESSAGE = "Road issue {reference} is {status} and cannot move to {target}."
SCHEDULE_IN_PAST_MESSAGE = "scheduled_for ({date}) is in the past; give today or a later date."
OWNER_PROOF_REQUIRED_MESSAGE = (
    "Only the resident who reported {reference} may add to it: give the access code report_road_issue returned "
    "with the reference. Without one, report what you see with report_road_issue."
)
ISSUE_CLOSED_MESSAGE = (
    "Road issue {reference} is resolved, so nothing more can be added to it. If the problem is back, report it "
    "again with report_road_issue."
)
