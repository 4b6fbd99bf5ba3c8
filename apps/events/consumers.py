"""The /events WebSocket: subscribe to event types (and domains), replay from an id, go live.

One socket = one subscription and one bounded buffer. The process's EventPump offers it
every event in id order; a sender task writes them out, after the replay when the client
asked for one. The protocol is in apps.events.protocol and docs/events.md.

Who is listening decides what it hears (apps.events.visibility): a key scoped to some
domains receives only their events, live and replayed alike, and each event goes out in
the form the caller may see (public, or staff with everything). The caller comes from the
handshake (apps.accounts.websocket) or from "api_key" in the first subscribe.

Every client message counts against the socket's message limit (apps.events.throttle).
"""
import asyncio
import logging

from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings

from apps.accounts.principals import ANONYMOUS, AccessRefused
from apps.accounts.websocket import close_code, principal_for_key
from apps.core.listeners import listener_domain
from apps.events import protocol as p
from apps.events import throttle
from apps.events.closing import close_with_code
from apps.events.flow import flow_control
from apps.events.pump import pump_for_loop
from apps.events.selectors import event_list_replay
from apps.events.visibility import event_domains, event_view
from apps.events.wire import StreamEvent, encode
from apps.mcp import observe
from apps.core.http import header_map
from apps.mcp.origins import origin_allowed
from apps.core.workers import run_sync
from civicmind.domains import ALL_DOMAINS, DOMAINS

logger = logging.getLogger("civicmind.events")

CLOSE_ORIGIN_REFUSED = 4403  # before accept: daphne answers the handshake with 403
CLOSE_UNKNOWN_DOMAIN = 4404
CLOSE_SLOW_CONSUMER = 4008
CLOSE_UNAVAILABLE = 1011
CLOSE_POLICY_VIOLATION = 1008  # a client that keeps flooding the socket with messages
# After "slow consumer", how long the client gets to read what was already written (and the
# reason) before the close frame is sent: long enough for a reader that pauses for 40 s
# (issue 14). A client that reads nothing at all is dropped before that by daphne's ping
# timeout (a ping after 20 s without a client frame, dropped 30 s later): nothing can
# reach a client that never reads.
SLOW_CONSUMER_GRACE_SECONDS = 60.0
# Then how long the client gets to answer the close frame (autobahn's default is 1 s, after
# which it resets the connection): it reads the reason just before, so it is reading.
SLOW_CONSUMER_CLOSE_SECONDS = 10.0
STREAM_UNAVAILABLE = "event stream unavailable; reconnect with since=<last id> to resume"


