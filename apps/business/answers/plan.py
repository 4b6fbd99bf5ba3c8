"""The plan_business_opening answer: the facts first, the markdown read from them.

The text is rendered from the same dict structuredContent carries (after the output
serializer shaped it for its viewer), so the two never disagree.
"""
from datetime import date, time

from django.conf import settings

from apps.business.planning import OpeningPlan
from apps.business.requirements import clock_label
from apps.core.money import CURRENCY, format_money
from apps.core.wording import day_text, miles_text, plural, when_text
from apps.noise.quiet_hours import describe_window
from apps.safety.catalogue import RequirementCategory, label_of
from apps.zoning.catalogue import USE_STATUS_EMOJI, UseStatus, land_use_label

PATH_LABELS = {
    "none": "No hearing needed: the use is permitted by right",
    "conditional_use_permit": "Conditional use permit, decided by the Board of Zoning Appeals at a public hearing",
    "use_variance": "Use variance (zoning submit_variance, variance_type \"use\"), decided by the Board of "
                    "Zoning Appeals at a public hearing",
}


def day(value: date) -> str:
    """The plan's one date wording (apps.core.wording): "Tuesday, January 12, 2027" — the year only when not this one."""
    return day_text(value)


# --- facts -----------------------------------------------------------------------------
def zoning_facts(plan: OpeningPlan) -> dict:
    check, path = plan.compliance, plan.zoning_path
    rule = check.rule
    return {
        "district": check.zoning.district.code, "district_name": check.zoning.district.name,
        "status": check.status, "verdict": check.verdict, "conditions": rule.conditions if rule else "",
        "capacity_by_right": rule.capacity_by_right if rule else None,
        "capacity_limit": rule.capacity_limit if rule else None,
        "path": path.kind, "hearing_date": path.hearing_date, "application_fee": path.fee,
        "notice_days": settings.ZONING_HEARING_NOTICE_DAYS,
        "permitted_in": check.permitted_in, "conditional_in": check.conditional_in,
    }


def permit_facts(need) -> dict:
    analysis = need.analysis
    return {
        "permit_type": need.code, "name": analysis["permit_type_name"], "reason": need.reason,
        "required": need.required, "requirements_met": analysis["requirements_met"],
        "unmet_requirements": [r["text"] for r in analysis["requirements"] if r["status"] == "not_met"],
        "review_days_max": analysis["timeline"]["review_days_max"],
        "fees": [{"label": item["label"], "amount": item["amount"]} for item in analysis["fees"]["items"]],
        "fee_total": analysis["fees"]["total"], "fees_estimated": analysis["fees"]["estimated"],
        "documents": [{"code": d["code"], "name": d["name"], "mandatory": d["mandatory"]}
                      for d in analysis["required_documents"]],
    }


def parking_facts(plan: OpeningPlan) -> dict:
    parking = plan.parking
    return {
        "peak_start": parking.peak.start.strftime("%H:%M"), "peak_end": parking.peak.end.strftime("%H:%M"),
        "required_spaces": parking.required_spaces, "required_by_ratio": parking.required_by_ratio,
        "parking_variance": parking.parking_variance, "ratio": parking.ratio,
        "spaces_available": parking.spaces_available, "spaces_free_at_peak": parking.spaces_free_at_peak,
        "on_site_with_variance": parking.on_site_with_variance,
        "variance_hearing_date": parking.variance_hearing_date, "variance_fee": parking.variance_fee,
        "facilities": [{"name": s.facility.name, "distance_miles": round(s.distance_miles, 2),
                        "spaces_available": s.facility.spaces_available, "peak_cost": s.peak_cost}
                       for s in parking.supply],
    }


def fire_facts(plan: OpeningPlan) -> dict:
    check = plan.fire.check
    if check is None:
        return {"judged": False, "note": plan.fire.missing, "occupancy_group": None, "code_section": None,
                "exits": None, "requirements": []}
    exits = max((line.quantity or 0 for line in check.lines if line.rule.category == RequirementCategory.EXITS),
                default=None)
    return {
        "judged": True, "note": "", "occupancy_group": check.occupancy.occupancy_group,
        "code_section": check.occupancy.code_section, "exits": exits,
        "requirements": [{"category": line.rule.category, "code_section": line.rule.code_section,
                          "requirement": line.rule.requirement, "quantity": line.quantity,
                          "required": line.rule.required} for line in check.lines],
    }


