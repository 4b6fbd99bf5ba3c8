"""Issue 14, item 1: `kill -9` of `serve` takes its workers along, and a new `serve` takes over.

Orphaned workers used to keep serving the old ports after their parent died. Now each
worker dies with its parent (PR_SET_PDEATHSIG, apps.core.worker): the test measures how
long the ports stay answered after the kill (they must go quiet, not linger) and how long
a new `serve` needs before every listener answers again.
"""
import os
import signal
import time

import httpx
import pytest

from tests.fault_suite.load import call_tool
from tests.platform.test_supervisor import alive, children, wait_until
from tests.servers import start_serve

pytestmark = pytest.mark.skipif(not os.path.exists("/proc/self/stat"), reason="needs Linux /proc")


def test_kill_9_of_serve_leaves_no_worker_and_a_new_serve_answers(db_settings, transactional_db, tmp_path,
                                                                  private_redis, figures):
    entry = figures.record("kill -9 of serve (2 workers)")
    server = start_serve(db_settings, tmp_path, workers=2, REDIS_URL=private_redis.url)
    workers = wait_until(lambda: (found := children(server.process.pid)) and len(found) == 2 and found, 30)
    try:
        killed_at = time.monotonic()
        os.kill(server.process.pid, signal.SIGKILL)
        server.process.wait()
        gone = wait_until(lambda: not any(alive(pid) for pid in workers), 10)
        workers_gone = time.monotonic() - killed_at
    finally:
        for pid in workers or ():
            if alive(pid):
                os.kill(pid, signal.SIGKILL)  # never leave an orphan behind a failed test
    reply = call_tool(server.mcp_url("zoning"), "list_districts", {}, timeout=3)
    entry.add(reply.outcome)
    entry.notes.append(f"workers gone {workers_gone:.2f}s after the kill")
    assert gone, f"workers {workers} outlived serve"
    assert reply.outcome == "unanswered"  # nothing lingers on the old ports
    started = time.monotonic()
    again = start_serve(db_settings, tmp_path, workers=2, REDIS_URL=private_redis.url)
    try:
        entry.recovery_seconds = time.monotonic() - started
        assert httpx.get(f"{again.base('zoning')}/health/ready", timeout=5).status_code == 200
    finally:
        again.stop()
