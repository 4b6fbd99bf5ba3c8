"""Check uploaded documents: decode base64, recognise PDF/JPEG/PNG by their magic bytes.

The declared content type is never trusted on its own: a file is what its first bytes say,
and a mismatch is refused so a renamed executable cannot pose as a site plan. A
`DocumentUpload` is only ever built by `document_check`, so holding one means it passed.

The file is stored under a name the server chooses (`storage_name`: random, with the
extension of the type the bytes proved), never the sender's: "evil.html" holding a PDF
would otherwise be served back as HTML by any web server that trusts extensions. The
sender's name is kept, sanitized, only as data (`filename`) for display and matching.
"""
import base64
import binascii
import hashlib
import re
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.text import get_valid_filename

from apps.core.errors import ServiceError
from apps.permits.errors import (
    DOCUMENT_BASE64_MESSAGE,
    DOCUMENT_EMPTY_MESSAGE,
    DOCUMENT_TOO_LARGE_MESSAGE,
    DOCUMENT_TYPE_MESSAGE,
    DOCUMENT_TYPE_MISMATCH_MESSAGE,
    PermitErrorCode,
)

# (magic bytes, content type, name) — the only kinds of file an application accepts.
SIGNATURES = (
    (b"%PDF-", "application/pdf", "PDF"),
    (b"\xff\xd8\xff", "image/jpeg", "JPEG"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "PNG"),
)
CONTENT_TYPES = tuple(content_type for _, content_type, _ in SIGNATURES)
_TYPE_NAMES = {content_type: name for _, content_type, name in SIGNATURES}
EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
_DATA_URL_RE = re.compile(r"^data:[\w/+.-]*;base64,", re.IGNORECASE)


@dataclass(frozen=True)
class DocumentUpload:
    """A decoded document that passed the type and size checks."""

    filename: str
    content_type: str
    data: bytes
    sha256: str
    document_type: str | None = None
    # Chosen once per upload, so a retry of the same save cannot pick a second name.
    token: str = field(default_factory=lambda: uuid.uuid4().hex)

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def storage_name(self) -> str:
        """The file's name on disk: random, with the extension of the checked type."""
        return f"{self.token}.{EXTENSIONS[self.content_type]}"


def max_document_bytes() -> int:
    return settings.PERMITS_DOCUMENT_MAX_BYTES


def sniff_content_type(data: bytes) -> str | None:
    """Return the content type the file's magic bytes announce, or None if not accepted."""
    for magic, content_type, _ in SIGNATURES:
        if data.startswith(magic):
            return content_type
    return None


def safe_filename(filename: str) -> str:
    """Keep the last path component, made safe for storage ("../x y.pdf" → "x_y.pdf")."""
    name = re.split(r"[\\/]", filename.strip())[-1]
    try:
        name = get_valid_filename(name)
    except Exception:  # SuspiciousFileOperation for names like ".."
        name = ""
    return name[:150] or "document"


def _decode(content_base64: str) -> bytes:
    text = _DATA_URL_RE.sub("", content_base64.strip())
    text = re.sub(r"\s+", "", text)
    text += "=" * (-len(text) % 4)
    if "-" in text or "_" in text:
        return base64.urlsafe_b64decode(text.encode("ascii"))
    return base64.b64decode(text.encode("ascii"), validate=True)


def document_check(*, index: int, filename: str, data: bytes, content_type: str | None = None,
                   document_type: str | None = None) -> DocumentUpload:
    """Check one document's bytes: not empty, within the size limit, a real PDF/JPEG/PNG.

    `content_type` is what the sender declared (None when nobody declared one, as with
    an admin upload); when given it must agree with the magic bytes.
    """
    name = safe_filename(filename)
    context = {"index": index, "filename": name}
    if not data:
        raise ServiceError(PermitErrorCode.INVALID_DOCUMENT, DOCUMENT_EMPTY_MESSAGE.format(**context),
                           field="documents")
    limit = max_document_bytes()
    if len(data) > limit:
        raise ServiceError(PermitErrorCode.INVALID_DOCUMENT,
                           DOCUMENT_TOO_LARGE_MESSAGE.format(size=len(data), limit=limit, **context),
                           field="documents")
    detected = sniff_content_type(data)
    if detected is None:
        raise ServiceError(PermitErrorCode.INVALID_DOCUMENT, DOCUMENT_TYPE_MESSAGE.format(**context),
                           field="documents")
    declared = (content_type or detected).strip().lower()
    if declared == "image/jpg":
        declared = "image/jpeg"
    if declared != detected:
        raise ServiceError(PermitErrorCode.INVALID_DOCUMENT, DOCUMENT_TYPE_MISMATCH_MESSAGE.format(
            detected=_TYPE_NAMES[detected], declared=content_type, **context), field="documents")
    return DocumentUpload(filename=name, content_type=detected, data=data,
                          sha256=hashlib.sha256(data).hexdigest(), document_type=document_type or None)


def document_prepare(*, index: int, filename: str, content_type: str, content_base64: str,
                     document_type: str | None = None) -> DocumentUpload:
    """Decode and check one uploaded document (`index` is 1-based, for messages)."""
    try:
        data = _decode(content_base64)
    except (binascii.Error, ValueError, UnicodeEncodeError):
        raise ServiceError(PermitErrorCode.INVALID_DOCUMENT, DOCUMENT_BASE64_MESSAGE.format(
            index=index, filename=safe_filename(filename)), field="documents") from None
    return document_check(index=index, filename=filename, data=data, content_type=content_type,
                          document_type=document_type)


def _normalized(text: str) -> str:
    return " " + re.sub(r"[^a-z0-9]+", " ", text.lower()).strip() + " "


def match_required_document(upload: DocumentUpload, required: list, satisfied: set):
    """Return the required document an upload stands for, or None.

    An explicit `document_type` wins; otherwise the file name decides, preferring a
    requirement not yet satisfied, then the longest keyword ("structural calculations"
    is the calculations, not the drawings).
    """
    if upload.document_type:
        return next((doc for doc in required if doc.code == upload.document_type), None)
    name = _normalized(upload.filename.rsplit(".", 1)[0])
    best, best_key = None, None
    for doc in required:
        for keyword in [*doc.keyword_list(), doc.code.replace("_", " ")]:
            if _normalized(keyword) in name:
                key = (doc.pk not in satisfied, len(keyword), -doc.sequence)
                if best_key is None or key > best_key:
                    best, best_key = doc, key
    return best
