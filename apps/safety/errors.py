"""Error codes and messages of the safety domain, asserted verbatim by the tests."""
from django.db import models


class SafetyErrorCode(models.TextChoices):
    NO_OCCUPANCY_RULE = "no_occupancy_rule"
    INCIDENT_NOT_FOUND = "incident_not_found"
    INCIDENT_RESOLVED = "incident_resolved"
    NO_UNITS_AVAILABLE = "no_units_available"
    INVALID_TRANSITION = "invalid_transition"
    UNIT_NOT_FOUND = "unit_not_found"
    UNIT_ON_CALL = "unit_on_call"


NO_OCCUPANCY_RULE_MESSAGE = (
    "The fire code on file has no occupancy classification for {business} with {capacity} occupants. Call the Fire "
    "Marshal's office for a determination."
)
INCIDENT_NOT_FOUND_MESSAGE = (
    "No incident has reference {reference}. References look like INC-2026-000123 and are in the confirmation "
    "you received when the incident was reported."
)
INCIDENT_RESOLVED_MESSAGE = "Incident {reference} was resolved; report a new incident if help is needed again."
NO_UNITS_AVAILABLE_MESSAGE = (
    "No {units} is available right now for incident {reference}; nothing was dispatched. Ask a neighbouring "
    "jurisdiction for mutual aid or try again when a unit clears."
)
INVALID_TRANSITION_MESSAGE = "Incident {reference} is {status} and cannot move to {target}."
UNIT_NOT_FOUND_MESSAGE = "No response unit has call sign {call_sign}."
UNIT_ON_CALL_MESSAGE = (
    "{call_sign} is assigned to incident {reference}; resolve the incident (or clear the unit from it) first."
)
