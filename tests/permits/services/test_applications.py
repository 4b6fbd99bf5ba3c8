"""Submitting applications, moving them along the timeline, fees, documents; and concurrency."""
import datetime as dt
import re
import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from apps.core.errors import ServiceError
from apps.events.models import Event
from apps.core.models import ReferenceSequence
from apps.permits.models import AssessedFee, PermitApplication, PermitDocument, TimelineEntry
from apps.permits.services import (
    permit_application_fees_pay,
    permit_application_submit,
    permit_application_transition,
    permit_document_add,
)
from apps.permits.services.applications import add_months
from tests.permits.helpers import PNG, advance, issued_deck, submit_deck, upload


def snapshot(media_root=None):
    files = sorted(p.name for p in media_root.rglob("*") if p.is_file()) if media_root and media_root.exists() else []
    return (PermitApplication.objects.count(), AssessedFee.objects.count(), PermitDocument.objects.count(),
            TimelineEntry.objects.count(), Event.objects.count(), files)


def test_submit_a_complete_application(deck_type, places, media_root):
    application = submit_deck()
    year = timezone.localdate().year
    assert re.fullmatch(rf"PRM-{year}-\d{{6}}", application.reference)
    assert application.status == "submitted"
    assert application.is_complete is True
    assert (application.property_address, application.place, application.zone) == ("123 Oak St", places.oak_123,
                                                                                   "R-1")
    assert (application.area_sqft, application.valuation) == (400, Decimal("8000"))
    assert application.fees_due_on == timezone.localdate() + timezone.timedelta(days=7)
    assert [(f.label, f.amount) for f in application.fees.all()] == [
        ("Permit Fee", Decimal("150.00")), ("Plan Review", Decimal("75.00")), ("Inspections", Decimal("100.00"))]
    documents = list(application.documents.order_by("pk"))
    assert [(d.filename, d.required_document.code, d.content_type) for d in documents] == [
        ("site_plan.pdf", "site_plan", "application/pdf"),
        ("structural_drawings.pdf", "structural_drawings", "application/pdf")]
    # Stored under a name the server chose, with the checked type's extension (not "site_plan.pdf").
    assert re.fullmatch(rf"permits/{application.reference}/[0-9a-f]{{32}}\.pdf", documents[0].file.name)
    assert (media_root / documents[0].file.name).read_bytes().startswith(b"%PDF-")
    entry = application.timeline.get()
    assert (entry.status, entry.note, entry.actor) == ("submitted", "Application received with every required "
                                                       "document.", "test")
    event = Event.objects.get(type="permit.submitted")
    assert event.domain == "permits"
    assert event.data == {"reference": application.reference, "permit_type": "residential_deck",
                          "property_address": "123 Oak St", "status": "submitted"}


def test_an_incomplete_application_says_what_is_missing(deck_type, places):
    application = submit_deck(documents=["site_plan.pdf", "photo.pdf"])
    assert application.is_complete is False
    assert application.timeline.get().note == ("Application received; incomplete — missing: Structural drawings "
                                               "with dimensions.")
    assert [d.required_document_id for d in application.documents.order_by("pk")][1] is None


def test_references_count_up(deck_type, places):
    first, second = submit_deck(), submit_deck()
    assert int(second.reference[-6:]) == int(first.reference[-6:]) + 1
    assert ReferenceSequence.objects.get(prefix="PRM", year=timezone.localdate().year).last_number == int(second.reference[-6:])


def test_an_existing_counter_continues(deck_type, places):
    ReferenceSequence.objects.create(prefix="PRM", year=timezone.localdate().year, last_number=122)
    assert submit_deck().reference.endswith("-000123")


def test_incompatible_zoning_refuses_and_writes_nothing(deck_type, places, media_root):
    before = snapshot(media_root)
    with pytest.raises(ServiceError) as caught:
        submit_deck(address="Downtown City Hall")
    assert caught.value.code == "zoning_incompatible"
    assert caught.value.message == (
        "Downtown City Hall is in zoning district C-1 (Commercial); A Residential Deck Permit is only issued in "
        "Residential districts. Ask the zoning office about a variance before applying.")
    assert snapshot(media_root) == before


