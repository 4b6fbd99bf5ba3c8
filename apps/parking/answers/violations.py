"""Answers about citations: the seed's markdown and the same facts as structured data.

Layout follows the seed's check_violations example (heading, numbered violations, total,
payment options, closing reminder); late fees, when a citation is past due, appear as
their own lines under the fine.
"""
from apps.core.money import CURRENCY, format_money
from apps.core.wording import is_past, plural, relative_day
from apps.parking.models import Citation
from apps.parking.parsing import long_date
from apps.parking.selectors import CitationBalance, OutstandingReport, citation_contest_deadline, local_day

STATUS_TEXT = {
    Citation.Status.REPORTED: "📝 Reported — awaiting staff review",
    Citation.Status.ISSUED: "⚠️ Unpaid",
    Citation.Status.CONTESTED: "⚖️ Contested — decision pending (late fees paused)",
    Citation.Status.PAID: "✅ Paid",
    Citation.Status.DISMISSED: "✅ Dismissed — nothing owed",
    Citation.Status.VOID: "✅ Void — nothing owed",
}


def citation_data(balance: CitationBalance) -> dict:
    """Return the structured form of one citation and its balance."""
    citation = balance.citation
    return {
        "citation_number": citation.citation_number,
        "license_plate": citation.license_plate,
        "violation_type": citation.violation_type.code,
        "violation_type_description": citation.violation_type.description,
        "location": citation.location,
        "observed_at": citation.observed_at,
        "issued_at": citation.issued_at,
        "issued_on": local_day(citation.issued_at),
        "due_date": citation.due_date,
        "status": citation.status,
        "fine": balance.fine,
        "late_fees": balance.late_fees,
        "amount_due": balance.amount_due,
        "currency": CURRENCY,
        "days_overdue": balance.days_overdue,
        "late_fees_paused": balance.late_fees_paused,
        "next_late_fee_on": balance.next_late_fee_on,
        "contest_deadline": citation_contest_deadline(citation),
        "decision_note": citation.decision_note or None,
    }


def _status_line(balance: CitationBalance) -> str:
    text = STATUS_TEXT[balance.citation.status]
    if balance.citation.status == Citation.Status.ISSUED and balance.days_overdue:
        text += f" — {overdue_text(balance.days_overdue)}"
    return text


def overdue_text(days: int) -> str:
    """Return "overdue by 15 days": the one wording of a citation past its due date."""
    return f"overdue by {plural(days, 'day')}"


def upcoming_date_text(day) -> str:
    """Return "December 24, 2026 (in 30 days)": the seed's date with how far off it is."""
    return f"{long_date(day)} ({relative_day(day)})"


def _late_fee_line(balance: CitationBalance) -> str | None:
    if not balance.late_fees:
        return None  # not past due: the closing reminder covers it
    text = f"   - Late Fees: {format_money(balance.late_fees)}"
    if balance.late_fees_paused:
        text += " (paused while contested)"
    elif balance.late_fees_capped:
        text += " (maximum reached)"
    elif balance.next_late_fee_on:
        text += (f" (another {format_money(balance.next_late_fee_amount)} on "
                 f"{long_date(balance.next_late_fee_on)})")
    return text


def _due_text(balance: CitationBalance) -> str:
    """The seed's "February 9, 2025"; a date still ahead also says how far off it is (the
    status line flags one that has passed, keeping the seed's own example as printed)."""
    due = balance.citation.due_date
    if balance.days_overdue or is_past(due):
        return long_date(due)
    return upcoming_date_text(due)


def _violation_block(index: int, balance: CitationBalance) -> str:
    citation = balance.citation
    lines = [
        f"{index}. **Violation #{citation.citation_number}**",
        f"   - Type: {citation.violation_type.description}",
        f"   - Location: {citation.location}",
        f"   - Date: {long_date(local_day(citation.issued_at))}",
        f"   - Fine: {format_money(balance.fine)}",
    ]
    late = _late_fee_line(balance)
    if late:
        lines.append(late)
        lines.append(f"   - Amount Due: {format_money(balance.amount_due)}")
    lines.append(f"   - Due: {_due_text(balance)}")
    lines.append(f"   - Status: {_status_line(balance)}")
    if citation.decision_note:
        lines.append(f"   - Decision: {citation.decision_note}")  # why a contest was denied, say
    return "\n".join(lines)


def payment_options_text(options: dict) -> str:
    return ("**Payment Options:**\n"
            f"- 🌐 Online: {options['online_url']}\n"
            f"- 📞 Phone: {options['phone']}\n"
            f"- 🏢 In Person: {options['in_person']}")


def _closing_line(report: OutstandingReport) -> str:
    overdue = [b for b in report.balances if b.citation.status == Citation.Status.ISSUED and b.days_overdue]
    if overdue:
        if all(b.late_fees_capped or not b.next_late_fee_on for b in overdue):
            return "⏰ **Overdue: late fees have been added. Pay now to settle these violations.**"
        return "⏰ **Overdue: late fees keep growing until paid. Pay now to stop them.**"
    if any(b.citation.status == Citation.Status.ISSUED for b in report.balances):
        return "⏰ **Pay by due date to avoid late fees!**"
    return "⚖️ **Contested citations can be paid once staff decide; late fees stay paused until then.**"


