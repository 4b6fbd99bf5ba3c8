"""Read the outbox in stream order (by id) for the live reader and for replays."""
from django.db.models import Max, Q

from apps.events.models import Event
from apps.events.protocol import Subscription
from apps.events.wire import StreamEvent


def _stream(queryset) -> list[StreamEvent]:
    return [StreamEvent.from_message(event.as_message()) for event in queryset]


def event_last_id() -> int:
    """Return the highest event id stored (0 when the outbox is empty)."""
    return Event.objects.aggregate(last=Max("id"))["last"] or 0


def event_list_after(*, after: int, limit: int) -> list[StreamEvent]:
    """Return up to `limit` events with id > `after`, in id order."""
    return _stream(Event.objects.filter(id__gt=after).order_by("id")[:limit])


def event_list_ids(*, ids) -> list[StreamEvent]:
    """Return the events among `ids` that exist, in id order."""
    return _stream(Event.objects.filter(id__in=list(ids)).order_by("id"))


def subscription_q(subscription: Subscription) -> Q:
    """The subscription as a filter: exact types, "prefix.*" wildcards, "*", domains."""
    if "*" in subscription.patterns:
        types = Q()
    else:
        types = Q(pk__in=[])
        exact = [p for p in subscription.patterns if not p.endswith(".*")]
        if exact:
            types |= Q(type__in=exact)
        for pattern in subscription.patterns:
            if pattern.endswith(".*"):
                types |= Q(type__startswith=pattern[:-1])
    if subscription.domains is not None:
        types &= Q(domain__in=sorted(subscription.domains))
    return types


def event_list_replay(*, subscription: Subscription, after: int, upto: int, limit: int) -> list[StreamEvent]:
    """Return up to `limit` matching events with `after` < id <= `upto`, in id order."""
    queryset = Event.objects.filter(subscription_q(subscription), id__gt=after, id__lte=upto)
    return _stream(queryset.order_by("id")[:limit])
