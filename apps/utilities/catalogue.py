"""The services the city's utility delivers and the kinds of requests residents make.

Code, not rows: tool arguments publish them as JSON Schema enums at start-up.
"""
from django.db import models

from apps.core.choices import choice_key, choice_normalize  # noqa: F401  (re-exported for the domain)


class ServiceType(models.TextChoices):
    WATER = "water", "Water"
    ELECTRIC = "electric", "Electric"
    GAS = "gas", "Gas"
    SEWER = "sewer", "Sewer"


class RequestType(models.TextChoices):
    START_SERVICE = "start_service", "Start service"
    STOP_SERVICE = "stop_service", "Stop service"
    TRANSFER_SERVICE = "transfer_service", "Transfer service"
    LEAK = "leak", "Leak"
    LOW_PRESSURE = "low_pressure", "Low pressure"
    METER_READING = "meter_reading", "Meter reading"
    BILLING_QUESTION = "billing_question", "Billing question"
    REPAIR = "repair", "Repair"
    OTHER = "other", "Other"


SERVICE_EMOJI = {
    ServiceType.WATER: "💧",
    ServiceType.ELECTRIC: "⚡",
    ServiceType.GAS: "🔥",
    ServiceType.SEWER: "🚰",
}

SERVICE_ALIASES = {
    "electricity": ServiceType.ELECTRIC,
    "electrical": ServiceType.ELECTRIC,
    "power": ServiceType.ELECTRIC,
    "natural_gas": ServiceType.GAS,
    "wastewater": ServiceType.SEWER,
    "sewage": ServiceType.SEWER,
}

# Business days within which staff respond to each kind of request (0: the same day).
RESPONSE_BUSINESS_DAYS = {
    RequestType.LEAK: 0,
    RequestType.LOW_PRESSURE: 1,
    RequestType.START_SERVICE: 2,
    RequestType.STOP_SERVICE: 2,
    RequestType.TRANSFER_SERVICE: 2,
    RequestType.REPAIR: 3,
    RequestType.BILLING_QUESTION: 3,
    RequestType.OTHER: 3,
    RequestType.METER_READING: 5,
}
URGENT_REQUESTS = frozenset({RequestType.LEAK})


def service_label(value: str) -> str:
    return ServiceType(value).label if value in ServiceType.values else value


def service_emoji(value: str) -> str:
    return SERVICE_EMOJI.get(value, "🔧")

SAFETY_NOTES = {
    ServiceType.GAS: "⚠️ If you smell gas, leave the building now, don't switch anything on or off, and call 911 "
                     "from outside.",
    ServiceType.ELECTRIC: "⚠️ Stay at least 30 feet from downed power lines and call 911.",
    ServiceType.WATER: "💡 Until service is back, run taps briefly when it returns to clear any air or sediment.",
    ServiceType.SEWER: "💡 Until service is back, avoid running water and flushing to prevent back-ups.",
}
