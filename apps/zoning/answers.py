"""Turn zoning records into answers: the structured facts first, the markdown read from them.

Writing the text from the same dict the structured answer carries keeps the two in step.
"""
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from apps.core.money import CURRENCY, format_money
from apps.core.wording import day_text, moment_text, plural, when_text
from apps.zoning.catalogue import USE_STATUS_EMOJI, ParkingBasis, UseStatus, VarianceType, land_use_label
from apps.zoning.deadlines import HearingStatus, hearing_text, variance_hearing_state
from apps.zoning.models import District, Parcel, UseRule, Variance
from apps.zoning.selectors import ComplianceCheck, PropertyZoning, Verdict, ZoneSource, ZoningLookup
from apps.zoning.services import VarianceChange, VarianceSubmission

VARIANCE_STATUS_EMOJI = {"submitted": "📝", "under_review": "🔎", "approved": "✅", "denied": "❌", "withdrawn": "⚪"}


def number(value: Decimal) -> str:
    """Return "1" for 1.00 and "2.5" for 2.50."""
    return f"{value.normalize():f}" if value != value.to_integral_value() else f"{value:.0f}"


# --- shared pieces -----------------------------------------------------------------------
def district_facts(district: District) -> dict:
    return {"code": district.code, "name": district.name, "category": district.category,
            "code_section": district.code_section}


def standards_facts(district: District) -> dict:
    return {
        "setbacks": {"front_ft": district.front_setback_ft, "side_ft": district.side_setback_ft,
                     "rear_ft": district.rear_setback_ft},
        "max_height_ft": district.max_height_ft,
        "max_lot_coverage_pct": district.max_lot_coverage_pct,
    }


def parcel_facts(parcel: Parcel | None) -> dict | None:
    if parcel is None:
        return None
    return {"parcel_number": parcel.parcel_number, "lot_area_sqft": parcel.lot_area_sqft,
            "current_use": parcel.current_use or None}


def parking_ratio(rule: UseRule) -> str:
    """Return "1 space per 4 seats", "2.5 spaces per 1,000 sq ft of floor area" or "none required"."""
    if rule.parking_basis == ParkingBasis.NONE or not rule.parking_spaces:
        return "none required"
    spaces = f"{number(rule.parking_spaces)} {'space' if rule.parking_spaces == 1 else 'spaces'}"
    per = rule.parking_per
    if rule.parking_basis == ParkingBasis.SEATS:
        unit = "seat" if per == 1 else f"{per} seats"
    elif rule.parking_basis == ParkingBasis.FLOOR_AREA:
        unit = f"{per * 1000:,} sq ft of floor area"
    else:
        unit = "unit" if per == 1 else f"{per} units"
    return f"{spaces} per {unit}"


def _zoning_source(zoning: PropertyZoning) -> dict:
    return {"district_source": zoning.source, "street": zoning.street}


def _source_text(facts: dict) -> str:
    if facts["district_source"] == ZoneSource.STREET:
        return f" — from {facts['street']}, the street it is on"
    if facts["district_source"] == ZoneSource.PARCEL:
        return f" — parcel {facts['parcel']['parcel_number']}"
    return ""


def _standards_lines(facts: dict) -> list[str]:
    setbacks = facts["setbacks"]
    return [f"- 📏 Setbacks: front {setbacks['front_ft']} ft, side {setbacks['side_ft']} ft, "
            f"rear {setbacks['rear_ft']} ft",
            f"- 🏢 Maximum height: {facts['max_height_ft']} ft; lot coverage up to {facts['max_lot_coverage_pct']}%"]


