"""Turn noise records into answers: the structured facts first, the markdown read from them.

Writing the text from the same dict the structured answer carries keeps the two in step:
a fact cannot appear in one and be missing or different in the other.
"""
from django.conf import settings
from django.utils import timezone

from apps.core.money import CURRENCY, to_money
from apps.core.wording import day_text, moment_text, money_text, plural, time_text
from apps.noise.catalogue import Zone, noise_type_emoji, noise_type_label
from apps.noise.models import Complaint, EnforcementAction, Ordinance
from apps.noise.quiet_hours import describe_window
from apps.noise.selectors import (
    ASSIGNMENT_TARGET_HOURS,
    OrdinanceCheck,
    complaint_assign_due,
    complaint_is_overdue,
    complaint_related_cases,
)
from apps.noise.services import ComplaintFiling, StatusChange

STATUS_EMOJI = {
    "filed": "📝", "assigned": "👮", "investigating": "🔎", "resolved": "✅", "closed": "📁", "unfounded": "⚪",
}
NEXT_STEP = {
    "filed": "The noise unit reviews new complaints and assigns an officer, usually within one business day.",
    "assigned": "An officer has the case and will visit or contact the source.",
    "investigating": "An officer is investigating; enforcement follows if the noise broke the ordinance.",
    "resolved": "The case is resolved. If the noise comes back, file a new complaint; it will be linked to this one.",
    "closed": "The case is closed.",
    "unfounded": "The investigation found no violation. If the noise comes back, file a new complaint.",
}


def when(moment) -> str:
    """Return "Tuesday, November 24 at 10:45 PM" (apps.core.wording); "" for a fact the viewer may not see."""
    return moment_text(moment) if moment is not None else ""


OVERDUE_STEP = ("The noise unit aims to assign an officer within {hours} hours of filing (by {due}); this case "
                "is still waiting. Call the noise line at {hotline} with case number {case_number} to ask.")


def zone_label(zone: str) -> str:
    return f"{zone} ({Zone(zone).label})" if zone in Zone.values else (zone or "unknown")


# --- structured facts ------------------------------------------------------------------
def ordinance_facts(rule: Ordinance) -> dict:
    return {
        "code": rule.code,
        "title": rule.title,
        "zone": rule.zone,
        "noise_type": rule.noise_type or None,
        "quiet_hours": describe_window(start=rule.quiet_hours_start, end=rule.quiet_hours_end,
                                       weekend_end=rule.weekend_quiet_hours_end),
        "quiet_hours_start": rule.quiet_hours_start.strftime("%H:%M"),
        "quiet_hours_end": rule.quiet_hours_end.strftime("%H:%M"),
        "weekend_quiet_hours_end": (rule.weekend_quiet_hours_end.strftime("%H:%M")
                                    if rule.weekend_quiet_hours_end else None),
        "day_limit_db": rule.day_limit_db,
        "night_limit_db": rule.night_limit_db,
        "prohibited_in_quiet_hours": rule.prohibited_in_quiet_hours,
        "citation_fine": rule.citation_fine,
        "currency": CURRENCY,
        "summary": rule.summary,
    }


def case_facts(complaint: Complaint) -> dict:
    return {"case_number": complaint.case_number, "status": complaint.status,
            "noise_type": complaint.noise_type, "filed_at": complaint.filed_at}


def filing_facts(filing: ComplaintFiling) -> dict:
    complaint = filing.complaint
    related = [case_facts(c) for c in filing.earlier]
    return {
        "case_number": complaint.case_number,
        "status": complaint.status,
        "noise_type": complaint.noise_type,
        "noise_type_label": noise_type_label(complaint.noise_type),
        "location": complaint.location.name,
        "reported_location": complaint.reported_location,
        "zone": complaint.zone or None,
        "observed_at": complaint.observed_at,
        "filed_at": complaint.filed_at,
        "in_quiet_hours": complaint.in_quiet_hours,
        "applicable_limit_db": _limit_at(filing.ordinance, complaint.in_quiet_hours),
        "ordinance": ordinance_facts(filing.ordinance) if filing.ordinance else None,
        "repeat": {
            "is_repeat": complaint.repeat_of_id is not None,
            "linked_to": complaint.repeat_of.case_number if complaint.repeat_of_id else None,
            "window_days": filing.window_days,
            "earlier_complaints": len(related),
            "related_cases": related,
        },
        "replayed": filing.replayed,
        "next_step": NEXT_STEP[complaint.status],
    }


