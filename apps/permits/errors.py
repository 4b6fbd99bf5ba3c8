"""Error codes and messages of the permits domain, asserted verbatim by the tests.

Every message says what to do next, because an assistant reads it to a resident.
"""
from django.db import models


class PermitErrorCode(models.TextChoices):
    UNKNOWN_PERMIT_TYPE = "unknown_permit_type"
    APPLICATION_NOT_FOUND = "application_not_found"
    INVALID_TRANSITION = "invalid_transition"
    ALREADY_IN_STATUS = "already_in_status"
    NOTE_REQUIRED = "note_required"
    INCOMPLETE_APPLICATION = "incomplete_application"
    INSPECTIONS_OUTSTANDING = "inspections_outstanding"
    ZONING_INCOMPATIBLE = "zoning_incompatible"
    INVALID_DOCUMENT = "invalid_document"
    NOT_ISSUED = "not_issued"
    UNKNOWN_INSPECTION_TYPE = "unknown_inspection_type"
    INSPECTION_ALREADY_PASSED = "inspection_already_passed"
    PREFERRED_DATE_PAST = "preferred_date_past"
    PREFERRED_DATE_TOO_FAR = "preferred_date_too_far"
    NO_INSPECTION_SLOT = "no_inspection_slot"
    INSPECTION_NOT_SCHEDULED = "inspection_not_scheduled"
    NOTHING_OUTSTANDING = "nothing_outstanding"
    FEES_OUTSTANDING = "fees_outstanding"
    PROJECT_DETAIL_MISSING = "project_detail_missing"
    UNKNOWN_DOCUMENT_TYPE = "unknown_document_type"
    OWNER_PROOF_REQUIRED = "owner_proof_required"
    IDEMPOTENCY_KEY_REUSED = "idempotency_key_reused"
    INSPECTION_OUT_OF_ORDER = "inspection_out_of_order"
    PAYMENT_DECLINED = "payment_declined"
    INVALID_PAYMENT_METHOD = "invalid_payment_method"
    PAYMENT_IN_PROGRESS = "payment_in_progress"
    PAYMENT_NOT_RECORDED = "payment_not_recorded"
    DOCUMENTS_CLOSED = "documents_closed"


IDEMPOTENCY_KEY_REUSED_MESSAGE = ("This idempotency_key was already used for a different application "
                                  "({reference}); use a new key for a new application.")
