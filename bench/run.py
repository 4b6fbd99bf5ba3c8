"""CivicMind's performance benchmark: one command, one results file (docs/performance.md).

    .venv/bin/python bench/run.py            # full run, ~16 minutes (+ ~1.5 to build the 1M database, once)
    .venv/bin/python bench/run.py --quick    # short runs, one round: a smoke test of the numbers (~6 minutes)

Needs PostgreSQL (--postgres, default postgres://postgres@127.0.0.1:5432), Redis
(--redis-url, default $REDIS_URL or redis://127.0.0.1:6379/9) and wrk (`apt-get install wrk`).

1. Protocol: tools/call of check_violations, find_parking and analyze_application at
   concurrency 1, 16 and 64, with wrk and bench/wrk/mcp_call.lua, against (a) one daphne
   process, (b) `manage.py serve` with all its processes and (c) the official SDK's
   MCPServer under uvicorn (bench/reference_server.py), all on the bench_1k database,
   alternating servers within every round. CivicMind runs with every feature on: an API key
   on every call, rate limits counted in Redis, the audit log, metrics and request logs.
2. Scale: the same calls on one daphne process against bench_1k (1 thousand citations)
   and bench_1m (1 million), alternating; the latency ratio 1M/1k.
3. Admin: the citations change list (and others) at 1M rows, over HTTP on serve's admin port.
4. Optional: events fan-out (bench/events_fanout.py, --events) and a py-spy profile (--profile).

Writes bench/results/latest.md and bench/results/latest.json.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from bench import harness as h  # noqa: E402
from bench.admin_timing import time_pages  # noqa: E402
from bench.report import render_markdown  # noqa: E402
from bench.summary import scale_ratios, summarize  # noqa: E402,F401  (re-exported for callers of bench.run)

RESULTS = BASE_DIR / "bench" / "results"
SMALL, LARGE = "bench_1k", "bench_1m"


def log(message: str) -> None:
    print(f"[{datetime.now():%H:%M:%S}] {message}", flush=True)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description="CivicMind performance benchmark (docs/performance.md).")
    parser.add_argument("--quick", action="store_true", help="Short runs, one round, fewer admin repeats.")
    parser.add_argument("--postgres", default=os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432"),
                        help="PostgreSQL server URL (without a database name).")
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/9")
    parser.add_argument("--seconds", type=float, default=None, help="Seconds per wrk run (default 10; quick 3).")
    parser.add_argument("--rounds", type=int, default=None, help="Rounds of the protocol table (default 3; quick 1).")
    parser.add_argument("--concurrency", default="1,16,64")
    parser.add_argument("--large-citations", type=int, default=1_000_000)
    parser.add_argument("--small-citations", type=int, default=1_000)
    parser.add_argument("--facilities", type=int, default=200, help="Generated facilities in both databases.")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rebuild", action="store_true", help="Rebuild the databases even if they look ready.")
    parser.add_argument("--skip", default="", help="Comma-separated parts to skip: protocol,scale,admin.")
    parser.add_argument("--events", action="store_true", help="Also run bench/events_fanout.py.")
    parser.add_argument("--profile", action="store_true",
                        help="Also record a py-spy profile of one daphne process under check_violations at c=64.")
    parser.add_argument("--features", choices=["on", "off"], default="on",
                        help="on: API key + rate limits counted in Redis (every feature); off: anonymous, "
                             "loopback exempt from limits.")
    parser.add_argument("--tools", default="", help="Comma-separated tools to measure (default: all three).")
    parser.add_argument("--output", default="latest", help="Results file stem in bench/results/.")
    options = parser.parse_args(argv)
    options.seconds = options.seconds or (3 if options.quick else 10)
    options.rounds = options.rounds or (1 if options.quick else 3)
    options.levels = [int(c) for c in options.concurrency.split(",")]
    options.skip = {part.strip() for part in options.skip.split(",") if part.strip()}
    wanted = [name.strip() for name in options.tools.split(",") if name.strip()]
    unknown = sorted(set(wanted) - {call.name for call in h.CALLS})
    if unknown:
        parser.error(f"--tools: unknown {', '.join(unknown)}; choose from {', '.join(c.name for c in h.CALLS)}")
    options.calls = [call for call in h.CALLS if not wanted or call.name in wanted]
    return options


def feature_env(options) -> dict:
    if options.features == "off":
        return {}
    # Limits high enough never to refuse, low enough to be counted: both buckets, every call.
    return {"CIVICMIND_RATE_LIMIT_EXEMPT": "", "CIVICMIND_RATE_LIMIT_PER_KEY": "1000000000",
            "CIVICMIND_RATE_LIMIT_PER_ADDRESS": "1000000000"}


def measure(servers, options, body_dir: Path, levels, rounds: int, phase: str) -> list[dict]:
    """Run every call at every level on every server, rotating the servers' order per round."""
    runs = []
    for round_index in range(rounds):
        order = servers[round_index % len(servers):] + servers[:round_index % len(servers)]
        for call in options.calls:
            for connections in levels:
                for server in order:
                    summary = h.run_wrk(server, call, connections=connections, seconds=options.seconds,
                                        body_dir=body_dir)
                    summary.update(phase=phase, round=round_index, server=server.key, tool=call.name,
                                   connections=connections, load=h.load_average())
                    runs.append(summary)
                    flag = f" ERRORS {summary['errors']} {summary['first_bad'][:80]}" if summary["errors"] else ""
                    log(f"{phase} r{round_index} {call.name:<19} c={connections:<3} {server.key:<10} "
                        f"{summary['rps']:>8.1f} req/s  p50 {summary['p50_us'] / 1000:6.2f} ms  "
                        f"p99 {summary['p99_us'] / 1000:7.2f} ms{flag}")
    return runs


