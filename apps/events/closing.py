"""Close a socket with a protocol close code (1008 policy violation) under daphne too.

The ASGI spec lets an application close with any code, but daphne hands the code to
autobahn's `sendClose`, which accepts only 1000 and 3000-4999 and otherwise raises (the
client then sees 1011, and the log a traceback). For the codes RFC 6455 defines for
servers, this writes the close frame through autobahn's `sendCloseFrame` instead: the
same frame and the same closing handshake, without the application-range check. Finding
daphne's protocol relies on how daphne calls the application, as apps.events.flow does;
under any other server (or a test communicator) it is an ordinary ASGI close.
"""
import functools

PROTOCOL_CODES = range(1001, 1015)


def daphne_protocol(send):
    """Return the autobahn protocol behind daphne's `send`, or None."""
    if isinstance(send, functools.partial) and send.args:
        protocol = send.args[0]
        if hasattr(protocol, "sendCloseFrame") and hasattr(protocol, "STATE_OPEN"):
            return protocol
    return None


async def close_with_code(consumer, code: int) -> None:
    """Close `consumer`'s socket with `code`, a protocol code included."""
    protocol = daphne_protocol(consumer.base_send) if code in PROTOCOL_CODES else None
    if protocol is None:
        await consumer.close(code=code)
    elif protocol.state == protocol.STATE_OPEN:
        protocol.sendCloseFrame(code=code, isReply=False)
