"""The noise types residents complain about and the zones ordinances are written for.

Both are code, not rows: tool arguments publish them as JSON Schema enums at start-up,
before any database is reachable, and the ordinances refer to them by value.
"""
from django.db import models


class NoiseType(models.TextChoices):
    LOUD_MUSIC = "loud_music", "Loud music"
    PARTY = "party", "Party or gathering"
    AMPLIFIED_SOUND = "amplified_sound", "Amplified sound (PA, speakers)"
    CONSTRUCTION = "construction", "Construction"
    BARKING_DOG = "barking_dog", "Barking dog"
    VEHICLE = "vehicle", "Vehicle (engine, exhaust, horn)"
    CAR_ALARM = "car_alarm", "Car alarm"
    INDUSTRIAL = "industrial", "Industrial machinery"
    MECHANICAL = "mechanical", "Mechanical equipment (HVAC, generator)"
    LEAF_BLOWER = "leaf_blower", "Leaf blower or yard equipment"
    FIREWORKS = "fireworks", "Fireworks"
    OTHER = "other", "Other"


class Zone(models.TextChoices):
    """Zoning districts as the gazetteer spells them (apps.places.Place.zone)."""

    R1 = "R-1", "Single-family residential"
    R2 = "R-2", "Multi-family residential"
    C1 = "C-1", "Neighborhood commercial"
    C2 = "C-2", "General commercial"
    I1 = "I-1", "Industrial"
    OS = "OS", "Open space"


NOISE_TYPE_EMOJI = {
    NoiseType.LOUD_MUSIC: "🎵",
    NoiseType.PARTY: "🎉",
    NoiseType.AMPLIFIED_SOUND: "📢",
    NoiseType.CONSTRUCTION: "🏗️",
    NoiseType.BARKING_DOG: "🐕",
    NoiseType.VEHICLE: "🚗",
    NoiseType.CAR_ALARM: "🚨",
    NoiseType.INDUSTRIAL: "🏭",
    NoiseType.MECHANICAL: "⚙️",
    NoiseType.LEAF_BLOWER: "🍂",
    NoiseType.FIREWORKS: "🎆",
    NoiseType.OTHER: "🔊",
}

# What residents and assistants commonly say, mapped to the catalogue's value.
NOISE_TYPE_ALIASES = {
    "music": NoiseType.LOUD_MUSIC,
    "loud_party": NoiseType.PARTY,
    "gathering": NoiseType.PARTY,
    "dog": NoiseType.BARKING_DOG,
    "barking": NoiseType.BARKING_DOG,
    "dog_barking": NoiseType.BARKING_DOG,
    "traffic": NoiseType.VEHICLE,
    "motorcycle": NoiseType.VEHICLE,
    "alarm": NoiseType.CAR_ALARM,
    "speaker": NoiseType.AMPLIFIED_SOUND,
    "speakers": NoiseType.AMPLIFIED_SOUND,
    "machinery": NoiseType.INDUSTRIAL,
    "hvac": NoiseType.MECHANICAL,
    "generator": NoiseType.MECHANICAL,
}


def noise_type_key(value: str) -> str:
    """Return "loud_music" for " Loud-Music ": the form values and aliases are written in."""
    return "_".join(str(value).strip().lower().replace("-", " ").split())


def noise_type_normalize(value: str) -> str:
    """Return the catalogue value for "Loud Music", "loud-music" or an alias; else the input."""
    key = noise_type_key(value)
    if key in NoiseType.values:
        return key
    return str(NOISE_TYPE_ALIASES.get(key, value))


def noise_type_label(value: str) -> str:
    return NoiseType(value).label if value in NoiseType.values else value


def noise_type_emoji(value: str) -> str:
    return NOISE_TYPE_EMOJI.get(value, "🔊")
