"""A cancelled pump stops, even when the channel layer turns the cancel into another error.

redis-py tears a connection down when a read is cancelled, and that can surface as a
connection error instead of CancelledError; the reader took it for an outage and retried
forever, so a shutdown (or a test's event-loop teardown) waited on it until killed.
"""
import asyncio

from apps.events.pump import EventPump


async def lose_the_cancel():
    """Wait as a Redis command does, answering a cancel with ConnectionError as a torn-down read can."""
    try:
        await asyncio.sleep(3600)
    except asyncio.CancelledError:
        raise ConnectionError("Connection closed by server.") from None


class LayerThatLosesCancels:
    """A channel layer whose every Redis round trip hides a cancel (joining the group included)."""

    async def new_channel(self):
        return "events.reader!test"

    async def group_add(self, group, channel):
        await lose_the_cancel()

    async def receive(self, channel):
        await lose_the_cancel()


async def test_a_cancelled_reader_stops_even_when_the_layer_hides_the_cancel():
    pump = EventPump()
    pump._layer = LayerThatLosesCancels()
    reader = asyncio.ensure_future(pump._listen())
    await asyncio.sleep(0.05)  # joining the group
    reader.cancel()
    done, _ = await asyncio.wait([reader], timeout=3)
    assert done, "the reader kept retrying after it was cancelled"
    assert reader.cancelled() or isinstance(reader.exception(), asyncio.CancelledError)
