"""Render bench/results/latest.json as the markdown table docs/performance.md quotes.

`python bench/report.py bench/results/latest.json` re-summarizes the file's raw runs with
today's arithmetic (bench/summary.py) and prints the report; `--write` also rewrites the
results JSON and its .md next to it. Standard library only: it runs with the runtime
install (`make run`'s venv), or any Python 3.10+.
"""
import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

LABELS = {"daphne": "CivicMind, 1 daphne process", "serve": "CivicMind `serve`", "sdk": "SDK MCPServer (uvicorn)"}
TARGETS = [
    ("One daphne process vs SDK, check_violations c=64 (req/s)", "≥ 1.5×"),
    ("serve vs SDK, check_violations c=64 (req/s)", "≥ 3×"),
    ("Latency at 1M / 1k citations, over HTTP (worst call; in-process worst call)", "≤ 1.3×"),
    ("Citations admin change list at 1M rows", "< 300 ms"),
]


def _ratio(value) -> str:
    return f"{value:.2f}×" if isinstance(value, (int, float)) else "—"


def _find(rows, **match):
    return next((r for r in rows if all(r.get(k) == v for k, v in match.items())), None)


def headline(results: dict) -> list[tuple[str, str, str]]:
    """The four targets with the measured values."""
    protocol = results.get("protocol") or []
    daphne = _find(protocol, server="daphne", tool="check_violations", connections=64)
    serve = _find(protocol, server="serve", tool="check_violations", connections=64)
    scale = results.get("scale") or []
    worst = max((r for r in scale if r.get("latency_ratio")), key=lambda r: r["latency_ratio"], default=None)
    worst_in = max(results.get("scale_in_process") or [], key=lambda r: r["ratio"], default=None)
    admin = _find(results.get("admin") or [], page="citations, first page")
    values = [
        (f"{_ratio(daphne.get('rps_ratio'))} (p99 {_ratio(daphne.get('p99_ratio'))} of the SDK's)" if daphne else "—"),
        (_ratio(serve.get("rps_ratio")) if serve else "—"),
        (f"{_ratio(worst['latency_ratio'])} ({worst['tool']}, c={worst['connections']})" if worst else "—")
        + (f"; in-process {_ratio(worst_in['ratio'])} ({worst_in['tool']})" if worst_in else ""),
        (f"{admin['median_ms']:.0f} ms median, {admin['max_ms']:.0f} ms max" if admin else "—"),
    ]
    return [(name, target, value) for (name, target), value in zip(TARGETS, values)]


def _rounds(row: dict) -> str:
    ratios = row.get("rps_ratios") or []
    return f" ({', '.join(f'{r:.2f}' for r in ratios)})" if len(ratios) > 1 and row.get("server") != "sdk" else ""