def _limit_at(rule: Ordinance | None, quiet: bool) -> int | None:
    if rule is None:
        return None
    return rule.night_limit_db if quiet else rule.day_limit_db


def check_facts(check: OrdinanceCheck) -> dict:
    general = check.general
    return {
        "location": check.place.name,
        "zone": check.zone,
        "zone_label": Zone(check.zone).label,
        "checked_at": check.at,
        "time_given": check.time_given,
        "in_quiet_hours": check.in_quiet_hours,
        "current_limit_db": _limit_at(general, check.in_quiet_hours),
        "general": ordinance_facts(general),
        "specific": [ordinance_facts(rule) for rule in check.specific],
    }


def action_facts(action: EnforcementAction) -> dict:
    return {"action": action.kind, "fine": action.fine, "currency": CURRENCY, "issued_at": action.issued_at,
            "note": action.note}


def complaint_facts(complaint: Complaint) -> dict:
    actions = list(complaint.enforcement_actions.all())
    overdue = complaint_is_overdue(complaint)
    return {
        "case_number": complaint.case_number,
        "status": complaint.status,
        "noise_type": complaint.noise_type,
        "noise_type_label": noise_type_label(complaint.noise_type),
        "location": complaint.location.name,
        "zone": complaint.zone or None,
        "observed_at": complaint.observed_at,
        "filed_at": complaint.filed_at,
        "in_quiet_hours": complaint.in_quiet_hours,
        "assigned_to": complaint.assigned_to or None,
        "ordinance": ordinance_facts(complaint.ordinance) if complaint.ordinance_id else None,
        "timeline": [{"status": u.status, "at": u.created_at, "note": u.note} for u in complaint.updates.all()],
        "enforcement_actions": [action_facts(a) for a in actions],
        "total_fines": to_money(sum((a.fine for a in actions), 0)),
        "currency": CURRENCY,
        "linked_to": complaint.repeat_of.case_number if complaint.repeat_of_id else None,
        "related_cases": [case_facts(c) for c in complaint_related_cases(complaint=complaint)],
        "overdue": overdue,
        "assign_by": complaint_assign_due(complaint) if complaint.status == Complaint.Status.FILED else None,
        "next_step": complaint_next_step(complaint, actions, overdue=overdue),
    }


def complaint_next_step(complaint: Complaint, actions: list[EnforcementAction], *, overdue: bool) -> str:
    """Say what happens next from what has happened: a citation issued is not a threat of one."""
    if overdue:
        return OVERDUE_STEP.format(hours=ASSIGNMENT_TARGET_HOURS, due=when(complaint_assign_due(complaint)),
                                   hotline=settings.NOISE_HOTLINE, case_number=complaint.case_number)
    if complaint.is_final or not actions:
        return NEXT_STEP[complaint.status]
    citations = [a for a in actions if a.kind == EnforcementAction.Kind.CITATION]
    if citations:
        last = citations[-1]
        issued = (f"A citation with a {money_text(last.fine)} fine was issued on "
                  f"{day_text(timezone.localtime(last.issued_at).date())}.")
        if complaint.status == Complaint.Status.RESOLVED:
            return f"{issued} The case is resolved; if the noise comes back, file a new complaint (it will be linked)."
        return f"{issued} The officer closes the case once the noise has stopped; if it goes on, file a new complaint."
    warned = day_text(timezone.localtime(actions[-1].issued_at).date())
    return (f"A warning was issued on {warned}. If the noise goes on, file a new complaint: a repeat after a warning "
            "can lead to a citation.")


def status_change_facts(change: StatusChange) -> dict:
    complaint = change.complaint
    return {"case_number": complaint.case_number, "old_status": change.old_status, "status": complaint.status,
            "changed": change.changed, "assigned_to": complaint.assigned_to or None,
            "updated_at": complaint.status_changed_at}


# --- markdown --------------------------------------------------------------------------
def _status_line(status: str) -> str:
    return f"{STATUS_EMOJI.get(status, '')} {Complaint.Status(status).label}".strip()


