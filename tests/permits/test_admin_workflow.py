"""Issue 12 on the review desk: the dead end of an application submitted without documents,
refusals before input, buttons on the change form, and the admin history of every move.
"""
import datetime as dt

import httpx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.permits.models import PermitApplication
from tests.core.workflow import (
    act,
    buttons,
    change_url,
    changelist_url,
    history,
    messages_of,
    press,
    staff_call,
    staff_key,
)
from tests.permits.helpers import PDF, advance, issued_deck, submit_deck

pytestmark = pytest.mark.django_db


def fresh(application):
    return PermitApplication.objects.get(pk=application.pk)


def test_an_application_without_documents_can_be_finished(admin_client, deck_type, places, call_tool):
    application = submit_deck(documents=[])
    assert fresh(application).is_complete is False
    # Review cannot start without the documents ...
    refused = press(admin_client, application, "start_review")
    assert ("error", f"Application {application.reference} is incomplete (missing: Site plan showing deck location; "
                     "Structural drawings with dimensions); review starts once every required document is on "
                     "file.") in messages_of(refused)
    # ... so staff ask for them straight from "submitted", with the reason the applicant reads.
    form = press(admin_client, application, "request_corrections")
    assert form.status_code == 200 and 'name="reason"' in form.content.decode()
    asked = press(admin_client, application, "request_corrections", apply="1",
                  reason="Send the site plan and the structural drawings.")
    assert asked.redirect_chain == [(change_url(application), 302)]
    assert fresh(application).status == "corrections_requested"
    tracked = call_tool("track_status", {"reference": application.reference})
    assert "Send the site plan and the structural drawings." in tracked.text
    # The drawings arrive on paper: staff scan and attach them from the application's page.
    structural = deck_type.required_documents.get(code="structural_drawings")
    site_plan = deck_type.required_documents.get(code="site_plan")
    for required, name in ((site_plan, "site.pdf"), (structural, "drawings.pdf")):
        attached = press(admin_client, application, "attach_document", apply="1", required_document=required.pk,
                         file=SimpleUploadedFile(name, PDF, content_type="application/pdf"))
        assert ("success", f"{name} filed with {application.reference}.") in messages_of(attached)
    assert fresh(application).is_complete is True
    press(admin_client, application, "start_review")
    press(admin_client, application, "approve")
    assert fresh(application).status == "approved"
    assert history(application) == [
        ("admin", "Request corrections: Send the site plan and the structural drawings."),
        ("admin", f"Attached a document (site.pdf filed with {application.reference}.)"),
        ("admin", f"Attached a document (drawings.pdf filed with {application.reference}.)"),
        ("admin", "Start review"),
        ("admin", "Approve"),
    ]
    page = admin_client.get(f"/admin/permits/permitapplication/{application.pk}/history/").content.decode()
    assert "Request corrections: Send the site plan and the structural drawings." in page
    index = admin_client.get("/admin/").content.decode()
    recent = index[index.index('class="actionlist"'):]  # "Recent actions" names the record changed
    assert f"/admin/permits/permitapplication/{application.pk}/change/" in recent[:recent.index("</ul>")]


def test_a_bad_scan_is_refused_on_the_form(admin_client, deck_type, places):
    application = submit_deck(documents=["site_plan.pdf"])
    page = press(admin_client, application, "attach_document", apply="1",
                 file=SimpleUploadedFile("drawings.pdf", b"MZ\x90 not a pdf", content_type="application/pdf"))
    assert page.status_code == 200
    assert "is not a PDF, JPEG or PNG file" in page.content.decode()
    assert fresh(application).documents.count() == 1
    assert history(application) == []


def test_refused_moves_refuse_before_asking_for_a_reason(admin_client, deck_type, places):
    approved = advance(submit_deck(), "in_review", "approved")
    rejected = advance(submit_deck(), "rejected")
    # From the change list: no form, the refusals on the list.
    response = act(admin_client, PermitApplication, "request_corrections", [approved, rejected])
    assert response.redirect_chain == [(changelist_url(PermitApplication), 302)]
    assert 'name="reason"' not in response.content.decode()
    assert messages_of(response) == [
        ("error", f"Application {approved.reference} is Approved and cannot move to Corrections Requested. From "
                  "Approved it can move to: Issued (issued), Withdrawn (withdrawn)."),
        ("error", f"Application {rejected.reference} is Rejected, which is final; submit a new application to "
                  "start again."),
    ]
    # From a button: back to the page with the refusal, no form.
    pressed = press(admin_client, rejected, "reject")
    assert pressed.redirect_chain == [(change_url(rejected), 302)]
    assert 'name="reason"' not in pressed.content.decode()
    assert (fresh(approved).status, fresh(rejected).status) == ("approved", "rejected")
    assert history(approved) == history(rejected) == []


