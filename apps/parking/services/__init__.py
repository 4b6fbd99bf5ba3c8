"""Writes for parking: one function per state change, each atomic (re-exported here)."""
from apps.parking.services.citations import (
    citation_contest,
    citation_contest_decide,
    citation_dismiss,
    citation_issue,
    citation_issue_reported,
    citation_report,
    citation_void,
)
from apps.parking.services.payments import (
    COUNTER_METHODS,
    PaymentLine,
    PaymentOutcome,
    citation_pay,
    citation_payable_check,
    citation_payment_record,
)

__all__ = [
    "COUNTER_METHODS",
    "PaymentLine",
    "PaymentOutcome",
    "citation_contest",
    "citation_contest_decide",
    "citation_dismiss",
    "citation_issue",
    "citation_issue_reported",
    "citation_pay",
    "citation_payable_check",
    "citation_payment_record",
    "citation_report",
    "citation_void",
]
