"""Error codes and messages of the zoning domain, asserted verbatim by the tests."""
from django.db import models


class ZoningErrorCode(models.TextChoices):
    NO_DISTRICT = "no_district"
    VARIANCE_NOT_FOUND = "variance_not_found"
    ALREADY_DECIDED = "already_decided"
    NOT_DECIDABLE = "not_decidable"
    INVALID_TRANSITION = "invalid_transition"
    HEARING_NOT_HELD = "hearing_not_held"
    PARKING_SPACES_NEEDED = "parking_spaces_needed"
    PARKING_SPACES_NOT_APPLICABLE = "parking_spaces_not_applicable"


NO_DISTRICT_MESSAGE = (
    "No zoning district is on file for {address}. Give a street address such as \"123 Main St\"; the zoning "
    "office can map parcels the gazetteer does not know."
)
VARIANCE_NOT_FOUND_MESSAGE = (
    "No variance application has reference {reference}. References look like VAR-2026-000123 and are in the "
    "confirmation you received when you applied."
)
ALREADY_DECIDED_MESSAGE = (
    "Variance {reference} was already {status} on {decided_on}; a decision cannot be changed here. File a new "
    "application or an appeal instead."
)
NOT_DECIDABLE_MESSAGE = "Variance {reference} is {status}; only submitted or under-review applications are decided."
INVALID_TRANSITION_MESSAGE = "Variance {reference} is {status} and cannot move to {target}."
HEARING_NOT_HELD_MESSAGE = (
    "Variance {reference} is heard by the Board of Zoning Appeals on {hearing}; it can be approved or denied "
    "from that day on, not before. Until then it can only be reviewed or withdrawn."
)
PARKING_SPACES_NEEDED_MESSAGE = (
    "Approving parking variance {reference} needs parking_spaces_required: the number of off-street spaces "
    "the Board requires at the property (0 or more)."
)
PARKING_SPACES_NOT_APPLICABLE_MESSAGE = (
    "parking_spaces_required applies only when approving a parking variance; variance {reference} is a "
    "{variance_type} variance and the decision is {decision}."
)
