"""The supervisor behind `serve`: keep N daphne workers on the shared sockets, whatever happens.

- A worker that dies is replaced; the others keep serving every port meanwhile (they share
  the listening sockets, so the kernel hands new connections to the living).
- Replacements back off: the first crash of a worker that had been up a while is replaced at
  once, each further fast crash (up less than FAST_CRASH_SECONDS) in a row waits twice as long
  (BACKOFF_FIRST_SECONDS .. BACKOFF_MAX_SECONDS). After MAX_FAST_CRASHES fast crashes in a row
  the fault is not transient (bad code, bad configuration): `serve` stops and exits non-zero.
- What a dead worker left in its audit spool is inserted (apps.accounts.audit_spool), and its
  live gauges leave the /metrics sums (a worker killed by a signal runs no atexit to do it).
- SIGTERM/SIGINT drain: every worker gets SIGTERM and drains (apps.core.worker); one still
  running after the drain time plus a margin is killed.
- The workers die with the supervisor, even by `kill -9` (PR_SET_PDEATHSIG in the worker).
- `extra` children (the resident notifier, `notify_residents --every 5`) are kept up the same
  way: restarted with the same backoff, stopped with SIGTERM on the same drain.
"""
import logging
import os
import signal
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connections

logger = logging.getLogger("civicmind.serve")

FAST_CRASH_SECONDS = 10.0
MAX_FAST_CRASHES = 5
BACKOFF_FIRST_SECONDS = 0.5
BACKOFF_MAX_SECONDS = 8.0
POLL_SECONDS = 0.05
STOP_MARGIN_SECONDS = 5.0
RECOVERY_RETRY_SECONDS = 5.0


@dataclass
class Slot:
    """One worker position: the process in it, and its recent crash history."""

    index: int
    name: str = "daphne worker"
    spawn: Callable[[], subprocess.Popen] | None = None  # None: the supervisor's daphne spawn
    process: subprocess.Popen | None = None
    started: float = 0.0
    fast_crashes: int = 0
    restart_at: float | None = None
    dead_pids: list[int] = field(default_factory=list)  # spools still to recover


def describe_exit(code: int) -> str:
    if code < 0:
        try:
            return f"was killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"was killed by signal {-code}"
    return f"exited with {code}"


def backoff_seconds(fast_crashes: int) -> float:
    """No wait after a crash of a worker that had been up; then 0.5, 1, 2, 4, 8 s."""
    if fast_crashes <= 1:
        return 0.0
    return min(BACKOFF_FIRST_SECONDS * 2 ** (fast_crashes - 2), BACKOFF_MAX_SECONDS)


def recover_orphaned_spools(root: Path, write, *, recover) -> None:
    """Insert the audit rows a previous `serve` left behind (it and its workers were killed).

    A spool directory is named for its `serve`'s pid: one whose process is gone, or that
    carries our own pid (a container restarted, pid 1 again), has no one left to recover it.
    `recover(directory=, pid=)` inserts one worker's spooled rows and returns how many
    (apps.accounts.audit.audit_spool_recover, passed in by `serve`: core knows no audit log).
    """
    if not root.is_dir():
        return
    for directory in root.iterdir():
        if not directory.name.isdigit():
            continue
        owner = int(directory.name)
        if owner != os.getpid() and Path(f"/proc/{owner}").exists():
            continue  # a running serve: its own business
        pids = {int(path.name.split("-", 1)[0]) for path in directory.glob("*.jsonl") if path.name[0].isdigit()}
        for pid in sorted(pids):
            try:
                recovered = recover(directory=directory, pid=pid)
            except Exception as error:
                connections.close_all()
                write(f"audit rows left in {directory} not recovered ({error.__class__.__name__}: {error}).")
                return
            if recovered:
                write(f"recovered {recovered} audit row(s) of worker {pid} of an earlier serve.")
        if owner != os.getpid():
            try:
                directory.rmdir()
            except OSError:
                pass


