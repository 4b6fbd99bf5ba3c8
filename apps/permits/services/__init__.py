"""Writes for permits: one function per state change, each atomic.

A package (applications, inspections); everything is re-exported so callers import from
`apps.permits.services`.
"""
from apps.permits.services.applications import (
    permit_application_fees_pay,
    permit_application_submit,
    permit_application_transition,
    permit_document_add,
)
from apps.permits.services.inspections import (
    Booking,
    inspection_bookable_check,
    inspection_cancel,
    inspection_record_result,
    inspection_schedule,
)

__all__ = [
    "Booking",
    "inspection_bookable_check",
    "inspection_cancel",
    "inspection_record_result",
    "inspection_schedule",
    "permit_application_fees_pay",
    "permit_application_submit",
    "permit_application_transition",
    "permit_document_add",
]
