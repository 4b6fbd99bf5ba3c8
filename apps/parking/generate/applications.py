"""Synthetic permit applications with their timelines and assessed fees.

Applications use the demo catalogue's active permit types at addresses whose zoning the
type allows; fees are assessed with the same rules engine submission uses
(apps.permits.fees), and each timeline walks the workflow's own transitions.
"""
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Max
from django.utils import timezone

from apps.core.numbering import reference_advance, reference_last
from apps.parking.generate.writer import TableWriter, next_pk
from apps.permits.fees import fee_lines
from apps.permits.models import AssessedFee, PermitApplication, TimelineEntry
from apps.permits.rules import Project, zone_class

Status = PermitApplication.Status
# Where an application ends up, and the path it took to get there.
PATHS = [
    (30, [Status.SUBMITTED, Status.IN_REVIEW, Status.APPROVED, Status.ISSUED, Status.INSPECTIONS, Status.FINALED]),
    (12, [Status.SUBMITTED, Status.IN_REVIEW, Status.APPROVED, Status.ISSUED]),
    (8, [Status.SUBMITTED, Status.IN_REVIEW, Status.APPROVED, Status.ISSUED, Status.INSPECTIONS]),
    (8, [Status.SUBMITTED, Status.IN_REVIEW, Status.APPROVED]),
    (12, [Status.SUBMITTED, Status.IN_REVIEW]),
    (10, [Status.SUBMITTED]),
    (6, [Status.SUBMITTED, Status.IN_REVIEW, Status.CORRECTIONS_REQUESTED]),
    (5, [Status.SUBMITTED, Status.IN_REVIEW, Status.REJECTED]),
    (4, [Status.SUBMITTED, Status.WITHDRAWN]),
]
NOTES = {Status.CORRECTIONS_REQUESTED: "Site plan must show setbacks from the property line.",
         Status.REJECTED: "The project exceeds the lot coverage allowed in this district."}
FIRST = ["Alex", "Sam", "Priya", "Jordan", "Maria", "Wei", "Omar", "Grace", "Luis", "Hana", "Tom", "Aisha"]
LAST = ["Kim", "Garcia", "Nguyen", "Patel", "Smith", "Okafor", "Rossi", "Chen", "Haddad", "Silva", "Brown"]
PROJECTS = {
    "residential_deck": ("Adding {area} sq ft deck behind the house", (120, 900)),
    "building_permit": ("Building a {area} sq ft addition", (150, 2500)),
    "business_license": ("Opening a {business} on the ground floor", (600, 4000)),
    "sign": ("Installing a {area} sq ft storefront sign", (8, 80)),
    "roofing": ("Re-roofing {area} sq ft", (800, 4500)),
    "fence": ("Replacing a 6 ft fence along {area} ft of the lot line", (30, 200)),
}
BUSINESSES = ["restaurant", "retail shop", "coffee shop", "salon", "bakery"]


@dataclass
class ApplicationResult:
    applications: int = 0
    by_status: dict = field(default_factory=dict)


def _sites(places: list, permit_type) -> list:
    allowed = permit_type.zone_class_list()
    sites = [p for p in places if p.kind in ("address", "street") and zone_class(p.zone)
             and (not allowed or zone_class(p.zone) in allowed)]
    return sites


def _last_reference(year: int) -> int:
    """The highest reference number of `year` on record or handed out."""
    counted = reference_last(prefix="PRM", year=year)
    top = (PermitApplication.objects.filter(reference__startswith=f"PRM-{year}-")
           .aggregate(top=Max("reference"))["top"])
    return max(counted, int(top.rsplit("-", 1)[1]) if top else 0)


def _address(rng: random.Random, place) -> str:
    return place.name if place.kind == "address" else f"{rng.randint(1, 2999)} {place.name}"


