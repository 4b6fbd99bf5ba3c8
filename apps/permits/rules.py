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
# A mention of alcohol this close after one of these words is a denial ("No alcohol served",
# "We will not serve alcohol", "without beer or wine"), not a statement that it is served.
NEGATION_WORDS = ("no", "not", "never", "without", "nor", "non", "zero", "dont", "doesnt", "wont", "isnt",
                  "arent", "cannot", "cant")
CONTRAST_WORDS = frozenset({"but", "except", "only", "however", "though"})
NEGATION_REACH = 4  # words between the negation and the alcohol word ("not going to serve any alcohol")
# "wine-free", "alcohol-free", "alcohol free", "non-alcoholic", "dry" premises.
_FREE_SUFFIX = ("free",)

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


def _tokens(text: str) -> list[str]:
    """Lower-case words, apostrophes dropped first so "won't" reads as one word ("wont")."""
    return re.sub(r"[^a-z0-9]+", " ", (text or "").lower().replace("'", "").replace("’", "")).split()


def alcohol_stated(text: str) -> bool | None:
    """Read what a description says about alcohol: True served, False denied, None unsaid or unclear.

    Each mention is read with the words around it: a negation shortly before ("no alcohol",
    "will not serve wine") or "free" right after ("wine-free") denies it. A description that
    both states and denies (e.g. "no liquor, but beer and wine") counts as stating it, unless
    every mention is denied; one that never mentions alcohol is None, so the caller can ask.
    """
    words = _tokens(text)
    served = denied = False
    for index, word in enumerate(words):
        if word not in ALCOHOL_WORDS:
            continue
        before = words[max(0, index - NEGATION_REACH):index]
        while CONTRAST_WORDS.intersection(before):  # "no liquor, but beer": the denial stops at "but"
            before = before[before.index(next(w for w in before if w in CONTRAST_WORDS)) + 1:]
        after = words[index + 1:index + 2]
        if any(w in NEGATION_WORDS for w in before) or any(w in _FREE_SUFFIX for w in after):
            denied = True
        else:
            served = True
    if served:
        return True
    return False if denied else None


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
        """The explicit answer wins; else what the description states (unsaid counts as not served)."""
        return bool(self.alcohol_answer())

    def alcohol_answer(self) -> bool | None:
        """True or False when the project says so (argument, else description); None when it does not."""
        if self.serves_alcohol is not None:
            return self.serves_alcohol
        return alcohol_stated(self.description)

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
