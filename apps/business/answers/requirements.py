"""The analyze_requirements answer: the zoning requirement against the supply at peak hours.

One facts dict (`requirements_facts`) is the structured answer; the markdown
(`requirements_text`) is rendered from that dict alone, after the output serializer shaped
it for its viewer, so the prose can never state a status, a ratio or a count the structure
does not carry (issue 15: "Zoning sets no parking ratio" printed beside a ratio).
"""
from datetime import time

from apps.business.requirements import RequirementsAnalysis, clock_label
from apps.core.money import CURRENCY
from apps.core.wording import miles_text, money_text, plural
from apps.parking.parsing import duration_label, duration_words
from apps.zoning.catalogue import USE_STATUS_EMOJI, UseStatus, land_use_label

KIND_ICON = {"street": "📍", "garage": "🏢", "lot": "🅿️"}


# --- facts -----------------------------------------------------------------------------
def requirements_facts(analysis: RequirementsAnalysis) -> dict:
    """Return the structured answer: every fact the text states, and nothing it does not."""
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
        "zoning_status_label": UseStatus(analysis.zoning_status).label,
        "zoning_reason": analysis.zoning_reason,
        "required_spaces": analysis.required_spaces,
        "required_by_ratio": analysis.required_by_ratio,
        "parking_variance": analysis.parking_variance,
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


# --- text, from the facts alone ----------------------------------------------------------
def _clock(value: str) -> str:
    return clock_label(time.fromisoformat(value))


def _use(facts: dict) -> str:
    return land_use_label(facts["business_type"]).lower()


def _facility_lines(index: int, facility: dict) -> list[str]:
    available, capacity = facility["spaces_available"], facility["capacity"]
    # A check mark only when there is something to park in.
    spaces = (f"✅ {available} of {capacity} spaces available" if available
              else f"⛔ 0 of {capacity} spaces available (full right now)")
    price = ("free during your peak hours (not enforced then)" if not facility["peak_cost"]
             else f"{money_text(facility['peak_cost'])} for a peak-long stay")
    lines = [f"{index}. {KIND_ICON.get(facility['kind'], '📍')} {facility['name']} — "
             f"{miles_text(facility['distance_miles'])} away",
             f"   - {spaces}",
             f"   - 💵 {price}"]
    if facility["time_limit_applies"]:
        lines.append(f"   - ⏰ {duration_label(facility['time_limit_minutes'])} limit while enforced")
    return lines


def _requirement_line(facts: dict) -> str:
    required, ratio = facts["required_spaces"], facts["parking_ratio"]
    if facts["zoning_status"] == UseStatus.PROHIBITED:
        return "none: zoning does not allow this use here at this size, so no parking ratio applies"
    if required is None:
        return (f"ratio {ratio}; it counts floor area or units, which this tool does not take (zoning "
                "`check_compliance` counts the spaces)")
    if facts["parking_variance"] and facts["required_by_ratio"] != required:
        return (f"{plural(required, 'off-street space')} — parking variance {facts['parking_variance']} lowers "
                f"the {facts['required_by_ratio']} the ratio asks ({ratio})")
    if required == 0:
        return "none required"
    return f"{plural(required, 'off-street space')} ({ratio})"


def _assessment(facts: dict) -> str:
    required = facts["required_spaces"]
    if facts["zoning_status"] == UseStatus.PROHIBITED:
        return (f"Not permitted here ({_use(facts)}, {plural(facts['seating_capacity'], 'seat')}): "
                f"{facts['zoning_reason']} Parking comes after zoning; zoning's `check_compliance` lists the "
                "districts that allow it.")
    supply = (f"public parking within walking distance has {plural(facts['spaces_available'], 'space')} available "
              f"right now, {facts['spaces_free_at_peak']} of them free during your peak hours.")
    if required is None:
        return (f"Zoning's parking ratio for this use ({_use(facts)}) in {facts['zoning_district']} is "
                f"{facts['parking_ratio']}; {supply}")
    if required == 0:
        return f"No off-street parking is required in {facts['zoning_district']} for this use; {supply}"
    granted = (f" beyond what parking variance {facts['parking_variance']} already grants"
               if facts["parking_variance"] else "")
    return (f"Zoning requires {plural(required, 'off-street space')}; {supply} Public spaces do not count toward "
            f"the requirement{granted} unless a shared-parking agreement or a parking variance is approved.")


def _next_steps(facts: dict) -> list[str]:
    required = facts["required_spaces"]
    if facts["zoning_status"] == UseStatus.PROHIBITED:
        return ["Find a district that permits this use at this size (zoning `check_compliance` lists them)",
                "Or apply for a use variance (zoning `submit_variance`, variance_type \"use\")"]
    steps = []
    if required is None:
        steps.append("Ask zoning's `check_compliance` with your floor area for the spaces required")
    elif required and facts["parking_variance"] and facts["required_by_ratio"] != required:
        steps.append(f"Show the {plural(required, 'off-street space')} parking variance "
                     f"{facts['parking_variance']} requires on your site plan")
    elif required:
        steps += ["Show the required off-street spaces on your site plan (or a shared-parking agreement)",
                  "If you cannot provide them, apply for a parking variance (zoning `submit_variance`)"]
    if facts["spaces_free_at_peak"]:
        steps.append(f"Point customers to the {plural(facts['spaces_free_at_peak'], 'free space')} above during "
                     "your peak hours")
    elif facts["spaces_available"]:
        steps.append("No public space nearby is free during your peak hours: tell customers what the paid ones "
                     "above cost")
    else:
        steps.append("Public parking within walking distance is full right now: plan for your customers' parking")
    return steps


def requirements_text(facts: dict) -> str:
    """Render the answer for people from the structured facts alone."""
    status = UseStatus(facts["zoning_status"])
    peak = f"{_clock(facts['peak_start'])}–{_clock(facts['peak_end'])} ({duration_words(facts['peak_minutes'])})"
    lines = [
        f"🅿️ **Parking Requirements for {facts['resolved_address']}**",
        "",
        f"**Business:** {land_use_label(facts['business_type'])}, {plural(facts['seating_capacity'], 'seat')}",
        f"**Peak Hours:** {peak}",
        f"**Zoning ({facts['zoning_district']}):** {USE_STATUS_EMOJI[status]} {facts['zoning_status_label']}",
        "",
        f"📐 **Zoning Requirement ({facts['zoning_district']}):** {_requirement_line(facts)}",
        "",
        "🚗 **Public Parking Within Walking Distance:**",
    ]
    if not facts["facilities"]:
        lines.append("- None within half a mile.")
    for index, facility in enumerate(facts["facilities"], start=1):
        lines += _facility_lines(index, facility)
    lines += ["", f"💡 **Assessment:** {_assessment(facts)}", "", "📞 **Next Steps:**"]
    lines += [f"{number}. {step}" for number, step in enumerate(_next_steps(facts), start=1)]
    return "\n".join(lines)
