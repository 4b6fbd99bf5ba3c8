"""Named row locks of the permits domain, always taken in primary-key order.

Call these inside `transaction.atomic()`: the lock lasts until the transaction ends, so a
check made after taking it cannot be invalidated by a concurrent writer.
"""
from django.db import IntegrityError, transaction

from apps.core.errors import ServiceError
from apps.permits.errors import APPLICATION_NOT_FOUND_MESSAGE, PermitErrorCode
from apps.permits.models import Inspector, PermitApplication, ReferenceCounter


def reference_counter_lock(*, year: int) -> ReferenceCounter:
    """Return the year's reference counter, locked; create it on the year's first submission."""
    if not ReferenceCounter.objects.filter(year=year).exists():
        try:
            with transaction.atomic():
                ReferenceCounter.objects.create(year=year)
        except IntegrityError:
            pass  # a concurrent submission created it first; lock theirs
    return ReferenceCounter.objects.select_for_update().get(year=year)


def application_lock(*, reference: str) -> PermitApplication:
    """Return the application, locked against concurrent status changes and bookings."""
    application = (
        PermitApplication.objects.select_for_update(of=("self",))
        .select_related("permit_type")
        .filter(reference=reference)
        .first()
    )
    if application is None:
        raise ServiceError(PermitErrorCode.APPLICATION_NOT_FOUND,
                           APPLICATION_NOT_FOUND_MESSAGE.format(reference=reference), field="reference")
    return application


def inspectors_lock() -> list[Inspector]:
    """Return the active inspectors, locked: bookings are made one at a time."""
    return list(Inspector.objects.select_for_update().filter(is_active=True).order_by("pk"))
