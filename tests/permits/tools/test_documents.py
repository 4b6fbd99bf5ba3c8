"""add_documents: the applicant sends what the application was waiting for; review resumes."""
import pytest

from apps.accounts.access_codes import access_code_issue
from apps.events.models import Event
from apps.mcp.registry import Access, registry
from apps.permits.models import PermitDocument
from tests.permits.helpers import PDF, advance, document, submit_deck


def test_declaration():
    tool = registry.find_tool("permits", "add_documents")
    assert tool.access == Access.RESIDENT
    assert tool.input_schema["required"] == ["reference", "documents"]
    assert tool.input_schema["properties"]["documents"]["maxItems"] == 10


def corrections_asked(documents=("site_plan.pdf",)):
    application = advance(submit_deck(documents=documents), "corrections_requested")
    return application, access_code_issue(application)


def test_sending_the_missing_document_moves_corrections_back_to_review(call_tool, deck_type, places):
    application, code = corrections_asked()
    result = call_tool("add_documents", {"reference": application.reference, "access_code": code,
                                         "documents": [document("structural_drawings.pdf")]})
    assert result.is_error is False, result.text
    report = result.structured
    assert (report["status"], report["is_complete"], report["missing_documents"]) == ("in_review", True, [])
    assert [d["document_type"] for d in report["documents"]] == ["site_plan", "structural_drawings"]
    assert [(e["status"], e["note"]) for e in report["timeline"][-2:]] == [
        ("corrections_requested", "Applicant added 1 document: structural_drawings.pdf."),
        ("in_review", "Corrections received; review resumes.")]
    assert result.text.startswith(f"📎 **1 Document Added to {application.reference}**\n\n🔄 Status: In Review — "
                                  "review resumes.")
    added = Event.objects.get(type="permit.documents_added")
    assert added.data == {"reference": application.reference, "count": 1, "status": "in_review",
                          "old_status": "corrections_requested"}
    moved = Event.objects.filter(type="permit.status_changed").last()
    assert (moved.data["old_status"], moved.data["status"]) == ("corrections_requested", "in_review")


def test_a_document_that_leaves_something_missing_keeps_waiting(call_tool, deck_type, places):
    application, code = corrections_asked(documents=())
    result = call_tool("add_documents", {"reference": application.reference, "access_code": code,
                                         "documents": [document("site_plan.pdf")]})
    assert result.structured["status"] == "corrections_requested"
    assert [d["code"] for d in result.structured["missing_documents"]] == ["structural_drawings"]
    assert result.structured["next_step"].startswith("The application is incomplete. Send the missing documents "
                                                     "(Structural drawings with dimensions) with add_documents.")


def test_a_submitted_application_stays_submitted_and_completes(call_tool, deck_type, places):
    application = submit_deck(documents=["site_plan.pdf"])
    code = access_code_issue(application)
    result = call_tool("add_documents", {"reference": application.reference, "access_code": code,
                                         "documents": [document("drawings.png", content_type="image/png",
                                                                data=b"\x89PNG\r\n\x1a\n" + b"\x00" * 24,
                                                                document_type="structural_drawings")]})
    assert result.is_error is False, result.text
    assert (result.structured["status"], result.structured["is_complete"]) == ("submitted", True)


@pytest.mark.parametrize("proof", [{}, {"access_code": "AAAAA-BBBBB"}])
def test_only_the_applicant_adds_documents(call_tool, deck_type, places, proof):
    application, _ = corrections_asked()
    events = Event.objects.count()
    result = call_tool("add_documents", {"reference": application.reference, "documents": [document("x.pdf")],
                                         **proof})
    assert result.structured["error"]["code"] == "owner_proof_required"
    assert result.structured["error"]["message"].startswith(
        f"Only the applicant can add documents for {application.reference}: give access_code")
    assert (PermitDocument.objects.count(), Event.objects.count()) == (1, events)


def test_a_decided_application_takes_no_documents(call_tool, deck_type, places, media_root):
    application = advance(submit_deck(), "in_review", "approved")
    files = sorted(media_root.rglob("*"))
    result = call_tool("add_documents", {"reference": application.reference,
                                         "access_code": access_code_issue(application),
                                         "documents": [document("late.pdf")]})
    assert result.structured["error"] == {
        "code": "documents_closed", "field": "reference",
        "message": f"Application {application.reference} is Approved; documents can be added while it is submitted, "
                   "in review or waiting for corrections.", "details": {"status": "approved"}}
    assert PermitDocument.objects.count() == 2
    assert sorted(media_root.rglob("*")) == files  # nothing stored, nothing left behind


def test_an_unknown_document_type_stores_nothing(call_tool, deck_type, places):
    application, code = corrections_asked()
    result = call_tool("add_documents", {"reference": application.reference, "access_code": code,
                                         "documents": [document("a.pdf"), document("b.pdf", document_type="nope")]})
    assert result.structured["error"]["code"] == "unknown_document_type"
    assert PermitDocument.objects.count() == 1


def test_no_documents_is_refused_by_name(call_tool):
    result = call_tool("add_documents", {"reference": "PRM-2026-000001", "documents": []})
    assert result.structured["error"]["fields"] == {"documents": ["Give at least one document to add."]}
    assert PDF  # the helpers' minimal PDF is what document() sends
