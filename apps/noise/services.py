"""Writes for noise: one function per state change, each atomic."""
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from apps.accounts.access_codes import access_code_matches
from apps.core.errors import ServiceError
from apps.core.money import to_money
from apps.core.wording import money_text
from apps.core.status_machine import StatusMachine
from apps.events.services import event_emit
from apps.noise.errors import (
    ENFORCEMENT_NOT_ALLOWED_MESSAGE,
    FINE_NOT_ALLOWED_MESSAGE,
    FINE_REQUIRED_MESSAGE,
    INFO_ON_FINAL_MESSAGE,
    NOT_OWNER_MESSAGE,
    INVALID_TRANSITION_FINAL_MESSAGE,
    INVALID_TRANSITION_MESSAGE,
    OBSERVED_IN_FUTURE_MESSAGE,
    OBSERVED_TOO_LONG_AGO_MESSAGE,
    NoiseErrorCode,
)
from apps.noise.locks import case_number_allocate, complaint_lock, noise_location_lock
from apps.noise.models import TRANSITIONS, Complaint, ComplaintUpdate, EnforcementAction, NoiseLocation, Ordinance
from apps.noise.selectors import (
    case_number_normalize,
    complaint_recent_at,
    noise_zone_for_place,
    ordinance_for,
    ordinance_in_quiet_hours,
)
from apps.places.selectors import place_resolve

# A clock a few minutes fast on the resident's phone is not "the future".
CLOCK_SKEW = timedelta(minutes=5)
DOMAIN = "noise"

# A complaint's moves (models.TRANSITIONS), its timeline rows, and the event each real move emits.
COMPLAINT_STATUS = StatusMachine(
    transitions=TRANSITIONS, error_code=NoiseErrorCode.INVALID_TRANSITION, timeline=ComplaintUpdate,
    domain=DOMAIN, event="complaint.status_changed", emit=event_emit,
    event_data=lambda complaint, old_status, status: {
        "case_number": complaint.case_number, "old_status": old_status, "status": status},
)


@dataclass
class ComplaintFiling:
    """What filing produced: the complaint, the rule it was judged by and its repeat group."""

    complaint: Complaint
    ordinance: Ordinance | None
    earlier: list[Complaint] = field(default_factory=list)
    window_days: int = 0
    replayed: bool = False


@dataclass
class StatusChange:
    complaint: Complaint
    old_status: str
    changed: bool


def complaint_file(
    *,
    location: str,
    noise_type: str,
    actor: str,
    description: str = "",
    observed_at: datetime | None = None,
    reporter_name: str = "",
    reporter_contact: str = "",
    idempotency_key: str | None = None,
) -> ComplaintFiling:
    """File a noise complaint, judged by the ordinance of the place's zone, linking repeats.

    With an idempotency key, a retried filing returns the case the first call created. The
    filing itself is atomic (_complaint_file); this wrapper stays outside the transaction so
    it can answer a concurrent retry that lost the race on the key's unique constraint.
    """
    if idempotency_key:
        existing = Complaint.objects.select_related("ordinance").filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return ComplaintFiling(complaint=existing, ordinance=existing.ordinance, replayed=True)
    try:
        return _complaint_file(location=location, noise_type=noise_type, actor=actor, description=description,
                               observed_at=observed_at, reporter_name=reporter_name,
                               reporter_contact=reporter_contact, idempotency_key=idempotency_key)
    except IntegrityError:
        if not idempotency_key:
            raise
        # A concurrent retry with the same key committed first: answer with its case.
        existing = Complaint.objects.select_related("ordinance").get(idempotency_key=idempotency_key)
        return ComplaintFiling(complaint=existing, ordinance=existing.ordinance, replayed=True)


