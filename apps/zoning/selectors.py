"""Reads for zoning: which district governs an address, what a use may do there, variances."""
import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet

from apps.core import references
from apps.core.errors import ServiceError
from apps.places.models import Place
from apps.places.normalize import place_key, split_address
from apps.places.selectors import place_resolve
from apps.zoning.catalogue import ParkingBasis, UseStatus, VarianceType
from apps.zoning.errors import NO_DISTRICT_MESSAGE, VARIANCE_NOT_FOUND_MESSAGE, ZoningErrorCode
from apps.zoning.models import District, Parcel, UseRule, Variance, VarianceUpdate
from apps.zoning.locks import NUMBERED

VARIANCES_SHOWN = 5


class ZoneSource:
    """Where an address's district came from, strongest first."""

    PARCEL = "parcel"
    ADDRESS = "address"
    STREET = "street"


class Verdict:
    """Why a use got its status at a property (answers turn these into sentences)."""

    NOT_LISTED = "not_listed"
    PROHIBITED = "prohibited"
    OVER_LIMIT = "over_limit"
    CONDITIONAL_USE = "conditional_use"
    OVER_BY_RIGHT = "over_by_right"
    BY_RIGHT = "by_right"


@dataclass(frozen=True)
class PropertyZoning:
    """The district that governs a resolved address, and how it was found."""

    place: Place
    district: District
    parcel: Parcel | None
    source: str
    street: str | None = None


@dataclass
class ComplianceCheck:
    """A use at a property judged against the district's rule for it."""

    zoning: PropertyZoning
    use: str
    seating_capacity: int | None
    floor_area_sqft: int | None
    rule: UseRule | None
    status: str
    verdict: str
    parking_required: int | None
    permitted_in: list[str] = field(default_factory=list)
    conditional_in: list[str] = field(default_factory=list)
    # What the district's ratio asks, before an approved parking variance at the property lowers it.
    parking_by_ratio: int | None = None
    parking_variance: Variance | None = None


@dataclass
class ZoningLookup:
    zoning: PropertyZoning
    rules: list[UseRule]
    variances: list[Variance]


def reference_normalize(value: str) -> str:
    """Return the stored form of a typed reference (upper case, number padded): apps/core/references."""
    return references.reference_normalize(value, NUMBERED)


def address_resolve(*, address: str, field_name: str = "property_address") -> Place:
    """Resolve an address through the gazetteer; a failure names the argument `field_name`."""
    return place_resolve(query=address, field=field_name)


def property_zoning(*, property_address: str) -> PropertyZoning:
    """Return the district governing an address: its parcel's, else its own zone's, else its street's.

    Gazetteer addresses may carry a parking zone ("A") rather than a district; the street the
    address lies on then decides, as apps.noise does for its ordinances.
    """
    place = address_resolve(address=property_address)
    parcel = Parcel.objects.select_related("district").filter(address_key=place_key(place.name)).first()
    if parcel is not None:
        return PropertyZoning(place=place, district=parcel.district, parcel=parcel, source=ZoneSource.PARCEL)
    # An address the gazetteer only knows by its street (no pk) carries the street's zone: say so.
    district = District.objects.filter(code=place.zone).first() if place.zone and place.pk else None
    if district is not None:
        return PropertyZoning(place=place, district=district, parcel=None, source=ZoneSource.ADDRESS)
    number, street_key = split_address(place.address or place.name)
    street = (Place.objects.filter(key=street_key, kind=Place.Kind.STREET).only("name", "zone").first()
              if number is not None else None)
    district = District.objects.filter(code=street.zone).first() if street is not None and street.zone else None
    if district is None:
        raise ServiceError(ZoningErrorCode.NO_DISTRICT, NO_DISTRICT_MESSAGE.format(address=place.name),
                           field="property_address")
    return PropertyZoning(place=place, district=district, parcel=None, source=ZoneSource.STREET, street=street.name)


def parking_required(rule: UseRule, *, seating_capacity: int | None, floor_area_sqft: int | None) -> int | None:
    """Return the spaces a use needs (rounded up), or None when its basis was not given."""
    if rule.parking_basis == ParkingBasis.NONE or not rule.parking_spaces:
        return 0
    if rule.parking_basis == ParkingBasis.SEATS and seating_capacity is not None:
        quantity = Decimal(seating_capacity)
    elif rule.parking_basis == ParkingBasis.FLOOR_AREA and floor_area_sqft is not None:
        quantity = Decimal(floor_area_sqft) / 1000
    else:
        return None
    return math.ceil(quantity * rule.parking_spaces / rule.parking_per)


def use_verdict(rule: UseRule | None, *, capacity: int | None) -> tuple[str, str]:
    """Return (status, verdict) for a use under `rule` at `capacity` (None: not given)."""
    if rule is None:
        return UseStatus.PROHIBITED, Verdict.NOT_LISTED
    if rule.status == UseStatus.PROHIBITED:
        return UseStatus.PROHIBITED, Verdict.PROHIBITED
    if capacity is not None and rule.capacity_limit is not None and capacity > rule.capacity_limit:
        return UseStatus.PROHIBITED, Verdict.OVER_LIMIT
    if rule.status == UseStatus.CONDITIONAL:
        return UseStatus.CONDITIONAL, Verdict.CONDITIONAL_USE
    if capacity is not None and rule.capacity_by_right is not None and capacity > rule.capacity_by_right:
        return UseStatus.CONDITIONAL, Verdict.OVER_BY_RIGHT
    return UseStatus.PERMITTED, Verdict.BY_RIGHT


