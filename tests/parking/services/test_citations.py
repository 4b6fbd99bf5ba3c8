"""Citation services: reports, issuing, staff decisions and contests, with their events."""
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.core.errors import ServiceError
from apps.parking import errors
from apps.parking.models import Citation
from apps.parking.photos import photo_verify
from apps.parking.services import (
    citation_contest,
    citation_contest_decide,
    citation_dismiss,
    citation_issue,
    citation_issue_reported,
    citation_report,
    citation_void,
)
from apps.parking.services import citations as citation_services
from apps.events.timestamps import utc_text
from tests.parking.helpers import b64, events, png_bytes

pytestmark = pytest.mark.django_db


def year():
    return timezone.localdate().year


def stored_files(media_root):
    return sorted(p.name for p in media_root.rglob("*") if p.is_file()) if media_root.exists() else []


def test_a_report_creates_a_reported_citation_and_its_event(places, violation_types, media_root):
    photo = photo_verify(data=b64(png_bytes()), mime_type="image/png")
    citation = citation_report(license_plate="XYZ789", violation_type="expired_meter", location="123 Main St",
                               description="Meter flashing red.", photo=photo, reporter="Dana", actor="tester")
    assert citation.citation_number == f"VIO-{year()}-000001"
    assert (citation.status, citation.source, citation.place, citation.fine) == (
        "reported", "resident_report", places.address, Decimal("25.00"))
    assert citation.issued_at is None and citation.due_date is None
    # FileField's upload_to dates come from datetime.now(), the machine's clock, not the city's (frozen) one.
    assert citation.photo.name.startswith(f"parking/evidence/{datetime.now():%Y/%m}/")
    assert (media_root / citation.photo.name).read_bytes() == png_bytes()
    [event] = events()
    assert event.type == "violation.created" and event.domain == "parking"
    assert event.data == {
        "violation_id": citation.pk, "citation_number": citation.citation_number, "license_plate": "XYZ789",
        "violation_type": "expired_meter", "location": "123 Main St", "status": "reported", "fine": "25.00",
        "source": "resident_report", "observed_at": utc_text(citation.observed_at),
    }


def test_a_location_with_a_zone_suffix_resolves(places, violation_types):
    citation = citation_issue(license_plate="ABC123", violation_type="expired_meter",
                              location="123 Main St, Zone A", actor="officer")
    assert (citation.location, citation.place) == ("123 Main St, Zone A", places.address)


@pytest.mark.parametrize("changes, code, field", [
    ({"violation_type": "speeding"}, "unknown_violation_type", "violation_type"),
    ({"location": "Nowhere Plaza"}, "unknown_place", "location"),
    ({"observed_at": timezone.now() + timedelta(hours=1)}, "observed_at_invalid", "observed_at"),
    ({"observed_at": timezone.now() - timedelta(days=31)}, "observed_at_invalid", "observed_at"),
])
def test_a_refused_report_writes_nothing(places, violation_types, media_root, changes, code, field):
    photo = photo_verify(data=b64(png_bytes()), mime_type="image/png")
    arguments = dict(license_plate="XYZ789", violation_type="expired_meter", location="123 Main St", photo=photo)
    arguments.update(changes)
    with pytest.raises(ServiceError) as error:
        citation_report(**arguments)
    assert (error.value.code, error.value.field) == (code, field)
    assert not Citation.objects.exists() and events() == [] and stored_files(media_root) == []


