"""Named row locks of the permits domain, always taken in primary-key order.

Call these inside `transaction.atomic()`: the lock lasts until the transaction ends, so a
check made after taking it cannot be invalidated by a concurrent writer.
"""
from apps.core.locks import row_lock
from apps.core.numbering import reference_allocator
from apps.permits.errors import APPLICATION_NOT_FOUND_MESSAGE, PermitErrorCode
from apps.permits.models import FeePayment, Inspector, PermitApplication

REFERENCE_PREFIX = "PRM"
# prefix: (model, field, digits) — where numbers already handed out live, and their width.
NUMBERED = {
    REFERENCE_PREFIX: (PermitApplication, "reference", 6),
}
reference_allocate = reference_allocator(NUMBERED)
# Receipts of online fee payments: their own counter, never read as an application reference.
RECEIPT_PREFIX = "PFR"
receipt_allocate = reference_allocator({RECEIPT_PREFIX: (FeePayment, "receipt_number", 6)})


def application_lock(*, reference: str) -> PermitApplication:
    """Return the application, locked against concurrent status changes and bookings."""
    return row_lock(PermitApplication.objects.select_related("permit_type"), field="reference", value=reference,
                    code=PermitErrorCode.APPLICATION_NOT_FOUND, message=APPLICATION_NOT_FOUND_MESSAGE)


def inspectors_lock() -> list[Inspector]:
    """Return the active inspectors, locked: bookings are made one at a time."""
    return list(Inspector.objects.select_for_update().filter(is_active=True).order_by("pk"))
