"""Writes for environmental services: bulk pickups and environmental reports, each atomic."""
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from apps.accounts.access_codes import access_code_matches
from apps.core.business_days import business_days_after
from apps.core.errors import ServiceError
from apps.core.money import to_money
from apps.core.status_machine import StatusMachine
from apps.core.wording import day_text, money_text
from apps.environmental.catalogue import REPORT_PRIORITY, RESPONSE_BUSINESS_DAYS, ReportType
from apps.environmental.collection_days import bulk_days
from apps.environmental.errors import (
    DATE_IN_PAST_MESSAGE,
    INFO_ON_CLOSED_MESSAGE,
    INVALID_TRANSITION_MESSAGE,
    ITEM_ELSEWHERE_PHONE,
    ITEM_ELSEWHERE_PROGRAM,
    ITEM_NOT_ACCEPTED_MESSAGE,
    ITEM_UNKNOWN_MESSAGE,
    NO_PICKUP_SLOT_MESSAGE,
    PICKUP_DAY_PASSED_MESSAGE,
    PICKUP_NOT_CANCELLABLE_MESSAGE,
    PICKUP_NOT_OWNER_MESSAGE,
    REPORT_NOT_OWNER_MESSAGE,
    EnvironmentalErrorCode,
)
from apps.environmental.locks import (
    bulk_pickup_lock,
    pickup_address_lock,
    pickup_slot_lock,
    reference_allocate,
    report_lock,
)
from apps.environmental.models import (
    BulkPickup,
    BulkPickupUpdate,
    EnvironmentalReport,
    EnvironmentalReportUpdate,
    PickupSlot,
)
from apps.environmental.selectors import (
    bulk_earliest,
    ItemRefusal,
    bulk_item_refusal,
    collection_area_for,
    holidays_between,
    place_for,
    reference_normalize,
)
from apps.events.services import event_emit
from apps.places.normalize import place_key

DOMAIN = "environmental"

REPORT_TRANSITIONS = {
    EnvironmentalReport.Status.FILED: (EnvironmentalReport.Status.INVESTIGATING, EnvironmentalReport.Status.RESOLVED,
                                       EnvironmentalReport.Status.CLOSED),
    EnvironmentalReport.Status.INVESTIGATING: (EnvironmentalReport.Status.RESOLVED, EnvironmentalReport.Status.CLOSED),
    EnvironmentalReport.Status.RESOLVED: (EnvironmentalReport.Status.CLOSED,),
    EnvironmentalReport.Status.CLOSED: (),
}
PICKUP_TRANSITIONS = {
    BulkPickup.Status.SCHEDULED: (BulkPickup.Status.COMPLETED, BulkPickup.Status.MISSED, BulkPickup.Status.CANCELLED),
    BulkPickup.Status.COMPLETED: (),
    BulkPickup.Status.MISSED: (),
    BulkPickup.Status.CANCELLED: (),
}
REPORT_STATUS = StatusMachine(
    transitions=REPORT_TRANSITIONS, error_code=EnvironmentalErrorCode.INVALID_TRANSITION,
    timeline=EnvironmentalReportUpdate, domain=DOMAIN, event="environmental_report.status_changed", emit=event_emit,
    event_data=lambda report, old_status, status: {
        "reference": report.reference, "report_type": report.report_type, "old_status": old_status,
        "status": status},
)
PICKUP_STATUS = StatusMachine(transitions=PICKUP_TRANSITIONS, error_code=EnvironmentalErrorCode.INVALID_TRANSITION,
                              timeline=BulkPickupUpdate)


@dataclass
class PickupBooking:
    """A booked pickup, whether it came back from a retried key, and the date asked for."""

    pickup: BulkPickup
    preferred_date: date | None = None
    replayed: bool = False
    free_used: int = 0
    moved_reason: str | None = None  # why not the preferred date: too_soon, not_bulk_day, holiday, full


@dataclass
class PickupCancellation:
    """A cancel request's outcome: the pickup, and whether this call cancelled it (False: it already was)."""

    pickup: BulkPickup
    changed: bool


@dataclass
class ReportFiling:
    report: EnvironmentalReport
    replayed: bool = False


