"""The stdio transport: newline-delimited JSON-RPC on stdin/stdout, as Claude Desktop runs it.

Same dispatch as HTTP (apps.mcp.messages), minus the headers: the era is read from the body
alone. The stdio process is one client's, so the version an `initialize` negotiates stays
for later handshake-era requests, as the spec scopes it to the process. Requests run
concurrently and answer as they finish; `notifications/cancelled` drops a pending one.
Only protocol messages go to `out`; logs go to stderr.
"""
import asyncio
import logging
import os
import threading

from django.conf import settings

from apps.mcp import protocol as p
from apps.mcp.access import AccessRefused, admit, authenticate
from apps.mcp.call import Call
from apps.core.http import dumps
from apps.mcp.messages import ParseError, answer, error_reply, parse, parse_error_reply, request_id_of

logger = logging.getLogger("civicmind.mcp")

API_KEY_VARIABLE = "CIVICMIND_API_KEY"
SHUTDOWN_GRACE_SECONDS = 30.0


def credentials_from_environment(environ=None) -> dict:
    """The headers a stdio caller authenticates with: its API key, from the environment."""
    environ = os.environ if environ is None else environ
    key = environ.get(API_KEY_VARIABLE)
    return {"x-api-key": key} if key else {}


class StdioServer:
    """Serve one client over a pair of byte streams (stdin and the real stdout)."""

    def __init__(self, domain: str, reader, writer, *, registry=None, environ=None):
        self.domain = domain
        self.reader = reader  # binary, line-oriented: .readline(limit)
        self.writer = writer  # binary: .write(bytes), .flush()
        self.registry = registry
        self.credentials = credentials_from_environment(environ)
        self.version = p.LATEST_LEGACY_VERSION  # until an initialize says otherwise
        self.pending: dict = {}  # request id -> its task, for notifications/cancelled
        self.tasks: set = set()
        self.sequence = 0
        self.write_lock = threading.Lock()

    def write(self, payload) -> None:
        data = (payload if isinstance(payload, bytes) else dumps(payload)) + b"\n"  # never a raw newline inside
        with self.write_lock:
            self.writer.write(data)
            self.writer.flush()

    def read_line(self) -> bytes | None:
        """Return the next line (b"" for one over the size limit), or None at end of input."""
        limit = settings.CIVICMIND_MCP_MAX_BODY_BYTES
        line = self.reader.readline(limit + 1)
        if not line:
            return None
        if len(line) > limit and not line.endswith(b"\n"):
            while True:  # drop the rest of the oversized line without keeping it
                rest = self.reader.readline(65536)
                if not rest or rest.endswith(b"\n"):
                    break
            return b""
        return line

    def _pump(self, loop, queue: asyncio.Queue) -> None:
        """Read stdin on a daemon thread (it never holds up the process's exit)."""
        try:
            while True:
                line = self.read_line()
                loop.call_soon_threadsafe(queue.put_nowait, line)
                if line is None:
                    return
        except Exception:
            logger.exception("stdio: reading stdin failed")
            loop.call_soon_threadsafe(queue.put_nowait, None)

    async def serve(self) -> None:
        """Answer messages until stdin ends, then let pending requests finish."""
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue = asyncio.Queue()
        threading.Thread(target=self._pump, args=(loop, queue), name="mcp-stdin", daemon=True).start()
        while (line := await queue.get()) is not None:
            if line == b"":
                limit = settings.CIVICMIND_MCP_MAX_BODY_BYTES
                self.write(error_reply(400, None, p.INVALID_REQUEST,
                                       f"Message exceeds the {limit}-byte limit.").body)
                continue
            if not line.strip():
                continue
            try:
                message = parse(line)
            except ParseError as error:
                self.write(parse_error_reply(error.detail).body)
                continue
            await self.receive(message)
        if self.tasks:
            await asyncio.wait(list(self.tasks), timeout=SHUTDOWN_GRACE_SECONDS)

    async def receive(self, message) -> None:
        if isinstance(message, dict) and message.get("method") == "notifications/cancelled":
            params = message.get("params")
            task = self.pending.get(params.get("requestId")) if isinstance(params, dict) else None
            if task is not None:
                task.cancel()  # the client wants no answer; the worker's result is dropped
            return
        if isinstance(message, dict) and message.get("method") == "initialize":
            await self.handle(message)  # later requests rely on the version it negotiates
            return
        task = asyncio.ensure_future(self.handle(message))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        key = request_id_of(message)
        if key is not None and isinstance(message, dict) and "method" in message:
            self.pending[key] = task
            task.add_done_callback(lambda _, key=key, task=task: self._forget(key, task))

    def _forget(self, key, task) -> None:
        if self.pending.get(key) is task:
            del self.pending[key]

    def new_call(self) -> Call:
        self.sequence += 1
        return Call(domain=self.domain, listener="stdio", version=self.version, transport="stdio",
                    request_id=f"stdio-{os.getpid()}-{self.sequence}", registry=self.registry)

    async def handle(self, message) -> None:
        call = self.new_call()
        request_id = request_id_of(message)
        try:
            call.principal = await authenticate(self.credentials, call)
            await admit(call)
            reply = await answer(message, call)
        except AccessRefused as refused:
            reply = error_reply(refused.status, request_id, refused.code, refused.message)
        except Exception:
            logger.exception("stdio request failed (request %s)", call.request_id)
            reply = error_reply(200, request_id, p.INTERNAL_ERROR, f"Internal error (request {call.request_id}).")
        if isinstance(message, dict) and message.get("method") == "initialize" and isinstance(reply.body, dict) \
                and "result" in reply.body:
            self.version = call.version
        notification = isinstance(message, dict) and "method" in message and "id" not in message
        if reply.body is not None and not notification:  # a notification is never answered
            self.write(reply.body)
