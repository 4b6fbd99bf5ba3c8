"""Turn environmental records into answers: the structured facts first, the markdown read from them.

Writing the text from the same dict the structured answer carries keeps the two in step.
"""
from django.conf import settings
from django.utils import timezone

from apps.core.money import CURRENCY
from apps.core.wording import day_text, days_overdue, due_text, moment_text, money_text, plural, when_text
from apps.environmental.catalogue import (
    PROGRAM_EMOJI,
    REPORT_EMOJI,
    STREAM_EMOJI,
    WEEKDAYS,
    Frequency,
    ProgramCategory,
    ReportPriority,
    ReportType,
    WasteStream,
)
from apps.environmental.models import BulkPickup, EnvironmentalReport, SustainabilityProgram
from apps.environmental.selectors import WasteSchedule
from apps.environmental.services import PickupBooking, PickupCancellation, ReportFiling

REPORT_STATUS_EMOJI = {"filed": "📝", "investigating": "🔎", "resolved": "✅", "closed": "📁"}
REPORT_NEXT_STEP = {
    "filed": "An environmental inspector reviews the report and responds by {respond_by}.",
    "investigating": "An inspector is investigating.",
    "resolved": "The report is resolved. If the problem comes back, file a new report.",
    "closed": "The report is closed.",
}


day = day_text
when = moment_text
OPEN_REPORT_STATUSES = (EnvironmentalReport.Status.FILED, EnvironmentalReport.Status.INVESTIGATING)


# --- waste_schedule ----------------------------------------------------------------------
def schedule_facts(found: WasteSchedule) -> dict:
    return {
        "address": found.place.name,
        "area": {"code": found.area.code, "name": found.area.name},
        "matched_by": found.matched_by,
        "as_of": found.today,
        "streams": [{
            "stream": item.schedule.stream,
            "label": WasteStream(item.schedule.stream).label,
            "weekday": WEEKDAYS[item.schedule.weekday],
            "frequency": item.schedule.frequency,
            "next_collections": [{"date": c.actual, "regular_date": c.regular, "holiday": c.holiday}
                                 for c in item.collections],
        } for item in found.streams],
        "holidays": [{"date": holiday.date, "name": holiday.name} for holiday in found.holidays],
        "bulk_pickup": {"weekday": WEEKDAYS[found.area.bulk_weekday], "next_available": found.next_bulk_day,
                        "capacity_per_day": found.area.bulk_capacity},
    }


def _collection_text(collection: dict) -> str:
    text = day(collection["date"])
    if collection["holiday"]:
        text += f" (moved from {collection['regular_date']:%A} for {collection['holiday']})"
    return text


def schedule_text(facts: dict) -> str:
    area = facts["area"]
    lines = [f"🗑️ **Waste Collection at {facts['address']}**", "",
             f"- Collection area: {area['name']} ({area['code']})", ""]
    for stream in facts["streams"]:
        every = "every" if stream["frequency"] == Frequency.WEEKLY else "every other"
        upcoming = stream["next_collections"]
        lines.append(f"{STREAM_EMOJI[WasteStream(stream['stream'])]} **{stream['label']}** — {every} "
                     f"{stream['weekday']}: next {_collection_text(upcoming[0])}"
                     + (f", then {_collection_text(upcoming[1])}" if len(upcoming) > 1 else ""))
    for holiday in facts["holidays"]:
        lines += ["", f"📅 **Holiday:** {holiday['name']} ({day(holiday['date'])}) — collections on or after it that "
                  "week move one day later."]
    bulk = facts["bulk_pickup"]
    available = (f"next available {day(bulk['next_available'])}" if bulk["next_available"]
                 else "no day with room in the coming weeks")
    lines += ["", f"🛋️ **Bulk pickup:** {bulk['weekday']}s by appointment; {available}.",
              "", "💡 **Tip:** put carts at the curb by 6 AM on collection day, lids closed."]
    return "\n".join(lines)


# --- schedule_bulk_pickup ----------------------------------------------------------------
PICKUP_NEXT_STEP = "Put the items at the curb by 6 AM on the pickup day, not blocking the sidewalk."
MOVED_TEXT = {
    "not_bulk_day": "Pickups in {area} are on {weekday}s; {preferred} is not one. The next {weekday} with room is "
                    "{scheduled}.",
    "too_soon": "{preferred} is too soon: crews need {lead} of notice to plan a route. The first bulk day with room "
                "is {scheduled}.",
    "holiday": "{preferred} is a holiday with no pickups; the next bulk day with room is {scheduled}.",
    "full": "{preferred} is fully booked; the next bulk day with room is {scheduled}.",
}