def noise_facts(plan: OpeningPlan) -> dict:
    rule = plan.noise.amplified
    if rule is None:
        return {"zone": plan.noise.zone or None, "ordinance_code": None, "title": None, "quiet_hours_start": None,
                "quiet_hours_end": None, "day_limit_db": None, "night_limit_db": None,
                "prohibited_in_quiet_hours": None, "citation_fine": None, "summary": ""}
    return {
        "zone": plan.noise.zone, "ordinance_code": rule.code, "title": rule.title,
        "quiet_hours_start": rule.quiet_hours_start.strftime("%H:%M"),
        "quiet_hours_end": rule.quiet_hours_end.strftime("%H:%M"),
        "day_limit_db": rule.day_limit_db, "night_limit_db": rule.night_limit_db,
        "prohibited_in_quiet_hours": rule.prohibited_in_quiet_hours, "citation_fine": rule.citation_fine,
        "summary": rule.summary,
    }


def timeline_facts(plan: OpeningPlan) -> dict:
    timeline = plan.timeline
    return {
        "steps": [{"key": m.key, "label": m.label, "starts_on": m.starts_on, "ends_on": m.ends_on}
                  for m in timeline.milestones],
        "earliest_opening": timeline.earliest_opening, "opening_date": timeline.opening_date,
        "meets_opening_date": timeline.meets_opening_date, "days_short": timeline.days_short,
        "depends_on_hearing": timeline.depends_on_hearing,
    }


def fee_facts(plan: OpeningPlan) -> dict:
    items = [{"label": label, "amount": amount} for label, amount in plan.required_fees]
    not_included = [f"{need.analysis['permit_type_name']} ({need.reason.lower()})"
                    for need in plan.permits if not need.required]
    if plan.zoning_path.kind == "conditional_use_permit":
        not_included.append("Conditional use permit fee (quoted by the zoning office)")
    not_included.append(f"Parking variance ({format_money(plan.parking.variance_fee)}), only if you apply for one")
    return {"items": items, "total": sum((item["amount"] for item in items), start=0),
            "estimated": any(need.analysis["fees"]["estimated"] for need in plan.permits if need.required),
            "not_included": not_included, "currency": CURRENCY}


def opening_plan_facts(plan: OpeningPlan) -> dict:
    """Return everything the plan found, as plain data (the tool's structuredContent)."""
    facts = {
        "address": plan.address, "resolved_address": plan.resolved_address,
        "business_type": plan.business_type, "seating_capacity": plan.seating_capacity,
        "floor_area_sqft": plan.floor_area_sqft, "serves_alcohol": plan.serves_alcohol, "as_of": plan.today,
        "zoning": zoning_facts(plan), "permits": [permit_facts(need) for need in plan.permits],
        "parking": parking_facts(plan), "fire_code": fire_facts(plan), "noise": noise_facts(plan),
        "fees": fee_facts(plan), "timeline": timeline_facts(plan), "currency": CURRENCY,
    }
    facts["checklist"] = checklist(facts)
    return facts


