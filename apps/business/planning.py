"""Opening a business at an address: one plan read from every domain that has a say.

A selector (read only) that asks each domain through its own selectors, in the order a
city's permit counter walks an applicant through them: zoning (may the use be there, and
if only after a hearing, when), permits (which, with fees and documents), parking (what
zoning requires against what is free nearby at the peak hours), safety (occupancy group,
exits), noise (amplified music), then the dated timeline to the opening day.
"""
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from apps.business.requirements import PeakWindow, allowed_ratio_text, peak_hours_parse, peak_supply_near
from apps.business.requirements import spaces_free_at_peak as free_at_peak
from apps.business.timeline import OpeningTimeline, opening_timeline
from apps.core.errors import ServiceError
from apps.noise.selectors import noise_zone_for_place, ordinance_for
from apps.permits.selectors import permit_type_analysis
from apps.safety.selectors import fire_code_requirements
from apps.zoning.catalogue import VARIANCE_FEES, UseStatus, VarianceType
from apps.zoning.hearings import hearing_date_for
from apps.zoning.selectors import ComplianceCheck, address_resolve, compliance_check

# When customers come, by use: the window parking is judged over. Other uses: lunch time.
PEAK_HOURS_BY_USE = {
    "restaurant": "6pm-10pm", "bar": "8pm-12am", "brewery": "5pm-10pm", "event_venue": "6pm-11pm",
    "cafe": "7am-10am", "fitness": "5pm-8pm", "daycare": "7am-9am",
}
DEFAULT_PEAK_HOURS = "11am-2pm"
# Uses with a commercial kitchen or bar: the build-out always needs a building permit.
KITCHEN_USES = frozenset({"restaurant", "cafe", "bar", "brewery"})
AMPLIFIED_SOUND = "amplified_sound"


@dataclass(frozen=True)
class ZoningPath:
    """What the use needs from zoning before anything else: nothing, a conditional use permit, or a variance."""

    kind: str  # "none", "conditional_use_permit" or "use_variance"
    hearing_date: date | None
    fee: Decimal | None  # None: not in the fee catalogue (the zoning office quotes it)


@dataclass(frozen=True)
class PermitNeed:
    code: str
    reason: str
    required: bool  # False: only if the business does what `reason` says
    analysis: dict  # apps.permits' analysis of the project (fees, documents, review time)


@dataclass(frozen=True)
class ParkingPicture:
    peak: PeakWindow
    required_spaces: int | None  # after an approved parking variance at the address
    required_by_ratio: int | None
    parking_variance: str | None  # the reference of that variance
    ratio: str | None
    supply: list
    spaces_free_at_peak: int
    variance_hearing_date: date
    variance_fee: Decimal

    @property
    def spaces_available(self) -> int:
        return sum(s.facility.spaces_available for s in self.supply)

    @property
    def on_site_with_variance(self) -> int | None:
        """What is left to provide on site if a parking variance credits the free public spaces.

        None when no such variance is worth applying for: nothing is required, or one is approved already.
        """
        if not self.required_spaces or self.parking_variance is not None:
            return None
        return max(self.required_spaces - self.spaces_free_at_peak, 0)


@dataclass(frozen=True)
class FirePicture:
    check: object | None  # apps.safety's FireCodeCheck, None when it could not be judged
    missing: str  # why it could not be judged ("" when judged)


@dataclass(frozen=True)
class NoisePicture:
    zone: str
    amplified: object | None  # the zone's amplified-sound ordinance, else its general one


@dataclass(frozen=True)
class OpeningPlan:
    address: str
    resolved_address: str
    business_type: str
    seating_capacity: int | None
    floor_area_sqft: int | None
    serves_alcohol: bool
    today: date
    compliance: ComplianceCheck
    zoning_path: ZoningPath
    permits: list
    parking: ParkingPicture
    fire: FirePicture
    noise: NoisePicture
    timeline: OpeningTimeline

    @property
    def required_fees(self) -> list[tuple[str, Decimal]]:
        """Every fee the plan cannot do without, labelled, in checklist order."""
        fees = []
        if self.zoning_path.fee is not None:
            fees.append(("Use variance application", self.zoning_path.fee))
        for need in self.permits:
            if need.required:
                fees += [(f"{need.analysis['permit_type_name']}: {item['label']}", item["amount"])
                         for item in need.analysis["fees"]["items"]]
        return fees


def zoning_path_for(check: ComplianceCheck, *, today: date) -> ZoningPath:
    """Return the hearing a use needs: none when permitted by right, else the Board's next one it can make."""
    if check.status == UseStatus.PERMITTED:
        return ZoningPath(kind="none", hearing_date=None, fee=None)
    hearing = hearing_date_for(today, notice_days=settings.ZONING_HEARING_NOTICE_DAYS)
    if check.status == UseStatus.CONDITIONAL:
        return ZoningPath(kind="conditional_use_permit", hearing_date=hearing, fee=None)
    return ZoningPath(kind="use_variance", hearing_date=hearing, fee=VARIANCE_FEES[VarianceType.USE])