def pickup_facts(booking: PickupBooking) -> dict:
    pickup = booking.pickup
    free = settings.ENVIRONMENTAL_BULK_FREE_PER_YEAR
    return {
        "reference": pickup.reference,
        "status": pickup.status,
        "address": pickup.address,
        "area": pickup.area.name,
        "items": pickup.items,
        "item_count": pickup.item_count,
        "scheduled_for": pickup.scheduled_for,
        "preferred_date": booking.preferred_date,
        "moved_from_preferred": bool(booking.preferred_date and booking.preferred_date != pickup.scheduled_for),
        "moved_reason": booking.moved_reason,
        "area_bulk_weekday": WEEKDAYS[pickup.area.bulk_weekday],
        "fee": pickup.fee,
        "currency": CURRENCY,
        "free_pickups_per_year": free,
        "replayed": booking.replayed,
        "next_step": PICKUP_NEXT_STEP,
    }


def moved_text(facts: dict) -> str:
    """Say why the pickup is not on the preferred date, in the words of the fact that decided it."""
    reason = facts["moved_reason"] or "full"
    return MOVED_TEXT[reason].format(
        area=facts["area"], weekday=facts["area_bulk_weekday"], preferred=day(facts["preferred_date"]),
        scheduled=when_text(facts["scheduled_for"]),
        lead=plural(settings.ENVIRONMENTAL_BULK_LEAD_DAYS, "day"))


def pickup_text(facts: dict) -> str:
    title = "Bulk Pickup Already Booked" if facts["replayed"] else "Bulk Pickup Scheduled"
    lines = [f"🛋️ **{title}**", "", f"📋 **Reference: {facts['reference']}**",
             f"- Address: {facts['address']} ({facts['area']})",
             f"- 📅 Pickup day: **{when_text(facts['scheduled_for'])}**"]
    if facts["moved_from_preferred"]:
        lines.append(f"- {moved_text(facts)}")
    lines += [f"- Items ({facts['item_count']}): {', '.join(facts['items'])}",
              f"- Fee: {money_text(facts['fee'])}" + (
                  f" (the first {facts['free_pickups_per_year']} pickups of the year are free)" if facts["fee"]
                  else " (free)"),
              "", "📞 **Next Steps:**", f"1. {facts['next_step']}",
              f"2. Track it with track_bulk_pickup; cancel it until the day before with cancel_bulk_pickup "
              f"(reference {facts['reference']} and the access code below), or call {settings.ENVIRONMENTAL_PHONE}."]
    return "\n".join(lines)


# --- track_bulk_pickup / cancel_bulk_pickup ----------------------------------------------
PICKUP_STATUS_EMOJI = {"scheduled": "📅", "completed": "✅", "missed": "⚠️", "cancelled": "🚫"}
PICKUP_TRACK_NEXT_STEP = {
    "completed": "The items were collected. Nothing more to do.",
    "missed": "The crew found no items out on the day. Book a new pickup if they are still there.",
    "cancelled": "The pickup is cancelled. Book a new one if the items still need to go.",
}
PICKUP_OVERDUE_STEP = ("The pickup day has passed and the crew has not recorded the pickup yet. If the items are "
                       "still at the curb, call the sanitation line at {phone} with reference {reference}.")


def pickup_track_facts(pickup: BulkPickup) -> dict:
    """A pickup's status, its day, whether that day passed without the crew closing it, and its timeline."""
    late = days_overdue(pickup.scheduled_for) if pickup.status == BulkPickup.Status.SCHEDULED else 0
    if late:
        step = PICKUP_OVERDUE_STEP.format(phone=settings.ENVIRONMENTAL_PHONE, reference=pickup.reference)
    else:
        step = PICKUP_TRACK_NEXT_STEP.get(pickup.status, PICKUP_NEXT_STEP)
    return {
        "reference": pickup.reference, "status": pickup.status, "address": pickup.address,
        "area": pickup.area.name, "area_bulk_weekday": WEEKDAYS[pickup.area.bulk_weekday],
        "items": pickup.items, "item_count": pickup.item_count, "scheduled_for": pickup.scheduled_for,
        "fee": pickup.fee, "currency": CURRENCY, "overdue": bool(late), "days_overdue": late,
        "timeline": [{"status": u.status, "at": u.created_at, "note": u.note} for u in pickup.updates.all()],
        "next_step": step,
    }


