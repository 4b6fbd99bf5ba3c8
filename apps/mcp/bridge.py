"""`mcp-client --url http://localhost:9300`: relay a stdio MCP client to a CivicMind listener.

MCP hosts such as Claude Desktop launch a local command and speak newline-delimited
JSON-RPC on its stdin/stdout; the seed guide configures them with `"command": "mcp-client",
"args": ["--url", "http://localhost:9300"]`. This is that command (a console script of the
project's pyproject.toml, installed into .venv by scripts/bootstrap.sh): each message read
from stdin is POSTed to the URL (a domain port answers MCP at `/` as at `/mcp`) and each
answer is written to stdout as one line. Both protocol eras pass through: the version an
`initialize` negotiates is sent as MCP-Protocol-Version on later requests, and a
2026-07-28 request gets the headers that mirror its body (MCP-Protocol-Version, Mcp-Method,
Mcp-Name).

Notifications pass through too. The session an `initialize` opens (Mcp-Session-Id) is sent
on later requests, its GET stream is read on a thread of its own and every notification on
it (notifications/resources/updated, …) is written to stdout; the session is ended (DELETE)
when stdin closes. A 2026-07-28 `subscriptions/listen` answers with a stream: each message
is written as it arrives, for as long as the server keeps it open.

Standard library only, and no Django: the bridge runs anywhere the project is installed,
without settings or a database. Its own messages go to stderr; stdout carries protocol only.
"""
import argparse
import base64
import json
import os
import sys
import threading
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

from apps.mcp import protocol as p

API_KEY_VARIABLE = "CIVICMIND_API_KEY"  # as `manage.py mcp_stdio` reads it
DEFAULT_TIMEOUT_SECONDS = 60.0
CONCURRENT_REQUESTS = 8  # a slow call does not hold up the others
BRIDGE_ERROR = p.INTERNAL_ERROR


def header_safe(value: str) -> str:
    """Return `value` as an Mcp-Name header: as is when plain ASCII, else the =?base64?…?= form."""
    if value.isascii() and value.isprintable() and value == value.strip():
        return value
    return f"=?base64?{base64.b64encode(value.encode()).decode()}?="


