"""Argument fields several permits tools share, declared once with their descriptions."""
from decimal import Decimal

from rest_framework import serializers as s

MAX_SQUARE_FEET = 1_000_000
REFERENCE_PATTERN = r"^\s*[Pp][Rr][Mm]-\d{4}-\d{6}\s*$"


def permit_type_field() -> s.CharField:
    return s.CharField(
        max_length=60,
        help_text="Permit type code, e.g. residential_deck, building_permit, business_license, electrical, "
                  "plumbing, sign, fence, roofing, solar, demolition (civicmind://permits/types lists them).",
    )


def estimated_cost_field() -> s.DecimalField:
    return s.DecimalField(
        max_digits=12, decimal_places=2, min_value=Decimal("0"), max_value=Decimal("9999999999.99"),
        required=False,
        help_text="Estimated project cost (valuation) in US dollars, e.g. 8000.",
    )


def square_feet_field() -> s.IntegerField:
    return s.IntegerField(
        min_value=1, max_value=MAX_SQUARE_FEET, required=False,
        help_text="Project area in square feet; if omitted, read from the description (\"400 sq ft\").",
    )


def reference_field() -> s.RegexField:
    return s.RegexField(
        REFERENCE_PATTERN, max_length=24,
        help_text="Application reference from submit_application, e.g. PRM-2026-000123.",
        error_messages={"invalid": "Expected a permit application reference like PRM-2026-000123."},
    )
