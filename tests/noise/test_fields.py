"""Argument fields: moments as ISO or clock times, noise types as people say them."""
from datetime import datetime

import pytest
from django.utils import timezone
from rest_framework import serializers

from apps.noise.catalogue import NoiseType
from apps.noise.fields import MomentField, NoiseTypeField


class Form(serializers.Serializer):
    moment = MomentField(default=None, allow_null=True)
    noise_type = NoiseTypeField(choices=NoiseType.choices, required=False)


def clean(**data):
    form = Form(data=data)
    assert form.is_valid(), form.errors
    return form.validated_data


def test_iso_with_offset_is_kept():
    value = clean(moment="2026-11-20T23:30:00-08:00")["moment"]
    assert value.isoformat() == "2026-11-20T23:30:00-08:00"


def test_iso_without_offset_is_read_in_the_city_time_zone():
    value = clean(moment="2026-07-04T21:15")["moment"]
    assert timezone.localtime(value).isoformat() == "2026-07-04T21:15:00-07:00"


@pytest.mark.parametrize("typed, hour, minute", [
    ("22:30", 22, 30), ("10:30 PM", 22, 30), ("10:30 p.m.", 22, 30), ("7 am", 7, 0), ("12:05 AM", 0, 5),
])
def test_clock_times_are_today(typed, hour, minute):
    value = timezone.localtime(clean(moment=typed)["moment"])
    assert (value.date(), value.hour, value.minute) == (timezone.localdate(), hour, minute)


@pytest.mark.parametrize("typed", ["tonight", "25:00", "2026-13-01", 1234])
def test_other_moments_are_refused_with_the_expected_forms(typed):
    form = Form(data={"moment": typed})
    assert not form.is_valid()
    assert form.errors["moment"] == [
        'Expected an ISO 8601 date-time ("2026-11-24T22:30") or a clock time ("22:30", "10:30 PM").']


@pytest.mark.parametrize("typed, message", [
    ("x" * 41, "Ensure this field has no more than 40 characters."),
    ("", "This field may not be blank."),
    (["22:30"], "Not a valid string."),
])
def test_moments_are_strings_of_limited_length(typed, message):
    form = Form(data={"moment": typed})
    assert not form.is_valid()
    assert form.errors["moment"] == [message]


def test_moment_schema_is_a_nullable_string():
    from apps.mcp.schema import field_schema

    assert field_schema(MomentField(default=None, allow_null=True), for_input=True)["type"] == ["string", "null"]


def test_moment_representation_is_iso_in_the_city_time_zone():
    moment = timezone.make_aware(datetime(2026, 11, 20, 23, 30))
    assert MomentField().to_representation(moment) == "2026-11-20T23:30:00-08:00"


def test_noise_type_field_forgives_case_and_aliases():
    assert clean(noise_type="Loud Music")["noise_type"] == "loud_music"
    assert clean(noise_type="dog")["noise_type"] == "barking_dog"
    form = Form(data={"noise_type": "karaoke"})
    assert not form.is_valid()
    assert form.errors["noise_type"] == ['"karaoke" is not a valid choice.']
