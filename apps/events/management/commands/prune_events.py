"""Delete outbox rows past the retention period (CIVICMIND_EVENTS_RETENTION_DAYS).

Run it daily (cron, a systemd timer): replay with `since` reaches back as far as the rows
kept, so the retention is also how long a client may stay away and still catch up.
"""
from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from apps.events.services import event_prune


class Command(BaseCommand):
    help = "Delete events older than the retention period (default CIVICMIND_EVENTS_RETENTION_DAYS)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None,
                            help="Keep this many days instead of CIVICMIND_EVENTS_RETENTION_DAYS.")

    def handle(self, *args, days, **options):
        days = settings.CIVICMIND_EVENTS_RETENTION_DAYS if days is None else days
        if days < 1:
            raise CommandError("--days must be at least 1.")
        cutoff = timezone.now() - timedelta(days=days)
        deleted = event_prune(older_than=cutoff)
        self.stdout.write(f"Deleted {deleted} event(s) older than {days} day(s) "
                          f"(before {timezone.localtime(cutoff).isoformat(timespec='seconds')}).")
