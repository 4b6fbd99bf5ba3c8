"""Evidence photos: the file's own bytes must prove it is the image type it claims to be."""
import pytest

from apps.parking.photos import (
    PHOTO_BAD_TYPE,
    PHOTO_EMPTY,
    PHOTO_MISMATCH,
    PHOTO_NOT_BASE64,
    PHOTO_TOO_LARGE,
    photo_content,
    photo_verify,
)
from tests.parking.helpers import b64, jpeg_bytes, png_bytes, webp_bytes


@pytest.mark.parametrize("mime_type, data, extension", [
    ("image/png", png_bytes(), "png"),
    ("image/jpeg", jpeg_bytes(), "jpg"),
    ("image/jpg", jpeg_bytes(), "jpg"),
    ("IMAGE/JPEG", jpeg_bytes(), "jpg"),
    ("image/webp", webp_bytes(), "webp"),
])
def test_real_images_pass(mime_type, data, extension):
    photo = photo_verify(data=b64(data), mime_type=mime_type)
    assert photo.content == data
    assert photo.extension == extension
    assert photo_content(photo).name.endswith(f".{extension}")


def test_a_data_url_and_line_breaks_are_tolerated():
    encoded = b64(png_bytes())
    wrapped = "\n".join(encoded[i:i + 20] for i in range(0, len(encoded), 20))
    assert photo_verify(data=f"data:image/png;base64,{wrapped}", mime_type="image/png").content == png_bytes()


@pytest.mark.parametrize("mime_type, data, message", [
    ("image/gif", b64(b"GIF89a" + b"\x00" * 20), PHOTO_BAD_TYPE),
    ("application/pdf", b64(b"%PDF-1.7"), PHOTO_BAD_TYPE),
    ("image/png", "", PHOTO_EMPTY),
    ("image/png", "not base64!!", PHOTO_NOT_BASE64),
    ("image/png", "abc", PHOTO_NOT_BASE64),  # bad padding
    ("image/png", b64(jpeg_bytes()), PHOTO_MISMATCH.format(kind="PNG", mime_type="image/png")),
    ("image/jpeg", b64(png_bytes()), PHOTO_MISMATCH.format(kind="JPEG", mime_type="image/jpeg")),
    ("image/webp", b64(png_bytes()), PHOTO_MISMATCH.format(kind="WebP", mime_type="image/webp")),
    ("image/jpeg", b64(b"MZ\x90\x00" + b"\x00" * 60), PHOTO_MISMATCH.format(kind="JPEG", mime_type="image/jpeg")),
    ("image/png", b64(png_bytes()[:-12]), PHOTO_MISMATCH.format(kind="PNG", mime_type="image/png")),  # truncated
    ("image/jpeg", b64(jpeg_bytes()[:-2]), PHOTO_MISMATCH.format(kind="JPEG", mime_type="image/jpeg")),
    ("image/webp", b64(webp_bytes()[:-3]), PHOTO_MISMATCH.format(kind="WebP", mime_type="image/webp")),
])
def test_bad_photos_are_refused(mime_type, data, message):
    with pytest.raises(ValueError) as error:
        photo_verify(data=data, mime_type=mime_type)
    assert str(error.value) == message


def test_the_size_limit(settings):
    settings.PARKING_PHOTO_MAX_BYTES = 2048
    big = jpeg_bytes()[:-2] + b"\x00" * 3000 + b"\xff\xd9"
    with pytest.raises(ValueError) as error:
        photo_verify(data=b64(big), mime_type="image/jpeg")
    assert str(error.value) == PHOTO_TOO_LARGE.format(size=len(big), limit=2048)
    exact = jpeg_bytes()[:-2] + b"\x00" * (2048 - len(jpeg_bytes())) + b"\xff\xd9"
    assert len(exact) == 2048
    assert photo_verify(data=b64(exact), mime_type="image/jpeg").content == exact
