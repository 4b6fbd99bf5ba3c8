"""Reading applications: the status report, missing documents, next steps, query counts."""
import datetime as dt
from decimal import Decimal

import pytest

from apps.core.errors import ServiceError
from apps.permits.models import Inspection
from apps.permits.selectors import (
    inspection_type_codes,
    permit_application_get,
    permit_application_missing_documents,
    permit_application_report,
)
from tests.permits.helpers import advance, issued_deck, local, submit_deck


def report_for(reference):
    return permit_application_report(permit_application_get(reference=reference))


def test_report_of_an_incomplete_submission(deck_type, places):
    application = submit_deck(documents=["site_plan.pdf"])
    report = report_for(application.reference.lower())
    assert report["reference"] == application.reference
    assert (report["status"], report["status_label"], report["is_complete"]) == ("submitted", "Submitted", False)
    assert [d["code"] for d in report["missing_documents"]] == ["structural_drawings"]
    assert report["documents"][0]["document_type"] == "site_plan"
    assert report["fees"]["total"] == Decimal("325.00")
    assert report["fees"]["outstanding"] == Decimal("325.00")
    assert report["fees"]["paid"] == Decimal("0.00")
    assert report["fees"]["due_on"] == application.fees_due_on
    assert report["next_statuses"] == ["in_review", "corrections_requested", "rejected", "withdrawn"]
    assert report["next_step"] == (
        "The application is incomplete. Send the missing documents (Structural drawings with dimensions) with "
        "add_documents. Pay the outstanding fees of $325.00 with pay_permit_fees (due Tuesday, December 1 "
        "(in 7 days)).")
    assert [entry["status"] for entry in report["timeline"]] == ["submitted"]


def test_missing_documents_follow_the_stored_project(deck_type, places):
    application = submit_deck(description="Adding 650 sq ft deck", cost="20000")
    assert [d.code for d in permit_application_missing_documents(application)] == ["engineering_calculations"]


def test_next_steps_along_the_timeline(deck_type, places, inspectors):
    application = advance(submit_deck(), "in_review", "approved")
    assert report_for(application.reference)["next_step"] == (
        "Pay the outstanding fees of $325.00 with pay_permit_fees (due Tuesday, December 1 (in 7 days)). The permit "
        "is issued once they are paid.")
    application = advance(application, "issued")
    assert report_for(application.reference)["next_step"] == (
        "Schedule the foundation inspection before building with schedule_inspection (inspection_type "
        "\"foundation\", with the access code submit_application returned).")
    foundation = deck_type.inspection_types.get(code="foundation")
    Inspection.objects.create(application=application, inspection_type=foundation,
                              inspector=inspectors.maria, scheduled_for=local(2026, 12, 1, 9))
    # Framing comes after foundation has passed: while foundation is booked, that booking is the step.
    assert report_for(application.reference)["next_step"] == (
        "The foundation inspection is booked for Tuesday, December 1 at 9:00 AM; have the work ready for the "
        "inspector.")
    Inspection.objects.filter(inspection_type=foundation).update(status=Inspection.Status.PASSED)
    assert report_for(application.reference)["next_step"] == (
        "Schedule the framing inspection before decking and railings go on with schedule_inspection "
        "(inspection_type \"framing\", with the access code submit_application returned).")


def test_booked_inspections_are_reported(deck_type, places, inspectors):
    application = issued_deck()
    kinds = {k.code: k for k in deck_type.inspection_types.all()}
    for code, day in (("foundation", 1), ("framing", 2), ("final", 3)):
        Inspection.objects.create(application=application, inspection_type=kinds[code], inspector=inspectors.maria,
                                  scheduled_for=local(2026, 12, day, 9))
    report = report_for(application.reference)
    assert [(i["inspection_type"], i["status"], i["inspector"]) for i in report["inspections"]] == [
        ("foundation", "scheduled", "Maria Lopez"), ("framing", "scheduled", "Maria Lopez"),
        ("final", "scheduled", "Maria Lopez")]
    assert report["next_step"] == ("The foundation inspection is booked for Tuesday, December 1 at 9:00 AM; have "
                                   "the work ready for the inspector.")


def test_unknown_reference(db):
    with pytest.raises(ServiceError) as caught:
        permit_application_get(reference="prm-2026-000999")
    assert caught.value.code == "application_not_found"
    assert caught.value.message == (
        "No permit application has reference PRM-2026-000999. References look like PRM-2026-000123; check the "
        "confirmation you received when the application was submitted.")


def test_report_query_count_does_not_grow_with_rows(deck_type, places, inspectors, django_assert_num_queries):
    application = issued_deck()
    kinds = list(deck_type.inspection_types.all())
    for n, kind in enumerate(kinds):
        Inspection.objects.create(application=application, inspection_type=kind, inspector=inspectors.james,
                                  scheduled_for=local(2026, 12, 1, 9) + dt.timedelta(days=n))
    with django_assert_num_queries(10):
        report = report_for(application.reference)
    assert len(report["inspections"]) == len(kinds) > 0  # the capped read returned every row


def test_inspection_type_codes(deck_type, building_type, places):
    application = submit_deck()
    assert inspection_type_codes() == ["final", "foundation", "framing"]
    assert inspection_type_codes(permit_type="building_permit") == ["final", "foundation"]
    assert inspection_type_codes(reference=application.reference, prefix="f") == ["final", "foundation", "framing"]
    assert inspection_type_codes(reference=application.reference, prefix="fo") == ["foundation"]
    assert inspection_type_codes(reference="PRM-2000-000001") == []