def forget_metrics_of(pid: int) -> None:
    """Drop a dead worker's live gauges (open WebSockets) from prometheus multiprocess sums."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(pid)


class Supervisor:
    def __init__(self, *, spawn, workers: int, spool_dir: Path, drain_seconds: float, write,
                 recover_spool=None, extra: Sequence[tuple[str, Callable[[], subprocess.Popen]]] = ()):
        """`spawn()` starts one worker and returns its Popen; `write(text)` reports to the operator.

        `extra` is (name, spawn) of other children to keep up beside the workers.
        """
        self.spawn = spawn
        self.slots = [Slot(index) for index in range(workers)]
        self.slots += [Slot(workers + offset, name=name, spawn=start) for offset, (name, start) in enumerate(extra)]
        self.spool_dir = Path(spool_dir)
        self.drain_seconds = drain_seconds
        self.write = write
        self.recover_spool = recover_spool  # (directory=, pid=) -> rows inserted; None: nothing spooled
        self.stopping = False
        self.exit_code = 0
        self.recover_after = 0.0

    def run(self) -> int:
        """Start the workers and keep them up until told to stop; return serve's exit code."""
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        for slot in self.slots:
            self._start(slot)
        while not self.stopping:
            now = time.monotonic()
            for slot in self.slots:
                if slot.process is not None and slot.process.poll() is not None:
                    self._exited(slot, now)
                if self.stopping:
                    break
                if slot.process is None and slot.restart_at is not None and now >= slot.restart_at:
                    self._start(slot)
            self._recover_spools()
            time.sleep(POLL_SECONDS)
        self._stop_workers()
        self._recover_spools()
        return self.exit_code

    def _stop(self, signum, frame) -> None:
        self.stopping = True

    def _start(self, slot: Slot) -> None:
        slot.process = (slot.spawn or self.spawn)()
        slot.started = time.monotonic()
        slot.restart_at = None

    def _exited(self, slot: Slot, now: float) -> None:
        process, slot.process = slot.process, None
        slot.dead_pids.append(process.pid)
        forget_metrics_of(process.pid)
        uptime = now - slot.started
        slot.fast_crashes = slot.fast_crashes + 1 if uptime < FAST_CRASH_SECONDS else 1
        what = f"{slot.name} {process.pid} {describe_exit(process.returncode)} after {uptime:.1f} s"
        if slot.fast_crashes >= MAX_FAST_CRASHES:
            self.write(f"{what}; {slot.fast_crashes} fast crashes in a row: stopping.")
            self.exit_code = process.returncode if process.returncode > 0 else 1
            self.stopping = True
            return
        delay = backoff_seconds(slot.fast_crashes)
        slot.restart_at = now + delay
        self.write(f"{what}; restarting it in {delay:.1f} s.")

    def _recover_spools(self) -> None:
        """Insert the audit rows dead workers had not written; keep them if the database is down."""
        if self.recover_spool is None or time.monotonic() < self.recover_after:
            return
        for slot in self.slots:
            while slot.dead_pids:
                pid = slot.dead_pids[0]
                try:
                    recovered = self.recover_spool(directory=self.spool_dir, pid=pid)
                except Exception as error:
                    connections.close_all()  # a broken connection is not reused for the retry
                    self.write(f"audit rows of worker {pid} not recovered yet ({error.__class__.__name__}: "
                               f"{error}); retrying in {RECOVERY_RETRY_SECONDS:.0f} s.")
                    self.recover_after = time.monotonic() + RECOVERY_RETRY_SECONDS
                    return
                slot.dead_pids.pop(0)
                connections.close_all()  # serve holds no idle database connection between faults
                if recovered:
                    self.write(f"recovered {recovered} audit row(s) of worker {pid}.")

    def _stop_workers(self) -> None:
        """SIGTERM every worker (each drains), then kill whatever outlives the drain."""
        running = [slot for slot in self.slots if slot.process is not None]
        for slot in running:
            if slot.process.poll() is None:
                slot.process.terminate()
        deadline = time.monotonic() + self.drain_seconds + STOP_MARGIN_SECONDS
        for slot in running:
            try:
                slot.process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                self.write(f"{slot.name} {slot.process.pid} still running after the drain; killing it.")
                slot.process.kill()
                slot.process.wait()
            slot.dead_pids.append(slot.process.pid)
            slot.process = None
