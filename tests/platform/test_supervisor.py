"""`serve` supervises its workers (issue 14, item 1): each test kills real processes it started.

A crashed worker is replaced while the others serve; `kill -9` of `serve` takes its workers
along; SIGTERM drains (a request begun is answered, WebSockets get a close frame); audit rows
a killed worker had buffered reach the database. Process state is read from /proc, so the
tests need Linux, as PR_SET_PDEATHSIG does. On PostgreSQL + Redis with
DATABASE_URL=postgres://... REDIS_URL=redis://... as the brief's commands set them.
"""
import asyncio
import datetime
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
import websockets
from django.conf import settings
from django.db import connection

from apps.accounts.models import AuditEntry
from apps.core.supervisor import MAX_FAST_CRASHES, Supervisor, backoff_seconds, describe_exit
from civicmind.domains import DOMAINS
from tests.servers import start_serve

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")

PING = {"jsonrpc": "2.0", "id": 1, "method": "ping"}
MCP_HEADERS = {"accept": "application/json, text/event-stream", "mcp-protocol-version": "2025-06-18"}
RECOVERY_LIMIT_SECONDS = 5.0  # the bound for the listeners
REPLACEMENT_LIMIT_SECONDS = 15.0  # a new worker imports Django first: generous on a busy machine


@pytest.fixture
def db_settings(transactional_db):
    """The test database, committed to, so that the server and the test see each other's rows."""
    return dict(connection.settings_dict)


# --- /proc, without psutil --------------------------------------------------------------

