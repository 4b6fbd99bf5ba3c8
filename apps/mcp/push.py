"""Server push for MCP: notifications/resources/* on the streams clients hold open.

Both protocol eras are fed from the same place, the event stream every change already goes
through (apps.events: the outbox, read in order by one pump per process, woken across
processes by the channel layer). Each process keeps one hub per event loop; the hub is a
subscriber of that loop's pump while some stream is open, so a change made on any process —
a staff member in the admin, a tool call on another listener — reaches every stream:

- handshake era: a session's GET stream carries `notifications/resources/updated` for the
  URIs the session subscribed to (rows in the database: the subscribe may have reached
  another process) and `notifications/resources/list_changed` when a record is created;
- 2026-07-28: a `subscriptions/listen` response stream carries the same notifications for
  the filter it was opened with, each tagged with the request's id
  (`io.modelcontextprotocol/subscriptionId`).

Which resources an event changes is declared next to each resource (apps.mcp.watches).
A notification carries a URI only; reading it again goes through resources/read, with the
caller's own view, and a stream is only opened for URIs its caller could read.
"""
import asyncio
import json
import logging
import time
import weakref

from django.conf import settings

from apps.core.drain_hooks import forget, on_drain
from apps.core.workers import run_sync
from apps.events.pump import pump_for_loop
from apps.mcp import protocol as p
from apps.mcp import registry as registry_module
from apps.mcp.sessions import session_is_open, session_seen, subscriptions_matching
from apps.mcp.watches import changes_of

logger = logging.getLogger("civicmind.mcp")

RESOURCE_UPDATED = "notifications/resources/updated"
RESOURCE_LIST_CHANGED = "notifications/resources/list_changed"
SUBSCRIPTION_ACKNOWLEDGED = "notifications/subscriptions/acknowledged"
META_SUBSCRIPTION_ID = "io.modelcontextprotocol/subscriptionId"
STREAM_BUFFER = 1000  # notifications waiting for a slow client before its stream is ended
SEEN_EVERY_SECONDS = 600  # how often an open session stream refreshes its session's last_seen_at

# Why a stream ended.
CLIENT_GONE = "client"
SESSION_ENDED = "session_ended"
DRAINING = "draining"
OVERFLOW = "overflow"


def notification(method: str, params: dict) -> dict:
    return {"jsonrpc": p.JSONRPC_VERSION, "method": method, "params": params}


class NotificationStream:
    """One open stream: a session's GET stream, or one subscriptions/listen request.

    `session_id` set: the handshake era (what to send is looked up per event).
    `listen_id` set: 2026-07-28, with `uris_by_key` (watch key -> the URIs the client named)
    and `list_changed` from its filter.
    """

    def __init__(self, *, domain: str, session_id: str | None = None, listen_id=None,
                 uris_by_key: dict | None = None, list_changed: bool = False):
        self.domain = domain
        self.session_id = session_id
        self.listen_id = listen_id
        self.uris_by_key = uris_by_key or {}
        self.list_changed = list_changed
        self.queue: asyncio.Queue[dict] = asyncio.Queue(maxsize=STREAM_BUFFER)
        self.ended = asyncio.Event()
        self.end_reason: str | None = None

    @property
    def modern(self) -> bool:
        return self.listen_id is not None

    def tagged(self, message: dict) -> dict:
        """The message as this stream sends it: tagged with the subscription in 2026-07-28."""
        if self.modern:
            params = message.get("params", {})
            message = {**message, "params": {**params, "_meta": {META_SUBSCRIPTION_ID: self.listen_id}}}
        return message

    def push(self, message: dict) -> None:
        if self.ended.is_set():
            return
        try:
            self.queue.put_nowait(self.tagged(message))
        except asyncio.QueueFull:
            # A client this far behind has lost track anyway: end it, it re-reads on reconnect.
            self.end(OVERFLOW)

    def end(self, reason: str) -> None:
        if self.end_reason is None:
            self.end_reason = reason
        self.ended.set()


class PushHub:
    """This event loop's open streams, fed from its event pump."""

    def __init__(self):
        self.streams: set[NotificationStream] = set()
        self._events: asyncio.Queue = asyncio.Queue()
        self._worker: asyncio.Task | None = None
        self._pump = None
        self._loop = asyncio.get_running_loop()
        self._drain_hook = self._drain_from_any_thread
        on_drain(self._drain_hook)

    async def open(self, stream: NotificationStream) -> None:
        self.streams.add(stream)
        if self._pump is None:
            self._pump = pump_for_loop()
            await self._pump.attach(self)
        if self._worker is None or self._worker.done():
            self._worker = asyncio.ensure_future(self._deliver())

    def full(self) -> bool:
        return len(self.streams) >= settings.CIVICMIND_MCP_MAX_STREAMS

    def close(self, stream: NotificationStream) -> None:
        self.streams.discard(stream)
        if not self.streams and self._pump is not None:
            self._pump.detach(self)
            self._pump = None

    def end_session(self, session_id: str) -> None:
        """A session ended here (DELETE): its streams on this loop end now."""
        for stream in list(self.streams):
            if stream.session_id == session_id:
                stream.end(SESSION_ENDED)

    def _drain_from_any_thread(self) -> None:
        def end_all():
            for stream in list(self.streams):
                stream.end(DRAINING)
        if not self._loop.is_closed():
            self._loop.call_soon_threadsafe(end_all)

    # --- the event pump's side --------------------------------------------------------

    def offer(self, event) -> None:
        """Called by the pump for every event, in order; must not block."""
        self._events.put_nowait(event)

    async def _deliver(self) -> None:
        while self.streams:
            event = await self._events.get()
            try:
                await self.deliver(json.loads(event.text))
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.exception("MCP push: could not deliver event %s", getattr(event, "id", "?"))

    async def deliver(self, message: dict) -> None:
        """Send what one event changed to every stream that asked to hear of it."""
        registry = registry_module.registry
        for domain in {stream.domain for stream in self.streams}:
            changes = changes_of(registry, domain, message["type"], message["domain"], message.get("data") or {})
            if not changes.keys and not changes.list_changed:
                continue
            streams = [stream for stream in self.streams if stream.domain == domain]
            sessions = [stream for stream in streams if stream.session_id is not None]
            if sessions and changes.keys:
                pairs = await run_sync(subscriptions_matching, session_ids={s.session_id for s in sessions},
                                       watch_keys=changes.keys)
                for session_id, uri in pairs:
                    for stream in sessions:
                        if stream.session_id == session_id:
                            stream.push(notification(RESOURCE_UPDATED, {"uri": uri}))
            for stream in streams:
                if stream.modern:
                    for key in changes.keys & stream.uris_by_key.keys():
                        for uri in stream.uris_by_key[key]:
                            stream.push(notification(RESOURCE_UPDATED, {"uri": uri}))
                if changes.list_changed and (stream.list_changed or not stream.modern):
                    stream.push(notification(RESOURCE_LIST_CHANGED, {}))