def _ordinance_lines(rule: dict, *, quiet: bool | None = None) -> list[str]:
    lines = [
        f"⚖️ **Applicable Ordinance: {rule['code']} — {rule['title']}**",
        f"- Quiet hours: {rule['quiet_hours']}",
        f"- Limits: {rule['day_limit_db']} dB(A) daytime, {rule['night_limit_db']} dB(A) during quiet hours",
    ]
    if rule["prohibited_in_quiet_hours"]:
        lines.append("- Not allowed at all during quiet hours")
    lines.append(f"- Citation fine: {money_text(rule['citation_fine'])}")
    if quiet is True:
        lines.append(f"- 🌙 **Reported during quiet hours:** the {rule['night_limit_db']} dB(A) limit applies.")
    elif quiet is False:
        lines.append(f"- ☀️ Reported outside quiet hours: the {rule['day_limit_db']} dB(A) limit applies.")
    return lines


def filing_text(facts: dict) -> str:
    emoji = noise_type_emoji(facts["noise_type"])
    zone = f" (zone {facts['zone']})" if facts["zone"] else ""
    title = "Noise Complaint Already Filed" if facts["replayed"] else "Noise Complaint Filed"
    lines = [
        f"🔊 **{title}**", "",
        f"📋 **Case Number: {facts['case_number']}**",
        f"- Type: {emoji} {facts['noise_type_label']}",
        f"- Location: {facts['location']}{zone}",
        f"- Observed: {when(facts['observed_at'])}",
        f"- Status: {_status_line(facts['status'])}", "",
    ]
    if facts["ordinance"]:
        lines += _ordinance_lines(facts["ordinance"], quiet=facts["in_quiet_hours"]) + [""]
    else:
        lines += ["⚖️ No zone ordinance is on file for this location; staff will apply the city-wide rules.", ""]
    repeat = facts["repeat"]
    if repeat["earlier_complaints"]:
        cases = ", ".join(c["case_number"] for c in repeat["related_cases"])
        earlier = plural(repeat["earlier_complaints"], "earlier complaint")
        lines += [f"🔁 **Repeat location:** {earlier} about {facts['location']} in the last "
                  f"{plural(repeat['window_days'], 'day')} ({cases}). This case is linked to {repeat['linked_to']}.", ""]
    lines += ["📞 **Next Steps:**", f"1. {facts['next_step']}",
              f"2. Track your case any time with case number {facts['case_number']}."]
    hotline = settings.NOISE_HOTLINE
    if hotline:
        lines.append(f"3. If the noise is still going on or starts again, call the noise line: {hotline}.")
    return "\n".join(lines)


def _rule_block(rule: dict, *, quiet: bool, moment: str = "now") -> list[str]:
    head = f"**{rule['code']} — {rule['title']}**"
    lines = [head, f"- Quiet hours: {rule['quiet_hours']}",
             f"- Limits: {rule['day_limit_db']} dB(A) daytime, {rule['night_limit_db']} dB(A) during quiet hours"]
    if rule["prohibited_in_quiet_hours"]:
        lines.append("- Not allowed at all during quiet hours" + (f" ⛔ ({moment})" if quiet else ""))
    lines.append(f"- Citation fine: {money_text(rule['citation_fine'])}")
    return lines


def check_text(facts: dict) -> str:
    general = facts["general"]
    # The moment asked about, in its own words: "now" only when no time was given.
    moment = (f"at {time_text(facts['checked_at'])} on {day_text(timezone.localtime(facts['checked_at']).date())}"
              if facts["time_given"] else "now")
    state = (f"🌙 **Quiet hours are in effect {moment}**" if facts["in_quiet_hours"]
             else f"☀️ **Outside quiet hours {moment}**")
    lines = [
        f"⚖️ **Noise Rules at {facts['location']}**", "",
        f"- Zone: {facts['zone']} ({facts['zone_label']})",
        f"- {'Time asked about' if facts['time_given'] else 'Checked'}: {when(facts['checked_at'])}",
        f"{state} — limit {facts['current_limit_db']} dB(A)", "",
        *_rule_block(general, quiet=facts["in_quiet_hours"], moment="then" if facts["time_given"] else "now"),
    ]
    if general["summary"]:
        lines.append(f"- {general['summary']}")
    for rule in facts["specific"]:
        label = noise_type_label(rule["noise_type"])
        lines += ["", f"{noise_type_emoji(rule['noise_type'])} {label}:", *_rule_block(rule, quiet=False)]
        if rule["summary"]:
            lines.append(f"- {rule['summary']}")
    lines += ["", "💡 **Tip:** To report a violation, file a complaint with the location and type of noise."]
    return "\n".join(lines)


