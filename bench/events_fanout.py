"""Fan-out latency of /events: from an event's commit to its receipt by every subscriber.

For 1, 100 and 1,000 subscribers, on the in-memory channel layer (one daphne process that
both commits and streams) and on Redis (the commit on the noise listener's process, the
subscribers on the parking listener's process, so every event crosses Redis):

    python bench/events_fanout.py [--events 20] [--subscribers 1,100,1000] [--layers memory,redis]

Events are caused the way assistants cause them: a tools/call of noise's file_complaint on
the real MCP endpoint. Latency = receipt time at the client - the event's `timestamp`
(taken at INSERT, a fraction of a millisecond before COMMIT on the same machine). All
subscribers live in this one Python process, so at 1,000 the client's own loop adds to
the numbers: they are an upper bound. Writes bench/results/events_fanout.{md,json}.
Not part of the test suite. Uses SQLite in a temporary directory unless DATABASE_URL is
set, and Redis at --redis-url (default: REDIS_URL, else redis://127.0.0.1:6379/4), whose
events group it empties first: members left by killed processes (channels-redis keeps them
for its group_expiry, a day) would each cost every group_send a write.
"""
import argparse
import asyncio
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civicmind.settings")
REDIS_DEFAULT = os.environ.pop("REDIS_URL", "") or "redis://127.0.0.1:6379/4"

import httpx  # noqa: E402
import websockets  # noqa: E402

from tests.servers import database_url, start_daphne, server_env  # noqa: E402

RESULTS = BASE_DIR / "bench" / "results"
HEADERS = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json",
           "MCP-Protocol-Version": "2025-06-18"}
