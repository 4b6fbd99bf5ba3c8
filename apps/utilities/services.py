"""Writes for utilities: one function per state change, each atomic."""
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from apps.core.business_days import business_days_after
from apps.core.errors import ServiceError
from apps.core.status_machine import StatusMachine
from apps.events.services import event_emit
from apps.places.normalize import place_key
from apps.utilities.catalogue import (
    RESPONSE_BUSINESS_DAYS,
    URGENT_REQUESTS,
    RequestType,
    ServiceType,
    service_label,
)
from apps.utilities.errors import (
    ACCOUNT_CLOSED_MESSAGE,
    INVALID_TRANSITION_MESSAGE,
    REQUEST_TRANSITION_MESSAGE,
    RESTORATION_IN_PAST_MESSAGE,
    SERVICE_ALREADY_ON_ACCOUNT_MESSAGE,
    SERVICE_NOT_ON_ACCOUNT_MESSAGE,
    SERVICE_TYPE_REQUIRED_MESSAGE,
    UtilitiesErrorCode,
)
from apps.utilities.locks import outage_lock, outage_service_lock, reference_allocate, service_request_lock
from apps.utilities.models import Account, Outage, OutageReport, ServiceRequest, ServiceRequestUpdate
from apps.utilities.selectors import (
    account_get,
    address_resolve,
    outage_id_normalize,
    outage_nearest_active,
    reference_normalize,
)

DOMAIN = "utilities"

# Where an active outage may go next; resolving is allowed from every active status.
OUTAGE_TRANSITIONS = {
    Outage.Status.REPORTED: (Outage.Status.CONFIRMED, Outage.Status.CREW_DISPATCHED, Outage.Status.RESOLVED),
    Outage.Status.CONFIRMED: (Outage.Status.CREW_DISPATCHED, Outage.Status.RESOLVED),
    Outage.Status.CREW_DISPATCHED: (Outage.Status.RESOLVED,),
    Outage.Status.RESOLVED: (),
}
OUTAGE_STATUS = StatusMachine(transitions=OUTAGE_TRANSITIONS, error_code=UtilitiesErrorCode.INVALID_TRANSITION)


@dataclass
class OutageReportResult:
    """What a report did: joined an outage (`merged`), repeated one (`duplicate`) or started one."""

    outage: Outage
    report: OutageReport
    merged: bool
    duplicate: bool
    distance_miles: float


@dataclass
class OutageChange:
    outage: Outage
    old_status: str
    changed: bool


@dataclass
class ServiceRequestResult:
    request: ServiceRequest
    replayed: bool = False


@transaction.atomic
def outage_report(*, service_type: str, address: str, actor: str, description: str = "",
                  contact: str = "") -> OutageReportResult:
    """Report an outage: join the active one of that service nearby, else open a new one.

    The same address reporting the same outage again is recorded once and counted once,
    also when the reports arrive together (they queue on the service's lock row).
    """
    place = address_resolve(address=address)
    key = place_key(place.name)
    outage_service_lock(service_type=service_type)
    now = timezone.now()
    nearby = outage_nearest_active(service_type=service_type, latitude=place.latitude, longitude=place.longitude)
    report_fields = {"address": place.name, "latitude": place.latitude, "longitude": place.longitude,
                     "description": description.strip(), "contact": contact.strip(), "reported_at": now,
                     "reported_by": actor}
    if nearby is not None:
        outage, miles = nearby
        report, created = OutageReport.objects.get_or_create(outage=outage, address_key=key, defaults=report_fields)
        if created:
            Outage.objects.filter(pk=outage.pk).update(report_count=F("report_count") + 1)
            outage.refresh_from_db(fields=["report_count"])
            _emit_reported(outage, place.name, new=False)
        return OutageReportResult(outage=outage, report=report, merged=True, duplicate=not created,
                                  distance_miles=miles)
    outage = Outage.objects.create(
        outage_id=reference_allocate(prefix="OUT", year=timezone.localtime(now).year),
        service_type=service_type, address=place.name, latitude=place.latitude, longitude=place.longitude,
        description=description.strip(), reported_at=now, report_count=1,
    )
    report = OutageReport.objects.create(outage=outage, address_key=key, **report_fields)
    _emit_reported(outage, place.name, new=True)
    return OutageReportResult(outage=outage, report=report, merged=False, duplicate=False, distance_miles=0.0)


def _emit_reported(outage: Outage, address: str, *, new: bool) -> None:
    event_emit(type="outage.reported", domain=DOMAIN, data={
        "outage_id": outage.outage_id, "service_type": outage.service_type, "address": address,
        "new_outage": new, "report_count": outage.report_count,
    })


