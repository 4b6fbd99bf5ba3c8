"""Hand committed events to the channel layer, from whichever thread committed them.

A worker thread (apps.mcp.workers) schedules the send on the event loop that submitted its
job: the in-memory layer's queues belong to that loop. Elsewhere (admin views, management
commands) asgiref's async_to_sync finds the right loop itself.
"""
import asyncio
import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from apps.mcp.workers import calling_loop

logger = logging.getLogger("civicmind.events")

EVENTS_GROUP = "civicmind.events"


def publish(message: dict) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    payload = {"type": "event.message", "event": message}
    loop = calling_loop()
    try:
        if loop is not None and loop.is_running():
            asyncio.run_coroutine_threadsafe(layer.group_send(EVENTS_GROUP, payload), loop)
        else:
            async_to_sync(layer.group_send)(EVENTS_GROUP, payload)
    except Exception:
        # The outbox row is committed: subscribers catch up with since=<id>.
        logger.exception("could not publish event %s", message.get("id"))