def test_a_mixed_selection_asks_only_for_what_can_move(admin_client, deck_type, places):
    in_review = advance(submit_deck(), "in_review")
    rejected = advance(submit_deck(), "rejected")
    page = act(admin_client, PermitApplication, "reject", [in_review, rejected])
    assert page.status_code == 200
    body = page.content.decode()
    assert 'name="reason"' in body and in_review.reference in body and rejected.reference in body
    assert f'value="{in_review.pk}"' in body and f'value="{rejected.pk}"' not in body
    act(admin_client, PermitApplication, "reject", [in_review], apply="1", reason="Outside the city limits.")
    assert fresh(in_review).status == "rejected"
    assert history(in_review) == [("admin", "Reject: Outside the city limits.")]


def test_change_form_buttons_follow_the_status(admin_client, deck_type, places, inspectors):
    submitted = submit_deck()
    assert buttons(admin_client, submitted) == ["start_review", "request_corrections", "reject", "record_fee_payment",
                                                "attach_document"]
    page = admin_client.get(change_url(submitted)).content.decode()
    assert 'action="/admin/permits/permitapplication/%d/workflow/start_review/"' % submitted.pk in page
    assert "csrfmiddlewaretoken" in page
    issued = issued_deck()
    assert buttons(admin_client, issued) == ["final", "schedule_inspection"]


def test_a_get_never_moves_anything(admin_client, deck_type, places):
    application = submit_deck()
    response = admin_client.get(f"/admin/permits/permitapplication/{application.pk}/workflow/start_review/")
    assert response.status_code == 302
    assert fresh(application).status == "submitted"
    assert admin_client.get(f"/admin/permits/permitapplication/{application.pk}/workflow/nonsense/").status_code == 404


def test_schedule_an_inspection_from_the_page(admin_client, deck_type, places, inspectors, frozen_today,
                                               call_tool):
    frozen_today(dt.date(2026, 12, 4))
    application = issued_deck()
    form = press(admin_client, application, "schedule_inspection")
    assert 'name="inspection_type"' in form.content.decode()
    booked = press(admin_client, application, "schedule_inspection", apply="1", inspection_type="foundation")
    [(level, text)] = messages_of(booked)
    assert level == "success" and text.startswith(f"Foundation inspection of {application.reference} booked for ")
    assert application.inspections.count() == 1
    assert history(application)[-1][1].startswith("Scheduled an inspection (Foundation inspection of")
    refused = press(admin_client, advance(submit_deck(), "rejected"), "schedule_inspection")
    assert 'name="inspection_type"' not in refused.content.decode()
    # The inspector's result, from the inspection's own page: a failure says what failed.
    inspection = application.inspections.get()
    press(admin_client, inspection, "mark_failed", apply="1", reason="Footing depth under 12 in.")
    assert history(inspection) == [("admin", "Failed: Footing depth under 12 in.")]
    tracked = call_tool("track_status", {"reference": application.reference})
    assert tracked.structured["inspections"][0]["result_note"] == "Footing depth under 12 in."


def test_the_staff_tool_writes_the_history_as_the_keys_owner(deck_type, places, django_user_model):
    application = submit_deck()
    owner, key = staff_key(django_user_model, "permits")
    result = staff_call("permits", "update_application_status",
                        {"reference": application.reference, "status": "in_review"}, key)
    assert result.is_error is False
    assert history(application) == [
        ("desk-lead", f"Status submitted → in_review — via update_application_status (API key "
                      f"{key.api_key.prefix}…)")]
    # A refused call writes nothing.
    refused = staff_call("permits", "update_application_status",
                         {"reference": application.reference, "status": "issued"}, key)
    assert refused.is_error is True
    assert len(history(application)) == 1


@pytest.mark.django_db(transaction=True)
def test_a_staff_call_through_the_server_shows_in_the_history(server, deck_type, places, django_user_model):
    application = submit_deck()
    owner, key = staff_key(django_user_model, "permits", username="permit-desk")
    response = httpx.post(server.mcp_url("permits"), timeout=30, headers={"X-API-Key": key.raw_key}, json={
        "jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {
            "name": "update_application_status",
            "arguments": {"reference": application.reference, "status": "rejected", "note": "Outside the city."}}})
    assert response.json()["result"]["isError"] is False
    assert history(application) == [
        ("permit-desk", f"Status submitted → rejected: Outside the city. — via update_application_status (API key "
                        f"{key.api_key.prefix}…)")]
