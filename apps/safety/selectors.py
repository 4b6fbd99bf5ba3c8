"""Reads for safety: fire-code requirements by capacity, incidents, and units by distance."""
import math
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet

from apps.core import references
from apps.core.errors import ServiceError
from apps.places.geo import distance_miles
from apps.places.models import Place
from apps.places.selectors import place_resolve
from apps.safety.catalogue import DEFAULT_RESPONSE, BusinessType, IncidentType, RequirementCategory, label_of
from apps.safety.errors import INCIDENT_NOT_FOUND_MESSAGE, NO_OCCUPANCY_RULE_MESSAGE, SafetyErrorCode
from apps.safety.models import Dispatch, FireCodeRule, Incident, IncidentUpdate, OccupancyRule, ResponseUnit
from apps.safety.locks import NUMBERED

CATEGORY_ORDER = {value: index for index, value in enumerate(RequirementCategory.values)}


@dataclass(frozen=True)
class RequirementLine:
    rule: FireCodeRule
    quantity: int | None


@dataclass
class FireCodeCheck:
    """The fire-code requirements of a business at a capacity, in category order."""

    business_type: str
    capacity: int
    floor_area_sqft: int | None
    occupancy: OccupancyRule
    lines: list[RequirementLine]


@dataclass(frozen=True)
class NearbyUnit:
    unit: ResponseUnit
    distance_miles: float | None
    eta_minutes: int | None


def reference_normalize(value: str) -> str:
    """Return the stored form of a typed reference (upper case, number padded): apps/core/references."""
    return references.reference_normalize(value, NUMBERED)


def location_resolve(*, location: str, field_name: str = "location") -> Place:
    """Resolve a location through the gazetteer; a failure names the argument `field_name`."""
    return place_resolve(query=location, field=field_name)


# --- fire code ---------------------------------------------------------------------------
def _in_band(capacity: int) -> Q:
    return Q(min_capacity__lte=capacity) & (Q(max_capacity__isnull=True) | Q(max_capacity__gte=capacity))


def occupancy_rule_for(*, business_type: str, capacity: int) -> OccupancyRule:
    """Return the occupancy band a business falls in at `capacity`."""
    rule = OccupancyRule.objects.filter(_in_band(capacity), business_type=business_type).order_by(
        "-min_capacity").first()
    if rule is None:
        raise ServiceError(SafetyErrorCode.NO_OCCUPANCY_RULE, NO_OCCUPANCY_RULE_MESSAGE.format(
            business=label_of(BusinessType, business_type).lower(), capacity=capacity), field="business_type")
    return rule


def rule_quantity(rule: FireCodeRule, *, floor_area_sqft: int | None) -> int | None:
    """Return how many a rule asks for: one per `per_square_feet` when the area is known, at least `quantity`."""
    if rule.per_square_feet and floor_area_sqft:
        return max(rule.quantity or 1, math.ceil(floor_area_sqft / rule.per_square_feet))
    return rule.quantity


def fire_code_requirements(*, business_type: str, capacity: int, floor_area_sqft: int | None = None) -> FireCodeCheck:
    """Return the occupancy group and the fire-code rules that apply to a business at a capacity."""
    occupancy = occupancy_rule_for(business_type=business_type, capacity=capacity)
    rules = FireCodeRule.objects.filter(
        _in_band(capacity),
        occupancy_group__in=[occupancy.occupancy_group, ""],
        business_type__in=[business_type, ""],
    )
    ordered = sorted(rules, key=lambda r: (CATEGORY_ORDER[r.category], r.min_capacity, r.pk))
    return FireCodeCheck(
        business_type=business_type, capacity=capacity, floor_area_sqft=floor_area_sqft, occupancy=occupancy,
        lines=[RequirementLine(rule=r, quantity=rule_quantity(r, floor_area_sqft=floor_area_sqft)) for r in ordered],
    )


def occupancy_rule_list() -> QuerySet[OccupancyRule]:
    return OccupancyRule.objects.order_by("business_type", "min_capacity")


def fire_code_rule_list() -> QuerySet[FireCodeRule]:
    return FireCodeRule.objects.order_by("category", "occupancy_group", "business_type", "min_capacity", "id")


# --- units -------------------------------------------------------------------------------
def eta_minutes(miles: float) -> int:
    """Return the minutes a unit needs to cover `miles` at the city's response speed (at least 1)."""
    return max(1, math.ceil(miles / settings.SAFETY_RESPONSE_SPEED_MPH * 60))