class Bridge:
    """Relay one stdio client to one MCP URL."""

    def __init__(self, url: str, *, api_key: str | None = None, timeout: float = DEFAULT_TIMEOUT_SECONDS,
                 out=None, log=None):
        self.url = url
        self.api_key = api_key
        self.timeout = timeout
        self.out = out if out is not None else sys.stdout.buffer
        self.log = log if log is not None else sys.stderr
        self.version: str | None = None  # negotiated by initialize (the handshake era)
        self.session_id: str | None = None  # opened by initialize: subscriptions live in it
        self.closing = threading.Event()
        self.write_lock = threading.Lock()

    # --- one message ---------------------------------------------------------------------
    def headers_for(self, message) -> dict:
        headers = {"Content-Type": "application/json", "Accept": "application/json, text/event-stream"}
        headers.update(self.auth_headers())
        single = message if isinstance(message, dict) else {}
        params = single.get("params") if isinstance(single.get("params"), dict) else {}
        meta = params.get("_meta") if isinstance(params.get("_meta"), dict) else {}
        modern_version = meta.get(p.META_PROTOCOL_VERSION)
        if isinstance(modern_version, str):
            # 2026-07-28: the headers mirror the body (the server refuses a mismatch with -32020).
            headers["MCP-Protocol-Version"] = modern_version
            method = single.get("method")
            if isinstance(method, str):
                headers["Mcp-Method"] = method
                name_param = p.NAME_BEARING_PARAMS.get(method)
                if name_param and isinstance(params.get(name_param), str):
                    headers["Mcp-Name"] = header_safe(params[name_param])
        elif single.get("method") != "initialize":
            if self.version is not None:
                headers["MCP-Protocol-Version"] = self.version
            if self.session_id is not None:
                headers["Mcp-Session-Id"] = self.session_id
        return headers

    def post(self, body: bytes, headers: dict, on_message=None) -> tuple[int, bytes, str]:
        """POST; a text/event-stream answer is handed to `on_message` message by message, as it arrives."""
        request = urllib.request.Request(self.url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                content_type = response.headers.get("Content-Type", "")
                if on_message is not None and content_type.startswith("text/event-stream"):
                    stream_messages(response, on_message)
                    return response.status, b"", content_type
                self.remember_session(body, response.headers.get("Mcp-Session-Id"))
                return response.status, response.read(), content_type
        except urllib.error.HTTPError as refused:  # 4xx/5xx still carry a JSON-RPC error body
            return refused.code, refused.read(), refused.headers.get("Content-Type", "")

    def remember_session(self, body: bytes, session_id: str | None) -> None:
        if session_id and self.session_id is None and is_initialize(body):
            self.session_id = session_id
            threading.Thread(target=self.follow_session, name="mcp-client-session", daemon=True).start()

    def follow_session(self) -> None:
        """Read the session's GET stream and write its notifications; reopen it when it drops."""
        while not self.closing.is_set() and self.session_id is not None:
            request = urllib.request.Request(self.url, method="GET", headers={
                **self.auth_headers(), "Accept": "text/event-stream", "Mcp-Session-Id": self.session_id,
                **({"MCP-Protocol-Version": self.version} if self.version else {})})
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    stream_messages(response, self.write)
            except urllib.error.HTTPError as refused:
                if refused.code in (404, 405):  # the session ended, or a server without streams
                    return
            except (OSError, urllib.error.URLError, ValueError):
                pass  # a restart or a dropped connection: the session outlives it
            self.closing.wait(1.0)

    def end_session(self) -> None:
        """DELETE the session when stdin closes (its subscriptions go with it)."""
        self.closing.set()
        if self.session_id is None:
            return
        request = urllib.request.Request(self.url, method="DELETE", headers={
            **self.auth_headers(), "Mcp-Session-Id": self.session_id})
        try:
            urllib.request.urlopen(request, timeout=5).close()
        except (OSError, urllib.error.URLError):
            pass  # the server forgets it anyway when it is gone

    def auth_headers(self) -> dict:
        return {"X-API-Key": self.api_key} if self.api_key else {}

    def relay(self, line: bytes) -> None:
        """POST one stdin line and write what comes back (nothing for a notification's 202)."""
        try:
            message = json.loads(line)
        except ValueError:
            message = None  # the server answers -32700 itself
        request_id = message.get("id") if isinstance(message, dict) and "method" in message else None
        try:
            status, body, content_type = self.post(line, self.headers_for(message), on_message=self.write)
        except (OSError, urllib.error.URLError) as error:
            reason = getattr(error, "reason", error)
            self.say(f"cannot reach {self.url}: {reason}")
            if request_id is not None:
                self.write({"jsonrpc": "2.0", "id": request_id, "error": {
                    "code": BRIDGE_ERROR, "message": f"mcp-client cannot reach {self.url}: {reason}."}})
            return
        try:
            answers = self.answers(body, content_type)
        except ValueError:  # a proxy's HTML error page, a truncated body: not JSON-RPC
            self.say(f"{self.url} answered HTTP {status} with a body that is not JSON")
            if request_id is not None:
                self.write({"jsonrpc": "2.0", "id": request_id, "error": {
                    "code": BRIDGE_ERROR, "message": f"mcp-client: {self.url} answered HTTP {status} "
                                                     "without a JSON-RPC body."}})
            return
        for answer in answers:
            if isinstance(answer, dict):
                if answer.get("id") is None and "error" in answer and request_id is not None:
                    # A transport refusal (401, 403, 413, 429) answers with id null; the client
                    # is waiting on its own id.
                    answer = {**answer, "id": request_id}
                self.remember_version(message, answer)
            self.write(answer)
        if status >= 400 and not body:
            self.say(f"{self.url} answered HTTP {status}")

    @staticmethod
    def answers(body: bytes, content_type: str) -> list:
        if not body.strip():
            return []
        if content_type.startswith("text/event-stream"):
            found = []
            for event_line in body.decode("utf-8").splitlines():
                if event_line.startswith("data:") and event_line[5:].strip():
                    found.append(json.loads(event_line[5:]))
            return found
        return [json.loads(body)]

    def remember_version(self, message, answer: dict) -> None:
        if isinstance(message, dict) and message.get("method") == "initialize":
            version = (answer.get("result") or {}).get("protocolVersion")
            if isinstance(version, str):
                self.version = version

    def write(self, payload) -> None:
        data = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"
        with self.write_lock:
            self.out.write(data)
            self.out.flush()

    def say(self, text: str) -> None:
        print(f"mcp-client: {text}", file=self.log, flush=True)

    # --- the stream ----------------------------------------------------------------------
    def serve(self, reader) -> None:
        """Relay every line until stdin ends, then let the pending requests answer."""
        with ThreadPoolExecutor(CONCURRENT_REQUESTS, thread_name_prefix="mcp-client") as pool:
            for line in iter(reader.readline, b""):
                if not line.strip():
                    continue
                if is_initialize(line):
                    self.relay(line)  # answered first: later requests carry the version it negotiates
                    continue
                if is_listen(line):
                    # A stream that lasts as long as the server keeps it: a thread of its own,
                    # which does not hold the process once stdin closes.
                    threading.Thread(target=self.relay, args=(line,), name="mcp-client-listen", daemon=True).start()
                    continue
                pool.submit(self.relay, line)
        self.end_session()


def stream_messages(response, on_message) -> None:
    """Hand each `data:` message of a text/event-stream response to `on_message`, as it arrives."""
    for raw in response:
        line = raw.decode("utf-8").rstrip("\r\n")
        if line.startswith("data:") and line[5:].strip():
            on_message(json.loads(line[5:]))


def is_listen(line: bytes) -> bool:
    return b'"subscriptions/listen"' in line and _method_of(line) == "subscriptions/listen"


def _method_of(line: bytes):
    try:
        message = json.loads(line)
    except ValueError:
        return None
    return message.get("method") if isinstance(message, dict) else None


def is_initialize(line: bytes) -> bool:
    return b'"initialize"' in line and _method_of(line) == "initialize"  # the cheap test first


def endpoint_url(url: str) -> str:
    """The URL to POST to: as given (a domain port answers at `/` and `/mcp` alike)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise argparse.ArgumentTypeError(f"--url must be an http(s) URL such as http://localhost:9300, not {url!r}")
    return url


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="mcp-client",
        description="Relay an MCP stdio client (Claude Desktop) to a CivicMind MCP URL.")
    parser.add_argument("--url", required=True, type=endpoint_url,
                        help="The MCP endpoint: http://localhost:9300 (a domain port) or http://host:8000/mcp.")
    parser.add_argument("--api-key", default=os.environ.get(API_KEY_VARIABLE),
                        help=f"Sent as X-API-Key (default: ${API_KEY_VARIABLE}).")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT_SECONDS,
                        help="Seconds to wait for one answer.")
    options = parser.parse_args(argv)
    bridge = Bridge(options.url, api_key=options.api_key, timeout=options.timeout)
    bridge.say(f"relaying stdio to {options.url}")
    try:
        bridge.serve(sys.stdin.buffer)
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
