"""Place the demo city around the day it is loaded, not around the day its fixtures were written.

The fixtures are dated around Tuesday 2026-11-24 (DEMO_ANCHOR, the suite's frozen today):
an outage "restored by" that evening, an inspection booked for the next week, a road issue
whose respond-by passed yesterday. Loaded weeks later they would read as stale, so
`load_demo` moves every date of every row by the days between the anchor and the day it
runs, on the wall clock of the city's time zone (a 09:00 inspection stays at 09:00 across
daylight saving). Loaded on the anchor day nothing moves, so the suite keeps its answers.

Not every date may move by any number of days:

- WEEKLY rows are bound to a weekday (collection days, bulk-pickup slots, inspections on
  business days, hearings, inspectors' days off): they move by whole weeks. A row before
  the anchor moves by the whole weeks below the shift and one on or after it by those above,
  so nothing in the past becomes upcoming, nothing upcoming becomes past, and the order of
  rows is kept; past ones just look up to six days older.
- MONTHLY rows follow the billing calendar: they move by whole months, so the latest bill
  stays "last month's".
- CALENDAR rows are dates of the real calendar (holidays, closures): they never move.
- PINNED rows are the seed guide's own examples (ABC123's two citations, January 2025):
  they keep exactly the dates the guide prints.

Within a moved weekly or monthly row, a date that would cross today (a bill paid on the
10th moved a month later) is held on its side: the day before today for what was past,
today for what was upcoming. Reference numbers keep the year they were issued in (they
also name uploaded files and appear in notes); new numbers never collide with them because
a year's counter starts above the numbers on file, and the demo's counters are advanced
(never loaded by key, never moved down) past them, so a reload cannot rewind a counter.
"""
import calendar
import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.apps import apps
from django.db import models

DEMO_ANCHOR = dt.date(2026, 11, 24)

# model label -> the field whose weekday the row keeps (it decides past or upcoming).
WEEKLY = {
    "environmental.collectionschedule": "anchor_date",
    "environmental.pickupslot": "date",
    "environmental.bulkpickup": "scheduled_for",
    "permits.inspection": "scheduled_for",
    "permits.inspectorabsence": "date",
    "transportation.roadissue": "scheduled_for",
    "zoning.variance": "hearing_date",
}
# model label -> the field that places the row in the billing calendar.
MONTHLY = {
    "utilities.bill": "period_start",
}
CALENDAR = frozenset({
    "environmental.collectionholiday",
    "permits.inspectionclosure",
})
# model label -> (field, values): rows the seed guide prints, kept as printed.
PINNED = {
    "parking.citation": ("citation_number", frozenset({"VIO-2025-001234", "VIO-2025-001456"})),
}

REFERENCE_RE = re.compile(r"^([A-Z]{2,8})-(\d{4})-(\d+)$")


