"""The analyze_requirements answer: the zoning requirement against the supply at peak hours."""
from apps.core.money import CURRENCY, format_money
from apps.parking.parsing import duration_label, duration_words
from apps.business.requirements import RequirementsAnalysis, clock_label

KIND_ICON = {"street": "📍", "garage": "🏢", "lot": "🅿️"}


def _peak_label(analysis: RequirementsAnalysis) -> str:
    peak = analysis.peak
    return f"{clock_label(peak.start)}–{clock_label(peak.end)} ({duration_words(peak.minutes)})"


def _supply_lines(index: int, supply) -> list[str]:
    facility = supply.facility
    if supply.peak_cost == 0:
        price = "free during your peak hours (not enforced then)"
    else:
        price = f"{format_money(supply.peak_cost)} for a peak-long stay"
    lines = [
        f"{index}. {KIND_ICON.get(facility.kind, '📍')} {facility.name} — {supply.distance_miles:.1f} miles away",
        f"   - ✅ {facility.spaces_available} of {facility.capacity} spaces available",
        f"   - 💵 {price}",
    ]
    if supply.time_limit_applies:
        lines.append(f"   - ⏰ {duration_label(facility.time_limit_minutes)} limit while enforced")
    return lines


def _assessment(analysis: RequirementsAnalysis) -> str:
    required = analysis.required_spaces
    if required is None:
        return (f"Zoning sets no parking ratio for a {analysis.business_type} in {analysis.district} "
                "(the use may not be allowed there: check zoning's check_compliance).")
    if required == 0:
        return f"No off-street parking is required in {analysis.district} for this use."
    share = analysis.spaces_available * 100 // required
    return (f"Zoning requires {required} off-street spaces; public parking within walking distance has "
            f"{analysis.spaces_available} spaces available right now ({share}% of the requirement), "
            f"{analysis.spaces_free_at_peak} of them free during your peak hours. Public spaces do not "
            "count toward the requirement unless a shared-parking agreement or a parking variance is "
            "approved.")


def requirements_text(analysis: RequirementsAnalysis) -> str:
    ratio = f" ({analysis.ratio})" if analysis.ratio else ""
    required = "not set" if analysis.required_spaces is None else f"{analysis.required_spaces} off-street spaces"
    lines = [
        f"🅿️ **Parking Requirements for {analysis.resolved_address}**",
        "",
        f"**Business:** {analysis.business_type.replace('_', ' ').title()}, {analysis.seating_capacity} seats",
        f"**Peak Hours:** {_peak_label(analysis)}",
        "",
        f"📐 **Zoning Requirement ({analysis.district}):** {required}{ratio}",
        "",
        "🚗 **Public Parking Within Walking Distance:**",
    ]
    if not analysis.supply:
        lines.append("- None within half a mile.")
    for index, supply in enumerate(analysis.supply, start=1):
        lines += _supply_lines(index, supply)
    lines += [
        "",
        f"💡 **Assessment:** {_assessment(analysis)}",
        "",
        "📞 **Next Steps:**",
        "1. Show the required off-street spaces on your site plan (or a shared-parking agreement)",
        "2. If you cannot provide them, apply for a parking variance (zoning `submit_variance`)",
        "3. Point customers to the free spaces above during your peak hours",
    ]
    return "\n".join(lines)


def requirements_data(analysis: RequirementsAnalysis) -> dict:
    return {
        "business_address": analysis.business_address,
        "resolved_address": analysis.resolved_address,
        "business_type": analysis.business_type,
        "seating_capacity": analysis.seating_capacity,
        "peak_start": analysis.peak.start.strftime("%H:%M"),
        "peak_end": analysis.peak.end.strftime("%H:%M"),
        "peak_minutes": analysis.peak.minutes,
        "zoning_district": analysis.district,
        "zoning_status": analysis.zoning_status,
        "required_spaces": analysis.required_spaces,
        "parking_ratio": analysis.ratio,
        "spaces_available": analysis.spaces_available,
        "spaces_free_at_peak": analysis.spaces_free_at_peak,
        "currency": CURRENCY,
        "facilities": [
            {
                "name": s.facility.name,
                "kind": s.facility.kind,
                "distance_miles": round(s.distance_miles, 2),
                "capacity": s.facility.capacity,
                "spaces_available": s.facility.spaces_available,
                "enforced_minutes_at_peak": s.enforced_minutes,
                "peak_cost": s.peak_cost,
                "time_limit_minutes": s.facility.time_limit_minutes,
                "time_limit_applies": s.time_limit_applies,
            }
            for s in analysis.supply
        ],
    }