# --- check_compliance --------------------------------------------------------------------
def compliance_reason(check: ComplianceCheck) -> str:
    """Return the sentence that says why the use got its status (every answer that judges a use uses it)."""
    use = f"{land_use_label(check.use)} use"
    district = check.zoning.district
    rule = check.rule
    if check.verdict == Verdict.NOT_LISTED:
        return f"{use} is not a listed use in {district.code} ({district.name}), so it is not permitted there."
    if check.verdict == Verdict.PROHIBITED:
        return f"{use} is prohibited in {district.code} ({district.name})."
    if check.verdict == Verdict.OVER_LIMIT:
        return (f"A capacity of {check.seating_capacity} exceeds the {rule.capacity_limit} allowed for "
                f"{use.lower()} in {district.code}.")
    if check.verdict == Verdict.CONDITIONAL_USE:
        return f"{use} needs a conditional use permit in {district.code} ({district.name})."
    if check.verdict == Verdict.OVER_BY_RIGHT:
        return (f"{use} is permitted by right in {district.code} up to a capacity of {rule.capacity_by_right}; "
                f"{check.seating_capacity} needs a conditional use permit.")
    limit = f" up to a capacity of {rule.capacity_by_right}" if rule.capacity_by_right is not None else ""
    return f"{use} is permitted by right in {district.code} ({district.name}){limit}."


def _compliance_steps(check: ComplianceCheck, parking: dict) -> list[str]:
    if check.status == UseStatus.PROHIBITED:
        steps = []
        if check.verdict == Verdict.OVER_LIMIT:
            steps.append(f"Plan for a capacity of {check.rule.capacity_limit} or fewer at this address.")
        if check.permitted_in:
            steps.append(f"Look for a property in a district that permits this use: {', '.join(check.permitted_in)}.")
        elif check.conditional_in:
            steps.append(f"This use is allowed with a conditional use permit in: {', '.join(check.conditional_in)}.")
        steps.append("Or apply for a variance (submit_variance, variance_type \"use\"); the Board of Zoning Appeals "
                     "decides at a public hearing.")
        return steps
    if check.status == UseStatus.CONDITIONAL:
        steps = ["Apply for a conditional use permit before signing a lease; it is decided at a public hearing."]
    else:
        steps = ["No zoning approval is needed for this use: apply for a business license and any building permits."]
    if parking["required_spaces"] and parking["variance"] is not None and (
            parking["required_by_ratio"] != parking["required_spaces"]):
        steps.append(f"Provide the {plural(parking['required_spaces'], 'off-street parking space')} parking "
                     f"variance {parking['variance']['reference']} requires.")
    elif parking["required_spaces"]:
        steps.append(f"Provide {plural(parking['required_spaces'], 'off-street parking space')} on site or "
                     "through a shared-parking agreement.")
    elif parking["required_spaces"] is None:
        if parking["basis"] == ParkingBasis.UNITS:  # no argument counts units: say what to multiply
            steps.append(f"Parking is {parking['ratio']}: multiply it by the dwellings or guest rooms planned.")
        else:
            given = "seating_capacity" if parking["basis"] == ParkingBasis.SEATS else "floor_area_sqft"
            steps.append(f"Parking is {parking['ratio']}; give {given} to compute the spaces required.")
    steps.append("Check the fire-code requirements for your occupancy (exits, extinguishers, inspections) before "
                 "opening.")
    return steps


def parking_variance_facts(variance: Variance | None) -> dict | None:
    """The approved parking variance that lowers a property's requirement, as answers show it."""
    if variance is None:
        return None
    return {"reference": variance.reference, "spaces_required": variance.parking_spaces_required,
            "decided_on": timezone.localdate(variance.decided_at)}


def parking_needed_text(parking: dict) -> str:
    """Return "10 spaces (1 space per 4 seats)", or with a variance "4 spaces — parking variance … (10 by …)"."""
    spaces, variance = parking["required_spaces"], parking["variance"]
    if spaces is None:
        return f"ratio {parking['ratio']}"
    if variance is not None and parking["required_by_ratio"] != spaces:
        return (f"{plural(spaces, 'space')} — parking variance {variance['reference']} (approved "
                f"{day_text(variance['decided_on'])}) lowers the {parking['required_by_ratio']} the ratio asks "
                f"({parking['ratio']})")
    if spaces == 0:
        return "none required"
    return f"{plural(spaces, 'space')} ({parking['ratio']})"


