"""publish hands a wake-up carrying the event to the channel layer and counts it."""
from channels.layers import get_channel_layer

from apps.events import publisher
from apps.mcp import observe

MESSAGE = {"id": 5, "type": "complaint.filed", "domain": "noise", "timestamp": "t", "data": {"case_number": "NC-5"}}


async def test_publish_reaches_the_events_group_and_is_observed(monkeypatch):
    from asgiref.sync import sync_to_async

    counted = []
    monkeypatch.setattr(observe, "event_published", counted.append)
    layer = get_channel_layer()
    channel = await layer.new_channel()
    await layer.group_add(publisher.EVENTS_GROUP, channel)
    try:
        await sync_to_async(publisher.publish)(MESSAGE)
        assert await layer.receive(channel) == {"type": "events.wake", "event": MESSAGE}
    finally:
        await layer.group_discard(publisher.EVENTS_GROUP, channel)
    assert counted == ["complaint.filed"]


def test_a_failing_layer_is_logged_not_raised(monkeypatch, caplog):
    class Broken:
        async def group_send(self, group, message):
            raise ConnectionError("redis is down")

    counted = []
    monkeypatch.setattr(observe, "event_published", counted.append)
    monkeypatch.setattr(publisher, "get_channel_layer", lambda: Broken())
    publisher.publish(MESSAGE)
    assert "could not publish event 5" in caplog.text
    assert counted == []
