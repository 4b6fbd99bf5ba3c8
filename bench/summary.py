"""The benchmark's arithmetic: medians of rounds and ratios paired by round (standard library only).

Kept apart from bench/run.py, which drives servers and wrk (and needs the dev requirements),
so that bench/report.py re-summarizes a results file with nothing but the runtime install.
"""
import statistics


def summarize(runs: list[dict], reference: str | None) -> list[dict]:
    """Median of the rounds per (server, tool, concurrency), with ratios to the reference.

    A ratio is paired: each round's value over the reference's in the same round (the
    servers ran back to back), then the median of those. A shared machine's speed drifts
    between rounds (2x within minutes has been seen); pairing keeps that out of the ratio,
    where a ratio of medians taken across rounds would mix a fast round with a slow one.
    """
    cells: dict[tuple, list] = {}
    for run in runs:
        cells.setdefault((run["server"], run["tool"], run["connections"]), []).append(run)
    rows = []
    for (server, tool, connections), group in cells.items():
        rows.append({
            "server": server, "tool": tool, "connections": connections, "rounds": len(group),
            "rps": round(statistics.median(r["rps"] for r in group), 1),
            "p50_ms": round(statistics.median(r["p50_us"] for r in group) / 1000, 2),
            "p99_ms": round(statistics.median(r["p99_us"] for r in group) / 1000, 2),
            "mean_ms": round(statistics.median(r["mean_us"] for r in group) / 1000, 2),
            "errors": sum(r["errors"] for r in group),
        })
    if reference:
        base = {(r["tool"], r["connections"], r["round"]): r for r in runs if r["server"] == reference}
        for row in rows:
            paired = [(run, base.get((row["tool"], row["connections"], run["round"])))
                      for run in cells[(row["server"], row["tool"], row["connections"])]]
            paired = [(run, ref) for run, ref in paired if ref and ref["rps"]]
            if not paired:
                continue
            row["rps_ratios"] = [round(run["rps"] / ref["rps"], 2) for run, ref in paired]
            row["rps_ratio"] = round(statistics.median(run["rps"] / ref["rps"] for run, ref in paired), 2)
            p99 = [run["p99_us"] / ref["p99_us"] for run, ref in paired if ref["p99_us"]]
            row["p99_ratio"] = round(statistics.median(p99), 2) if p99 else None
    return rows


def scale_ratios(rows: list[dict]) -> list[dict]:
    small = {(r["tool"], r["connections"]): r for r in rows if r["server"] == "daphne_1k"}
    out = []
    for row in rows:
        if row["server"] != "daphne_1m":
            continue
        base = small[(row["tool"], row["connections"])]
        out.append({"tool": row["tool"], "connections": row["connections"],
                    "mean_ms_1k": base["mean_ms"], "mean_ms_1m": row["mean_ms"],
                    "p50_ms_1k": base["p50_ms"], "p50_ms_1m": row["p50_ms"],
                    "rps_1k": base["rps"], "rps_1m": row["rps"],
                    "latency_ratio": round(row["mean_ms"] / base["mean_ms"], 2) if base["mean_ms"] else None})
    return out