def pickup_track_text(facts: dict) -> str:
    status = BulkPickup.Status(facts["status"])
    day_line = (due_text(facts["scheduled_for"]) if facts["overdue"]
                else when_text(facts["scheduled_for"]) if status == BulkPickup.Status.SCHEDULED
                else day(facts["scheduled_for"]))
    lines = [f"🛋️ **Bulk Pickup {facts['reference']}**", "",
             f"- Status: {PICKUP_STATUS_EMOJI[status]} {status.label}",
             f"- Area: {facts['area']} (bulk pickups on {facts['area_bulk_weekday']}s)"]
    if facts["address"] is not None:
        lines.append(f"- Address: {facts['address']}")
    lines += [f"- 📅 Pickup day: {day_line}",
              f"- Items ({facts['item_count']}): {', '.join(facts['items'])}",
              f"- Fee: {money_text(facts['fee']) if facts['fee'] else 'free'}"]
    if facts["overdue"]:
        lines.append(f"- ⏰ **Overdue:** the pickup day passed {plural(facts['days_overdue'], 'day')} ago "
                     "without the crew recording it.")
    if facts["timeline"] is not None:
        lines += ["", "🗓️ **Timeline:**"]
        for entry in facts["timeline"]:
            note = f" — {entry['note']}" if entry["note"] else ""
            lines.append(f"- {when(entry['at'])}: {BulkPickup.Status(entry['status']).label}{note}")
    lines += ["", f"📞 **Next step:** {facts['next_step']}"]
    return "\n".join(lines)


def cancellation_facts(cancellation: PickupCancellation) -> dict:
    pickup = cancellation.pickup
    return {"reference": pickup.reference, "status": pickup.status, "changed": cancellation.changed,
            "scheduled_for": pickup.scheduled_for, "area": pickup.area.name, "fee": pickup.fee,
            "currency": CURRENCY, "charged": "0.00", "refund": "0.00",
            "fee_note": ("Nothing was charged at booking, so nothing is refunded; the fee no longer applies."
                         if pickup.fee else "The pickup was free; it no longer counts toward the year's "
                         f"{settings.ENVIRONMENTAL_BULK_FREE_PER_YEAR} free pickups.")}


def cancellation_text(facts: dict) -> str:
    if not facts["changed"]:
        return (f"ℹ️ Bulk pickup {facts['reference']} was already cancelled; nothing changed. "
                f"{facts['fee_note']}")
    fee = f" ({money_text(facts['fee'])} fee)" if facts["fee"] else ""
    return "\n".join([f"🚫 **Bulk Pickup {facts['reference']} Cancelled**", "",
                      f"- Was booked for: {when_text(facts['scheduled_for'])} in {facts['area']}{fee}",
                      f"- 💰 {facts['fee_note']}", "",
                      "📞 **Next step:** Book a new pickup with schedule_bulk_pickup if the items still need to go."])


# --- environmental reports ---------------------------------------------------------------
REPORT_OVERDUE_STEP = ("The response date passed {late} ago without an inspector's answer. Call the environmental "
                       "line at {phone} with reference {reference} to ask where it stands.")


def _report_base(report: EnvironmentalReport) -> dict:
    late = days_overdue(report.respond_by) if report.status in OPEN_REPORT_STATUSES else 0
    step = (REPORT_OVERDUE_STEP.format(late=plural(late, "day"), phone=settings.ENVIRONMENTAL_PHONE,
                                       reference=report.reference) if late
            else REPORT_NEXT_STEP[report.status].format(respond_by=day(report.respond_by)))
    return {
        "reference": report.reference,
        "report_type": report.report_type,
        "report_type_label": ReportType(report.report_type).label,
        "status": report.status,
        "priority": report.priority,
        "location": report.location,
        "filed_at": report.filed_at,
        "respond_by": report.respond_by,
        "overdue": bool(late),
        "days_overdue": late,
        "next_step": step,
    }


def filing_facts(filing: ReportFiling) -> dict:
    return {**_report_base(filing.report), "replayed": filing.replayed}


def filing_text(facts: dict) -> str:
    title = "Environmental Report Already Filed" if facts["replayed"] else "Environmental Report Filed"
    lines = [f"🌱 **{title}**", "", f"📋 **Reference: {facts['reference']}**",
             f"- Type: {REPORT_EMOJI[ReportType(facts['report_type'])]} {facts['report_type_label']}",
             f"- Location: {facts['location']}",
             f"- Priority: {ReportPriority(facts['priority']).label}",
             f"- Respond by: {when_text(facts['respond_by'])}", "",
             "📞 **Next Steps:**", f"1. {facts['next_step']}",
             f"2. Track it any time with reference {facts['reference']}."]
    if facts["report_type"] == ReportType.HAZARDOUS_SPILL:
        lines += ["", "⚠️ Keep away from the spill; if anyone is exposed or it is spreading, call 911."]
    return "\n".join(lines)