def bulk_pickup_schedule(*, address: str, items: list[str], actor: str, preferred_date: date | None = None,
                         contact: str = "", idempotency_key: str | None = None) -> PickupBooking:
    """Book a bulk pickup on the first bulk day with room, on or after the preferred date.

    A retried key returns the first booking. The booking itself is atomic (_bulk_pickup_schedule);
    this wrapper stays outside the transaction to answer a concurrent retry that lost the race.
    """
    if idempotency_key:
        existing = BulkPickup.objects.select_related("area").filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return PickupBooking(pickup=existing, preferred_date=preferred_date, replayed=True)
    try:
        return _bulk_pickup_schedule(address=address, items=items, actor=actor, preferred_date=preferred_date,
                                     contact=contact, idempotency_key=idempotency_key)
    except IntegrityError:
        if not idempotency_key:
            raise
        existing = BulkPickup.objects.select_related("area").get(idempotency_key=idempotency_key)
        return PickupBooking(pickup=existing, preferred_date=preferred_date, replayed=True)


@transaction.atomic
def _bulk_pickup_schedule(*, address, items, actor, preferred_date, contact, idempotency_key) -> PickupBooking:
    today = timezone.localdate()
    if preferred_date is not None and preferred_date < today:
        raise ServiceError(EnvironmentalErrorCode.DATE_IN_PAST,
                           DATE_IN_PAST_MESSAGE.format(date=preferred_date.isoformat()), field="preferred_date")
    items = [item.strip() for item in items]
    refused = bulk_item_refusal(items=items)
    if refused is not None:
        raise _item_refused(refused)
    place = place_for(query=address, field_name="address")
    area, _ = collection_area_for(place=place)
    who = pickup_address_lock(key=place_key(place.name), address=place.name)
    start = max(bulk_earliest(today), preferred_date or today)
    weeks = settings.ENVIRONMENTAL_BULK_HORIZON_WEEKS
    slot = None
    for day in bulk_days(start=start, weekday=area.bulk_weekday, weeks=weeks,
                         holidays=holidays_between(start, start + timedelta(weeks=weeks))):
        candidate = pickup_slot_lock(area=area, day=day)
        if candidate.booked < candidate.capacity:
            slot = candidate
            break
    if slot is None:
        raise ServiceError(EnvironmentalErrorCode.NO_PICKUP_SLOT, NO_PICKUP_SLOT_MESSAGE.format(
            area=area.name, weeks=weeks, date=start.isoformat(), phone=settings.ENVIRONMENTAL_PHONE),
            field="preferred_date")
    PickupSlot.objects.filter(pk=slot.pk).update(booked=F("booked") + 1)
    moved = _moved_reason(preferred_date, slot.date, area=area, earliest=bulk_earliest(today))
    used = who.pickups.filter(scheduled_for__year=slot.date.year).exclude(status=BulkPickup.Status.CANCELLED).count()
    fee = to_money(0) if used < settings.ENVIRONMENTAL_BULK_FREE_PER_YEAR else bulk_fee()
    pickup = BulkPickup.objects.create(
        reference=reference_allocate(prefix="BP", year=today.year), area=area, slot=slot, pickup_address=who,
        address=place.name, items=items, item_count=len(items), scheduled_for=slot.date, fee=fee,
        contact=contact.strip(), created_by=actor, idempotency_key=idempotency_key or None,
    )
    event_emit(type="pickup.scheduled", domain=DOMAIN, data={
        "reference": pickup.reference, "address": pickup.address, "scheduled_for": pickup.scheduled_for,
        "area": area.code, "item_count": pickup.item_count, "fee": pickup.fee,
    })
    PICKUP_STATUS.record(pickup, status=pickup.status, actor=actor, note=f"Pickup booked for {day_text(slot.date)}.")
    return PickupBooking(pickup=pickup, preferred_date=preferred_date, free_used=used + 1, moved_reason=moved)


def _item_refused(refused: ItemRefusal) -> ServiceError:
    """The refusal of an item: the rule's own instructions, or the accepted list and where the rest goes."""
    details = {"item": refused.item, "accepted_items": refused.accepted}
    if refused.rule is not None:
        return ServiceError(EnvironmentalErrorCode.ITEM_NOT_ACCEPTED, ITEM_NOT_ACCEPTED_MESSAGE.format(
            item=refused.item, instructions=refused.rule.instructions), field="items", details=details)
    elsewhere = " ".join([ITEM_ELSEWHERE_PROGRAM.format(name=program.name, how=program.how_to_apply)
                          for program in refused.elsewhere]
                         + [ITEM_ELSEWHERE_PHONE.format(phone=settings.ENVIRONMENTAL_PHONE)])
    details["elsewhere"] = [program.slug for program in refused.elsewhere]
    return ServiceError(EnvironmentalErrorCode.ITEM_NOT_ACCEPTED, ITEM_UNKNOWN_MESSAGE.format(
        item=refused.item, accepted=", ".join(refused.accepted), elsewhere=elsewhere), field="items",
        details=details)


