"""Writes for transportation: road issue reports (merged with nearby ones) and their repair, each atomic."""
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from apps.core.business_days import business_days_after
from apps.core.errors import ServiceError
from apps.core.status_machine import StatusMachine
from apps.events.services import event_emit
from apps.places.normalize import place_key
from apps.transportation.catalogue import ISSUE_PRIORITY, RESPONSE_BUSINESS_DAYS, IssueType
from apps.transportation.errors import (
    INVALID_TRANSITION_MESSAGE,
    ISSUE_CLOSED_MESSAGE,
    SCHEDULE_IN_PAST_MESSAGE,
    TransportationErrorCode,
)
from apps.transportation.locks import reference_allocate, road_issue_lock, road_issue_type_lock
from apps.transportation.models import (
    OPEN_ISSUE_STATUSES,
    RoadIssue,
    RoadIssueInformation,
    RoadIssueReport,
    RoadIssueUpdate,
)
from apps.transportation.selectors import place_for, reference_normalize, road_issue_nearest_open

DOMAIN = "transportation"

# Where an open issue may go next; resolving is allowed from every open status.
TRANSITIONS = {
    RoadIssue.Status.REPORTED: (RoadIssue.Status.SCHEDULED, RoadIssue.Status.IN_PROGRESS, RoadIssue.Status.RESOLVED),
    RoadIssue.Status.SCHEDULED: (RoadIssue.Status.IN_PROGRESS, RoadIssue.Status.RESOLVED),
    RoadIssue.Status.IN_PROGRESS: (RoadIssue.Status.RESOLVED,),
    RoadIssue.Status.RESOLVED: (),
}
ROAD_ISSUE_STATUS = StatusMachine(
    transitions=TRANSITIONS, error_code=TransportationErrorCode.INVALID_TRANSITION, timeline=RoadIssueUpdate,
    domain=DOMAIN, event="road_issue.status_changed", emit=event_emit,
    event_data=lambda issue, old_status, status: {
        "reference": issue.reference, "issue_type": issue.issue_type, "old_status": old_status, "status": status},
)


@dataclass
class RoadIssueReportResult:
    """What a report did: joined an open issue (`merged`), repeated one (`duplicate`) or opened one."""

    issue: RoadIssue
    report: RoadIssueReport
    merged: bool
    duplicate: bool
    distance_miles: float


@dataclass
class RoadIssueChange:
    issue: RoadIssue
    old_status: str
    changed: bool


@transaction.atomic
def road_issue_report(*, issue_type: str, location: str, actor: str, description: str = "",
                      contact: str = "") -> RoadIssueReportResult:
    """Report a road issue: join the open one of that type nearby, else open a new one.

    The same location reporting the same issue again is recorded and counted once, also
    when reports arrive together (they queue on the issue type's lock row).
    """
    place = place_for(query=location, field_name="location")
    key = place_key(place.name)
    road_issue_type_lock(issue_type=issue_type)
    now = timezone.now()
    report_fields = {"location": place.name, "latitude": place.latitude, "longitude": place.longitude,
                     "description": description.strip(), "contact": contact.strip(), "reported_at": now,
                     "reported_by": actor}
    nearby = road_issue_nearest_open(issue_type=issue_type, latitude=place.latitude, longitude=place.longitude)
    if nearby is not None:
        issue, miles = nearby
        report, created = RoadIssueReport.objects.get_or_create(issue=issue, location_key=key, defaults=report_fields)
        if created:
            RoadIssue.objects.filter(pk=issue.pk).update(report_count=F("report_count") + 1)
            issue.refresh_from_db(fields=["report_count"])
            _emit_reported(issue, place.name, new=False)
        return RoadIssueReportResult(issue=issue, report=report, merged=True, duplicate=not created,
                                     distance_miles=miles)
    today = timezone.localdate(now)
    issue = RoadIssue.objects.create(
        reference=reference_allocate(prefix="RD", year=today.year), issue_type=issue_type,
        priority=ISSUE_PRIORITY[IssueType(issue_type)], location=place.name, latitude=place.latitude,
        longitude=place.longitude, description=description.strip(), report_count=1,
        respond_by=business_days_after(today, RESPONSE_BUSINESS_DAYS[IssueType(issue_type)]), reported_at=now,
    )
    report = RoadIssueReport.objects.create(issue=issue, location_key=key, **report_fields)
    ROAD_ISSUE_STATUS.record(issue, status=issue.status, actor=actor, at=now, note="Issue reported.")
    _emit_reported(issue, place.name, new=True)
    return RoadIssueReportResult(issue=issue, report=report, merged=False, duplicate=False, distance_miles=0.0)