class EventStreamConsumer(AsyncWebsocketConsumer):
    # Sockets need no channel of their own: the process's EventPump listens for them all.
    channel_layer_alias = None

    async def connect(self):
        self.listener = listener_domain(self.scope)
        self.principal = self.scope.get("civicmind.principal") or ANONYMOUS
        self.view = event_view(self.principal)
        self.throttle = throttle.MessageThrottle()
        self.opened = self.closing = False
        self.pump = None
        self.sender: asyncio.Task | None = None
        self.subscription = p.Subscription()
        self.last_sent = 0
        self.sent_late: set[int] = set()
        self.queue: asyncio.Queue[StreamEvent] = asyncio.Queue(maxsize=settings.CIVICMIND_EVENTS_BUFFER_SIZE)
        if not origin_allowed(header_map(self.scope).get("origin")):
            await self.close(code=CLOSE_ORIGIN_REFUSED)
            return
        await self.accept()
        self.opened = True
        observe.websocket_opened(self.listener)
        self.flow = flow_control(self.base_send)
        path_domain = self.scope.get("url_route", {}).get("kwargs", {}).get("domain")
        if path_domain is not None and path_domain not in DOMAINS and path_domain != ALL_DOMAINS:
            await self._send_message(p.ProtocolError(p.UNKNOWN_DOMAIN_PATH.format(domain=path_domain),
                                                     known=list(DOMAINS)).payload)
            await self.close(code=CLOSE_UNKNOWN_DOMAIN)
            return
        # A domain's listener (or /events/<domain>/) streams that domain unless told otherwise.
        default = path_domain or self.listener
        self.subscription.domains = None if default == ALL_DOMAINS else frozenset({default})

    async def disconnect(self, code):
        self.closing = True
        if self.sender is not None:
            self.sender.cancel()
        if self.pump is not None:
            self.pump.detach(self)
        if self.opened:
            self.opened = False
            observe.websocket_closed(self.listener)

    # --- client messages --------------------------------------------------------------

    async def receive(self, text_data=None, bytes_data=None):
        if self.closing:
            return
        verdict = self.throttle.check()
        if verdict == throttle.CLOSE:
            self.closing = True
            logger.info("events: closing a socket that sent too many messages (%s)", self.principal.label)
            await self._send_message({"type": "error", "reason": p.TOO_MANY_MESSAGES_CLOSING})
            await close_with_code(self, CLOSE_POLICY_VIOLATION)
            return
        try:
            if verdict == throttle.REFUSE:
                raise p.ProtocolError(p.TOO_MANY_MESSAGES.format(rate=self.throttle.rate, burst=self.throttle.burst))
            if text_data is None:
                raise p.ProtocolError(p.BINARY_FRAME)
            limit = settings.CIVICMIND_EVENTS_MAX_MESSAGE_BYTES
            if len(text_data.encode("utf-8", "surrogatepass")) > limit:
                raise p.ProtocolError(p.TOO_LARGE.format(limit=limit))
            command = p.parse_command(text_data)
            if isinstance(command, p.Ping):
                await self._send_message({"type": "pong"})
            elif isinstance(command, p.Subscribe):
                await self._subscribe(command)
            else:
                removed = self.subscription.remove(command)
                await self._send_message({"type": "unsubscribed", "removed": removed,
                                          **self.subscription.describe()})
        except p.ProtocolError as error:
            await self._send_message(error.payload)

    async def _subscribe(self, command: p.Subscribe) -> None:
        if command.since is not None and self.pump is not None:
            raise p.ProtocolError(p.SINCE_NOT_FIRST)
        if command.api_key is not None:
            if self.pump is not None:
                raise p.ProtocolError(p.API_KEY_NOT_FIRST)
            try:
                self.principal = await principal_for_key(self.scope, command.api_key)
            except AccessRefused as refused:
                await self._refuse(refused.message, close_code(refused))
                return
            self.view = event_view(self.principal)
        domains = self._domains_allowed(command)
        self.subscription.apply(command)
        self.subscription.domains = domains
        if self.pump is not None:
            await self._send_message({"type": "subscribed", **self.subscription.describe(),
                                      "since": None, "last_event_id": self.pump.frontier, "view": self.view})
            return
        pump = pump_for_loop()
        try:
            frontier = await pump.attach(self)
        except Exception:
            logger.exception("events: could not start the stream reader")
            await self._send_message({"type": "error", "reason": STREAM_UNAVAILABLE})
            await self.close(code=CLOSE_UNAVAILABLE)
            return
        self.pump = pump
        since = command.since
        self.last_sent = frontier if since is None else since
        await self._send_message({"type": "subscribed", **self.subscription.describe(),
                                  "since": since, "last_event_id": frontier, "view": self.view})
        self.sender = asyncio.ensure_future(self._stream(since, frontier))

    def _domains_allowed(self, command: p.Subscribe) -> frozenset[str] | None:
        """The domain filter this subscribe asks for, kept within what the caller may hear.

        Asking for "*" (or the all-domains default) narrows to the key's domains; naming a
        domain the key does not cover, or subscribing on such a domain's listener, is an error.
        """
        wanted = self.subscription.domains
        if command.domains is not None:
            wanted = None if command.domains == (p.ALL,) else frozenset(command.domains)
        allowed = event_domains(self.principal)
        if allowed is None:
            return wanted
        if wanted is None:
            return allowed
        outside = sorted(wanted - allowed)
        if outside:
            raise p.ProtocolError(p.DOMAINS_NOT_COVERED, domains=outside, allowed=sorted(allowed))
        return wanted

    async def _refuse(self, reason: str, code: int) -> None:
        """Say why the caller cannot go on, then close (4401 unauthorized, 4429 rate limited)."""
        self.closing = True
        await self._send_message({"type": "error", "reason": reason})
        await self.close(code=code)

    # --- events out -------------------------------------------------------------------

    def offer(self, event: StreamEvent) -> None:
        """Queue `event` if it matches; called by the pump, so it must never wait."""
        if self.closing or not self.subscription.matches(event.type, event.domain):
            return
        try:
            self.queue.put_nowait(event)
        except asyncio.QueueFull:
            self.closing = True
            self.pump.detach(self)
            asyncio.ensure_future(self._close_slow_consumer())

    async def _stream(self, since: int | None, upto: int) -> None:
        try:
            if since is not None:
                count = await self._replay(since, upto) if since < upto else 0
                self.last_sent = max(self.last_sent, upto)
                await self._send_message({"type": "replayed", "count": count, "last_event_id": self.last_sent})
            while True:
                await self._write(await self.queue.get())
        except asyncio.CancelledError:
            raise
        except Exception:
            logger.exception("events: sending to a subscriber failed")
            if not self.closing:
                self.closing = True
                await self._send_message({"type": "error", "reason": STREAM_UNAVAILABLE,
                                          "resume_from": self.last_sent})
                await self.close(code=CLOSE_UNAVAILABLE)

    async def _replay(self, since: int, upto: int) -> int:
        """Send matching stored events with since < id <= upto, a batch at a time."""
        batch = settings.CIVICMIND_EVENTS_REPLAY_BATCH
        subscription = p.Subscription(set(self.subscription.patterns), self.subscription.domains)
        cursor, count = since, 0
        while True:
            rows = await run_sync(event_list_replay, subscription=subscription, after=cursor,
                                  upto=upto, limit=batch)
            for row in rows:
                # An id the pump skipped as a gap may have committed since: mark it so the
                # pump's own late delivery of it is not a duplicate.
                sent = await self._write(row.as_late() if row.id in self.pump.watch else row)
                count += sent
            if len(rows) < batch:
                return count
            cursor = rows[-1].id

    async def _write(self, event: StreamEvent) -> bool:
        if event.late:
            if event.id in self.sent_late:
                return False
        elif event.id <= self.last_sent:
            return False
        if not self.subscription.matches(event.type, event.domain):
            return False
        await self.flow.wait_writable()
        await self.send(text_data=event.text_for(self.view))
        if event.late:
            self.sent_late.add(event.id)
        else:
            self.last_sent = event.id
        return True

    async def _close_slow_consumer(self) -> None:
        if self.sender is not None:
            self.sender.cancel()
        await self._send_message({"type": "error", "reason": p.SLOW_CONSUMER, "resume_from": self.last_sent})
        try:
            # Close only once the reason has reached the client: the server drops a socket
            # whose close handshake is not answered promptly, and unread data with it.
            await asyncio.wait_for(self.flow.wait_drained(), SLOW_CONSUMER_GRACE_SECONDS)
        except asyncio.TimeoutError:
            pass
        self.flow.allow_close_handshake(SLOW_CONSUMER_CLOSE_SECONDS)
        await self.close(code=CLOSE_SLOW_CONSUMER)

    async def _send_message(self, message: dict) -> None:
        await self.send(text_data=encode(message))
