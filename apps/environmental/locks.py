"""Row locks and numbering of the environmental domain, each taken in one place, in key order.

Call these inside a transaction (the services are atomic): the lock lasts until it commits.
A booking takes its address's lock first, then slot locks in date order, so two bookings
never wait on each other in a cycle.
"""
from datetime import date


from apps.core.errors import ServiceError
from apps.core.numbering import reference_next
from apps.environmental.errors import (
    PICKUP_NOT_FOUND_MESSAGE,
    REPORT_NOT_FOUND_MESSAGE,
    EnvironmentalErrorCode,
)
from apps.environmental.models import (
    BulkPickup,
    CollectionArea,
    EnvironmentalReport,
    PickupAddress,
    PickupSlot,
    ReferenceSequence,
)

# prefix: (model, field, digits) — where numbers already handed out live, and their width.
NUMBERED = {
    "BP": (BulkPickup, "reference", 6),
    "ENV": (EnvironmentalReport, "reference", 6),
}


def pickup_address_lock(*, key: str, address: str) -> PickupAddress:
    """Return the locked row of an address, creating it on its first booking."""
    row, _ = PickupAddress.objects.get_or_create(key=key, defaults={"address": address})
    return PickupAddress.objects.select_for_update().filter(pk=row.pk).order_by("pk").get()


def pickup_slot_lock(*, area: CollectionArea, day: date) -> PickupSlot:
    """Return the locked slot of an area's bulk day, creating it with the area's capacity."""
    slot, _ = PickupSlot.objects.get_or_create(area=area, date=day, defaults={"capacity": area.bulk_capacity})
    return PickupSlot.objects.select_for_update().filter(pk=slot.pk).order_by("pk").get()


def bulk_pickup_lock(*, reference: str) -> BulkPickup:
    pickup = BulkPickup.objects.select_for_update().filter(reference=reference).order_by("pk").first()
    if pickup is None:
        raise ServiceError(EnvironmentalErrorCode.PICKUP_NOT_FOUND,
                           PICKUP_NOT_FOUND_MESSAGE.format(reference=reference), field="reference")
    return pickup


def report_lock(*, reference: str) -> EnvironmentalReport:
    report = EnvironmentalReport.objects.select_for_update().filter(reference=reference).order_by("pk").first()
    if report is None:
        raise ServiceError(EnvironmentalErrorCode.REPORT_NOT_FOUND,
                           REPORT_NOT_FOUND_MESSAGE.format(reference=reference), field="reference")
    return report


def reference_allocate(*, prefix: str, year: int) -> str:
    """Return the next number of `prefix` in `year` ("BP-2026-000124", "ENV-2026-000124").

    The counter row is bumped with an UPDATE, which holds its lock until commit; a year's
    first number starts above any already on file (demo data, imports).
    """
    return reference_next(sequence_model=ReferenceSequence, numbered=NUMBERED, prefix=prefix, year=year)
