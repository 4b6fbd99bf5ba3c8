"""Which events are worth an email, whom each one tells, and with what words.

Only changes a resident waits for: a status move or decision on their permit, a booked
inspection, their noise complaint moving, the outage they reported being resolved, the road
issue, environmental report, utility service request or incident they reported moving, their
variance being reviewed or decided. Filing receipts are not mailed (the filing's own answer is
the receipt), nor is anything the resident did themselves: a variance is withdrawn only at the
applicant's request. A permit moving from issued to inspections is left out: the
inspection.scheduled email of the same booking already says it.
"""
from collections.abc import Callable
from dataclasses import dataclass

from apps.notifications import recipients, text


@dataclass(frozen=True)
class Trigger:
    """One event type: where its reference is, who to tell, what to say, how to check."""

    event_type: str
    reference_field: str
    emails: Callable[[str], list[str]]
    words: Callable[[dict], tuple[str, str]]
    how_to_check: str  # formatted with the reference
    applies: Callable[[dict], bool] = lambda data: True


TRIGGERS: dict[str, Trigger] = {trigger.event_type: trigger for trigger in (
    Trigger("permit.status_changed", "reference", recipients.permit_application_emails, text.permit_status_changed,
            "track_status with reference {reference} and the access code you got when you applied",
            applies=lambda data: data.get("status") != "inspections"),
    Trigger("inspection.scheduled", "reference", recipients.permit_application_emails, text.inspection_scheduled,
            "track_status with reference {reference} and the access code you got when you applied"),
    Trigger("complaint.status_changed", "case_number", recipients.complaint_emails, text.complaint_status_changed,
            "track_complaint with case number {reference} and the access code you got when you filed"),
    Trigger("outage.resolved", "outage_id", recipients.outage_emails, text.outage_resolved,
            "check_outages for your address (outage {reference})"),
    Trigger("road_issue.status_changed", "reference", recipients.road_issue_emails, text.road_issue_status_changed,
            "track_road_issue with reference {reference} and the access code you got when you reported it"),
    Trigger("environmental_report.status_changed", "reference", recipients.environmental_report_emails,
            text.environmental_report_status_changed,
            "track_environmental_report with reference {reference} and the access code you got when you filed"),
    Trigger("variance.status_changed", "reference", recipients.variance_emails, text.variance_status_changed,
            "track_variance with reference {reference} and the access code you got when you applied",
            applies=lambda data: data.get("status") != "withdrawn"),
    Trigger("service_request.status_changed", "reference", recipients.service_request_emails,
            text.service_request_status_changed,
            "track_service_request with reference {reference} and the access code you got when you made the request"),
    Trigger("incident.status_changed", "reference", recipients.incident_emails, text.incident_status_changed,
            "incident_status with reference {reference} and the access code you got when you reported it"),
)}
