from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """Emails to residents about their filings: planned from the event outbox, sent by a worker."""

    name = "apps.notifications"
    label = "notifications"