_hubs: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, PushHub]" = weakref.WeakKeyDictionary()


def hub_for_loop() -> PushHub:
    loop = asyncio.get_running_loop()
    hub = _hubs.get(loop)
    if hub is None:
        hub = _hubs[loop] = PushHub()
    return hub


def streams_full() -> bool:
    """Whether this process holds as many open streams as it may (CIVICMIND_MCP_MAX_STREAMS)."""
    hub = _hubs.get(asyncio.get_running_loop())
    return hub is not None and hub.full()


def end_session_streams(session_id: str) -> None:
    hub = _hubs.get(asyncio.get_running_loop())
    if hub is not None:
        hub.end_session(session_id)


# --- writing a stream ------------------------------------------------------------------

def sse_event(message: dict) -> bytes:
    return b"event: message\ndata: " + json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode() + b"\n\n"


async def serve_stream(stream: NotificationStream, send, receive, *, headers=(), first=(), closing=None) -> None:
    """Write `stream` as text/event-stream until it ends; `closing(reason)` may add a last message.

    The client going away (http.disconnect) ends it; so does its session ending (checked each
    keep-alive, since a DELETE may reach another process) and a drain.
    """
    hub = hub_for_loop()
    await hub.open(stream)
    keepalive = settings.CIVICMIND_MCP_STREAM_KEEPALIVE_SECONDS

    async def watch_client():
        while True:
            received = await receive()
            if received.get("type") == "http.disconnect":
                stream.end(CLIENT_GONE)
                return

    watcher = asyncio.ensure_future(watch_client())
    seen_at = time.monotonic()
    try:
        if stream.session_id is not None:
            await run_sync(session_seen, session_id=stream.session_id)
        await send({"type": "http.response.start", "status": 200, "headers": [
            (b"content-type", b"text/event-stream"), (b"cache-control", b"no-cache, no-transform"),
            (b"x-accel-buffering", b"no"), *headers]})
        # A comment first: daphne sends the headers with the first bytes of the body, and a
        # client waits for them before it starts reading.
        await send({"type": "http.response.body", "body": b": stream open\n\n", "more_body": True})
        for message in first:
            await send({"type": "http.response.body", "body": sse_event(stream.tagged(message)), "more_body": True})
        while not stream.ended.is_set():
            try:
                message = await asyncio.wait_for(_next(stream), keepalive)
            except asyncio.TimeoutError:
                if stream.session_id is not None:
                    # Ended on another process (a DELETE there)? Every SEEN_EVERY_SECONDS the same
                    # check records that the session is still listened on (prune_mcp_sessions).
                    refresh = time.monotonic() - seen_at >= SEEN_EVERY_SECONDS
                    if refresh:
                        seen_at = time.monotonic()
                    still_open = await (run_sync(session_seen, session_id=stream.session_id) if refresh
                                        else run_sync(session_is_open, stream.session_id))
                    if not still_open:
                        stream.end(SESSION_ENDED)
                        break
                await send({"type": "http.response.body", "body": b": keep-alive\n\n", "more_body": True})
                continue
            if message is not None:
                await send({"type": "http.response.body", "body": sse_event(message), "more_body": True})
        while not stream.queue.empty():  # what was queued before the end still goes out
            await send({"type": "http.response.body", "body": sse_event(stream.queue.get_nowait()), "more_body": True})
        last = closing(stream.end_reason) if closing is not None and stream.end_reason != CLIENT_GONE else None
        await send({"type": "http.response.body", "body": sse_event(last) if last else b"", "more_body": False})
    finally:
        watcher.cancel()
        hub.close(stream)


async def _next(stream: NotificationStream) -> dict | None:
    """The next queued message, or None when the stream ended first."""
    getter = asyncio.ensure_future(stream.queue.get())
    ender = asyncio.ensure_future(stream.ended.wait())
    try:
        done, _ = await asyncio.wait({getter, ender}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        ender.cancel()
        if not getter.done():
            getter.cancel()
    return getter.result() if getter in done else None