def checklist(facts: dict) -> list[str]:
    """The steps in the order to take them, each one line."""
    zoning, parking, timeline = facts["zoning"], facts["parking"], facts["timeline"]
    steps = []
    if zoning["path"] == "use_variance":
        steps.append(f"Apply for a use variance ({format_money(zoning['application_fee'])}); the Board hears it "
                     f"on {day(zoning['hearing_date'])}. Nothing else can be issued before it is approved.")
    elif zoning["path"] == "conditional_use_permit":
        steps.append(f"Apply for a conditional use permit; the Board hears it on {day(zoning['hearing_date'])}.")
    else:
        steps.append(f"Zoning: permitted by right in {zoning['district']}; no hearing needed.")
    if parking["required_spaces"] and parking["parking_variance"]:
        steps.append(f"Show the {plural(parking['required_spaces'], 'off-street parking space')} parking variance "
                     f"{parking['parking_variance']} requires on the site plan.")
    elif parking["required_spaces"]:
        steps.append(f"Show {plural(parking['required_spaces'], 'off-street parking space')} on the site plan, or "
                     f"apply for a parking variance ({format_money(parking['variance_fee'])}, heard "
                     f"{day(parking['variance_hearing_date'])}).")
    for permit in facts["permits"]:
        if permit["required"]:
            steps.append(f"Apply for the {permit['name']} ({format_money(permit['fee_total'])}"
                         f"{', estimated' if permit['fees_estimated'] else ''}) with "
                         f"{plural(sum(d['mandatory'] for d in permit['documents']), 'required document')}.")
    if facts["fire_code"]["judged"] and facts["fire_code"]["exits"]:
        steps.append(f"Build to fire code: occupancy group {facts['fire_code']['occupancy_group']}, "
                     f"{plural(facts['fire_code']['exits'], 'exit')}.")
    steps.append(f"Pass the fire inspection; the earliest opening is {day(timeline['earliest_opening'])}.")
    return steps


# --- text ------------------------------------------------------------------------------
def _zoning_lines(facts: dict) -> list[str]:
    zoning = facts["zoning"]
    status = UseStatus(zoning["status"])
    lines = ["## 1. Zoning",
             f"{USE_STATUS_EMOJI[status]} **{status.label}** in {zoning['district']} ({zoning['district_name']})"]
    if zoning["conditions"]:
        lines.append(f"- Conditions: {zoning['conditions']}")
    lines.append(f"- Path: {PATH_LABELS[zoning['path']]}")
    if zoning["hearing_date"]:
        lines.append(f"- 🏛️ Hearing: {when_text(zoning['hearing_date'])} (public notice "
                     f"{plural(zoning['notice_days'], 'day')} before)")
    if zoning["application_fee"] is not None:
        lines.append(f"- Application fee: {format_money(zoning['application_fee'])}")
    if zoning["status"] != UseStatus.PERMITTED and zoning["permitted_in"]:
        lines.append(f"- Permitted by right in: {', '.join(zoning['permitted_in'])}")
    return lines


def _permit_lines(facts: dict) -> list[str]:
    lines = ["", "## 2. Permits"]
    for permit in facts["permits"]:
        need = "required" if permit["required"] else "only if needed"
        lines.append(f"**{permit['name']}** ({need}: {permit['reason']}) — "
                     f"{format_money(permit['fee_total'])}{' (estimated)' if permit['fees_estimated'] else ''}, "
                     f"review up to {plural(permit['review_days_max'], 'day')}")
        lines += [f"- 💵 {fee['label']}: {format_money(fee['amount'])}" for fee in permit["fees"]]
        lines += [f"- 📄 {doc['name']}{'' if doc['mandatory'] else ' — optional'}" for doc in permit["documents"]]
        lines += [f"- ❌ Not met: {text}" for text in permit["unmet_requirements"]]
    return lines


def _parking_lines(facts: dict) -> list[str]:
    parking = facts["parking"]
    peak = f"{_clock(parking['peak_start'])}–{_clock(parking['peak_end'])}"
    lines = ["", f"## 3. Parking (peak {peak})"]
    lines.append(f"- Required by zoning: {_required_text(facts)}")
    lines.append(f"- Public parking within walking distance: {plural(parking['spaces_available'], 'space')} "
                 f"available, {parking['spaces_free_at_peak']} of them free during the peak")
    lines += [f"  - {item['name']}: {miles_text(item['distance_miles'])} away, "
              f"{plural(item['spaces_available'], 'space')} available, "
              f"{'free at the peak' if not item['peak_cost'] else format_money(item['peak_cost']) + ' at the peak'}"
              for item in parking["facilities"]]
    if parking["on_site_with_variance"] is not None:
        lines.append(f"- With an approved parking variance crediting the free public spaces: "
                     f"{plural(parking['on_site_with_variance'], 'space')} left to provide on site "
                     f"(variance {format_money(parking['variance_fee'])}, heard {day(parking['variance_hearing_date'])})")
    return lines


