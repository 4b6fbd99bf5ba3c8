"""Evidence photos: base64 in, checked to be a real JPEG, PNG or WebP, stored as a file.

The declared MIME type is never trusted: the file's own signature must agree with it, so
a renamed executable or a truncated upload is refused before anything is written.
"""
import base64
import binascii
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}
MIME_ALIASES = {"image/jpg": "image/jpeg", "image/pjpeg": "image/jpeg"}

PHOTO_NOT_BASE64 = "photo.data must be the image encoded as base64."
PHOTO_EMPTY = "photo.data is empty; attach the image or leave photo out."
PHOTO_TOO_LARGE = "The photo is {size} bytes; the limit is {limit} bytes. Send a smaller image."
PHOTO_BAD_TYPE = "photo.mime_type must be one of image/jpeg, image/png or image/webp."
PHOTO_MISMATCH = "The photo is not a valid {kind} image (its contents do not match {mime_type})."


@dataclass(frozen=True)
class Photo:
    """A verified image, ready to store."""

    content: bytes
    mime_type: str

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.mime_type]


def _looks_like(mime_type: str, data: bytes) -> bool:
    if mime_type == "image/jpeg":
        # SOI marker then another marker; a JPEG ends with EOI (FF D9), allowing trailing padding.
        return data[:3] == b"\xff\xd8\xff" and b"\xff\xd9" in data[-64:]
    if mime_type == "image/png":
        # Signature, the IHDR chunk that must come first, and the IEND chunk that closes it.
        return data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR" and b"IEND" in data[-12:]
    if mime_type == "image/webp":
        if len(data) < 16 or data[:4] != b"RIFF" or data[8:12] != b"WEBP":
            return False
        riff_size = int.from_bytes(data[4:8], "little")
        return data[12:16] in (b"VP8 ", b"VP8L", b"VP8X") and riff_size + 8 <= len(data)
    return False


def photo_verify(*, data: str, mime_type: str) -> Photo:
    """Decode and check a photo; raise ValueError with the sentence the `photo` error shows."""
    declared = MIME_ALIASES.get(str(mime_type).strip().lower(), str(mime_type).strip().lower())
    if declared not in EXTENSIONS:
        raise ValueError(PHOTO_BAD_TYPE)
    text = "".join(str(data).split())
    if text.startswith("data:") and "," in text:
        text = text.split(",", 1)[1]  # tolerate a data: URL
    if not text:
        raise ValueError(PHOTO_EMPTY)
    limit = settings.PARKING_PHOTO_MAX_BYTES
    # The decoded size, known before decoding: refuse a huge upload without decoding it.
    size = len(text) * 3 // 4 - text[-2:].count("=")
    if size > limit:
        raise ValueError(PHOTO_TOO_LARGE.format(size=size, limit=limit))
    try:
        content = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise ValueError(PHOTO_NOT_BASE64) from None
    if len(content) > limit:
        raise ValueError(PHOTO_TOO_LARGE.format(size=len(content), limit=limit))
    if not _looks_like(declared, content):
        kind = EXTENSIONS[declared].upper().replace("JPG", "JPEG").replace("WEBP", "WebP")
        raise ValueError(PHOTO_MISMATCH.format(kind=kind, mime_type=declared))
    return Photo(content=content, mime_type=declared)


def photo_filename(photo: Photo) -> str:
    """Return a fresh, unguessable file name for `photo`."""
    return f"{timezone.now():%Y%m%d}-{uuid.uuid4().hex}.{photo.extension}"


def photo_content(photo: Photo) -> ContentFile:
    return ContentFile(photo.content, name=photo_filename(photo))


def photo_delete(name: str) -> None:
    """Remove a stored photo whose citation was never committed."""
    if name:
        default_storage.delete(name)
