"""Turn transportation records into answers: the structured facts first, the markdown read from them.

Writing the text from the same dict the structured answer carries keeps the two in step.
"""
from datetime import date, datetime

from django.utils import timezone

from apps.core.money import CURRENCY
from apps.core.wording import day_text, days_overdue, due_text, miles_text, moment_text, money_text, plural
from apps.transportation.catalogue import (
    ALERT_EMOJI,
    ISSUE_EMOJI,
    MODE_EMOJI,
    SEVERITY_EMOJI,
    AlertType,
    DayType,
    Direction,
    IssuePriority,
    Severity,
    TransitMode,
    issue_label,
)
from apps.transportation.models import OPEN_ISSUE_STATUSES, RoadIssue, RoadIssueInformation, Route
from apps.transportation.selectors import NearbyAlert, StopMatch, TransitInfo, UpcomingDeparture
from apps.transportation.services import RoadIssueChange, RoadIssueReportResult
from apps.transportation.timetable import format_clock

ISSUE_STATUS_EMOJI = {"reported": "📝", "scheduled": "📅", "in_progress": "🚧", "resolved": "✅"}
ISSUE_NEXT_STEP = {
    "reported": "Road crews review new reports and schedule the repair by priority.",
    "scheduled": "The repair is scheduled.",
    "in_progress": "A crew is working on it.",
    "resolved": "The issue is resolved. If it is back, report it again.",
}


def day(value: date) -> str:
    """Return "Monday, November 30" (apps.core.wording: one date wording for every domain)."""
    return day_text(value)


def when(moment: datetime) -> str:
    return moment_text(moment)


