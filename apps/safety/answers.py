"""Turn safety records into answers: the structured facts first, the markdown read from them.

Writing the text from the same dict the structured answer carries keeps the two in step.
"""
from datetime import datetime

from django.conf import settings
from django.utils import timezone

from apps.core.wording import miles_text, moment_text, plural

from apps.safety.catalogue import (
    CATEGORY_EMOJI,
    INCIDENT_EMOJI,
    PRIORITY_EMOJI,
    UNIT_EMOJI,
    BusinessType,
    IncidentType,
    OccupancyGroup,
    Priority,
    RequirementCategory,
    UnitType,
    label_of,
)
from apps.safety.models import Dispatch, Incident, ResponseUnit
from apps.safety.selectors import FireCodeCheck, NearbyUnit
from apps.safety.services import DispatchResult, IncidentReport
from apps.safety.targets import incident_target

INCIDENT_STATUS_EMOJI = {"reported": "📝", "dispatched": "🚨", "on_scene": "📍", "resolved": "✅"}
NEXT_STEP = {
    "reported": "Dispatch reviews every report and sends units by priority.",
    "dispatched": "Units are on their way.",
    "on_scene": "Units are on scene.",
    "resolved": "The incident is resolved. Report a new incident if help is needed again.",
}


OVERDUE_STEP = {
    "dispatch": "No unit has been sent yet, {late} past the target of {allowance}. If anyone is in danger, call 911 "
                "now.",
    "arrival": "Units were sent {ago} and are not recorded on scene yet (the target is {allowance}). If anyone is in "
               "danger, call 911.",
    "clearance": "Units have been recorded on scene for {ago}, past the target of {allowance}; the record may not "
                 "have been closed yet. If help is still needed, call 911.",
}
OVERDUE_LINE = {
    "dispatch": "no unit sent since {since} ({ago})",
    "arrival": "units sent {since} ({ago} ago), not recorded on scene",
    "clearance": "units on scene since {since} ({ago})",
}


def when(moment: datetime) -> str:
    """Return "Tuesday, November 24 at 3:19 PM" (apps.core.wording)."""
    return moment_text(moment)


