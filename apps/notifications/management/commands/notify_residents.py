"""Email residents about changes to what they filed: plan from the outbox, send, repeat.

Runs beside the listeners (docker compose's `notifier`, one supervised child of `serve`),
never inside a request: a slow or absent mail server delays emails, never a tool call.
Several may run at once; each row is sent by one of them (apps.notifications.services).
"""
import os
import signal
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from apps.core.worker import SUPERVISOR_PID_ENV, die_with_parent
from apps.notifications.services import notifications_run


class Command(BaseCommand):
    help = "Plan and send resident notification emails (once, or every SECONDS)."

    def add_arguments(self, parser):
        parser.add_argument("--every", type=float, default=0, metavar="SECONDS",
                            help="Keep running, a pass every SECONDS (0: one pass and exit).")
        parser.add_argument("--once", action="store_true", help="One pass and exit (the default without --every).")

    def handle(self, *args, every, once, **options):
        if os.environ.get(SUPERVISOR_PID_ENV):
            die_with_parent(int(os.environ[SUPERVISOR_PID_ENV]))  # serve's child: no orphan after serve
        every = 0 if once else every
        self.stopping = False
        if every:
            signal.signal(signal.SIGTERM, self.stop)  # finish the email in hand, then leave
            signal.signal(signal.SIGINT, self.stop)
        while True:
            close_old_connections()  # a database restart between passes must not kill the loop
            try:
                report = notifications_run(should_stop=lambda: self.stopping)
            except Exception as error:  # noqa: BLE001 - a loop that dies stops notifying
                if not every:
                    raise
                self.stderr.write(f"notify_residents: {error.__class__.__name__}: {error}; retrying in {every:g}s")
            else:
                sending = report.sending
                if report.planned or sending.sent or sending.retrying or sending.failed or not every:
                    self.stdout.write(f"Notifications: {report.planned} planned, {sending.sent} sent, "
                                      f"{sending.retrying} to retry, {sending.failed} failed.")
                    self.stdout.flush()
            if not every:
                return
            deadline = time.monotonic() + every
            while not self.stopping and time.monotonic() < deadline:
                time.sleep(min(0.2, every))
            if self.stopping:
                return

    def stop(self, signum, frame) -> None:
        self.stopping = True
