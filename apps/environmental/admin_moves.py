"""Sanitation and environmental staff's workflow moves: buttons on a pickup's or a report's page.

Each calls the service the staff tools call, so slot counts, the timeline and the
transition rules are the same whoever acts. Closing a report asks for the reason; the
resident reads it when they track the report.
"""
from apps.core.admin_workflow import Move, ReasonForm, sources_of, staff_actor
from apps.environmental.models import BulkPickup, EnvironmentalReport
from apps.environmental.services import (
    PICKUP_TRANSITIONS,
    REPORT_TRANSITIONS,
    bulk_pickup_status_update,
    environmental_report_status_update,
)


def _pickup(status: str):
    def run(request, pickup, data):
        bulk_pickup_status_update(reference=pickup.reference, status=status, actor=staff_actor(request))
    return run


def _report(status: str):
    def run(request, report, data):
        environmental_report_status_update(reference=report.reference, status=status, actor=staff_actor(request),
                                           note=data.get("reason", ""))
    return run


P = BulkPickup.Status
PICKUP_MOVES = tuple(
    Move(f"mark_{status}", label, _pickup(status), f"{{count}} pickup(s) {done}.",
         sources=sources_of(PICKUP_TRANSITIONS, status), log=P(status).label)
    for status, label, done in ((P.COMPLETED, "Mark completed", "completed"), (P.MISSED, "Mark missed", "missed"),
                                (P.CANCELLED, "Cancel pickup", "cancelled"))
)

R = EnvironmentalReport.Status
REPORT_MOVES = (
    Move(f"mark_{R.INVESTIGATING}", "Start investigating", _report(R.INVESTIGATING),
         "{count} report(s) under investigation.", sources=sources_of(REPORT_TRANSITIONS, R.INVESTIGATING),
         log="Investigating"),
    Move(f"mark_{R.RESOLVED}", "Mark resolved", _report(R.RESOLVED), "{count} report(s) resolved.",
         sources=sources_of(REPORT_TRANSITIONS, R.RESOLVED), log="Resolved"),
    Move(f"mark_{R.CLOSED}", "Close…", _report(R.CLOSED), "{count} report(s) closed.", form=ReasonForm,
         sources=sources_of(REPORT_TRANSITIONS, R.CLOSED), log="Closed"),
)
