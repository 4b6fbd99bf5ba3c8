"""Tell every process's stream reader that an event committed.

The message is a wake-up that also carries the event, so the reader can skip a database
read when the event is the next id it expects; the outbox stays the source of truth (see
apps.events.pump). A lost message costs latency, never the event: readers also poll.

A worker thread (apps.core.workers) schedules the send on the event loop that submitted its
job: the in-memory layer's queues belong to that loop. Elsewhere (admin views, management
commands) asgiref's async_to_sync finds the right loop itself.
"""
import asyncio
import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from apps.mcp import observe
from apps.core.workers import calling_loop

logger = logging.getLogger("civicmind.events")

EVENTS_GROUP = "civicmind.events"
WAKE_TYPE = "events.wake"


def publish(message: dict) -> None:
    """Hand a committed event to the channel layer; never raise (the row is committed)."""
    layer = get_channel_layer()
    if layer is None:
        return
    payload = {"type": WAKE_TYPE, "event": message}
    loop = calling_loop()
    try:
        if loop is not None and loop.is_running():
            future = asyncio.run_coroutine_threadsafe(layer.group_send(EVENTS_GROUP, payload), loop)
            future.add_done_callback(lambda done: _log_failure(done, message))
        else:
            async_to_sync(layer.group_send)(EVENTS_GROUP, payload)
    except Exception:
        logger.exception("could not publish event %s; readers will find it by polling", message.get("id"))
        return
    observe.event_published(message["type"])


def _log_failure(future, message: dict) -> None:
    if not future.cancelled() and future.exception() is not None:
        logger.error("could not publish event %s; readers will find it by polling: %r",
                     message.get("id"), future.exception())
