"""Writes on inspections: book the next free slot, record a result, cancel.

Booking locks the application, then every active inspector (in key order), so two
concurrent bookings see each other's slot; the partial unique constraint on
(inspector, slot) is the last line of defence.
"""
import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from apps.core.errors import ServiceError
from apps.events.services import event_emit
from apps.permits import workflow
from apps.permits.errors import (
    INSPECTION_ALREADY_PASSED_MESSAGE,
    INSPECTION_NOT_SCHEDULED_MESSAGE,
    INSPECTION_OUT_OF_ORDER_MESSAGE,
    INSPECTION_OUT_OF_ORDER_PENDING_MESSAGE,
    INSPECTIONS_CLOSED_MESSAGE,
    NO_INSPECTION_SLOT_MESSAGE,
    NOT_ISSUED_MESSAGE,
    PREFERRED_DATE_PAST_MESSAGE,
    PREFERRED_DATE_TOO_FAR_MESSAGE,
    UNKNOWN_INSPECTION_TYPE_MESSAGE,
    PermitErrorCode,
)
from apps.permits.locks import application_lock, inspectors_lock
from apps.permits.models import (
    Inspection,
    InspectionClosure,
    InspectionType,
    InspectorAbsence,
    PermitApplication,
)
from apps.permits.rules import normalize_term
from apps.permits.scheduling import business_days, first_free_slot, next_business_day, slot_times
from apps.permits.selectors.applications import normalize_reference
from apps.permits.services.applications import record_transition
from apps.permits.text import indefinite

Status = PermitApplication.Status


@dataclass(frozen=True)
class Booking:
    """The outcome of a scheduling request."""

    inspection: Inspection
    created: bool  # False when an existing booking was returned (a retried request)
    earliest_day: dt.date  # the first day searched
    preferred_date: dt.date | None


def _check_preferred_date(preferred: dt.date | None, today: dt.date, last_day: dt.date) -> None:
    if preferred is None:
        return
    if preferred < today:
        raise ServiceError(PermitErrorCode.PREFERRED_DATE_PAST,
                           PREFERRED_DATE_PAST_MESSAGE.format(date=preferred.isoformat()), field="preferred_date")
    if preferred > last_day:
        raise ServiceError(
            PermitErrorCode.PREFERRED_DATE_TOO_FAR,
            PREFERRED_DATE_TOO_FAR_MESSAGE.format(date=preferred.isoformat(),
                                                  days=settings.PERMITS_INSPECTION_HORIZON_DAYS,
                                                  last=last_day.isoformat()),
            field="preferred_date")


def _check_inspectable(application: PermitApplication) -> None:
    if application.status in workflow.INSPECTABLE:
        return
    message = INSPECTIONS_CLOSED_MESSAGE if workflow.is_final(application.status) else NOT_ISSUED_MESSAGE
    raise ServiceError(PermitErrorCode.NOT_ISSUED,
                       message.format(reference=application.reference, status=workflow.label(application.status)),
                       field="reference", details={"status": application.status})


def inspection_bookable_check(*, application: PermitApplication) -> None:
    """Refuse, as inspection_schedule would, an application that cannot have inspections booked."""
    _check_inspectable(application)


def _inspection_type(application: PermitApplication, code: str, kinds: list[InspectionType]) -> InspectionType:
    key = normalize_term(code)
    found = next((kind for kind in kinds if kind.code == key), None)
    if found is None:
        name = indefinite(application.permit_type.name)
        raise ServiceError(
            PermitErrorCode.UNKNOWN_INSPECTION_TYPE,
            UNKNOWN_INSPECTION_TYPE_MESSAGE.format(permit=name[0].upper() + name[1:], code=code.strip(),
                                                   valid=", ".join(kind.code for kind in kinds)),
            field="inspection_type", details={"valid_inspection_types": [kind.code for kind in kinds]},
        )
    return found


def _check_order(application: PermitApplication, kind: InspectionType, kinds: list[InspectionType]) -> None:
    """Refuse an inspection while a required one earlier in the type's order has not passed.

    The catalogue lists each permit type's inspections in the order work reaches them
    (foundation, framing, final); a final inspection of a deck whose foundation nobody has
    seen is no inspection at all. Optional inspections never block the ones after them.
    """
    earlier = [k for k in kinds[:kinds.index(kind)] if k.required]
    if not earlier:
        return
    states = {}
    for inspection in application.inspections.exclude(status=Inspection.Status.CANCELLED):
        if states.get(inspection.inspection_type_id) != Inspection.Status.PASSED:
            states[inspection.inspection_type_id] = inspection
    passed = {pk for pk, inspection in states.items() if inspection.status == Inspection.Status.PASSED}
    first = next((k for k in earlier if k.pk not in passed), None)
    if first is None:
        return
    order = " → ".join(k.name.lower() for k in kinds if k.required or k == kind)
    fields = {"inspection": kind.name.lower(), "reference": application.reference, "first": first.name.lower(),
              "first_code": first.code, "order": order}
    pending = states.get(first.pk)
    if pending is not None and pending.status == Inspection.Status.SCHEDULED:
        message = INSPECTION_OUT_OF_ORDER_PENDING_MESSAGE.format(
            **fields, when=f"{timezone.localtime(pending.scheduled_for):%Y-%m-%d %H:%M}")
    else:
        message = INSPECTION_OUT_OF_ORDER_MESSAGE.format(**fields)
    raise ServiceError(PermitErrorCode.INSPECTION_OUT_OF_ORDER, message, field="inspection_type",
                       details={"must_pass_first": first.code})


