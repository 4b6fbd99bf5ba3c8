"""`load_demo` places the demo city around the day it runs (apps/core/demo_dates.py).

Loaded on the fixtures' own day nothing moves (the suite's exact answers); loaded weeks or
a year later the city is still alive: upcoming inspections, outages being restored, open
work past its respond-by, last month's bills, and the seed guide's citations as printed.
"""
import datetime as dt
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from apps.core.demo_dates import DEMO_ANCHOR, WEEKLY
from apps.core.models import ReferenceSequence
from apps.parking.models import Citation
from apps.permits.models import Inspection
from apps.transportation.models import OPEN_ISSUE_STATUSES, RoadIssue
from apps.utilities.models import Bill, Outage
from civicmind.clock import clock_shift_to
from tests.helpers.today import FROZEN_TODAY

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
# The real day of the issue, a year later, and a day whose shift crosses a year boundary.
LOAD_DAYS = [dt.date(2026, 12, 7), dt.date(2027, 12, 7), dt.date(2027, 1, 12)]


@pytest.fixture
def load_on(monkeypatch):
    """Run `load_demo` with the clock on `day`; the suite's clock is put back afterwards."""
    monkeypatch.setattr(timezone, "now", timezone.now)

    def load(day: dt.date):
        clock_shift_to(day, settings.TIME_ZONE)
        call_command("load_demo", verbosity=0)
        return timezone.localdate()

    return load


def fixture_values(model: str, field: str) -> dict:
    return {row["pk"]: row["fields"][field] for path in FIXTURES.glob("*/demo.json")
            for row in json.loads(path.read_text()) if row["model"] == model}


def last_month(today: dt.date) -> dt.date:
    return (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


@pytest.mark.django_db
@pytest.mark.parametrize("day", LOAD_DAYS, ids=str)
def test_the_demo_city_is_alive_on_the_day_it_is_loaded(load_on, day):
    today = load_on(day)
    now = timezone.now()
    assert today == day
    assert Inspection.objects.filter(status="scheduled", scheduled_for__date__gt=today).exists()
    assert Outage.objects.exclude(status="resolved").filter(estimated_restoration__gt=now).exists()
    assert RoadIssue.objects.filter(status__in=OPEN_ISSUE_STATUSES, respond_by__lt=today).exists()
    latest = Bill.objects.order_by("-period_start").values_list("period_start", flat=True).first()
    assert latest == last_month(today)
    assert not Bill.objects.filter(paid_on__gt=today).exists()
    assert not Citation.objects.filter(created_at__gt=now).exists()
    assert not RoadIssue.objects.filter(reported_at__gt=now).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("day", LOAD_DAYS, ids=str)
def test_weekday_bound_rows_keep_their_weekday(load_on, day):
    load_on(day)
    from django.apps import apps

    for label, field in WEEKLY.items():
        model = apps.get_model(label)
        for pk, value in fixture_values(label, field).items():
            if not value:
                continue
            moved = getattr(model.objects.get(pk=pk), field)
            before = dt.date.fromisoformat(value[:10])
            after = timezone.localdate(moved) if isinstance(moved, dt.datetime) else moved
            assert after.weekday() == before.weekday(), (label, pk, before, after)
            assert (before < DEMO_ANCHOR) == (after < day), (label, pk, before, after)


@pytest.mark.django_db
@pytest.mark.parametrize("day", LOAD_DAYS, ids=str)
def test_the_seed_guides_citations_keep_the_printed_values(load_on, day):
    load_on(day)
    printed = [(c.citation_number, timezone.localdate(c.issued_at), c.due_date, c.fine)
               for c in Citation.objects.filter(license_plate="ABC123", status="issued").order_by("issued_at")]
    assert [(n, i.isoformat(), d.isoformat(), str(f)) for n, i, d, f in printed] == [
        ("VIO-2025-001234", "2025-01-10", "2025-02-09", "25.00"),
        ("VIO-2025-001456", "2025-01-12", "2025-02-11", "75.00"),
    ]


@pytest.mark.django_db
def test_loaded_on_the_fixtures_day_nothing_moves(load_on):
    load_on(FROZEN_TODAY)
    restorations = fixture_values("utilities.outage", "estimated_restoration")
    for outage in Outage.objects.all():
        assert outage.estimated_restoration == dt.datetime.fromisoformat(restorations[outage.pk])
    respond_by = fixture_values("transportation.roadissue", "respond_by")
    assert {r.pk: r.respond_by.isoformat() for r in RoadIssue.objects.all()} == respond_by


def demo_counter(prefix: str) -> int:
    rows = fixture_values("core.referencesequence", "prefix")
    numbers = fixture_values("core.referencesequence", "last_number")
    return next(numbers[pk] for pk, value in rows.items() if value == prefix)


@pytest.mark.django_db
@pytest.mark.parametrize("before, after", [(3, None), (500, 500)], ids=["behind", "ahead"])
def test_a_reload_moves_counters_up_to_the_demos_numbers_never_down(load_on, before, after):
    # A counter created under another key than the fixture's (or moved on since the last load).
    ReferenceSequence.objects.create(pk=99, prefix="PRM", year=2026, last_number=before)
    load_on(dt.date(2027, 1, 12))
    highest = max(int(r.split("-")[-1]) for r in fixture_values("permits.permitapplication", "reference").values()
                  if r.startswith("PRM-2026-"))
    expected = after or max(highest, demo_counter("PRM"))
    assert ReferenceSequence.objects.get(prefix="PRM", year=2026).last_number == expected >= highest
    call_command("load_demo", force=True, verbosity=0)
    assert ReferenceSequence.objects.get(prefix="PRM", year=2026).last_number == expected


@pytest.mark.django_db
@pytest.mark.parametrize("day", LOAD_DAYS, ids=str)
def test_dates_in_notes_move_with_the_appointment_they_name(load_on, day):
    from apps.permits.models import TimelineEntry
    from apps.zoning.models import Variance, VarianceUpdate

    load_on(day)
    for update in VarianceUpdate.objects.filter(note__contains="hearing set for").select_related("variance"):
        hearing = update.variance.hearing_date
        assert update.note.endswith(f"hearing set for {hearing:%B} {hearing.day}, {hearing.year}."), update.note
    rough_in = Inspection.objects.get(pk=4)  # the demo's rough-in inspection, booked in a timeline note
    note = TimelineEntry.objects.get(note__startswith="Rough-in inspection scheduled for").note
    assert note == f"Rough-in inspection scheduled for {timezone.localtime(rough_in.scheduled_for):%Y-%m-%d %H:%M}."
    assert Variance.objects.filter(hearing_date__gte=day).exists()
