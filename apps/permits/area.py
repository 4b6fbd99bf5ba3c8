"""Read a project's area from how a resident describes it ("Adding 400 sq ft deck").

Residents rarely pass `square_feet`; they write it into the description. Only explicit area
("400 sq ft", "1,200 square feet", "400 ft²") or explicit dimensions ("20 x 20 ft") count:
a bare number could be a price or a house number.
"""
import re
from decimal import ROUND_HALF_UP, Decimal

MAX_AREA_SQFT = 1_000_000

_NUMBER = r"(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?"
_UNIT = (
    r"(?:sq\.?[\s-]*(?:ft|feet|foot)\.?|square[\s-]*(?:ft|feet|foot)|sqft|sf|ft²|ft2|feet²)"
)
_AREA_RE = re.compile(rf"(?<![\w.,]){_NUMBER}\s*-?\s*{_UNIT}(?![a-z])", re.IGNORECASE)
_DIMENSIONS_RE = re.compile(
    rf"(?<![\w.,]){_NUMBER}\s*(?:'|ft|feet|foot)?\s*(?:x|×|by)\s*{_NUMBER}\s*(?:'|ft\b|feet\b|foot\b)",
    re.IGNORECASE,
)


def _number(whole: str, fraction: str | None) -> Decimal:
    return Decimal(whole.replace(",", "") + (f".{fraction}" if fraction else ""))


def _to_sqft(value: Decimal) -> int | None:
    area = int(value.quantize(Decimal("1"), rounding=ROUND_HALF_UP))
    return area if 0 < area <= MAX_AREA_SQFT else None


def area_from_description(text: str | None) -> int | None:
    """Return the area in square feet a description states, or None when it states none."""
    if not text:
        return None
    found = _AREA_RE.search(text)
    if found:
        return _to_sqft(_number(found.group(1), found.group(2)))
    found = _DIMENSIONS_RE.search(text)
    if found:
        width = _number(found.group(1), found.group(2))
        length = _number(found.group(3), found.group(4))
        return _to_sqft(width * length)
    return None


def project_area(*, square_feet: int | None, description: str | None) -> tuple[int | None, str | None]:
    """Return (area, where it came from): `square_feet` wins over the description."""
    if square_feet is not None:
        return square_feet, "square_feet"
    area = area_from_description(description)
    return (area, "project_description") if area is not None else (None, None)
