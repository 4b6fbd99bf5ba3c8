"""Delete audit log entries older than the retention (CIVICMIND_AUDIT_RETENTION_DAYS); run daily."""
import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from apps.accounts.selectors import audit_entry_count_before
from apps.accounts.services import audit_log_prune


class Command(BaseCommand):
    help = "Delete audit log entries older than the retention period."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None,
                            help="Keep this many days (default: CIVICMIND_AUDIT_RETENTION_DAYS).")
        parser.add_argument("--dry-run", action="store_true", help="Count what would be deleted; delete nothing.")

    def handle(self, *args, days, dry_run, **options):
        days = settings.CIVICMIND_AUDIT_RETENTION_DAYS if days is None else days
        if days < 1:
            raise CommandError("--days must be at least 1.")
        cutoff = timezone.now() - datetime.timedelta(days=days)
        if dry_run:
            count = audit_entry_count_before(cutoff=cutoff)
            self.stdout.write(f"{count} audit log entries are older than {days} days (dry run: none deleted).")
            return
        deleted = audit_log_prune(older_than=cutoff)
        self.stdout.write(f"Deleted {deleted} audit log entries older than {days} days.")