def test_a_failure_after_the_photo_is_stored_removes_it(places, violation_types, media_root, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("event store down")

    monkeypatch.setattr(citation_services, "violation_event", boom)
    photo = photo_verify(data=b64(png_bytes()), mime_type="image/png")
    with pytest.raises(RuntimeError):
        citation_report(license_plate="XYZ789", violation_type="expired_meter", location="123 Main St", photo=photo)
    assert not Citation.objects.exists() and stored_files(media_root) == []


def test_an_officer_issues_a_citation_due_in_thirty_days(places, violation_types):
    observed = timezone.now() - timedelta(minutes=20)
    citation = citation_issue(license_plate="ABC123", violation_type="Blocked Driveway", location="City Hall",
                              observed_at=observed, notes="Blocking ramp.", actor="officer:4471")
    assert (citation.status, citation.source, citation.fine, citation.created_by) == (
        "issued", "officer", Decimal("75.00"), "officer:4471")
    assert citation.observed_at == observed
    assert citation.due_date == timezone.localdate() + timedelta(days=30)
    assert [e.data["status"] for e in events("violation.created")] == ["issued"]


def test_numbers_follow_the_highest_on_record(places, violation_types, make_citation):
    make_citation(number=f"VIO-{year()}-000417")
    first = citation_issue(license_plate="AAA111", violation_type="expired_meter", location="123 Main St")
    second = citation_report(license_plate="BBB222", violation_type="expired_meter", location="123 Main St")
    assert (first.citation_number, second.citation_number) == (f"VIO-{year()}-000418", f"VIO-{year()}-000419")


def test_staff_issue_a_reported_citation(make_citation):
    report = make_citation(status="reported")
    citation = citation_issue_reported(citation_id=report.pk, actor="staff:jlee")
    assert (citation.status, citation.decided_by) == ("issued", "staff:jlee")
    assert citation.due_date == timezone.localdate() + timedelta(days=30)
    [event] = events("violation.status_changed")
    assert (event.data["old_status"], event.data["status"], event.data["citation_number"]) == (
        "reported", "issued", report.citation_number)


TRANSITIONS = [
    # service, allowed from
    (citation_issue_reported, {"reported"}),
    (citation_dismiss, {"reported", "issued"}),
    (citation_void, {"reported", "issued", "contested"}),
]


@pytest.mark.parametrize("service, allowed", TRANSITIONS)
@pytest.mark.parametrize("status", ["reported", "issued", "contested", "paid", "dismissed", "void"])
def test_staff_transitions(make_citation, service, allowed, status):
    citation = make_citation(status=status)
    if status in allowed:
        assert service(citation_id=citation.pk, actor="staff").status != status
        assert len(events("violation.status_changed")) == 1
    else:
        with pytest.raises(ServiceError) as error:
            service(citation_id=citation.pk, actor="staff")
        assert error.value.code == "invalid_transition"
        citation.refresh_from_db()
        assert citation.status == status and events() == []


def test_contest_within_the_window_pauses_late_fees(make_citation):
    citation = make_citation(issued_days_ago=21)  # the last day of the window
    contested = citation_contest(citation_number=citation.citation_number, license_plate="ABC123",
                                 reason="The meter was broken.", evidence="Photo of the display.")
    assert (contested.status, contested.contest_reason, contested.contest_evidence) == (
        "contested", "The meter was broken.", "Photo of the display.")
    [event] = events("violation.contested")
    assert event.data["reason"] == "The meter was broken."
    assert event.data["violation_id"] == citation.pk


def test_contest_after_the_window_is_refused(make_citation):
    citation = make_citation(issued_days_ago=22)
    with pytest.raises(ServiceError) as error:
        citation_contest(citation_number=citation.citation_number, license_plate="ABC123", reason="Too late?")
    deadline = timezone.localdate() - timedelta(days=1)
    assert error.value.code == "contest_window_closed"
    assert error.value.details == {"deadline": deadline.isoformat()}
    citation.refresh_from_db()
    assert citation.status == "issued" and events() == []


def test_the_contest_window_comes_from_settings(make_citation, settings):
    settings.PARKING_CONTEST_WINDOW_DAYS = 30
    citation = make_citation(issued_days_ago=25)
    assert citation_contest(citation_number=citation.citation_number, license_plate="ABC123",
                            reason="Signs missing").status == "contested"


@pytest.mark.parametrize("plate", ["ZZZ999"])
def test_contest_needs_the_plate_the_citation_was_issued_to(make_citation, plate):
    citation = make_citation()
    with pytest.raises(ServiceError) as error:
        citation_contest(citation_number=citation.citation_number, license_plate=plate, reason="Not my car")
    assert error.value.message == errors.CITATION_NOT_FOUND.format(number=citation.citation_number, plate=plate)


@pytest.mark.parametrize("status", ["reported", "contested", "paid", "dismissed", "void"])
def test_only_issued_citations_can_be_contested(make_citation, status):
    citation = make_citation(status=status, issued_days_ago=2)
    with pytest.raises(ServiceError) as error:
        citation_contest(citation_number=citation.citation_number, license_plate="ABC123", reason="Again")
    assert error.value.code == "not_contestable"
    citation.refresh_from_db()
    assert citation.status == status


def test_a_granted_contest_dismisses_the_citation(make_citation):
    citation = make_citation(status="contested")
    decided = citation_contest_decide(citation_id=citation.pk, granted=True, actor="staff:mrivera", note="Sign down.")
    assert (decided.status, decided.decision_note, decided.decided_by) == ("dismissed", "Sign down.", "staff:mrivera")
    assert events("violation.status_changed")[0].data["old_status"] == "contested"


def test_a_denied_contest_reinstates_the_citation_with_the_pending_days_added(make_citation):
    citation = make_citation(status="contested", issued_days_ago=12, contested_days_ago=8)
    due = citation.due_date
    decided = citation_contest_decide(citation_id=citation.pk, granted=False, actor="staff")
    assert decided.status == "issued"
    assert decided.due_date == due + timedelta(days=8)


def test_only_contested_citations_can_be_decided(make_citation):
    citation = make_citation()
    with pytest.raises(ServiceError) as error:
        citation_contest_decide(citation_id=citation.pk, granted=True, actor="staff")
    assert error.value.code == "invalid_transition"
