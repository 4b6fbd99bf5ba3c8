"""Sending: claims are exclusive, a down server is retried with backoff, a hopeless row gives up."""
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from apps.notifications.models import ResidentNotification
from apps.notifications.services import notification_claim, notifications_plan, notifications_run
from apps.notifications.services.sending import SENDING_TIMEOUT, retry_delay
from tests.permits.helpers import advance

pytestmark = pytest.mark.django_db
Status = ResidentNotification.Status


def test_smtp_down_then_up_sends_once(smtp_settings, smtp_server, deck_application):
    smtp_server.stop()
    advance(deck_application, "in_review")
    report = notifications_run()
    row = ResidentNotification.objects.get()
    assert (report.planned, report.sending.sent, report.sending.retrying) == (1, 0, 1)
    assert (row.status, row.attempts, row.sent_at) == (Status.PENDING, 1, None)
    assert row.last_error.startswith("ConnectionRefusedError")
    assert row.next_attempt_at > timezone.now() + timedelta(seconds=50)

    smtp_server.start()
    assert notifications_run().sending.sent == 0  # not due yet: backing off
    ResidentNotification.objects.update(next_attempt_at=timezone.now())  # a minute later
    assert notifications_run().sending.sent == 1
    assert notifications_run().sending.sent == 0
    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_error) == (Status.SENT, 2, "")
    assert [m.message["Subject"] for m in smtp_server.messages] == [f"Permit {deck_application.reference}: in review"]


def test_a_row_gives_up_after_the_last_attempt(settings, smtp_settings, smtp_server, deck_application):
    settings.CIVICMIND_NOTIFY_MAX_ATTEMPTS = 2
    smtp_server.stop()
    advance(deck_application, "in_review")
    notifications_run()
    ResidentNotification.objects.update(next_attempt_at=timezone.now())
    report = notifications_run()
    row = ResidentNotification.objects.get()
    assert (report.sending.failed, row.status, row.attempts) == (1, Status.FAILED, 2)
    ResidentNotification.objects.update(next_attempt_at=timezone.now())
    assert notifications_run().sending.failed == 0  # failed rows are never taken again


def test_a_row_is_claimed_once_and_a_dead_workers_claim_is_taken_back(deck_application):
    advance(deck_application, "in_review")
    notifications_plan()
    first = notification_claim()
    assert (first.status, first.attempts) == (Status.SENDING, 1)
    assert notification_claim() is None
    ResidentNotification.objects.update(claimed_at=timezone.now() - SENDING_TIMEOUT - timedelta(seconds=1))
    again = notification_claim()
    assert (again.pk, again.attempts) == (first.pk, 2)


def test_the_message_carries_one_click_unsubscribe_headers(deck_application):
    advance(deck_application, "in_review")
    assert notifications_run().sending.sent == 1
    [message] = mail.outbox
    assert message.to == ["jane.doe@example.com"]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    row = ResidentNotification.objects.get()
    assert message.extra_headers["Message-ID"] == f"<civicmind-notification-{row.pk}@civic-city.example>"
    assert message.body == row.body


@pytest.mark.parametrize("attempts, seconds", [(1, 60), (2, 120), (3, 240), (5, 960)])
def test_retries_back_off_doubling_from_a_minute(attempts, seconds):
    assert retry_delay(attempts) == timedelta(seconds=seconds)
