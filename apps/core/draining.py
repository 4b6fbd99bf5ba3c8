"""daphne's Server, stopped by a drain rather than by Twisted's immediate shutdown on SIGTERM.

Used by apps.core.worker (see there for what the drain does and why). Importing this
module installs Twisted's asyncio reactor (daphne.server does): only workers import it.
"""
import logging
import os
import signal
import time
import weakref

from daphne.cli import CommandLineInterface
from daphne.server import Server
from daphne.ws_protocol import WebSocketProtocol
from twisted.internet import reactor

from apps.core.drain_hooks import run_drain_hooks
from apps.core.drain_time import drain_seconds

logger = logging.getLogger("civicmind.serve")

DRAIN_POLL_SECONDS = 0.05


class DrainingServer(Server):
    """daphne's Server, stopped by a drain rather than by Twisted's immediate shutdown."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.signal_handlers = False  # ours (below) replace Twisted's reactor.stop on SIGTERM
        self.ready_callable = self._ready
        self.ports = []
        self.channels = weakref.WeakSet()  # every HTTP connection, to tell idle from busy
        self.draining = False
        self.drain_deadline = 0.0

    def listen_success(self, port):
        self.ports.append(port)
        return super().listen_success(port)

    def _ready(self) -> None:
        """Track HTTP connections and take over SIGTERM/SIGINT, just before the reactor runs."""
        build = self.http_factory.buildProtocol

        def build_tracked(addr):
            channel = build(addr)
            if channel is not None:
                self.channels.add(channel)
            return channel

        self.http_factory.buildProtocol = build_tracked
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: reactor.callFromThread(self._guarded, self.drain))

    def _guarded(self, step) -> None:
        """Run one drain step; if it fails, stop at once rather than hang (Twisted's log is off)."""
        try:
            step()
        except Exception:
            logger.exception("daphne worker %d: drain failed; stopping now", os.getpid())
            self.stop()

    def drain(self) -> None:
        """Stop accepting, say goodbye to WebSockets, finish what was begun, then stop."""
        if self.draining:
            return
        self.draining = True
        self.drain_deadline = time.monotonic() + drain_seconds()
        logger.warning("daphne worker %d draining", os.getpid())
        for port in self.ports:
            port.stopListening()  # closes this process's copy only: the siblings keep the socket
        run_drain_hooks()  # MCP notification streams end themselves (apps.mcp.push)
        self._drain_step()

    def _drain_step(self) -> None:
        busy = False
        for wrapper in list(self.channels):
            channel = getattr(wrapper, "_channel", wrapper)  # Twisted wraps HTTPChannel
            transport = getattr(channel, "transport", None)
            if transport is None or getattr(transport, "disconnected", False):
                continue
            if getattr(transport, "protocol", wrapper) not in (wrapper, channel):
                continue  # upgraded to a WebSocket: closed above, counted below
            if getattr(channel, "requests", None):
                busy = True  # a request is arriving, running or being answered
            else:
                transport.loseConnection()  # idle keep-alive: nothing to lose
        for protocol, details in list(self.connections.items()):
            if isinstance(protocol, WebSocketProtocol) and "disconnected" not in details:
                if protocol.state == protocol.STATE_OPEN:  # also one upgraded since the drain began
                    # 1001 "going away" (RFC 6455): autobahn's sendClose allows a server only
                    # 1000 and 3000-4999, so the frame goes one level down, as daphne sends 1011.
                    protocol.sendCloseFrame(code=1001, reasonUtf8=b"server restarting", isReply=False)
                busy = True  # until the close handshake ends
        if busy and time.monotonic() < self.drain_deadline:
            reactor.callLater(DRAIN_POLL_SECONDS, self._guarded, self._drain_step)
            return
        if busy:
            logger.warning("daphne worker %d: drain timed out; cancelling what is left", os.getpid())
        self.stop()


class WorkerCommandLine(CommandLineInterface):
    server_class = DrainingServer