def compliance_facts(check: ComplianceCheck) -> dict:
    rule, district = check.rule, check.zoning.district
    allowed = rule is not None and check.status != UseStatus.PROHIBITED
    parking = {
        "required_spaces": check.parking_required,
        "required_by_ratio": check.parking_by_ratio,
        "ratio": parking_ratio(rule) if allowed else None,
        "spaces": rule.parking_spaces if allowed else None,
        "per": rule.parking_per if allowed else None,
        "basis": rule.parking_basis if allowed else None,
        "variance": parking_variance_facts(check.parking_variance),
    }
    return {
        "property_address": check.zoning.place.name,
        "business_type": check.use,
        "business_type_label": land_use_label(check.use),
        "district": district_facts(district),
        **_zoning_source(check.zoning),
        "parcel": parcel_facts(check.zoning.parcel),
        "seating_capacity": check.seating_capacity,
        "floor_area_sqft": check.floor_area_sqft,
        "status": check.status,
        "status_label": UseStatus(check.status).label,
        "compliant": check.status == UseStatus.PERMITTED,
        "conditional_use_permit_required": check.status == UseStatus.CONDITIONAL,
        "reason": compliance_reason(check),
        "capacity_by_right": rule.capacity_by_right if rule is not None else None,
        "max_occupancy": rule.capacity_limit if rule is not None else None,
        "parking": parking,
        **standards_facts(district),
        "conditions": (rule.conditions or None) if rule is not None else None,
        "permitted_in": check.permitted_in,
        "conditional_in": check.conditional_in,
        "next_steps": _compliance_steps(check, parking),
    }


def compliance_text(facts: dict) -> str:
    district = facts["district"]
    lines = [f"🏡 **Zoning Compliance Check: {facts['business_type_label']} at {facts['property_address']}**", "",
             "**Property:**",
             f"- District: {district['code']} ({district['name']}){_source_text(facts)}"]
    if facts["parcel"]:
        lines.append(f"- Parcel: {facts['parcel']['parcel_number']} ({facts['parcel']['lot_area_sqft']:,} sq ft lot)")
    if facts["seating_capacity"] is not None:
        lines.append(f"- Seating capacity: {facts['seating_capacity']}")
    if facts["floor_area_sqft"] is not None:
        lines.append(f"- Floor area: {facts['floor_area_sqft']:,} sq ft")
    lines += ["", f"{USE_STATUS_EMOJI[UseStatus(facts['status'])]} **{facts['status_label']}** — {facts['reason']}"]
    if facts["status"] != UseStatus.PROHIBITED:
        lines += ["", "📋 **Requirements:**", f"- 🚗 Parking: {parking_needed_text(facts['parking'])}"]
        if facts["max_occupancy"] is not None:
            above = (f" (conditional use permit above {facts['capacity_by_right']})"
                     if facts["capacity_by_right"] is not None else "")
            lines.append(f"- 👥 Maximum occupancy: {facts['max_occupancy']}{above}")
        lines += _standards_lines(facts)
        if facts["conditions"]:
            lines.append(f"- ⚖️ Conditions: {facts['conditions']}")
    lines += ["", "📞 **Next Steps:**", *(f"{n}. {step}" for n, step in enumerate(facts["next_steps"], start=1))]
    return "\n".join(lines)


# --- lookup_zoning -----------------------------------------------------------------------
def use_rule_facts(rule: UseRule) -> dict:
    return {"use": rule.use, "label": land_use_label(rule.use), "status": rule.status,
            "capacity_by_right": rule.capacity_by_right, "max_occupancy": rule.capacity_limit,
            "parking_ratio": parking_ratio(rule), "conditions": rule.conditions or None}


def variance_summary(variance: Variance) -> dict:
    return {"reference": variance.reference, "variance_type": variance.variance_type, "status": variance.status,
            "hearing_date": variance.hearing_date, **variance_hearing_state(variance).facts(),
            "submitted_at": variance.submitted_at}


def lookup_facts(lookup: ZoningLookup) -> dict:
    zoning = lookup.zoning
    return {
        "property_address": zoning.place.name,
        "district": {**district_facts(zoning.district), "description": zoning.district.description or None},
        **_zoning_source(zoning),
        "parcel": parcel_facts(zoning.parcel),
        **standards_facts(zoning.district),
        "uses": [use_rule_facts(rule) for rule in lookup.rules],
        "variances": [variance_summary(v) for v in lookup.variances],
    }


def _uses_line(uses: list[dict], status: str) -> str:
    items = []
    for use in (u for u in uses if u["status"] == status):
        limit = f" (by right up to {use['capacity_by_right']})" if (
            status == UseStatus.PERMITTED and use["capacity_by_right"] is not None) else ""
        items.append(f"{use['label']}{limit}")
    return ", ".join(items) or "none"


