"""submit_application, track_status, update_application_status: answers, argument tables, query counts."""
import pytest

from apps.events.models import Event
from apps.mcp.registry import Access, registry
from apps.permits.models import PermitApplication, PermitDocument
from tests.permits.helpers import JPEG, PDF, PNG, advance, b64, document, submit_deck

SUBMIT = {
    "permit_type": "residential_deck", "property_address": "123 Oak Street", "applicant": "Jane Doe",
    "project_description": "Adding 400 sq ft deck to back of house", "estimated_cost": 8000,
}


def test_declarations():
    submit = registry.find_tool("permits", "submit_application")
    assert submit.access == Access.RESIDENT
    assert submit.input_schema["properties"]["documents"]["maxItems"] == 10
    item = submit.input_schema["properties"]["documents"]["items"]
    assert item["required"] == ["filename", "content_type", "content_base64"]
    assert item["properties"]["content_type"]["enum"] == ["application/pdf", "image/jpeg", "image/png"]
    assert submit.input_schema["required"] == ["permit_type", "property_address", "project_description", "applicant"]
    update = registry.find_tool("permits", "update_application_status")
    assert update.access == Access.STAFF
    assert update.annotations["destructiveHint"] is True
    assert "submitted" not in update.input_schema["properties"]["status"]["enum"]
    track = registry.find_tool("permits", "track_status")
    assert (track.access, track.annotations["readOnlyHint"]) == (Access.PUBLIC, True)


def test_submit_with_documents(call_tool, deck_type, places, django_assert_max_num_queries):
    arguments = {**SUBMIT, "documents": [document("site_plan.pdf"),
                                         document("deck.png", PNG, "image/png", document_type="structural_drawings"),
                                         document("photo.jpg", JPEG, "image/jpeg")]}
    with django_assert_max_num_queries(33):  # flat in the documents; +1 for the access code, +2 for open questions
        result = call_tool("submit_application", arguments)
    assert result.is_error is False, result.text
    data = result.structured
    reference = data["reference"]
    assert data["status"] == "submitted"
    assert data["is_complete"] is True
    assert data["missing_documents"] == []
    assert [(d["filename"], d["content_type"], d["document_type"]) for d in data["documents"]] == [
        ("site_plan.pdf", "application/pdf", "site_plan"), ("deck.png", "image/png", "structural_drawings"),
        ("photo.jpg", "image/jpeg", None)]
    assert data["fees"]["total"] == "325.00"
    assert data["fees"]["outstanding"] == "325.00"
    assert data["timeline"][0]["status"] == "submitted"
    assert result.text.startswith("📨 **Residential Deck Permit Application Submitted**\n\n"
                                  f"**Reference:** {reference}\n- Permit: Residential Deck Permit\n"
                                  "- Property: 123 Oak Street\n- Applicant: Jane Doe\n- Status: Submitted\n\n"
                                  "📎 **Documents Received:** 3\n")
    assert Event.objects.get(type="permit.submitted").data["reference"] == reference


def test_submit_without_documents_is_incomplete(call_tool, deck_type, places):
    result = call_tool("submit_application", SUBMIT)
    assert result.structured["is_complete"] is False
    assert [d["code"] for d in result.structured["missing_documents"]] == ["site_plan", "structural_drawings"]
    assert "⚠️ **Missing Documents:**\n1. 📐 Site plan showing deck location\n2. 🏗️ Structural drawings with " \
           "dimensions" in result.text
    assert "- Status: Submitted (incomplete — documents missing)" in result.text


def nothing_written():
    return PermitApplication.objects.count(), PermitDocument.objects.count(), Event.objects.count()


