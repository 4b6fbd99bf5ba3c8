"""Error codes and messages of the utilities domain, asserted verbatim by the tests."""
from django.db import models


class UtilitiesErrorCode(models.TextChoices):
    ACCOUNT_NOT_FOUND = "account_not_found"
    ACCOUNT_CLOSED = "account_closed"
    OUTAGE_NOT_FOUND = "outage_not_found"
    INVALID_TRANSITION = "invalid_transition"
    SERVICE_NOT_ON_ACCOUNT = "service_not_on_account"
    SERVICE_ALREADY_ON_ACCOUNT = "service_already_on_account"
    SERVICE_TYPE_REQUIRED = "service_type_required"
    RESTORATION_IN_PAST = "restoration_in_past"
    REQUEST_NOT_FOUND = "request_not_found"
    OWNER_PROOF_REQUIRED = "owner_proof_required"
    BILL_NOT_FOUND = "bill_not_found"
    NOTHING_OWED = "nothing_owed"
    AMOUNT_TOO_HIGH = "amount_too_high"
    PAYMENT_DECLINED = "payment_declined"
    INVALID_PAYMENT_METHOD = "invalid_payment_method"
    PAYMENT_IN_PROGRESS = "payment_in_progress"
    PAYMENT_NOT_RECORDED = "payment_not_recorded"
    IDEMPOTENCY_KEY_REUSED = "idempotency_key_reused"


ACCOUNT_NOT_FOUND_MESSAGE = (
    "No utility account has number {account_number}. Account numbers look like UA-100234 and are printed "
    "at the top of every bill."
)
ACCOUNT_CLOSED_MESSAGE = "Account {account_number} is closed; to start service again, give the address instead."
OUTAGE_NOT_FOUND_MESSAGE = (
    "No outage has id {outage_id}. Outage ids look like OUT-2026-0007; check_outages lists the active ones."
)
INVALID_TRANSITION_MESSAGE = "Outage {outage_id} is {status} and cannot move to {target}."
SERVICE_NOT_ON_ACCOUNT_MESSAGE = (
    "Account {account_number} has no {service} service (it has: {services}). To add it, create a "
    "start_service request."
)
SERVICE_ALREADY_ON_ACCOUNT_MESSAGE = "Account {account_number} already has {service} service."
SERVICE_TYPE_REQUIRED_MESSAGE = "Say which service this is about: {choices}."
RESTORATION_IN_PAST_MESSAGE = "estimated_restoration ({when}) is in the past; give a time still to come."
REQUEST_TRANSITION_MESSAGE = "Service request {reference} is {status} and cannot move to {target}."
REQUEST_NOT_FOUND_MESSAGE = "No service request has reference {reference}."
OWNER_PROOF_REQUIRED_MESSAGE = (
    "An account's holder, balance and bills are shown only to its holder: give holder_last_name (the account "
    "holder's last name, as printed on the bill) together with account_number."
)
OWNER_PROOF_MISMATCH_MESSAGE = (
    "No utility account matches account number {account_number} and that holder_last_name. Check both against "
    "the top of a bill."
)
BILL_NOT_FOUND_MESSAGE = (
    "Account {account_number} has no bill {bill_number}. billing_inquiry lists the account's bills."
)
NOTHING_OWED_MESSAGE = "Nothing is owed on {what}; no payment was taken."
AMOUNT_TOO_HIGH_MESSAGE = (
    "amount {amount} is more than the {balance} left on bill {bill_number}; pay {balance} or less."
)
PAYMENT_DECLINED_MESSAGE = (
    "The payment was declined: {reason}. Nothing was charged and the bill is unchanged; try another card."
)
INVALID_PAYMENT_METHOD_MESSAGE = (
    "Send a payment token from the city's payment page, never a card number (the demo gateway accepts "
    "tok_visa; tok_chargeDeclined declines). \"{token}\" is not one."
)
PAYMENT_IN_PROGRESS_MESSAGE = (
    "A payment of bill {bill_number} is being processed right now; check billing_inquiry in a minute before "
    "paying again."
)
PAYMENT_NOT_RECORDED_MESSAGE = (
    "The charge ({reference}) was sent but its receipt could not be recorded yet; do not pay again. It will be "
    "applied to the bill, and billing_inquiry will show it."
)
IDEMPOTENCY_KEY_REUSED_MESSAGE = (
    "This idempotency_key already paid {receipt_number} with other details; nothing was charged. Use a fresh "
    "idempotency_key for a new payment, or repeat the first request exactly to get its receipt again."
)
