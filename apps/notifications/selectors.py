"""Read what planning and sending need: unplanned events, opt-outs, rows due for sending."""
from datetime import datetime

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from apps.events.locks import outbox_read_final
from apps.events.models import Event
from apps.notifications.models import NotificationCursor, NotificationOptOut, ResidentNotification

CURSOR_PK = 1


def notification_cursor_position() -> int:
    """Return the id of the last event planned (0 before the first pass on a new table)."""
    cursor = NotificationCursor.objects.filter(pk=CURSOR_PK).first()
    return cursor.last_event_id if cursor else 0


def event_list_unplanned(*, after: int, limit: int) -> list[Event]:
    """Return up to `limit` events after `after` that no later commit can precede.

    On PostgreSQL ids are taken before commit, so a visible id 12 may have an open id 11
    below it; planning past 11 would skip it for good. When the outbox lock proves no
    emitter is open the read is final; otherwise only the run of consecutive ids after
    `after` is safe, and a gap older than the events' gap timeout is taken as a rollback
    (the same rule the event stream follows, apps.events.pump).
    """
    def read():
        return list(Event.objects.filter(id__gt=after).order_by("id")[:limit])

    final, events = outbox_read_final(read)
    if final:
        return events
    events = read()
    settled_before = timezone.now().timestamp() - settings.CIVICMIND_EVENTS_GAP_TIMEOUT_MS / 1000
    safe, expected = [], after + 1
    for event in events:
        if event.id != expected and event.created_at.timestamp() > settled_before:
            break
        safe.append(event)
        expected = event.id + 1
    return safe


def opt_outs_covering(*, emails) -> list[NotificationOptOut]:
    """Return the opt-outs of these addresses (any scope); the caller matches domain and reference."""
    return list(NotificationOptOut.objects.filter(email__in=sorted(set(emails))))


def opted_out(opt_outs, *, email: str, domain: str, reference: str) -> bool:
    """Whether one of `opt_outs` covers this email about this record."""
    return any(o.email == email and o.domain in ("", domain) and o.reference in ("", reference) for o in opt_outs)


def notification_due_q(*, now: datetime, stale_before: datetime) -> Q:
    """Rows a worker may take: pending and due, or left `sending` by a worker that died."""
    return (Q(status=ResidentNotification.Status.PENDING, next_attempt_at__lte=now)
            | Q(status=ResidentNotification.Status.SENDING, claimed_at__lt=stale_before))


def notification_due_ids(*, now: datetime, stale_before: datetime, limit: int) -> list[int]:
    """Return the ids of up to `limit` rows due for sending, oldest first."""
    return list(ResidentNotification.objects.filter(notification_due_q(now=now, stale_before=stale_before))
                .order_by("next_attempt_at", "id").values_list("id", flat=True)[:limit])