def outstanding_text(report: OutstandingReport, *, options: dict | None) -> str:
    """Return the check_violations answer in the seed's layout."""
    heading = f"**Parking Violations for License Plate {report.license_plate}**"
    scope = f" issued {report.date_range.describe()}" if report.date_range else ""
    if not report.balances:
        return f"{heading}\n\n✅ **No outstanding violations{scope}.** Nothing is owed for this plate."
    parts = [heading]
    if report.date_range:
        parts.append(f"📅 Showing violations{scope} ({report.date_range.text}).")
    parts.append(f"🅿️ **Outstanding Violations: {len(report.balances)}**")
    parts.extend(_violation_block(i, b) for i, b in enumerate(report.balances, start=1))
    total = f"💰 **Total Outstanding: {format_money(report.total_outstanding)}**"
    if report.total_late_fees:
        total += (f" ({format_money(report.total_fines)} in fines + "
                  f"{format_money(report.total_late_fees)} in late fees)")
    parts.append(total)
    if options is not None:
        parts.append(payment_options_text(options))
    parts.append(_closing_line(report))
    return "\n\n".join(parts)


def outstanding_data(report: OutstandingReport, *, options: dict | None) -> dict:
    """Return the structured check_violations answer."""
    data = {
        "license_plate": report.license_plate,
        "as_of": report.as_of,
        "outstanding_count": len(report.balances),
        "violations": [citation_data(b) for b in report.balances],
        "total_fines": report.total_fines,
        "total_late_fees": report.total_late_fees,
        "total_outstanding": report.total_outstanding,
        "currency": CURRENCY,
    }
    if report.date_range:
        data["date_range"] = {"start": report.date_range.start, "end": report.date_range.end}
    if options is not None:
        data["payment_options"] = options
    return data


def created_text(citation: Citation, balance: CitationBalance) -> str:
    """Return the answer to report_violation / issue_citation."""
    if citation.status == Citation.Status.REPORTED:
        lines = [
            "📝 **Violation Report Received**",
            "",
            f"- Reference: {citation.citation_number}",
            f"- License Plate: {citation.license_plate}",
            f"- Type: {citation.violation_type.description}",
            f"- Location: {citation.location}",
            f"- Observed: {long_date(local_day(citation.observed_at))}",
            f"- Photo: {'attached' if citation.photo else 'none'}",
            f"- Status: {STATUS_TEXT[citation.status]}",
            "",
            "👮 Parking staff will review the report; if confirmed, a citation is issued to the vehicle's owner. "
            "Thank you for helping keep streets clear.",
        ]
        return "\n".join(lines)
    lines = [
        "🎫 **Citation Issued**",
        "",
        f"1. **Violation #{citation.citation_number}**",
        f"   - License Plate: {citation.license_plate}",
        f"   - Type: {citation.violation_type.description}",
        f"   - Location: {citation.location}",
        f"   - Date: {long_date(local_day(citation.issued_at))}",
        f"   - Fine: {format_money(balance.fine)}",
        f"   - Due: {upcoming_date_text(citation.due_date)}",
        f"   - Contest by: {upcoming_date_text(citation_contest_deadline(citation))}",
        f"   - Photo: {'attached' if citation.photo else 'none'}",
        f"   - Status: {STATUS_TEXT[citation.status]}",
    ]
    return "\n".join(lines)


def created_data(citation: Citation, balance: CitationBalance) -> dict:
    data = citation_data(balance)
    data["violation_id"] = citation.pk
    data["source"] = citation.source
    data["photo_attached"] = bool(citation.photo)
    return data


def contested_text(citation: Citation, balance: CitationBalance) -> str:
    """Return the answer to contest_violation."""
    return "\n".join([
        f"⚖️ **Contest Filed for Violation #{citation.citation_number}**",
        "",
        f"- License Plate: {citation.license_plate}",
        f"- Type: {citation.violation_type.description}",
        f"- Fine: {format_money(balance.fine)}",
        f"- Filed: {long_date(local_day(citation.contested_at))}",
        f"- Status: {STATUS_TEXT[citation.status]}",
        "",
        "📋 City staff will review your reason and evidence. If the contest is granted the citation is "
        "dismissed; if it is denied, the due date moves back by the days the review took, so the "
        "review never costs you late fees. Check the outcome with check_violations.",
    ])


def contested_data(citation: Citation, balance: CitationBalance) -> dict:
    data = citation_data(balance)
    data["contested_at"] = citation.contested_at
    data["reason"] = citation.contest_reason
    return data


def late_fee_schedule_text(violation_type) -> str:
    """Return "$10.00 the day after the due date, then $10.00 every 30 days, up to $40.00"."""
    schedule = violation_type.late_fee_schedule
    if not schedule.initial and not schedule.recurring:
        return "No late fees."
    text = f"{format_money(schedule.initial)} the day after the due date"
    if schedule.recurring:
        text += f", then {format_money(schedule.recurring)} every {schedule.interval_days} days"
    if schedule.cap is not None:
        text += f", up to {format_money(schedule.cap)} in total"
    return text + "."