def _moved_reason(preferred: date | None, booked: date, *, area, earliest: date) -> str | None:
    """Say why the pickup is not on the preferred date, from the facts that decided it."""
    if preferred is None or preferred == booked:
        return None
    if preferred < earliest:
        return "too_soon"
    if preferred.weekday() != area.bulk_weekday:
        return "not_bulk_day"
    if holidays_between(preferred, preferred):
        return "holiday"
    return "full"


def bulk_pickup_cancel(*, reference: str, access_code: str | None, actor: str) -> PickupCancellation:
    """Cancel a booked pickup for its owner until the day before; a second cancel changes nothing.

    The slot's place is given back in the same transaction, under the pickup's row lock, so
    a cancel racing a staff "completed" applies one after the other.
    """
    with transaction.atomic():
        pickup = bulk_pickup_lock(reference=reference_normalize(reference))
        if not access_code_matches(pickup, access_code):
            raise ServiceError(EnvironmentalErrorCode.NOT_OWNER, PICKUP_NOT_OWNER_MESSAGE.format(
                reference=pickup.reference, phone=settings.ENVIRONMENTAL_PHONE), field="access_code")
        if pickup.status == BulkPickup.Status.CANCELLED:
            return PickupCancellation(pickup=pickup, changed=False)
        if pickup.status != BulkPickup.Status.SCHEDULED:
            why = ("the crew collected the items; there is nothing to cancel."
                   if pickup.status == BulkPickup.Status.COMPLETED
                   else "the crew found no items out on the day; book a new pickup if they are still there.")
            raise ServiceError(EnvironmentalErrorCode.PICKUP_NOT_CANCELLABLE, PICKUP_NOT_CANCELLABLE_MESSAGE.format(
                reference=pickup.reference, status=pickup.get_status_display().lower(), why=why), field="reference")
        if pickup.scheduled_for <= timezone.localdate():
            raise ServiceError(EnvironmentalErrorCode.PICKUP_NOT_CANCELLABLE, PICKUP_DAY_PASSED_MESSAGE.format(
                reference=pickup.reference, day=day_text(pickup.scheduled_for), phone=settings.ENVIRONMENTAL_PHONE),
                field="reference")
        PickupSlot.objects.filter(pk=pickup.slot_id).update(booked=F("booked") - 1)
        pickup.status = BulkPickup.Status.CANCELLED
        pickup.save(update_fields=["status"])
        # Booking takes no payment, so a cancel has nothing to refund.
        fee = (f" Nothing was charged at booking, so nothing is refunded; the {money_text(pickup.fee)} fee no "
               "longer applies." if pickup.fee else " It no longer counts toward the year's free pickups.")
        PICKUP_STATUS.record(pickup, status=pickup.status, actor=actor, note=f"Cancelled by the resident.{fee}")
        event_emit(type="pickup.cancelled", domain=DOMAIN, data={
            "reference": pickup.reference, "scheduled_for": pickup.scheduled_for, "area": pickup.area.code,
            "fee": pickup.fee})
        return PickupCancellation(pickup=pickup, changed=True)


def bulk_fee() -> Decimal:
    """Return the fee of a pickup beyond the free ones of the year."""
    return to_money(Decimal(settings.ENVIRONMENTAL_BULK_FEE_CENTS) / 100)


@transaction.atomic
def bulk_pickup_status_update(*, reference: str, status: str, actor: str) -> BulkPickup:
    """Record a pickup done, missed or cancelled (staff); cancelling frees its place on the day."""
    pickup = bulk_pickup_lock(reference=reference_normalize(reference))
    if status == pickup.status:
        return pickup
    PICKUP_STATUS.check_move(pickup.status, status, message=lambda: INVALID_TRANSITION_MESSAGE.format(
        kind="Bulk pickup", reference=pickup.reference, status=pickup.get_status_display().lower(),
        target=BulkPickup.Status(status).label.lower()))
    if status == BulkPickup.Status.CANCELLED:
        PickupSlot.objects.filter(pk=pickup.slot_id).update(booked=F("booked") - 1)
    pickup.status = status
    pickup.save(update_fields=["status"])
    PICKUP_STATUS.record(pickup, status=status, actor=actor)
    return pickup


