"""Reads for permits: look-ups with their related rows fetched up front.

A package (catalogue, analysis, applications, ownership, properties); everything is re-exported so
callers import from `apps.permits.selectors`.
"""
from apps.permits.selectors.analysis import (
    permit_type_analysis,
    permit_type_fee_quote,
    permit_type_requirements,
)
from apps.permits.selectors.applications import (
    inspection_booking_report,
    inspection_type_codes,
    permit_application_get,
    permit_application_missing_documents,
    permit_application_report,
    permit_application_status_summary,
)
from apps.permits.selectors.ownership import permit_application_owner_check
from apps.permits.selectors.properties import PropertyInfo, property_resolve
from apps.permits.selectors.workqueue import work_queue
from apps.permits.selectors.types import (
    permit_type_catalogue,
    permit_type_codes,
    permit_type_describe,
    permit_type_get,
    permit_type_list,
)

__all__ = [
    "work_queue",
    "PropertyInfo",
    "inspection_booking_report",
    "inspection_type_codes",
    "permit_application_get",
    "permit_application_missing_documents",
    "permit_application_owner_check",
    "permit_application_report",
    "permit_application_status_summary",
    "permit_type_analysis",
    "permit_type_catalogue",
    "permit_type_codes",
    "permit_type_describe",
    "permit_type_fee_quote",
    "permit_type_get",
    "permit_type_list",
    "permit_type_requirements",
    "property_resolve",
]
