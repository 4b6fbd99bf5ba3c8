"""Where a variance stands against its hearing (issue 15): upcoming, held, or a decision overdue."""
from datetime import date, datetime, timezone as tz

import pytest

from apps.zoning.deadlines import HearingStatus, hearing_text, variance_hearing_state
from apps.zoning.models import Variance

TODAY = date(2026, 11, 24)


def variance(status: str, hearing: date, decided: datetime | None = None) -> Variance:
    return Variance(reference="VAR-2026-000001", status=status, hearing_date=hearing, decided_at=decided)


@pytest.mark.parametrize("status, hearing, decided, expected, due, late", [
    ("submitted", date(2026, 12, 8), None, HearingStatus.SCHEDULED, date(2026, 12, 8), 0),
    ("under_review", TODAY, None, HearingStatus.SCHEDULED, TODAY, 0),  # decided at today's hearing: not late yet
    ("under_review", date(2026, 11, 23), None, HearingStatus.DECISION_OVERDUE, date(2026, 11, 23), 1),
    ("submitted", date(2026, 11, 10), None, HearingStatus.DECISION_OVERDUE, date(2026, 11, 10), 14),
    ("approved", date(2026, 10, 13), datetime(2026, 10, 14, 2, 30, tzinfo=tz.utc), HearingStatus.HELD, None, 0),
    # Decided before its hearing (allowed before issue 15): the hearing never reads as upcoming.
    ("approved", date(2027, 1, 12), datetime(2026, 11, 24, 18, tzinfo=tz.utc), HearingStatus.NOT_HELD, None, 0),
    ("withdrawn", date(2026, 12, 8), None, HearingStatus.NOT_HELD, None, 0),
])
def test_hearing_state(status, hearing, decided, expected, due, late):
    state = variance_hearing_state(variance(status, hearing, decided), today=TODAY)
    assert (state.status, state.decision_due, state.days_overdue) == (expected, due, late)


@pytest.mark.parametrize("facts, text", [
    ({"hearing_date": date(2026, 12, 8), "hearing_status": "scheduled", "days_overdue": 0},
     "Tuesday, December 8 (in 14 days)"),
    ({"hearing_date": date(2026, 11, 23), "hearing_status": "decision_overdue", "days_overdue": 1},
     "Monday, November 23 (yesterday) — ⚠️ decision overdue by 1 day"),
    ({"hearing_date": date(2026, 11, 10), "hearing_status": "decision_overdue", "days_overdue": 14},
     "Tuesday, November 10 (14 days ago) — ⚠️ decision overdue by 14 days"),
    ({"hearing_date": date(2026, 10, 13), "hearing_status": "held", "days_overdue": 0}, "Tuesday, October 13 (held)"),
    ({"hearing_date": date(2027, 1, 12), "hearing_status": "not_held", "days_overdue": 0},
     "Tuesday, January 12, 2027 (not held)"),
])
def test_hearing_text(facts, text):
    assert hearing_text(facts, today=TODAY) == text
