"""Argument fields that accept what people say: "Pothole", "traffic light", "street light"."""
from rest_framework import serializers

from apps.transportation.catalogue import ISSUE_ALIASES, IssueType, choice_normalize


class IssueTypeField(serializers.ChoiceField):
    """A road issue type; case, spaces, dashes and common words are forgiven."""

    def __init__(self, **kwargs):
        super().__init__(choices=IssueType.choices, **kwargs)

    def to_internal_value(self, data):
        if isinstance(data, str):
            data = choice_normalize(data, choices=IssueType.values, aliases=ISSUE_ALIASES)
        return super().to_internal_value(data)
