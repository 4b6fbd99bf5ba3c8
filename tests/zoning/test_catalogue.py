"""The zoning catalogue: what people type maps to one value."""
import pytest

from apps.zoning.catalogue import LAND_USE_ALIASES, VARIANCE_ALIASES, LandUse, VarianceType, choice_normalize


@pytest.mark.parametrize("typed, value", [
    ("restaurant", "restaurant"), ("Restaurant", "restaurant"), ("pizzeria", "restaurant"),
    ("Coffee Shop", "cafe"), ("coffee-shop", "cafe"), (" GYM ", "fitness"), ("Medical Clinic", "medical_clinic"),
    ("apartments", "multi_family"), ("spaceport", "spaceport"),
])
def test_land_use_normalize(typed, value):
    assert choice_normalize(typed, choices=LandUse.values, aliases=LAND_USE_ALIASES) == value


@pytest.mark.parametrize("typed, value", [
    ("setback", "setback"), ("Lot Coverage", "lot_coverage"), ("signage", "sign"), ("fence height", "fence"),
])
def test_variance_type_normalize(typed, value):
    assert choice_normalize(typed, choices=VarianceType.values, aliases=VARIANCE_ALIASES) == value
