"""The benchmark's moving parts: databases, servers, wrk runs, answer checks, machine facts.

Used by bench/run.py. Nothing here is part of the test suite or of the application.
"""
import json
import os
import platform
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx
import psycopg

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from civicmind.domains import DOMAINS  # noqa: E402
from tests.servers import free_ports  # noqa: E402

PYTHON = sys.executable
WRK = "wrk"
LUA = BASE_DIR / "bench" / "wrk" / "mcp_call.lua"
SECRET_KEY = "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGH"
ADMIN_USER = "benchadmin"
ADMIN_PASSWORD = "bench-admin-password-7c1e"
PROTOCOL_VERSION = "2025-11-25"
HEADERS = {"Content-Type": "application/json", "Accept": "application/json, text/event-stream",
           "MCP-Protocol-Version": PROTOCOL_VERSION}


@dataclass(frozen=True)
class ToolCall:
    domain: str
    name: str
    arguments: dict
    expect: str  # a phrase the answer's text must contain

    def body(self) -> dict:
        return {"jsonrpc": "2.0", "id": 1, "method": "tools/call",
                "params": {"name": self.name, "arguments": self.arguments}}


# The seed's examples, answered from indexed look-ups on the demo city's rows.
CALLS = [
    ToolCall("parking", "check_violations", {"license_plate": "ABC123"},
             "Parking Violations for License Plate ABC123"),
    ToolCall("parking", "find_parking", {"location": "Downtown City Hall", "duration": "2 hours"},
             "Downtown City Hall"),
    ToolCall("permits", "analyze_application",
             {"permit_type": "residential_deck", "project_description": "Adding 400 sq ft deck to back of house",
              "property_address": "123 Oak Street", "estimated_cost": 8000}, "Residential Deck Permit"),
]


# --- environment and databases -----------------------------------------------------------
def database_url(base: str, name: str) -> str:
    parts = urlsplit(base)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