def environmental_report_file(*, report_type: str, location: str, description: str, actor: str, contact: str = "",
                              idempotency_key: str | None = None) -> ReportFiling:
    """File an environmental report with its priority and response date; a retried key files once."""
    if idempotency_key:
        existing = EnvironmentalReport.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return ReportFiling(report=existing, replayed=True)
    try:
        return _environmental_report_file(report_type=report_type, location=location, description=description,
                                          actor=actor, contact=contact, idempotency_key=idempotency_key)
    except IntegrityError:
        if not idempotency_key:
            raise
        return ReportFiling(report=EnvironmentalReport.objects.get(idempotency_key=idempotency_key), replayed=True)


@transaction.atomic
def _environmental_report_file(*, report_type, location, description, actor, contact,
                               idempotency_key) -> ReportFiling:
    place = place_for(query=location, field_name="location")
    now = timezone.now()
    today = timezone.localdate(now)
    kind = ReportType(report_type)
    report = EnvironmentalReport.objects.create(
        reference=reference_allocate(prefix="ENV", year=today.year), report_type=report_type,
        priority=REPORT_PRIORITY[kind], location=place.name, latitude=place.latitude, longitude=place.longitude,
        description=description.strip(), contact=contact.strip(),
        respond_by=business_days_after(today, RESPONSE_BUSINESS_DAYS[kind]), filed_at=now, filed_by=actor,
        idempotency_key=idempotency_key or None,
    )
    REPORT_STATUS.record(report, status=report.status, actor=actor, at=now, note="Report filed.")
    event_emit(type="environmental_report.filed", domain=DOMAIN, data={
        "reference": report.reference, "report_type": report_type, "location": report.location,
        "priority": report.priority,
    })
    return ReportFiling(report=report)


@transaction.atomic
def environmental_report_status_update(*, reference: str, status: str, actor: str,
                                       note: str = "") -> EnvironmentalReport:
    """Move a report along (staff); the same status again changes nothing."""
    report = report_lock(reference=reference_normalize(reference))
    if status == report.status:
        return report
    REPORT_STATUS.check_move(report.status, status, message=lambda: INVALID_TRANSITION_MESSAGE.format(
        kind="Report", reference=report.reference, status=report.get_status_display().lower(),
        target=EnvironmentalReport.Status(status).label.lower()))
    now = timezone.now()
    old_status, report.status = report.status, status
    if status == EnvironmentalReport.Status.RESOLVED:
        report.resolved_at = now
        report.resolution_note = note.strip()
    elif status == EnvironmentalReport.Status.CLOSED and note.strip():
        report.resolution_note = note.strip()  # why it was closed: the resident reads it when tracking
    report.save(update_fields=["status", "resolved_at", "resolution_note"])
    REPORT_STATUS.record(report, status=status, note=note.strip(), actor=actor, at=now, old_status=old_status)
    return report


@transaction.atomic
def environmental_report_info_add(*, reference: str, access_code: str | None, text: str,
                                  actor: str) -> EnvironmentalReport:
    """Add the filer's further information to their open report: a timeline entry and an event."""
    report = report_lock(reference=reference_normalize(reference))
    if not access_code_matches(report, access_code):
        raise ServiceError(EnvironmentalErrorCode.NOT_OWNER, REPORT_NOT_OWNER_MESSAGE.format(
            reference=report.reference), field="access_code")
    if report.status == EnvironmentalReport.Status.CLOSED:
        raise ServiceError(EnvironmentalErrorCode.REPORT_CLOSED, INFO_ON_CLOSED_MESSAGE.format(
            reference=report.reference), field="reference")
    REPORT_STATUS.record(report, status=report.status, actor=actor, note=f"Resident added: {text.strip()}")
    event_emit(type="environmental_report.info_added", domain=DOMAIN, data={
        "reference": report.reference, "report_type": report.report_type, "status": report.status})
    return report