def parking_variance_for(zoning: PropertyZoning) -> Variance | None:
    """Return the approved parking variance that governs a property's parking (the latest decided), or None.

    A variance belongs to its parcel when the assessor's map has one, else to its address.
    """
    here = Q(address_key=place_key(zoning.place.name))
    if zoning.parcel is not None:
        here |= Q(parcel=zoning.parcel)
    return (Variance.objects.filter(here, variance_type=VarianceType.PARKING, status=Variance.Status.APPROVED,
                                    parking_spaces_required__isnull=False)
            .order_by("-decided_at", "-id").first())


def parking_with_variance(by_ratio: int | None, variance: Variance | None) -> int | None:
    """Return the spaces required once an approved parking variance applies: never more than it allows."""
    if by_ratio is None or variance is None:
        return by_ratio
    return min(by_ratio, variance.parking_spaces_required)


def compliance_check(*, property_address: str, business_type: str, seating_capacity: int | None = None,
                     floor_area_sqft: int | None = None) -> ComplianceCheck:
    """Judge a business at an address: permitted, conditional or prohibited, with its parking and limits."""
    zoning = property_zoning(property_address=property_address)
    rules = list(UseRule.objects.filter(use=business_type).select_related("district").order_by("district__code"))
    rule = next((r for r in rules if r.district_id == zoning.district.pk), None)
    status, verdict = use_verdict(rule, capacity=seating_capacity)
    allowed = rule is not None and status != UseStatus.PROHIBITED
    by_ratio = (parking_required(rule, seating_capacity=seating_capacity, floor_area_sqft=floor_area_sqft)
                if allowed else None)
    variance = parking_variance_for(zoning) if allowed else None
    return ComplianceCheck(
        zoning=zoning, use=business_type, seating_capacity=seating_capacity, floor_area_sqft=floor_area_sqft,
        rule=rule, status=status, verdict=verdict,
        parking_required=parking_with_variance(by_ratio, variance),
        parking_by_ratio=by_ratio, parking_variance=variance,
        permitted_in=[r.district.code for r in rules if _allows(r, seating_capacity, UseStatus.PERMITTED)],
        conditional_in=[r.district.code for r in rules if _allows(r, seating_capacity, UseStatus.CONDITIONAL)],
    )


def _allows(rule: UseRule, capacity: int | None, status: str) -> bool:
    return use_verdict(rule, capacity=capacity)[0] == status


def zoning_lookup(*, property_address: str) -> ZoningLookup:
    """Return an address's district, its use rules and the variances filed for the address."""
    zoning = property_zoning(property_address=property_address)
    rules = list(zoning.district.use_rules.order_by("status", "use"))
    variances = list(Variance.objects.filter(address_key=place_key(zoning.place.name))
                     .order_by("-submitted_at", "-id")[:VARIANCES_SHOWN])
    return ZoningLookup(zoning=zoning, rules=rules, variances=variances)


def variance_queryset() -> QuerySet[Variance]:
    return Variance.objects.select_related("district", "parcel").prefetch_related(
        Prefetch("updates", queryset=VarianceUpdate.objects.order_by("created_at", "id")),
    )


def variance_get(*, reference: str) -> Variance:
    """Return the variance with its district, parcel and timeline."""
    number = reference_normalize(reference)
    variance = variance_queryset().filter(reference=number).first()
    if variance is None:
        raise ServiceError(ZoningErrorCode.VARIANCE_NOT_FOUND, VARIANCE_NOT_FOUND_MESSAGE.format(reference=number),
                           field="reference")
    return variance


def district_list() -> QuerySet[District]:
    """Return every district with its use rules."""
    return District.objects.prefetch_related(
        Prefetch("use_rules", queryset=UseRule.objects.order_by("status", "use"))).order_by("code")


# --- The admin's work queue --------------------------------------------------------

PENDING_VARIANCE_STATUSES = (Variance.Status.SUBMITTED, Variance.Status.UNDER_REVIEW)


def work_queue(*, now) -> list:
    """Return what the zoning office must prepare: undecided variances heard this month."""
    import calendar
    from datetime import timedelta

    from django.utils import timezone

    from apps.core.workqueue import WorkItem
    from apps.zoning.hearings import DECISION_DAYS_AFTER_HEARING

    today = timezone.localdate(now)
    first = today.replace(day=1)
    last = today.replace(day=calendar.monthrange(today.year, today.month)[1])
    heard = Variance.objects.filter(status__in=PENDING_VARIANCE_STATUSES, hearing_date__gte=first,
                                    hearing_date__lte=last)
    return [WorkItem(
        label="Variances with a hearing this month", queryset=heard,
        params={"status__in": ",".join(PENDING_VARIANCE_STATUSES), "hearing_date__gte": first.isoformat(),
                "hearing_date__lte": last.isoformat()},
        # Overdue by the domain's target (apps.zoning.hearings.decision_due_on): decided at the hearing.
        overdue=heard.filter(hearing_date__lt=today - timedelta(days=DECISION_DAYS_AFTER_HEARING)),
        target="heard already and still undecided")]
