"""Document checks: magic bytes, declared type, size limit, base64, file names, matching."""
import base64

import pytest

from apps.core.errors import ServiceError
from apps.permits.documents import (
    document_check,
    document_prepare,
    match_required_document,
    safe_filename,
    sniff_content_type,
)
from apps.permits.models import RequiredDocument
from tests.permits.helpers import JPEG, PDF, PNG, b64


@pytest.mark.parametrize("data, expected", [
    (PDF, "application/pdf"), (PNG, "image/png"), (JPEG, "image/jpeg"), (b"GIF89a....", None),
    (b"MZ\x90\x00", None), (b"%PD", None), (b"", None), (b"<html>", None),
])
def test_sniff(data, expected):
    assert sniff_content_type(data) == expected


@pytest.mark.parametrize("data, declared", [
    (PDF, "application/pdf"), (PNG, "image/png"), (JPEG, "image/jpeg"), (JPEG, "image/jpg"), (PDF, "Application/PDF"),
])
def test_accepted_documents(data, declared):
    upload = document_prepare(index=1, filename="plan.x", content_type=declared, content_base64=b64(data))
    assert upload.data == data
    assert upload.size == len(data)
    assert upload.content_type == sniff_content_type(data)
    assert len(upload.sha256) == 64


def prepare_error(**kwargs) -> ServiceError:
    with pytest.raises(ServiceError) as caught:
        document_prepare(**{"index": 2, "filename": "plan.pdf", "content_type": "application/pdf", **kwargs})
    assert caught.value.code == "invalid_document"
    assert caught.value.field == "documents"
    return caught.value


def test_declared_type_must_match_the_bytes():
    error = prepare_error(content_type="image/png", content_base64=b64(PDF))
    assert error.message == ("Document 2 (plan.pdf) is a PDF file but content_type says image/png; send the "
                             "file's real type.")


def test_other_files_are_refused():
    error = prepare_error(content_base64=b64(b"MZ\x90\x00 this is an exe"))
    assert error.message == "Document 2 (plan.pdf) is not a PDF, JPEG or PNG file; upload one of those."


def test_empty_file_is_refused():
    assert prepare_error(content_base64="").message == "Document 2 (plan.pdf) is empty."


@pytest.mark.parametrize("text", ["!!!", "abc$", "%%%%"])
def test_bad_base64_is_refused(text):
    assert prepare_error(content_base64=text).message == "Document 2 (plan.pdf): content_base64 is not valid base64."


def test_size_limit_boundary(settings):
    settings.PERMITS_DOCUMENT_MAX_BYTES = 1024
    at_limit = PDF + b"x" * (1024 - len(PDF))
    assert document_prepare(index=1, filename="a.pdf", content_type="application/pdf",
                            content_base64=b64(at_limit)).size == 1024
    error = prepare_error(content_base64=b64(at_limit + b"x"))
    assert error.message == ("Document 2 (plan.pdf) is 1025 bytes; the limit is 1024 bytes. Compress or split "
                             "it.")


@pytest.mark.parametrize("encoded", [
    "data:application/pdf;base64," + b64(PDF),
    "\n".join(b64(PDF)[i:i + 8] for i in range(0, len(b64(PDF)), 8)),  # MIME line breaks
    b64(PDF).rstrip("="),  # padding left off
    base64.urlsafe_b64encode(PDF + b"\xfb\xff").decode(),  # the URL-safe alphabet
])
def test_base64_variants_assistants_send(encoded):
    upload = document_prepare(index=1, filename="a.pdf", content_type="application/pdf", content_base64=encoded)
    assert upload.data.startswith(PDF)


def test_admin_uploads_need_no_declared_type():
    assert document_check(index=1, filename="a.png", data=PNG).content_type == "image/png"


@pytest.mark.parametrize("name, safe", [
    ("site plan.pdf", "site_plan.pdf"), ("../../etc/passwd.pdf", "passwd.pdf"), ("C:\\plans\\deck.pdf", "deck.pdf"),
    ("..", "document"), ("", "document"), ("a" * 300 + ".pdf", "a" * 150),
])
def test_safe_filename(name, safe):
    assert safe_filename(name) == safe


def required(code, keywords, sequence, pk):
    return RequiredDocument(pk=pk, code=code, name=code, keywords=keywords, sequence=sequence)


DOCS = [required("site_plan", "site plan,siteplan,site", 1, 1),
        required("structural_drawings", "structural,drawings", 2, 2),
        required("engineering_calculations", "calculations,calcs,engineering", 3, 3)]


@pytest.mark.parametrize("filename, document_type, expected", [
    ("site_plan.pdf", None, "site_plan"),
    ("SitePlan.pdf", None, "site_plan"),
    ("Site-Plan final.pdf", None, "site_plan"),
    ("structural_drawings_v2.pdf", None, "structural_drawings"),
    ("structural_calculations.pdf", None, "engineering_calculations"),  # the longer keyword wins
    ("photo.png", None, None),
    ("websites.pdf", None, None),  # whole words only
    ("photo.png", "structural_drawings", "structural_drawings"),  # stated type wins
    ("site_plan.pdf", "nope", None),
])
def test_matching_uploads_to_requirements(filename, document_type, expected):
    upload = document_check(index=1, filename=filename, data=PDF, document_type=document_type)
    match = match_required_document(upload, DOCS, set())
    assert (match.code if match else None) == expected


def test_an_unsatisfied_requirement_is_preferred():
    upload = document_check(index=1, filename="structural.pdf", data=PDF)
    assert match_required_document(upload, DOCS, set()).code == "structural_drawings"
    both = document_check(index=1, filename="structural drawings calculations.pdf", data=PDF)
    assert match_required_document(both, DOCS, {3}).code == "structural_drawings"