def report_facts(report: EnvironmentalReport) -> dict:
    return {**_report_base(report), "description": report.description, "resolved_at": report.resolved_at,
            "resolution_note": report.resolution_note or None,
            "timeline": [{"status": u.status, "at": u.created_at, "note": u.note} for u in report.updates.all()]}


def _respond_by(facts: dict) -> str:
    if facts["overdue"]:
        return f"{due_text(facts['respond_by'])} ⏰"
    if facts["status"] in OPEN_REPORT_STATUSES:
        return when_text(facts["respond_by"])
    # A closed report: the target is history; say whether it was met.
    closed_on = timezone.localtime(facts["resolved_at"]).date() if facts.get("resolved_at") else None
    late = days_overdue(facts["respond_by"], today=closed_on) if closed_on else 0
    verdict = f"missed by {plural(late, 'day')}" if late else "met"
    return f"{day(facts['respond_by'])} ({verdict})"


def report_text(facts: dict) -> str:
    lines = [f"🌱 **Environmental Report {facts['reference']}**", "",
             f"- Status: {REPORT_STATUS_EMOJI[facts['status']]} {EnvironmentalReport.Status(facts['status']).label}",
             f"- Type: {REPORT_EMOJI[ReportType(facts['report_type'])]} {facts['report_type_label']}",
             f"- Location: {facts['location']}",
             f"- Priority: {ReportPriority(facts['priority']).label}",
             f"- Filed: {when(facts['filed_at'])}",
             f"- {'Respond by' if facts['status'] in OPEN_REPORT_STATUSES else 'Response target'}: "
             f"{_respond_by(facts)}",
             f"- Details: {facts['description']}"]
    # The public view: where and what the resident saw stay with the filer and staff.
    lines = [line for line, hidden in zip(lines, [False, False, False, False, facts["location"] is None, False,
                                                  False, False, facts["description"] is None]) if not hidden]
    if facts["resolved_at"]:
        lines.append(f"- Resolved: {when(facts['resolved_at'])}")
    if facts["resolution_note"]:
        lines.append(f"- Note: {facts['resolution_note']}")
    if facts["timeline"] is not None:
        lines += ["", "🗓️ **Timeline:**"]
        for entry in facts["timeline"]:
            note = f" — {entry['note']}" if entry["note"] else ""
            lines.append(f"- {when(entry['at'])}: {EnvironmentalReport.Status(entry['status']).label}{note}")
    lines += ["", f"📞 **Next step:** {facts['next_step']}"]
    return "\n".join(lines)


def info_added_text(facts: dict) -> str:
    return f"✅ **Information added to report {facts['reference']}**\n\n" + report_text(facts)


# --- sustainability programs -------------------------------------------------------------
def program_facts(program: SustainabilityProgram) -> dict:
    return {"slug": program.slug, "name": program.name, "category": program.category,
            "description": program.description, "benefit": program.benefit,
            "rebate_amount": program.rebate_amount, "currency": CURRENCY, "eligibility": program.eligibility,
            "how_to_apply": program.how_to_apply, "url": program.url or None,
            "enrollment_deadline": program.enrollment_deadline}


def programs_facts(programs: list[SustainabilityProgram], *, category: str | None) -> dict:
    items = [program_facts(program) for program in programs]
    rebates = [item["rebate_amount"] for item in items if item["rebate_amount"] is not None]
    return {"category": category, "count": len(items), "total_rebates_available": sum(rebates, 0) if rebates else 0,
            "currency": CURRENCY, "programs": items}


def programs_text(facts: dict) -> str:
    kind = f" ({ProgramCategory(facts['category']).label})" if facts["category"] else ""
    if not facts["programs"]:
        return f"ℹ️ No sustainability programs{kind} are open for enrollment right now."
    lines = [f"🌍 **Sustainability Programs{kind}: {facts['count']}**", ""]
    for number, program in enumerate(facts["programs"], start=1):
        lines += [f"{number}. {PROGRAM_EMOJI[ProgramCategory(program['category'])]} **{program['name']}** — "
                  f"{program['benefit']}",
                  f"   - {program['description']}",
                  f"   - Who: {program['eligibility']}",
                  f"   - How: {program['how_to_apply']}"]
        if program["enrollment_deadline"]:
            lines.append(f"   - ⏰ Apply by {day(program['enrollment_deadline'])}")
        if program["url"]:
            lines.append(f"   - 🌐 {program['url']}")
    if facts["total_rebates_available"]:
        lines += ["", f"💰 **Up to {money_text(facts['total_rebates_available'])} in rebates across these "
                  "programs.**"]
    return "\n".join(lines)
