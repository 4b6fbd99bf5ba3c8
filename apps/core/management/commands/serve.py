"""Serve every listener: the admin/all-domains port and one port per domain.

The parent opens the listening sockets and starts daphne worker processes that inherit
them (`-e fd:fileno=N`), so several processes can share every port and use every core.
Without Redis the in-memory channel layer lives in one process, so events only reach
subscribers of the same process: then one worker is the only safe choice.

The parent then supervises (apps.core.supervisor): a crashed worker is restarted while the
others keep serving, SIGTERM drains, and the workers die with the parent (apps.core.worker).
One more supervised child sends the residents' notification emails (`notify_residents
--every 5`): a process of its own, so a slow mail server never holds up a daphne worker,
and the same restart, drain and parent-death rules as the workers, with no second mechanism.
"""
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from apps.accounts.audit import audit_spool_recover
from apps.accounts.audit_spool import SPOOL_DIR_ENV
from apps.accounts.metrics import prepare_multiprocess_dir
from apps.core.drain_time import DRAIN_SECONDS_ENV, drain_seconds
from apps.core.supervisor import Supervisor, recover_orphaned_spools
from apps.core.worker import SUPERVISOR_PID_ENV
from civicmind.checks import refuse_insecure_serving


NOTIFIER_EVERY_SECONDS = 5


class Command(BaseCommand):
    help = "Serve the admin (all domains) and the eight domain MCP listeners with daphne."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("CIVICMIND_HOST", "127.0.0.1"),
                            help="Interface to bind (default 127.0.0.1; 0.0.0.0 in containers).")
        parser.add_argument("--workers", type=int, default=None,
                            help="Daphne processes sharing the sockets (default: 1 without "
                                 "REDIS_URL, else the number of cores).")

    def handle(self, *args, host, workers, **options):
        try:
            refuse_insecure_serving()
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from None
        workers = self.worker_count(workers)
        listeners = [("admin", settings.CIVICMIND_ADMIN_PORT), *settings.CIVICMIND_DOMAIN_PORTS.items()]
        sockets = [self.listen(host, port, name) for name, port in listeners]
        for name, port in listeners:
            path = "/admin/ and /mcp (all domains)" if name == "admin" else "/mcp"
            self.stdout.write(f"  {name:<15} http://{host}:{port}{path}")
        self.stdout.write(f"Serving with {workers} daphne process(es); Ctrl-C stops.")
        self.stdout.flush()
        metrics_dir = self.prepare_metrics_dir(workers)
        # Each child's share of a rate limit while Redis is unreachable (apps.accounts.ratelimit).
        os.environ.setdefault("CIVICMIND_RATE_LIMIT_PROCESSES", str(workers))
        spool_dir = Path(settings.VAR_DIR) / "audit-spool" / str(os.getpid())
        recover_orphaned_spools(spool_dir.parent, self.report, recover=audit_spool_recover)
        drain = drain_seconds()
        env = {**os.environ, SUPERVISOR_PID_ENV: str(os.getpid()), SPOOL_DIR_ENV: str(spool_dir),
               DRAIN_SECONDS_ENV: str(drain)}
        # The parent keeps the sockets open: a restarted worker inherits them again.
        supervisor = Supervisor(spawn=lambda: self.spawn(sockets, env), workers=workers,
                                spool_dir=spool_dir, drain_seconds=drain, write=self.report,
                                recover_spool=audit_spool_recover,
                                extra=[("notifier", lambda: self.spawn_notifier(env))]
                                if settings.CIVICMIND_NOTIFY_RESIDENTS else [])
        code = supervisor.run()
        for sock in sockets:
            sock.close()
        if metrics_dir:
            shutil.rmtree(metrics_dir, ignore_errors=True)
        try:
            spool_dir.rmdir()  # left in place if a row could not be recovered
        except OSError:
            pass
        sys.exit(code)

    def report(self, text: str) -> None:
        self.stderr.write(text)
        self.stderr.flush()

    def prepare_metrics_dir(self, workers: int) -> str | None:
        """Let one /metrics scrape sum every worker (prometheus_client multiprocess mode)."""
        if workers < 2 or os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            return None
        path = prepare_multiprocess_dir(Path(settings.VAR_DIR) / "prometheus" / str(os.getpid()))
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = path  # inherited by the children
        return path

    def worker_count(self, requested: int | None) -> int:
        if requested is None:
            return (os.cpu_count() or 1) if settings.REDIS_URL else 1
        if requested < 1:
            raise CommandError("--workers must be at least 1.")
        if requested > 1 and not settings.REDIS_URL:
            raise CommandError("--workers > 1 needs REDIS_URL: the in-memory channel layer cannot "
                               "carry events between processes.")
        return requested

    def listen(self, host: str, port: int, name: str) -> socket.socket:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as error:
            raise CommandError(f"Cannot listen on {host}:{port} for {name}: {error.strerror}.") from None
        sock.listen(1024)
        sock.set_inheritable(True)
        return sock

    def spawn_notifier(self, env: dict) -> subprocess.Popen:
        """The resident-email worker (apps.notifications): console backend unless EMAIL_HOST is set."""
        command = [sys.executable, "manage.py", "notify_residents", "--every", str(NOTIFIER_EVERY_SECONDS)]
        return subprocess.Popen(command, env=env, cwd=settings.BASE_DIR)

    def spawn(self, sockets, env: dict) -> subprocess.Popen:
        endpoints = []
        for sock in sockets:
            endpoints += ["-e", f"fd:fileno={sock.fileno()}"]
        if settings.CIVICMIND_PROXY_HEADERS:
            # Only behind a proxy: otherwise any caller could claim any client address.
            endpoints.append("--proxy-headers")
        # -v 0: the JSON request log (apps.accounts) replaces daphne's plain access lines.
        command = [sys.executable, "-m", "apps.core.worker", "-v", "0", *endpoints, "civicmind.asgi:application"]
        return subprocess.Popen(command, pass_fds=[s.fileno() for s in sockets], env=env, cwd=settings.BASE_DIR)
