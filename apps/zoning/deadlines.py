"""Where a variance stands against its hearing: still to come, decided, or a decision overdue.

Why its own module: every answer that shows a hearing date (track_variance, lookup_zoning,
submit_variance, the resource, the admin list) must word it the same way, and a date in the
past must never read as upcoming. The domain's target is the Board's: it decides an
application at its hearing (apps.zoning.hearings.decision_due_on), so an open application
whose hearing has passed is overdue, counted with apps.core.wording.days_overdue.
"""
from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from apps.core.wording import day_text, days_overdue, plural, relative_day, when_text
from apps.zoning.hearings import decision_due_on
from apps.zoning.models import OPEN_STATUSES, Variance


class HearingStatus:
    SCHEDULED = "scheduled"  # open, the hearing is today or later
    DECISION_OVERDUE = "decision_overdue"  # open, the hearing has passed without a decision
    HELD = "held"  # decided at (or after) the hearing
    NOT_HELD = "not_held"  # withdrawn, or decided before the hearing day (records from before the rule)

    CHOICES = (SCHEDULED, DECISION_OVERDUE, HELD, NOT_HELD)


@dataclass(frozen=True)
class HearingState:
    hearing_date: date
    status: str
    decision_due: date | None  # open applications only
    days_overdue: int

    def facts(self) -> dict:
        return {"hearing_status": self.status, "decision_due": self.decision_due, "days_overdue": self.days_overdue}


def variance_hearing_state(variance: Variance, *, today: date | None = None) -> HearingState:
    """Return where `variance` stands against its hearing on `today` (the city's today by default)."""
    today = today or timezone.localdate()
    hearing = variance.hearing_date
    if variance.status in OPEN_STATUSES:
        due = decision_due_on(hearing)
        late = days_overdue(due, today=today)
        return HearingState(hearing, HearingStatus.DECISION_OVERDUE if late else HearingStatus.SCHEDULED, due, late)
    decided_on = timezone.localdate(variance.decided_at) if variance.decided_at else None
    held = decided_on is not None and decided_on >= hearing
    return HearingState(hearing, HearingStatus.HELD if held else HearingStatus.NOT_HELD, None, 0)


def hearing_text(facts: dict, *, today: date | None = None) -> str:
    """Word a hearing from a variance's facts: "Tuesday, December 8 (in 14 days)", "… (held)", "… overdue"."""
    hearing, status = facts["hearing_date"], facts["hearing_status"]
    if status == HearingStatus.SCHEDULED:
        return when_text(hearing, today=today)
    if status == HearingStatus.DECISION_OVERDUE:
        return (f"{day_text(hearing, today=today)} ({relative_day(hearing, today=today)}) — ⚠️ decision overdue "
                f"by {plural(facts['days_overdue'], 'day')}")
    if status == HearingStatus.HELD:
        return f"{day_text(hearing, today=today)} (held)"
    return f"{day_text(hearing, today=today)} (not held)"
