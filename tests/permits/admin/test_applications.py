"""The review desk in the admin: actions through the test client, as a superuser."""
import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.events.models import Event
from apps.permits.models import PermitApplication
from apps.permits.services import inspection_record_result, inspection_schedule
from tests.permits.helpers import PDF, advance, issued_deck, submit_deck

CHANGELIST = "admin:permits_permitapplication_changelist"


def act(client, action, *applications, **extra):
    data = {"action": action, "_selected_action": [a.pk for a in applications], **extra}
    return client.post(reverse(CHANGELIST), data, follow=True)


def messages_of(response):
    """The messages shown on the page the action redirected to (consumed there)."""
    return [(m.level_tag, m.message) for m in response.context["messages"]]


def status_of(application):
    return PermitApplication.objects.get(pk=application.pk).status


def test_changelist_and_change_page(admin_client, deck_type, places, django_assert_max_num_queries):
    applications = [submit_deck() for _ in range(3)]
    response = admin_client.get(reverse(CHANGELIST), {"q": applications[0].reference})
    assert response.status_code == 200
    assert applications[0].reference in response.content.decode()
    with django_assert_max_num_queries(25):
        assert admin_client.get(reverse(CHANGELIST)).status_code == 200
    page = admin_client.get(reverse("admin:permits_permitapplication_change", args=[applications[0].pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Application received with every required document." in body  # the timeline inline
    assert "site_plan.pdf" in body  # the documents inline
    assert admin_client.get(reverse("admin:permits_permitapplication_add")).status_code == 403


def test_start_review_approve_and_the_events(admin_client, deck_type, places):
    first, second = submit_deck(), submit_deck()
    response = act(admin_client, "start_review", first, second)
    assert response.redirect_chain == [(reverse(CHANGELIST), 302)]
    assert messages_of(response) == [("success", f"Moved to In Review: {first.reference}, {second.reference}.")]
    assert (status_of(first), status_of(second)) == ("in_review", "in_review")
    act(admin_client, "approve", first)
    assert status_of(first) == "approved"
    events = [e.data for e in Event.objects.filter(type="permit.status_changed").order_by("id")]
    assert events[-1] == {"reference": first.reference, "permit_type": "residential_deck", "old_status": "in_review",
                          "status": "approved"}
    assert PermitApplication.objects.get(pk=first.pk).timeline.last().actor == "staff:admin"


def test_refusals_are_messages_and_change_nothing(admin_client, deck_type, places):
    incomplete = submit_deck(documents=["site_plan.pdf"])
    events = Event.objects.count()
    response = act(admin_client, "start_review", incomplete)
    assert messages_of(response) == [("error", f"Application {incomplete.reference} is incomplete (missing: Structural "
                                               "drawings with dimensions); review starts once every required "
                                               "document is on file.")]
    assert status_of(incomplete) == "submitted"
    assert Event.objects.count() == events


def test_request_corrections_asks_for_a_note(admin_client, deck_type, places):
    application = advance(submit_deck(), "in_review")
    page = act(admin_client, "request_corrections", application)
    assert page.status_code == 200
    assert "Request corrections" in page.content.decode()
    assert application.reference in page.content.decode()
    assert status_of(application) == "in_review"
    empty = act(admin_client, "request_corrections", application, apply="1", reason="")
    assert empty.status_code == 200  # the form again, with its error
    assert status_of(application) == "in_review"
    done = act(admin_client, "request_corrections", application, apply="1", reason="Add the ledger flashing detail.")
    assert done.redirect_chain == [(reverse(CHANGELIST), 302)]
    assert status_of(application) == "corrections_requested"
    assert PermitApplication.objects.get(pk=application.pk).timeline.last().note == "Add the ledger flashing detail."


def test_reject_with_a_note(admin_client, deck_type, places):
    application = submit_deck()
    act(admin_client, "reject", application, apply="1", reason="Outside the city limits.")
    assert status_of(application) == "rejected"
    assert Event.objects.filter(type="permit.status_changed").last().data["status"] == "rejected"


def test_issue_needs_payment_recorded(admin_client, deck_type, places):
    application = advance(submit_deck(), "in_review", "approved")
    response = act(admin_client, "issue", application)
    assert messages_of(response) == [("error", f"Application {application.reference} has $325.00 in unpaid fees; "
                                               "the permit is issued once they are paid.")]
    paid = act(admin_client, "record_fee_payment", application)
    assert messages_of(paid) == [("success", f"{application.reference}: fees of $325.00 recorded as paid.")]
    act(admin_client, "issue", application)
    assert status_of(application) == "issued"


def test_final_after_every_inspection_passed(admin_client, deck_type, places, inspectors, frozen_today):
    frozen_today(dt.date(2026, 12, 4))
    application = issued_deck()
    for code in ("foundation", "framing", "final"):
        booking = inspection_schedule(reference=application.reference, inspection_type=code)
        if code != "final":
            inspection_record_result(inspection_id=booking.inspection.pk, passed=True)
    response = act(admin_client, "final", application)
    assert messages_of(response) == [("error", f"Application {application.reference} cannot be finaled until these "
                                               "inspections have passed: Final.")]
    inspection_record_result(inspection_id=application.inspections.get(inspection_type__code="final").pk, passed=True)
    act(admin_client, "final", application)
    assert status_of(application) == "finaled"


def management(prefix, total, initial):
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": str(initial),
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}


@pytest.mark.parametrize("data, accepted", [(PDF, True), (b"MZ\x90 not a pdf", False)])
def test_staff_upload_is_checked_and_completes_the_application(admin_client, deck_type, places, data, accepted):
    application = submit_deck(documents=["site_plan.pdf"])
    structural = deck_type.required_documents.get(code="structural_drawings")
    post = {**management("timeline", 1, 1), **management("fees", 3, 3), **management("documents", 2, 1),
            **management("fee_payments", 0, 0), **management("inspections", 0, 0),
            "documents-0-id": str(application.documents.get().pk),
            "documents-0-required_document": str(application.documents.get().required_document_id),
            "documents-1-file": SimpleUploadedFile("drawings.pdf", data, content_type="application/pdf"),
            "documents-1-required_document": str(structural.pk), "_save": "Save"}
    response = admin_client.post(reverse("admin:permits_permitapplication_change", args=[application.pk]), post)
    application.refresh_from_db()
    if accepted:
        assert response.status_code == 302, response.content.decode()[:2000]
        assert application.is_complete is True
        assert application.documents.count() == 2
        assert application.documents.last().required_document == structural
    else:
        assert response.status_code == 200
        assert "is not a PDF, JPEG or PNG file" in response.content.decode()
        assert application.is_complete is False
        assert application.documents.count() == 1


def test_the_change_page_shows_online_payments_and_added_documents(admin_client, deck_type, places):
    from apps.permits.services import permit_application_documents_add, permit_fees_pay
    from tests.permits.helpers import upload

    application = advance(submit_deck(documents=["site_plan.pdf"]), "corrections_requested")
    permit_application_documents_add(reference=application.reference, documents=[upload("structural_drawings.pdf")])
    application = advance(application, "approved")
    receipt = permit_fees_pay(reference=application.reference, payment_method="tok_visa").payment.receipt_number
    body = admin_client.get(reverse("admin:permits_permitapplication_change", args=[application.pk])).content.decode()
    assert receipt in body and "Visa ending 4242" in body
    assert "structural_drawings.pdf" in body
    assert "Applicant added 1 document: structural_drawings.pdf." in body
