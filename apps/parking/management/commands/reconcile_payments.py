"""Settle payment intents a crash left pending: paid with a receipt, or released.

Run once at start-up and then periodically (`--every SECONDS`; docs/deployment.md) so a
charge whose outcome was never recorded cannot outlive the next run. Safe to run in
several places at once: each intent is settled under its row lock, and the processor's
cancel-or-report answer is idempotent.
"""
import time
from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from apps.parking.services.payment_intents import payment_intents_reconcile


class Command(BaseCommand):
    help = "Settle pending payment intents with the processor's answer (paid + receipt, or released)."

    def add_arguments(self, parser):
        parser.add_argument("--older-than", type=int, default=None, metavar="SECONDS",
                            help="Only intents pending this long (default PARKING_PAYMENT_INTENT_STALE_SECONDS; "
                                 "younger ones may still be charging).")
        parser.add_argument("--every", type=int, default=0, metavar="SECONDS",
                            help="Keep running, reconciling every SECONDS (0: once and exit).")

    def handle(self, *args, older_than, every, **options):
        age = timedelta(seconds=settings.PARKING_PAYMENT_INTENT_STALE_SECONDS if older_than is None else older_than)
        while True:
            close_old_connections()  # a database restart between runs must not kill the loop
            try:
                report = payment_intents_reconcile(older_than=age)
            except Exception as error:  # noqa: BLE001 - a loop that dies stops reconciling
                if not every:
                    raise
                self.stderr.write(f"reconcile_payments: {error}; retrying in {every}s")
            else:
                summary = ", ".join(f"{status}: {n}" for status, n in sorted(report.counts.items())) or "none pending"
                self.stdout.write(f"Reconciled payment intents — {summary}.")
            if not every:
                return
            time.sleep(every)
