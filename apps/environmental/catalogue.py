"""Waste streams, environmental report kinds and program categories.

Code, not rows: tool arguments publish them as JSON Schema enums at start-up. Schedules,
accepted bulk items and programs are rows (apps.environmental.models).
"""
from django.db import models

from apps.core.choices import choice_key, choice_normalize  # noqa: F401  (re-exported for the domain)


class WasteStream(models.TextChoices):
    TRASH = "trash", "Trash"
    RECYCLING = "recycling", "Recycling"
    COMPOST = "compost", "Compost (food and yard waste)"


class Frequency(models.TextChoices):
    WEEKLY = "weekly", "Every week"
    BIWEEKLY = "biweekly", "Every other week"


class ReportType(models.TextChoices):
    ILLEGAL_DUMPING = "illegal_dumping", "Illegal dumping"
    AIR_QUALITY = "air_quality", "Air quality (smoke, dust)"
    WATER_POLLUTION = "water_pollution", "Water pollution"
    HAZARDOUS_SPILL = "hazardous_spill", "Hazardous spill"
    ODOR = "odor", "Odor"
    LITTERING = "littering", "Litter"
    TREE_DAMAGE = "tree_damage", "Damaged or fallen tree"
    OTHER = "other", "Other"


class ReportPriority(models.TextChoices):
    URGENT = "urgent", "Urgent"
    HIGH = "high", "High"
    NORMAL = "normal", "Normal"


class ProgramCategory(models.TextChoices):
    RECYCLING = "recycling", "Recycling"
    COMPOSTING = "composting", "Composting"
    ENERGY = "energy", "Energy"
    WATER = "water", "Water"
    TRANSPORTATION = "transportation", "Transportation"
    TREES = "trees", "Trees"
    EDUCATION = "education", "Education"


WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
STREAM_EMOJI = {WasteStream.TRASH: "🗑️", WasteStream.RECYCLING: "♻️", WasteStream.COMPOST: "🌱"}
REPORT_EMOJI = {
    ReportType.ILLEGAL_DUMPING: "🛢️", ReportType.AIR_QUALITY: "🌫️", ReportType.WATER_POLLUTION: "💧",
    ReportType.HAZARDOUS_SPILL: "☣️", ReportType.ODOR: "👃", ReportType.LITTERING: "🚮",
    ReportType.TREE_DAMAGE: "🌳", ReportType.OTHER: "🌍",
}
PROGRAM_EMOJI = {
    ProgramCategory.RECYCLING: "♻️", ProgramCategory.COMPOSTING: "🌱", ProgramCategory.ENERGY: "☀️",
    ProgramCategory.WATER: "💧", ProgramCategory.TRANSPORTATION: "🚲", ProgramCategory.TREES: "🌳",
    ProgramCategory.EDUCATION: "📚",
}

# Business days within which inspectors respond to each kind of report (0: the same day), and its priority.
RESPONSE_BUSINESS_DAYS = {
    ReportType.HAZARDOUS_SPILL: 0,
    ReportType.WATER_POLLUTION: 1,
    ReportType.AIR_QUALITY: 1,
    ReportType.TREE_DAMAGE: 1,
    ReportType.ILLEGAL_DUMPING: 3,
    ReportType.ODOR: 3,
    ReportType.LITTERING: 5,
    ReportType.OTHER: 5,
}
REPORT_PRIORITY = {
    ReportType.HAZARDOUS_SPILL: ReportPriority.URGENT,
    ReportType.WATER_POLLUTION: ReportPriority.HIGH,
    ReportType.AIR_QUALITY: ReportPriority.HIGH,
    ReportType.TREE_DAMAGE: ReportPriority.HIGH,
    ReportType.ILLEGAL_DUMPING: ReportPriority.NORMAL,
    ReportType.ODOR: ReportPriority.NORMAL,
    ReportType.LITTERING: ReportPriority.NORMAL,
    ReportType.OTHER: ReportPriority.NORMAL,
}

REPORT_ALIASES = {
    "dumping": ReportType.ILLEGAL_DUMPING,
    "dumped_trash": ReportType.ILLEGAL_DUMPING,
    "smoke": ReportType.AIR_QUALITY,
    "dust": ReportType.AIR_QUALITY,
    "air_pollution": ReportType.AIR_QUALITY,
    "spill": ReportType.HAZARDOUS_SPILL,
    "chemical_spill": ReportType.HAZARDOUS_SPILL,
    "oil_spill": ReportType.HAZARDOUS_SPILL,
    "smell": ReportType.ODOR,
    "odour": ReportType.ODOR,
    "litter": ReportType.LITTERING,
    "fallen_tree": ReportType.TREE_DAMAGE,
    "tree": ReportType.TREE_DAMAGE,
}