def base_env(*, database: str, redis_url: str | None, var_dir: Path, **extra) -> dict:
    """The environment every CivicMind process of the benchmark runs with (production-like)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CIVICMIND_PORT_", "DJANGO_"))}
    env.update({
        "DJANGO_SETTINGS_MODULE": "civicmind.settings", "SECRET_KEY": SECRET_KEY, "DEBUG": "false",
        "DATABASE_URL": database, "CIVICMIND_VAR_DIR": str(var_dir), "PYTHONUNBUFFERED": "1",
        "CIVICMIND_ADMIN_PASSWORD": ADMIN_PASSWORD, "LOG_LEVEL": "INFO",
    })
    env.pop("REDIS_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    env.update({k: str(v) for k, v in extra.items()})
    return env


def manage(env: dict, *args: str, capture: bool = False) -> str:
    done = subprocess.run([PYTHON, "manage.py", *args], cwd=BASE_DIR, env=env, check=True,
                          stdout=subprocess.PIPE if capture else None, text=True)
    return done.stdout or ""


def _admin_connection(base: str):
    return psycopg.connect(database_url(base, "postgres"), autocommit=True)


def database_marker(base: str, name: str) -> str | None:
    """Return the comment a finished set-up left on the database, or None if it does not exist."""
    with _admin_connection(base) as conn:
        row = conn.execute("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
                           [name]).fetchone()
    if row is None:
        return None
    return row[0] or ""


def prepare_database(base: str, name: str, *, citations: int, facilities: int, applications: int, seed: int,
                     env: dict, rebuild: bool, log) -> dict:
    """Create, migrate and fill a benchmark database unless an identical one is there."""
    marker = f"civicmind-bench citations={citations} facilities={facilities} applications={applications} seed={seed}"
    found = database_marker(base, name)
    started = time.monotonic()
    if found == marker and not rebuild:
        try:
            manage(env, "migrate", "--noinput", "-v0")  # a new index since it was built
        except subprocess.CalledProcessError:
            log(f"{name} does not migrate cleanly (a migration changed after it was built): rebuilding")
            rebuild = True
    if found != marker or rebuild:
        log(f"building {name}: {marker}")
        with _admin_connection(base) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "loaddata", "demo", "-v0")
        manage(env, "generate_city", "--citations", str(citations), "--facilities", str(facilities),
               "--applications", str(applications), "--seed", str(seed))
        with _admin_connection(base) as conn:
            conn.execute(f'COMMENT ON DATABASE "{name}" IS \'{marker}\'')
        built = True
    else:
        log(f"{name} is ready ({marker})")
        built = False
    manage(env, "ensure_admin", "--username", ADMIN_USER, capture=True)
    with psycopg.connect(env["DATABASE_URL"]) as conn:
        rows = conn.execute("SELECT count(*) FROM parking_citation").fetchone()[0]
    return {"name": name, "citations": rows, "built": built, "seconds": round(time.monotonic() - started, 1)}


def api_key(env: dict) -> str:
    """Create a fresh API key for the run (so auth, the key's rate limit and the audit log all run)."""
    output = manage(env, "create_api_key", "--name", "benchmark", "--owner", ADMIN_USER, "--scopes", "all",
                    capture=True)
    return output.strip().splitlines()[-1].strip()


# --- servers -------------------------------------------------------------------------------
@dataclass
class Server:
    key: str  # daphne | serve | sdk | daphne_1k | ...
    label: str
    process: subprocess.Popen
    urls: dict  # tool name -> URL
    api_key: str | None
    health: list  # URLs answering 200 when up (empty: probe with a tool call)
    log_path: Path
    admin_base: str | None = None
    pids: list = field(default_factory=list)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def worker_pids(self) -> list[int]:
        """The processes doing the work: the daphne children of serve, else the process itself."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        found = [int(p) for p in children.read_text().split()] if children.exists() else []
        return found or [self.process.pid]


def _spawn(command: list, env: dict, log_path: Path) -> subprocess.Popen:
    log = open(log_path, "wb")
    return subprocess.Popen(command, cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT)


def start_daphne(key: str, label: str, env: dict, log_dir: Path, key_for_calls: str | None) -> Server:
    """One daphne process on one port, the production way (`daphne -p PORT civicmind.asgi:application`).

    The port is configured as the admin/all-domains listener, so one process answers every
    domain's tool by path (/mcp/parking/, /mcp/permits/) — one listener, one process.
    """
    port, *domain_ports = free_ports(1 + len(DOMAINS))
    env = dict(env, CIVICMIND_ADMIN_PORT=str(port),
               **{f"CIVICMIND_PORT_{d.upper()}": str(p) for d, p in zip(DOMAINS, domain_ports)})
    log_path = log_dir / f"{key}.log"
    process = _spawn([PYTHON, "-m", "daphne", "-v", "0", "-b", "127.0.0.1", "-p", str(port), "civicmind.asgi:application"],
                     env, log_path)
    urls = {call.name: f"http://127.0.0.1:{port}/mcp/{call.domain}/" for call in CALLS}
    server = Server(key, label, process, urls, key_for_calls, [f"http://127.0.0.1:{port}/health"], log_path)
    wait_ready(server)
    return server


def start_serve(key: str, label: str, env: dict, log_dir: Path, key_for_calls: str | None,
                workers: int | None = None) -> Server:
    """`manage.py serve`: every listener, `workers` daphne processes sharing the sockets."""
    admin_port, *domain_ports = free_ports(1 + len(DOMAINS))
    ports = dict(zip(DOMAINS, domain_ports))
    env = dict(env, CIVICMIND_ADMIN_PORT=str(admin_port),
               **{f"CIVICMIND_PORT_{d.upper()}": str(p) for d, p in ports.items()})
    command = [PYTHON, "manage.py", "serve", "--host", "127.0.0.1"]
    if workers:
        command += ["--workers", str(workers)]
    log_path = log_dir / f"{key}.log"
    process = _spawn(command, env, log_path)
    urls = {call.name: f"http://127.0.0.1:{ports[call.domain]}/mcp" for call in CALLS}
    health = [f"http://127.0.0.1:{admin_port}/health"] + [f"http://127.0.0.1:{p}/health" for p in ports.values()]
    server = Server(key, label, process, urls, key_for_calls, health, log_path,
                    admin_base=f"http://127.0.0.1:{admin_port}")
    wait_ready(server)
    return server


def start_reference(key: str, label: str, env: dict, log_dir: Path) -> Server:
    """The official SDK's MCPServer under uvicorn (bench/reference_server.py)."""
    (port,) = free_ports(1)
    tools = ",".join(f"{call.domain}:{call.name}" for call in CALLS)
    log_path = log_dir / f"{key}.log"
    process = _spawn([PYTHON, str(BASE_DIR / "bench" / "reference_server.py"), "--port", str(port),
                      "--tools", tools], env, log_path)
    urls = {call.name: f"http://127.0.0.1:{port}/mcp" for call in CALLS}
    server = Server(key, label, process, urls, None, [], log_path)
    wait_ready(server)
    return server


def wait_ready(server: Server, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    pending = list(server.health) or [None]
    while pending and time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.label} exited with {server.process.returncode}:\n"
                               f"{server.log_path.read_text(errors='replace')[-3000:]}")
        try:
            if pending[0] is None:
                call_tool(server, CALLS[0], timeout=10)
                pending.pop(0)
                continue
            if httpx.get(pending[0], timeout=10).status_code == 200:
                pending.pop(0)
                continue
        except (httpx.HTTPError, AnswerError):
            pass
        time.sleep(0.3)
    if pending:
        server.stop()
        raise RuntimeError(f"{server.label} never became ready:\n{server.log_path.read_text(errors='replace')[-3000:]}")


