"""Serializer fields shared by the parking tools: plates, citation numbers, photos, money.

Each input field turns what an assistant sends into the value the services expect, and a
bad value into an argument error that names the argument.
"""
import re

from rest_framework import serializers

from apps.mcp.schema import optional
from apps.parking.parsing import citation_number_normalize, plate_normalize
from apps.parking.photos import EXTENSIONS, photo_verify

VIOLATION_TYPE_HELP = ("Violation type code such as expired_meter, blocked_driveway, no_parking_zone, "
                       "fire_hydrant, double_parking (the resource civicmind://parking/violation-types lists all).")
LOCATION_HELP = "Where the vehicle is: a street address (\"123 Main St\") or a landmark the city knows."
PHOTO_HELP = "Optional photo evidence: {data: base64, mime_type: image/jpeg|image/png|image/webp}."
OBSERVED_AT_HELP = "When the violation was seen (ISO 8601); defaults to now. Within the last 30 days."
CARD_NUMBER_RE = re.compile(r"^[\d\s-]{12,23}$")
CARD_NUMBER_MESSAGE = ("Never send a card number: send a payment token from the city's payment page "
                       "(the demo gateway takes tok_visa).")


class LicensePlateField(serializers.CharField):
    """A plate, normalised ("abc-123" -> "ABC123")."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 16)
        kwargs.setdefault("help_text", "License plate number, e.g. ABC123 (case, spaces and dashes are ignored).")
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        try:
            return plate_normalize(super().to_internal_value(data))
        except ValueError as error:
            raise serializers.ValidationError(str(error)) from None


class CitationNumberField(serializers.CharField):
    """A citation number, normalised ("vio-2025-1234" -> "VIO-2025-001234")."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("help_text", "Citation number, e.g. VIO-2025-001234.")
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        try:
            return citation_number_normalize(super().to_internal_value(data))
        except ValueError as error:
            raise serializers.ValidationError(str(error)) from None


class PhotoInput(serializers.Serializer):
    data = serializers.CharField(help_text="The image file encoded as base64 (a data: URL is accepted too).",
                                 trim_whitespace=True)
    mime_type = serializers.ChoiceField(choices=sorted(EXTENSIONS), help_text="The image's MIME type.")


def verified_photo(value):
    """Validate a PhotoInput value into a Photo; errors land on the `photo` argument."""
    if value is None:
        return None
    try:
        return photo_verify(data=value["data"], mime_type=value["mime_type"])
    except ValueError as error:
        raise serializers.ValidationError(str(error)) from None


def money_field(**kwargs):
    return serializers.DecimalField(max_digits=10, decimal_places=2, **kwargs)


def payment_method_check(value: str) -> str:
    if CARD_NUMBER_RE.match(value) and sum(ch.isdigit() for ch in value) >= 12:
        raise serializers.ValidationError(CARD_NUMBER_MESSAGE)
    return value


class PaymentOptionsOutput(serializers.Serializer):
    online_url = serializers.URLField()
    phone = serializers.CharField()
    in_person = serializers.CharField()

    class Meta:
        public_fields = ("online_url", "phone", "in_person")


class CitationOutput(serializers.Serializer):
    """One citation and what it costs today."""

    citation_number = serializers.CharField()
    license_plate = serializers.CharField()
    violation_type = serializers.CharField(help_text="Violation type code, e.g. expired_meter.")
    violation_type_description = serializers.CharField()
    location = serializers.CharField()
    observed_at = serializers.DateTimeField()
    issued_at = serializers.DateTimeField(allow_null=True)
    issued_on = serializers.DateField(allow_null=True)
    due_date = serializers.DateField(allow_null=True)
    status = serializers.CharField()
    fine = money_field()
    late_fees = money_field()
    amount_due = money_field()
    currency = serializers.CharField()
    days_overdue = serializers.IntegerField()
    late_fees_paused = serializers.BooleanField()
    next_late_fee_on = serializers.DateField(allow_null=True)
    contest_deadline = serializers.DateField(allow_null=True)
    decision_note = serializers.CharField(allow_null=True, help_text="Why staff dismissed, voided or decided a "
                                                                     "contest on it, as they wrote it.")

    class Meta:
        public_fields = ("citation_number", "violation_type", "violation_type_description", "issued_on",
            "due_date", "status", "fine", "late_fees", "amount_due", "currency", "days_overdue",
            "late_fees_paused", "next_late_fee_on", "contest_deadline")
        owner_fields = ("license_plate", "location", "observed_at", "issued_at", "decision_note")


class CreatedCitationOutput(CitationOutput):
    """A citation just created (a report or an issued citation)."""

    violation_id = serializers.IntegerField()
    source = serializers.CharField()
    photo_attached = serializers.BooleanField()

    class Meta:
        public_fields = ("citation_number", "violation_type", "violation_type_description", "issued_on",
            "due_date", "status", "fine", "late_fees", "amount_due", "currency", "days_overdue",
            "late_fees_paused", "next_late_fee_on", "contest_deadline")
        owner_fields = ("license_plate", "location", "observed_at", "issued_at", "decision_note", "violation_id",
            "source", "photo_attached")


def optional_field(field):
    """Mark an output field that may be absent; it must be built with required=False.

    DRF re-creates fields from their constructor arguments, so required=False has to be
    passed there for serialization to skip a missing key.
    """
    if field._kwargs.get("required") is not False:
        raise ValueError("Build optional output fields with required=False.")
    return optional(field)