def lookup_text(facts: dict) -> str:
    district = facts["district"]
    lines = [f"🗺️ **Zoning at {facts['property_address']}**", "",
             f"- District: {district['code']} — {district['name']} ({district['code_section']}){_source_text(facts)}"]
    if facts["parcel"]:
        parcel = facts["parcel"]
        use = f", current use: {land_use_label(parcel['current_use'])}" if parcel["current_use"] else ""
        lines.append(f"- Parcel: {parcel['parcel_number']}, {parcel['lot_area_sqft']:,} sq ft lot{use}")
    if district["description"]:
        lines.append(f"- {district['description']}")
    lines += ["", "📏 **Development Standards:**", *_standards_lines(facts), "",
              f"✅ **Permitted uses:** {_uses_line(facts['uses'], UseStatus.PERMITTED)}",
              f"⚠️ **Conditional uses (permit required):** {_uses_line(facts['uses'], UseStatus.CONDITIONAL)}",
              "❌ Every other use is not permitted in this district."]
    if facts["variances"]:
        lines += ["", "📋 **Variance applications at this address:**"]
        for item in facts["variances"]:
            lines.append(f"- {item['reference']} — {VarianceType(item['variance_type']).label}, "
                         f"{Variance.Status(item['status']).label}, hearing {hearing_text(item)}")
    lines += ["", "💡 **Tip:** check_compliance tells you whether a particular business fits here, with its "
              "parking and occupancy limits."]
    return "\n".join(lines)


# --- variances ---------------------------------------------------------------------------
VARIANCE_NEXT_STEP = {
    "submitted": "Staff review the application and the Board of Zoning Appeals hears it on {hearing}.",
    "under_review": "Staff are reviewing the application; the Board of Zoning Appeals hears it on {hearing}.",
    "approved": "Approved: permits that depend on this variance can now be issued.",
    "denied": "Denied: the decision note says why; a revised application may be filed.",
    "withdrawn": "Withdrawn: nothing more will happen with this application.",
}
DECISION_OVERDUE_STEP = (
    "The Board of Zoning Appeals heard it on {hearing}; its decision was due then and is overdue by {late}. "
    "Ask the zoning office when it will be decided."
)
PARKING_APPROVED_STEP = (
    "Approved: {spaces} required at the property in place of the district's parking ratio (check_compliance "
    "and plan_business_opening count it)."
)


def variance_next_step(variance: Variance, state) -> str:
    """The next step, worded against today: an overdue decision says so instead of "hears it on"."""
    if state.status == HearingStatus.DECISION_OVERDUE:
        return DECISION_OVERDUE_STEP.format(hearing=day_text(variance.hearing_date),
                                            late=plural(state.days_overdue, "day"))
    if variance.parking_spaces_required is not None:
        return PARKING_APPROVED_STEP.format(spaces=plural(variance.parking_spaces_required, "off-street space"))
    return VARIANCE_NEXT_STEP[variance.status].format(hearing=when_text(variance.hearing_date))


def variance_facts(variance: Variance) -> dict:
    state = variance_hearing_state(variance)
    return {
        "reference": variance.reference,
        "status": variance.status,
        "status_label": variance.get_status_display(),
        "variance_type": variance.variance_type,
        "variance_type_label": VarianceType(variance.variance_type).label,
        "property_address": variance.property_address,
        "district": variance.district.code,
        "parcel_number": variance.parcel.parcel_number if variance.parcel_id else None,
        "applicant": variance.applicant,
        "description": variance.description,
        "fee": variance.fee,
        "currency": CURRENCY,
        "hearing_date": variance.hearing_date,
        **state.facts(),
        "submitted_at": variance.submitted_at,
        "decided_at": variance.decided_at,
        "decision_note": variance.decision_note or None,
        "parking_spaces_required": variance.parking_spaces_required,
        "timeline": [{"status": u.status, "at": u.created_at, "note": u.note} for u in variance.updates.all()],
        "next_step": variance_next_step(variance, state),
    }