def generate_applications(count: int, *, permit_types: list, places: list, end_date: date | None = None,
                          years: int = 2, seed: int = 0) -> ApplicationResult:
    """Write `count` applications submitted over the last `years` years."""
    rng = random.Random(seed)
    zone = timezone.get_current_timezone()
    end = end_date or timezone.localdate()
    span = max(1, years * 365)
    catalogue = [(t, list(t.fee_rules.all()), _sites(places, t)) for t in permit_types]
    catalogue = [entry for entry in catalogue if entry[2]]
    result = ApplicationResult()
    if not catalogue or count <= 0:
        return result
    weights, paths = zip(*PATHS)
    writers = {m: TableWriter(m) for m in (PermitApplication, TimelineEntry, AssessedFee)}
    pks = {m: next_pk(m) for m in writers}
    counters: dict[int, int] = {}
    offsets = sorted(rng.randrange(span) for _ in range(count))
    for offset in offsets:
        permit_type, rules, sites = rng.choice(catalogue)
        day = end - timedelta(days=span - 1 - offset)
        submitted = datetime.combine(day, time(rng.randint(8, 17), rng.randrange(60)), tzinfo=zone)
        path = list(rng.choices(paths, weights=weights)[0])
        site = rng.choice(sites)
        template, (low, high) = PROJECTS.get(permit_type.code, ("{area} sq ft of work", (50, 1500)))
        area = rng.randint(low, high)
        valuation = Decimal(area * rng.randint(40, 220)).quantize(Decimal("1.00"))
        description = template.format(area=area, business=rng.choice(BUSINESSES))
        year = day.year
        if year not in counters:
            counters[year] = _last_reference(year)
        counters[year] += 1
        pk = pks[PermitApplication]
        steps = [submitted]
        for _ in path[1:]:
            steps.append(min(steps[-1] + timedelta(days=rng.randint(1, 20), hours=rng.randint(0, 6)),
                             datetime.combine(end, time(17), tzinfo=zone)))
        status = path[-1]
        approved_at = steps[path.index(Status.APPROVED)] if Status.APPROVED in path else None
        writers[PermitApplication].write({
            "id": pk, "reference": f"PRM-{year}-{counters[year]:06d}", "permit_type_id": permit_type.pk,
            "applicant": f"{rng.choice(FIRST)} {rng.choice(LAST)}", "property_address": _address(rng, site),
            "place_id": site.pk, "zone": site.zone, "description": description, "valuation": valuation,
            "area_sqft": area, "status": status, "is_complete": status != Status.SUBMITTED or rng.random() < 0.5,
            "submitted_at": submitted, "submitted_by": "generate_city", "status_changed_at": steps[-1],
            "fees_due_on": day + timedelta(days=permit_type.payment_due_days),
            "valid_until": (approved_at.date() + timedelta(days=30 * permit_type.validity_months))
            if approved_at else None,
        })
        for step, at in zip(path, steps):
            pks[TimelineEntry] += 1
            writers[TimelineEntry].write({"id": pks[TimelineEntry] - 1, "application_id": pk, "status": step,
                                          "note": NOTES.get(step, ""), "actor": "generate_city", "created_at": at})
        paid = approved_at + timedelta(days=2) if status in (Status.ISSUED, Status.INSPECTIONS, Status.FINALED) \
            else None
        project = Project(area_sqft=area, valuation=valuation, description=description)
        for sequence, line in enumerate(fee_lines(rules, project, permit_type.area_threshold_sqft)):
            pks[AssessedFee] += 1
            writers[AssessedFee].write({"id": pks[AssessedFee] - 1, "application_id": pk, "label": line.label,
                                        "kind": line.kind, "amount": line.amount, "note": line.note,
                                        "sequence": sequence, "paid_at": paid})
        pks[PermitApplication] += 1
        result.by_status[status] = result.by_status.get(status, 0) + 1
    result.applications = writers[PermitApplication].close()
    writers[TimelineEntry].close()
    writers[AssessedFee].close()
    for year, last in counters.items():
        reference_advance(prefix="PRM", year=year, last_number=last)
    return result
