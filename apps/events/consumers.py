"""The /events WebSocket: subscribe to event types (and domains), replay from an id, go live."""
import json

from channels.generic.websocket import AsyncJsonWebsocketConsumer

from apps.events.catalogue import is_valid_pattern, matches
from apps.events.publisher import EVENTS_GROUP


class EventStreamConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        self.patterns: list[str] = []
        self.domains: list[str] | None = None
        await self.channel_layer.group_add(EVENTS_GROUP, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        await self.channel_layer.group_discard(EVENTS_GROUP, self.channel_name)

    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        try:
            content = json.loads(text_data or "")
        except ValueError:
            await self.send_json({"type": "error", "reason": "malformed message: expected JSON"})
            return
        await self.receive_json(content)

    async def receive_json(self, content, **kwargs):
        if not isinstance(content, dict):
            await self.send_json({"type": "error", "reason": "malformed message: expected an object"})
            return
        action = content.get("action")
        if action == "ping":
            await self.send_json({"type": "pong"})
        elif action == "subscribe":
            events = content.get("events") or ["*"]
            unknown = [e for e in events if not isinstance(e, str) or not is_valid_pattern(e)]
            if unknown:
                await self.send_json({"type": "error", "reason": "unknown event types", "events": unknown})
                return
            self.patterns = sorted(set(self.patterns) | set(events))
            self.domains = content.get("domains") or None
            await self.send_json({"type": "subscribed", "events": self.patterns, "domains": self.domains})
        elif action == "unsubscribe":
            events = content.get("events") or self.patterns
            self.patterns = [p for p in self.patterns if p not in events]
            await self.send_json({"type": "unsubscribed", "events": self.patterns})
        else:
            await self.send_json({"type": "error", "reason": f"unknown action: {action!r}"})

    async def event_message(self, message):
        event = message["event"]
        if self.domains and event["domain"] not in self.domains:
            return
        if any(matches(p, event["type"]) for p in self.patterns):
            await self.send_json(event)
