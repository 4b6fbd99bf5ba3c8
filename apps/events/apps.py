from django.apps import AppConfig


class EventsConfig(AppConfig):
    """Domain events: an outbox written with each change, streamed over WebSockets."""

    name = "apps.events"
    label = "events"
