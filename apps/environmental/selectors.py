"""Reads for environmental services: an address's collection area and days, reports, programs."""
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import F, Prefetch, Q, QuerySet
from django.utils import timezone

from apps.core import references
from apps.core.errors import ServiceError
from apps.environmental.catalogue import Frequency, WasteStream, choice_key
from apps.environmental.collection_days import Collection, bulk_days, next_collections
from apps.environmental.errors import (
    NO_COLLECTION_AREA_MESSAGE,
    PICKUP_NOT_FOUND_MESSAGE,
    REPORT_NOT_FOUND_MESSAGE,
    EnvironmentalErrorCode,
)
from apps.environmental.models import (
    BulkItemRule,
    BulkPickup,
    BulkPickupUpdate,
    CollectionArea,
    CollectionAreaStreet,
    CollectionHoliday,
    CollectionSchedule,
    EnvironmentalReport,
    EnvironmentalReportUpdate,
    PickupSlot,
    SustainabilityProgram,
)
from apps.places.geo import distance_miles
from apps.places.models import Place
from apps.places.normalize import split_address
from apps.places.selectors import place_resolve
from apps.environmental.locks import NUMBERED

UPCOMING_COLLECTIONS = 2
HOLIDAY_LOOKAHEAD_DAYS = 14


@dataclass(frozen=True)
class StreamSchedule:
    schedule: CollectionSchedule
    collections: list[Collection]


@dataclass
class WasteSchedule:
    """An address's collection area, its next collections per stream and its next bulk day with room."""

    place: Place
    area: CollectionArea
    matched_by: str  # "street" or "nearest"
    today: date
    streams: list[StreamSchedule]
    holidays: list[CollectionHoliday]
    next_bulk_day: date | None


def reference_normalize(value: str) -> str:
    """Return the stored form of a typed reference (upper case, number padded): apps/core/references."""
    return references.reference_normalize(value, NUMBERED)


def place_for(*, query: str, field_name: str) -> Place:
    """Resolve a place through the gazetteer; a failure names the argument `field_name`."""
    return place_resolve(query=query, field=field_name)


def collection_area_for(*, place: Place, field_name: str = "address") -> tuple[CollectionArea, str]:
    """Return the area serving a place: the one listing its street, else the nearest area's centre."""
    number, street_key = split_address(place.address or place.name)
    keys = [street_key] if number is not None else []
    if place.kind == Place.Kind.STREET:
        keys.append(split_address(place.name)[1])
    listed = CollectionAreaStreet.objects.select_related("area").filter(street_key__in=keys).first() if keys else None
    if listed is not None:
        return listed.area, "street"
    nearest = min(((distance_miles(place.latitude, place.longitude, area.latitude, area.longitude), area.pk, area)
                   for area in CollectionArea.objects.all()), default=None)
    if nearest is None:
        raise ServiceError(EnvironmentalErrorCode.NO_COLLECTION_AREA, NO_COLLECTION_AREA_MESSAGE.format(
            address=place.name, phone=settings.ENVIRONMENTAL_PHONE), field=field_name)
    return nearest[2], "nearest"


def holidays_between(start: date, end: date) -> dict[date, str]:
    return dict(CollectionHoliday.objects.filter(date__gte=start, date__lte=end).values_list("date", "name"))


def bulk_day_first_open(*, area: CollectionArea, start: date) -> date | None:
    """Return the first bulk day on or after `start` with room left (a read; booking re-checks under lock)."""
    weeks = settings.ENVIRONMENTAL_BULK_HORIZON_WEEKS
    days = bulk_days(start=start, weekday=area.bulk_weekday, weeks=weeks,
                     holidays=holidays_between(start, start + timedelta(weeks=weeks)))
    full = set(PickupSlot.objects.filter(area=area, date__in=days, booked__gte=F("capacity")).values_list(
        "date", flat=True))
    return next((day for day in days if day not in full), None)


def bulk_earliest(today: date) -> date:
    """Return the first day a pickup booked today can be: after the crews' lead time."""
    return today + timedelta(days=settings.ENVIRONMENTAL_BULK_LEAD_DAYS)


def waste_schedule(*, address: str, today: date | None = None) -> WasteSchedule:
    """Return the collection days of an address's area, holidays considered, and its next bulk day."""
    today = today or timezone.localdate()
    place = place_for(query=address, field_name="address")
    area, matched_by = collection_area_for(place=place)
    horizon = today + timedelta(days=HOLIDAY_LOOKAHEAD_DAYS + 14)
    holidays = holidays_between(today - timedelta(days=7), horizon)
    streams = [StreamSchedule(schedule=schedule, collections=next_collections(
        start=today, weekday=schedule.weekday, biweekly=schedule.frequency == Frequency.BIWEEKLY,
        anchor=schedule.anchor_date, holidays=holidays, count=UPCOMING_COLLECTIONS))
        for schedule in sorted(area.schedules.all(), key=lambda s: WasteStream.values.index(s.stream))]
    soon = [holiday for holiday in CollectionHoliday.objects.filter(
        date__gte=today, date__lte=today + timedelta(days=HOLIDAY_LOOKAHEAD_DAYS)).order_by("date")]
    return WasteSchedule(place=place, area=area, matched_by=matched_by, today=today, streams=streams, holidays=soon,
                         next_bulk_day=bulk_day_first_open(area=area, start=bulk_earliest(today)))