@transaction.atomic
def outage_status_update(*, outage_id: str, status: str, actor: str, estimated_restoration: datetime | None = None,
                         cause: str = "", note: str = "") -> OutageChange:
    """Confirm an outage or dispatch a crew, optionally with a cause and a restoration estimate."""
    if status == Outage.Status.RESOLVED:
        return outage_resolve(outage_id=outage_id, actor=actor, note=note)
    outage = outage_lock(outage_id=outage_id_normalize(outage_id))
    old_status = outage.status
    if estimated_restoration is not None and estimated_restoration < timezone.now():
        shown = timezone.localtime(estimated_restoration).isoformat()
        raise ServiceError(UtilitiesErrorCode.RESTORATION_IN_PAST, RESTORATION_IN_PAST_MESSAGE.format(when=shown),
                           field="estimated_restoration")
    OUTAGE_STATUS.check_move(old_status, status, message=lambda: INVALID_TRANSITION_MESSAGE.format(
        outage_id=outage.outage_id, status=outage.get_status_display().lower(),
        target=Outage.Status(status).label.lower()))
    now = timezone.now()
    outage.status = status
    if status == Outage.Status.CONFIRMED and outage.confirmed_at is None:
        outage.confirmed_at = now
    if status == Outage.Status.CREW_DISPATCHED:
        outage.confirmed_at = outage.confirmed_at or now
        outage.dispatched_at = outage.dispatched_at or now
    if estimated_restoration is not None:
        outage.estimated_restoration = estimated_restoration
    if cause:
        outage.cause = cause.strip()
    if note:
        outage.description = f"{outage.description}\n{note.strip()}".strip()
    outage.updated_by = actor
    outage.save()
    return OutageChange(outage=outage, old_status=old_status, changed=True)


@transaction.atomic
def outage_resolve(*, outage_id: str, actor: str, note: str = "") -> OutageChange:
    """Mark an outage resolved; resolving it again changes nothing and announces nothing."""
    outage = outage_lock(outage_id=outage_id_normalize(outage_id))
    old_status = outage.status
    if old_status == Outage.Status.RESOLVED:
        return OutageChange(outage=outage, old_status=old_status, changed=False)
    outage.status = Outage.Status.RESOLVED
    outage.resolved_at = timezone.now()
    outage.resolution_note = note.strip()
    outage.updated_by = actor
    outage.save(update_fields=["status", "resolved_at", "resolution_note", "updated_by"])
    event_emit(type="outage.resolved", domain=DOMAIN, data={
        "outage_id": outage.outage_id, "service_type": outage.service_type, "report_count": outage.report_count,
    })
    return OutageChange(outage=outage, old_status=old_status, changed=True)


def service_request_create(*, request_type: str, description: str, actor: str, account_number: str | None = None,
                           address: str | None = None, service_type: str | None = None, contact: str = "",
                           idempotency_key: str | None = None) -> ServiceRequestResult:
    """Open a service request for an account or an address; a retried key returns the first request."""
    if idempotency_key:
        existing = ServiceRequest.objects.select_related("account").filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return ServiceRequestResult(request=existing, replayed=True)
    try:
        return _service_request_create(request_type=request_type, description=description, actor=actor,
                                       account_number=account_number, address=address, service_type=service_type,
                                       contact=contact, idempotency_key=idempotency_key)
    except IntegrityError:
        if not idempotency_key:
            raise
        # A concurrent retry with the same key committed first: answer with its request.
        return ServiceRequestResult(request=ServiceRequest.objects.get(idempotency_key=idempotency_key), replayed=True)