def submission_facts(submission: VarianceSubmission) -> dict:
    variance = submission.variance
    facts = {key: value for key, value in variance_facts(variance).items() if key not in ("timeline", "description")}
    return {**facts, "notice_days": settings.ZONING_HEARING_NOTICE_DAYS, "replayed": submission.replayed}


def submission_text(facts: dict) -> str:
    title = "Variance Application Already Received" if facts["replayed"] else "Variance Application Submitted"
    parcel = f", parcel {facts['parcel_number']}" if facts["parcel_number"] else ""
    return "\n".join([
        f"📝 **{title}**", "", f"📋 **Reference: {facts['reference']}**",
        f"- Type: {facts['variance_type_label']}",
        f"- Property: {facts['property_address']} (district {facts['district']}{parcel})",
        f"- Applicant: {facts['applicant']}",
        f"- Status: {VARIANCE_STATUS_EMOJI[facts['status']]} {facts['status_label']}",
        f"- Filing fee: {format_money(facts['fee'])}",
        f"- 🏛️ Public hearing: {hearing_text(facts)} (Board of Zoning Appeals)", "",
        "📞 **Next Steps:**",
        f"1. The filing fee of {format_money(facts['fee'])} is due with the application.",
        f"2. Public notice of the hearing goes out at least {plural(facts['notice_days'], 'day')} before it.",
        f"3. Track progress any time with reference {facts['reference']}.",
    ])


def variance_text(facts: dict) -> str:
    lines = [f"🏛️ **Variance {facts['reference']}**", "",
             f"- Status: {VARIANCE_STATUS_EMOJI[facts['status']]} {facts['status_label']}",
             f"- Type: {facts['variance_type_label']}",
             f"- Property: {facts['property_address']} (district {facts['district']})",
             f"- Request: {facts['description']}",
             f"- Filing fee: {format_money(facts['fee'])}",
             f"- Hearing: {hearing_text(facts)}",
             f"- Submitted: {moment_text(facts['submitted_at'])}"]
    if facts["applicant"] is not None:  # the applicant's name: theirs and staff's to see
        lines.insert(5, f"- Applicant: {facts['applicant']}")
    if facts["decided_at"]:
        lines.append(f"- Decided: {moment_text(facts['decided_at'])}")
    if facts["parking_spaces_required"] is not None:
        lines.append(f"- Parking required with this variance: {plural(facts['parking_spaces_required'], 'space')}")
    if facts["decision_note"]:
        lines.append(f"- Decision note: {facts['decision_note']}")
    lines += ["", "🗓️ **Timeline:**"]
    for entry in facts["timeline"]:
        note = f" — {entry['note']}" if entry["note"] else ""
        lines.append(f"- {moment_text(entry['at'])}: {Variance.Status(entry['status']).label}{note}")
    lines += ["", f"📞 **Next step:** {facts['next_step']}"]
    return "\n".join(lines)


def change_facts(change: VarianceChange) -> dict:
    variance = change.variance
    return {"reference": variance.reference, "old_status": change.old_status, "status": variance.status,
            "changed": change.changed, "decided_at": variance.decided_at,
            "decision_note": variance.decision_note or None, "property_address": variance.property_address,
            "variance_type": variance.variance_type, "hearing_date": variance.hearing_date,
            "parking_spaces_required": variance.parking_spaces_required}


def change_text(facts: dict) -> str:
    status = Variance.Status(facts["status"]).label
    if not facts["changed"]:
        return f"ℹ️ Variance {facts['reference']} is already {status.lower()}; nothing changed."
    lines = [f"{VARIANCE_STATUS_EMOJI[facts['status']]} **Variance {facts['reference']} {status.lower()}**", "",
             f"- Property: {facts['property_address']}",
             f"- Status: {Variance.Status(facts['old_status']).label} → {status}"]
    if facts["decided_at"]:
        lines.append(f"- Decided: {moment_text(facts['decided_at'])} (hearing {day_text(facts['hearing_date'])})")
    if facts["parking_spaces_required"] is not None:
        lines.append(f"- Parking required at the property from now on: "
                     f"{plural(facts['parking_spaces_required'], 'off-street space')}")
    if facts["decision_note"]:
        lines.append(f"- Note: {facts['decision_note']}")
    return "\n".join(lines)
