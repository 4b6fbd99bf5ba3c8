"""Load the demo city once, placed around the day it runs, unless the database already holds it.

The fixtures (fixtures/<dir>/demo.json, the ones `loaddata demo` finds) are dated around
apps.core.demo_dates.DEMO_ANCHOR; their dates are moved to today's city before loading, so
a demo loaded any day has upcoming inspections, outages still being restored and overdue
work (docs/deployment.md, "The demo city").
"""
import json
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from apps.core.demo_dates import (
    DEMO_ANCHOR,
    DemoShift,
    demo_counters_advance,
    demo_rows_shift,
    demo_rows_without_counters,
)
from apps.places.models import Place


class Command(BaseCommand):
    help = ("Load the demo city (fixtures named demo), placed around today, into an empty database; "
            "--force reloads it.")

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Reload even if data is present.")

    def handle(self, *args, force=False, **options):
        if Place.objects.exists() and not force:
            self.stdout.write("Demo city already loaded (use --force to reload).")
            return
        shift = DemoShift(anchor=DEMO_ANCHOR, today=timezone.localdate(), time_zone=settings.TIME_ZONE)
        fixtures = sorted(Path(folder) / "demo.json" for folder in settings.FIXTURE_DIRS
                          if (Path(folder) / "demo.json").exists())
        with tempfile.TemporaryDirectory() as moved_dir, transaction.atomic():
            every_row = []
            moved = []
            for fixture in fixtures:
                rows = demo_rows_shift(json.loads(fixture.read_text()), shift)
                every_row.extend(rows)
                target = Path(moved_dir) / fixture.parent.name / "demo.json"
                target.parent.mkdir()
                target.write_text(json.dumps(demo_rows_without_counters(rows)))
                moved.append(target)
            call_command("loaddata", *moved, verbosity=options.get("verbosity", 1))
            demo_counters_advance(every_row)
        if shift.days:
            self.stdout.write(f"Demo city placed around {shift.today.isoformat()} "
                              f"(its fixtures are dated around {DEMO_ANCHOR.isoformat()}).")
