"""Start the real server (`manage.py serve`, daphne) on free ports for end-to-end tests.

The server is a separate process, so it must reach the same database as the test: the
test database's settings are turned back into a DATABASE_URL for it.
"""
import os
import random
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from civicmind.domains import DOMAINS

BASE_DIR = Path(__file__).resolve().parent.parent
TEST_SECRET_KEY = "test-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFG"


# Below the kernel's ephemeral range, so no outgoing connection and no bind to port 0 (which
# other processes on the machine use) is handed one of our ports between probe and bind.
PORT_RANGE = (20000, 32000)
# What a server says when a port was taken after all (another process raced us to it).
PORT_TAKEN_SIGNS = ("Address already in use", "Cannot listen on", "Couldn't listen on")
START_ATTEMPTS = 5


def _ephemeral_floor() -> int:
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


def free_ports(count: int) -> list[int]:
    """Return `count` distinct ports free right now on 127.0.0.1.

    A port probed free can still be taken before the server binds it: `start_serve` and
    `start_daphne` start again on new ports when their server says so (PORT_TAKEN_SIGNS).
    """
    low, high = PORT_RANGE[0], min(PORT_RANGE[1], _ephemeral_floor())
    sockets, ports = [], []
    try:
        while len(ports) < count:
            sock = socket.socket()
            try:
                sock.bind(("127.0.0.1", random.randrange(low, high) if high - low > 1000 else 0))
            except OSError:
                sock.close()
                continue
            sockets.append(sock)
            ports.append(sock.getsockname()[1])
    finally:
        for sock in sockets:
            sock.close()
    return ports


def database_url(settings_dict: dict) -> str:
    """Return a DATABASE_URL for the (test) database described by `settings_dict`."""
    engine = settings_dict["ENGINE"]
    if engine.endswith("sqlite3"):
        return f"sqlite:///{settings_dict['NAME']}"
    user = settings_dict.get("USER") or ""
    password = settings_dict.get("PASSWORD") or ""
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{auth}{host}:{port}/{settings_dict['NAME']}"


@dataclass
class ServerProcess:
    """A running `serve` (or daphne) process and the ports of its listeners."""

    process: subprocess.Popen
    admin_port: int
    ports: dict[str, int]
    host: str = "127.0.0.1"
    log_path: Path | None = None
    env: dict = field(default_factory=dict)

    def base(self, domain: str | None = None) -> str:
        port = self.admin_port if domain in (None, "all", "admin") else self.ports[domain]
        return f"http://{self.host}:{port}"

    def mcp_url(self, domain: str | None = None) -> str:
        return f"{self.base(domain)}/mcp"

    def events_url(self, domain: str | None = None) -> str:
        return f"ws://{self.host}:{self.ports[domain] if domain else self.admin_port}/events"

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path and self.log_path.exists() else ""

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def server_env(db_settings: dict, admin_port: int, ports: dict[str, int], **extra) -> dict:
    env = dict(os.environ)
    env.update({
        "DJANGO_SETTINGS_MODULE": "civicmind.settings",
        "SECRET_KEY": TEST_SECRET_KEY,
        "DATABASE_URL": database_url(db_settings),
        "CIVICMIND_ADMIN_PORT": str(admin_port),
        "PYTHONUNBUFFERED": "1",
        # A test's server sends no resident emails: the notifications tests run their own
        # workers against their own SMTP server, and a server's notifier would take the rows.
        "CIVICMIND_NOTIFY_RESIDENTS": "false",
    })
    for domain, port in ports.items():
        env[f"CIVICMIND_PORT_{domain.upper()}"] = str(port)
    env.update({k: str(v) for k, v in extra.items()})
    return env


class PortTaken(RuntimeError):
    """The server could not bind a port that was free when probed: start again elsewhere."""


