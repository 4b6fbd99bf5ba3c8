"""Delete the answers kept for idempotency keys past CIVICMIND_IDEMPOTENCY_RETENTION_DAYS.

Run it daily (cron, a systemd timer), like prune_events: a retry within the retention gets
the first answer; a retry after it runs the tool again.
"""
from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from apps.mcp.services import tool_answer_prune


class Command(BaseCommand):
    help = "Delete answers kept for idempotency keys older than the retention (CIVICMIND_IDEMPOTENCY_RETENTION_DAYS)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None,
                            help="Keep this many days instead of CIVICMIND_IDEMPOTENCY_RETENTION_DAYS.")

    def handle(self, *args, days, **options):
        days = settings.CIVICMIND_IDEMPOTENCY_RETENTION_DAYS if days is None else days
        if days < 1:
            raise CommandError("--days must be at least 1.")
        cutoff = timezone.now() - timedelta(days=days)
        deleted = tool_answer_prune(older_than=cutoff)
        self.stdout.write(f"Deleted {deleted} idempotency key answer(s) older than {days} day(s) "
                          f"(before {timezone.localtime(cutoff).isoformat(timespec='seconds')}).")
