"""Emit domain events: record in the caller's transaction, publish after it commits."""
from django.db import transaction

from apps.events.catalogue import is_known_type
from apps.events.models import Event
from apps.events.publisher import publish


def event_emit(*, type: str, domain: str, data: dict) -> Event:
    """Record an event with the current change; subscribers hear of it only on commit."""
    if not is_known_type(type):
        raise ValueError(f"Unknown event type {type!r}: add it to apps.events.catalogue first.")
    event = Event.objects.create(type=type, domain=domain, data=data)
    message = event.as_message()
    transaction.on_commit(lambda: publish(message))
    return event


emit = event_emit