def render_markdown(results: dict) -> str:
    machine = results["machine"]
    options = results["options"]
    lines = [
        "# CivicMind benchmark results",
        "",
        f"Run {results['started_at']} on {machine['cpu_model']}, {machine['cores']} cores, Python {machine['python']}, "
        f"PostgreSQL {machine['postgresql']}, Redis {machine['redis']}, {machine['wrk']}; commit "
        f"`{(machine['git_commit'] or '')[:12]}`{' (with uncommitted changes)' if machine['git_dirty'] else ''}. "
        f"Load average at start {results['load_at_start']}, at end {results.get('load_at_end')} "
        "(other work on the machine shares its cores). "
        f"{options['seconds']:g} s per wrk run, {options['rounds']} round(s), servers alternating; "
        f"CivicMind features {options['features']} (API key, Redis rate limits, audit log, metrics).",
        "",
        "## Targets",
        "",
        "| target | goal | measured |",
        "|---|---|---|",
        *[f"| {name} | {goal} | {value} |" for name, goal, value in headline(results)],
    ]
    protocol = results.get("protocol")
    if protocol:
        lines += ["", "## tools/call: CivicMind vs the official SDK (bench_1k, same database)", "",
                  f"`serve` ran {results.get('serve_processes', '?')} daphne processes. req/s, p50 and p99 are "
                  "medians of the rounds. Ratios are to the SDK reference at the same tool and concurrency, "
                  "paired by round (each round's value over the SDK's in that round; the median, and each "
                  "round's in brackets); req/s: higher is better; p99: lower is better.", "",
                  "| tool | c | server | req/s | p50 ms | p99 ms | req/s ratio | p99 ratio | errors |",
                  "|---|---:|---|---:|---:|---:|---:|---:|---:|"]
        order = {"daphne": 0, "serve": 1, "sdk": 2}
        for row in sorted(protocol, key=lambda r: (r["tool"], r["connections"], order.get(r["server"], 9))):
            lines.append(f"| {row['tool']} | {row['connections']} | {LABELS.get(row['server'], row['server'])} | "
                         f"{row['rps']:,.0f} | {row['p50_ms']:.2f} | {row['p99_ms']:.2f} | "
                         f"{_ratio(row.get('rps_ratio'))}{_rounds(row)} | {_ratio(row.get('p99_ratio'))} | "
                         f"{row['errors']} |")
    scale = results.get("scale")
    if scale:
        dbs = results.get("databases", {})
        sizes = ", ".join(f"{name}: {info['citations']:,} citations" for name, info in dbs.items())
        lines += ["", "## Scale: one daphne process, 1 thousand vs 1 million citations (PostgreSQL)", "",
                  f"{sizes}. Mean latency per request (at c=1 that is 1 / req/s).", "",
                  "| tool | c | mean ms 1k | mean ms 1M | p50 ms 1k | p50 ms 1M | req/s 1k | req/s 1M | 1M/1k |",
                  "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for row in sorted(scale, key=lambda r: (r["tool"], r["connections"])):
            lines.append(f"| {row['tool']} | {row['connections']} | {row['mean_ms_1k']:.2f} | "
                         f"{row['mean_ms_1m']:.2f} | {row['p50_ms_1k']:.2f} | {row['p50_ms_1m']:.2f} | {row['rps_1k']:,.0f} | "
                         f"{row['rps_1m']:,.0f} | {_ratio(row['latency_ratio'])} |")
    in_process = results.get("scale_in_process")
    if in_process:
        lines += ["", "Server-side time per call, in-process (bench/tool_timing.py: `run_tool` 300 times, median; "
                  "no HTTP, so little noise from a shared machine):", "",
                  "| tool | ms at 1k | ms at 1M | 1M/1k | queries 1k / 1M |", "|---|---:|---:|---:|---:|"]
        for row in in_process:
            lines.append(f"| {row['tool']} | {row['median_ms_1k']:.3f} | {row['median_ms_1m']:.3f} | "
                         f"{_ratio(row['ratio'])} | {row['queries_1k']} / {row['queries_1m']} |")
    admin = results.get("admin")
    if admin:
        lines += ["", "## Admin change lists at 1M citations (serve's admin port, logged-in superuser)", "",
                  "| page | median ms | max ms | count shown |", "|---|---:|---:|---|"]
        for row in admin:
            lines.append(f"| {row['page']} (`{row['path']}`) | {row['median_ms']:.1f} | {row['max_ms']:.1f} | "
                         f"{row.get('shown_count') or '—'} |")
    profile = results.get("profile")
    if profile:
        lines += ["", "## Where one daphne process spends its time (py-spy, check_violations at c=64)", "",
                  f"{profile['samples']:,} samples of the thread holding the GIL (py-spy --gil), each charged to "
                  "the innermost frame of a known part: where the process spends CPU per request.", "",
                  "| part | share |", "|---|---:|"]
        for part, share in profile["parts"].items():
            lines.append(f"| {part} | {share:.1%} |")
        lines += ["", "| thread | share of samples |", "|---|---:|"]
        for thread, share in profile["threads"].items():
            lines.append(f"| {thread} | {share:.1%} |")
    events = results.get("events")
    if events:
        lines += ["", "## Events fan-out (bench/events_fanout.py)", ""]
        if events.get("runs"):
            lines += ["Commit-to-receipt latency of /events; details in bench/results/events_fanout.md.", "",
                      "| layer | subscribers | p50 ms | p99 ms |", "|---|---:|---:|---:|"]
            for run in events["runs"]:
                lines.append(f"| {run['layer']} | {run['subscribers']:,} | {run['p50_ms']} | {run['p99_ms']} |")
        else:
            lines.append(f"Not measured: {json.dumps(events)[:300]}")
    lines.append("")
    return "\n".join(lines)


def resummarized(results: dict) -> dict:
    """Recompute the summaries of a results dict from its raw runs (the file's own numbers)."""
    from bench.summary import scale_ratios, summarize

    results = dict(results)
    if results.get("protocol_runs"):
        results["protocol"] = summarize(results["protocol_runs"], "sdk")
    if results.get("scale_runs"):
        results["scale"] = scale_ratios(summarize(results["scale_runs"], None))
    return results


def rerender(path: Path) -> str:
    """Rewrite a results JSON with fresh summaries and its markdown next to it; return the markdown."""
    results = resummarized(json.loads(path.read_text()))
    markdown = render_markdown(results)
    path.write_text(json.dumps(results, indent=2, default=str))
    path.with_suffix(".md").write_text(markdown)
    return markdown


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="bench/report.py", description="Print the benchmark report of a results file bench/run.py wrote.")
    parser.add_argument("results", type=Path, help="bench/results/<name>.json")
    parser.add_argument("--write", action="store_true",
                        help="also rewrite the JSON's summaries and its .md (default: only print)")
    options = parser.parse_args(argv)
    if not options.results.is_file():
        parser.error(f"{options.results} is not a file; give a results file bench/run.py wrote")
    if options.write:
        markdown = rerender(options.results)
        print(markdown, end="")
        print(f"wrote {options.results} and {options.results.with_suffix('.md')}", file=sys.stderr)
    else:
        print(render_markdown(resummarized(json.loads(options.results.read_text()))), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
