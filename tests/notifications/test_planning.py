"""Who is told about what: meaningful events only, valid emails only, never an opted-out one."""
from datetime import timedelta

import pytest
from django.utils import timezone

from apps.events.models import Event
from apps.events.services import event_emit
from apps.noise.models import Complaint, NoiseLocation
from apps.noise.services import complaint_status_update
from apps.notifications.models import NotificationCursor, NotificationOptOut, ResidentNotification
from apps.notifications.recipients import email_or_none
from apps.notifications.services import notification_opt_out, notifications_plan
from apps.utilities.services import outage_report, outage_resolve
from tests.permits.helpers import advance, submit_deck

pytestmark = pytest.mark.django_db


def rows():
    return list(ResidentNotification.objects.order_by("id").values_list("event_type", "recipient", "subject"))


def test_a_permit_decision_is_planned_for_the_opted_in_applicant(deck_application):
    ref = deck_application.reference
    advance(deck_application, "in_review", "approved")
    assert notifications_plan() == 2
    assert rows() == [
        ("permit.status_changed", "jane.doe@example.com", f"Permit {ref}: in review"),
        ("permit.status_changed", "jane.doe@example.com", f"Permit {ref}: approved"),
    ]
    assert NotificationCursor.objects.get().last_event_id == Event.objects.order_by("id").last().id


def test_filing_itself_and_applications_without_an_email_are_not_mailed(deck_permits):
    quiet = submit_deck()  # no notify_email
    advance(quiet, "in_review")
    assert notifications_plan() == 0
    assert rows() == []


def test_planning_twice_plans_nothing_new(deck_application):
    advance(deck_application, "in_review")
    assert notifications_plan() == 1
    NotificationCursor.objects.update(last_event_id=0)  # as if a second worker read the same events
    notifications_plan()
    assert ResidentNotification.objects.count() == 1  # (event, recipient) is unique


def test_an_opt_out_of_the_record_or_of_everything_stops_planning(deck_application, deck_permits):
    other = submit_deck(notify_email="jane.doe@example.com", address="123 Oak St")
    notification_opt_out(email="JANE.DOE@example.com", domain="permits", reference=deck_application.reference)
    advance(deck_application, "in_review")
    advance(other, "in_review")
    notifications_plan()
    assert [r[2] for r in rows()] == [f"Permit {other.reference}: in review"]
    notification_opt_out(email="jane.doe@example.com")  # everything
    advance(other, "approved")
    notifications_plan()
    assert ResidentNotification.objects.count() == 1
    assert NotificationOptOut.objects.count() == 2


def test_every_reporter_with_an_email_hears_of_a_resolved_outage(outage_places):
    first = outage_report(service_type="water", address="456 Oak Ave", actor="t", contact="a@example.com")
    outage_report(service_type="water", address="123 Oak St", actor="t", contact="(555) 123-4567")
    outage_report(service_type="water", address="42 Pine St", actor="t", contact=" B@Example.com ")
    outage_id = first.outage.outage_id
    notifications_plan()
    assert rows() == []  # reports are not mailed back
    outage_resolve(outage_id=outage_id, actor="crew")
    assert notifications_plan() == 2
    assert rows() == [
        ("outage.resolved", "a@example.com", f"Outage {outage_id}: water service restored"),
        ("outage.resolved", "b@example.com", f"Outage {outage_id}: water service restored"),
    ]


def test_a_noise_complaint_moving_is_mailed_to_its_reporter(db):
    location = NoiseLocation.objects.create(key="1 elm st", name="1 Elm St", latitude=37.78, longitude=-122.42)
    complaint = Complaint.objects.create(
        case_number="NC-2026-000001", noise_type="music", location=location, reported_location="1 Elm St",
        observed_at=timezone.now() - timedelta(hours=1), reporter_contact="sam@example.org")
    complaint_status_update(case_number=complaint.case_number, status="assigned", actor="staff")
    notifications_plan()
    [row] = ResidentNotification.objects.all()
    assert (row.recipient, row.subject, row.reference) == ("sam@example.org", "Noise complaint NC-2026-000001: assigned",
                                                          "NC-2026-000001")
    assert "Your noise complaint NC-2026-000001 is now assigned (it was filed). An officer has your case." in row.body
    assert "track_complaint with case number NC-2026-000001" in row.body


def test_issued_to_inspections_is_left_to_the_inspection_email(deck_application):
    event_emit(type="permit.status_changed", domain="permits",
               data={"reference": deck_application.reference, "status": "inspections", "old_status": "issued"})
    event_emit(type="inspection.scheduled", domain="permits",
               data={"reference": deck_application.reference, "inspection_type": "footing",
                     "scheduled_for": "2026-12-09T09:00:00-08:00", "inspector": "Maria Lopez"})
    notifications_plan()
    [row] = ResidentNotification.objects.all()
    assert row.subject == f"Permit {deck_application.reference}: footing inspection booked for Wed 2026-12-09 09:00"
    assert f"A footing inspection of permit {deck_application.reference} is booked for Wed 2026-12-09 09:00 " \
           "with Maria Lopez." in row.body


@pytest.mark.parametrize("contact, expected", [
    ("jane@example.com", "jane@example.com"),
    ("  Jane@Example.COM ", "jane@example.com"),
    ("(555) 123-4567", None),
    ("Jane Doe <jane@example.com>", None),  # free text around an address is not guessed at
    ("jane@", None),
    ("", None),
])
def test_only_a_contact_that_is_an_email_is_a_recipient(contact, expected):
    assert email_or_none(contact) == expected