@pytest.mark.parametrize("kwargs, field, message", [
    (dict(description="A deck", cost="8000"), "square_feet",
     "square_feet is needed to submit a Residential Deck Permit application: its fees depend on the project's size "
     "(give square_feet or state it in the description)."),
    (dict(description="Adding 650 sq ft deck", cost=None), "estimated_cost",
     "estimated_cost is needed to submit a Residential Deck Permit application: its fees depend on the project's "
     "valuation."),
])
def test_fee_inputs_must_be_known(deck_type, places, media_root, kwargs, field, message):
    before = snapshot(media_root)
    with pytest.raises(ServiceError) as caught:
        submit_deck(**kwargs)
    assert (caught.value.code, caught.value.field, caught.value.message) == ("project_detail_missing", field, message)
    assert snapshot(media_root) == before


def test_unknown_document_type_refuses_and_stores_no_file(deck_type, places, media_root):
    before = snapshot(media_root)
    with pytest.raises(ServiceError) as caught:
        permit_application_submit(permit_type="residential_deck", property_address="123 Oak St",
                                  project_description="400 sq ft deck", applicant="Jane", estimated_cost=Decimal("1"),
                                  documents=[upload("a.pdf"), upload("b.pdf", document_type="menu")])
    assert caught.value.code == "unknown_document_type"
    assert caught.value.message == (
        "Document 2 (b.pdf) has document_type \"menu\", which a Residential Deck Permit does not ask for. Document "
        "types for this project: site_plan, structural_drawings, electrical_plans, property_survey.")
    assert snapshot(media_root) == before


def test_a_failure_after_files_were_stored_removes_them(deck_type, places, media_root, monkeypatch):
    import apps.permits.services.applications as module

    def broken(**kwargs):
        raise RuntimeError("outbox down")

    monkeypatch.setattr(module, "event_emit", broken)
    before = snapshot(media_root)
    with pytest.raises(RuntimeError):
        submit_deck()
    assert snapshot(media_root) == before


# --- transitions ----------------------------------------------------------------------------

def transition_error(application, status, note=""):
    before = (PermitApplication.objects.get(pk=application.pk).status, TimelineEntry.objects.count(),
              Event.objects.count())
    with pytest.raises(ServiceError) as caught:
        permit_application_transition(reference=application.reference, status=status, note=note, actor="staff")
    after = (PermitApplication.objects.get(pk=application.pk).status, TimelineEntry.objects.count(),
             Event.objects.count())
    assert after == before
    return caught.value


def test_a_transition_records_timeline_and_event(deck_type, places):
    application = submit_deck()
    moved, old = permit_application_transition(reference=application.reference.lower(), status="in_review",
                                               note=" Looks complete. ", actor="staff:ann")
    assert (old, moved.status) == ("submitted", "in_review")
    entry = moved.timeline.last()
    assert (entry.status, entry.note, entry.actor) == ("in_review", "Looks complete.", "staff:ann")
    event = Event.objects.filter(type="permit.status_changed").get()
    assert event.data == {"reference": application.reference, "permit_type": "residential_deck",
                          "old_status": "submitted", "status": "in_review"}


def test_approval_sets_the_validity(deck_type, places):
    application = advance(submit_deck(), "in_review", "approved")
    assert application.valid_until == add_months(timezone.localdate(), 6)


@pytest.mark.parametrize("day, months, expected", [
    (dt.date(2026, 1, 31), 1, dt.date(2026, 2, 28)),
    (dt.date(2028, 1, 31), 1, dt.date(2028, 2, 29)),
    (dt.date(2026, 8, 21), 6, dt.date(2027, 2, 21)),
    (dt.date(2026, 12, 15), 12, dt.date(2027, 12, 15)),
    (dt.date(2026, 11, 30), 3, dt.date(2027, 2, 28)),
])
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


