"""Status moves residents wait for (issue 17): each is planned for whoever left an email on the record.

Road issues, environmental reports, variances, utility service requests and incidents: the
right recipient, the words and the tool that shows the rest, nothing for a contact that is
not an email, and nothing for a move the resident made themselves.
"""
import pytest

from apps.environmental.services import environmental_report_file, environmental_report_status_update
from apps.notifications.models import ResidentNotification
from apps.places.models import Place
from apps.notifications.services import notifications_plan
from apps.safety.services import incident_report, incident_resolve
from apps.transportation.services import road_issue_report, road_issue_status_update
from apps.utilities.services import service_request_create, service_request_status_update
from apps.zoning.services import variance_decide, variance_review_start, variance_submit, variance_withdraw
from tests.helpers.places import place_create
from tests.zoning.conftest import hearing_held, make_district

pytestmark = pytest.mark.django_db


def planned() -> list[ResidentNotification]:
    notifications_plan()
    return list(ResidentNotification.objects.order_by("id"))


def test_every_reporter_with_an_email_hears_the_road_issue_move(outage_places):
    place_create("44 Pine St", Place.Kind.ADDRESS, "37.775180", "-122.425500", zone="R-1")
    first = road_issue_report(issue_type="pothole", location="456 Oak Ave", actor="t", contact="a@example.com")
    road_issue_report(issue_type="pothole", location="42 Pine St", actor="t", contact="(555) 123-4567")
    joined = road_issue_report(issue_type="pothole", location="44 Pine St", actor="t", contact=" B@Example.com ")
    reference = first.issue.reference
    assert (joined.merged, joined.issue.report_count) == (True, 3)
    assert planned() == []  # reports are not mailed back
    road_issue_status_update(reference=reference, status="resolved", actor="crew")
    rows = planned()
    assert [(r.event_type, r.recipient, r.subject, r.reference) for r in rows] == [
        ("road_issue.status_changed", email, f"Road issue {reference}: resolved", reference)
        for email in ("a@example.com", "b@example.com")]
    assert (f"Your road issue {reference} is now resolved (it was reported). The repair is done. If the problem "
            "is back, report it again with report_road_issue.") in rows[0].body
    assert f"track_road_issue with reference {reference} and the access code you got when you reported it" \
        in rows[0].body


def test_an_environmental_report_move_is_mailed_to_its_filer(outage_places):
    report = environmental_report_file(report_type="odor", location="456 Oak Ave", description="x", actor="t",
                                       contact="Filer@Example.org").report
    environmental_report_status_update(reference=report.reference, status="investigating", actor="staff")
    [row] = planned()
    assert (row.recipient, row.subject) == ("filer@example.org",
                                            f"Environmental report {report.reference}: investigating")
    assert (f"Your environmental report {report.reference} is now investigating (it was filed). An inspector is "
            "looking into it.") in row.body
    assert f"track_environmental_report with reference {report.reference} and the access code" in row.body


@pytest.fixture
def r1(outage_places):
    """456 Oak Ave lies in R-1: where a variance can be filed."""
    return make_district("R-1", "Single-family residential", category="residential")


def submit(contact="jordan@example.com", variance_type="parking"):
    return variance_submit(property_address="456 Oak Ave", variance_type=variance_type, description="x",
                           applicant="Jordan Lee", actor="t", contact=contact).variance.reference


def test_a_variance_review_and_decision_are_mailed_with_what_the_board_decided(r1):
    reference = submit()
    variance_review_start(reference=reference, actor="staff")
    hearing_held(reference)
    variance_decide(reference=reference, decision="approved", actor="staff", note="Screen the lot with shrubs.",
                    parking_spaces_required=1)
    review, decision = planned()
    assert [(r.recipient, r.subject) for r in (review, decision)] == [
        ("jordan@example.com", f"Variance {reference}: under review"),
        ("jordan@example.com", f"Variance {reference}: approved")]
    assert (f"Your variance application {reference} is now approved (it was under review). The Board of Zoning "
            "Appeals approved your application. The Board's findings and conditions: Screen the lot with shrubs. "
            "The Board requires 1 off-street parking space at the property.") in decision.body
    assert f"track_variance with reference {reference} and the access code you got when you applied" in decision.body


def test_a_withdrawal_the_applicant_asked_for_is_not_mailed_back(r1):
    reference = submit()
    variance_withdraw(reference=reference, actor="staff")
    assert planned() == []


def test_a_service_request_move_is_mailed_to_its_requester(outage_places):
    request = service_request_create(address="456 Oak Ave", request_type="start_service", service_type="water",
                                     description="Moving in", actor="t", contact="sam@example.net").request
    service_request_status_update(reference=request.reference, status="scheduled", actor="staff")
    [row] = planned()
    assert (row.recipient, row.subject) == ("sam@example.net", f"Service request {request.reference}: scheduled")
    assert (f"Your service request {request.reference} is now scheduled (it was open). The work is scheduled; "
            "track_service_request shows the latest.") in row.body
    assert f"track_service_request with reference {request.reference} and the access code" in row.body


def test_an_incident_move_is_mailed_to_its_caller(outage_places):
    incident = incident_report(incident_type="fire", location="456 Oak Ave", description="Smoke", actor="t",
                               contact="caller@example.com").incident
    incident_resolve(reference=incident.reference, actor="staff")
    [row] = planned()
    assert (row.recipient, row.subject) == ("caller@example.com", f"Incident {incident.reference}: resolved")
    assert (f"Your incident report {incident.reference} is now resolved (it was reported). Responders have dealt "
            "with the incident and cleared the scene.") in row.body
    assert f"incident_status with reference {incident.reference} and the access code" in row.body


def test_a_contact_that_is_no_email_hears_nothing(r1):
    reference = submit(contact="555-0100", variance_type="fence")
    incident = incident_report(incident_type="fire", location="456 Oak Ave", description="Smoke", actor="t",
                               contact="Jane Doe <jane@example.com>").incident
    variance_review_start(reference=reference, actor="staff")
    incident_resolve(reference=incident.reference, actor="staff")
    assert planned() == []
