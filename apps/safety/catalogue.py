"""What the fire code classifies, the incidents residents report and the units that answer them.

Code, not rows: tool arguments publish them as JSON Schema enums at start-up. The fire-code
thresholds themselves are rows (apps.safety.models.OccupancyRule, FireCodeRule).
"""
from django.db import models

from apps.core.choices import choice_key, choice_normalize  # noqa: F401  (re-exported for the domain)


class BusinessType(models.TextChoices):
    RESTAURANT = "restaurant", "Restaurant"
    CAFE = "cafe", "Café or coffee shop"
    BAR = "bar", "Bar or nightclub"
    EVENT_VENUE = "event_venue", "Event venue or banquet hall"
    PLACE_OF_WORSHIP = "place_of_worship", "Place of worship"
    FITNESS = "fitness", "Gym or fitness studio"
    RETAIL = "retail", "Retail store"
    GROCERY = "grocery", "Grocery store"
    OFFICE = "office", "Office"
    MEDICAL_CLINIC = "medical_clinic", "Medical clinic"
    SCHOOL = "school", "School"
    DAYCARE = "daycare", "Child daycare"
    HOTEL = "hotel", "Hotel"
    WAREHOUSE = "warehouse", "Warehouse"
    MANUFACTURING = "manufacturing", "Manufacturing"
    AUTO_REPAIR = "auto_repair", "Auto repair"


class OccupancyGroup(models.TextChoices):
    """Occupancy groups of the building code, as the fire code rules are written for them."""

    A2 = "A-2", "Assembly (food and drink)"
    A3 = "A-3", "Assembly (worship, recreation)"
    B = "B", "Business"
    E = "E", "Educational"
    M = "M", "Mercantile"
    R1 = "R-1", "Residential (hotels)"
    S1 = "S-1", "Storage (moderate hazard)"
    F1 = "F-1", "Factory (moderate hazard)"


class RequirementCategory(models.TextChoices):
    EXITS = "exits", "Exits"
    EXIT_LIGHTING = "exit_lighting", "Exit signs and emergency lighting"
    SPRINKLERS = "sprinklers", "Sprinklers"
    FIRE_ALARM = "fire_alarm", "Fire alarm"
    EXTINGUISHERS = "extinguishers", "Fire extinguishers"
    KITCHEN_SUPPRESSION = "kitchen_suppression", "Kitchen hood suppression"
    SIGNAGE = "signage", "Occupant load sign"
    INSPECTIONS = "inspections", "Inspections"


class IncidentType(models.TextChoices):
    FIRE = "fire", "Fire"
    MEDICAL = "medical", "Medical emergency"
    TRAFFIC_ACCIDENT = "traffic_accident", "Traffic accident"
    CRIME = "crime", "Crime in progress"
    HAZMAT = "hazmat", "Hazardous materials"
    GAS_LEAK = "gas_leak", "Gas leak"
    SUSPICIOUS_ACTIVITY = "suspicious_activity", "Suspicious activity"
    WELFARE_CHECK = "welfare_check", "Welfare check"
    OTHER = "other", "Other"


class Priority(models.TextChoices):
    CRITICAL = "critical", "Critical"
    HIGH = "high", "High"
    NORMAL = "normal", "Normal"
    LOW = "low", "Low"


class UnitType(models.TextChoices):
    FIRE_ENGINE = "fire_engine", "Fire engine"
    LADDER_TRUCK = "ladder_truck", "Ladder truck"
    AMBULANCE = "ambulance", "Ambulance"
    POLICE = "police", "Police patrol"
    HAZMAT = "hazmat", "Hazmat unit"


CATEGORY_EMOJI = {
    RequirementCategory.EXITS: "🚪",
    RequirementCategory.EXIT_LIGHTING: "💡",
    RequirementCategory.SPRINKLERS: "💦",
    RequirementCategory.FIRE_ALARM: "🔔",
    RequirementCategory.EXTINGUISHERS: "🧯",
    RequirementCategory.KITCHEN_SUPPRESSION: "🍳",
    RequirementCategory.SIGNAGE: "🪧",
    RequirementCategory.INSPECTIONS: "📋",
}

INCIDENT_EMOJI = {
    IncidentType.FIRE: "🔥",
    IncidentType.MEDICAL: "🚑",
    IncidentType.TRAFFIC_ACCIDENT: "🚗",
    IncidentType.CRIME: "🚓",
    IncidentType.HAZMAT: "☣️",
    IncidentType.GAS_LEAK: "💨",
    IncidentType.SUSPICIOUS_ACTIVITY: "👀",
    IncidentType.WELFARE_CHECK: "🤝",
    IncidentType.OTHER: "🚨",
}

