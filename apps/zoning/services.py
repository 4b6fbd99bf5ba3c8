"""Writes for zoning: variance applications from submission to decision, each step atomic."""
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.core.errors import ServiceError
from apps.core.status_machine import StatusMachine
from apps.core.wording import day_text, when_text
from apps.events.services import event_emit
from apps.places.normalize import place_key
from apps.zoning.catalogue import VARIANCE_FEES, VarianceType
from apps.zoning.errors import (
    ALREADY_DECIDED_MESSAGE,
    HEARING_NOT_HELD_MESSAGE,
    INVALID_TRANSITION_MESSAGE,
    NOT_DECIDABLE_MESSAGE,
    PARKING_SPACES_NEEDED_MESSAGE,
    PARKING_SPACES_NOT_APPLICABLE_MESSAGE,
    ZoningErrorCode,
)
from apps.zoning.hearings import hearing_date_for
from apps.zoning.locks import reference_allocate, variance_lock
from apps.zoning.models import DECIDED_STATUSES, OPEN_STATUSES, VARIANCE_TRANSITIONS, Variance, VarianceUpdate
from apps.zoning.selectors import property_zoning, reference_normalize

DOMAIN = "zoning"


def _variance_event_data(variance: Variance, old_status: str, status: str) -> dict:
    """What variance.status_changed carries: the move, and for a decision what the Board decided.

    A decision is a status move (approved or denied), so its fields ride on the same event
    rather than a second one; other moves have no decision to tell.
    """
    data = {"reference": variance.reference, "variance_type": variance.variance_type, "old_status": old_status,
            "status": status}
    if status in DECIDED_STATUSES:
        data.update(decided_at=variance.decided_at, decision_note=variance.decision_note,
                    parking_spaces_required=variance.parking_spaces_required)
    return data


VARIANCE_STATUS = StatusMachine(transitions=VARIANCE_TRANSITIONS, error_code=ZoningErrorCode.INVALID_TRANSITION,
                                timeline=VarianceUpdate, domain=DOMAIN, event="variance.status_changed",
                                emit=event_emit, event_data=_variance_event_data)


@dataclass
class VarianceSubmission:
    variance: Variance
    replayed: bool = False


@dataclass
class VarianceChange:
    variance: Variance
    old_status: str
    changed: bool


def variance_submit(*, property_address: str, variance_type: str, description: str, applicant: str, actor: str,
                    contact: str = "", idempotency_key: str | None = None) -> VarianceSubmission:
    """Submit a variance application; a retried key returns the first application.

    The submission itself is atomic (_variance_submit); this wrapper stays outside the
    transaction so it can answer a concurrent retry that lost the race on the key.
    """
    if idempotency_key:
        existing = variance_by_key(idempotency_key)
        if existing is not None:
            return VarianceSubmission(variance=existing, replayed=True)
    try:
        return _variance_submit(property_address=property_address, variance_type=variance_type,
                                description=description, applicant=applicant, actor=actor, contact=contact,
                                idempotency_key=idempotency_key)
    except IntegrityError:
        if not idempotency_key:
            raise
        return VarianceSubmission(variance=variance_by_key(idempotency_key), replayed=True)


def variance_by_key(idempotency_key: str) -> Variance | None:
    return Variance.objects.select_related("district", "parcel").filter(idempotency_key=idempotency_key).first()


@transaction.atomic
def _variance_submit(*, property_address, variance_type, description, applicant, actor, contact,
                     idempotency_key) -> VarianceSubmission:
    zoning = property_zoning(property_address=property_address)
    now = timezone.now()
    today = timezone.localdate(now)
    variance = Variance.objects.create(
        reference=reference_allocate(prefix="VAR", year=today.year),
        variance_type=variance_type, property_address=zoning.place.name, address_key=place_key(zoning.place.name),
        parcel=zoning.parcel, district=zoning.district, description=description.strip(),
        applicant=applicant.strip(), contact=contact.strip(), fee=VARIANCE_FEES[VarianceType(variance_type)],
        hearing_date=hearing_date_for(today, notice_days=settings.ZONING_HEARING_NOTICE_DAYS),
        submitted_at=now, submitted_by=actor, idempotency_key=idempotency_key or None,
    )
    VARIANCE_STATUS.record(variance, status=variance.status, actor=actor, at=now,
                           note=f"Application submitted; hearing set for {variance.hearing_date:%B} "
                                f"{variance.hearing_date.day}, {variance.hearing_date.year}.")
    event_emit(type="variance.submitted", domain=DOMAIN, data={
        "reference": variance.reference, "parcel": zoning.parcel.parcel_number if zoning.parcel else None,
        "variance_type": variance_type, "property_address": variance.property_address,
        "district": zoning.district.code, "hearing_date": variance.hearing_date,
    })
    return VarianceSubmission(variance=variance)


