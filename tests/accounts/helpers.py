"""Small clients for the end-to-end access tests: JSON-RPC over httpx, paging, metrics."""
import re
import time

import httpx

PROBE_ARGUMENTS = {"__probe__": 1}  # an unknown argument: refused before any handler runs


def rpc(url: str, method: str, params: dict | None = None, *, headers: dict | None = None,
        client: httpx.Client | None = None) -> httpx.Response:
    body = {"jsonrpc": "2.0", "id": 1, "method": method, "params": params or {}}
    if client is not None:
        return client.post(url, json=body, headers=headers or {})
    return httpx.post(url, json=body, headers=headers or {}, timeout=10)


def listed_tools(url: str, headers: dict | None = None) -> list[str]:
    """Every tool name tools/list gives, following nextCursor."""
    names, cursor = [], None
    while True:
        response = rpc(url, "tools/list", {"cursor": cursor} if cursor else {}, headers=headers)
        assert response.status_code == 200, response.text
        result = response.json()["result"]
        names += [tool["name"] for tool in result["tools"]]
        cursor = result.get("nextCursor")
        if not cursor:
            return names


def scrape(base: str) -> dict[tuple, float]:
    """Parse /metrics into {(name, frozenset(labels)): value}."""
    text = httpx.get(f"{base}/metrics", timeout=10).text
    samples = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        found = re.match(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$", line)
        if not found:
            continue
        labels = frozenset(re.findall(r'(\w+)="((?:[^"\\]|\\.)*)"', found[2] or ""))
        samples[(found[1], labels)] = float(found[3])
    return samples


def sample(samples: dict, name: str, **labels) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


def wait_for(predicate, timeout: float = 8.0, interval: float = 0.1):
    """Poll `predicate` until it returns something truthy; return it (or the last falsy value)."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(interval)
