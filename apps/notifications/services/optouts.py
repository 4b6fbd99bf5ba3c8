"""Record a resident's wish to get no more emails (from an unsubscribe link or staff)."""
from apps.notifications.models import NotificationOptOut


def notification_opt_out(*, email: str, domain: str = "", reference: str = "") -> NotificationOptOut:
    """Record the opt-out (once: a second click or a racing one-click POST finds the first)."""
    opt_out, _ = NotificationOptOut.objects.get_or_create(
        email=email.strip().lower(), domain=domain.strip(), reference=reference.strip())
    return opt_out
