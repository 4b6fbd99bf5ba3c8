"""Reads for utilities: look-ups with their related rows fetched up front."""
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db.models import F, Prefetch, QuerySet
from django.utils import timezone

from apps.core import references
from apps.core.errors import ServiceError
from apps.places.geo import distance_miles
from apps.places.models import Place
from apps.places.selectors import place_resolve
from apps.utilities.errors import (
    BILL_NOT_FOUND_MESSAGE,
    NOTHING_OWED_MESSAGE,
    OWNER_PROOF_MISMATCH_MESSAGE,
    OWNER_PROOF_REQUIRED_MESSAGE,
    ACCOUNT_NOT_FOUND_MESSAGE,
    OUTAGE_NOT_FOUND_MESSAGE,
    REQUEST_NOT_FOUND_MESSAGE,
    UtilitiesErrorCode,
)
from apps.utilities.models import (
    ACTIVE_OUTAGE_STATUSES,
    Account,
    Bill,
    BillPayment,
    Outage,
    OutageReport,
    ServiceRequest,
    ServiceRequestUpdate,
)
from apps.utilities.locks import NUMBERED

FEET_PER_MILE = 5280
BILLS_SHOWN = 6


class BillStatus:
    PAID = "paid"
    PARTIALLY_PAID = "partially_paid"
    DUE = "due"
    PAST_DUE = "past_due"


@dataclass
class BillingSummary:
    """An account's standing on `as_of`: what is owed, what is late, what is due next."""

    account: Account
    as_of: date
    bills: list[Bill]
    balance: Decimal
    past_due: Decimal
    next_due_date: date | None
    next_due_amount: Decimal
    last_payment_on: date | None
    statuses: dict = field(default_factory=dict)  # bill pk -> BillStatus


@dataclass(frozen=True)
class NearbyOutage:
    outage: Outage
    distance_miles: float | None
    affects_address: bool


def account_number_normalize(value: str) -> str:
    """Return "UA-100234" for " ua 100234 " or "ua-100234"."""
    compact = "".join(value.split()).upper()
    if compact.startswith("UA") and not compact.startswith("UA-"):
        compact = f"UA-{compact[2:]}"
    return compact


def reference_normalize(value: str) -> str:
    """Return the stored form of a typed OUT or SR reference (upper case, number padded): apps/core/references."""
    return references.reference_normalize(value, NUMBERED)


outage_id_normalize = reference_normalize


def address_resolve(*, address: str, field_name: str = "address") -> Place:
    """Resolve an address through the gazetteer; a failure names the argument `field_name`."""
    return place_resolve(query=address, field=field_name)


def account_get(*, account_number: str) -> Account:
    """Return the account with its services."""
    number = account_number_normalize(account_number)
    account = Account.objects.prefetch_related("services").filter(account_number=number).first()
    if account is None:
        raise ServiceError(UtilitiesErrorCode.ACCOUNT_NOT_FOUND,
                           ACCOUNT_NOT_FOUND_MESSAGE.format(account_number=number), field="account_number")
    return account


def bill_status(bill: Bill, *, today: date) -> str:
    if bill.amount_paid >= bill.amount:
        return BillStatus.PAID
    if bill.due_date < today:
        return BillStatus.PAST_DUE
    if bill.amount_paid > 0:
        return BillStatus.PARTIALLY_PAID
    return BillStatus.DUE


def account_holder_check(*, account_number: str, last_name: str) -> None:
    """Refuse unless `last_name` is the last name of the holder of `account_number`.

    A missing account and a wrong name get the same answer, so the check reveals nothing
    about which account numbers exist.
    """
    if not (last_name or "").strip():
        raise ServiceError(UtilitiesErrorCode.OWNER_PROOF_REQUIRED, OWNER_PROOF_REQUIRED_MESSAGE,
                           field="holder_last_name")
    try:
        number = account_number_normalize(account_number)
    except (ServiceError, ValueError):
        number = account_number.strip().upper()
    holder = Account.objects.filter(account_number=number).values_list("holder_name", flat=True).first()
    names = (holder or "").split()
    if not names or names[-1].casefold() != last_name.strip().casefold():
        raise ServiceError(UtilitiesErrorCode.OWNER_PROOF_REQUIRED,
                           OWNER_PROOF_MISMATCH_MESSAGE.format(account_number=number),
                           field="holder_last_name")


def billing_summary(*, account_number: str, bills_shown: int = BILLS_SHOWN) -> BillingSummary:
    """Return the balance, past-due amount, next due date and the latest bills of an account."""
    account = account_get(account_number=account_number)
    today = timezone.localdate()
    recent = list(account.bills.prefetch_related("lines").order_by("-period_start")[:bills_shown])
    # Every unpaid bill counts toward the balance, also those older than the ones shown.
    unpaid = list(account.bills.filter(amount_paid__lt=F("amount")).order_by("due_date"))
    balance = sum((bill.balance for bill in unpaid), Decimal("0.00"))
    past_due = sum((bill.balance for bill in unpaid if bill.due_date < today), Decimal("0.00"))
    upcoming = [bill for bill in unpaid if bill.due_date >= today]
    last_paid = max((bill.paid_on for bill in recent if bill.paid_on), default=None)
    return BillingSummary(
        account=account, as_of=today, bills=recent, balance=balance, past_due=past_due,
        next_due_date=upcoming[0].due_date if upcoming else None,
        next_due_amount=sum((bill.balance for bill in upcoming if bill.due_date == upcoming[0].due_date),
                            Decimal("0.00")) if upcoming else Decimal("0.00"),
        last_payment_on=last_paid,
        statuses={bill.pk: bill_status(bill, today=today) for bill in recent},
    )


