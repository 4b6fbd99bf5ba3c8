"""Private Redis and PostgreSQL servers that fault tests stop, start and freeze.

Each runs on a free port in a temporary directory, so a test can kill or SIGSTOP it
without touching the shared services (5432, 6379) other tests and engineers use.
"""
import glob
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from tests.servers import free_ports


def _wait_port(port: int, timeout: float = 20.0) -> None:
    import socket

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on {port} after {timeout}s")


class PrivateRedis:
    """A redis-server on a free port; `stop()` and `start()` again keep the port."""

    def __init__(self, directory: Path):
        if shutil.which("redis-server") is None:
            pytest.skip("redis-server is not installed")
        self.directory = directory
        self.port = free_ports(1)[0]
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.directory)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _wait_port(self.port)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.process = None


class PrivatePostgres:
    """A PostgreSQL cluster of its own (initdb in a temporary directory) on a free port.

    Runs as the postgres user when the tests run as root (PostgreSQL refuses root).
    `freeze()` SIGSTOPs the postmaster and every backend: connections stay open and
    nothing answers, as with a hung host.
    """

    def __init__(self):
        binaries = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        if not binaries:
            pytest.skip("PostgreSQL server binaries are not installed")
        self.bin = Path(binaries[-1]).parent
        # Its own directory under /tmp: pytest's tmp_path is private to root, which postgres is not.
        directory = Path(tempfile.mkdtemp(prefix="civicmind-pg-"))
        self.directory = directory
        self.data = directory / "data"
        self.port = free_ports(1)[0]
        self.user = None
        if os.geteuid() == 0:
            self.user = pwd.getpwnam("postgres")
            os.chown(directory, self.user.pw_uid, self.user.pw_gid)
        self._run([str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust",
                   "--no-sync"])
        self.process: subprocess.Popen | None = None

    def _demote(self):
        if self.user is not None:
            os.setgid(self.user.pw_gid)
            os.setuid(self.user.pw_uid)

    def _run(self, command: list[str]) -> None:
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       preexec_fn=self._demote, cwd=self.directory)

    def url(self, name: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [str(self.bin / "postgres"), "-D", str(self.data), "-p", str(self.port), "-h", "127.0.0.1",
             "-k", str(self.directory), "-c", "fsync=off"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, preexec_fn=self._demote, cwd=self.directory)
        _wait_port(self.port)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            ready = subprocess.run([str(self.bin / "pg_isready"), "-h", "127.0.0.1", "-p", str(self.port)],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            if ready.returncode == 0:
                return
            time.sleep(0.1)
        raise RuntimeError("private PostgreSQL never became ready")

    def _group(self) -> list[int]:
        """The postmaster and its children (backends), whose signals freeze and thaw it."""
        pids = [self.process.pid]
        out = subprocess.run(["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True).stdout
        return pids + [int(pid) for pid in out.split()]

    def freeze(self) -> None:
        for pid in self._group():
            os.kill(pid, signal.SIGSTOP)

    def thaw(self) -> None:
        for pid in self._group():
            os.kill(pid, signal.SIGCONT)

    def halt(self) -> None:
        """Stop the server as a crash or a restart does (immediate shutdown), keeping its
        cluster: `start()` brings it back on the same port with every committed row."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)  # immediate shutdown: no checkpoint, clients cut
            self.process.wait(timeout=20)
        self.process = None

    def stop(self) -> None:
        """Stop the server (first thawing it) and remove its cluster."""
        if self.process is not None and self.process.poll() is None:
            self.thaw()
            self.process.send_signal(signal.SIGINT)  # fast shutdown: disconnects clients
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
        shutil.rmtree(self.directory, ignore_errors=True)