def _required_text(facts: dict) -> str:
    """What zoning requires, worded from the same facts as the structure (status, ratio, spaces, variance)."""
    parking, zoning = facts["parking"], facts["zoning"]
    required, ratio = parking["required_spaces"], parking["ratio"]
    if zoning["status"] == UseStatus.PROHIBITED:
        return "none: zoning does not allow this use here, so no parking ratio applies"
    if required is None:
        return f"ratio {ratio}; give floor_area_sqft to count the spaces"
    if parking["parking_variance"] and parking["required_by_ratio"] != required:
        return (f"{plural(required, 'off-street space')} — parking variance {parking['parking_variance']} lowers "
                f"the {parking['required_by_ratio']} the ratio asks ({ratio})")
    if required == 0:
        return "none"
    return f"{plural(required, 'off-street space')} ({ratio})"


def _fire_lines(facts: dict) -> list[str]:
    fire = facts["fire_code"]
    lines = ["", "## 4. Fire code"]
    if not fire["judged"]:
        return [*lines, f"- {fire['note']}"]
    lines.append(f"- Occupancy group {fire['occupancy_group']} ({fire['code_section']}); exits: {fire['exits']}")
    lines += [f"- {'✅' if item['required'] else '➖'} {label_of(RequirementCategory, item['category'])}: "
              f"{item['requirement']}" for item in fire["requirements"]]
    return lines


def _noise_lines(facts: dict) -> list[str]:
    noise = facts["noise"]
    lines = ["", "## 5. Amplified music"]
    if noise["ordinance_code"] is None:
        return [*lines, "- No noise ordinance is on file for this address's zone: ask the noise office."]
    window = describe_window(start=_time(noise["quiet_hours_start"]), end=_time(noise["quiet_hours_end"]))
    rule = "not allowed" if noise["prohibited_in_quiet_hours"] else f"at most {noise['night_limit_db']} dB(A)"
    return [*lines, f"- {noise['ordinance_code']} ({noise['title']}): up to {noise['day_limit_db']} dB(A) by day; "
                    f"quiet hours {window}: {rule}",
            f"- Fine per citation: {format_money(noise['citation_fine'])}. {noise['summary']}"]


def _timeline_lines(facts: dict) -> list[str]:
    timeline = facts["timeline"]
    lines = ["", "## 6. Timeline"]
    for step in timeline["steps"]:
        span = (day(step["ends_on"]) if step["starts_on"] == step["ends_on"]
                else f"{day(step['starts_on'])} → {day(step['ends_on'])}")
        lines.append(f"- {span}: {step['label']}")
    if timeline["depends_on_hearing"]:
        lines.append("- ⚠️ These dates hold only if the Board approves the application at the hearing.")
    if timeline["meets_opening_date"] is False:
        lines.append(f"- ❌ **Your opening date {day(timeline['opening_date'])} cannot be met**: it is "
                     f"{plural(timeline['days_short'], 'day')} before the earliest possible opening, "
                     f"{day(timeline['earliest_opening'])}.")
    elif timeline["meets_opening_date"]:
        lines.append(f"- ✅ Your opening date {day(timeline['opening_date'])} can be met.")
    return lines


def opening_plan_text(facts: dict) -> str:
    """Render the plan for people, from the facts alone."""
    fees = facts["fees"]
    lines = [f"🏪 **Opening a {land_use_label(facts['business_type']).lower()} at {facts['resolved_address']}**",
             "", *_zoning_lines(facts), *_permit_lines(facts), *_parking_lines(facts), *_fire_lines(facts),
             *_noise_lines(facts), *_timeline_lines(facts), "",
             f"💰 **Total fees: {format_money(fees['total'])}**{' (estimated)' if fees['estimated'] else ''}"]
    lines += [f"- Not included: {item}" for item in fees["not_included"]]
    lines += ["", "📋 **Checklist (in order):**"]
    lines += [f"{index}. {step}" for index, step in enumerate(facts["checklist"], start=1)]
    return "\n".join(lines)


def _time(value: str) -> time:
    return time.fromisoformat(value)


def _clock(value: str) -> str:
    return clock_label(_time(value))