def proc_stat(pid: int) -> tuple[str, int] | None:
    """(state, parent pid) of a process, or None once it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    fields = text[text.rindex(")") + 2:].split()
    return fields[0], int(fields[1])


def alive(pid: int) -> bool:
    stat = proc_stat(pid)
    return stat is not None and stat[0] not in ("Z", "X")  # a zombie serves nothing


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except (FileNotFoundError, ProcessLookupError):
        return ""


def children(pid: int, *, kind: str = "apps.core.worker") -> set[int]:
    """The living children of `pid` whose command line names `kind` (daphne workers by default)."""
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            stat = proc_stat(int(entry))
            if stat and stat[1] == pid and stat[0] not in ("Z", "X") and kind in command_line(int(entry)):
                found.add(int(entry))
    return found


def wait_until(condition, timeout: float, step: float = 0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(step)
    return condition()


def workers_of(server, count: int) -> set[int]:
    pids = wait_until(lambda: (found := children(server.process.pid)) and len(found) == count and found, 30)
    assert pids and len(pids) == count, f"expected {count} workers, found {pids}:\n{server.log()}"
    return pids


def all_listeners_healthy(server) -> bool:
    for domain in [None, *DOMAINS]:
        try:
            # A fresh connection each time: the kernel may hand it to any worker.
            response = httpx.get(f"{server.base(domain)}/health", headers={"connection": "close"}, timeout=2)
        except httpx.HTTPError:
            return False
        if response.status_code != 200:
            return False
    return True


def answered_by(server, pid: int, timeout: float) -> bool:
    """Whether `pid` answers on the shared sockets within `timeout` (x-request-id names the pid)."""
    def answers() -> bool:
        try:
            response = httpx.post(server.mcp_url("parking"), json=PING,
                                  headers={**MCP_HEADERS, "connection": "close"}, timeout=2)
        except httpx.HTTPError:
            return False
        return response.headers.get("x-request-id", "").split("-")[-2:-1] == [str(pid)]
    return bool(wait_until(answers, timeout, step=0.01))


# --- the faults -------------------------------------------------------------------------

def test_a_killed_worker_is_replaced_and_every_listener_answers_within_5_seconds(db_settings, tmp_path, redis_url):
    server = start_serve(db_settings, tmp_path, workers=2, REDIS_URL=redis_url)
    try:
        before = workers_of(server, 2)
        victim, survivor = sorted(before)
        killed_at = time.monotonic()
        os.kill(victim, signal.SIGKILL)
        healthy = wait_until(lambda: all_listeners_healthy(server), RECOVERY_LIMIT_SECONDS)
        listeners_back = time.monotonic() - killed_at
        after = wait_until(lambda: (found := children(server.process.pid)) and len(found) == 2
                           and victim not in found and found, REPLACEMENT_LIMIT_SECONDS)
        replacement = (after - {survivor}).pop() if after else None
        replaced = replacement is not None and answered_by(server, replacement, REPLACEMENT_LIMIT_SECONDS)
        recovered = time.monotonic() - killed_at
        print(f"\nall nine listeners healthy {listeners_back:.2f} s after kill -9 of worker {victim}; "
              f"replacement {replacement} answering after {recovered:.2f} s")
        assert server.process.poll() is None, server.log()
        assert alive(survivor)  # the healthy worker was left alone
    finally:
        server.stop()
    assert healthy, server.log()
    assert listeners_back < RECOVERY_LIMIT_SECONDS
    assert replaced, f"no replacement worker answered within {REPLACEMENT_LIMIT_SECONDS} s:\n{server.log()}"
    assert f"daphne worker {victim} was killed by SIGKILL after" in server.log()
    assert "restarting it in 0.0 s." in server.log()


def test_the_only_worker_killed_is_replaced_and_every_listener_answers_again(db_settings, tmp_path):
    """With one worker (no Redis) nothing serves between the kill and the replacement."""
    server = start_serve(db_settings, tmp_path, workers=1)
    try:
        (victim,) = workers_of(server, 1)
        killed_at = time.monotonic()
        os.kill(victim, signal.SIGKILL)
        assert wait_until(lambda: not alive(victim), 5)
        healthy = wait_until(lambda: all_listeners_healthy(server), REPLACEMENT_LIMIT_SECONDS, step=0.1)
        recovered = time.monotonic() - killed_at
        print(f"\nonly worker {victim} killed: all nine listeners answer again after {recovered:.2f} s")
        still_serving = server.process.poll() is None
    finally:
        server.stop()
    assert healthy, server.log()
    assert still_serving


def test_kill_9_of_serve_leaves_no_worker(db_settings, tmp_path, redis_url):
    server = start_serve(db_settings, tmp_path, workers=2, REDIS_URL=redis_url)
    try:
        workers = workers_of(server, 2)
        os.kill(server.process.pid, signal.SIGKILL)
        server.process.wait()
        left = wait_until(lambda: not any(alive(pid) for pid in workers), 20)
        survivors = {pid for pid in workers if alive(pid)}
    finally:
        for pid in workers:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)  # never leave an orphan behind a failed test
    assert left, f"workers {survivors} outlived serve"
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{server.base('zoning')}/health", timeout=2)


def unread_bytes(server_port: int, client_port: int) -> int | None:
    """Bytes the server has not yet read from one connection (its socket's rx_queue in /proc/net/tcp)."""
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as rows:
            for row in list(rows)[1:]:
                fields = row.split()
                local, remote, queues = fields[1], fields[2], fields[4]
                if int(local.rsplit(":", 1)[1], 16) == server_port and int(remote.rsplit(":", 1)[1], 16) == client_port:
                    return int(queues.split(":")[1], 16)
    return None


async def wait_until_read(server_port: int, client_port: int, timeout: float = 10) -> None:
    """Wait until the server has read what the client sent: the request has begun on its side, not only ours."""
    deadline = time.monotonic() + timeout
    while unread_bytes(server_port, client_port) != 0:
        assert time.monotonic() < deadline, "the server never read the request's first bytes"
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.2)  # the bytes are in daphne's parser, not only out of the kernel


