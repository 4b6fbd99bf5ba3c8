"""Notice a socket whose client stopped reading, so its events queue up where we bound them.

Daphne writes WebSocket frames into Twisted's TCP transport without ever making the
application wait: a client that stops reading would grow the server's write buffer
without limit while `send()` keeps returning at once. The transport marks itself
`producerPaused` when that buffer passes its limit (64 KiB; daphne's HTTP channel is the
registered producer) and clears the mark when the buffer drains. Below Twisted, the
kernel's send buffer grows by autotuning (up to megabytes on loopback), so it absorbs
tens of seconds of a quiet stream before Twisted's buffer ever fills: the consumer also
counts the bytes the kernel still holds (TIOCOUTQ) and treats more than WRITE_LIMIT of them
as backed up. While backed up the consumer does not write, so its own bounded queue fills
instead and overflows into a clean "slow consumer" close, within seconds of the client
stalling rather than never (issue 14, item 5).

Closing a slow consumer cleanly needs time: its close frame queues behind everything it has
not read. Autobahn drops a socket (a TCP reset, losing that data) when the client does not
answer a close within `closeHandshakeTimeout` (1 s); `allow_close_handshake` lengthens that
for one socket.

Finding the transport relies on how daphne calls the application (`send` is
functools.partial(server.handle_reply, protocol)). Under another server, or behind a
middleware that wraps `send`, flow control is off: the socket always counts as writable,
and a server whose `send` itself waits (uvicorn) gives the same protection by blocking.
"""
import asyncio
import fcntl
import functools
import struct
import termios

POLL_SECONDS = 0.05
# Unacknowledged bytes in the kernel's send buffer past which a socket counts as backed up:
# Twisted's own buffer limit, so at most ~128 KiB wait on the server for a stalled client.
WRITE_LIMIT = 64 * 1024


class FlowControl:
    def __init__(self, transport=None, protocol=None):
        self.transport = transport
        self.protocol = protocol  # autobahn's WebSocket protocol for this socket, or None
        self._held = False

    def pause(self) -> None:
        """Hold writes as if the transport were full (tests; other servers' adapters)."""
        self._held = True

    def resume(self) -> None:
        self._held = False

    @property
    def paused(self) -> bool:
        return self._held or bool(getattr(self.transport, "producerPaused", False))

    def unsent_bytes(self) -> int:
        """Bytes the kernel still holds for the client (not yet acknowledged); 0 if unknown."""
        try:
            fileno = self.transport.getHandle().fileno()
            return struct.unpack("i", fcntl.ioctl(fileno, termios.TIOCOUTQ, b"\0\0\0\0"))[0]
        except Exception:  # no transport, not a socket, or not Linux
            return 0

    @property
    def backed_up(self) -> bool:
        """The client is not keeping up: Twisted's buffer is full or the kernel's is past WRITE_LIMIT."""
        return self.paused or self.unsent_bytes() > WRITE_LIMIT

    def allow_close_handshake(self, seconds: float) -> None:
        """Give this socket's client `seconds` to answer our close frame before a hard drop."""
        if self.protocol is not None and hasattr(self.protocol, "closeHandshakeTimeout"):
            self.protocol.closeHandshakeTimeout = max(self.protocol.closeHandshakeTimeout, seconds)

    async def wait_drained(self) -> None:
        """Wait until the client has received everything written so far."""
        while self.paused or self.unsent_bytes() > 0:
            if getattr(self.transport, "disconnected", False):
                return
            await asyncio.sleep(POLL_SECONDS)

    async def wait_writable(self) -> None:
        while self.backed_up:
            if getattr(self.transport, "disconnected", False):
                return  # gone: let the writer run into the close
            await asyncio.sleep(POLL_SECONDS)


def protocol_of(send):
    """Return daphne's WebSocket protocol behind `send` (if it has a Twisted transport), or None."""
    if isinstance(send, functools.partial) and send.args:
        protocol = send.args[0]
        if hasattr(getattr(protocol, "transport", None), "producerPaused"):
            return protocol
    return None


def transport_of(send):
    """Return the Twisted transport behind daphne's `send`, or None."""
    protocol = protocol_of(send)
    return None if protocol is None else protocol.transport


def flow_control(send) -> FlowControl:
    protocol = protocol_of(send)
    return FlowControl(None if protocol is None else protocol.transport, protocol)
