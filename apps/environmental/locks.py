"""What a bulk pickup booking locks, and where BP and ENV numbers live.

A booking takes its address's lock first, then slot locks in date order, so two bookings
never wait on each other in a cycle, and a day's slot is never booked past its capacity.
"""
from datetime import date

from apps.core.locks import created_row_lock, row_lock
from apps.core.numbering import reference_allocator
from apps.environmental.errors import PICKUP_NOT_FOUND_MESSAGE, REPORT_NOT_FOUND_MESSAGE, EnvironmentalErrorCode
from apps.environmental.models import BulkPickup, CollectionArea, EnvironmentalReport, PickupAddress, PickupSlot

# prefix: (model, field, digits) — where numbers already handed out live, and their width.
NUMBERED = {
    "BP": (BulkPickup, "reference", 6),
    "ENV": (EnvironmentalReport, "reference", 6),
}
reference_allocate = reference_allocator(NUMBERED)


def pickup_address_lock(*, key: str, address: str) -> PickupAddress:
    """Return the locked row of an address, creating it on its first booking."""
    return created_row_lock(PickupAddress, key=key, defaults={"address": address})


def pickup_slot_lock(*, area: CollectionArea, day: date) -> PickupSlot:
    """Return the locked slot of an area's bulk day, creating it with the area's capacity."""
    return created_row_lock(PickupSlot, area=area, date=day, defaults={"capacity": area.bulk_capacity})


def bulk_pickup_lock(*, reference: str) -> BulkPickup:
    """Lock and return the bulk pickup, so a cancellation and a completion apply one after another."""
    return row_lock(BulkPickup.objects, field="reference", value=reference,
                    code=EnvironmentalErrorCode.PICKUP_NOT_FOUND, message=PICKUP_NOT_FOUND_MESSAGE)


def report_lock(*, reference: str) -> EnvironmentalReport:
    """Lock and return the report, so status changes apply one after another."""
    return row_lock(EnvironmentalReport.objects, field="reference", value=reference,
                    code=EnvironmentalErrorCode.REPORT_NOT_FOUND, message=REPORT_NOT_FOUND_MESSAGE)