@dataclass(frozen=True)
class ItemRefusal:
    """An item bulk pickups do not take: the rule that refuses it (None: no rule knows it) and what they take."""

    item: str
    rule: BulkItemRule | None
    accepted: list[str]
    elsewhere: list[SustainabilityProgram]


def _item_words(item: str) -> set[str]:
    """The words an item may be known by: "Old Sofas" -> old, sofas, sofa, old_sofas…"""
    key = choice_key(item)
    words = {key, *key.split("_")}
    return words | {w[:-1] for w in words if w.endswith("s")} | {w[:-2] for w in words if w.endswith("es")}


def bulk_item_refusal(*, items: list[str]) -> ItemRefusal | None:
    """Return the first item bulk pickups do not take, with where it goes instead and what they do take.

    An item a refusing rule names (paint, tires) gets that rule's instructions; an item no
    rule names ("old car") is refused too, with the accepted list: booking it would send a
    crew for something it cannot collect.
    """
    words = {item: _item_words(item) for item in items}
    rules = {rule.keyword: rule for rule in BulkItemRule.objects.filter(keyword__in=set().union(*words.values()))}
    for item in items:
        refusing = [rules[w] for w in sorted(words[item]) if w in rules and not rules[w].accepted]
        taken = any(rules[w].accepted for w in words[item] if w in rules)
        if refusing or not taken:
            return ItemRefusal(item=item, rule=refusing[0] if refusing else None,
                               accepted=list(BulkItemRule.objects.filter(accepted=True).order_by("keyword")
                                             .values_list("keyword", flat=True)),
                               elsewhere=list(program_list(category="recycling")))
    return None


def bulk_pickup_get(*, reference: str) -> BulkPickup:
    """Return the pickup with its area and timeline."""
    number = reference_normalize(reference)
    pickup = BulkPickup.objects.select_related("area").prefetch_related(
        Prefetch("updates", queryset=BulkPickupUpdate.objects.order_by("created_at", "id"))
    ).filter(reference=number).first()
    if pickup is None:
        raise ServiceError(EnvironmentalErrorCode.PICKUP_NOT_FOUND, PICKUP_NOT_FOUND_MESSAGE.format(reference=number),
                           field="reference")
    return pickup


def report_get(*, reference: str) -> EnvironmentalReport:
    """Return the report with its timeline."""
    number = reference_normalize(reference)
    report = EnvironmentalReport.objects.prefetch_related(
        Prefetch("updates", queryset=EnvironmentalReportUpdate.objects.order_by("created_at", "id"))
    ).filter(reference=number).first()
    if report is None:
        raise ServiceError(EnvironmentalErrorCode.REPORT_NOT_FOUND, REPORT_NOT_FOUND_MESSAGE.format(reference=number),
                           field="reference")
    return report


def program_list(*, category: str | None = None, today: date | None = None) -> QuerySet[SustainabilityProgram]:
    """Return the programs open for enrollment (active, deadline not passed), of one category if given."""
    today = today or timezone.localdate()
    programs = SustainabilityProgram.objects.filter(
        Q(enrollment_deadline__isnull=True) | Q(enrollment_deadline__gte=today), active=True)
    if category:
        programs = programs.filter(category=category)
    return programs.order_by("category", "name")


def collection_area_list() -> QuerySet[CollectionArea]:
    return CollectionArea.objects.prefetch_related("streets", "schedules").order_by("code")


def bulk_item_rule_list() -> QuerySet[BulkItemRule]:
    return BulkItemRule.objects.order_by("-accepted", "keyword")


# --- The admin's work queue --------------------------------------------------------


def work_queue(*, now) -> list:
    """Return what sanitation and inspectors must do: tomorrow's pickups, late pickups and reports."""
    from apps.core.workqueue import WorkItem

    today = timezone.localdate(now)
    tomorrow = today + timedelta(days=1)
    booked = BulkPickup.objects.filter(status=BulkPickup.Status.SCHEDULED, scheduled_for=tomorrow)
    missed = BulkPickup.objects.filter(status=BulkPickup.Status.SCHEDULED, scheduled_for__lt=today)
    open_reports = (EnvironmentalReport.Status.FILED, EnvironmentalReport.Status.INVESTIGATING)
    late_reports = EnvironmentalReport.objects.filter(status__in=open_reports, respond_by__lt=today)
    return [
        WorkItem(label="Bulk pickups tomorrow", queryset=booked,
                 params={"status__exact": BulkPickup.Status.SCHEDULED, "scheduled_for": tomorrow.isoformat()}),
        WorkItem(label="Bulk pickups past their date, not closed", queryset=missed,
                 params={"status__exact": BulkPickup.Status.SCHEDULED, "scheduled_for__lt": today.isoformat()},
                 overdue=missed, target="marked completed or missed after the pickup day"),
        WorkItem(label="Reports past their response date", queryset=late_reports,
                 params={"status__in": ",".join(open_reports), "respond_by__lt": today.isoformat()},
                 overdue=late_reports, target="inspected within the business days of their kind"),
    ]
