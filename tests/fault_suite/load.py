"""Callers for the fault suite: real HTTP MCP requests, each classified by what came back.

- "answered": HTTP 200 with a JSON-RPC result (a tool error with isError counts: the
  service answered and said what to do);
- "clean": HTTP 503 with Retry-After and the retryable JSON-RPC error (the database is
  away; apps.mcp.unavailable);
- "unanswered": no HTTP answer (connection refused or reset by a killed process);
- "bad": anything else — a 500, another error code, a hang past the timeout.
"""
import threading
import time
from dataclasses import dataclass

import httpx

from apps.accounts import errors

MCP_HEADERS = {"accept": "application/json, text/event-stream", "mcp-protocol-version": "2025-06-18"}


@dataclass
class Reply:
    outcome: str
    result: dict | None = None
    status: int | None = None
    text: str = ""

    @property
    def ok(self) -> bool:
        """An acknowledged success: the tool did what was asked."""
        return self.outcome == "answered" and not self.result.get("isError", False)


def classify(response: httpx.Response) -> Reply:
    body = response.json() if response.headers.get("content-type", "").startswith("application/json") else None
    if response.status_code == 200 and body and "result" in body:
        return Reply("answered", body["result"], 200)
    if (response.status_code == 503 and response.headers.get("retry-after") == str(errors.UNAVAILABLE_RETRY_AFTER_SECONDS)
            and body and body.get("error", {}).get("message") == errors.UNAVAILABLE_MESSAGE):
        return Reply("clean", None, 503)
    return Reply("bad", body, response.status_code, response.text[:300])


def call_tool(url: str, name: str, arguments: dict, *, key: str | None = None, request_id="1",
              timeout: float = 20) -> Reply:
    """One tools/call on a fresh connection (so the kernel may pick any worker)."""
    headers = {**MCP_HEADERS, "connection": "close"}
    if key:
        headers["x-api-key"] = key
    body = {"jsonrpc": "2.0", "id": request_id, "method": "tools/call",
            "params": {"name": name, "arguments": arguments}}
    try:
        return classify(httpx.post(url, json=body, headers=headers, timeout=timeout))
    except (httpx.ConnectError, httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as error:
        return Reply("unanswered", text=repr(error))
    except httpx.TimeoutException as error:
        return Reply("bad", text=f"no answer within {timeout}s: {error!r}")


def race(calls: list) -> list:
    """Run the callables at the same instant (a barrier), one thread each; return their results."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        barrier.wait(timeout=30)
        results[index] = call()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a racing call hung"
    return results


class SteadyLoad:
    """`threads` callers sending `make_call(n)` back to back until stopped; every reply kept.

    Each reply is stored with the time it came back, so a test can tell when the service
    answered again after a fault (`first_ok_after`).
    """

    def __init__(self, make_call, threads: int = 3):
        self.make_call = make_call
        self.replies: list[tuple[float, int, Reply]] = []
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._counter = 0
        self._threads = [threading.Thread(target=self._run, daemon=True) for _ in range(threads)]

    def _run(self):
        while not self._stop.is_set():
            with self._lock:
                self._counter += 1
                n = self._counter
            reply = self.make_call(n)
            with self._lock:
                self.replies.append((time.monotonic(), n, reply))
            if reply.outcome != "answered":
                time.sleep(0.05)  # a caller backs off a little after a failure

    def __enter__(self):
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=60)

    def first_ok_after(self, moment: float) -> float | None:
        """Seconds from `moment` to the first acknowledged success sent after it."""
        times = [at for at, _, reply in self.replies if reply.ok and at > moment]
        return min(times) - moment if times else None

    def wait_for_ok_after(self, moment: float, timeout: float) -> float | None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                found = self.first_ok_after(moment)
            if found is not None:
                return found
            time.sleep(0.05)
        return None


def listeners_answering(server, path: str = "/health/ready") -> bool:
    """Whether all nine listeners answer `path` with 200 now, asked at once on fresh connections."""
    from concurrent.futures import ThreadPoolExecutor

    from civicmind.domains import DOMAINS

    def answers(domain) -> bool:
        try:
            return httpx.get(f"{server.base(domain)}{path}", headers={"connection": "close"}, timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    with ThreadPoolExecutor(len(DOMAINS) + 1) as pool:
        return all(pool.map(answers, [None, *DOMAINS]))
