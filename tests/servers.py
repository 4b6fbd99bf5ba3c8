"""Start the real server (`manage.py serve`, daphne) on free ports for end-to-end tests.

The server is a separate process, so it must reach the same database as the test: the
test database's settings are turned back into a DATABASE_URL for it.
"""
import os
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


def free_ports(count: int) -> list[int]:
    sockets, ports = [], []
    for _ in range(count):
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        sockets.append(sock)
        ports.append(sock.getsockname()[1])
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
    })
    for domain, port in ports.items():
        env[f"CIVICMIND_PORT_{domain.upper()}"] = str(port)
    env.update({k: str(v) for k, v in extra.items()})
    return env


def start_serve(db_settings: dict, tmp_dir: Path, *, workers: int | None = None, **extra_env) -> ServerProcess:
    """Start `manage.py serve` on free ports and wait until every listener is healthy."""
    admin_port, *domain_ports = free_ports(len(DOMAINS) + 1)
    ports = dict(zip(DOMAINS, domain_ports))
    env = server_env(db_settings, admin_port, ports, **extra_env)
    log_path = Path(tmp_dir) / f"serve-{admin_port}.log"
    command = [sys.executable, "manage.py", "serve", "--host", "127.0.0.1"]
    if workers:
        command += ["--workers", str(workers)]
    log = open(log_path, "wb")
    process = subprocess.Popen(command, cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT)
    server = ServerProcess(process, admin_port, ports, log_path=log_path, env=env)
    wait_healthy(server, [None, *DOMAINS])
    return server


def start_daphne(db_settings: dict, tmp_dir: Path, domain: str, *, expect_status: int = 200,
                 **extra_env) -> ServerProcess:
    """Start one listener the production way: `daphne -p PORT civicmind.asgi:application`.

    Returns once /health answers `expect_status` (503 for tests of an unhealthy listener).
    """
    admin_port, port = free_ports(2)
    ports = {domain: port}
    env = server_env(db_settings, admin_port, ports, **extra_env)
    log_path = Path(tmp_dir) / f"daphne-{port}.log"
    log = open(log_path, "wb")
    command = [sys.executable, "-m", "daphne", "-v", "0", "-b", "127.0.0.1", "-p", str(port), "civicmind.asgi:application"]
    process = subprocess.Popen(command, cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT)
    server = ServerProcess(process, admin_port, ports, log_path=log_path, env=env)
    wait_healthy(server, [domain], status=expect_status)
    return server


def wait_healthy(server: ServerProcess, domains, timeout: float = 60.0, *, status: int = 200) -> None:
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
    if pending:
        server.stop()
        raise RuntimeError(f"listeners {pending} never became healthy:\n{server.log()}")
