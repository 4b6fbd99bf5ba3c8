"""The admin's work queue for permits: applications waiting on the review desk."""
from datetime import datetime, timedelta

from django.db.models import Q

from apps.permits.models import PermitApplication, PermitType

Status = PermitApplication.Status
WAITING_FOR_REVIEW = (Status.SUBMITTED, Status.IN_REVIEW)
WAITING_FOR_CORRECTIONS = (Status.CORRECTIONS_REQUESTED,)


def permit_application_review_overdue(*, now: datetime) -> Q:
    """Return the condition "submitted longer ago than its permit type's slowest review" (its own target)."""
    late = Q(pk__in=[])
    for permit_type_id, days in PermitType.objects.values_list("pk", "review_days_max"):
        late |= Q(permit_type_id=permit_type_id, submitted_at__lt=now - timedelta(days=days))
    return late


def work_queue(*, now: datetime) -> list:
    """Return what the permit desk must do: applications to review and corrections to check."""
    from apps.core.workqueue import WorkItem

    late = permit_application_review_overdue(now=now)
    items = []
    for label, statuses in (("Applications waiting for review", WAITING_FOR_REVIEW),
                            ("Applications waiting for corrections", WAITING_FOR_CORRECTIONS)):
        waiting = PermitApplication.objects.filter(status__in=statuses)
        items.append(WorkItem(label=label, queryset=waiting, params={"status__in": ",".join(statuses)},
                              overdue=waiting.filter(late),
                              target="past the permit type's longest review time"))
    return items