SUBMIT_INVALID = [
    ({"permit_type": "residential_deck"},
     {"property_address": ["This field is required."], "project_description": ["This field is required."],
      "applicant": ["This field is required."]}),
    ({**SUBMIT, "documents": [document(f"{n}.pdf") for n in range(11)]},
     {"documents": ["non_field_errors: Ensure this field has no more than 10 elements."]}),
    ({**SUBMIT, "documents": "site_plan.pdf"},
     {"documents": ["Expected an array, got the string \"site_plan.pdf\"."]}),
    ({**SUBMIT, "documents": [{"filename": "a.pdf", "content_base64": b64(PDF)}]},
     {"documents": ["0: content_type: This field is required."]}),
    ({**SUBMIT, "documents": [document("a.txt", b"hello", "text/plain")]},
     {"documents": ["0: content_type: \"text/plain\" is not a valid choice. Valid values: application/pdf, image/jpeg, image/png."]}),
    ({**SUBMIT, "documents": [document("a.pdf"), document("b.pdf", PNG), document("c.exe", b"MZ\x90")]},
     {"documents": ["Document 2 (b.pdf) is a PNG file but content_type says application/pdf; send the file's real "
                    "type.",
                    "Document 3 (c.exe) is not a PDF, JPEG or PNG file; upload one of those."]}),
    ({**SUBMIT, "documents": [{"filename": "a.pdf", "content_type": "application/pdf", "content_base64": "@@@"}]},
     {"documents": ["Document 1 (a.pdf): content_base64 is not valid base64."]}),
    ({**SUBMIT, "applicant": ""}, {"applicant": ["This field may not be blank."]}),
]


@pytest.mark.parametrize("arguments, fields", SUBMIT_INVALID)
def test_submit_invalid_arguments_write_nothing(call_tool, deck_type, places, media_root, arguments, fields):
    before = nothing_written()
    result = call_tool("submit_application", arguments)
    assert result.is_error is True
    assert result.structured["error"]["fields"] == fields
    assert nothing_written() == before
    assert not media_root.exists() or not any(media_root.rglob("*.*"))


def test_submit_oversized_document(call_tool, deck_type, places, settings):
    settings.PERMITS_DOCUMENT_MAX_BYTES = 2048
    result = call_tool("submit_application", {**SUBMIT, "documents": [document("a.pdf", PDF + b"x" * 2048)]})
    assert result.structured["error"]["fields"] == {"documents": [
        f"Document 1 (a.pdf) is {len(PDF) + 2048} bytes; the limit is 2048 bytes. Compress or split it."]}


@pytest.mark.parametrize("arguments, code", [
    ({**SUBMIT, "permit_type": "hot_tub"}, "unknown_permit_type"),
    ({**SUBMIT, "property_address": "1 Nowhere Lane"}, "unknown_place"),
    ({**SUBMIT, "property_address": "Downtown City Hall"}, "zoning_incompatible"),
    ({**SUBMIT, "project_description": "A deck"}, "project_detail_missing"),
    ({**SUBMIT, "documents": [document("a.pdf", document_type="menu")]}, "unknown_document_type"),
])
def test_submit_refusals_are_errors_and_write_nothing(call_tool, deck_type, places, arguments, code):
    before = nothing_written()
    result = call_tool("submit_application", arguments)
    assert result.is_error is True
    assert result.structured["error"]["code"] == code
    assert nothing_written() == before


def test_track_status(call_tool, deck_type, places, django_assert_max_num_queries):
    application = advance(submit_deck(documents=["site_plan.pdf"]), "rejected")
    with django_assert_max_num_queries(10):  # +2: the catalogue rows an open question depends on
        result = call_tool("track_status", {"reference": f" {application.reference.lower()} "})
    data = result.structured
    assert data["reference"] == application.reference
    assert [(e["status"], e["note"]) for e in data["timeline"]] == [
        ("submitted", "Application received; incomplete — missing: Structural drawings with dimensions."),
        ("rejected", "noted")]
    assert data["next_statuses"] == []
    assert data["next_step"].startswith("The application was rejected")
    assert "🗓️ **Timeline:**\n- " in result.text
    assert "Rejected — noted" in result.text


@pytest.mark.parametrize("arguments, fields", [
    ({}, {"reference": ["This field is required."]}),
    ({"reference": "PRM-26-1"}, {"reference": ["Expected a permit application reference like PRM-2026-000123."]}),
    ({"reference": 123}, {"reference": ["Expected a string, got the number 123."]}),
    ({"reference": "PRM-2026-000123", "verbose": True},
     {"verbose": ["Unknown argument; this tool takes: reference, access_code."]}),
])
def test_track_status_invalid_arguments(call_tool, arguments, fields):
    result = call_tool("track_status", arguments)
    assert result.structured["error"]["fields"] == fields