def unit_distance(unit: ResponseUnit, latitude, longitude) -> float:
    return distance_miles(latitude, longitude, unit.latitude, unit.longitude)


def unit_list(*, status: str | None = None, unit_type: str | None = None,
              near: Place | None = None) -> list[NearbyUnit]:
    """Return units (by type and call sign, or nearest first when `near` is given)."""
    units = ResponseUnit.objects.select_related("current_incident").order_by("unit_type", "call_sign")
    if status:
        units = units.filter(status=status)
    if unit_type:
        units = units.filter(unit_type=unit_type)
    if near is None:
        return [NearbyUnit(unit=unit, distance_miles=None, eta_minutes=None) for unit in units]
    found = []
    for unit in units:
        miles = unit_distance(unit, near.latitude, near.longitude)
        found.append(NearbyUnit(unit=unit, distance_miles=miles, eta_minutes=eta_minutes(miles)))
    return sorted(found, key=lambda item: (item.distance_miles, item.unit.call_sign))


def units_nearest_available(*, latitude, longitude, unit_types: list[str]) -> list[NearbyUnit]:
    """Return the nearest available unit of each type (types without one are left out)."""
    best: dict[str, NearbyUnit] = {}
    units = ResponseUnit.objects.filter(unit_type__in=unit_types, status=ResponseUnit.Status.AVAILABLE)
    for unit in units.order_by("pk"):
        miles = unit_distance(unit, latitude, longitude)
        if unit.unit_type not in best or miles < best[unit.unit_type].distance_miles:
            best[unit.unit_type] = NearbyUnit(unit=unit, distance_miles=miles, eta_minutes=eta_minutes(miles))
    return [best[kind] for kind in dict.fromkeys(unit_types) if kind in best]


def unit_search(*, status: str | None = None, unit_type: str | None = None,
                near: str | None = None) -> tuple[Place | None, list[NearbyUnit]]:
    """Return the place `near` names (if given) and the matching units, nearest first."""
    place = location_resolve(location=near, field_name="near") if near else None
    return place, unit_list(status=status, unit_type=unit_type, near=place)


def units_nearest_incident(*, incident: Incident) -> list[NearbyUnit]:
    """Return the nearest available unit of each type the incident's standard response uses."""
    return units_nearest_available(latitude=incident.latitude, longitude=incident.longitude,
                                   unit_types=list(DEFAULT_RESPONSE[IncidentType(incident.incident_type)]))


# --- incidents ---------------------------------------------------------------------------
def incident_queryset() -> QuerySet[Incident]:
    return Incident.objects.prefetch_related(
        Prefetch("dispatches", queryset=Dispatch.objects.select_related("unit").order_by("dispatched_at", "id")),
        Prefetch("updates", queryset=IncidentUpdate.objects.order_by("created_at", "id")),
    )


def incident_get(*, reference: str) -> Incident:
    """Return the incident with its dispatches (and their units) and its timeline."""
    number = reference_normalize(reference)
    incident = incident_queryset().filter(reference=number).first()
    if incident is None:
        raise ServiceError(SafetyErrorCode.INCIDENT_NOT_FOUND, INCIDENT_NOT_FOUND_MESSAGE.format(reference=number),
                           field="reference")
    return incident


def incident_open_list() -> list[Incident]:
    """Return the incidents not yet resolved, most urgent and oldest first."""
    order = ["critical", "high", "normal", "low"]
    incidents = list(incident_queryset().exclude(status=Incident.Status.RESOLVED))
    return sorted(incidents, key=lambda i: (order.index(i.priority), i.reported_at))


# --- The admin's work queue --------------------------------------------------------

OPEN_INCIDENT_STATUSES = (Incident.Status.REPORTED, Incident.Status.DISPATCHED, Incident.Status.ON_SCENE)


def work_queue(*, now) -> list:
    """Return what dispatchers must watch: incidents not yet resolved, those past their step's target first."""
    from apps.core.workqueue import WorkItem
    from apps.safety.targets import DISPATCH_TARGET_MINUTES, incidents_overdue_q

    open_incidents = Incident.objects.filter(status__in=OPEN_INCIDENT_STATUSES)
    return [WorkItem(
        label="Open incidents", queryset=open_incidents, params={"status__in": ",".join(OPEN_INCIDENT_STATUSES)},
        overdue=open_incidents.filter(incidents_overdue_q(now)),
        target=f"units dispatched within {DISPATCH_TARGET_MINUTES} minutes, on scene and cleared within the "
               "priority's targets")]
