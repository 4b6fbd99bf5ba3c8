"""DRF field -> JSON Schema, for every field kind, checked against the 2020-12 metaschema."""
import datetime
import uuid
from decimal import Decimal

import pytest
from django.core.validators import RegexValidator
from jsonschema import Draft202012Validator
from rest_framework import serializers as s

from apps.mcp.schema import field_schema, optional, serializer_schema


class Point(s.Serializer):
    lat = s.FloatField(min_value=-90, max_value=90)
    label = optional(s.CharField())


INPUT_CASES = [
    (s.CharField(help_text="Plate."), {"type": "string", "minLength": 1, "description": "Plate."}),
    (s.CharField(max_length=16, min_length=2), {"type": "string", "maxLength": 16, "minLength": 2}),
    (s.CharField(allow_blank=True), {"type": "string"}),
    (s.CharField(allow_null=True, required=False), {"type": ["string", "null"], "minLength": 1}),
    (s.CharField(default="x"), {"type": "string", "minLength": 1, "default": "x"}),
    (s.CharField(validators=[RegexValidator(r"^[A-Z]+\Z")]), {"type": "string", "minLength": 1, "pattern": "^[A-Z]+$"}),
    (s.RegexField(r"^\d{5}$"), {"type": "string", "minLength": 1, "pattern": r"^\d{5}$"}),
    (s.SlugField(), {"type": "string", "minLength": 1, "pattern": "^[-a-zA-Z0-9_]+$"}),
    (s.EmailField(), {"type": "string", "format": "email", "minLength": 1}),
    (s.URLField(), {"type": "string", "format": "uri", "minLength": 1}),
    (s.IPAddressField(protocol="IPv4"), {"type": "string", "format": "ipv4", "minLength": 1}),
    (s.IPAddressField(), {"type": "string", "minLength": 1}),
    (s.UUIDField(), {"type": "string", "format": "uuid"}),
    (s.IntegerField(min_value=1, max_value=10), {"type": "integer", "minimum": 1, "maximum": 10}),
    (s.IntegerField(default=3), {"type": "integer", "default": 3}),
    (s.FloatField(min_value=0.5), {"type": "number", "minimum": 0.5}),
    (s.DecimalField(max_digits=8, decimal_places=2, min_value=Decimal("0.01")),
     {"type": ["number", "string"], "minimum": 0.01}),
    (s.DecimalField(max_digits=8, decimal_places=2, default=Decimal("5.00")),
     {"type": ["number", "string"], "default": "5.00"}),
    (s.DecimalField(max_digits=8, decimal_places=2, allow_null=True),
     {"type": ["number", "string", "null"]}),
    (s.BooleanField(default=True), {"type": "boolean", "default": True}),
    (s.BooleanField(allow_null=True), {"type": ["boolean", "null"]}),
    (s.DateTimeField(), {"type": "string", "format": "date-time"}),
    (s.DateField(), {"type": "string", "format": "date"}),
    (s.TimeField(), {"type": "string", "format": "time"}),
    (s.DateField(format="%d/%m/%Y"), {"type": "string"}),
    (s.DurationField(), {"type": "string"}),
    (s.ChoiceField(choices=["water", "power"]), {"type": "string", "enum": ["water", "power"]}),
    (s.ChoiceField(choices=[("a", "A")], allow_blank=True), {"type": "string", "enum": ["a", ""]}),
    (s.ChoiceField(choices=[("a", "A")], allow_null=True), {"type": ["string", "null"], "enum": ["a", None]}),
    (s.ChoiceField(choices=[(1, "one"), (2, "two")]), {"enum": [1, 2, "1", "2"]}),
    (s.MultipleChoiceField(choices=["a", "b"]), {"type": "array", "items": {"enum": ["a", "b"]}, "uniqueItems": True}),
    (s.MultipleChoiceField(choices=["a"], allow_empty=False),
     {"type": "array", "items": {"enum": ["a"]}, "uniqueItems": True, "minItems": 1}),
    (s.ListField(child=s.CharField(), max_length=5),
     {"type": "array", "items": {"type": "string", "minLength": 1}, "maxItems": 5}),
    (s.ListField(child=s.IntegerField(), allow_empty=False, min_length=2, max_length=4),
     {"type": "array", "items": {"type": "integer"}, "minItems": 2, "maxItems": 4}),
    (s.DictField(), {"type": "object"}),
    (s.DictField(child=s.IntegerField()), {"type": "object", "additionalProperties": {"type": "integer"}}),
    (s.HStoreField(), {"type": "object", "additionalProperties": {"type": ["string", "null"]}}),
    (s.JSONField(), {}),
    (s.FileField(), {"type": "string"}),
    (Point(), {"type": "object", "properties": {"lat": {"type": "number", "minimum": -90, "maximum": 90},
                                                "label": {"type": "string", "minLength": 1}},
               "required": ["lat"], "additionalProperties": False}),
    (Point(many=True, max_length=3), {"type": "array", "maxItems": 3, "items": {
        "type": "object", "properties": {"lat": {"type": "number", "minimum": -90, "maximum": 90},
                                         "label": {"type": "string", "minLength": 1}},
        "required": ["lat"], "additionalProperties": False}}),
    (Point(allow_null=True), {"type": ["object", "null"], "properties": {
        "lat": {"type": "number", "minimum": -90, "maximum": 90}, "label": {"type": "string", "minLength": 1}},
        "required": ["lat"], "additionalProperties": False}),
]


