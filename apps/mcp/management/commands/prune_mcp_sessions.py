"""Forget MCP sessions nobody has listened on for CIVICMIND_MCP_SESSION_IDLE_DAYS, and ended ones.

Run it daily (cron, a systemd timer), like prune_events. A session is kept while its GET
stream is open (the stream refreshes it every few minutes); one whose client went away
without a DELETE is forgotten with its subscriptions after the idle days. A client that
comes back with its id is answered 404 and initializes again, as the specification says.
"""
from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from apps.mcp.sessions import session_prune

ENDED_KEPT = timedelta(days=1)  # long enough to tell "ended" from "unknown" in a support call


class Command(BaseCommand):
    help = "Forget MCP sessions idle longer than CIVICMIND_MCP_SESSION_IDLE_DAYS (and ended ones)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None,
                            help="Idle days instead of CIVICMIND_MCP_SESSION_IDLE_DAYS.")

    def handle(self, *args, days, **options):
        days = settings.CIVICMIND_MCP_SESSION_IDLE_DAYS if days is None else days
        if days < 1:
            raise CommandError("--days must be at least 1.")
        now = timezone.now()
        deleted = session_prune(idle_before=now - timedelta(days=days), ended_before=now - ENDED_KEPT)
        self.stdout.write(f"Forgot {deleted} MCP session(s) idle for {days} day(s) or ended.")