@transaction.atomic
def _complaint_file(*, location, noise_type, actor, description, observed_at, reporter_name,
                    reporter_contact, idempotency_key) -> ComplaintFiling:
    now = timezone.now()
    observed_at = _observed_at_checked(observed_at, now=now)
    place = place_resolve(query=location)
    zone = noise_zone_for_place(place=place)
    ordinance = ordinance_for(zone=zone, noise_type=noise_type)
    spot = noise_location_lock(place=place, zone=zone)
    window_days = settings.NOISE_REPEAT_WINDOW_DAYS
    earlier = complaint_recent_at(location_id=spot.pk, since=now - timedelta(days=window_days))
    first = (earlier[0].repeat_of or earlier[0]) if earlier else None
    year = timezone.localtime(now).year
    complaint = Complaint.objects.create(
        case_number=case_number_allocate(year=year),
        noise_type=noise_type,
        location=spot,
        reported_location=location.strip(),
        zone=zone,
        ordinance=ordinance,
        in_quiet_hours=bool(ordinance) and ordinance_in_quiet_hours(ordinance=ordinance, at=observed_at),
        description=description.strip(),
        observed_at=observed_at,
        filed_at=now,
        status_changed_at=now,
        reporter_name=reporter_name.strip(),
        reporter_contact=reporter_contact.strip(),
        repeat_of=first,
        idempotency_key=idempotency_key or None,
    )
    note = "Complaint filed."
    if first is not None:
        note += f" Repeat complaint about {spot.name}: linked to {first.case_number}."
        COMPLAINT_STATUS.record(first, status=first.status, actor=actor, at=now,
                                note=f"Repeat complaint {complaint.case_number} filed about {spot.name}.")
    COMPLAINT_STATUS.record(complaint, status=complaint.status, note=note, actor=actor, at=now)
    NoiseLocation.objects.filter(pk=spot.pk).update(complaint_count=F("complaint_count") + 1, last_complaint_at=now)
    event_emit(type="complaint.filed", domain=DOMAIN,
               data={"case_number": complaint.case_number, "noise_type": noise_type, "location": spot.name})
    return ComplaintFiling(complaint=complaint, ordinance=ordinance, earlier=earlier, window_days=window_days)


def _observed_at_checked(observed_at: datetime | None, *, now: datetime) -> datetime:
    if observed_at is None:
        return now
    shown = timezone.localtime(observed_at).isoformat()
    if observed_at > now + CLOCK_SKEW:
        raise ServiceError(NoiseErrorCode.OBSERVED_IN_FUTURE, OBSERVED_IN_FUTURE_MESSAGE.format(observed_at=shown),
                           field="observed_at")
    max_days = settings.NOISE_COMPLAINT_MAX_AGE_DAYS
    if observed_at < now - timedelta(days=max_days):
        raise ServiceError(NoiseErrorCode.OBSERVED_TOO_LONG_AGO,
                           OBSERVED_TOO_LONG_AGO_MESSAGE.format(observed_at=shown, days=max_days),
                           field="observed_at")
    return min(observed_at, now)


@transaction.atomic
def complaint_status_update(
    *, case_number: str, status: str, actor: str, note: str = "", assigned_to: str = "",
) -> StatusChange:
    """Move a complaint along its timeline; repeating the current status changes nothing."""
    complaint = complaint_lock(case_number=case_number_normalize(case_number))
    old_status = complaint.status
    if status == old_status and not assigned_to:
        return StatusChange(complaint=complaint, old_status=old_status, changed=False)
    COMPLAINT_STATUS.check_move(old_status, status, message=lambda: _transition_refusal(complaint, status),
                                details={"allowed": list(COMPLAINT_STATUS.allowed(old_status))})
    now = timezone.now()
    complaint.status = status
    complaint.status_changed_at = now
    if assigned_to:
        complaint.assigned_to = assigned_to.strip()
    complaint.save(update_fields=["status", "status_changed_at", "assigned_to"])
    text = note.strip()
    if assigned_to:
        text = f"Assigned to {complaint.assigned_to}. {text}".strip()
    COMPLAINT_STATUS.record(complaint, status=status, note=text, actor=actor, at=now, old_status=old_status)
    return StatusChange(complaint=complaint, old_status=old_status, changed=True)


