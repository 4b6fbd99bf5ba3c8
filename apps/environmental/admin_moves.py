"""Sanitation and environmental staff's workflow moves: buttons on a pickup's or a report's page.

Each calls the service the staff tools call, so slot counts, the timeline and the
transition rules are the same whoever acts. Closing a report asks for the reason; the
resident reads it when they track the report.
"""
from apps.core.admin_workflow import ReasonForm, status_move
from apps.environmental.models import BulkPickup, EnvironmentalReport
from apps.environmental.services import (
    PICKUP_STATUS,
    REPORT_STATUS,
    bulk_pickup_status_update,
    environmental_report_status_update,
)

P = BulkPickup.Status
PICKUP_MOVES = tuple(
    status_move(PICKUP_STATUS, status, label, f"{{count}} pickup(s) {done}.", service=bulk_pickup_status_update,
                log=P(status).label)
    for status, label, done in ((P.COMPLETED, "Mark completed", "completed"), (P.MISSED, "Mark missed", "missed"),
                                (P.CANCELLED, "Cancel pickup", "cancelled"))
)

R = EnvironmentalReport.Status
REPORT_MOVES = tuple(
    status_move(REPORT_STATUS, status, label, done, service=environmental_report_status_update, with_note=True,
                form=form, log=log)
    for status, label, done, form, log in (
        (R.INVESTIGATING, "Start investigating", "{count} report(s) under investigation.", None, "Investigating"),
        (R.RESOLVED, "Mark resolved", "{count} report(s) resolved.", None, "Resolved"),
        (R.CLOSED, "Close…", "{count} report(s) closed.", ReasonForm, "Closed"),
    )
)