PRIORITY_EMOJI = {Priority.CRITICAL: "🔴", Priority.HIGH: "🟠", Priority.NORMAL: "🟡", Priority.LOW: "🟢"}

UNIT_EMOJI = {
    UnitType.FIRE_ENGINE: "🚒",
    UnitType.LADDER_TRUCK: "🚒",
    UnitType.AMBULANCE: "🚑",
    UnitType.POLICE: "🚓",
    UnitType.HAZMAT: "☣️",
}

# The priority an incident gets when the caller does not say.
DEFAULT_PRIORITY = {
    IncidentType.FIRE: Priority.CRITICAL,
    IncidentType.MEDICAL: Priority.CRITICAL,
    IncidentType.HAZMAT: Priority.CRITICAL,
    IncidentType.GAS_LEAK: Priority.HIGH,
    IncidentType.CRIME: Priority.HIGH,
    IncidentType.TRAFFIC_ACCIDENT: Priority.HIGH,
    IncidentType.SUSPICIOUS_ACTIVITY: Priority.NORMAL,
    IncidentType.WELFARE_CHECK: Priority.NORMAL,
    IncidentType.OTHER: Priority.LOW,
}

# The units sent to each kind of incident when the dispatcher does not choose (one per entry).
DEFAULT_RESPONSE = {
    IncidentType.FIRE: (UnitType.FIRE_ENGINE, UnitType.LADDER_TRUCK, UnitType.AMBULANCE),
    IncidentType.MEDICAL: (UnitType.AMBULANCE,),
    IncidentType.TRAFFIC_ACCIDENT: (UnitType.POLICE, UnitType.AMBULANCE),
    IncidentType.CRIME: (UnitType.POLICE,),
    IncidentType.HAZMAT: (UnitType.HAZMAT, UnitType.FIRE_ENGINE),
    IncidentType.GAS_LEAK: (UnitType.FIRE_ENGINE,),
    IncidentType.SUSPICIOUS_ACTIVITY: (UnitType.POLICE,),
    IncidentType.WELFARE_CHECK: (UnitType.POLICE,),
    IncidentType.OTHER: (UnitType.POLICE,),
}

BUSINESS_ALIASES = {
    "pizzeria": BusinessType.RESTAURANT,
    "diner": BusinessType.RESTAURANT,
    "coffee_shop": BusinessType.CAFE,
    "pub": BusinessType.BAR,
    "tavern": BusinessType.BAR,
    "nightclub": BusinessType.BAR,
    "banquet_hall": BusinessType.EVENT_VENUE,
    "church": BusinessType.PLACE_OF_WORSHIP,
    "gym": BusinessType.FITNESS,
    "store": BusinessType.RETAIL,
    "shop": BusinessType.RETAIL,
    "supermarket": BusinessType.GROCERY,
    "clinic": BusinessType.MEDICAL_CLINIC,
    "childcare": BusinessType.DAYCARE,
    "motel": BusinessType.HOTEL,
    "factory": BusinessType.MANUFACTURING,
    "storage": BusinessType.WAREHOUSE,
    "garage": BusinessType.AUTO_REPAIR,
}

INCIDENT_ALIASES = {
    "accident": IncidentType.TRAFFIC_ACCIDENT,
    "car_accident": IncidentType.TRAFFIC_ACCIDENT,
    "crash": IncidentType.TRAFFIC_ACCIDENT,
    "collision": IncidentType.TRAFFIC_ACCIDENT,
    "injury": IncidentType.MEDICAL,
    "ambulance": IncidentType.MEDICAL,
    "smoke": IncidentType.FIRE,
    "theft": IncidentType.CRIME,
    "burglary": IncidentType.CRIME,
    "robbery": IncidentType.CRIME,
    "assault": IncidentType.CRIME,
    "chemical_spill": IncidentType.HAZMAT,
    "gas": IncidentType.GAS_LEAK,
    "suspicious": IncidentType.SUSPICIOUS_ACTIVITY,
}

UNIT_ALIASES = {
    "engine": UnitType.FIRE_ENGINE,
    "fire": UnitType.FIRE_ENGINE,
    "ladder": UnitType.LADDER_TRUCK,
    "truck": UnitType.LADDER_TRUCK,
    "medic": UnitType.AMBULANCE,
    "ems": UnitType.AMBULANCE,
    "patrol": UnitType.POLICE,
}


def label_of(choices: type[models.TextChoices], value: str) -> str:
    return choices(value).label if value in choices.values else value
