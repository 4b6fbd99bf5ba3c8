"""Argument fields that accept what people say: "Water", "electricity", "start service"."""
import re

from rest_framework import serializers

from apps.utilities.catalogue import SERVICE_ALIASES, RequestType, ServiceType, choice_normalize


class ServiceTypeField(serializers.ChoiceField):
    """water, electric, gas or sewer; case and common words ("power", "electricity") are forgiven."""

    def __init__(self, **kwargs):
        super().__init__(choices=ServiceType.choices, **kwargs)

    def to_internal_value(self, data):
        if isinstance(data, str):
            data = choice_normalize(data, choices=ServiceType.values, aliases=SERVICE_ALIASES)
        return super().to_internal_value(data)


class RequestTypeField(serializers.ChoiceField):
    """A request type from the catalogue; "Start Service" and "start-service" are forgiven."""

    def __init__(self, **kwargs):
        super().__init__(choices=RequestType.choices, **kwargs)

    def to_internal_value(self, data):
        if isinstance(data, str):
            data = choice_normalize(data, choices=RequestType.values)
        return super().to_internal_value(data)


CARD_NUMBER_RE = re.compile(r"^[\d\s-]+$")
CARD_NUMBER_MESSAGE = "Never send a card number: send the payment token the city's payment page returns."


def payment_token_check(value: str) -> str:
    """Refuse what looks like a card number: only processor tokens cross this line."""
    if CARD_NUMBER_RE.match(value) and sum(ch.isdigit() for ch in value) >= 12:
        raise serializers.ValidationError(CARD_NUMBER_MESSAGE)
    return value
