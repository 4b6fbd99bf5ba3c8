"""Transit modes and service days, traffic alert kinds, and the road issues residents report.

Code, not rows: tool arguments publish them as JSON Schema enums at start-up.
"""
from django.db import models

from apps.core.choices import choice_key, choice_normalize  # noqa: F401  (re-exported for the domain)


class TransitMode(models.TextChoices):
    BUS = "bus", "Bus"
    LIGHT_RAIL = "light_rail", "Light rail"
    STREETCAR = "streetcar", "Streetcar"
    FERRY = "ferry", "Ferry"


class DayType(models.TextChoices):
    WEEKDAY = "weekday", "Weekdays"
    WEEKEND = "weekend", "Weekends"


class Direction(models.TextChoices):
    OUTBOUND = "outbound", "Outbound"
    INBOUND = "inbound", "Inbound"


class AlertType(models.TextChoices):
    CONSTRUCTION = "construction", "Construction"
    ACCIDENT = "accident", "Accident"
    CLOSURE = "closure", "Road closure"
    EVENT = "event", "Special event"
    WEATHER = "weather", "Weather"
    SIGNAL_OUTAGE = "signal_outage", "Signal outage"
    TRANSIT_DELAY = "transit_delay", "Transit delay"


class Severity(models.TextChoices):
    MINOR = "minor", "Minor"
    MODERATE = "moderate", "Moderate"
    MAJOR = "major", "Major"


class IssueType(models.TextChoices):
    POTHOLE = "pothole", "Pothole"
    TRAFFIC_SIGNAL = "traffic_signal", "Traffic signal out or stuck"
    STREETLIGHT = "streetlight", "Streetlight out"
    SIGN_DAMAGE = "sign_damage", "Damaged or missing sign"
    DEBRIS = "debris", "Debris in the road"
    FLOODING = "flooding", "Flooded road"
    SIDEWALK = "sidewalk", "Damaged sidewalk"
    ROAD_DAMAGE = "road_damage", "Road surface damage"
    OTHER = "other", "Other"


class IssuePriority(models.TextChoices):
    URGENT = "urgent", "Urgent"
    HIGH = "high", "High"
    NORMAL = "normal", "Normal"


MODE_EMOJI = {TransitMode.BUS: "🚌", TransitMode.LIGHT_RAIL: "🚈", TransitMode.STREETCAR: "🚋",
              TransitMode.FERRY: "⛴️"}
SEVERITY_EMOJI = {Severity.MINOR: "🟡", Severity.MODERATE: "🟠", Severity.MAJOR: "🔴"}
ALERT_EMOJI = {
    AlertType.CONSTRUCTION: "🚧", AlertType.ACCIDENT: "💥", AlertType.CLOSURE: "⛔", AlertType.EVENT: "🎪",
    AlertType.WEATHER: "🌧️", AlertType.SIGNAL_OUTAGE: "🚦", AlertType.TRANSIT_DELAY: "⏱️",
}
ISSUE_EMOJI = {
    IssueType.POTHOLE: "🕳️", IssueType.TRAFFIC_SIGNAL: "🚦", IssueType.STREETLIGHT: "💡",
    IssueType.SIGN_DAMAGE: "🪧", IssueType.DEBRIS: "🪵", IssueType.FLOODING: "🌊", IssueType.SIDEWALK: "🚶",
    IssueType.ROAD_DAMAGE: "🛣️", IssueType.OTHER: "🔧",
}

# Business days within which crews respond to each kind of issue (0: the same day), and its priority.
RESPONSE_BUSINESS_DAYS = {
    IssueType.TRAFFIC_SIGNAL: 0,
    IssueType.DEBRIS: 0,
    IssueType.FLOODING: 0,
    IssueType.POTHOLE: 3,
    IssueType.STREETLIGHT: 5,
    IssueType.SIGN_DAMAGE: 5,
    IssueType.ROAD_DAMAGE: 5,
    IssueType.OTHER: 5,
    IssueType.SIDEWALK: 10,
}
ISSUE_PRIORITY = {
    IssueType.TRAFFIC_SIGNAL: IssuePriority.URGENT,
    IssueType.DEBRIS: IssuePriority.URGENT,
    IssueType.FLOODING: IssuePriority.URGENT,
    IssueType.POTHOLE: IssuePriority.HIGH,
    IssueType.STREETLIGHT: IssuePriority.NORMAL,
    IssueType.SIGN_DAMAGE: IssuePriority.HIGH,
    IssueType.ROAD_DAMAGE: IssuePriority.NORMAL,
    IssueType.SIDEWALK: IssuePriority.NORMAL,
    IssueType.OTHER: IssuePriority.NORMAL,
}

ISSUE_ALIASES = {
    "potholes": IssueType.POTHOLE,
    "signal": IssueType.TRAFFIC_SIGNAL,
    "traffic_light": IssueType.TRAFFIC_SIGNAL,
    "stoplight": IssueType.TRAFFIC_SIGNAL,
    "street_light": IssueType.STREETLIGHT,
    "light_out": IssueType.STREETLIGHT,
    "sign": IssueType.SIGN_DAMAGE,
    "stop_sign": IssueType.SIGN_DAMAGE,
    "obstruction": IssueType.DEBRIS,
    "flood": IssueType.FLOODING,
    "crack": IssueType.ROAD_DAMAGE,
    "road_maintenance": IssueType.ROAD_DAMAGE,
}


def issue_label(value: str) -> str:
    return IssueType(value).label if value in IssueType.values else value
