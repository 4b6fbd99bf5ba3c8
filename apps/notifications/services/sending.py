"""Send planned notifications: each row claimed by one worker, retried with backoff, never raised.

A row is claimed with a conditional UPDATE (pending -> sending only if it is still
pending), so of two workers exactly one sends it. A worker that dies mid-send leaves the
row `sending`; after SENDING_TIMEOUT another worker takes it again (the mail may then
arrive twice: SMTP cannot tell whether a dropped session delivered, so every attempt of
a row carries the same Message-ID and mail clients can drop the copy).
"""
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import F
from django.utils import timezone

from apps.notifications.models import ResidentNotification
from apps.notifications.selectors import notification_due_ids, notification_due_q
from apps.notifications.unsubscribe import unsubscribe_url

logger = logging.getLogger("civicmind.notifications")

Status = ResidentNotification.Status
RETRY_FIRST_SECONDS = 60
SENDING_TIMEOUT = timedelta(minutes=10)  # well past EMAIL_TIMEOUT: a claim this old is a dead worker's
CLAIM_CANDIDATES = 20


@dataclass
class SendReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


def retry_delay(attempts: int) -> timedelta:
    """1 min after the first failed attempt, then 2, 4, 8... (doubling per attempt)."""
    return timedelta(seconds=RETRY_FIRST_SECONDS * 2 ** max(0, attempts - 1))


def notification_claim() -> ResidentNotification | None:
    """Take one due row for this worker (status sending, attempt counted); None when none is due."""
    now = timezone.now()
    due = notification_due_q(now=now, stale_before=now - SENDING_TIMEOUT)
    for pk in notification_due_ids(now=now, stale_before=now - SENDING_TIMEOUT, limit=CLAIM_CANDIDATES):
        # Counted at the claim, so a row that kills its worker still runs out of attempts.
        if ResidentNotification.objects.filter(due, pk=pk).update(
                status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1):
            return ResidentNotification.objects.get(pk=pk)
    return None


def notification_message(notification: ResidentNotification, *, connection) -> EmailMessage:
    """The email of a row, with RFC 8058 one-click unsubscribe headers and a stable Message-ID."""
    url = unsubscribe_url(email=notification.recipient, domain=notification.domain, reference=notification.reference)
    host = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "civicmind.invalid"
    return EmailMessage(
        subject=notification.subject, body=notification.body, to=[notification.recipient], connection=connection,
        headers={"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                 "Message-ID": f"<civicmind-notification-{notification.pk}@{host}>",
                 "Auto-Submitted": "auto-generated"})


def notification_failed(notification: ResidentNotification, *, error: Exception) -> str:
    """Record a failed attempt: pending again after a backoff, or failed for good; return the status."""
    text = f"{error.__class__.__name__}: {error}".strip()[:2000]
    if notification.attempts >= settings.CIVICMIND_NOTIFY_MAX_ATTEMPTS:
        status, next_at = Status.FAILED, notification.next_attempt_at
    else:
        status, next_at = Status.PENDING, timezone.now() + retry_delay(notification.attempts)
    ResidentNotification.objects.filter(pk=notification.pk).update(
        status=status, next_attempt_at=next_at, claimed_at=None, last_error=text)
    return status


def notification_send(notification: ResidentNotification, *, connection) -> bool:
    """Send one claimed row; on any error record the attempt instead of raising."""
    try:
        notification_message(notification, connection=connection).send()
    except Exception as error:  # noqa: BLE001 - one bad row or a down server must not stop the worker
        status = notification_failed(notification, error=error)
        logger.warning("notification %s to %s not sent (%s, attempt %s): %s", notification.pk,
                       notification.recipient, status, notification.attempts, error)
        return False
    ResidentNotification.objects.filter(pk=notification.pk).update(
        status=Status.SENT, sent_at=timezone.now(), claimed_at=None, last_error="")
    return True


def notifications_send(*, should_stop: Callable[[], bool] = lambda: False) -> SendReport:
    """Send every due row, one at a time, over one SMTP connection; return what happened."""
    report = SendReport()
    connection = get_connection()
    try:
        while not should_stop():
            notification = notification_claim()
            if notification is None:
                break
            if notification_send(notification, connection=connection):
                report.sent += 1
                continue
            _close_quietly(connection)  # a broken session is not reused: the next send reconnects
            row = ResidentNotification.objects.only("status", "last_error").get(pk=notification.pk)
            report.errors.append(row.last_error)
            if row.status == Status.FAILED:
                report.failed += 1
            else:
                report.retrying += 1
    finally:
        _close_quietly(connection)
    return report


def _close_quietly(connection) -> None:
    try:
        connection.close()
    except Exception:  # noqa: BLE001 - closing a dead session has nothing left to report
        pass