def time_in_process(envs: dict, *, rounds: int) -> list[dict]:
    """Server-side time per call (bench/tool_timing.py) on both databases, alternating."""
    samples: dict = {SMALL: [], LARGE: []}
    for round_index in range(rounds):
        for name in ([SMALL, LARGE] if round_index % 2 == 0 else [LARGE, SMALL]):
            done = subprocess.run([sys.executable, str(BASE_DIR / "bench" / "tool_timing.py")], cwd=BASE_DIR,
                                  env=envs[name], capture_output=True, text=True, check=True, timeout=600)
            samples[name].append(json.loads(done.stdout.strip().splitlines()[-1]))
    rows = []
    for call in h.CALLS:  # tool_timing.py times every call
        small = statistics.median(s[call.name]["median_ms"] for s in samples[SMALL])
        large = statistics.median(s[call.name]["median_ms"] for s in samples[LARGE])
        rows.append({"tool": call.name, "median_ms_1k": small, "median_ms_1m": large,
                     "queries_1k": samples[SMALL][0][call.name]["queries"],
                     "queries_1m": samples[LARGE][0][call.name]["queries"],
                     "ratio": round(large / small, 2)})
        log(f"in-process {call.name:<19} 1k {small:.3f} ms  1M {large:.3f} ms  ({large / small:.2f}x)")
    return rows