def _find_slot(first_day: dt.date, last_day: dt.date, closures: set, inspector_ids: list[int]):
    days = business_days(first_day, last_day, closures)
    window_start = timezone.make_aware(dt.datetime.combine(first_day, dt.time.min))
    window_end = timezone.make_aware(dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time.min))
    booked = set(
        Inspection.objects.filter(scheduled_for__gte=window_start, scheduled_for__lt=window_end,
                                  inspector_id__in=inspector_ids)
        .exclude(status=Inspection.Status.CANCELLED)
        .values_list("inspector_id", "scheduled_for")
    )
    absent = set(InspectorAbsence.objects.filter(date__gte=first_day, date__lte=last_day,
                                                 inspector_id__in=inspector_ids).values_list("inspector_id", "date"))
    return first_free_slot(days=days, times=slot_times(), inspector_ids=inspector_ids, booked=booked, absent=absent)


def inspection_schedule(*, reference: str, inspection_type: str, preferred_date: dt.date | None = None,
                        actor: str = "") -> Booking:
    """Book the next free business-day slot on or after the preferred date for an issued permit."""
    today = timezone.localdate()
    last_day = today + dt.timedelta(days=settings.PERMITS_INSPECTION_HORIZON_DAYS)
    _check_preferred_date(preferred_date, today, last_day)
    with transaction.atomic():
        application = application_lock(reference=normalize_reference(reference))
        _check_inspectable(application)
        kinds = list(application.permit_type.inspection_types.all())  # in the type's order
        kind = _inspection_type(application, inspection_type, kinds)
        mine = list(Inspection.objects.filter(application=application, inspection_type=kind)
                    .exclude(status=Inspection.Status.CANCELLED)
                    .select_related("inspector", "inspection_type", "application__permit_type"))
        pending = next((i for i in mine if i.status == Inspection.Status.SCHEDULED), None)
        closures = set(InspectionClosure.objects.filter(date__gte=today, date__lte=last_day)
                       .values_list("date", flat=True))
        earliest = next_business_day(today, closures)
        first_day = max(earliest, preferred_date) if preferred_date else earliest
        if pending is not None:
            return Booking(inspection=pending, created=False, earliest_day=first_day, preferred_date=preferred_date)
        passed = next((i for i in mine if i.status == Inspection.Status.PASSED), None)
        if passed is not None:
            raise ServiceError(PermitErrorCode.INSPECTION_ALREADY_PASSED, INSPECTION_ALREADY_PASSED_MESSAGE.format(
                inspection=kind.name.lower(), reference=application.reference,
                date=timezone.localdate(passed.completed_at or passed.scheduled_for).isoformat()),
                field="inspection_type")
        _check_order(application, kind, kinds)
        inspectors = inspectors_lock()
        slot = _find_slot(first_day, last_day, closures, [i.pk for i in inspectors])
        if slot is None:
            raise ServiceError(PermitErrorCode.NO_INSPECTION_SLOT, NO_INSPECTION_SLOT_MESSAGE.format(
                first=first_day.isoformat(), last=last_day.isoformat()), field="preferred_date")
        inspector = next(i for i in inspectors if i.pk == slot.inspector_id)
        inspection = Inspection.objects.create(application=application, inspection_type=kind, inspector=inspector,
                                               scheduled_for=slot.starts_at, requested_by=actor)
        if application.status == Status.ISSUED:
            when = timezone.localtime(slot.starts_at)
            record_transition(application, target=Status.INSPECTIONS, actor=actor,
                              note=f"{kind.name} inspection scheduled for {when:%Y-%m-%d %H:%M}.")
        event_emit(type="inspection.scheduled", domain="permits", data={
            "reference": application.reference, "inspection_type": kind.code,
            "scheduled_for": timezone.localtime(slot.starts_at).isoformat(), "inspector": inspector.name,
        })
    return Booking(inspection=inspection, created=True, earliest_day=first_day, preferred_date=preferred_date)


def _scheduled_inspection(inspection_id: int, action: str) -> Inspection:
    inspection = (Inspection.objects.select_for_update(of=("self",))
                  .select_related("application", "inspection_type").get(pk=inspection_id))
    if inspection.status != Inspection.Status.SCHEDULED:
        raise ServiceError(PermitErrorCode.INSPECTION_NOT_SCHEDULED, INSPECTION_NOT_SCHEDULED_MESSAGE.format(
            inspection_id=inspection.pk, status=inspection.get_status_display().lower(), action=action))
    return inspection


@transaction.atomic
def inspection_record_result(*, inspection_id: int, passed: bool, note: str = "", actor: str = "") -> Inspection:
    """Record an inspector's pass or fail on a scheduled inspection."""
    inspection = _scheduled_inspection(inspection_id, "passed or failed")
    inspection.status = Inspection.Status.PASSED if passed else Inspection.Status.FAILED
    inspection.result_note = note.strip()
    inspection.completed_at = timezone.now()
    inspection.save(update_fields=["status", "result_note", "completed_at"])
    return inspection


@transaction.atomic
def inspection_cancel(*, inspection_id: int, note: str = "", actor: str = "") -> Inspection:
    """Cancel a scheduled inspection, freeing its slot."""
    inspection = _scheduled_inspection(inspection_id, "cancelled")
    inspection.status = Inspection.Status.CANCELLED
    inspection.result_note = note.strip()
    inspection.save(update_fields=["status", "result_note"])
    return inspection
