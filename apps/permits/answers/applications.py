"""Markdown for submit_application, track_status, update_application_status, schedule_inspection."""
from django.utils import timezone

from apps.core.wording import due_text, moment_text
from apps.permits.answers.analysis import open_question_lines
from apps.permits.fees import money_text
from apps.permits.workflow import label


def when_text(moment) -> str:
    """"Tuesday, November 24, 2026 at 9:00 AM" in the city's time zone."""
    local = timezone.localtime(moment)
    return f"{local:%A, %B} {local.day}, {local:%Y} at {local:%I:%M %p}".replace(" at 0", " at ")


def day_text(moment) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d}"


def _status_text(report: dict) -> str:
    text = report["status_label"]
    if not report["is_complete"] and report["status"] == "submitted":
        text += " (incomplete — documents missing)"
    return text


def _fee_block(fees: dict, heading: str) -> str:
    lines = [heading]
    for item in fees["items"]:
        paid = " ✔️ paid" if item["paid"] else ""
        lines.append(f"- {item['label']}: {money_text(item['amount'])}{paid}")
    lines.append(f"- **Total: {money_text(fees['total'])}**")
    if fees["outstanding"] > 0:
        flag = "⚠️ OVERDUE — " if fees["days_overdue"] else ""
        lines.append(f"- {flag}Outstanding: {money_text(fees['outstanding'])}, due {due_text(fees['due_on'])}")
    elif fees["items"]:
        lines.append("- All fees paid")
    return "\n".join(lines)


def _missing_block(report: dict) -> str | None:
    if not report["missing_documents"]:
        return None
    lines = ["⚠️ **Missing Documents:**"]
    for n, doc in enumerate(report["missing_documents"], start=1):
        icon = f"{doc['icon']} " if doc["icon"] else ""
        lines.append(f"{n}. {icon}{doc['name']}")
    return "\n".join(lines)


def _documents_block(report: dict) -> str:
    documents = report["documents"]
    if documents is None:
        return ""  # not the applicant's view
    if not documents:
        return "📎 **Documents Received:** none"
    lines = [f"📎 **Documents Received:** {len(documents)}"]
    for doc in documents:
        kind = " — not matched to a requirement"
        if doc["document_type"]:
            kind = f" — {doc['document_type'].replace('_', ' ')}"
        lines.append(f"- {doc['filename']} ({doc['size']:,} bytes){kind}")
    return "\n".join(lines)


def _summary_lines(report: dict) -> list[str]:
    lines = [
        f"**Reference:** {report['reference']}",
        f"- Permit: {report['permit_type_name']}",
        f"- Property: {report['property_address']}",
    ]
    if report["applicant"] is not None:  # the applicant's name is theirs and staff's to see
        lines.append(f"- Applicant: {report['applicant']}")
    return lines + [f"- Status: {_status_text(report)}"]


def render_submission(report: dict) -> str:
    """Render a new application: reference, completeness, fees assessed, next steps."""
    blocks = [f"📨 **{report['permit_type_name']} Application Submitted**", "\n".join(_summary_lines(report))]
    if report["documents"] is not None:
        blocks.append(_documents_block(report))
    missing = _missing_block(report)
    if missing:
        blocks.append(missing)
    if report["open_questions"]:
        blocks.append("\n".join(open_question_lines(report["open_questions"])))
    blocks.append(_fee_block(report["fees"], "💰 **Fees Assessed:**"))
    blocks.append(f"📞 **Next Step:** {report['next_step']}")
    blocks.append(f"Keep reference {report['reference']} to track the application with track_status.")
    return "\n\n".join(block for block in blocks if block)


INSPECTION_STATES = {
    "upcoming": "Scheduled",
    "today": "Scheduled for today",
    "awaiting_result": "Date passed — awaiting result",
}


def _inspection_state(item: dict) -> str:
    """A booking whose day is behind us never reads as upcoming."""
    return INSPECTION_STATES.get(item["when"], item["status"].title())


def render_application_status(report: dict) -> str:
    """Render an application's status with its dated timeline, fees and inspections."""
    blocks = [f"📍 **Permit Application {report['reference']}**", "\n".join(_summary_lines(report)[1:])]
    if report["valid_until"]:
        blocks[-1] += f"\n- Valid Until: {report['valid_until']:%Y-%m-%d}"
    if report["review_due_on"]:
        flag = "⚠️ " if report["review_days_overdue"] else ""
        blocks[-1] += f"\n- {flag}Review Target: {due_text(report['review_due_on'])}"
    timeline = ["🗓️ **Timeline:**"]
    for entry in report["timeline"]:
        note = f" — {entry['note']}" if entry["note"] else ""
        timeline.append(f"- {day_text(entry['at'])}: {entry['status_label']}{note}")
    blocks.append("\n".join(timeline))
    missing = _missing_block(report)
    if missing:
        blocks.append(missing)
    blocks.append(_fee_block(report["fees"], "💰 **Fees:**"))
    if report["inspections"] or report["remaining_inspections"]:
        lines = ["🔍 **Inspections:**"]
        for item in report["inspections"]:
            lines.append(f"- {item['name']}: {_inspection_state(item)} — {moment_text(item['scheduled_for'])} "
                         f"({item['inspector']})")
        for kind in report["remaining_inspections"]:
            if not any(i["inspection_type"] == kind["code"] and i["status"] == "scheduled"
                       for i in report["inspections"]):
                lines.append(f"- {kind['name']}: not yet scheduled")
        blocks.append("\n".join(lines))
    blocks.append(f"📞 **Next Step:** {report['next_step']}")
    return "\n\n".join(blocks)


def render_transition(summary: dict) -> str:
    """Render a staff status change and what may follow."""
    lines = [f"✅ **{summary['reference']}: {summary['old_status_label']} → {summary['status_label']}**", ""]
    if summary["note"]:
        lines.append(f"- Note: {summary['note']}")
    lines.append(f"- Changed: {when_text(summary['changed_at'])}")
    if summary["valid_until"] and summary["status"] == "approved":
        lines.append(f"- Valid Until: {summary['valid_until']:%Y-%m-%d}")
    following = ", ".join(f"{label(s)} ({s})" for s in summary["next_statuses"]) or "none — this status is final"
    lines.append(f"- Next possible statuses: {following}")
    return "\n".join(lines)


def render_booking(booking: dict) -> str:
    """Render a booked inspection."""
    heading = "🗓️ **Inspection Already Scheduled**" if booking["already_scheduled"] else "🗓️ **Inspection Scheduled**"
    lines = [
        heading, "",
        f"- Permit: {booking['reference']} ({booking['permit_type_name']})",
        f"- Inspection: {booking['inspection_name']}",
        f"- When: {when_text(booking['scheduled_for'])}",
        f"- Inspector: {booking['inspector']}",
    ]
    preferred = booking["preferred_date"]
    if preferred and booking["scheduled_for"] and timezone.localtime(booking["scheduled_for"]).date() != preferred:
        lines.append(f"- Your preferred date ({preferred:%Y-%m-%d}) was not available; this is the first free "
                     "slot after it.")
    lines += ["", "📞 **Next Step:** Have the work ready and the permit card on site at the start of the slot."]
    return "\n".join(lines)
