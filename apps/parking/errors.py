"""Error codes and messages of the parking domain, one sentence per rule.

Each message says what to do instead; tests assert these constants, so the wording lives
in one place.
"""
from django.db import models


class ParkingErrorCode(models.TextChoices):
    UNKNOWN_VIOLATION_TYPE = "unknown_violation_type"
    CITATION_NOT_FOUND = "citation_not_found"
    NOT_PAYABLE = "not_payable"
    AMOUNT_MISMATCH = "amount_mismatch"
    PAYMENT_DECLINED = "payment_declined"
    INVALID_PAYMENT_METHOD = "invalid_payment_method"
    IDEMPOTENCY_KEY_REUSED = "idempotency_key_reused"
    PAYMENT_IN_PROGRESS = "payment_in_progress"
    PAYMENT_NOT_RECORDED = "payment_not_recorded"
    NOT_CONTESTABLE = "not_contestable"
    CONTEST_WINDOW_CLOSED = "contest_window_closed"
    INVALID_TRANSITION = "invalid_transition"
    OBSERVED_AT_INVALID = "observed_at_invalid"
    NO_FACILITIES = "no_facilities"


UNKNOWN_VIOLATION_TYPE = "\"{value}\" is not a violation type. Valid types: {valid}."
CITATION_NOT_FOUND = "No citation {number} was found for plate {plate}. Check both with check_violations."
CITATION_NUMBER_NOT_FOUND = "No citation {number} exists."
NOT_PAYABLE = {
    "paid": "Citation {number} is already paid (receipt {receipt}); nothing more is owed.",
    "contested": ("Citation {number} is contested and awaits a decision; it cannot be paid until staff "
                  "decide. Late fees are paused meanwhile."),
    "dismissed": "Citation {number} was dismissed; nothing is owed.",
    "void": "Citation {number} was voided; nothing is owed.",
    "reported": "Citation {number} is a report awaiting staff review; nothing is owed yet.",
}
AMOUNT_MISMATCH = ("The amount must equal what is owed: {owed} for {citations} ({fines} in fines + "
                   "{late_fees} in late fees). You sent {sent}.")
PAYMENT_DECLINED = ("The payment was declined: {reason}. Nothing was charged and the citations remain unpaid; "
                    "try another card.")
INVALID_PAYMENT_METHOD = ("Send a payment token from the city's payment page (the demo gateway accepts "
                          "tok_visa, tok_mastercard or tok_amex), never a card number.")
UNKNOWN_PAYMENT_TOKEN = "Unknown payment token \"{token}\". " + INVALID_PAYMENT_METHOD
IDEMPOTENCY_KEY_REUSED = ("This idempotency_key was already used for a different payment (receipt {receipt}); "
                          "use a new key for a new payment.")
REPORT_KEY_REUSED = ("This idempotency_key was already used for a different report (citation {number}); "
                     "use a new key for a new report.")
PAYMENT_IN_PROGRESS = ("A payment of citation {number} is being processed right now; check_violations in a "
                       "minute shows whether it went through. Do not pay again meanwhile.")
PAYMENT_NOT_RECORDED = ("The charge was sent but its receipt could not be recorded yet (the database did not "
                        "answer). Do not pay again: it is settled automatically within minutes — retry with the "
                        "same idempotency_key, or check_violations, to see the receipt.")
PAYMENT_NOT_APPLIED = ("The charge went through but could not be applied: a citation changed while it was being "
                       "paid. Do not pay again; the city refunds it (reference {reference}).")
NOT_CONTESTABLE = {
    "paid": "Citation {number} is paid; a paid citation can no longer be contested.",
    "contested": "Citation {number} is already contested (filed {filed}); staff will decide.",
    "dismissed": "Citation {number} was dismissed; there is nothing to contest.",
    "void": "Citation {number} was voided; there is nothing to contest.",
    "reported": "Citation {number} is a report awaiting staff review; it cannot be contested yet.",
}
CONTEST_WINDOW_CLOSED = ("The contest window for citation {number} closed on {deadline} ({days} days from "
                         "issue). Pay it with make_payment or ask City Hall about a late appeal.")
INVALID_TRANSITION = "Citation {number} is {status}; it cannot be {action}."
OBSERVED_AT_FUTURE = "observed_at is in the future; give when the violation was seen."
OBSERVED_AT_TOO_OLD = "observed_at is more than {days} days ago; report violations while they are recent."
NO_FACILITIES = "No {kind}parking within {radius} miles of {place}. The closest is {closest}, {distance} miles away."
NO_FACILITIES_AT_ALL = "No {kind}parking facilities are on record."