@transaction.atomic
def variance_review_start(*, reference: str, actor: str, note: str = "") -> VarianceChange:
    """Put a submitted application under review (staff); again changes nothing."""
    variance = variance_lock(reference=reference_normalize(reference))
    old_status = variance.status
    if old_status == Variance.Status.UNDER_REVIEW:
        return VarianceChange(variance=variance, old_status=old_status, changed=False)
    VARIANCE_STATUS.check_move(old_status, Variance.Status.UNDER_REVIEW, field="reference",
                               message=lambda: INVALID_TRANSITION_MESSAGE.format(
                                   reference=variance.reference, status=variance.get_status_display().lower(),
                                   target="under review"))
    return _move(variance, Variance.Status.UNDER_REVIEW, actor=actor, note=note or "Review started.")


@transaction.atomic
def variance_decide(*, reference: str, decision: str, actor: str, note: str = "",
                    parking_spaces_required: int | None = None) -> VarianceChange:
    """Approve or deny an application (staff) at or after its hearing; the same decision again changes nothing.

    The Board of Zoning Appeals decides at the public hearing, so a decision before the
    hearing day is refused (the application can still be reviewed or withdrawn). Approving
    a parking variance records the off-street spaces the Board requires, which then
    replace the district's ratio at that property wherever it asks for more.
    """
    variance = variance_lock(reference=reference_normalize(reference))
    old_status = variance.status
    if old_status == decision:
        return VarianceChange(variance=variance, old_status=old_status, changed=False)
    if old_status in DECIDED_STATUSES:
        raise ServiceError(ZoningErrorCode.ALREADY_DECIDED, ALREADY_DECIDED_MESSAGE.format(
            reference=variance.reference, status=variance.get_status_display().lower(),
            decided_on=day_text(timezone.localdate(variance.decided_at))), field="decision")
    if old_status not in OPEN_STATUSES:
        raise ServiceError(ZoningErrorCode.NOT_DECIDABLE, NOT_DECIDABLE_MESSAGE.format(
            reference=variance.reference, status=variance.get_status_display().lower()), field="reference")
    now = timezone.now()
    if timezone.localdate(now) < variance.hearing_date:
        raise ServiceError(ZoningErrorCode.HEARING_NOT_HELD, HEARING_NOT_HELD_MESSAGE.format(
            reference=variance.reference, hearing=when_text(variance.hearing_date)), field="decision")
    _check_parking_spaces(variance, decision=decision, spaces=parking_spaces_required)
    variance.decided_at = now
    variance.decided_by = actor
    variance.decision_note = note.strip()
    variance.parking_spaces_required = parking_spaces_required
    label = Variance.Status(decision).label
    return _move(variance, decision, actor=actor, note=f"{label}. {note.strip()}".strip(),
                 extra=("decided_at", "decided_by", "decision_note", "parking_spaces_required"))


def _check_parking_spaces(variance: Variance, *, decision: str, spaces: int | None) -> None:
    """An approved parking variance must say how many spaces remain required; nothing else may."""
    approving_parking = decision == Variance.Status.APPROVED and variance.variance_type == VarianceType.PARKING
    if approving_parking and spaces is None:
        raise ServiceError(ZoningErrorCode.PARKING_SPACES_NEEDED,
                           PARKING_SPACES_NEEDED_MESSAGE.format(reference=variance.reference),
                           field="parking_spaces_required")
    if not approving_parking and spaces is not None:
        raise ServiceError(ZoningErrorCode.PARKING_SPACES_NOT_APPLICABLE, PARKING_SPACES_NOT_APPLICABLE_MESSAGE.format(
            reference=variance.reference, variance_type=variance.get_variance_type_display().lower(),
            decision=decision), field="parking_spaces_required")


@transaction.atomic
def variance_withdraw(*, reference: str, actor: str, note: str = "") -> VarianceChange:
    """Withdraw an open application (staff, at the applicant's request)."""
    variance = variance_lock(reference=reference_normalize(reference))
    old_status = variance.status
    if old_status == Variance.Status.WITHDRAWN:
        return VarianceChange(variance=variance, old_status=old_status, changed=False)
    VARIANCE_STATUS.check_move(old_status, Variance.Status.WITHDRAWN, field="reference",
                               message=lambda: INVALID_TRANSITION_MESSAGE.format(
                                   reference=variance.reference, status=variance.get_status_display().lower(),
                                   target="withdrawn"))
    return _move(variance, Variance.Status.WITHDRAWN, actor=actor, note=note or "Withdrawn by the applicant.")


def _move(variance: Variance, status: str, *, actor: str, note: str, extra: tuple[str, ...] = ()) -> VarianceChange:
    old_status = variance.status
    variance.status = status
    variance.save(update_fields=["status", *extra])
    VARIANCE_STATUS.record(variance, status=status, note=note, actor=actor, old_status=old_status,
                           at=variance.decided_at if status in DECIDED_STATUSES else timezone.now())
    return VarianceChange(variance=variance, old_status=old_status, changed=True)