def complaint_text(facts: dict) -> str:
    zone = f" (zone {facts['zone']})" if facts["zone"] else ""
    lines = [
        f"🔊 **Noise Complaint {facts['case_number']}**", "",
        f"- Status: {_status_line(facts['status'])}",
        f"- Type: {noise_type_emoji(facts['noise_type'])} {facts['noise_type_label']}",
        f"- Location: {facts['location']}{zone}" if facts["location"] is not None else f"- Zone: {facts['zone']}",
        f"- Observed: {when(facts['observed_at'])}" + (" (quiet hours)" if facts["in_quiet_hours"] else ""),
        f"- Filed: {when(facts['filed_at'])}",
    ]
    if facts["observed_at"] is None:  # the public view: when and where stay with the filer and staff
        lines.pop(-2)
    if facts["assigned_to"]:
        lines.append(f"- Assigned to: {facts['assigned_to']}")
    if facts["overdue"]:
        lines.append(f"- ⏰ **Overdue:** no officer assigned yet; the target was {when(facts['assign_by'])} "
                     f"({plural(ASSIGNMENT_TARGET_HOURS, 'hour')} after filing).")
    if facts["ordinance"]:
        lines.append(f"- Ordinance: {facts['ordinance']['code']} — {facts['ordinance']['title']}")
    if facts["timeline"] is not None:
        lines += ["", "🗓️ **Timeline:**"]
        for entry in facts["timeline"]:
            note = f" — {entry['note']}" if entry["note"] else ""
            lines.append(f"- {when(entry['at'])}: {Complaint.Status(entry['status']).label}{note}")
    if facts["enforcement_actions"]:
        lines += ["", "🚓 **Enforcement:**"]
        for action in facts["enforcement_actions"]:
            fine = f" — fine {money_text(action['fine'])}" if action["fine"] else ""
            lines.append(f"- {when(action['issued_at'])}: {EnforcementAction.Kind(action['action']).label}{fine}")
        if facts["total_fines"]:
            lines.append(f"💰 **Total fines: {money_text(facts['total_fines'])}**")
    if facts["related_cases"]:
        cases = ", ".join(f"{c['case_number']} ({c['status']})" for c in facts["related_cases"])
        lines += ["", f"🔁 **Linked complaints about this address:** {cases}"]
    lines += ["", f"📞 **Next step:** {facts['next_step']}"]
    return "\n".join(lines)


def status_change_text(facts: dict) -> str:
    new = Complaint.Status(facts["status"]).label
    if not facts["changed"]:
        return f"ℹ️ Complaint {facts['case_number']} is already {new.lower()}; nothing changed."
    old = Complaint.Status(facts["old_status"]).label
    lines = [f"✅ **Complaint {facts['case_number']} updated**", "",
             f"- Status: {old} → {_status_line(facts['status'])}",
             f"- Updated: {when(facts['updated_at'])}"]
    if facts["assigned_to"]:
        lines.append(f"- Assigned to: {facts['assigned_to']}")
    return "\n".join(lines)


def enforcement_facts(action: EnforcementAction) -> dict:
    return {"case_number": action.complaint.case_number, "status": action.complaint.status, **action_facts(action)}


def enforcement_text(facts: dict) -> str:
    label = EnforcementAction.Kind(facts["action"]).label
    lines = [f"🚓 **{label} recorded on complaint {facts['case_number']}**", "",
             f"- Issued: {when(facts['issued_at'])}"]
    if facts["fine"]:
        lines.append(f"- Fine: {money_text(facts['fine'])}")
    if facts["note"]:
        lines.append(f"- Note: {facts['note']}")
    return "\n".join(lines)


def info_added_text(facts: dict) -> str:
    return f"✅ **Information added to complaint {facts['case_number']}**\n\n" + complaint_text(facts)
