"""Error codes and messages of the environmental domain, asserted verbatim by the tests."""
from django.db import models


class EnvironmentalErrorCode(models.TextChoices):
    NO_COLLECTION_AREA = "no_collection_area"
    ITEM_NOT_ACCEPTED = "item_not_accepted"
    DATE_IN_PAST = "date_in_past"
    NO_PICKUP_SLOT = "no_pickup_slot"
    PICKUP_NOT_FOUND = "pickup_not_found"
    REPORT_NOT_FOUND = "report_not_found"
    INVALID_TRANSITION = "invalid_transition"
    NOT_OWNER = "not_owner"
    PICKUP_NOT_CANCELLABLE = "pickup_not_cancellable"
    REPORT_CLOSED = "report_closed"


NO_COLLECTION_AREA_MESSAGE = "No waste collection area serves {address}; call the sanitation line at {phone}."
ITEM_NOT_ACCEPTED_MESSAGE = "\"{item}\" is not collected at bulk pickups. {instructions}"
ITEM_UNKNOWN_MESSAGE = (
    "\"{item}\" is not an item bulk pickups take. They take: {accepted}. {elsewhere}"
)
ITEM_ELSEWHERE_PROGRAM = "For other items: {name} — {how}"
ITEM_ELSEWHERE_PHONE = "For anything else, the sanitation line at {phone} says where it goes."
PICKUP_NOT_OWNER_MESSAGE = (
    "Cancelling bulk pickup {reference} needs the access code given when it was booked; without it only its "
    "status can be looked up (track_bulk_pickup). Lost the code? Call the sanitation line at {phone}."
)
PICKUP_NOT_CANCELLABLE_MESSAGE = "Bulk pickup {reference} is {status}; {why}"
PICKUP_DAY_PASSED_MESSAGE = (
    "Bulk pickup {reference} was for {day}, which has passed; a pickup can be cancelled until the day before. "
    "Call the sanitation line at {phone} if the items are still out."
)
DATE_IN_PAST_MESSAGE = "preferred_date ({date}) is in the past; give today or a later date, or leave it out."
NO_PICKUP_SLOT_MESSAGE = (
    "Every bulk pickup day in {area} is full for the next {weeks} weeks from {date}. Try a later preferred_date "
    "or call the sanitation line at {phone}."
)
PICKUP_NOT_FOUND_MESSAGE = "No bulk pickup has reference {reference}."
REPORT_NOT_FOUND_MESSAGE = (
    "No environmental report has reference {reference}. References look like ENV-2026-000123 and are in the "
    "confirmation you received when the report was filed."
)
INVALID_TRANSITION_MESSAGE = "{kind} {reference} is {status} and cannot move to {target}."
REPORT_NOT_OWNER_MESSAGE = (
    "Adding information to report {reference} needs the access code given when it was filed; without it only "
    "its status can be looked up (track_environmental_report)."
)
INFO_ON_CLOSED_MESSAGE = "Report {reference} is closed; file a new report if the problem is back."