def test_sigterm_lets_a_request_begun_finish_and_closes_websockets_with_a_close_frame(db_settings, tmp_path):
    server = start_serve(db_settings, tmp_path, workers=1, CIVICMIND_DRAIN_SECONDS="10")
    body = b'{"jsonrpc": "2.0", "id": 7, "method": "ping"}'
    head = (f"POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            f"Accept: application/json, text/event-stream\r\nMCP-Protocol-Version: 2025-06-18\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode()

    async def scenario():
        async with websockets.connect(server.events_url("parking")) as stream:
            slow = socket.create_connection(("127.0.0.1", server.ports["parking"]), timeout=10)
            slow.sendall(head + body[:10])  # a client on a slow link: the request has begun
            await wait_until_read(server.ports["parking"], slow.getsockname()[1])
            server.process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(stream.wait_closed(), 10)
            finally:
                close_code = stream.close_code
            await asyncio.sleep(0.5)  # serve is draining now; the rest of the body arrives
            slow.sendall(body[10:])
            answer = b""
            while b'"id":7' not in answer.replace(b" ", b"") and (chunk := slow.recv(65536)):
                answer += chunk
            slow.close()
            return close_code, answer

    try:
        close_code, answer = asyncio.run(scenario())
        code = server.process.wait(timeout=30)
    finally:
        server.stop()
    assert close_code == 1001, server.log()
    assert answer.startswith(b"HTTP/1.1 200 "), (answer, server.log())
    assert b'"result":{}' in answer.replace(b" ", b"")
    assert code == 0, server.log()
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{server.base('parking')}/health", timeout=2)


def test_audit_rows_buffered_by_a_killed_worker_reach_the_database(db_settings, tmp_path):
    calls = 30
    # A flush interval far longer than the test: only the spool can save these rows.
    server = start_serve(db_settings, tmp_path, workers=1, CIVICMIND_AUDIT_FLUSH_MS="600000")
    try:
        (worker,) = workers_of(server, 1)
        request_ids = []
        with httpx.Client(headers=MCP_HEADERS, timeout=10) as client:
            for n in range(calls):
                response = client.post(server.mcp_url("parking"), json={
                    "jsonrpc": "2.0", "id": n, "method": "tools/call",
                    "params": {"name": "check_violations", "arguments": {"__probe__": n, "password": "hunter2"}}})
                assert response.status_code == 200
                request_ids.append(response.headers["x-request-id"])
        assert AuditEntry.objects.filter(request_id__in=request_ids).count() == 0  # still buffered
        os.kill(worker, signal.SIGKILL)
        found = wait_until(lambda: AuditEntry.objects.filter(request_id__in=request_ids).count() == calls, 15)
        entries = list(AuditEntry.objects.filter(request_id__in=request_ids).order_by("created_at"))
        log = server.log()
    finally:
        server.stop()
    assert found, f"{len(entries)} of {calls} audit rows after the worker's death:\n{log}"
    assert f"recovered {calls} audit row(s) of worker {worker}." in log
    assert [entry.request_id for entry in entries] == request_ids
    assert entries[0].arguments == {"__probe__": 0, "password": "[redacted]"}  # redacted on disk too
    assert {(entry.domain, entry.tool, entry.outcome) for entry in entries} == {
        ("parking", "check_violations", "error")}
    assert not (Path(settings.VAR_DIR) / "audit-spool" / str(server.process.pid)).exists()


def test_sigterm_flushes_the_audit_rows_and_leaves_no_spool(db_settings, tmp_path):
    server = start_serve(db_settings, tmp_path, workers=1, CIVICMIND_AUDIT_FLUSH_MS="600000")
    try:
        response = httpx.post(server.mcp_url("parking"), headers=MCP_HEADERS, json={
            "jsonrpc": "2.0", "id": 1, "method": "tools/call",
            "params": {"name": "check_violations", "arguments": {"__probe__": 1}}})
        assert response.status_code == 200
        server.process.send_signal(signal.SIGTERM)
        code = server.process.wait(timeout=30)
    finally:
        server.stop()
    assert code == 0, server.log()
    assert AuditEntry.objects.filter(request_id=response.headers["x-request-id"]).count() == 1
    assert "recovered" not in server.log()  # the worker flushed its own rows as it drained
    assert not (Path(settings.VAR_DIR) / "audit-spool" / str(server.process.pid)).exists()


# --- the restart policy, with stand-in workers --------------------------------------------

def test_a_worker_that_keeps_crashing_stops_serve_after_backing_off(tmp_path):
    lines = []
    supervisor = Supervisor(
        spawn=lambda: subprocess.Popen([sys.executable, "-c", "raise SystemExit(3)"]),
        workers=1, spool_dir=tmp_path, drain_seconds=1.0, write=lines.append)
    previous = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)
    started = time.monotonic()
    try:
        code = supervisor.run()
    finally:
        signal.signal(signal.SIGTERM, previous[0])
        signal.signal(signal.SIGINT, previous[1])
    assert code == 3
    assert len(lines) == MAX_FAST_CRASHES
    assert [line.split("; ", 1)[1] for line in lines] == [
        "restarting it in 0.0 s.", "restarting it in 0.5 s.", "restarting it in 1.0 s.",
        "restarting it in 2.0 s.", f"{MAX_FAST_CRASHES} fast crashes in a row: stopping."]
    assert time.monotonic() - started >= 3.5