def _transition_refusal(complaint: Complaint, target: str) -> str:
    label = Complaint.Status(target).label.lower() if target in Complaint.Status.values else target
    allowed = COMPLAINT_STATUS.allowed(complaint.status)
    if not allowed:
        return INVALID_TRANSITION_FINAL_MESSAGE.format(case_number=complaint.case_number,
                                                       status=complaint.get_status_display().lower())
    return INVALID_TRANSITION_MESSAGE.format(
        case_number=complaint.case_number, status=complaint.get_status_display().lower(), target=label,
        allowed=", ".join(str(s) for s in allowed),
    )


ENFORCEABLE = (Complaint.Status.ASSIGNED, Complaint.Status.INVESTIGATING, Complaint.Status.RESOLVED)


@transaction.atomic
def enforcement_action_issue(
    *, case_number: str, kind: str, actor: str, fine: Decimal | None = None, note: str = "",
) -> EnforcementAction:
    """Record a warning or a citation on a complaint; a citation's fine defaults to the ordinance's."""
    complaint = complaint_lock(case_number=case_number_normalize(case_number))
    if complaint.status not in ENFORCEABLE:
        raise ServiceError(NoiseErrorCode.ENFORCEMENT_NOT_ALLOWED, ENFORCEMENT_NOT_ALLOWED_MESSAGE.format(
            case_number=complaint.case_number, status=complaint.get_status_display().lower()), field="case_number")
    if kind == EnforcementAction.Kind.WARNING:
        if fine:
            raise ServiceError(NoiseErrorCode.FINE_NOT_ALLOWED, FINE_NOT_ALLOWED_MESSAGE, field="fine")
        amount = to_money(0)
    else:
        amount = to_money(fine) if fine else _ordinance_fine(complaint)
        if not amount:
            raise ServiceError(NoiseErrorCode.FINE_REQUIRED,
                               FINE_REQUIRED_MESSAGE.format(case_number=complaint.case_number), field="fine")
    now = timezone.now()
    action = EnforcementAction.objects.create(complaint=complaint, kind=kind, fine=amount, note=note.strip(),
                                              issued_by=actor, issued_at=now)
    fined = f" with a fine of {money_text(amount)}" if amount else ""
    summary = f"{action.get_kind_display()} issued{fined}."
    COMPLAINT_STATUS.record(complaint, status=complaint.status, actor=actor, at=now,
                            note=f"{summary} {note.strip()}".strip())
    return action


def _ordinance_fine(complaint: Complaint) -> Decimal:
    if complaint.ordinance_id is None:
        return to_money(0)
    return to_money(Ordinance.objects.values_list("citation_fine", flat=True).get(pk=complaint.ordinance_id))


@transaction.atomic
def complaint_info_add(*, case_number: str, access_code: str | None, text: str, actor: str) -> Complaint:
    """Add the filer's further information to their complaint: a timeline entry and an event."""
    complaint = complaint_lock(case_number=case_number_normalize(case_number))
    if not access_code_matches(complaint, access_code):
        raise ServiceError(NoiseErrorCode.NOT_OWNER, NOT_OWNER_MESSAGE.format(case_number=complaint.case_number),
                           field="access_code")
    if complaint.is_final:
        raise ServiceError(NoiseErrorCode.COMPLAINT_FINAL, INFO_ON_FINAL_MESSAGE.format(
            case_number=complaint.case_number, status=complaint.get_status_display().lower()), field="case_number")
    COMPLAINT_STATUS.record(complaint, status=complaint.status, actor=actor, note=f"Resident added: {text.strip()}")
    event_emit(type="complaint.info_added", domain=DOMAIN, data={
        "case_number": complaint.case_number, "noise_type": complaint.noise_type, "status": complaint.status})
    return complaint
