"""Writes for permits: one function per state change, each atomic.

A package (applications, documents, inspections, payments); everything is re-exported so callers import from
`apps.permits.services`.
"""
from apps.permits.services.applications import (
    permit_application_fees_pay,
    permit_application_submit,
    permit_application_transition,
    permit_document_add,
)
from apps.permits.services.documents import DocumentsAdded, permit_application_documents_add
from apps.permits.services.payments import FeePaymentOutcome, fee_payment_reconcile, permit_fees_pay
from apps.permits.services.inspections import (
    Booking,
    inspection_bookable_check,
    inspection_cancel,
    inspection_record_result,
    inspection_schedule,
)

__all__ = [
    "Booking",
    "DocumentsAdded",
    "FeePaymentOutcome",
    "fee_payment_reconcile",
    "permit_application_documents_add",
    "permit_fees_pay",
    "inspection_bookable_check",
    "inspection_cancel",
    "inspection_record_result",
    "inspection_schedule",
    "permit_application_fees_pay",
    "permit_application_submit",
    "permit_application_transition",
    "permit_document_add",
]