def test_backoff_doubles_up_to_a_ceiling():
    assert [backoff_seconds(n) for n in range(1, 9)] == [0.0, 0.5, 1.0, 2.0, 4.0, 8.0, 8.0, 8.0]


@pytest.mark.parametrize("code, text", [
    (-9, "was killed by SIGKILL"), (-11, "was killed by SIGSEGV"), (1, "exited with 1"), (0, "exited with 0"),
])
def test_exits_are_described_by_signal_name(code, text):
    assert describe_exit(code) == text


def test_serve_recovers_the_spool_an_earlier_serve_left_behind(db_settings, tmp_path):
    from apps.accounts.audit_spool import AuditSpool

    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()  # a pid that no longer runs: the earlier serve
    orphan = Path(settings.VAR_DIR) / "audit-spool" / str(gone.pid)
    spool = AuditSpool(orphan, pid=4242)
    created = datetime.datetime(2026, 12, 7, 2, 0, tzinfo=datetime.timezone.utc)
    for n in range(3):
        spool.append(dict(created_at=created, transport="http", listener="parking", domain="parking",
                          tool="check_violations", key_id=None, key_prefix="", key_name="",
                          client_address="127.0.0.1", request_id=f"orphan-{gone.pid}-{n}", arguments={"n": n},
                          user_context=None, outcome="success", error_code="", duration_ms=1.0))
    spool.rotate()  # closes the file, as a process's death would
    server = start_serve(db_settings, tmp_path, workers=1)
    server.stop()
    assert AuditEntry.objects.filter(request_id__startswith=f"orphan-{gone.pid}-").count() == 3
    assert "recovered 3 audit row(s) of worker 4242 of an earlier serve." in server.log()
    assert not orphan.exists()


def test_serve_keeps_a_notifier_beside_the_workers_and_it_dies_with_serve(db_settings, tmp_path):
    """The resident-email worker (notify_residents --every 5) is one more supervised child."""
    server = start_serve(db_settings, tmp_path, workers=1, CIVICMIND_NOTIFY_RESIDENTS="true")
    replacement = set()
    try:
        first = wait_until(lambda: children(server.process.pid, kind="notify_residents"), 30)
        assert first and len(first) == 1, server.log()
        (notifier,) = first
        os.kill(notifier, signal.SIGKILL)
        replacement = wait_until(lambda: children(server.process.pid, kind="notify_residents") - {notifier}, 10)
        assert replacement, server.log()
        assert f"notifier {notifier} was killed by SIGKILL after" in server.log()
        os.kill(server.process.pid, signal.SIGKILL)
        server.process.wait()
        gone = wait_until(lambda: not any(alive(pid) for pid in replacement), 20)
    finally:
        for pid in replacement | children(server.process.pid, kind="apps.core.worker"):
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
        server.stop()
    assert gone, "the notifier outlived serve"