def permit_needs(check: ComplianceCheck, *, address: str, serves_alcohol: bool,
                 floor_area_sqft: int | None) -> list[PermitNeed]:
    """Return the permits to apply for: the licence, the sign, and the building work when it is needed."""
    use = check.use
    parcel = check.zoning.parcel
    change_of_use = parcel is not None and bool(parcel.current_use) and parcel.current_use != use
    if use in KITCHEN_USES:
        building_reason, building_required = "Kitchen and dining build-out (hood, plumbing, seating)", True
    elif change_of_use:
        building_reason, building_required = f"Change of use from {parcel.get_current_use_display().lower()}", True
    else:
        building_reason, building_required = "Only if you alter the space (walls, wiring, plumbing)", False
    return [
        PermitNeed("business_license", "Every business in city limits", True, permit_type_analysis(
            permit_type="business_license", property_address=address, business_type=use,
            serves_alcohol=serves_alcohol)),
        PermitNeed("building_permit", building_reason, building_required, permit_type_analysis(
            permit_type="building_permit", property_address=address, business_type=use,
            square_feet=floor_area_sqft)),
        PermitNeed("sign", "Storefront sign (skip it if you put up none)", True, permit_type_analysis(
            permit_type="sign", property_address=address)),
    ]


def parking_picture(check: ComplianceCheck, *, address: str, today: date) -> ParkingPicture:
    peak = peak_hours_parse(PEAK_HOURS_BY_USE.get(check.use, DEFAULT_PEAK_HOURS))
    _, supply = peak_supply_near(address=address, peak=peak)
    return ParkingPicture(
        peak=peak, required_spaces=check.parking_required, required_by_ratio=check.parking_by_ratio,
        parking_variance=check.parking_variance.reference if check.parking_variance else None,
        ratio=allowed_ratio_text(check), supply=supply,
        spaces_free_at_peak=free_at_peak(supply),
        variance_hearing_date=hearing_date_for(today, notice_days=settings.ZONING_HEARING_NOTICE_DAYS),
        variance_fee=VARIANCE_FEES[VarianceType.PARKING])


def fire_picture(*, business_type: str, seating_capacity: int | None, floor_area_sqft: int | None) -> FirePicture:
    if seating_capacity is None:
        return FirePicture(check=None, missing="Give seating_capacity (the occupant load) to size exits and "
                                               "the fire-code requirements.")
    try:
        return FirePicture(check=fire_code_requirements(business_type=business_type, capacity=seating_capacity,
                                                        floor_area_sqft=floor_area_sqft), missing="")
    except ServiceError as error:
        return FirePicture(check=None, missing=error.message)


def noise_picture(place) -> NoisePicture:
    zone = noise_zone_for_place(place=place)
    return NoisePicture(zone=zone, amplified=ordinance_for(zone=zone, noise_type=AMPLIFIED_SOUND))


def review_steps(needs: list[PermitNeed]) -> list[tuple[str, str, int]]:
    return [(need.code, f"{need.analysis['permit_type_name']} review", need.analysis["timeline"]["review_days_max"])
            for need in needs if need.required]


def business_opening_plan(*, address: str, business_type: str, seating_capacity: int | None = None,
                          floor_area_sqft: int | None = None, serves_alcohol: bool = False,
                          opening_date: date | None = None, today: date | None = None) -> OpeningPlan:
    """Return the ordered plan for opening `business_type` at `address`, read from every domain."""
    today = today or timezone.localdate()
    place = address_resolve(address=address, field_name="address")
    check = compliance_check(property_address=place.name, business_type=business_type,
                             seating_capacity=seating_capacity, floor_area_sqft=floor_area_sqft)
    path = zoning_path_for(check, today=today)
    needs = permit_needs(check, address=place.name, serves_alcohol=serves_alcohol, floor_area_sqft=floor_area_sqft)
    return OpeningPlan(
        address=address, resolved_address=place.name, business_type=business_type,
        seating_capacity=seating_capacity, floor_area_sqft=floor_area_sqft, serves_alcohol=serves_alcohol,
        today=today, compliance=check, zoning_path=path, permits=needs,
        parking=parking_picture(check, address=place.name, today=today),
        fire=fire_picture(business_type=business_type, seating_capacity=seating_capacity,
                          floor_area_sqft=floor_area_sqft),
        noise=noise_picture(place),
        timeline=opening_timeline(today=today, hearing_date=path.hearing_date, reviews=review_steps(needs),
                                  opening_date=opening_date),
    )
