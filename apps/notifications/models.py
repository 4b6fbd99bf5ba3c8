"""What was (or will be) emailed to whom, who asked not to be emailed, and how far planning got.

The event outbox is the source: the planner turns each meaningful event into one row per
recipient, and the sender works through the rows. The rows are the record staff read in
the admin, so they keep the event's id rather than a foreign key: pruning old events
(`prune_events`) must not erase what was sent.
"""
from django.db import models
from django.db.models import Q
from django.utils import timezone


class ResidentNotification(models.Model):
    """One email about one change to one recipient; (event, recipient) is unique: exactly once."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    event_id = models.BigIntegerField(help_text="The outbox event this email announces.")
    event_type = models.CharField(max_length=64)
    domain = models.CharField(max_length=32)
    reference = models.CharField(max_length=40, help_text="The tracking reference the email carries.")
    recipient = models.EmailField()
    subject = models.CharField(max_length=200)
    body = models.TextField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0, help_text="Sends begun, the successful one included.")
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True, help_text="When a worker took it to send.")
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["event_id", "recipient"], name="notification_once_per_event_recipient"),
            models.CheckConstraint(condition=Q(status="sent", sent_at__isnull=False) | ~Q(status="sent"),
                                   name="notification_sent_has_time"),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="notification_due")]

    def __str__(self):
        return f"{self.subject} → {self.recipient}"


class NotificationOptOut(models.Model):
    """A recipient who asked for no more emails: about one record, one domain, or anything.

    Blank `reference` covers the whole domain; blank `domain` covers every domain.
    """

    email = models.EmailField()
    domain = models.CharField(max_length=32, blank=True)
    reference = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["email", "domain", "reference"], name="notification_opt_out_once"),
        ]
        verbose_name = "notification opt-out"

    def __str__(self):
        scope = self.reference or (f"all {self.domain}" if self.domain else "everything")
        return f"{self.email}: {scope}"


class NotificationCursor(models.Model):
    """The one row saying which outbox events have been planned (every id at or below it)."""

    last_event_id = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"planned through event #{self.last_event_id}"
