"""Argument fields that accept what people say: "Illegal Dumping", "spill", "Composting"."""
from rest_framework import serializers

from apps.environmental.catalogue import REPORT_ALIASES, ProgramCategory, ReportType, choice_normalize


class ReportTypeField(serializers.ChoiceField):
    """A kind of environmental report; case, spaces, dashes and common words are forgiven."""

    def __init__(self, **kwargs):
        super().__init__(choices=ReportType.choices, **kwargs)

    def to_internal_value(self, data):
        if isinstance(data, str):
            data = choice_normalize(data, choices=ReportType.values, aliases=REPORT_ALIASES)
        return super().to_internal_value(data)


class ProgramCategoryField(serializers.ChoiceField):
    """A program category; case and spaces are forgiven."""

    def __init__(self, **kwargs):
        super().__init__(choices=ProgramCategory.choices, **kwargs)

    def to_internal_value(self, data):
        if isinstance(data, str):
            data = choice_normalize(data, choices=ProgramCategory.values)
        return super().to_internal_value(data)