def miles(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


# --- transit -----------------------------------------------------------------------------
def route_facts(route: Route) -> dict:
    return {"code": route.code, "name": route.name, "mode": route.mode, "fare": route.fare, "currency": CURRENCY}


def stop_facts(match: StopMatch) -> dict:
    stop = match.stop
    return {"stop_code": stop.stop_code, "name": stop.name, "accessible": stop.accessible,
            "near_place": match.place, "distance_miles": miles(match.distance_miles)}


def departure_facts(departure: UpcomingDeparture, *, now: datetime) -> dict:
    return {
        "route": departure.route.code,
        "route_name": departure.route.name,
        "mode": departure.route.mode,
        "direction": departure.direction,
        "headsign": departure.headsign,
        "scheduled": departure.scheduled,
        "expected": departure.expected,
        "delay_minutes": departure.delay_minutes,
        "minutes_away": max(0, int((departure.expected - now).total_seconds() // 60)),
    }


def alert_facts(item: NearbyAlert) -> dict:
    alert = item.alert
    return {
        "id": alert.pk,
        "alert_type": alert.alert_type,
        "severity": alert.severity,
        "title": alert.title,
        "description": alert.description or None,
        "location": alert.location,
        "area": alert.area,
        "starts_at": alert.starts_at,
        "ends_at": alert.ends_at,
        "active": item.active,
        "routes": [route.code for route in alert.routes.all()],
        "delay_minutes": alert.delay_minutes,
        "detour": alert.detour or None,
        "distance_miles": miles(item.distance_miles),
    }


def transit_facts(info: TransitInfo) -> dict:
    kind = "stop" if info.match else "route" if info.route else "network"
    return {
        "kind": kind,
        "checked_at": info.at,
        "route": route_facts(info.route) if info.route else None,
        "stop": stop_facts(info.match) if info.match else None,
        "stops": [{"sequence": rs.sequence, "stop_code": rs.stop.stop_code, "name": rs.stop.name,
                   "minutes_from_start": rs.minutes_from_start} for rs in info.route_stops],
        "service": [{"direction": s.direction, "day_type": s.day_type, "trips": s.trips,
                     "first": s.first.strftime("%H:%M"), "last": s.last.strftime("%H:%M"),
                     "headway_minutes": s.headway_minutes} for s in info.service],
        "routes": [route_facts(route) for route in info.routes],
        "departures": [departure_facts(d, now=info.at) for d in info.departures],
        "alerts": [alert_facts(NearbyAlert(alert=a, distance_miles=None, active=True)) for a in info.alerts],
    }


def minutes_text(minutes: int) -> str:
    """Return "in 8 min", "in 1 h 05 min" or "now"."""
    if minutes <= 0:
        return "now"
    if minutes < 60:
        return f"in {minutes} min"
    return f"in {minutes // 60} h {minutes % 60:02d} min"


def _departure_line(number: int, item: dict) -> str:
    emoji = MODE_EMOJI[TransitMode(item["mode"])]
    head = f"{number}. {emoji} **{item['route']}** to {item['headsign']} — "
    if item["delay_minutes"]:
        return (head + f"{format_clock(timezone.localtime(item['scheduled']))}, ⚠️ running about "
                f"{item['delay_minutes']} min late → {format_clock(timezone.localtime(item['expected']))} "
                f"({minutes_text(item['minutes_away'])})")
    return head + f"{format_clock(timezone.localtime(item['scheduled']))} ({minutes_text(item['minutes_away'])})"


def _stop_heading(stop: dict) -> list[str]:
    lines = []
    if stop["near_place"]:
        lines.append(f"📍 Nearest stop to {stop['near_place']}: {miles_text(stop['distance_miles'])} away")
    lines.append("♿ Step-free boarding" if stop["accessible"] else "⚠️ Not step-free")
    return lines


def _alert_lines(alerts: list[dict]) -> list[str]:
    if not alerts:
        return []
    lines = ["", "⚠️ **Service Alerts:**"]
    for alert in alerts:
        effect = f" (delays about {alert['delay_minutes']} min)" if alert["delay_minutes"] else ""
        detour = f" Detour: {alert['detour']}" if alert["detour"] else ""
        lines.append(f"- {ALERT_EMOJI[AlertType(alert['alert_type'])]} {alert['title']}{effect}.{detour}")
    return lines


def transit_text(facts: dict) -> str:
    if facts["kind"] == "network":
        lines = [f"🚌 **Transit Routes: {len(facts['routes'])}**", ""]
        lines += [f"- {MODE_EMOJI[TransitMode(r['mode'])]} **{r['code']}** {r['name']} — "
                  f"{TransitMode(r['mode']).label.lower()}, fare {money_text(r['fare'])}" for r in facts["routes"]]
        lines += ["", "💡 **Tip:** ask about a route for its stops and frequency, or a stop for its next departures."]
        return "\n".join(lines + _alert_lines(facts["alerts"]))
    if facts["kind"] == "route":
        route = facts["route"]
        lines = [f"{MODE_EMOJI[TransitMode(route['mode'])]} **Route {route['code']} — {route['name']}**", "",
                 f"- Mode: {TransitMode(route['mode']).label}", f"- Fare: {money_text(route['fare'])}", "",
                 "🚏 **Stops (minutes from the first stop):**"]
        lines += [f"{s['sequence']}. {s['name']} ({s['stop_code']}) — {s['minutes_from_start']} min"
                  for s in facts["stops"]]
        lines += ["", "🕐 **Service:**"]
        for s in facts["service"]:
            every = f", every {s['headway_minutes']} min" if s["headway_minutes"] else ""
            lines.append(f"- {DayType(s['day_type']).label}, {Direction(s['direction']).label.lower()}: "
                         f"{s['trips']} trips, first {s['first']}, last {s['last']}{every}")
        return "\n".join(lines + _alert_lines(facts["alerts"]))
    stop = facts["stop"]
    lines = [f"🚏 **{stop['name']}** (stop {stop['stop_code']})", "", *_stop_heading(stop),
             "- Routes: " + (", ".join(f"{r['code']} {r['name']} ({money_text(r['fare'])})"
                                       for r in facts["routes"]) or "none"), "", "🕐 **Next Departures:**"]
    lines += [_departure_line(n, d) for n, d in enumerate(facts["departures"], start=1)] or ["- No more departures "
                                                                                             "scheduled."]
    return "\n".join(lines + _alert_lines(facts["alerts"]))


def departures_facts(match: StopMatch, route: Route | None, found: list[UpcomingDeparture]) -> dict:
    now = timezone.localtime()
    return {"stop": stop_facts(match), "route": route.code if route else None, "checked_at": now,
            "count": len(found), "departures": [departure_facts(d, now=now) for d in found]}


def departures_text(facts: dict) -> str:
    stop = facts["stop"]
    only = f" (route {facts['route']})" if facts["route"] else ""
    lines = [f"🚏 **Next Departures from {stop['name']}**{only}", "", *_stop_heading(stop), ""]
    if not facts["departures"]:
        return "\n".join(lines + ["No departures are scheduled from this stop in the next two days."])
    lines += [_departure_line(n, d) for n, d in enumerate(facts["departures"], start=1)]
    if any(d["delay_minutes"] for d in facts["departures"]):
        lines += ["", "⚠️ Delayed routes are affected by a traffic alert; expected times include the delay."]
    return "\n".join(lines)


def alerts_facts(found: list[NearbyAlert], *, location: str | None, area: str | None) -> dict:
    items = [alert_facts(item) for item in found]
    return {"location": location, "area": area, "checked_at": timezone.localtime(), "count": len(items),
            "active": sum(1 for item in items if item["active"]), "alerts": items}


def alerts_text(facts: dict) -> str:
    where = f" near {facts['location']}" if facts["location"] else f" in {facts['area']}" if facts["area"] else ""
    if not facts["alerts"]:
        return f"✅ **No traffic alerts{where} right now.**"
    lines = [f"🚦 **Traffic Alerts{where}: {facts['count']}**", ""]
    for number, alert in enumerate(facts["alerts"], start=1):
        distance = f" — {miles_text(alert['distance_miles'])} away" if alert["distance_miles"] is not None else ""
        until = f"; until {when(alert['ends_at'])}" if alert["ends_at"] else "; until further notice"
        start = "Since" if alert["active"] else "📅 Starts"
        emoji = f"{ALERT_EMOJI[AlertType(alert['alert_type'])]} {SEVERITY_EMOJI[Severity(alert['severity'])]}"
        lines += [f"{number}. {emoji} "
                  f"**{alert['title']}** — {AlertType(alert['alert_type']).label}, "
                  f"{Severity(alert['severity']).label.lower()}",
                  f"   - Where: {alert['location']} ({alert['area']}){distance}",
                  f"   - {start}: {when(alert['starts_at'])}{until}"]
        if alert["description"]:
            lines.append(f"   - {alert['description']}")
        if alert["routes"]:
            delay = f", delays about {alert['delay_minutes']} min" if alert["delay_minutes"] else ""
            lines.append(f"   - Transit: route {', '.join(alert['routes'])}{delay}")
        if alert["detour"]:
            lines.append(f"   - Detour: {alert['detour']}")
    return "\n".join(lines)


# --- road issues -------------------------------------------------------------------------
def issue_facts(issue: RoadIssue) -> dict:
    is_open = issue.status in OPEN_ISSUE_STATUSES
    late = days_overdue(issue.respond_by) if is_open else 0
    return {
        "reference": issue.reference,
        "issue_type": issue.issue_type,
        "issue_type_label": issue_label(issue.issue_type),
        "status": issue.status,
        "priority": issue.priority,
        "location": issue.location,
        "report_count": issue.report_count,
        "reported_at": issue.reported_at,
        "respond_by": issue.respond_by,
        # A resolved issue has no repair pending: the date it was scheduled for stays in its timeline.
        "scheduled_for": issue.scheduled_for if is_open else None,
        "resolved_at": issue.resolved_at,
        "overdue": late > 0,
        "days_overdue": late,
    }


def report_facts(result: RoadIssueReportResult) -> dict:
    issue = result.issue
    return {**issue_facts(issue), "reported_location": result.report.location, "merged": result.merged,
            "duplicate": result.duplicate, "distance_miles": miles(result.distance_miles),
            "next_step": ISSUE_NEXT_STEP[issue.status]}


def _status(status: str) -> str:
    return f"{ISSUE_STATUS_EMOJI[status]} {RoadIssue.Status(status).label}"


def _respond_by_line(facts: dict) -> str:
    """The response target: history once resolved, flagged when an open issue has passed it."""
    if facts["status"] == RoadIssue.Status.RESOLVED:
        # History, not a promise: say whether the target was met.
        resolved_on = timezone.localtime(facts["resolved_at"]).date() if facts["resolved_at"] else None
        late = days_overdue(facts["respond_by"], today=resolved_on) if resolved_on else 0
        verdict = f"missed by {plural(late, 'day')}" if late else "met"
        return f"- Response target: {day(facts['respond_by'])} ({verdict})"
    flag = "⚠️ " if facts["overdue"] else ""
    return f"- {flag}Crews respond by: {due_text(facts['respond_by'])}"


def report_text(facts: dict) -> str:
    emoji = ISSUE_EMOJI.get(facts["issue_type"], "🔧")
    label = facts["issue_type_label"]
    if facts["duplicate"]:
        head = [f"{emoji} **Already Reported From Here**", "",
                f"{facts['reported_location']} already reported {facts['reference']}; it is counted once."]
    elif facts["merged"]:
        head = [f"{emoji} **Known Issue — Your Report Was Added**", "",
                f"This {label.lower()} is already reported as **{facts['reference']}** "
                f"({miles_text(facts['distance_miles'])} from {facts['reported_location']}); "
                f"{plural(facts['report_count'], 'report')} so far."]
    else:
        head = [f"{emoji} **Road Issue Reported**", "", f"📋 **Reference: {facts['reference']}**"]
    lines = head + [f"- Issue: {label}", f"- Location: {facts['location']}", f"- Status: {_status(facts['status'])}",
                    f"- Priority: {IssuePriority(facts['priority']).label}",
                    _respond_by_line(facts)]
    if facts["scheduled_for"]:
        lines.append(f"- Repair scheduled: {day(facts['scheduled_for'])}")
    lines += ["", "📞 **Next Steps:**", f"1. {facts['next_step']}",
              f"2. Track it any time with reference {facts['reference']}."]
    if facts["issue_type"] in ("traffic_signal", "flooding", "debris"):
        lines += ["", "⚠️ Treat a dark signal as an all-way stop; if anyone is hurt or in danger, call 911."]
    return "\n".join(lines)


def track_facts(issue: RoadIssue) -> dict:
    return {**issue_facts(issue), "description": issue.description or None,
            "resolution_note": issue.resolution_note or None,
            "reports": [{"location": r.location, "reported_at": r.reported_at} for r in issue.reports.all()],
            "timeline": [{"status": u.status, "at": u.created_at, "note": u.note} for u in issue.updates.all()],
            "added_information": [{"text": i.text, "added_at": i.added_at} for i in issue.information.all()],
            "next_step": ISSUE_NEXT_STEP[issue.status]}


def track_text(facts: dict) -> str:
    lines = [f"{ISSUE_EMOJI.get(facts['issue_type'], '🔧')} **Road Issue {facts['reference']}**", "",
             f"- Issue: {facts['issue_type_label']}", f"- Location: {facts['location']}",
             f"- Status: {_status(facts['status'])}", f"- Priority: {IssuePriority(facts['priority']).label}",
             f"- Reports: {facts['report_count']}", f"- Reported: {when(facts['reported_at'])}",
             _respond_by_line(facts)]
    if facts["scheduled_for"]:
        lines.append(f"- Repair scheduled: {day(facts['scheduled_for'])}")
    if facts["resolved_at"]:
        lines.append(f"- Resolved: {when(facts['resolved_at'])}")
    if facts["resolution_note"]:
        lines.append(f"- Note: {facts['resolution_note']}")
    if facts.get("added_information"):  # the reporter's and staff's only
        lines += ["", "📝 **Information you added:**"]
        lines += [f"- {when(item['added_at'])}: {item['text']}" for item in facts["added_information"]]
    lines += ["", "🗓️ **Timeline:**"]
    for entry in facts["timeline"]:
        note = f" — {entry['note']}" if entry["note"] else ""
        lines.append(f"- {when(entry['at'])}: {RoadIssue.Status(entry['status']).label}{note}")
    lines += ["", f"📞 **Next step:** {facts['next_step']}"]
    return "\n".join(lines)


def change_facts(change: RoadIssueChange) -> dict:
    issue = change.issue
    return {**issue_facts(issue), "old_status": change.old_status, "changed": change.changed,
            "resolution_note": issue.resolution_note or None}


def change_text(facts: dict) -> str:
    if not facts["changed"]:
        return f"ℹ️ Road issue {facts['reference']} is already {RoadIssue.Status(facts['status']).label.lower()}; " \
               "nothing changed."
    lines = [f"🔧 **Road issue {facts['reference']} updated**", "", f"- Location: {facts['location']}",
             f"- Status: {RoadIssue.Status(facts['old_status']).label} → {_status(facts['status'])}"]
    if facts["scheduled_for"]:
        lines.append(f"- Repair scheduled: {day(facts['scheduled_for'])}")
    if facts["resolution_note"]:
        lines.append(f"- Note: {facts['resolution_note']}")
    return "\n".join(lines)


def information_facts(information: RoadIssueInformation) -> dict:
    issue = information.issue
    return {"reference": issue.reference, "status": issue.status, "information": information.text,
            "added_at": information.added_at,
            "next_step": "Road crews see it with the issue; track_road_issue with your access code shows it."}


def information_text(facts: dict) -> str:
    return "\n".join([f"📝 **Information Added to {facts['reference']}**", "",
                      f"- Status: {_status(facts['status'])}", f"- Added: {when(facts['added_at'])}",
                      f"- Information: {facts['information']}", "", f"📞 **Next step:** {facts['next_step']}"])