@pytest.mark.parametrize("field, expected", INPUT_CASES, ids=[type(case[0]).__name__ for case in INPUT_CASES])
def test_input_field_schema(field, expected):
    schema = field_schema(field, for_input=True)
    assert schema == expected
    Draft202012Validator.check_schema(schema)


OUTPUT_CASES = [
    (s.CharField(), {"type": "string"}),
    (s.DecimalField(max_digits=10, decimal_places=2), {"type": "string", "pattern": r"^-?\d+\.\d{2}$"}),
    (s.DecimalField(max_digits=10, decimal_places=3), {"type": "string", "pattern": r"^-?\d+\.\d{3}$"}),
    (s.DecimalField(max_digits=10, decimal_places=0), {"type": "string", "pattern": r"^-?\d+$"}),
    (s.DecimalField(max_digits=10, decimal_places=2, normalize_output=True),
     {"type": "string", "pattern": r"^-?\d+(\.\d+)?$"}),
    (s.DecimalField(max_digits=10, decimal_places=2, coerce_to_string=False), {"type": "number"}),
    (s.DecimalField(max_digits=10, decimal_places=2, allow_null=True),
     {"type": ["string", "null"], "pattern": r"^-?\d+\.\d{2}$"}),
    (s.IntegerField(), {"type": "integer"}),
    (s.BigIntegerField(coerce_to_string=True), {"type": "string", "pattern": r"^-?\d+$"}),
    (s.ChoiceField(choices=[(1, "one")]), {"enum": [1]}),
    (s.SerializerMethodField(), {}),
    (s.ReadOnlyField(), {}),
    (s.DateTimeField(allow_null=True), {"type": ["string", "null"], "format": "date-time"}),
]


@pytest.mark.parametrize("field, expected", OUTPUT_CASES, ids=[type(case[0]).__name__ for case in OUTPUT_CASES])
def test_output_field_schema(field, expected):
    schema = field_schema(field, for_input=False)
    assert schema == expected
    Draft202012Validator.check_schema(schema)


class Report(s.Serializer):
    plate = s.CharField()
    total = s.DecimalField(max_digits=10, decimal_places=2)
    note = optional(s.CharField())
    paid_at = s.DateTimeField(allow_null=True)
    secret = s.CharField(write_only=True)
    flag = s.BooleanField(required=False)
    server_side = s.HiddenField(default="x")

    class Meta:
        public_fields = ("plate", "total", "note", "paid_at", "flag")


class OwnedReport(Report):
    holder = s.CharField()

    class Meta:
        public_fields = ("plate", "total", "note", "paid_at", "flag")
        owner_fields = ("holder",)


def test_output_object_requires_only_what_every_viewer_gets():
    """A field the public view leaves out (apps.accounts.viewers) cannot be required."""
    schema = serializer_schema(OwnedReport, for_input=False)
    assert "holder" in schema["properties"]
    assert schema["required"] == ["plate", "total", "paid_at"]


def test_output_object_requires_what_is_always_present():
    schema = serializer_schema(Report, for_input=False)
    assert list(schema["properties"]) == ["plate", "total", "note", "paid_at", "flag"]
    assert schema["required"] == ["plate", "total", "paid_at"]
    assert schema["additionalProperties"] is False


def test_optional_survives_drf_copying_fields():
    first = Report().fields["note"]
    assert getattr(first, "_mcp_optional", False) is True
    assert isinstance(first, s.CharField)
    assert type(first).__name__ == "OptionalCharField"


class Filing(s.Serializer):
    plate = s.CharField(help_text="Plate.")
    reference = s.CharField(read_only=True)
    when = s.DateField(required=False)
    server_side = s.HiddenField(default="x")


def test_input_object_requires_what_is_required():
    schema = serializer_schema(Filing, for_input=True)
    assert list(schema["properties"]) == ["plate", "when"]
    assert schema["required"] == ["plate"]


def test_empty_serializer_is_a_closed_object():
    class Nothing(s.Serializer):
        pass

    assert serializer_schema(Nothing, for_input=True) == {"type": "object", "properties": {},
                                                          "additionalProperties": False}


@pytest.mark.parametrize("value, valid", [
    ({"plate": "A", "total": "25.00", "paid_at": None}, True),
    ({"plate": "A", "total": "25.00", "paid_at": "2025-01-10T09:30:00-08:00", "note": "n", "flag": True}, True),
    ({"plate": "A", "total": "25", "paid_at": None}, False),
    ({"plate": "A", "total": 25.0, "paid_at": None}, False),
    ({"plate": "A", "paid_at": None}, False),
    ({"plate": "A", "total": "1.00", "paid_at": None, "extra": 1}, False),
])
def test_serializer_output_matches_its_schema(value, valid):
    validator = Draft202012Validator(serializer_schema(Report, for_input=False))
    assert validator.is_valid(value) is valid


def test_real_serializer_output_validates():
    data = Report(instance={"plate": "ABC", "total": Decimal("25"), "paid_at": datetime.datetime(
        2025, 1, 10, 9, 30, tzinfo=datetime.timezone.utc), "flag": False}).data
    Draft202012Validator(serializer_schema(Report, for_input=False)).validate(dict(data))
    assert data["total"] == "25.00"


def test_uuid_default_is_text():
    value = uuid.UUID(int=1)
    assert field_schema(s.UUIDField(default=value), for_input=True)["default"] == str(value)
