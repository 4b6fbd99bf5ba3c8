"""Error codes and messages of the noise domain, asserted verbatim by the tests."""
from django.db import models


class NoiseErrorCode(models.TextChoices):
    COMPLAINT_NOT_FOUND = "complaint_not_found"
    INVALID_TRANSITION = "invalid_transition"
    OBSERVED_IN_FUTURE = "observed_in_future"
    OBSERVED_TOO_LONG_AGO = "observed_too_long_ago"
    NO_ORDINANCE = "no_ordinance"
    ENFORCEMENT_NOT_ALLOWED = "enforcement_not_allowed"
    FINE_NOT_ALLOWED = "fine_not_allowed"
    FINE_REQUIRED = "fine_required"
    NOT_OWNER = "not_owner"
    COMPLAINT_FINAL = "complaint_final"


COMPLAINT_NOT_FOUND_MESSAGE = (
    "No noise complaint has case number {case_number}. Case numbers look like NC-2026-000123; "
    "check the confirmation you received when the complaint was filed."
)
INVALID_TRANSITION_MESSAGE = (
    "Complaint {case_number} is {status} and cannot move to {target}. From {status} it can move to: "
    "{allowed}."
)
INVALID_TRANSITION_FINAL_MESSAGE = (
    "Complaint {case_number} is {status}, which is final; file a new complaint if the noise is back."
)
OBSERVED_IN_FUTURE_MESSAGE = (
    "observed_at ({observed_at}) is in the future; give the time the noise was heard, or leave it out "
    "for now."
)
OBSERVED_TOO_LONG_AGO_MESSAGE = (
    "observed_at ({observed_at}) is more than {days} days ago; complaints must be filed within {days} "
    "days of the noise."
)
NO_ORDINANCE_MESSAGE = (
    "No noise ordinance is on file for {location} (zone {zone}). Call the noise line for the city-wide "
    "rules."
)
ENFORCEMENT_NOT_ALLOWED_MESSAGE = (
    "Complaint {case_number} is {status}; enforcement actions are recorded only while a complaint is "
    "assigned, investigating or resolved."
)
FINE_NOT_ALLOWED_MESSAGE = "A warning carries no fine; leave fine out or issue a citation instead."
FINE_REQUIRED_MESSAGE = (
    "No ordinance fine applies to complaint {case_number}; give the citation's fine explicitly."
)
NOT_OWNER_MESSAGE = (
    "Adding information to complaint {case_number} needs the access code given when it was filed; without it "
    "only its status can be looked up (track_complaint)."
)
INFO_ON_FINAL_MESSAGE = (
    "Complaint {case_number} is {status}, which is final; file a new complaint if the noise is back (it will be "
    "linked to this one)."
)
