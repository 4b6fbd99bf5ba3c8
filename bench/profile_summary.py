"""Summarize a py-spy profile (collapsed stacks, `--format raw`) by part of the stack.

Each sample is charged to the innermost frame that belongs to a known part (psycopg, the
ORM, DRF, the domain code, auth and audit, the MCP endpoint, daphne/Twisted...), so the
shares add up to 100% of the samples in which the process was busy.

    python bench/profile_summary.py bench/results/profile-daphne.txt
"""
import json
import re
import sys
from pathlib import Path

# (part, path fragments), innermost match wins; order only breaks ties within one frame.
PARTS = [
    ("PostgreSQL driver (psycopg; includes waiting for the server)", ("/psycopg/", "/psycopg_pool/")),
    ("Redis client (rate limits, channel layer)", ("/redis/", "/channels_redis/")),
    ("Django ORM (query building, model instances)", ("/django/db/",)),
    ("DRF (argument validation, output serializer)", ("/rest_framework/",)),
    ("Domain code (selectors, fees, answers)", ("/apps/parking/", "/apps/permits/", "/apps/places/", "/apps/core/")),
    ("Auth, rate limits, audit, metrics, request log", ("/apps/accounts/", "/prometheus_client/",
                                                        "/django_prometheus/")),
    ("Logging", ("/logging/", "/civicmind/logging")),
    ("JSON encode/decode", ("/json/",)),
    ("MCP endpoint (HTTP checks, JSON-RPC, dispatch)", ("/apps/mcp/",)),
    ("Django (settings, signals, utils)", ("/django/",)),
    ("daphne + Twisted (HTTP server)", ("/daphne/", "/twisted/", "/autobahn/", "/txaio/")),
    ("asyncio + thread hand-off", ("/asyncio/", "/concurrent/", "/threading.py", "/asgiref/", "/queue.py")),
]
FRAME_RE = re.compile(r"\((?P<path>[^():]+)(?::\d+)?\)$")


def _part(frame: str) -> str | None:
    found = FRAME_RE.search(frame)
    path = found.group("path") if found else frame
    path = "/" + path.lstrip("/")  # py-spy prints site-packages paths relative: "django/db/..."
    for name, fragments in PARTS:
        if any(fragment in path for fragment in fragments):
            return name
    return None


def summarize_collapsed(text: str) -> dict:
    """Return {"samples": n, "parts": {part: share}, "threads": {thread: share}, "top_frames": [...]}."""
    parts: dict[str, int] = {}
    leaves: dict[str, int] = {}
    threads: dict[str, int] = {}
    total = 0
    for line in text.splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        samples = int(count)
        frames = stack.split(";")
        total += samples
        thread = frames[0] if frames[0].startswith(("thread", "process")) else "?"
        thread = re.sub(r"\s*\(?0x[0-9a-f]+\)?", "", thread).strip() or thread
        threads[thread] = threads.get(thread, 0) + samples
        leaves[frames[-1]] = leaves.get(frames[-1], 0) + samples
        part = next((p for p in map(_part, reversed(frames)) if p), "Other")
        parts[part] = parts.get(part, 0) + samples
    ordered = dict(sorted(((k, v / total) for k, v in parts.items()), key=lambda kv: -kv[1])) if total else {}
    by_thread = dict(sorted(((k, v / total) for k, v in threads.items()), key=lambda kv: -kv[1])) if total else {}
    top = sorted(leaves.items(), key=lambda kv: -kv[1])[:25]
    return {"samples": total, "parts": ordered, "threads": by_thread,
            "top_frames": [{"frame": frame, "share": round(n / total, 4)} for frame, n in top]}


if __name__ == "__main__":
    print(json.dumps(summarize_collapsed(Path(sys.argv[1]).read_text()), indent=2))