# --- answers -------------------------------------------------------------------------------
class AnswerError(Exception):
    pass


def call_tool(server: Server, call: ToolCall, timeout: float = 30) -> dict:
    """POST one tools/call; return its result, raising AnswerError unless it is a correct answer."""
    headers = dict(HEADERS)
    if server.api_key:
        headers["X-API-Key"] = server.api_key
    response = httpx.post(server.urls[call.name], json=call.body(), headers=headers, timeout=timeout)
    if response.status_code != 200:
        raise AnswerError(f"{server.label} {call.name}: HTTP {response.status_code} {response.text[:300]}")
    reply = response.json()
    result = reply.get("result")
    if not isinstance(result, dict):
        raise AnswerError(f"{server.label} {call.name}: no result: {response.text[:300]}")
    if result.get("isError"):
        raise AnswerError(f"{server.label} {call.name}: isError: {response.text[:300]}")
    text = (result.get("content") or [{}])[0].get("text", "")
    if call.expect not in text:
        raise AnswerError(f"{server.label} {call.name}: answer lacks {call.expect!r}: {text[:300]}")
    if not isinstance(result.get("structuredContent"), dict):
        raise AnswerError(f"{server.label} {call.name}: no structuredContent")
    return result


def check_answers(servers: list[Server]) -> dict:
    """Check every server answers every call correctly, and all with the same text and facts."""
    checked = {}
    for call in CALLS:
        results = {server.key: call_tool(server, call) for server in servers}
        texts = {key: r["content"][0]["text"] for key, r in results.items()}
        facts = {key: json.dumps(r["structuredContent"], sort_keys=True) for key, r in results.items()}
        if len(set(texts.values())) != 1 or len(set(facts.values())) != 1:
            raise AnswerError(f"{call.name}: servers disagree: " + json.dumps(texts, ensure_ascii=False)[:2000])
        checked[call.name] = {"servers": sorted(results), "text_chars": len(next(iter(texts.values()))),
                              "text_start": next(iter(texts.values()))[:80]}
    return checked


# --- wrk -----------------------------------------------------------------------------------
def run_wrk(server: Server, call: ToolCall, *, connections: int, seconds: float, body_dir: Path) -> dict:
    """Drive one tool call at `connections` concurrency with wrk; return its summary."""
    body_path = body_dir / f"{call.name}.json"
    body_path.write_text(json.dumps(call.body()))
    env = dict(os.environ, MCP_BODY_FILE=str(body_path), MCP_PROTOCOL_VERSION=PROTOCOL_VERSION,
               MCP_API_KEY=server.api_key or "")
    threads = min(2, connections)
    command = [WRK, f"-t{threads}", f"-c{connections}", f"-d{seconds:g}s", "--timeout", "10s",
               "-s", str(LUA), server.urls[call.name]]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=seconds + 60)
    line = next((l for l in done.stdout.splitlines() if l.startswith("WRK_JSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk gave no summary: {done.stdout[-800:]} {done.stderr[-800:]}")
    summary = json.loads(line[len("WRK_JSON "):])
    summary["rps"] = round(summary["requests"] / (summary["duration_us"] / 1e6), 1)
    summary["errors"] = sum(summary[k] for k in ("connect_errors", "read_errors", "write_errors", "status_errors",
                                                  "timeouts")) + summary["bad"]
    return summary


# --- the machine ---------------------------------------------------------------------------
PACKAGES = ["Django", "daphne", "Twisted", "channels", "channels-redis", "djangorestframework", "psycopg",
            "psycopg-pool", "redis", "mcp", "uvicorn", "starlette", "pydantic", "django-prometheus"]


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _command_output(command: list[str]) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=10, cwd=BASE_DIR)
        return (done.stdout or done.stderr).strip()
    except (OSError, subprocess.TimeoutExpired):
        return ""


def machine(database: str, redis_url: str | None) -> dict:
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    wrk = _command_output([WRK, "-v"]).splitlines()
    with psycopg.connect(database) as conn:
        postgres = conn.execute("SHOW server_version").fetchone()[0]
    redis_version = None
    if redis_url:
        import redis

        try:
            redis_version = redis.Redis.from_url(redis_url).info("server").get("redis_version")
        except redis.RedisError:
            pass
    commit = _command_output(["git", "rev-parse", "HEAD"])
    dirty = bool(_command_output(["git", "status", "--porcelain", "--untracked-files=no"]))
    meminfo = Path("/proc/meminfo").read_text().splitlines()[0] if Path("/proc/meminfo").exists() else ""
    return {
        "cpu_model": _cpu_model(), "cores": os.cpu_count(), "memory": re.sub(r"\s+", " ", meminfo),
        "os": platform.platform(), "python": platform.python_version(), "packages": versions,
        "wrk": wrk[0] if wrk else None, "postgresql": postgres, "redis": redis_version,
        "git_commit": commit, "git_dirty": dirty,
    }


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]