@transaction.atomic
def _service_request_create(*, request_type, description, actor, account_number, address, service_type, contact,
                            idempotency_key) -> ServiceRequestResult:
    account = account_get(account_number=account_number) if account_number else None
    if account is not None and account.status == Account.Status.CLOSED and not address:
        raise ServiceError(UtilitiesErrorCode.ACCOUNT_CLOSED,
                           ACCOUNT_CLOSED_MESSAGE.format(account_number=account.account_number),
                           field="account_number")
    # A closed account's old services say nothing about the address any more.
    active = account if account is not None and account.status == Account.Status.ACTIVE else None
    service_type = _service_type_checked(active, service_type, request_type)
    if address:
        place = address_resolve(address=address)
        where = (place.name, place.latitude, place.longitude)
    else:
        where = (account.service_address, account.latitude, account.longitude)
    now = timezone.now()
    today = timezone.localdate(now)
    request = ServiceRequest.objects.create(
        reference=reference_allocate(prefix="SR", year=today.year),
        account=account, service_type=service_type, request_type=request_type,
        address=where[0], latitude=where[1], longitude=where[2],
        description=description.strip(), contact=contact.strip(),
        priority=(ServiceRequest.Priority.URGENT if request_type in URGENT_REQUESTS
                  else ServiceRequest.Priority.NORMAL),
        respond_by=business_days_after(today, RESPONSE_BUSINESS_DAYS[RequestType(request_type)]),
        created_at=now, idempotency_key=idempotency_key or None, created_by=actor,
    )
    event_emit(type="service_request.created", domain=DOMAIN, data={
        "reference": request.reference, "service_type": service_type, "request_type": request_type,
        "account_number": account.account_number if account else None,
    })
    return ServiceRequestResult(request=request)


def _service_type_checked(account: Account | None, service_type: str | None, request_type: str) -> str:
    """Return the service a request is about, inferred from a one-service account if not given."""
    services = [s.service_type for s in account.services.all()] if account else []
    if not service_type:
        if len(services) == 1 and request_type != RequestType.START_SERVICE:
            return services[0]
        choices = ", ".join(services if services and request_type != RequestType.START_SERVICE
                            else ServiceType.values)
        raise ServiceError(UtilitiesErrorCode.SERVICE_TYPE_REQUIRED,
                           SERVICE_TYPE_REQUIRED_MESSAGE.format(choices=choices), field="service_type")
    if account is None:
        return service_type
    if request_type == RequestType.START_SERVICE and service_type in services:
        raise ServiceError(UtilitiesErrorCode.SERVICE_ALREADY_ON_ACCOUNT, SERVICE_ALREADY_ON_ACCOUNT_MESSAGE.format(
            account_number=account.account_number, service=service_label(service_type).lower()),
            field="service_type")
    if request_type != RequestType.START_SERVICE and service_type not in services:
        raise ServiceError(UtilitiesErrorCode.SERVICE_NOT_ON_ACCOUNT, SERVICE_NOT_ON_ACCOUNT_MESSAGE.format(
            account_number=account.account_number, service=service_label(service_type).lower(),
            services=", ".join(services) or "none"), field="service_type")
    return service_type


REQUEST_TRANSITIONS = {
    ServiceRequest.Status.OPEN: (ServiceRequest.Status.SCHEDULED, ServiceRequest.Status.IN_PROGRESS,
                                 ServiceRequest.Status.COMPLETED, ServiceRequest.Status.CANCELLED),
    ServiceRequest.Status.SCHEDULED: (ServiceRequest.Status.IN_PROGRESS, ServiceRequest.Status.COMPLETED,
                                      ServiceRequest.Status.CANCELLED),
    ServiceRequest.Status.IN_PROGRESS: (ServiceRequest.Status.COMPLETED, ServiceRequest.Status.CANCELLED),
    ServiceRequest.Status.COMPLETED: (),
    ServiceRequest.Status.CANCELLED: (),
}
REQUEST_STATUS = StatusMachine(
    transitions=REQUEST_TRANSITIONS, error_code=UtilitiesErrorCode.INVALID_TRANSITION, timeline=ServiceRequestUpdate,
    domain=DOMAIN, event="service_request.status_changed", emit=event_emit,
    event_data=lambda request, old_status, status: {
        "reference": request.reference, "service_type": request.service_type, "request_type": request.request_type,
        "old_status": old_status, "status": status},
)


@transaction.atomic
def service_request_status_update(*, reference: str, status: str, actor: str, note: str = "") -> ServiceRequest:
    """Move a service request along (staff); the same status again changes nothing.

    Each move leaves a dated timeline row, which track_service_request shows the requester.
    """
    request = service_request_lock(reference=reference_normalize(reference))
    REQUEST_STATUS.check_move(request.status, status, message=lambda: REQUEST_TRANSITION_MESSAGE.format(
        reference=request.reference, status=request.get_status_display().lower(),
        target=ServiceRequest.Status(status).label.lower()))
    if status != request.status:
        old_status, request.status = request.status, status
        request.updated_by = actor
        request.save(update_fields=["status", "updated_by"])
        REQUEST_STATUS.record(request, status=status, actor=actor, note=note.strip(), old_status=old_status)
    return request


# Bill payments live in their own module (the intent / charge / settle steps); re-exported here.
from apps.utilities.payments import BillPaymentOutcome, bill_pay  # noqa: E402,F401
