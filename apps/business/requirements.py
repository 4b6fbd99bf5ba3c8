"""How well a business's peak-hour parking demand is met: the zoning requirement and the public
supply near the address, as the seed's restaurant workflow asks (`analyze_requirements`).

A selector (read only). The required spaces come from the zoning domain's own rule for the
use (one source of truth for parking ratios); the supply is the parking search of this
domain, judged over the peak window: which facilities are enforced then, what a peak-long
stay costs, and whether a time limit cuts it short.
"""
import re
from dataclasses import dataclass
from datetime import datetime, time
from decimal import Decimal

from apps.parking.models import ParkingFacility
from apps.parking.search import facility_search
from apps.parking.selectors import facility_cost
from apps.zoning.answers import compliance_reason
from apps.zoning.catalogue import UseStatus
from apps.zoning.selectors import ComplianceCheck, compliance_check

PEAK_RE = re.compile(
    r"^\s*(\d{1,2})(?::(\d{2}))?\s*(am|pm)?\s*(?:-|–|to)\s*(\d{1,2})(?::(\d{2}))?\s*(am|pm)?\s*$", re.I)
PEAK_HOURS_MESSAGE = "Expected a time range such as \"6pm-10pm\", \"18:00-22:00\" or \"11am-2pm\"."
WALKING_RADIUS_MILES = 0.5


@dataclass(frozen=True)
class PeakWindow:
    start: time
    end: time

    @property
    def minutes(self) -> int:
        start = self.start.hour * 60 + self.start.minute
        end = self.end.hour * 60 + self.end.minute
        return (end - start) % (24 * 60) or 24 * 60


@dataclass(frozen=True)
class PeakSupply:
    """One facility within walking distance, seen over the peak window."""

    facility: ParkingFacility
    distance_miles: float
    enforced_minutes: int  # minutes of the peak window that are paid / time-limited
    peak_cost: Decimal
    time_limit_applies: bool


@dataclass(frozen=True)
class RequirementsAnalysis:
    business_address: str
    resolved_address: str
    business_type: str
    seating_capacity: int
    peak: PeakWindow
    district: str
    zoning_status: str
    zoning_reason: str
    required_spaces: int | None  # after an approved parking variance at the address
    required_by_ratio: int | None
    parking_variance: str | None  # the reference of that variance
    ratio: str | None  # None when zoning does not allow the use there (as check_compliance answers)
    supply: list
    spaces_available: int
    spaces_free_at_peak: int


def _clock(hour: str, minute: str | None, meridiem: str | None, fallback: str | None) -> time:
    hours, minutes = int(hour), int(minute or 0)
    meridiem = (meridiem or fallback or "").lower()
    if meridiem:
        if not 1 <= hours <= 12:
            raise ValueError(PEAK_HOURS_MESSAGE)
        hours = hours % 12 + (12 if meridiem == "pm" else 0)
    if not (0 <= hours <= 23 and 0 <= minutes <= 59):
        raise ValueError(PEAK_HOURS_MESSAGE)
    return time(hours, minutes)


def peak_hours_parse(raw: str) -> PeakWindow:
    """Return the window of "6pm-10pm", "6-10pm", "18:00-22:00" or "11am to 2pm"."""
    found = PEAK_RE.match(str(raw))
    if not found:
        raise ValueError(PEAK_HOURS_MESSAGE)
    h1, m1, ap1, h2, m2, ap2 = found.groups()
    window = PeakWindow(start=_clock(h1, m1, ap1, ap2), end=_clock(h2, m2, ap2, None))
    if window.start == window.end:
        raise ValueError(PEAK_HOURS_MESSAGE)
    return window


def _minute_set(start: time, end: time) -> set[int]:
    first, last = start.hour * 60 + start.minute, end.hour * 60 + end.minute
    span = (last - first) % (24 * 60) or 24 * 60
    return {(first + offset) % (24 * 60) for offset in range(span)}


def enforced_minutes(facility: ParkingFacility, peak: PeakWindow) -> int:
    """Minutes of the peak window during which the facility charges (or limits the stay)."""
    if facility.enforcement_start is None or facility.enforcement_end is None:
        charges = facility.flat_rate is not None or bool(facility.hourly_rate)
        return peak.minutes if charges else 0
    return len(_minute_set(peak.start, peak.end) & _minute_set(facility.enforcement_start, facility.enforcement_end))


def _peak_supply(option, peak: PeakWindow) -> PeakSupply:
    facility = option.facility
    paid = enforced_minutes(facility, peak)
    cost = facility_cost(facility, minutes=paid) if paid else Decimal("0.00")
    limit = facility.time_limit_minutes
    return PeakSupply(facility=facility, distance_miles=option.distance_miles, enforced_minutes=paid,
                      peak_cost=cost, time_limit_applies=bool(paid and limit is not None and limit < peak.minutes))


def ratio_text(rule) -> str | None:
    """Return "1 per 4 seats", or None when the rule asks for no parking."""
    if rule is None or not rule.parking_spaces:
        return None
    spaces = f"{rule.parking_spaces.normalize():f}"
    basis = {"seats": "seats", "floor_area": "1,000 sq ft"}.get(rule.parking_basis, rule.parking_basis)
    if rule.parking_basis == "floor_area":
        return f"{spaces} per {basis}"
    return f"{spaces} per {rule.parking_per} {basis}"


def allowed_ratio_text(check: ComplianceCheck) -> str | None:
    """The use's parking ratio where zoning allows the use; None where it does not (no ratio applies)."""
    return ratio_text(check.rule) if check.status != UseStatus.PROHIBITED else None


def peak_supply_near(*, address: str, peak: PeakWindow) -> tuple[str, list[PeakSupply]]:
    """Return the resolved address and the public parking within walking distance, seen over `peak`."""
    search = facility_search(location=address, max_results=10, radius_miles=WALKING_RADIUS_MILES)
    options = sorted([*search.options, *search.ruled_out], key=lambda o: (o.distance_miles, o.facility.pk))
    return search.place.name, [_peak_supply(option, peak) for option in options]


def spaces_free_at_peak(supply: list[PeakSupply]) -> int:
    """Spaces available now in the facilities that charge nothing during the peak window."""
    return sum(s.facility.spaces_available for s in supply if s.peak_cost == 0)


def parking_requirements_analyze(*, business_address: str, seating_capacity: int, peak_hours: str,
                                 business_type: str = "restaurant") -> RequirementsAnalysis:
    """Return the zoning parking requirement of a business and the public supply at its peak."""
    peak = peak_hours_parse(peak_hours)
    check = compliance_check(property_address=business_address, business_type=business_type,
                             seating_capacity=seating_capacity)
    resolved, supply = peak_supply_near(address=business_address, peak=peak)
    return RequirementsAnalysis(
        business_address=business_address, resolved_address=resolved, business_type=business_type,
        seating_capacity=seating_capacity, peak=peak, district=check.zoning.district.code,
        zoning_status=check.status, zoning_reason=compliance_reason(check), required_spaces=check.parking_required,
        required_by_ratio=check.parking_by_ratio,
        parking_variance=check.parking_variance.reference if check.parking_variance else None,
        ratio=allowed_ratio_text(check), supply=supply,
        spaces_available=sum(s.facility.spaces_available for s in supply),
        spaces_free_at_peak=spaces_free_at_peak(supply),
    )


def clock_label(moment: time) -> str:
    return datetime.combine(datetime.min, moment).strftime("%-I:%M %p")
