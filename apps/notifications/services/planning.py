"""Turn new outbox events into notification rows, once, however many workers plan at the same time."""
from django.db import transaction
from django.utils import timezone

from apps.events.models import Event
from apps.notifications.models import NotificationCursor, ResidentNotification
from apps.notifications.selectors import (
    CURSOR_PK,
    event_list_unplanned,
    notification_cursor_position,
    opt_outs_covering,
    opted_out,
)
from apps.notifications.text import notification_text
from apps.notifications.triggers import TRIGGERS
from apps.notifications.unsubscribe import unsubscribe_url

PLAN_BATCH = 500


def notification_rows(events: list[Event]) -> list[ResidentNotification]:
    """Build (unsaved) one row per event and recipient, leaving out who opted out."""
    wanted = []
    for event in events:
        trigger = TRIGGERS.get(event.type)
        if trigger is None or not trigger.applies(event.data):
            continue
        reference = str(event.data.get(trigger.reference_field) or "")
        if reference:
            wanted += [(event, trigger, reference, email) for email in trigger.emails(reference)]
    opt_outs = opt_outs_covering(emails=[email for *_, email in wanted])
    now = timezone.now()  # read here, not bound as a field default: the clock may be shifted (civicmind.clock)
    rows = []
    for event, trigger, reference, email in wanted:
        if opted_out(opt_outs, email=email, domain=event.domain, reference=reference):
            continue
        subject, line = trigger.words(event.data)
        text = notification_text(
            subject=subject, line=line, reference=reference,
            how_to_check=trigger.how_to_check.format(reference=reference),
            unsubscribe_url=unsubscribe_url(email=email, domain=event.domain, reference=reference))
        rows.append(ResidentNotification(event_id=event.id, event_type=event.type, domain=event.domain,
                                         reference=reference, recipient=email, subject=text.subject,
                                         body=text.body, next_attempt_at=now, created_at=now))
    return rows


def notifications_plan(*, batch_size: int = PLAN_BATCH) -> int:
    """Plan the events after the cursor; return how many rows were offered (a conflict adds none).

    Events are read before the cursor is locked (reading them may take the outbox lock,
    which emitters wait for: it must not be held while rows are written). Under the lock
    the cursor must still be where the read started, else another worker planned those
    events and this one reads again. The (event, recipient) constraint with
    ignore_conflicts is the second guard: a row can never be planned twice.
    """
    planned = 0
    while True:
        after = notification_cursor_position()
        events = event_list_unplanned(after=after, limit=batch_size)
        if not events:
            return planned
        with transaction.atomic():
            cursor, _ = NotificationCursor.objects.select_for_update().get_or_create(pk=CURSOR_PK)
            if cursor.last_event_id != after:
                continue
            rows = notification_rows(events)
            ResidentNotification.objects.bulk_create(rows, ignore_conflicts=True)
            cursor.last_event_id = events[-1].id
            cursor.updated_at = timezone.now()
            cursor.save(update_fields=["last_event_id", "updated_at"])
        planned += len(rows)
        if len(events) < batch_size:
            return planned
