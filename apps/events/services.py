"""Emit domain events: record in the caller's transaction, publish after it commits."""
import json
from datetime import datetime

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

from apps.events.catalogue import EVENT_TYPES
from apps.events.locks import outbox_emit_lock
from apps.events.models import Event
from apps.events.publisher import publish
from apps.events.timestamps import moments_in_utc

UNKNOWN_TYPE = "Unknown event type {type!r}: add it to apps.events.catalogue first."
WRONG_DOMAIN = "Event type {type!r} belongs to the {expected} domain, not {domain!r}."
MISSING_FIELDS = "Event {type!r} needs {missing} in its data (see apps.events.catalogue)."


def event_emit(*, type: str, domain: str, data: dict) -> Event:
    """Record an event with the current change; subscribers hear of it only on commit.

    A catalogue mistake raises ValueError: it is a bug in the caller, not a resident's
    error. `data` is stored as JSON (Decimal -> "25.00", every date-time -> UTC ISO 8601 with
    Z, apps.events.timestamps), so what subscribers receive live is exactly what a replay
    reads back.
    """
    event_type = EVENT_TYPES.get(type)
    if event_type is None:
        raise ValueError(UNKNOWN_TYPE.format(type=type))
    if domain != event_type.domain:
        raise ValueError(WRONG_DOMAIN.format(type=type, expected=event_type.domain, domain=domain))
    missing = [name for name in event_type.required if data.get(name) in (None, "")]
    if missing:
        raise ValueError(MISSING_FIELDS.format(type=type, missing=", ".join(missing)))
    data = json.loads(json.dumps(moments_in_utc(data), cls=DjangoJSONEncoder))
    with transaction.atomic():
        outbox_emit_lock()  # before the INSERT takes its id: see apps.events.locks
        event = Event.objects.create(type=type, domain=domain, data=data)
    message = event.as_message()
    transaction.on_commit(lambda: publish(message))
    return event


emit = event_emit


def event_prune(*, older_than: datetime, batch_size: int = 5000) -> int:
    """Delete events created before `older_than`, in batches; return how many went."""
    deleted = 0
    while True:
        with transaction.atomic():
            ids = list(Event.objects.filter(created_at__lt=older_than)
                       .order_by("id").values_list("id", flat=True)[:batch_size])
            if not ids:
                return deleted
            deleted += Event.objects.filter(id__in=ids).delete()[0]