UNKNOWN_PERMIT_TYPE_MESSAGE = "There is no permit type \"{code}\". Valid permit types: {valid}."
APPLICATION_NOT_FOUND_MESSAGE = (
    "No permit application has reference {reference}. References look like PRM-2026-000123; "
    "check the confirmation you received when the application was submitted."
)
INVALID_TRANSITION_MESSAGE = (
    "Application {reference} is {status} and cannot move to {target}. From {status} it can move to: "
    "{allowed}."
)
FINAL_STATUS_MESSAGE = (
    "Application {reference} is {status}, which is final; submit a new application to start again."
)
ALREADY_IN_STATUS_MESSAGE = "Application {reference} is already {status}."
NOTE_REQUIRED_MESSAGE = (
    "Moving an application to {target} needs a note that tells the applicant why and what to do."
)
INCOMPLETE_APPLICATION_MESSAGE = (
    "Application {reference} is incomplete (missing: {missing}); review starts once every required "
    "document is on file."
)
INSPECTIONS_OUTSTANDING_MESSAGE = (
    "Application {reference} cannot be finaled until these inspections have passed: {missing}."
)
ZONING_INCOMPATIBLE_MESSAGE = (
    "{address} is in zoning district {zone} ({zone_label}); {permit} is only issued in {allowed} "
    "districts. Ask the zoning office about a variance before applying."
)
DOCUMENT_EMPTY_MESSAGE = "Document {index} ({filename}) is empty."
DOCUMENT_TOO_LARGE_MESSAGE = (
    "Document {index} ({filename}) is {size} bytes; the limit is {limit} bytes. Compress or split it."
)
DOCUMENT_BASE64_MESSAGE = "Document {index} ({filename}): content_base64 is not valid base64."
DOCUMENT_TYPE_MESSAGE = (
    "Document {index} ({filename}) is not a PDF, JPEG or PNG file; upload one of those."
)
DOCUMENT_TYPE_MISMATCH_MESSAGE = (
    "Document {index} ({filename}) is a {detected} file but content_type says {declared}; send the "
    "file's real type."
)
NOT_ISSUED_MESSAGE = (
    "Application {reference} is {status}; inspections can be scheduled once the permit is issued."
)
INSPECTIONS_CLOSED_MESSAGE = (
    "Application {reference} is {status}; no further inspections can be scheduled."
)
UNKNOWN_INSPECTION_TYPE_MESSAGE = (
    "{permit} has no \"{code}\" inspection. Inspections for this permit: {valid}."
)
INSPECTION_ALREADY_PASSED_MESSAGE = (
    "The {inspection} inspection for {reference} already passed on {date}; schedule the next one."
)
# One sentence for a missing and a wrong code: the refusal must not tell a guesser which it was.
OWNER_PROOF_REQUIRED_MESSAGE = (
    "Only the applicant can book an inspection for {reference}: give access_code, the access code "
    "submit_application returned with the reference (e.g. K7QX2-M9PRT). Without it, the permit office can "
    "book the inspection for you."
)
PREFERRED_DATE_PAST_MESSAGE = "preferred_date {date} is in the past; give today or a later date."
PREFERRED_DATE_TOO_FAR_MESSAGE = (
    "preferred_date {date} is more than {days} days ahead; inspections are booked up to {last}."
)
NO_INSPECTION_SLOT_MESSAGE = (
    "No inspector is free between {first} and {last}; call the permit office to book by hand."
)
INSPECTION_NOT_SCHEDULED_MESSAGE = (
    "Inspection #{inspection_id} is {status}; only a scheduled inspection can be {action}."
)
NOTHING_OUTSTANDING_MESSAGE = "Application {reference} has no outstanding fees."
FEES_OUTSTANDING_MESSAGE = (
    "Application {reference} has {amount} in unpaid fees; the permit is issued once they are paid."
)
PROJECT_DETAIL_MISSING_MESSAGE = (
    "{argument} is needed to submit {permit} application: its fees depend on the project's {what}."
)
UNKNOWN_DOCUMENT_TYPE_MESSAGE = (
    "Document {index} ({filename}) has document_type \"{code}\", which {permit} does not ask for. "
    "Document types for this project: {valid}."
)
INSPECTION_OUT_OF_ORDER_MESSAGE = (
    "The {inspection} inspection for {reference} cannot be booked yet: the {first} inspection must pass first "
    "({order}). Book the {first} inspection (inspection_type \"{first_code}\")."
)
INSPECTION_OUT_OF_ORDER_PENDING_MESSAGE = (
    "The {inspection} inspection for {reference} cannot be booked yet: the {first} inspection must pass first "
    "({order}); it is booked for {when} and awaits its result."
)
PAYMENT_DECLINED_MESSAGE = "The payment was declined: {reason}. Nothing was charged; try another card."
UNKNOWN_PAYMENT_TOKEN_MESSAGE = (
    "payment_method {token} is not a payment token this gateway knows; demo tokens: tok_visa (approves), "
    "tok_chargeDeclined (declines)."
)
INVALID_PAYMENT_METHOD_MESSAGE = (
    "payment_method must be a payment token (e.g. tok_visa), never a card number."
)
PAYMENT_IN_PROGRESS_MESSAGE = (
    "A payment of {reference}'s fees is already being processed; wait a moment and check track_status "
    "before paying again."
)
PAYMENT_NOT_RECORDED_MESSAGE = (
    "The charge went through (processor reference {charge}) but could not be recorded yet; do not pay again. "
    "The permit office settles it shortly and track_status will show the fees paid."
)
PAYMENT_KEY_REUSED_MESSAGE = ("This idempotency_key was already used for another payment (receipt {receipt}); "
                              "use a new key for a new payment.")
FEES_NOT_PAYABLE_MESSAGE = "Application {reference} is {status}; its fees can no longer be paid."
DOCUMENTS_CLOSED_MESSAGE = (
    "Application {reference} is {status}; documents can be added while it is submitted, in review or waiting "
    "for corrections."
)
OWNER_PROOF_REQUIRED_FOR_MESSAGE = (
    "Only the applicant can {action} for {reference}: give access_code, the access code submit_application "
    "returned with the reference (e.g. K7QX2-M9PRT). Without it, the permit office can do it for you."
)
