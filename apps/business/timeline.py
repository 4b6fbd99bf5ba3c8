"""From filing day to opening day: pure date arithmetic over what the domains say.

Nothing here reads the database: the planner hands in the hearing date (zoning), each
permit's longest review (permits) and the opening date asked for, so the rules can be
tested one by one. Reviews run side by side once zoning has cleared the use, and the fire
inspection that grants the certificate of occupancy is booked on the first weekday after
the last review; the business may open the day after it.
"""
from dataclasses import dataclass
from datetime import date, timedelta

SATURDAY = 5


@dataclass(frozen=True)
class Milestone:
    key: str
    label: str
    starts_on: date
    ends_on: date


@dataclass(frozen=True)
class OpeningTimeline:
    milestones: tuple
    earliest_opening: date
    opening_date: date | None
    # None when no opening date was asked for; False when it comes before the earliest opening.
    meets_opening_date: bool | None
    days_short: int  # how many days too early the opening date is (0 when it can be met)
    # The dates hold only if the Board approves (a conditional use or a use variance).
    depends_on_hearing: bool


def next_weekday(day: date) -> date:
    """Return the first weekday strictly after `day`."""
    day += timedelta(days=1)
    while day.weekday() >= SATURDAY:
        day += timedelta(days=1)
    return day


def opening_timeline(*, today: date, hearing_date: date | None, reviews: list[tuple[str, str, int]],
                     opening_date: date | None = None) -> OpeningTimeline:
    """Return the dated steps to opening; `reviews` are (key, label, longest review in days)."""
    milestones = [Milestone("apply", "File the applications", today, today)]
    cleared = today
    if hearing_date is not None:
        milestones.append(Milestone("hearing", "Board of Zoning Appeals hearing", today, hearing_date))
        cleared = hearing_date
    reviewed = cleared
    for key, label, days in reviews:
        ends_on = cleared + timedelta(days=days)
        milestones.append(Milestone(key, label, cleared, ends_on))
        reviewed = max(reviewed, ends_on)
    inspection = next_weekday(reviewed)
    milestones.append(Milestone("fire_inspection", "Fire inspection and certificate of occupancy",
                                inspection, inspection))
    earliest = inspection + timedelta(days=1)
    milestones.append(Milestone("open", "Open for business", earliest, earliest))
    if opening_date is None:
        meets, short = None, 0
    else:
        meets = opening_date >= earliest
        short = 0 if meets else (earliest - opening_date).days
    return OpeningTimeline(milestones=tuple(milestones), earliest_opening=earliest, opening_date=opening_date,
                           meets_opening_date=meets, days_short=short, depends_on_hearing=hearing_date is not None)
