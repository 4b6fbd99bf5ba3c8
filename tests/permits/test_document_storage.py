"""Uploaded documents are stored under a name the server chooses (issue 11, item 6).

A PDF/HTML polyglot named "evil.html" passes the PDF check; stored under the client's name
it would be served back as HTML. The stored name is random with the checked type's extension;
the client's name survives, sanitized, only as the `filename` shown to people.
"""
import re

from apps.permits.documents import document_check
from apps.permits.models import PermitApplication, PermitDocument
from tests.permits.helpers import JPEG, PDF, b64
from tests.permits.test_e2e import STRUCTURED_HEADERS, SUBMIT, call

POLYGLOT = b"%PDF-1.4\n<html><script>alert(document.cookie)</script></html>\n1 0 obj<<>>endobj\n"
STORED_NAME = r"[0-9a-f]{32}\.(pdf|jpg|png)"


def test_the_storage_name_is_random_with_the_checked_types_extension():
    upload = document_check(index=1, filename="../evil.html", data=POLYGLOT, content_type="application/pdf")
    assert upload.filename == "evil.html"  # kept for display only
    assert re.fullmatch(r"[0-9a-f]{32}\.pdf", upload.storage_name)
    assert upload.storage_name == upload.storage_name  # chosen once
    again = document_check(index=1, filename="evil.html", data=POLYGLOT)
    assert again.storage_name != upload.storage_name
    assert document_check(index=1, filename="x.exe", data=JPEG).storage_name.endswith(".jpg")


def test_a_polyglot_named_evil_html_is_stored_as_pdf_through_the_server(server, demo_city):
    arguments = {**SUBMIT, "documents": [
        {"filename": "evil.html", "content_type": "application/pdf", "content_base64": b64(POLYGLOT)},
        {"filename": "structural_drawings.pdf", "content_type": "application/pdf", "content_base64": b64(PDF)},
    ]}
    result = call(server.mcp_url("permits"), "submit_application", arguments, STRUCTURED_HEADERS)
    assert result.get("isError") is not True, result
    application = PermitApplication.objects.get(reference=result["structuredContent"]["reference"])
    documents = list(PermitDocument.objects.filter(application=application).order_by("pk"))
    assert [d.filename for d in documents] == ["evil.html", "structural_drawings.pdf"]
    for document in documents:
        directory, _, name = document.file.name.rpartition("/")
        assert directory == f"permits/{application.reference}"
        assert re.fullmatch(r"[0-9a-f]{32}\.pdf", name), document.file.name
        assert not document.file.name.endswith(".html")