COMPLAINT = {"location": "123 Main St", "noise_type": "loud_music"}


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def prepare_database(tmp: Path) -> dict:
    """Migrate and load the demo city; return settings a server can be pointed at."""
    url = os.environ.get("DATABASE_URL")
    db = ({"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp / "bench.sqlite3")} if not url else None)
    env = server_env(db, 8000, {}) if db else dict(os.environ)
    if db is None:
        import dj_database_url

        parsed = dj_database_url.parse(url)
        db = {"ENGINE": parsed["ENGINE"], "NAME": parsed["NAME"], "USER": parsed.get("USER"),
              "PASSWORD": parsed.get("PASSWORD"), "HOST": parsed.get("HOST"), "PORT": parsed.get("PORT")}
    env["DATABASE_URL"] = database_url(db)
    env.pop("REDIS_URL", None)
    for command in (["migrate", "--noinput", "-v0"], ["flush", "--noinput", "-v0"], ["loaddata", "demo", "-v0"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=BASE_DIR, env=env, check=True)
    return db


class Subscriber:
    def __init__(self, ws):
        self.ws = ws
        self.received: dict[int, float] = {}
        self.arrived = asyncio.Event()

    async def run(self):
        async for text in self.ws:
            now = time.time()
            message = json.loads(text)
            if "id" in message:
                self.received[message["id"]] = now - datetime.fromisoformat(message["timestamp"]).timestamp()
                self.arrived.set()


async def open_subscribers(url: str, count: int) -> list[Subscriber]:
    async def one():
        ws = await websockets.connect(url, open_timeout=60, max_queue=None)
        await ws.send(json.dumps({"action": "subscribe", "events": ["complaint.filed"], "domains": ["noise"]}))
        reply = json.loads(await ws.recv())
        assert reply["type"] == "subscribed", reply
        return Subscriber(ws)

    subscribers = []
    for start in range(0, count, 100):
        subscribers += await asyncio.gather(*(one() for _ in range(min(100, count - start))))
    return subscribers


async def measure(mcp_url: str, events_url: str, count: int, events: int) -> dict:
    subscribers = await open_subscribers(events_url, count)
    readers = [asyncio.ensure_future(s.run()) for s in subscribers]
    samples, slowest, ids = [], [], []
    try:
        async with httpx.AsyncClient(timeout=30) as client:
            for n in range(events):
                body = {"jsonrpc": "2.0", "id": n, "method": "tools/call",
                        "params": {"name": "file_complaint", "arguments": COMPLAINT}}
                response = await client.post(mcp_url, json=body, headers=HEADERS)
                result = response.json()["result"]
                assert not result.get("isError"), result
                deadline = time.monotonic() + 30
                while time.monotonic() < deadline and not all(len(s.received) > n for s in subscribers):
                    await asyncio.sleep(0.005)
                await asyncio.sleep(0.05)
        for s in subscribers:
            assert len(s.received) == events, f"a subscriber got {len(s.received)} of {events} events"
        ids = sorted(subscribers[0].received)
        for event_id in ids:
            latencies = [s.received[event_id] * 1000 for s in subscribers]
            samples += latencies
            slowest.append(max(latencies))
    finally:
        for reader in readers:
            reader.cancel()
        await asyncio.gather(*(s.ws.close() for s in subscribers), return_exceptions=True)
    return {"subscribers": count, "events": len(ids), "samples": len(samples),
            "p50_ms": round(statistics.median(samples), 2), "p99_ms": round(percentile(samples, 0.99), 2),
            "max_ms": round(max(samples), 2), "last_subscriber_p50_ms": round(statistics.median(slowest), 2)}


def machine(db: dict, redis_url: str | None) -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory_kb = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                         if line.startswith("MemTotal")))
    details = {"platform": platform.platform(), "python": platform.python_version(), "cpu": cpu,
               "cores": os.cpu_count(), "memory_gib": round(memory_kb / 1024 / 1024, 1),
               "database": db["ENGINE"].rsplit(".", 1)[-1],
               "load_average_at_start": [round(x, 2) for x in os.getloadavg()]}
    if redis_url:
        import redis

        details["redis"] = redis.Redis.from_url(redis_url).info()["redis_version"]
    return details


async def run(args) -> dict:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 8192)), hard))
    tmp = Path(tempfile.mkdtemp(prefix="events-bench-"))
    db = prepare_database(tmp)
    counts = [int(c) for c in args.subscribers.split(",")]
    results = {"when": datetime.now().astimezone().isoformat(timespec="seconds"),
               "machine": machine(db, args.redis_url if "redis" in args.layers else None),
               "events_per_run": args.events, "runs": []}
    if "redis" in args.layers:
        import redis

        redis.Redis.from_url(args.redis_url).delete("asgi:group:civicmind.events")
    for layer in args.layers.split(","):
        extra = {"REDIS_URL": args.redis_url} if layer == "redis" else {}
        noise = start_daphne(db, tmp, "noise", **extra)
        streams = start_daphne(db, tmp, "parking", **extra) if layer == "redis" else noise
        try:
            events_url = streams.events_url("parking" if layer == "redis" else "noise")
            for count in counts:
                row = await measure(noise.mcp_url("noise"), events_url, count, args.events)
                row["layer"] = "in-memory (one process)" if layer == "memory" else "redis (across two processes)"
                print(json.dumps(row), flush=True)
                results["runs"].append(row)
        finally:
            if streams is not noise:
                streams.stop()
            noise.stop()
    return results


def write(results: dict) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "events_fanout.json").write_text(json.dumps(results, indent=2) + "\n")
    m = results["machine"]
    lines = [
        "# /events fan-out latency", "",
        f"Run {results['when']} with `python bench/events_fanout.py`: {results['events_per_run']} events per run,",
        "each caused by a tools/call of noise's file_complaint; latency from the event's timestamp (taken at",
        "INSERT, just before COMMIT) to its receipt by each subscriber. All subscribers are in one client",
        "process, whose own loop is part of the numbers at 1,000.", "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB; {m['platform']}; Python {m['python']};",
        f"database {m['database']}" + (f"; Redis {m['redis']}" if "redis" in m else "") +
        f"; load average at start {m['load_average_at_start']} (other work shared the machine).", "",
        "| layer | subscribers | samples | p50 ms | p99 ms | max ms | last subscriber p50 ms |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results["runs"]:
        lines.append(f"| {r['layer']} | {r['subscribers']} | {r['samples']} | {r['p50_ms']} | {r['p99_ms']} "
                     f"| {r['max_ms']} | {r['last_subscriber_p50_ms']} |")
    (RESULTS / "events_fanout.md").write_text("\n".join(lines) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=20)
    parser.add_argument("--subscribers", default="1,100,1000")
    parser.add_argument("--layers", default="memory,redis")
    parser.add_argument("--redis-url", default=REDIS_DEFAULT)
    results = asyncio.run(run(parser.parse_args()))
    write(results)
    print(f"wrote {RESULTS / 'events_fanout.md'}")


if __name__ == "__main__":
    main()
