"""Argument fields that accept what people say: "Restaurant", "coffee shop", "pizzeria"."""
from rest_framework import serializers

from apps.zoning.catalogue import LAND_USE_ALIASES, VARIANCE_ALIASES, LandUse, VarianceType, choice_normalize


class LandUseField(serializers.ChoiceField):
    """A land use from the catalogue; case, spaces, dashes and common words are forgiven."""

    def __init__(self, **kwargs):
        super().__init__(choices=LandUse.choices, **kwargs)

    def to_internal_value(self, data):
        if isinstance(data, str):
            data = choice_normalize(data, choices=LandUse.values, aliases=LAND_USE_ALIASES)
        return super().to_internal_value(data)


class VarianceTypeField(serializers.ChoiceField):
    """A kind of variance; "Lot Coverage" and "signage" are forgiven."""

    def __init__(self, **kwargs):
        super().__init__(choices=VarianceType.choices, **kwargs)

    def to_internal_value(self, data):
        if isinstance(data, str):
            data = choice_normalize(data, choices=VarianceType.values, aliases=VARIANCE_ALIASES)
        return super().to_internal_value(data)