def test_refused_transition_lists_the_allowed_ones(deck_type, places):
    application = submit_deck()
    error = transition_error(application, "approved")
    assert error.code == "invalid_transition"
    assert error.message == (f"Application {application.reference} is Submitted and cannot move to Approved. From "
                             "Submitted it can move to: In Review (in_review), Corrections Requested "
                             "(corrections_requested), Rejected (rejected), Withdrawn (withdrawn).")
    assert error.details == {"allowed": ["in_review", "corrections_requested", "rejected", "withdrawn"]}


def test_final_statuses_refuse_everything(deck_type, places):
    application = advance(submit_deck(), "withdrawn")
    error = transition_error(application, "in_review")
    assert error.message == (f"Application {application.reference} is Withdrawn, which is final; submit a new "
                             "application to start again.")


def test_same_status_is_refused(deck_type, places):
    assert transition_error(submit_deck(), "submitted").code == "already_in_status"


@pytest.mark.parametrize("status", ["corrections_requested", "rejected"])
def test_notes_required(deck_type, places, status):
    application = advance(submit_deck(), "in_review")
    error = transition_error(application, status, note="  ")
    assert (error.code, error.field) == ("note_required", "note")


def test_review_needs_every_mandatory_document(deck_type, places):
    error = transition_error(submit_deck(documents=["site_plan.pdf"]), "in_review")
    assert error.code == "incomplete_application"
    assert error.details == {"missing_documents": ["structural_drawings"]}


def test_issue_needs_paid_fees(deck_type, places):
    application = advance(submit_deck(), "in_review", "approved")
    error = transition_error(application, "issued")
    assert error.code == "fees_outstanding"
    assert error.message == (f"Application {application.reference} has $325.00 in unpaid fees; the permit is issued "
                             "once they are paid.")
    assert permit_application_fees_pay(reference=application.reference) == Decimal("325.00")
    assert permit_application_transition(reference=application.reference, status="issued")[0].status == "issued"


def test_nothing_to_pay_twice(deck_type, places):
    application = submit_deck()
    permit_application_fees_pay(reference=application.reference)
    with pytest.raises(ServiceError) as caught:
        permit_application_fees_pay(reference=application.reference)
    assert caught.value.code == "nothing_outstanding"


def test_final_needs_every_required_inspection_passed(deck_type, places):
    application = issued_deck()
    error = transition_error(application, "finaled")
    assert error.code == "inspections_outstanding"
    assert error.message == (f"Application {application.reference} cannot be finaled until these inspections have "
                             "passed: Foundation, Framing, Final.")


def test_unknown_reference(db):
    with pytest.raises(ServiceError) as caught:
        permit_application_transition(reference="PRM-2026-000999", status="in_review")
    assert caught.value.code == "application_not_found"


def test_corrections_then_review_again(deck_type, places):
    application = advance(submit_deck(), "in_review", "corrections_requested", "in_review", "approved")
    assert [e.status for e in application.timeline.all()] == [
        "submitted", "in_review", "corrections_requested", "in_review", "approved"]
    assert Event.objects.filter(type="permit.status_changed").count() == 4


# --- documents added later --------------------------------------------------------------------

def test_a_staff_upload_completes_the_application(deck_type, places, media_root):
    application = submit_deck(documents=["site_plan.pdf"])
    document = permit_document_add(reference=application.reference, upload=upload("Structural Drawings.png", PNG,
                                                                                   "image/png"))
    assert document.required_document.code == "structural_drawings"
    application.refresh_from_db()
    assert application.is_complete is True
    assert (media_root / document.file.name).exists()


# --- concurrency ------------------------------------------------------------------------------

@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_never_share_a_reference(places):
    from tests.permits.helpers import make_deck_type

    make_deck_type()
    references, errors = [], []
    barrier = threading.Barrier(6)

    def submit():
        try:
            barrier.wait()
            references.append(submit_deck().reference)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(set(references)) == 6
    numbers = sorted(int(reference[-6:]) for reference in references)
    assert numbers == list(range(numbers[0], numbers[0] + 6))
    assert Event.objects.filter(type="permit.submitted").count() == 6
