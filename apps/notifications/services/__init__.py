"""Notification services: planning from the outbox, sending, opt-outs; one pass of the worker."""
from collections.abc import Callable
from dataclasses import dataclass

from apps.notifications.services.optouts import notification_opt_out
from apps.notifications.services.planning import notification_rows, notifications_plan
from apps.notifications.services.sending import SendReport, notification_claim, notifications_send

__all__ = ["notification_opt_out", "notification_rows", "notifications_plan", "notification_claim",
           "notifications_send", "notifications_run", "PassReport"]


@dataclass
class PassReport:
    planned: int
    sending: SendReport


def notifications_run(*, should_stop: Callable[[], bool] = lambda: False) -> PassReport:
    """One pass of the worker: plan the new events, then send whatever is due."""
    planned = notifications_plan()
    return PassReport(planned=planned, sending=notifications_send(should_stop=should_stop))