def _launch(command: list[str], env: dict, server_ports: tuple[int, dict], log_path: Path, domains,
            status: int) -> ServerProcess:
    admin_port, ports = server_ports
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT)
    server = ServerProcess(process, admin_port, ports, log_path=log_path, env=env)
    try:
        wait_healthy(server, domains, status=status)
    except RuntimeError as error:
        if any(sign in str(error) for sign in PORT_TAKEN_SIGNS):  # the message carries the log
            raise PortTaken(str(error)) from error
        raise
    return server


def _start_retrying(start) -> ServerProcess:
    for attempt in range(1, START_ATTEMPTS + 1):
        try:
            return start()
        except PortTaken:
            if attempt == START_ATTEMPTS:
                raise
    raise AssertionError("unreachable")


def start_serve(db_settings: dict, tmp_dir: Path, *, workers: int | None = None, **extra_env) -> ServerProcess:
    """Start `manage.py serve` on free ports and wait until every listener is healthy."""

    def start() -> ServerProcess:
        admin_port, *domain_ports = free_ports(len(DOMAINS) + 1)
        ports = dict(zip(DOMAINS, domain_ports))
        env = server_env(db_settings, admin_port, ports, **extra_env)
        command = [sys.executable, "manage.py", "serve", "--host", "127.0.0.1"]
        if workers:
            command += ["--workers", str(workers)]
        return _launch(command, env, (admin_port, ports), Path(tmp_dir) / f"serve-{admin_port}.log",
                       [None, *DOMAINS], 200)

    return _start_retrying(start)


def start_daphne(db_settings: dict, tmp_dir: Path, domain: str, *, expect_status: int = 200,
                 **extra_env) -> ServerProcess:
    """Start one listener the production way: `daphne -p PORT civicmind.asgi:application`.

    Returns once /health answers `expect_status` (503 for tests of an unhealthy listener).
    """

    def start() -> ServerProcess:
        admin_port, port = free_ports(2)
        env = server_env(db_settings, admin_port, {domain: port}, **extra_env)
        command = [sys.executable, "-m", "daphne", "-v", "0", "-b", "127.0.0.1", "-p", str(port),
                   "civicmind.asgi:application"]
        return _launch(command, env, (admin_port, {domain: port}), Path(tmp_dir) / f"daphne-{port}.log",
                       [domain], expect_status)

    return _start_retrying(start)


def wait_healthy(server: ServerProcess, domains, timeout: float = 60.0, *, status: int = 200) -> None:
    """Wait until each listener's /health answers `status`, from this server and no other.

    A process that exits fails at once (its log in the message); one still running at the
    end proves the answers were its own, not another process's on a port it failed to bind.
    """
    deadline = time.monotonic() + timeout
    pending = list(domains)
    while pending and time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"server exited with {server.process.returncode}:\n{server.log()}")
        domain = pending[0]
        try:
            if httpx.get(f"{server.base(domain)}/health", timeout=10).status_code == status:
                pending.pop(0)
                continue
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    foreign = [] if pending else [d for d in domains if not listens(server.process.pid, _port(server, d))]
    if pending or foreign:
        server.stop()
        what = f"listeners {pending} never became healthy" if pending else (
            f"another process answered on the ports of {foreign}: Address already in use")
        raise RuntimeError(f"{what}:\n{server.log()}")


def _port(server: ServerProcess, domain: str | None) -> int:
    return server.admin_port if domain is None else server.ports[domain]


def listens(pid: int, port: int) -> bool:
    """Whether process `pid` or one of its children holds the listening socket of `port` (Linux /proc)."""
    tables = [Path("/proc/net/tcp"), Path("/proc/net/tcp6")]
    if not tables[0].exists():
        return True  # no /proc to ask: trust the answers
    inodes = set()
    for table in tables:
        for line in table.read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:  # 0A: LISTEN
                inodes.add(f"socket:[{fields[9]}]")
    children = Path(f"/proc/{pid}/task/{pid}/children")
    pids = [pid, *map(int, children.read_text().split())] if children.exists() else [pid]
    for owner in pids:
        for fd in Path(f"/proc/{owner}/fd").glob("*"):
            try:
                if os.readlink(fd) in inodes:
                    return True
            except OSError:
                continue
    return False
