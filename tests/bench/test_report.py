"""The benchmark's arithmetic and report: medians of rounds, ratios to the SDK, profile shares."""
from bench.profile_summary import summarize_collapsed
from bench.report import headline, render_markdown
from bench.summary import scale_ratios, summarize


def run(server, rps, p50, p99, tool="check_violations", connections=64, mean=None, bad=0, round=0):
    return {"server": server, "tool": tool, "connections": connections, "rps": rps, "p50_us": p50 * 1000,
            "p99_us": p99 * 1000, "mean_us": (mean or p50) * 1000, "errors": bad, "round": round}


def test_summarize_takes_medians_and_ratios_to_the_reference():
    runs = [run("daphne", 300, 10, 40, round=0), run("daphne", 330, 9, 30, round=1), run("daphne", 360, 8, 20, round=2),
            run("sdk", 200, 12, 50, round=0), run("sdk", 220, 11, 40, bad=2, round=1), run("sdk", 240, 10, 30, round=2)]
    rows = {r["server"]: r for r in summarize(runs, "sdk")}
    assert rows["daphne"] == {"server": "daphne", "tool": "check_violations", "connections": 64, "rounds": 3,
                              "rps": 330.0, "p50_ms": 9.0, "p99_ms": 30.0, "mean_ms": 9.0, "errors": 0,
                              "rps_ratios": [1.5, 1.5, 1.5], "rps_ratio": 1.5, "p99_ratio": 0.75}
    assert (rows["sdk"]["rps_ratio"], rows["sdk"]["errors"]) == (1.0, 2)


def test_ratios_pair_each_round_with_the_reference_in_that_round():
    """The machine doubled its speed after round 0: each round is 1.5x, the medians across rounds are not."""
    runs = [run("daphne", 300, 10, 40, round=0), run("sdk", 200, 10, 40, round=0),
            run("daphne", 900, 10, 40, round=1), run("sdk", 600, 10, 40, round=1),
            run("daphne", 600, 10, 40, round=2), run("sdk", 450, 10, 40, round=2)]
    daphne = next(r for r in summarize(runs, "sdk") if r["server"] == "daphne")
    assert (daphne["rps"], daphne["rps_ratios"], daphne["rps_ratio"]) == (600.0, [1.5, 1.5, 1.33], 1.5)


def test_scale_ratio_is_mean_latency_at_1m_over_1k():
    rows = summarize([run("daphne_1k", 250, 3, 9, connections=1, mean=4.0),
                      run("daphne_1m", 200, 3.5, 9, connections=1, mean=5.0)], None)
    assert scale_ratios(rows) == [{"tool": "check_violations", "connections": 1, "mean_ms_1k": 4.0, "mean_ms_1m": 5.0,
                                   "p50_ms_1k": 3.0, "p50_ms_1m": 3.5, "rps_1k": 250.0, "rps_1m": 200.0,
                                   "latency_ratio": 1.25}]


def test_profile_shares_go_to_the_innermost_known_part():
    collapsed = "\n".join([
        "thread (1): MainThread;run (daphne/server.py:1);handle (apps/mcp/transport.py:2);dumps (json/encoder.py:3) 2",
        "thread (2): worker;run_tool (apps/mcp/calls.py:1);execute (django/db/models/sql/compiler.py:9);"
        "wait (psycopg/connection.py:5) 6",
        "thread (2): worker;run_tool (apps/mcp/calls.py:1);mystery (somewhere.py:1) 2",
    ])
    summary = summarize_collapsed(collapsed)
    assert summary["samples"] == 10
    assert summary["parts"] == {"PostgreSQL driver (psycopg; includes waiting for the server)": 0.6,
                                "JSON encode/decode": 0.2, "MCP endpoint (HTTP checks, JSON-RPC, dispatch)": 0.2}
    assert summary["threads"] == {"thread (2): worker": 0.8, "thread (1): MainThread": 0.2}


def test_report_states_the_targets_with_the_measured_values():
    protocol = summarize([run("daphne", 450, 9, 30), run("serve", 900, 5, 20), run("sdk", 300, 12, 40)], "sdk")
    results = {
        "started_at": "2026-11-24T08:00:00+00:00", "load_at_start": [1.0, 1.0, 1.0], "load_at_end": [2.0, 1.5, 1.0],
        "machine": {"cpu_model": "AMD EPYC", "cores": 2, "python": "3.11.7", "postgresql": "15", "redis": "7",
                    "wrk": "wrk 4.1.0", "git_commit": "0123456789abcdef", "git_dirty": False},
        "options": {"seconds": 10, "rounds": 2, "features": "on"}, "serve_processes": 2, "protocol": protocol,
        "scale": [{"tool": "find_parking", "connections": 1, "mean_ms_1k": 5.0, "mean_ms_1m": 5.5, "p50_ms_1k": 4.0,
                   "p50_ms_1m": 4.4, "rps_1k": 200, "rps_1m": 180, "latency_ratio": 1.1}],
        "admin": [{"page": "citations, first page", "path": "/admin/parking/citation/", "median_ms": 47.2,
                   "max_ms": 57.0, "repeats": 15, "shown_count": "1000041 citations"}],
    }
    assert [value for _, _, value in headline(results)] == [
        "1.50× (p99 0.75× of the SDK's)", "3.00×", "1.10× (find_parking, c=1)", "47 ms median, 57 ms max"]
    text = render_markdown(results)
    assert "| check_violations | 64 | CivicMind `serve` | 900 | 5.00 | 20.00 | 3.00× | 0.50× | 0 |" in text
    assert "commit `0123456789ab`." in text


def _report(*args, cwd):
    import subprocess
    import sys

    from tests.servers import BASE_DIR

    # -S: no site-packages at all, so nothing beyond the standard library (the runtime install
    # has no httpx, which bench/run.py's helpers need).
    return subprocess.run([sys.executable, "-S", str(BASE_DIR / "bench" / "report.py"), *args], cwd=cwd,
                          capture_output=True, text=True, timeout=60)


def test_report_prints_the_report_with_the_standard_library_and_writes_nothing(tmp_path):
    import json
    import shutil

    from tests.servers import BASE_DIR

    results = tmp_path / "latest.json"
    shutil.copy(BASE_DIR / "bench" / "results" / "latest.json", results)
    before = results.read_bytes()
    completed = _report(str(results), cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr
    from bench.report import resummarized
    assert completed.stdout == render_markdown(resummarized(json.loads(before)))
    assert completed.stdout.startswith("# CivicMind benchmark results\n") and "## Targets" in completed.stdout
    assert results.read_bytes() == before and not results.with_suffix(".md").exists()


def test_report_writes_the_json_and_markdown_only_when_asked(tmp_path):
    import json
    import shutil

    from tests.servers import BASE_DIR

    results = tmp_path / "latest.json"
    shutil.copy(BASE_DIR / "bench" / "results" / "latest.json", results)
    completed = _report(str(results), "--write", cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr
    assert results.with_suffix(".md").read_text() == completed.stdout
    assert json.loads(results.read_text())["protocol"]  # the summaries, recomputed and kept
    assert f"wrote {results}" in completed.stderr
    missing = _report(str(tmp_path / "nope.json"), cwd=tmp_path)
    assert missing.returncode == 2 and "is not a file" in missing.stderr
