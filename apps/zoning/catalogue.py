"""The land uses zoning rules are written for, how parking is counted, and variance kinds.

Code, not rows: tool arguments publish them as JSON Schema enums at start-up, before any
database is reachable. The districts and their use rules are rows (apps.zoning.models).
"""
from decimal import Decimal

from django.db import models

from apps.core.choices import choice_key, choice_normalize  # noqa: F401  (re-exported for the domain)


class LandUse(models.TextChoices):
    RESTAURANT = "restaurant", "Restaurant"
    CAFE = "cafe", "Café or coffee shop"
    BAR = "bar", "Bar or tavern"
    BREWERY = "brewery", "Brewery or taproom"
    RETAIL = "retail", "Retail store"
    GROCERY = "grocery", "Grocery store"
    OFFICE = "office", "Office"
    MEDICAL_CLINIC = "medical_clinic", "Medical clinic"
    PERSONAL_SERVICES = "personal_services", "Personal services (salon, barber)"
    FITNESS = "fitness", "Gym or fitness studio"
    DAYCARE = "daycare", "Child daycare"
    HOTEL = "hotel", "Hotel"
    EVENT_VENUE = "event_venue", "Event venue"
    AUTO_REPAIR = "auto_repair", "Auto repair"
    WAREHOUSE = "warehouse", "Warehouse"
    MANUFACTURING = "manufacturing", "Manufacturing"
    SINGLE_FAMILY = "single_family", "Single-family home"
    MULTI_FAMILY = "multi_family", "Apartments (multi-family)"
    HOME_OCCUPATION = "home_occupation", "Home-based business"


class UseStatus(models.TextChoices):
    PERMITTED = "permitted", "Permitted"
    CONDITIONAL = "conditional", "Conditional use permit required"
    PROHIBITED = "prohibited", "Not permitted"


class ParkingBasis(models.TextChoices):
    """What a use's parking ratio is counted per."""

    SEATS = "seats", "seats"
    FLOOR_AREA = "floor_area", "1,000 sq ft of floor area"
    UNITS = "units", "units (dwellings or guest rooms)"
    NONE = "none", "no parking required"


class VarianceType(models.TextChoices):
    SETBACK = "setback", "Setback"
    HEIGHT = "height", "Building height"
    LOT_COVERAGE = "lot_coverage", "Lot coverage"
    PARKING = "parking", "Parking reduction"
    USE = "use", "Use variance"
    SIGN = "sign", "Sign size or placement"
    FENCE = "fence", "Fence height"
    OTHER = "other", "Other"


# The filing fee of each kind of variance application, charged when it is submitted.
VARIANCE_FEES = {
    VarianceType.SETBACK: Decimal("450.00"),
    VarianceType.HEIGHT: Decimal("650.00"),
    VarianceType.LOT_COVERAGE: Decimal("450.00"),
    VarianceType.PARKING: Decimal("500.00"),
    VarianceType.USE: Decimal("1200.00"),
    VarianceType.SIGN: Decimal("300.00"),
    VarianceType.FENCE: Decimal("250.00"),
    VarianceType.OTHER: Decimal("500.00"),
}

USE_STATUS_EMOJI = {UseStatus.PERMITTED: "✅", UseStatus.CONDITIONAL: "⚠️", UseStatus.PROHIBITED: "❌"}

# What residents and assistants commonly say, mapped to the catalogue's value.
LAND_USE_ALIASES = {
    "pizzeria": LandUse.RESTAURANT,
    "pizza": LandUse.RESTAURANT,
    "diner": LandUse.RESTAURANT,
    "bistro": LandUse.RESTAURANT,
    "food_service": LandUse.RESTAURANT,
    "coffee_shop": LandUse.CAFE,
    "coffee": LandUse.CAFE,
    "bakery": LandUse.CAFE,
    "pub": LandUse.BAR,
    "tavern": LandUse.BAR,
    "nightclub": LandUse.BAR,
    "taproom": LandUse.BREWERY,
    "microbrewery": LandUse.BREWERY,
    "store": LandUse.RETAIL,
    "shop": LandUse.RETAIL,
    "boutique": LandUse.RETAIL,
    "supermarket": LandUse.GROCERY,
    "clinic": LandUse.MEDICAL_CLINIC,
    "salon": LandUse.PERSONAL_SERVICES,
    "barber": LandUse.PERSONAL_SERVICES,
    "spa": LandUse.PERSONAL_SERVICES,
    "gym": LandUse.FITNESS,
    "childcare": LandUse.DAYCARE,
    "day_care": LandUse.DAYCARE,
    "preschool": LandUse.DAYCARE,
    "motel": LandUse.HOTEL,
    "inn": LandUse.HOTEL,
    "auto_shop": LandUse.AUTO_REPAIR,
    "garage": LandUse.AUTO_REPAIR,
    "storage": LandUse.WAREHOUSE,
    "distribution": LandUse.WAREHOUSE,
    "factory": LandUse.MANUFACTURING,
    "house": LandUse.SINGLE_FAMILY,
    "apartment": LandUse.MULTI_FAMILY,
    "apartments": LandUse.MULTI_FAMILY,
}

VARIANCE_ALIASES = {
    "setbacks": VarianceType.SETBACK,
    "coverage": VarianceType.LOT_COVERAGE,
    "signage": VarianceType.SIGN,
    "fence_height": VarianceType.FENCE,
    "use_variance": VarianceType.USE,
}


def land_use_label(value: str) -> str:
    return LandUse(value).label if value in LandUse.values else value
