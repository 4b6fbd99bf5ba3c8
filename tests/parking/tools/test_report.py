"""report_violation: a resident's report with a checked photo; bad photos are `photo` argument errors."""
import pytest
from django.utils import timezone

from apps.parking.models import Citation
from apps.parking.parsing import PLATE_MESSAGE
from apps.parking.photos import PHOTO_MISMATCH, PHOTO_NOT_BASE64, PHOTO_TOO_LARGE
from tests.parking.helpers import b64, events, jpeg_bytes, png_bytes, webp_bytes

pytestmark = pytest.mark.django_db


def test_the_seeds_report(call_tool, places, violation_types):
    result = call_tool("report_violation", {"license_plate": "XYZ789", "violation_type": "expired_meter",
                                            "location": "123 Main St"})
    assert result.is_error is False
    citation = Citation.objects.get()
    number = citation.citation_number
    assert result.text.startswith(f"📝 **Violation Report Received**\n\n- Reference: {number}\n"
                                  "- License Plate: XYZ789\n- Type: Expired Meter\n- Location: 123 Main St\n")
    assert (result.structured["citation_number"], result.structured["status"], result.structured["violation_id"],
            result.structured["photo_attached"]) == (number, "reported", citation.pk, False)
    [event] = events("violation.created")
    assert {k: event.data[k] for k in ("violation_id", "citation_number", "license_plate", "violation_type",
                                       "location", "status")} == {
        "violation_id": citation.pk, "citation_number": number, "license_plate": "XYZ789",
        "violation_type": "expired_meter", "location": "123 Main St", "status": "reported"}


@pytest.mark.parametrize("mime_type, data", [("image/png", png_bytes()), ("image/jpeg", jpeg_bytes()),
                                             ("image/webp", webp_bytes())])
def test_a_photo_is_stored_as_a_file(call_tool, places, violation_types, media_root, mime_type, data):
    result = call_tool("report_violation", {
        "license_plate": "XYZ789", "violation_type": "blocked_driveway",
        "location": "Downtown City Hall", "description": "Blocking the ramp since 7am.",
        "observed_at": timezone.now().isoformat(), "reporter": "Dana",
        "photo": {"data": b64(data), "mime_type": mime_type}})
    assert result.is_error is False and result.structured["photo_attached"] is True
    citation = Citation.objects.get()
    assert (media_root / citation.photo.name).read_bytes() == data
    assert (citation.description, citation.reporter) == ("Blocking the ramp since 7am.", "Dana")
    assert "- Photo: attached" in result.text


BAD_PHOTOS = [
    ({"data": b64(png_bytes()), "mime_type": "image/jpeg"},
     [PHOTO_MISMATCH.format(kind="JPEG", mime_type="image/jpeg")]),
    ({"data": "%%%", "mime_type": "image/png"}, [PHOTO_NOT_BASE64]),
    ({"data": b64(b"%PDF-1.7 not an image"), "mime_type": "image/png"},
     [PHOTO_MISMATCH.format(kind="PNG", mime_type="image/png")]),
    ({"data": b64(png_bytes()), "mime_type": "image/gif"}, ["mime_type: \"image/gif\" is not a valid choice. Valid values: image/jpeg, image/png, image/webp."]),
    ({"mime_type": "image/png"}, ["data: This field is required."]),
    ("not an object", ['Expected an object, got the string "not an object".']),
]


@pytest.mark.parametrize("photo, messages", BAD_PHOTOS)
def test_bad_photos_are_argument_errors_naming_photo(call_tool, places, violation_types, media_root, photo, messages):
    result = call_tool("report_violation", {"license_plate": "XYZ789", "violation_type": "expired_meter",
                                            "location": "123 Main St", "photo": photo})
    assert result.is_error is True
    assert result.structured["error"]["fields"] == {"photo": messages}
    assert not Citation.objects.exists() and events() == []
    assert not media_root.exists() or not any(p.is_file() for p in media_root.rglob("*"))


def test_an_oversized_photo_is_refused(call_tool, places, violation_types, settings):
    settings.PARKING_PHOTO_MAX_BYTES = 1024
    big = jpeg_bytes()[:-2] + b"\x00" * 2000 + b"\xff\xd9"
    result = call_tool("report_violation", {"license_plate": "XYZ789", "violation_type": "expired_meter",
                                            "location": "123 Main St",
                                            "photo": {"data": b64(big), "mime_type": "image/jpeg"}})
    assert result.structured["error"]["fields"] == {"photo": [PHOTO_TOO_LARGE.format(size=len(big), limit=1024)]}


VALID = [
    {"license_plate": "XYZ789", "violation_type": "expired_meter", "location": "123 Main St"},
    {"license_plate": "xyz-789", "violation_type": "Blocked Driveway", "location": "123 Main Street",
     "description": ""},
    {"license_plate": "XYZ789", "violation_type": "expired_meter", "location": "456 Main St", "reporter": ""},
]

INVALID = [
    ({"violation_type": "expired_meter", "location": "123 Main St"}, {"license_plate": ["This field is required."]}),
    ({"license_plate": "X", "violation_type": "expired_meter", "location": "123 Main St"},
     {"license_plate": [PLATE_MESSAGE]}),
    ({"license_plate": "XYZ789", "location": "123 Main St"}, {"violation_type": ["This field is required."]}),
    ({"license_plate": "XYZ789", "violation_type": "expired_meter"}, {"location": ["This field is required."]}),
    ({"license_plate": "XYZ789", "violation_type": "expired_meter", "location": "123 Main St",
      "observed_at": "yesterday"},
     {"observed_at": ["Datetime has wrong format. Use one of these formats instead: "
                      "YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z]."]}),
]


@pytest.mark.parametrize("arguments", VALID)
def test_valid_arguments(call_tool, places, violation_types, arguments):
    assert call_tool("report_violation", arguments).is_error is False


@pytest.mark.parametrize("arguments, fields", INVALID)
def test_invalid_arguments_name_the_argument(call_tool, places, violation_types, arguments, fields):
    result = call_tool("report_violation", arguments)
    assert result.is_error is True
    assert result.structured["error"]["fields"] == fields
    assert not Citation.objects.exists()


@pytest.mark.parametrize("arguments, code, field", [
    ({"violation_type": "speeding"}, "unknown_violation_type", "violation_type"),
    ({"location": "Atlantis"}, "unknown_place", "location"),
    ({"observed_at": "2020-01-01T10:00:00Z"}, "observed_at_invalid", "observed_at"),
])
def test_business_rule_errors_name_the_argument(call_tool, places, violation_types, arguments, code, field):
    result = call_tool("report_violation", {"license_plate": "XYZ789", "violation_type": "expired_meter",
                                            "location": "123 Main St"} | arguments)
    assert result.is_error is True
    assert (result.structured["error"]["code"], result.structured["error"]["field"]) == (code, field)
    assert result.text.startswith("❌ ")
    assert not Citation.objects.exists() and events() == []


def test_query_count(call_tool, places, violation_types, event_queries, django_assert_num_queries):
    arguments = {"license_plate": "XYZ789", "violation_type": "expired_meter", "location": "123 Main St"}
    call_tool("report_violation", arguments)  # creates this year's number sequence
    # savepoint, type, place, sequence lock + bump, citation, the event, release
    with django_assert_num_queries(7 + event_queries):
        result = call_tool("report_violation", arguments)
    assert result.is_error is False, result.text  # the capped call succeeded