def duration_text(start: datetime, end: datetime) -> str:
    """Return "14 days", "9 hours" or "25 minutes": the largest whole unit of the span."""
    seconds = max(0, int((end - start).total_seconds()))
    if seconds >= 2 * 86400:
        return plural(seconds // 86400, "day")
    if seconds >= 3600:
        return plural(seconds // 3600, "hour")
    return plural(seconds // 60, "minute")


def miles(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


# --- get_requirements --------------------------------------------------------------------
def _summary(check: FireCodeCheck) -> dict:
    def required(category: str) -> list:
        return [line for line in check.lines if line.rule.category == category and line.rule.required]

    exits = [line.quantity for line in required(RequirementCategory.EXITS) if line.quantity]
    extinguishers = [line.quantity for line in required(RequirementCategory.EXTINGUISHERS)]
    intervals = [line.rule.interval_months for line in required(RequirementCategory.INSPECTIONS)
                 if line.rule.interval_months]
    return {
        "exits_required": max(exits, default=None),
        "sprinklers_required": bool(required(RequirementCategory.SPRINKLERS)),
        "fire_alarm_required": bool(required(RequirementCategory.FIRE_ALARM)),
        "kitchen_suppression_required": bool(required(RequirementCategory.KITCHEN_SUPPRESSION)),
        "extinguishers_min": (sum(extinguishers) if extinguishers and None not in extinguishers else None),
        "inspection_interval_months": min(intervals, default=None),
    }


def requirements_facts(check: FireCodeCheck) -> dict:
    occupancy = check.occupancy
    items = [{
        "category": line.rule.category,
        "category_label": RequirementCategory(line.rule.category).label,
        "code_section": line.rule.code_section,
        "required": line.rule.required,
        "requirement": line.rule.requirement,
        "quantity": line.quantity,
        "per_square_feet": line.rule.per_square_feet,
        "interval_months": line.rule.interval_months,
    } for line in check.lines]
    steps = ["Schedule the fire inspection before opening with the Fire Marshal's office: "
             f"{settings.SAFETY_FIRE_MARSHAL_PHONE}."]
    if check.floor_area_sqft is None and any(item["per_square_feet"] for item in items if item["required"]):
        steps.append("Give floor_area_sqft to size the extinguisher count to your floor area.")
    steps.append("Keep exits, exit signs and extinguishers unobstructed and inspected; the occupant load may not "
                 f"exceed {check.capacity} without a new review.")
    return {
        "business_type": check.business_type,
        "business_type_label": label_of(BusinessType, check.business_type),
        "capacity": check.capacity,
        "floor_area_sqft": check.floor_area_sqft,
        "occupancy_group": occupancy.occupancy_group,
        "occupancy_label": OccupancyGroup(occupancy.occupancy_group).label,
        "occupancy_code_section": occupancy.code_section,
        **_summary(check),
        "requirements": items,
        "next_steps": steps,
    }


def _requirement_line(item: dict) -> str:
    if not item["required"]:
        state = "Not required"
    elif item["quantity"] is not None and item["category"] == RequirementCategory.EXITS:
        state = plural(item["quantity"], "exit")
    elif item["quantity"] is not None:
        state = f"Required — at least {item['quantity']}"
    else:
        state = "Required"
    return f"- {state}: {item['requirement']} ({item['code_section']})"


def requirements_text(facts: dict) -> str:
    area = f", {facts['floor_area_sqft']:,} sq ft" if facts["floor_area_sqft"] else ""
    lines = [f"🚨 **Fire & Life-Safety Requirements: {facts['business_type_label']} "
             f"({plural(facts['capacity'], 'occupant')}{area})**", "",
             f"🏢 **Occupancy Classification: Group {facts['occupancy_group']} — {facts['occupancy_label']}** "
             f"({facts['occupancy_code_section']})", ""]
    for category in RequirementCategory.values:
        items = [item for item in facts["requirements"] if item["category"] == category]
        if items:
            lines.append(f"{CATEGORY_EMOJI[category]} **{RequirementCategory(category).label}:**")
            lines += [_requirement_line(item) for item in items]
            lines.append("")
    summary = [plural(facts["exits_required"], "exit") if facts["exits_required"] else "exits: see above",
               "sprinklers " + ("required" if facts["sprinklers_required"] else "not required"),
               "fire alarm " + ("required" if facts["fire_alarm_required"] else "not required")]
    if facts["extinguishers_min"]:
        summary.append(f"at least {plural(facts['extinguishers_min'], 'extinguisher')}")
    if facts["inspection_interval_months"]:
        summary.append(f"inspected every {plural(facts['inspection_interval_months'], 'month')}"
                       if facts["inspection_interval_months"] != 1 else "inspected every month")
    lines += [f"✅ **Summary:** {', '.join(summary)}.", "", "📞 **Next Steps:**",
              *(f"{n}. {step}" for n, step in enumerate(facts["next_steps"], start=1))]
    return "\n".join(lines)


# --- units -------------------------------------------------------------------------------
def unit_facts(item: NearbyUnit) -> dict:
    unit = item.unit
    return {"call_sign": unit.call_sign, "unit_type": unit.unit_type,
            "unit_type_label": UnitType(unit.unit_type).label, "station": unit.station, "status": unit.status,
            "incident_reference": unit.current_incident.reference if unit.current_incident_id else None,
            "distance_miles": miles(item.distance_miles), "eta_minutes": item.eta_minutes}


def units_facts(found: list[NearbyUnit], *, status: str | None, unit_type: str | None, near: str | None) -> dict:
    items = [unit_facts(item) for item in found]
    return {"status": status, "unit_type": unit_type, "near": near, "count": len(items),
            "available": sum(1 for item in items if item["status"] == ResponseUnit.Status.AVAILABLE),
            "units": items}


def units_text(facts: dict) -> str:
    near = f" near {facts['near']}" if facts["near"] else ""
    if not facts["units"]:
        return f"ℹ️ No response units match{near}."
    lines = [f"🚒 **Response Units{near}: {facts['count']}** ({facts['available']} available)", ""]
    for item in facts["units"]:
        state = ResponseUnit.Status(item["status"]).label
        if item["incident_reference"]:
            state += f" — {item['incident_reference']}"
        distance = (f", {miles_text(item['distance_miles'])} (~{item['eta_minutes']} min)"
                    if item["distance_miles"] is not None else "")
        lines.append(f"- {UNIT_EMOJI[item['unit_type']]} **{item['call_sign']}** ({item['unit_type_label']}, "
                     f"{item['station']}{distance}): {state}")
    return "\n".join(lines)


# --- incidents ---------------------------------------------------------------------------
def dispatch_facts(dispatch: Dispatch) -> dict:
    return {"call_sign": dispatch.unit.call_sign, "unit_type": dispatch.unit_type, "station": dispatch.unit.station,
            "distance_miles": float(dispatch.distance_miles), "eta_minutes": dispatch.eta_minutes,
            "dispatched_at": dispatch.dispatched_at, "cleared_at": dispatch.cleared_at}


def _incident_base(incident: Incident) -> dict:
    now = timezone.now()
    target = incident_target(incident)
    late = target is not None and target.missed(now)
    return {
        "reference": incident.reference,
        "incident_type": incident.incident_type,
        "incident_type_label": IncidentType(incident.incident_type).label,
        "priority": incident.priority,
        "status": incident.status,
        "location": incident.location,
        "reported_at": incident.reported_at,
        "overdue": late,
        "overdue_target": target.name if late else None,
        "overdue_since": target.since if late else None,
        "target_due": target.due if target else None,
        "target": target.allowance if target else None,
    }


def _next_step(facts: dict) -> str:
    if not facts["overdue"]:
        return NEXT_STEP[facts["status"]]
    now = timezone.now()
    return OVERDUE_STEP[facts["overdue_target"]].format(
        late=duration_text(facts["target_due"], now), ago=duration_text(facts["overdue_since"], now),
        allowance=facts["target"])


def report_facts(report: IncidentReport, nearest: list[NearbyUnit]) -> dict:
    incident = report.incident
    facts = {**_incident_base(incident), "replayed": report.replayed,
            "nearest_available_units": [unit_facts(item) for item in nearest]}
    return {**facts, "next_step": _next_step(facts)}


def _head(facts: dict) -> list[str]:
    priority = Priority(facts["priority"])
    lines = [f"- Type: {INCIDENT_EMOJI[IncidentType(facts['incident_type'])]} {facts['incident_type_label']}",
             f"- Location: {facts['location']}",
             f"- Priority: {PRIORITY_EMOJI[priority]} {priority.label}",
             f"- Status: {INCIDENT_STATUS_EMOJI[facts['status']]} {Incident.Status(facts['status']).label}",
             f"- Reported: {when(facts['reported_at'])}"]
    if facts["overdue"]:
        line = OVERDUE_LINE[facts["overdue_target"]].format(
            since=when(facts["overdue_since"]), ago=duration_text(facts["overdue_since"], timezone.now()))
        lines.append(f"- ⏰ **Overdue:** {line}; the target is {facts['target']}.")
    if facts["location"] is None:  # the public view: where an emergency happened is not for everyone
        del lines[1]
    return lines


def report_text(facts: dict) -> str:
    title = "Incident Already Reported" if facts["replayed"] else "Incident Reported"
    lines = [f"🚨 **{title}**", "", "⚠️ If anyone is in danger right now, call 911.", "",
             f"📋 **Reference: {facts['reference']}**", *_head(facts)]
    if facts["nearest_available_units"]:
        lines += ["", "🚒 **Nearest available units:**"]
        for number, unit in enumerate(facts["nearest_available_units"], start=1):
            lines.append(f"{number}. {UNIT_EMOJI[unit['unit_type']]} {unit['call_sign']} ({unit['unit_type_label']}, "
                         f"{unit['station']}) — {miles_text(unit['distance_miles'])}, about {unit['eta_minutes']} min")
    lines += ["", "📞 **Next Steps:**", f"1. {facts['next_step']}",
              f"2. Check progress any time with reference {facts['reference']}."]
    return "\n".join(lines)


def incident_facts(incident: Incident) -> dict:
    dispatches = list(incident.dispatches.all())
    facts = {
        **_incident_base(incident),
        "description": incident.description,
        "dispatched_at": incident.dispatched_at,
        "resolved_at": incident.resolved_at,
        "resolution_note": incident.resolution_note or None,
        "units": [dispatch_facts(d) for d in dispatches],
        "active_units": sum(1 for d in dispatches if d.cleared_at is None),
        "timeline": [{"status": u.status, "at": u.created_at, "note": u.note} for u in incident.updates.all()],
    }
    return {**facts, "next_step": _next_step(facts)}


def incident_text(facts: dict) -> str:
    lines = [f"🚨 **Incident {facts['reference']}**", "", *_head(facts)]
    if facts["description"] is not None:
        lines.append(f"- Details: {facts['description']}")
    if facts["resolved_at"]:
        lines.append(f"- Resolved: {when(facts['resolved_at'])}")
    if facts["units"] is None:
        lines.append(f"- Units on scene or on the way: {facts['active_units']}")
    elif facts["units"]:
        lines += ["", "🚒 **Units:**"]
        for unit in facts["units"]:
            state = f"cleared {when(unit['cleared_at'])}" if unit["cleared_at"] else f"ETA {unit['eta_minutes']} min"
            lines.append(f"- {UNIT_EMOJI[unit['unit_type']]} {unit['call_sign']} ({unit['station']}) — "
                         f"{miles_text(unit['distance_miles'])}, {state}")
    if facts["timeline"] is not None:
        lines += ["", "🗓️ **Timeline:**"]
        for entry in facts["timeline"]:
            note = f" — {entry['note']}" if entry["note"] else ""
            lines.append(f"- {when(entry['at'])}: {Incident.Status(entry['status']).label}{note}")
    lines += ["", f"📞 **Next step:** {facts['next_step']}"]
    return "\n".join(lines)


def dispatch_result_facts(result: DispatchResult) -> dict:
    return {**_incident_base(result.incident),
            "dispatched": [dispatch_facts(d) for d in result.dispatched],
            "already_assigned": [dispatch_facts(d) for d in result.already_assigned],
            "unavailable": result.unavailable}


def dispatch_result_text(facts: dict) -> str:
    if not facts["dispatched"]:
        units = ", ".join(unit["call_sign"] for unit in facts["already_assigned"])
        return f"ℹ️ Incident {facts['reference']} already has its units on the way ({units}); nothing new was sent."
    lines = [f"🚨 **Units Dispatched to {facts['reference']}**", "", *_head(facts), "", "🚒 **Sent now:**"]
    for unit in facts["dispatched"]:
        lines.append(f"- {UNIT_EMOJI[unit['unit_type']]} {unit['call_sign']} ({unit['station']}) — "
                     f"{miles_text(unit['distance_miles'])}, ETA {unit['eta_minutes']} min")
    if facts["already_assigned"]:
        lines.append("- Already assigned: " + ", ".join(unit["call_sign"] for unit in facts["already_assigned"]))
    if facts["unavailable"]:
        missing = ", ".join(UnitType(kind).label.lower() for kind in facts["unavailable"])
        lines += ["", f"⚠️ **Not available:** {missing} — request mutual aid or dispatch again when a unit clears."]
    return "\n".join(lines)
