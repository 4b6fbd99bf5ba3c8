"""Notice a socket whose client stopped reading, so its events queue up where we bound them.

Daphne writes WebSocket frames into Twisted's TCP transport without ever making the
application wait: a client that stops reading would grow the server's write buffer
without limit while `send()` keeps returning at once. The transport marks itself
`producerPaused` when that buffer passes its limit (64 KiB; daphne's HTTP channel is the
registered producer) and clears the mark when the buffer drains. The consumer waits while
the mark is set, so its own bounded queue fills instead and overflows into a clean
"slow consumer" close.

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


class FlowControl:
    def __init__(self, transport=None):
        self.transport = transport
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

    async def wait_drained(self) -> None:
        """Wait until the client has received everything written so far."""
        while self.paused or self.unsent_bytes() > 0:
            if getattr(self.transport, "disconnected", False):
                return
            await asyncio.sleep(POLL_SECONDS)

    async def wait_writable(self) -> None:
        while self.paused:
            if getattr(self.transport, "disconnected", False):
                return  # gone: let the writer run into the close
            await asyncio.sleep(POLL_SECONDS)


def transport_of(send):
    """Return the Twisted transport behind daphne's `send`, or None."""
    if isinstance(send, functools.partial) and send.args:
        transport = getattr(send.args[0], "transport", None)
        if hasattr(transport, "producerPaused"):
            return transport
    return None


def flow_control(send) -> FlowControl:
    return FlowControl(transport_of(send))