def test_track_unknown_reference(call_tool, db):
    result = call_tool("track_status", {"reference": "PRM-2026-000999"})
    assert result.is_error is True
    assert result.structured["error"]["code"] == "application_not_found"


def test_update_application_status(call_tool, deck_type, places, django_assert_max_num_queries):
    application = submit_deck()
    with django_assert_max_num_queries(14):
        result = call_tool("update_application_status", {"reference": application.reference, "status": "in_review",
                                                         "note": "Plans look complete."})
    assert result.is_error is False
    data = result.structured
    assert (data["old_status"], data["status"], data["note"]) == ("submitted", "in_review", "Plans look complete.")
    assert data["next_statuses"] == ["corrections_requested", "approved", "rejected", "withdrawn"]
    assert result.text.startswith(f"✅ **{application.reference}: Submitted → In Review**\n\n"
                                  "- Note: Plans look complete.\n- Changed: ")
    assert result.text.endswith("- Next possible statuses: Corrections Requested (corrections_requested), Approved "
                                "(approved), Rejected (rejected), Withdrawn (withdrawn)")


def test_update_application_status_refusal(call_tool, deck_type, places):
    application = submit_deck()
    result = call_tool("update_application_status", {"reference": application.reference, "status": "issued"})
    assert result.is_error is True
    assert result.structured["error"]["code"] == "invalid_transition"
    application.refresh_from_db()
    assert application.status == "submitted"


@pytest.mark.parametrize("arguments, fields", [
    ({"reference": "PRM-2026-000001", "status": "submitted", "note": "x" * 2001},
     {"status": ["\"submitted\" is not a valid choice. Valid values: in_review, corrections_requested, approved, issued, inspections, finaled, rejected, withdrawn."], "note": ["Ensure this field has no more than 2000 "
                                                                   "characters."]}),
    ({"reference": "PRM-2026-000001", "status": "approved_ish"},
     {"status": ["\"approved_ish\" is not a valid choice. Valid values: in_review, corrections_requested, approved, issued, inspections, finaled, rejected, withdrawn."]}),
    ({"status": "approved"}, {"reference": ["This field is required."]}),
])
def test_update_application_status_invalid_arguments(call_tool, arguments, fields):
    assert call_tool("update_application_status", arguments).structured["error"]["fields"] == fields


PIZZA_LICENCE = {"permit_type": "business_license", "property_address": "Main St", "applicant": "Joe Rossi",
                 "project_description": "Pizza restaurant, 40 seats. No alcohol served."}


def test_submit_reads_a_denial_of_alcohol(call_tool, business_type, places):
    result = call_tool("submit_application", PIZZA_LICENCE)
    assert result.is_error is False, result.text
    assert [item["label"] for item in result.structured["fees"]["items"]] == ["Business License Fee", "Health Permit"]
    assert "state liquor" not in result.text.lower()
    assert [d["code"] for d in result.structured["missing_documents"]] == ["business_registration",
                                                                          "food_service_plan"]
    assert result.structured["open_questions"] == []
    assert PermitApplication.objects.get().serves_alcohol is None  # read from the description, not asked


def test_submit_takes_serves_alcohol_over_the_description(call_tool, business_type, places):
    result = call_tool("submit_application", {**PIZZA_LICENCE, "serves_alcohol": True})
    assert result.structured["fees"]["total"] == "850.00"
    assert "liquor_application" in [d["code"] for d in result.structured["missing_documents"]]
    assert PermitApplication.objects.get().serves_alcohol is True


def test_submit_asks_when_the_description_does_not_say(call_tool, business_type, places):
    result = call_tool("submit_application", {**PIZZA_LICENCE, "project_description": "Pizza restaurant, 40 seats"})
    assert result.structured["fees"]["total"] == "400.00"
    assert [q["argument"] for q in result.structured["open_questions"]] == ["serves_alcohol"]
    assert "❓ **Open Question:**\n- Does the business serve alcohol?" in result.text