@dataclass(frozen=True)
class DemoShift:
    """How far the demo city moves: from `anchor` to `today`, in the city's `time_zone`."""

    anchor: dt.date
    today: dt.date
    time_zone: str

    @property
    def days(self) -> int:
        return (self.today - self.anchor).days

    @property
    def weeks_below(self) -> int:
        return self.days // 7 * 7

    @property
    def weeks_above(self) -> int:
        return -(-self.days // 7) * 7

    @property
    def months(self) -> int:
        return (self.today.year - self.anchor.year) * 12 + self.today.month - self.anchor.month


def demo_rows_shift(rows: list[dict], shift: DemoShift) -> list[dict]:
    """Return fixture rows (loaddata's JSON) with every date and datetime placed around `shift.today`.

    Dates written in notes ("hearing set for December 8, 2026", "scheduled for 2026-11-20 09:00")
    move too: to where the appointment they name moved (a weekday-bound row's date), else by
    the shift's days, so a timeline never contradicts the record it describes.
    """
    if not shift.days:
        return rows
    appointments: dict[dt.date, dt.date] = {}
    moved = [_row_shift(row, shift, appointments) for row in rows]
    return [_row_notes_shift(row, shift, appointments) for row in moved]


def _row_shift(row: dict, shift: DemoShift, appointments: dict) -> dict:
    label = row["model"].lower()
    if label in CALENDAR or _pinned(label, row["fields"]):
        return row
    model = apps.get_model(label)
    dated = {name: field for name, field in _date_fields(model).items() if row["fields"].get(name)}
    if not dated:
        return row
    fields = dict(row["fields"])
    mover = _row_mover(label, fields, shift)
    tz = ZoneInfo(shift.time_zone)
    for name in dated:
        fields[name] = mover(fields[name], isinstance(dated[name], models.DateTimeField))
        if WEEKLY.get(label) == name:
            appointments[_local_day(row["fields"][name], tz)] = _local_day(fields[name], tz)
    return {**row, "fields": fields}


_NOTE_DATE = re.compile(rf"\b(\d{{4}}-\d{{2}}-\d{{2}})\b|\b({'|'.join(calendar.month_name[1:])}) (\d{{1,2}})(, \d{{4}})?\b")


def _row_notes_shift(row: dict, shift: DemoShift, appointments: dict) -> dict:
    label = row["model"].lower()
    if label in CALENDAR or _pinned(label, row["fields"]):
        return row
    model = apps.get_model(label)
    texts = [field.name for field in model._meta.concrete_fields
             if isinstance(field, (models.CharField, models.TextField)) and isinstance(row["fields"].get(field.name), str)]
    fields = dict(row["fields"])
    for name in texts:
        fields[name] = _NOTE_DATE.sub(lambda match: _note_date_moved(match, shift, appointments), fields[name])
    return {**row, "fields": fields} if fields != row["fields"] else row


def _note_date_moved(match: re.Match, shift: DemoShift, appointments: dict) -> str:
    if match.group(1):
        day = dt.date.fromisoformat(match.group(1))
        return appointments.get(day, day + dt.timedelta(days=shift.days)).isoformat()
    month = list(calendar.month_name).index(match.group(2))
    year = int(match.group(4)[2:]) if match.group(4) else shift.anchor.year
    try:
        day = dt.date(year, month, int(match.group(3)))
    except ValueError:
        return match.group(0)
    new = appointments.get(day, day + dt.timedelta(days=shift.days))
    text = f"{calendar.month_name[new.month]} {new.day}"
    return text + f", {new.year}" if match.group(4) else text


def _pinned(label: str, fields: dict) -> bool:
    field, values = PINNED.get(label, (None, ()))
    return field is not None and fields.get(field) in values


def _date_fields(model) -> dict:
    return {field.name: field for field in model._meta.concrete_fields if isinstance(field, models.DateField)}


def _row_mover(label: str, fields: dict, shift: DemoShift):
    """Return move(value, is_datetime) for one row's dates, per the row's calendar."""
    tz = ZoneInfo(shift.time_zone)
    if label in WEEKLY and fields.get(WEEKLY[label]):
        upcoming = _local_day(fields[WEEKLY[label]], tz) >= shift.anchor
        days = shift.weeks_above if upcoming else shift.weeks_below
        return lambda value, is_datetime: _held(value, _add(value, tz, days=days), shift, tz)
    if label in MONTHLY and fields.get(MONTHLY[label]):
        return lambda value, is_datetime: _held(value, _add(value, tz, months=shift.months), shift, tz)
    return lambda value, is_datetime: _add(value, tz, days=shift.days)


def _local_day(value: str, tz: ZoneInfo) -> dt.date:
    if "T" not in value:
        return dt.date.fromisoformat(value)
    return _parse_datetime(value).astimezone(tz).date()


def _parse_datetime(value: str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


def _add(value: str, tz: ZoneInfo, *, days: int = 0, months: int = 0) -> str:
    """Move a fixture date ("2026-11-24") or datetime by days or months on the city's wall clock."""
    if "T" not in value:
        return _add_to_day(dt.date.fromisoformat(value), days=days, months=months).isoformat()
    local = _parse_datetime(value).astimezone(tz)
    day = _add_to_day(local.date(), days=days, months=months)
    return dt.datetime.combine(day, local.time().replace(tzinfo=None), tzinfo=tz).isoformat()


def _add_to_day(day: dt.date, *, days: int, months: int) -> dt.date:
    if months:
        index = day.year * 12 + day.month - 1 + months
        year, month = divmod(index, 12)
        last = (dt.date(year + (month + 1) // 12, (month + 1) % 12 + 1, 1) - dt.timedelta(days=1)).day
        day = dt.date(year, month + 1, min(day.day, last))
    return day + dt.timedelta(days=days)


def _held(original: str, moved: str, shift: DemoShift, tz: ZoneInfo) -> str:
    """Keep a moved date on its side of today: what was past stays past, what was upcoming stays so."""
    was_past = _local_day(original, tz) < shift.anchor
    day = _local_day(moved, tz)
    if was_past and day >= shift.today:
        return _add(moved, tz, days=(shift.today - day).days - 1)
    if not was_past and day < shift.today:
        return _add(moved, tz, days=(shift.today - day).days)
    return moved


COUNTER_MODEL = "core.referencesequence"


def demo_rows_without_counters(rows: list[dict]) -> list[dict]:
    """Return the rows to load: counters are not loaded by pk but advanced (demo_counters_advance)."""
    return [row for row in rows if row["model"].lower() != COUNTER_MODEL]


def demo_counters(rows: list[dict]) -> dict[tuple[str, int], int]:
    """Return the number each (prefix, year) counter must have reached: the demo's counter rows and
    the highest reference of that prefix and year among the rows."""
    highest: dict[tuple[str, int], int] = {}

    def reach(prefix: str, year: int, number: int) -> None:
        highest[(prefix, year)] = max(highest.get((prefix, year), 0), number)

    for row in rows:
        fields = row["fields"]
        if row["model"].lower() == COUNTER_MODEL:
            reach(fields["prefix"], fields["year"], fields["last_number"])
            continue
        for value in fields.values():
            match = REFERENCE_RE.match(value) if isinstance(value, str) else None
            if match:
                reach(match.group(1), int(match.group(2)), int(match.group(3)))
    return highest


def demo_counters_advance(rows: list[dict]) -> None:
    """Move every reference counter up to the demo's numbers, never down.

    Loading the demo's counter rows by primary key would put a counter back below numbers
    handed out since the last load (a `--force` reload), or clash with a counter created
    under another key; advancing never hands out a number that is already on file.
    """
    from apps.core.numbering import reference_advance

    for (prefix, year), number in demo_counters(rows).items():
        reference_advance(prefix=prefix, year=year, last_number=number)