def bill_to_pay(*, account_number: str, bill_number: str | None = None) -> Bill:
    """Return the bill a payment is for: the one named, else the account's oldest with a balance."""
    account = account_get(account_number=account_number)
    if bill_number:
        number = "".join(bill_number.split()).upper()
        bill = account.bills.filter(bill_number=number).first()
        if bill is None:
            raise ServiceError(UtilitiesErrorCode.BILL_NOT_FOUND, BILL_NOT_FOUND_MESSAGE.format(
                account_number=account.account_number, bill_number=number), field="bill_number")
        return bill
    bill = account.bills.filter(amount_paid__lt=F("amount")).order_by("due_date", "pk").first()
    if bill is None:
        raise ServiceError(UtilitiesErrorCode.NOTHING_OWED,
                           NOTHING_OWED_MESSAGE.format(what=f"account {account.account_number}"),
                           field="account_number")
    return bill


def bill_payment_by_key(*, idempotency_key: str) -> BillPayment | None:
    """Return the successful payment made with a caller's idempotency key, if any."""
    return (BillPayment.objects.select_related("bill__account")
            .filter(idempotency_key=idempotency_key, status=BillPayment.Status.SUCCEEDED).first())


def bill_payment_pending(*, bill: Bill) -> BillPayment | None:
    """Return the payment of `bill` whose charge is in flight, if one is."""
    return BillPayment.objects.filter(bill=bill, status=BillPayment.Status.PENDING).first()


def service_request_get(*, reference: str) -> ServiceRequest:
    """Return the service request with its account and timeline."""
    number = reference_normalize(reference)
    request = (ServiceRequest.objects.select_related("account")
               .prefetch_related(Prefetch("updates", queryset=ServiceRequestUpdate.objects.order_by("created_at",
                                                                                                     "id")))
               .filter(reference=number).first())
    if request is None:
        raise ServiceError(UtilitiesErrorCode.REQUEST_NOT_FOUND, REQUEST_NOT_FOUND_MESSAGE.format(reference=number),
                           field="reference")
    return request


def outage_queryset() -> QuerySet[Outage]:
    return Outage.objects.prefetch_related(
        Prefetch("reports", queryset=OutageReport.objects.order_by("reported_at", "id")),
    )


def outage_get(*, outage_id: str) -> Outage:
    """Return the outage with its reports."""
    number = outage_id_normalize(outage_id)
    outage = outage_queryset().filter(outage_id=number).first()
    if outage is None:
        raise ServiceError(UtilitiesErrorCode.OUTAGE_NOT_FOUND, OUTAGE_NOT_FOUND_MESSAGE.format(outage_id=number),
                           field="outage_id")
    return outage


def outage_merge_radius_miles(outage: Outage) -> float:
    """Return how far from its centre a report still joins `outage`."""
    feet = max(settings.UTILITIES_OUTAGE_MERGE_RADIUS_FEET, outage.affected_radius_feet or 0)
    return feet / FEET_PER_MILE


def outage_nearest_active(*, service_type: str, latitude, longitude) -> tuple[Outage, float] | None:
    """Return the closest active outage of `service_type` whose radius reaches the point, with its distance.

    Active outages of one service are few at any time, so distances are computed for each
    rather than pre-filtered in SQL.
    """
    best = None
    for outage in Outage.objects.filter(service_type=service_type, status__in=ACTIVE_OUTAGE_STATUSES):
        miles = distance_miles(latitude, longitude, outage.latitude, outage.longitude)
        if miles <= outage_merge_radius_miles(outage) and (best is None or miles < best[1]):
            best = (outage, miles)
    return best


def outage_active_list(*, service_type: str | None = None, near: Place | None = None) -> list[NearbyOutage]:
    """Return active outages, nearest first when `near` is given, each marked if it reaches `near`."""
    outages = Outage.objects.filter(status__in=ACTIVE_OUTAGE_STATUSES).order_by("-reported_at", "-id")
    if service_type:
        outages = outages.filter(service_type=service_type)
    found = []
    for outage in outages:
        if near is None:
            found.append(NearbyOutage(outage=outage, distance_miles=None, affects_address=False))
            continue
        miles = distance_miles(near.latitude, near.longitude, outage.latitude, outage.longitude)
        found.append(NearbyOutage(outage=outage, distance_miles=miles,
                                  affects_address=miles <= outage_merge_radius_miles(outage)))
    if near is not None:
        found.sort(key=lambda item: item.distance_miles)
    return found


def outage_check(*, address: str | None = None, service_type: str | None = None) -> tuple[Place | None, list]:
    """Return the resolved address (if given) and the active outages, nearest first."""
    place = address_resolve(address=address) if address else None
    return place, outage_active_list(service_type=service_type, near=place)


# --- The admin's work queue --------------------------------------------------------


def work_queue(*, now) -> list:
    """Return what utility staff must work: outages not yet restored."""
    from apps.core.workqueue import WorkItem

    from apps.utilities.models import ServiceRequest

    active = Outage.objects.filter(status__in=ACTIVE_OUTAGE_STATUSES)
    today = timezone.localdate(now)
    open_statuses = (ServiceRequest.Status.OPEN, ServiceRequest.Status.SCHEDULED, ServiceRequest.Status.IN_PROGRESS)
    late = ServiceRequest.objects.filter(status__in=open_statuses, respond_by__lt=today)
    return [
        WorkItem(label="Active outages", queryset=active, params={"status__in": ",".join(ACTIVE_OUTAGE_STATUSES)},
                 overdue=active.filter(estimated_restoration__lt=now), target="past the estimated restoration time"),
        WorkItem(label="Service requests past their response date", queryset=late,
                 params={"status__in": ",".join(open_statuses), "respond_by__lt": today.isoformat()},
                 overdue=late, target="past the response date of their priority"),
    ]
