"""Reads for noise: look-ups with their related rows fetched up front."""
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from apps.core import references
from apps.core.errors import ServiceError
from apps.noise.catalogue import Zone
from apps.noise.errors import (
    COMPLAINT_NOT_FOUND_MESSAGE,
    NO_ORDINANCE_MESSAGE,
    NoiseErrorCode,
)
from apps.noise.models import Complaint, ComplaintUpdate, EnforcementAction, Ordinance
from apps.noise.quiet_hours import is_quiet_time
from apps.places.models import Place
from apps.places.normalize import split_address
from apps.places.selectors import place_resolve
from apps.noise.locks import NUMBERED


@dataclass(frozen=True)
class OrdinanceCheck:
    """The rules in force at a place at one moment."""

    place: Place
    zone: str
    at: datetime
    general: Ordinance
    specific: list[Ordinance]
    in_quiet_hours: bool
    time_given: bool = False  # the caller asked about a moment: answers speak of it, not of "now"


def case_number_normalize(value: str) -> str:
    """Return the stored form of a typed reference (upper case, number padded): apps/core/references."""
    return references.reference_normalize(value, NUMBERED)


def noise_zone_for_place(*, place: Place) -> str:
    """Return the zoning district whose noise rules apply at `place`, or "" if none is known.

    A gazetteer address may carry a parking zone ("A") instead of a zoning district; the
    street it lies on then decides.
    """
    if place.zone in Zone.values:
        return place.zone
    number, street_key = split_address(place.address or place.name)
    if number is None:
        return ""
    street = Place.objects.filter(key=street_key, kind=Place.Kind.STREET).only("zone").first()
    if street is not None and street.zone in Zone.values:
        return street.zone
    return ""


def ordinance_for(*, zone: str, noise_type: str) -> Ordinance | None:
    """Return the rule for `noise_type` in `zone`, else the zone's general rule, else None."""
    if not zone:
        return None
    rules = {rule.noise_type: rule for rule in Ordinance.objects.filter(zone=zone, noise_type__in=[noise_type, ""])}
    return rules.get(noise_type) or rules.get("")


def ordinance_list(*, zone: str | None = None) -> QuerySet[Ordinance]:
    """Return the ordinances, of one zone if given, general rule first."""
    rules = Ordinance.objects.all()
    if zone:
        rules = rules.filter(zone=zone)
    return rules.order_by("zone", "noise_type", "code")


def ordinance_check(*, location: str, at: datetime | None = None) -> OrdinanceCheck:
    """Return the ordinances in force at `location` and whether `at` (default now) is quiet time."""
    place = place_resolve(query=location)
    zone = noise_zone_for_place(place=place)
    rules = list(ordinance_list(zone=zone)) if zone else []
    general = next((rule for rule in rules if not rule.noise_type), None)
    if general is None:
        raise ServiceError(NoiseErrorCode.NO_ORDINANCE,
                           NO_ORDINANCE_MESSAGE.format(location=place.name, zone=zone or "unknown"),
                           field="location")
    moment = timezone.localtime(at or timezone.now())
    return OrdinanceCheck(
        place=place, zone=zone, at=moment, general=general,
        specific=[rule for rule in rules if rule.noise_type],
        in_quiet_hours=ordinance_in_quiet_hours(ordinance=general, at=moment), time_given=at is not None,
    )


def ordinance_in_quiet_hours(*, ordinance: Ordinance, at: datetime) -> bool:
    """Return whether `at` falls inside the ordinance's quiet hours, in the city's time zone."""
    return is_quiet_time(timezone.localtime(at), start=ordinance.quiet_hours_start,
                         end=ordinance.quiet_hours_end, weekend_end=ordinance.weekend_quiet_hours_end)


def complaint_queryset() -> QuerySet[Complaint]:
    """Complaints with everything their answers show, in a fixed number of queries."""
    return Complaint.objects.select_related("location", "ordinance", "repeat_of").prefetch_related(
        Prefetch("updates", queryset=ComplaintUpdate.objects.order_by("created_at", "id")),
        Prefetch("enforcement_actions", queryset=EnforcementAction.objects.order_by("issued_at", "id")),
        Prefetch("repeats", queryset=Complaint.objects.order_by("filed_at", "id").only(
            "id", "case_number", "filed_at", "status", "noise_type", "repeat_of_id")),
    )


def complaint_get(*, case_number: str) -> Complaint:
    """Return the complaint with its timeline, enforcement actions and linked repeats."""
    number = case_number_normalize(case_number)
    complaint = complaint_queryset().filter(case_number=number).first()
    if complaint is None:
        raise ServiceError(NoiseErrorCode.COMPLAINT_NOT_FOUND,
                           COMPLAINT_NOT_FOUND_MESSAGE.format(case_number=number), field="case_number")
    return complaint


def complaint_related_cases(*, complaint: Complaint) -> list[Complaint]:
    """Return the other complaints of the same repeat group, oldest first (no extra queries
    when `complaint` came from complaint_get and is itself the group's first)."""
    if complaint.repeat_of_id is None:
        return list(complaint.repeats.all())
    first = complaint.repeat_of
    siblings = Complaint.objects.filter(repeat_of_id=first.pk).exclude(pk=complaint.pk).order_by("filed_at", "id")
    return [first, *siblings.only("id", "case_number", "filed_at", "status", "noise_type", "repeat_of_id")]


def complaint_recent_at(*, location_id: int, since: datetime) -> list[Complaint]:
    """Return the complaints about a location filed since `since`, oldest first."""
    return list(
        Complaint.objects.filter(location_id=location_id, filed_at__gte=since)
        .order_by("filed_at", "id")
        .only("id", "case_number", "filed_at", "status", "noise_type", "repeat_of_id")
    )


def complaint_list(*, status: str | None = None, location_key: str | None = None) -> QuerySet[Complaint]:
    """Return complaints for staff views, newest first."""
    complaints = Complaint.objects.select_related("location", "ordinance")
    if status:
        complaints = complaints.filter(status=status)
    if location_key:
        complaints = complaints.filter(location__key=location_key)
    return complaints


# --- Response target -----------------------------------------------------------------

# A filed complaint gets an officer within this many hours (the unit's target).
ASSIGNMENT_TARGET_HOURS = 24


def complaint_assign_due(complaint: Complaint) -> datetime:
    """Return when the noise unit aims to have assigned an officer to a complaint."""
    from datetime import timedelta

    return complaint.filed_at + timedelta(hours=ASSIGNMENT_TARGET_HOURS)


def complaint_is_overdue(complaint: Complaint, *, now: datetime | None = None) -> bool:
    """True when a complaint still waits for an officer past the unit's assignment target."""
    return complaint.status == Complaint.Status.FILED and (now or timezone.now()) > complaint_assign_due(complaint)


# --- The admin's work queue --------------------------------------------------------


def work_queue(*, now: datetime) -> list:
    """Return what the noise unit must do today: complaints nobody has taken yet."""
    from datetime import timedelta

    from apps.core.workqueue import WorkItem

    unassigned = Complaint.objects.filter(status=Complaint.Status.FILED)
    return [WorkItem(
        label="Complaints unassigned", queryset=unassigned, params={"status__exact": Complaint.Status.FILED},
        overdue=unassigned.filter(filed_at__lt=now - timedelta(hours=ASSIGNMENT_TARGET_HOURS)),
        target=f"assigned within {ASSIGNMENT_TARGET_HOURS} hours of filing")]
