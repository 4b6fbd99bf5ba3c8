"""Time the benchmark's tool calls in-process (no HTTP): the server-side cost of each answer.

    DATABASE_URL=postgres://.../bench_1m python bench/tool_timing.py [--calls 300]

Prints one JSON object: per tool, the median and mean milliseconds of `run_tool` (argument
validation, selector, rendering, output serializer) and the queries one call makes. Used by
bench/run.py to compare 1k and 1M citations without the noise of a shared machine's HTTP.
"""
import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civicmind.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from apps.mcp.call import Call  # noqa: E402
from apps.mcp.calls import run_tool  # noqa: E402
from apps.mcp.registry import registry  # noqa: E402
from bench.harness import CALLS  # noqa: E402


def time_call(call, calls: int) -> dict:
    tool = registry.find_tool(call.domain, call.name)
    context = Call(domain=call.domain, listener=call.domain, version="2025-11-25")
    for _ in range(max(10, calls // 10)):  # warm up: connection, caches
        result = run_tool(tool, call.arguments, context)
    if result.is_error or call.expect not in result.text:
        raise SystemExit(f"{call.name}: not a correct answer: {result.text[:200]}")
    with CaptureQueriesContext(connection) as captured:
        run_tool(tool, call.arguments, context)
    times = []
    for _ in range(calls):
        started = time.perf_counter()
        run_tool(tool, call.arguments, context)
        times.append((time.perf_counter() - started) * 1000)
    return {"median_ms": round(statistics.median(times), 3), "mean_ms": round(statistics.mean(times), 3),
            "queries": len(captured)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=300)
    options = parser.parse_args()
    print(json.dumps({call.name: time_call(call, options.calls) for call in CALLS}))


if __name__ == "__main__":
    main()
