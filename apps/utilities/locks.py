"""What outage reports, service requests and bill payments lock, and where OUT, SR and UP numbers live.

A report first queues on its service type (a core.KeyedLock row): it decides between
joining an active outage and opening one, and that decision must see the previous report.
"""
from apps.core.locks import keyed_lock, row_lock
from apps.core.numbering import reference_allocator
from apps.utilities.errors import OUTAGE_NOT_FOUND_MESSAGE, REQUEST_NOT_FOUND_MESSAGE, UtilitiesErrorCode
from apps.utilities.models import Bill, BillPayment, Outage, ServiceRequest

# prefix: (model, field, digits) — where numbers already handed out live, and their width.
NUMBERED = {
    "OUT": (Outage, "outage_id", 4),
    "SR": (ServiceRequest, "reference", 6),
    "UP": (BillPayment, "receipt_number", 6),  # utility payment receipts
}
reference_allocate = reference_allocator(NUMBERED)
OUTAGE_LOCK_SCOPE = "utilities.outage"


def outage_service_lock(*, service_type: str) -> None:
    """Serialize reports of one service, so concurrent reports of a new outage create it once."""
    keyed_lock(scope=OUTAGE_LOCK_SCOPE, key=service_type)


def outage_lock(*, outage_id: str) -> Outage:
    """Lock and return the outage, so status changes apply one after another."""
    return row_lock(Outage.objects, field="outage_id", value=outage_id,
                    code=UtilitiesErrorCode.OUTAGE_NOT_FOUND, message=OUTAGE_NOT_FOUND_MESSAGE)


def service_request_lock(*, reference: str) -> ServiceRequest:
    """Lock and return the service request."""
    return row_lock(ServiceRequest.objects, field="reference", value=reference,
                    code=UtilitiesErrorCode.REQUEST_NOT_FOUND, message=REQUEST_NOT_FOUND_MESSAGE)


def bill_lock(*, bill_id: int) -> Bill:
    """Lock and return a bill, so payments of it apply one after another."""
    return Bill.objects.select_for_update(of=("self",)).select_related("account").get(pk=bill_id)


def bill_payment_lock(*, payment_id: int) -> BillPayment:
    """Lock and return a payment intent, so its outcome is recorded once."""
    return BillPayment.objects.select_for_update(of=("self",)).get(pk=payment_id)
