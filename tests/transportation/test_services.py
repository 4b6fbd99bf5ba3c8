"""Transportation writes: road issue reports (new, merged, duplicate) and their repair timeline."""
from datetime import timedelta

import pytest
from django.utils import timezone

from apps.core.errors import ServiceError
from apps.events.models import Event
from apps.transportation.models import RoadIssue, RoadIssueReport, RoadIssueUpdate
from apps.transportation.services import road_issue_report, road_issue_status_update
from apps.core.business_days import business_days_after


def year() -> int:
    return timezone.localdate().year


def counts() -> tuple:
    return (RoadIssue.objects.count(), RoadIssueReport.objects.count(), RoadIssueUpdate.objects.count(),
            Event.objects.count())


def report(location="456 Oak Ave", issue_type="pothole", **extra):
    return road_issue_report(issue_type=issue_type, location=location, actor="t", **extra)


def test_first_report_opens_an_issue(places):
    result = report(location="456 Oak Avenue", description=" Deep ", contact="555-0100")
    issue = result.issue
    today = timezone.localdate()
    assert (result.merged, result.duplicate, result.distance_miles) == (False, False, 0.0)
    assert (issue.reference, issue.status, issue.priority, issue.location, issue.report_count, issue.description) == (
        f"RD-{year()}-000001", "reported", "high", "456 Oak Ave", 1, "Deep")
    assert issue.respond_by == business_days_after(today, 3)
    assert Event.objects.get().data == {"reference": issue.reference, "issue_type": "pothole",
                                        "location": "456 Oak Ave", "new_issue": True, "report_count": 1}


def test_a_report_nearby_joins_and_the_same_place_counts_once(places):
    first = report().issue
    joined = report(location="460 Oak Ave")  # not in the gazetteer: Oak Ave's centre, about 200 ft away
    assert (joined.issue, joined.merged, joined.duplicate, joined.issue.report_count) == (first, True, False, 2)
    assert joined.distance_miles == pytest.approx(0.04, abs=0.01)
    before = counts()
    again = report(location="460 oak avenue")
    assert (again.merged, again.duplicate, again.issue.report_count) == (True, True, 2)
    assert counts() == before
    assert [e.data["report_count"] for e in Event.objects.order_by("id")] == [1, 2]


def test_other_type_far_away_or_resolved_opens_another(places):
    first = report().issue
    assert report(issue_type="streetlight").merged is False
    assert report(location="123 Main St").merged is False  # about half a mile away
    road_issue_status_update(reference=first.reference, status="resolved", actor="t")
    assert report().merged is False
    assert RoadIssue.objects.count() == 4


def test_unknown_place_writes_nothing(places):
    with pytest.raises(ServiceError) as refused:
        report(location="1 Nowhere Lane")
    assert (refused.value.code, refused.value.field) == ("unknown_place", "location")
    assert counts() == (0, 0, 0, 0)


def test_repair_timeline(places):
    reference = report().issue.reference
    day = timezone.localdate() + timedelta(days=3)
    scheduled = road_issue_status_update(reference=reference.lower(), status="scheduled", actor="t",
                                         scheduled_for=day)
    assert (scheduled.old_status, scheduled.issue.status, scheduled.issue.scheduled_for) == (
        "reported", "scheduled", day)
    assert road_issue_status_update(reference=reference, status="scheduled", actor="t").changed is False
    road_issue_status_update(reference=reference, status="in_progress", actor="t")
    resolved = road_issue_status_update(reference=reference, status="resolved", actor="t", note="Patched")
    issue = RoadIssue.objects.get()
    assert (resolved.changed, issue.status, issue.resolution_note, issue.resolved_at is not None) == (
        True, "resolved", "Patched", True)
    assert [u.status for u in issue.updates.all()] == ["reported", "scheduled", "in_progress", "resolved"]
    assert issue.updates.all()[1].note == f"Repair scheduled for {day:%B} {day.day}, {day.year}."


def test_refused_updates_change_nothing(places):
    reference = report().issue.reference
    road_issue_status_update(reference=reference, status="in_progress", actor="t")
    before = counts()
    with pytest.raises(ServiceError) as backwards:
        road_issue_status_update(reference=reference, status="scheduled", actor="t")
    assert backwards.value.message == f"Road issue {reference} is crew working and cannot move to repair scheduled."
    with pytest.raises(ServiceError) as past:
        road_issue_status_update(reference=reference, status="in_progress", actor="t",
                                 scheduled_for=timezone.localdate() - timedelta(days=1))
    assert (past.value.code, past.value.field) == ("schedule_in_past", "scheduled_for")
    with pytest.raises(ServiceError) as unknown:
        road_issue_status_update(reference="RD-2026-999999", status="resolved", actor="t")
    assert unknown.value.code == "issue_not_found"
    assert counts() == before


def test_a_status_move_emits_one_event_and_staying_put_none(places):
    issue = report().issue
    day = timezone.localdate() + timedelta(days=3)
    road_issue_status_update(reference=issue.reference, status="scheduled", actor="t", scheduled_for=day)
    road_issue_status_update(reference=issue.reference, status="scheduled", actor="t")  # no change at all
    road_issue_status_update(reference=issue.reference, status="scheduled", actor="t",
                             scheduled_for=day + timedelta(days=1))  # a new date, the same status
    assert list(Event.objects.filter(type="road_issue.status_changed").values_list("domain", "data")) == [
        ("transportation", {"reference": issue.reference, "issue_type": "pothole", "old_status": "reported",
                            "status": "scheduled"})]