def _emit_reported(issue: RoadIssue, location: str, *, new: bool) -> None:
    event_emit(type="road_issue.reported", domain=DOMAIN, data={
        "reference": issue.reference, "issue_type": issue.issue_type, "location": location, "new_issue": new,
        "report_count": issue.report_count,
    })


@transaction.atomic
def road_issue_status_update(*, reference: str, status: str, actor: str, note: str = "",
                             scheduled_for: date | None = None) -> RoadIssueChange:
    """Schedule, start or resolve the repair of a road issue (staff); the same status again changes nothing."""
    issue = road_issue_lock(reference=reference_normalize(reference))
    old_status = issue.status
    if scheduled_for is not None and scheduled_for < timezone.localdate():
        raise ServiceError(TransportationErrorCode.SCHEDULE_IN_PAST,
                           SCHEDULE_IN_PAST_MESSAGE.format(date=scheduled_for.isoformat()), field="scheduled_for")
    if status == old_status and scheduled_for in (None, issue.scheduled_for):
        return RoadIssueChange(issue=issue, old_status=old_status, changed=False)
    ROAD_ISSUE_STATUS.check_move(old_status, status, message=lambda: INVALID_TRANSITION_MESSAGE.format(
        reference=issue.reference, status=issue.get_status_display().lower(),
        target=RoadIssue.Status(status).label.lower()))
    now = timezone.now()
    issue.status = status
    if scheduled_for is not None:
        issue.scheduled_for = scheduled_for
    if status == RoadIssue.Status.RESOLVED:
        issue.resolved_at = now
        issue.resolution_note = note.strip()
    issue.updated_by = actor
    issue.save(update_fields=["status", "scheduled_for", "resolved_at", "resolution_note", "updated_by"])
    text = note.strip()
    if scheduled_for is not None:
        text = f"Repair scheduled for {scheduled_for:%B} {scheduled_for.day}, {scheduled_for.year}. {text}".strip()
    ROAD_ISSUE_STATUS.record(issue, status=status, note=text, actor=actor, at=now, old_status=old_status)
    return RoadIssueChange(issue=issue, old_status=old_status, changed=True)


INFORMATION_ADDED_NOTE = "The reporter added information."


@transaction.atomic
def road_issue_information_add(*, reference: str, text: str, actor: str) -> RoadIssueInformation:
    """Add a reporter's information to their open road issue: a private note, a public timeline entry, an event.

    Who may add is the tool's question (the access code); this records it under the
    issue's lock, so it lands between status moves, never across one.
    """
    issue = road_issue_lock(reference=reference_normalize(reference))
    if issue.status not in OPEN_ISSUE_STATUSES:
        raise ServiceError(TransportationErrorCode.ISSUE_CLOSED, ISSUE_CLOSED_MESSAGE.format(reference=issue.reference),
                           field="reference")
    now = timezone.now()
    information = RoadIssueInformation.objects.create(issue=issue, text=text.strip(), added_at=now, added_by=actor)
    ROAD_ISSUE_STATUS.record(issue, status=issue.status, actor=actor, at=now, note=INFORMATION_ADDED_NOTE)
    event_emit(type="road_issue.info_added", domain=DOMAIN, data={"reference": issue.reference,
                                                                  "status": issue.status})
    return information