def profile_daphne(server, options, body_dir: Path, work: Path) -> dict | None:
    """Sample one daphne process with py-spy while wrk drives check_violations at c=64.

    `--gil` samples only the thread holding the GIL: where the process spends CPU, not
    where threads wait (for PostgreSQL, for the GIL itself).
    """
    py_spy = Path(sys.executable).parent / "py-spy"
    if not py_spy.exists():
        log("py-spy is not installed (pip install py-spy): no profile")
        return None
    seconds = max(8, int(options.seconds))
    raw = work / "profile-daphne.txt"  # collapsed stacks: large, kept out of bench/results
    recorder = subprocess.Popen([str(py_spy), "record", "--pid", str(server.process.pid), "--duration",
                                 str(seconds), "--rate", "250", "--format", "raw", "--threads", "--gil", "--output",
                                 str(raw)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    time.sleep(1)
    h.run_wrk(server, h.CALLS[0], connections=64, seconds=seconds, body_dir=body_dir)
    recorder.wait(timeout=60)
    if not raw.exists():
        log(f"py-spy failed: {recorder.stderr.read().decode()[-500:]}")
        return None
    from bench.profile_summary import summarize_collapsed

    summary = summarize_collapsed(raw.read_text())
    (RESULTS / "profile-daphne.json").write_text(json.dumps(summary, indent=2))
    return summary


def main(argv=None) -> int:
    options = parse_args(argv)
    RESULTS.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="civicmind-bench-"))
    extra = feature_env(options)
    envs = {name: h.base_env(database=h.database_url(options.postgres, name), redis_url=options.redis_url,
                             var_dir=work / name, **extra) for name in (SMALL, LARGE)}
    results = {"started_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
               "options": {k: (sorted(v) if isinstance(v, set) else v) for k, v in vars(options).items()},
               "machine": h.machine(h.database_url(options.postgres, "postgres"), options.redis_url),
               "load_at_start": h.load_average(), "databases": {}}
    log(f"machine: {results['machine']['cpu_model']}, {results['machine']['cores']} cores, "
        f"load {results['load_at_start']}")
    sizes = {SMALL: options.small_citations, LARGE: options.large_citations}
    needed = [SMALL] + ([LARGE] if not {"scale", "admin"} <= options.skip else [])
    for name in needed:
        results["databases"][name] = h.prepare_database(
            options.postgres, name, citations=sizes[name], facilities=options.facilities,
            applications=sizes[name] // 10, seed=options.seed, env=envs[name], rebuild=options.rebuild, log=log)
    keys = {name: (h.api_key(envs[name]) if options.features == "on" else None) for name in needed}
    body_dir = work / "bodies"
    body_dir.mkdir()
    servers = []
    try:
        if "protocol" not in options.skip:
            log("protocol: starting daphne, serve and the SDK reference on bench_1k")
            daphne = h.start_daphne("daphne", "CivicMind, one daphne process", envs[SMALL], work, keys[SMALL])
            serve = h.start_serve("serve", "CivicMind serve (all processes)", envs[SMALL], work, keys[SMALL])
            sdk = h.start_reference("sdk", "Official SDK MCPServer (uvicorn)", envs[SMALL], work)
            servers += [daphne, serve, sdk]
            results["serve_processes"] = len(serve.worker_pids())
            results["answers"] = h.check_answers([daphne, serve, sdk])
            log(f"answers agree: {', '.join(results['answers'])}")
            # Warm up at the highest concurrency, every call: each server opens all the worker
            # threads and database connections it will use (the SDK's anyio pool grows to 40
            # threads, each with its own connection) before anything is measured.
            for server in (daphne, serve, sdk):
                for call in options.calls:
                    h.run_wrk(server, call, connections=max(options.levels), seconds=3, body_dir=body_dir)
            runs = measure([daphne, serve, sdk], options, body_dir, options.levels, options.rounds, "protocol")
            results["protocol_runs"] = runs
            results["protocol"] = summarize(runs, "sdk")
            if options.profile:
                results["profile"] = profile_daphne(daphne, options, body_dir, work)
            for server in (daphne, serve, sdk):
                server.stop()
        if "scale" not in options.skip:
            log("scale: one daphne process on bench_1k and one on bench_1m")
            small = h.start_daphne("daphne_1k", "daphne on 1k citations", envs[SMALL], work, keys[SMALL])
            large = h.start_daphne("daphne_1m", "daphne on 1M citations", envs[LARGE], work, keys[LARGE])
            servers += [small, large]
            results["scale_answers"] = h.check_answers([small, large])
            for server in (small, large):
                h.run_wrk(server, h.CALLS[0], connections=16, seconds=2, body_dir=body_dir)
            runs = measure([small, large], options, body_dir, [1, 16], max(2, options.rounds), "scale")
            results["scale_runs"] = runs
            results["scale"] = scale_ratios(summarize(runs, None))
            small.stop()
            large.stop()
            results["scale_in_process"] = time_in_process(envs, rounds=max(2, options.rounds))
        if "admin" not in options.skip:
            log("admin: serve on bench_1m, change lists as a logged-in superuser")
            admin_server = h.start_serve("serve_1m", "serve on 1M citations", envs[LARGE], work, keys[LARGE])
            servers.append(admin_server)
            results["admin"] = time_pages(admin_server.admin_base, repeats=5 if options.quick else 15)
            for row in results["admin"]:
                log(f"admin {row['page']:<36} median {row['median_ms']:7.1f} ms  max {row['max_ms']:7.1f} ms")
            admin_server.stop()
        if options.events:
            results["events"] = run_events(options)
    except BaseException:
        log(f"failed; server logs are in {work}")
        raise
    finally:
        for server in servers:
            server.stop()
    results["load_at_end"] = h.load_average()
    results["seconds"] = round(time.monotonic() - started)
    (RESULTS / f"{options.output}.json").write_text(json.dumps(results, indent=2, default=str))
    (RESULTS / f"{options.output}.md").write_text(render_markdown(results))
    log(f"wrote bench/results/{options.output}.md and .json in {results['seconds']}s")
    shutil.rmtree(work, ignore_errors=True)  # server logs; kept (and named) only when a run fails
    return 0


def run_events(options) -> dict:
    script = BASE_DIR / "bench" / "events_fanout.py"
    if not script.exists():
        log("bench/events_fanout.py is not there: no events numbers")
        return {"skipped": "bench/events_fanout.py missing"}
    log("events: bench/events_fanout.py")
    command = [sys.executable, str(script), "--redis-url", options.redis_url]
    if options.quick:
        command += ["--events", "5", "--subscribers", "1,100"]
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    done = subprocess.run(command, cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=1800)
    if done.returncode != 0:
        return {"failed": done.returncode, "stderr": done.stderr[-2000:]}
    path = RESULTS / "events_fanout.json"
    return json.loads(path.read_text()) if path.exists() else {"stdout": done.stdout[-2000:]}


if __name__ == "__main__":
    sys.exit(main())
