"""Decide which catalogue rows apply to a project: pure functions over a `Project`.

The same rules serve an analysis (where the resident states business type and alcohol)
and a stored application (where only the description says so), so a stored application's
missing documents are recomputed the way they were assessed.
"""
import re
from dataclasses import dataclass
from decimal import Decimal

from apps.permits.models import Condition

ALCOHOL_WORDS = ("alcohol", "alcoholic", "liquor", "beer", "wine", "spirits", "cocktails", "brewery")

ZONE_CLASS_LABELS = {
    "R": "Residential",
    "C": "Commercial",
    "I": "Industrial",
    "M": "Mixed-use",
    "OS": "Open space",
}
_ZONE_RE = re.compile(r"^([A-Z]+)(?:-\d+[A-Z]?)?$")


def normalize_term(value: str | None) -> str:
    """Lower-case and join words with underscores: "Garage Addition" → "garage_addition"."""
    return re.sub(r"[\s\-]+", "_", (value or "").strip().lower())


def _words(text: str) -> str:
    return " " + re.sub(r"[^a-z0-9]+", " ", (text or "").lower()).strip() + " "


def mentions(text: str, term: str) -> bool:
    """Whether `term` ("garage_addition") appears as whole words (or their plural) in free text."""
    phrase = normalize_term(term).replace("_", " ")
    words = _words(text)
    return bool(phrase) and (f" {phrase} " in words or f" {phrase}s " in words)


@dataclass(frozen=True)
class Project:
    """What is known about a project when rules are applied."""

    area_sqft: int | None = None
    valuation: Decimal | None = None
    description: str = ""
    business_type: str | None = None
    serves_alcohol: bool | None = None
    project_scope: str | None = None

    def is_over(self, threshold: int | None) -> bool | None:
        """True over the threshold, False at or under it, None when the area is unknown."""
        if threshold is None:
            return False
        if self.area_sqft is None:
            return None
        return self.area_sqft > threshold

    def alcohol_served(self) -> bool:
        if self.serves_alcohol is not None:
            return self.serves_alcohol
        return any(mentions(self.description, word) for word in ALCOHOL_WORDS)

    def matches_business_type(self, values: list[str]) -> bool:
        if self.business_type:
            return normalize_term(self.business_type) in values
        return any(mentions(self.description, value) for value in values)

    def matches_scope(self, values: list[str]) -> bool:
        if self.project_scope and normalize_term(self.project_scope) in values:
            return True
        return any(mentions(self.description, value) for value in values)


def applies(row, project: Project, threshold: int | None) -> bool:
    """Whether a conditional catalogue row applies; an unknown size counts as within the threshold."""
    condition = row.applies_when
    if condition == Condition.ALWAYS:
        return True
    if condition == Condition.WITHIN_THRESHOLD:
        return not project.is_over(threshold)
    if condition == Condition.OVER_THRESHOLD:
        return bool(project.is_over(threshold))
    if condition == Condition.SERVES_ALCOHOL:
        return project.alcohol_served()
    if condition == Condition.BUSINESS_TYPE:
        return project.matches_business_type(row.match_value_list())
    if condition == Condition.PROJECT_SCOPE:
        return project.matches_scope(row.match_value_list())
    return False


def applicable(rows, project: Project, threshold: int | None) -> list:
    """Return the rows that apply, in catalogue order."""
    return [row for row in rows if applies(row, project, threshold)]


def zone_class(zone: str | None) -> str | None:
    """Return the zoning class of a district code ("R-1" → "R"), or None if it is not one."""
    found = _ZONE_RE.match((zone or "").strip().upper())
    if not found or found.group(1) not in ZONE_CLASS_LABELS:
        return None
    return found.group(1)


def zone_label(zone: str | None) -> str:
    cls = zone_class(zone)
    return ZONE_CLASS_LABELS[cls] if cls else "unknown"
