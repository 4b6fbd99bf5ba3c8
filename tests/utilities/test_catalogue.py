"""The utilities catalogue: what people type maps to one value; dates respond in business days."""
from datetime import date

import pytest

from apps.utilities.catalogue import SERVICE_ALIASES, RequestType, ServiceType, choice_normalize
from apps.core.business_days import business_days_after


@pytest.mark.parametrize("typed, value", [
    ("water", "water"), ("Water", "water"), (" ELECTRIC ", "electric"), ("power", "electric"),
    ("Electricity", "electric"), ("natural gas", "gas"), ("sewage", "sewer"), ("steam", "steam"),
])
def test_service_type_normalize(typed, value):
    assert choice_normalize(typed, choices=ServiceType.values, aliases=SERVICE_ALIASES) == value


@pytest.mark.parametrize("typed, value", [
    ("start_service", "start_service"), ("Start Service", "start_service"), ("meter-reading", "meter_reading"),
])
def test_request_type_normalize(typed, value):
    assert choice_normalize(typed, choices=RequestType.values) == value


@pytest.mark.parametrize("start, days, expected", [
    (date(2026, 11, 23), 0, date(2026, 11, 23)),  # Monday, same day
    (date(2026, 11, 23), 2, date(2026, 11, 25)),
    (date(2026, 11, 27), 1, date(2026, 11, 30)),  # Friday + 1 -> Monday
    (date(2026, 11, 28), 0, date(2026, 11, 30)),  # Saturday, same day -> Monday
    (date(2026, 11, 29), 2, date(2026, 12, 2)),  # Sunday + 2 -> Wednesday
    (date(2026, 11, 23), 5, date(2026, 11, 30)),
])
def test_business_days_after(start, days, expected):
    assert business_days_after(start, days) == expected
