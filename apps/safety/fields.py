"""Argument fields that accept what people say: "Restaurant", "car accident", "engine"."""
from rest_framework import serializers

from apps.safety.catalogue import (
    BUSINESS_ALIASES,
    INCIDENT_ALIASES,
    UNIT_ALIASES,
    BusinessType,
    IncidentType,
    Priority,
    UnitType,
    choice_normalize,
)


class CatalogueChoiceField(serializers.ChoiceField):
    """A catalogue value; case, spaces, dashes and the catalogue's common words are forgiven."""

    catalogue: type = None
    aliases: dict = {}

    def __init__(self, **kwargs):
        super().__init__(choices=self.catalogue.choices, **kwargs)

    def to_internal_value(self, data):
        if isinstance(data, str):
            data = choice_normalize(data, choices=self.catalogue.values, aliases=self.aliases)
        return super().to_internal_value(data)


class BusinessTypeField(CatalogueChoiceField):
    catalogue = BusinessType
    aliases = BUSINESS_ALIASES


class IncidentTypeField(CatalogueChoiceField):
    catalogue = IncidentType
    aliases = INCIDENT_ALIASES


class PriorityField(CatalogueChoiceField):
    catalogue = Priority


class UnitTypeField(CatalogueChoiceField):
    catalogue = UnitType
    aliases = UNIT_ALIASES
