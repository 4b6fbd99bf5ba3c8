"""Turn utilities records into answers: the structured facts first, the markdown read from them.

Writing the text from the same dict the structured answer carries keeps the two in step.
"""
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from apps.core.money import CURRENCY
from apps.core.wording import day_text, days_overdue, due_text, miles_text, moment_text, money_text, plural
from apps.utilities.catalogue import SAFETY_NOTES, RequestType, ServiceType, service_emoji, service_label
from apps.utilities.models import Outage, ServiceRequest
from apps.utilities.selectors import BillingSummary, BillStatus, NearbyOutage, bill_status
from apps.utilities.services import BillPaymentOutcome, OutageChange, OutageReportResult, ServiceRequestResult

OUTAGE_STATUS_EMOJI = {"reported": "📝", "confirmed": "✔️", "crew_dispatched": "🚧", "resolved": "✅"}
BILL_STATUS_TEXT = {
    BillStatus.PAID: "✅ Paid",
    BillStatus.PARTIALLY_PAID: "🟡 Partially paid",
    BillStatus.DUE: "⏳ Due",
    BillStatus.PAST_DUE: "⚠️ Past due",
}
OUTAGE_NEXT_STEP = {
    "reported": "Crews confirm new outages and post an estimated restoration time once they have assessed it.",
    "confirmed": "The outage is confirmed; a crew is being scheduled.",
    "crew_dispatched": "A crew is on site working to restore service.",
    "resolved": "Service has been restored. If yours is still out, report it again.",
}


def when(moment: datetime) -> str:
    """Return "Tuesday, November 24 at 6:00 PM" in the city's time zone (apps.core.wording)."""
    return moment_text(moment)


def day(value: date) -> str:
    """Return "Tuesday, November 24" (apps.core.wording: one date wording for every domain)."""
    return day_text(value)


def miles(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


# --- outages -----------------------------------------------------------------------------
def outage_facts(outage: Outage) -> dict:
    return {
        "outage_id": outage.outage_id,
        "service_type": outage.service_type,
        "status": outage.status,
        "address": outage.address,
        "area": outage.area or None,
        "cause": outage.cause or None,
        "reported_at": outage.reported_at,
        "estimated_restoration": outage.estimated_restoration,
        "resolved_at": outage.resolved_at,
        "report_count": outage.report_count,
        "past_estimate": outage_past_estimate(outage),
    }


def outage_past_estimate(outage: Outage) -> bool:
    """True when an outage is still active after the restoration time crews estimated."""
    return bool(outage.is_active and outage.estimated_restoration
                and outage.estimated_restoration < timezone.now())


def report_facts(result: OutageReportResult) -> dict:
    outage = result.outage
    return {
        **outage_facts(outage),
        "service_label": service_label(outage.service_type),
        "reported_address": result.report.address,
        "merged": result.merged,
        "duplicate": result.duplicate,
        "distance_miles": miles(result.distance_miles),
        "next_step": OUTAGE_NEXT_STEP[outage.status],
    }


def _restoration_line(facts: dict) -> str:
    if facts["past_estimate"]:
        return (f"⚠️ **Past its estimated restoration ({when(facts['estimated_restoration'])})** — crews are "
                "still working on it; a new estimate will be posted.")
    if facts["estimated_restoration"]:
        return f"⏱️ **Estimated restoration: {when(facts['estimated_restoration'])}**"
    return "⏱️ An estimated restoration time will be posted once a crew has assessed the outage."


def _status_text(status: str) -> str:
    return f"{OUTAGE_STATUS_EMOJI[status]} {Outage.Status(status).label}"


def report_text(facts: dict) -> str:
    emoji, label = service_emoji(facts["service_type"]), facts["service_label"]
    if facts["duplicate"]:
        head = [f"{emoji} **{label} Outage Already Reported From This Address**", "",
                f"{facts['reported_address']} already reported outage **{facts['outage_id']}**; "
                "it is counted once."]
    elif facts["merged"]:
        reports = facts["report_count"]
        head = [f"{emoji} **Known {label} Outage — Your Report Was Added**", "",
                f"There is already an active {label.lower()} outage nearby: **{facts['outage_id']}** "
                f"({miles_text(facts['distance_miles'])} from {facts['reported_address']}). Your report joins it; "
                f"{plural(reports, 'address', 'addresses')} {'has' if reports == 1 else 'have'} reported it."]
    else:
        head = [f"{emoji} **{label} Outage Reported**", "", f"🆔 **Outage ID: {facts['outage_id']}**",
                f"- Address: {facts['reported_address']}"]
    lines = head + [
        f"- Status: {_status_text(facts['status'])}",
        f"- Area: {facts['area'] or 'around ' + (facts['address'] or facts['reported_address'])}",
        f"- First reported: {when(facts['reported_at'])}",
        f"- Reports: {facts['report_count']}",
    ]
    if facts["cause"]:
        lines.append(f"- Cause: {facts['cause']}")
    lines += ["", _restoration_line(facts), "", "📞 **Next Steps:**", f"1. {facts['next_step']}",
              f"2. Check progress any time with outage ID {facts['outage_id']}."]
    note = SAFETY_NOTES.get(facts["service_type"])
    if note:
        lines += ["", note]
    return "\n".join(lines)


def outages_facts(found: list[NearbyOutage], *, address: str | None, service_type: str | None) -> dict:
    items = [{**outage_facts(item.outage), "distance_miles": miles(item.distance_miles),
              "affects_address": item.affects_address} for item in found]
    return {
        "address": address,
        "service_type": service_type,
        "checked_at": timezone.now(),
        "count": len(items),
        "affects_address": any(item["affects_address"] for item in items),
        "outages": items,
    }


def outages_text(facts: dict) -> str:
    kind = f"{service_label(facts['service_type'])} " if facts["service_type"] else ""
    where = f" near {facts['address']}" if facts["address"] else ""
    if not facts["outages"]:
        return (f"✅ **No active {kind.lower()}outages{where}.**\n\nIf your service is out, report it so crews know: "
                "give the service type and your address.")
    lines = [f"🔌 **Active {kind}Outages{where}: {facts['count']}**", ""]
    if facts["address"]:
        lines += [("⚠️ **Your address is inside an active outage area.**" if facts["affects_address"]
                   else "✅ None of these reaches your address; if your service is out, report it."), ""]
    for number, item in enumerate(facts["outages"], start=1):
        distance = f" — {miles_text(item['distance_miles'])} away" if item["distance_miles"] is not None else ""
        lines += [
            f"{number}. {service_emoji(item['service_type'])} **{item['outage_id']}** — "
            f"{service_label(item['service_type'])}{distance}",
            f"   - Status: {_status_text(item['status'])}",
            f"   - Area: {item['area'] or ('around ' + item['address'] if item['address'] else 'being mapped')}",
            f"   - Reported: {when(item['reported_at'])} ({plural(item['report_count'], 'report')})",
            "   - Estimated restoration: " + _estimate_text(item),
        ]
    return "\n".join(lines)


def _estimate_text(item: dict) -> str:
    if not item["estimated_restoration"]:
        return "being assessed"
    if item["past_estimate"]:
        return f"{when(item['estimated_restoration'])} — ⚠️ past its estimate, crews are still working"
    return when(item["estimated_restoration"])


def change_facts(change: OutageChange) -> dict:
    outage = change.outage
    return {**outage_facts(outage), "old_status": change.old_status, "changed": change.changed,
            "resolution_note": outage.resolution_note or None}


def resolve_text(facts: dict) -> str:
    if not facts["changed"]:
        return f"ℹ️ Outage {facts['outage_id']} was already resolved on {when(facts['resolved_at'])}; nothing changed."
    lines = [f"✅ **Outage {facts['outage_id']} resolved**", "",
             f"- Service: {service_emoji(facts['service_type'])} {service_label(facts['service_type'])}",
             f"- Resolved: {when(facts['resolved_at'])}",
             f"- Reports closed: {facts['report_count']}"]
    if facts["resolution_note"]:
        lines.append(f"- Note: {facts['resolution_note']}")
    return "\n".join(lines)


def outage_change_text(facts: dict) -> str:
    if facts["status"] == Outage.Status.RESOLVED:
        return resolve_text(facts)
    old = Outage.Status(facts["old_status"]).label
    lines = [f"🔧 **Outage {facts['outage_id']} updated**", "",
             f"- Service: {service_emoji(facts['service_type'])} {service_label(facts['service_type'])}",
             f"- Status: {old} → {_status_text(facts['status'])}"]
    if facts["cause"]:
        lines.append(f"- Cause: {facts['cause']}")
    lines += ["", _restoration_line(facts)]
    return "\n".join(lines)


# --- billing -----------------------------------------------------------------------------
def billing_facts(summary: BillingSummary) -> dict:
    account = summary.account
    bills = [{
        "bill_number": bill.bill_number, "period_start": bill.period_start, "period_end": bill.period_end,
        "issued_on": bill.issued_on, "due_date": bill.due_date, "amount": bill.amount,
        "amount_paid": bill.amount_paid, "balance": bill.balance, "status": summary.statuses[bill.pk],
        "paid_on": bill.paid_on, "currency": CURRENCY,
        "days_overdue": days_overdue(bill.due_date, today=summary.as_of) if bill.balance else 0,
        "lines": [{"service_type": line.service_type, "description": line.description, "usage": line.usage,
                   "unit": line.unit or None, "amount": line.amount} for line in bill.lines.all()],
    } for bill in summary.bills]
    return {
        "account_number": account.account_number,
        "holder_name": account.holder_name,
        "service_address": account.service_address,
        "account_status": account.status,
        "services": [service.service_type for service in account.services.all()],
        "as_of": summary.as_of,
        "balance": summary.balance,
        "past_due": summary.past_due,
        "currency": CURRENCY,
        "next_due_date": summary.next_due_date,
        "next_due_amount": summary.next_due_amount,
        "last_payment_on": summary.last_payment_on,
        "bills": bills,
        "payment_options": {"online": settings.UTILITIES_PAYMENT_ONLINE_URL, "phone": settings.UTILITIES_PHONE},
    }


def quantity(value: Decimal) -> str:
    """Return "2,500" for 2500.00 and "12.75" for 12.75."""
    return f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}"


def _bill_status_text(bill: dict) -> str:
    text = BILL_STATUS_TEXT[bill["status"]]
    if bill["status"] == BillStatus.PAID:
        return f"{text} on {day(bill['paid_on'])}" if bill["paid_on"] else text
    if bill["amount_paid"]:
        paid = f"{money_text(bill['amount_paid'])} paid" + (f" on {day(bill['paid_on'])}" if bill["paid_on"] else "")
        return f"{text} — {paid}, {money_text(bill['balance'])} left"
    return text


def _bill_due_text(bill: dict) -> str:
    """A paid bill's due date is history; an unpaid one says how far off, or how late, it is."""
    return day(bill["due_date"]) if bill["status"] == BillStatus.PAID else due_text(bill["due_date"])


def billing_text(facts: dict) -> str:
    services = ", ".join(f"{service_emoji(s)} {service_label(s)}" for s in facts["services"]) or "none"
    lines = [f"💧 **Utility Account {facts['account_number']}**", "",
             f"- Account holder: {facts['holder_name']}",
             f"- Service address: {facts['service_address']}",
             f"- Services: {services}", "",
             f"💰 **Current Balance: {money_text(facts['balance'])}**"]
    if facts["past_due"] > Decimal("0"):
        lines.append(f"⚠️ **Past due: {money_text(facts['past_due'])}** — pay now to avoid late fees and "
                     "service interruption.")
    if facts["next_due_date"]:
        lines.append(f"📅 Next due: {money_text(facts['next_due_amount'])} by {due_text(facts['next_due_date'])}")
    elif not facts["balance"]:
        lines.append("✅ Nothing is owed right now.")
    if facts["bills"]:
        lines += ["", "**Recent Bills:**"]
    for number, bill in enumerate(facts["bills"], start=1):
        lines += [f"{number}. **{bill['bill_number']}** — {day(bill['period_start'])} to {day(bill['period_end'])}",
                  f"   - Amount: {money_text(bill['amount'])} (due {_bill_due_text(bill)})",
                  f"   - Status: {_bill_status_text(bill)}"]
        for line in bill["lines"]:
            usage = f" ({quantity(line['usage'])} {line['unit']})" if line["usage"] is not None else ""
            lines.append(f"   - {service_emoji(line['service_type'])} {line['description']}{usage}: "
                         f"{money_text(line['amount'])}")
    options = facts["payment_options"]
    if facts["balance"]:
        lines += ["", "**Payment Options:**", f"- 🌐 Online: {options['online']}", f"- 📞 Phone: {options['phone']}"]
    return "\n".join(lines)


# --- service requests --------------------------------------------------------------------
def request_facts(result: ServiceRequestResult) -> dict:
    request = result.request
    urgent = request.priority == ServiceRequest.Priority.URGENT
    return {
        "reference": request.reference,
        "status": request.status,
        "service_type": request.service_type,
        "request_type": request.request_type,
        "request_type_label": RequestType(request.request_type).label,
        "account_number": request.account.account_number if request.account_id else None,
        "address": request.address,
        "priority": request.priority,
        "respond_by": request.respond_by,
        "created_at": request.created_at,
        "replayed": result.replayed,
        "next_step": ("A crew is sent the same day for urgent requests." if urgent
                      else f"Staff will respond by {day(request.respond_by)}."),
    }


def request_text(facts: dict) -> str:
    title = "Service Request Already Received" if facts["replayed"] else "Service Request Created"
    lines = [f"🛠️ **{title}**", "", f"📋 **Reference: {facts['reference']}**",
             f"- Request: {facts['request_type_label']}",
             f"- Service: {service_emoji(facts['service_type'])} {service_label(facts['service_type'])}",
             f"- Address: {facts['address']}"]
    if facts["account_number"]:
        lines.append(f"- Account: {facts['account_number']}")
    lines += [f"- Priority: {'🚨 Urgent' if facts['priority'] == 'urgent' else 'Normal'}",
              f"- Respond by: {day(facts['respond_by'])}", "",
              "📞 **Next Steps:**", f"1. {facts['next_step']}",
              f"2. Quote reference {facts['reference']} when you contact the utility at {settings.UTILITIES_PHONE}."]
    if facts["request_type"] == RequestType.LEAK and facts["service_type"] == ServiceType.GAS:
        lines += ["", SAFETY_NOTES[ServiceType.GAS]]
    return "\n".join(lines)


# --- tracking a service request ----------------------------------------------------------
OPEN_REQUEST_STATUSES = (ServiceRequest.Status.OPEN, ServiceRequest.Status.SCHEDULED,
                         ServiceRequest.Status.IN_PROGRESS)
REQUEST_NEXT_STEP = {
    "open": "Staff will respond by {respond_by}.",
    "scheduled": "A visit is scheduled; staff will contact you about the time.",
    "in_progress": "Staff are working on it.",
    "completed": "The request is completed. If the problem is back, create a new request.",
    "cancelled": "The request was cancelled. Create a new request if you still need it.",
}
REQUEST_OVERDUE_STEP = ("This request is past the date staff respond by; call {phone} and quote {reference} "
                        "so it is looked at today.")


def track_request_facts(request: ServiceRequest) -> dict:
    """The record of a service request: its target, whether it is late, and its dated timeline."""
    is_open = request.status in OPEN_REQUEST_STATUSES
    late = days_overdue(request.respond_by) if is_open else 0
    # The first entry is the request itself; later ones are the status moves staff made.
    timeline = [{"status": ServiceRequest.Status.OPEN, "at": request.created_at, "note": "Request received."}]
    timeline += [{"status": u.status, "at": u.created_at, "note": u.note} for u in request.updates.all()]
    next_step = (REQUEST_OVERDUE_STEP.format(phone=settings.UTILITIES_PHONE, reference=request.reference) if late
                 else REQUEST_NEXT_STEP[request.status].format(respond_by=day(request.respond_by)))
    return {
        "reference": request.reference,
        "status": request.status,
        "service_type": request.service_type,
        "request_type": request.request_type,
        "request_type_label": RequestType(request.request_type).label,
        "priority": request.priority,
        "created_at": request.created_at,
        "respond_by": request.respond_by,
        "overdue": late > 0,
        "days_overdue": late,
        "account_number": request.account.account_number if request.account_id else None,
        "address": request.address,
        "description": request.description,
        "contact": request.contact or None,
        "timeline": timeline,
        "next_step": next_step,
    }


def _respond_by_text(facts: dict) -> str:
    if facts["status"] not in OPEN_REQUEST_STATUSES:
        # History, not a promise: the request is no longer waiting for anyone.
        return f"- Response target: {day(facts['respond_by'])} (request {ServiceRequest.Status(facts['status']).label.lower()})"
    flag = "⚠️ " if facts["overdue"] else ""
    return f"- {flag}Respond by: {due_text(facts['respond_by'])}"


def track_request_text(facts: dict) -> str:
    """The text of the facts a viewer may see (owner-only lines appear only in the owner's view)."""
    status = ServiceRequest.Status(facts["status"]).label
    lines = [f"🛠️ **Service Request {facts['reference']}**", "",
             f"- Request: {facts['request_type_label']}",
             f"- Service: {service_emoji(facts['service_type'])} {service_label(facts['service_type'])}"]
    if facts.get("address"):
        lines.append(f"- Address: {facts['address']}")
    if facts.get("account_number"):
        lines.append(f"- Account: {facts['account_number']}")
    lines += [f"- Status: {status}", f"- Priority: {'🚨 Urgent' if facts['priority'] == 'urgent' else 'Normal'}",
              f"- Opened: {when(facts['created_at'])}", _respond_by_text(facts)]
    if facts.get("description"):
        lines.append(f"- Details: {facts['description']}")
    if facts.get("contact"):
        lines.append(f"- Contact: {facts['contact']}")
    lines += ["", "🗓️ **Timeline:**"]
    for entry in facts["timeline"]:
        note = f" — {entry['note']}" if entry["note"] else ""
        lines.append(f"- {when(entry['at'])}: {ServiceRequest.Status(entry['status']).label}{note}")
    lines += ["", f"📞 **Next step:** {facts['next_step']}"]
    return "\n".join(lines)


# --- paying a bill -----------------------------------------------------------------------
def payment_facts(outcome: BillPaymentOutcome) -> dict:
    payment, bill = outcome.payment, outcome.bill
    return {
        "receipt_number": payment.receipt_number, "account_number": bill.account.account_number,
        "bill_number": bill.bill_number, "amount": payment.amount, "currency": payment.currency,
        "paid_at": payment.paid_at, "payment_method": payment.method, "gateway": payment.gateway,
        "test_mode": payment.is_test, "replayed": outcome.replayed,
        "bill_amount": bill.amount,
        "bill_balance": bill.balance,
        "bill_status": bill_status(bill, today=timezone.localdate()),
        "bill_due_date": bill.due_date,
    }


def payment_text(facts: dict) -> str:
    title = "Payment Already Received" if facts["replayed"] else "Payment Received"
    lines = [f"✅ **{title}**", "", f"🧾 **Receipt: {facts['receipt_number']}**",
             f"- Account: {facts['account_number']}",
             f"- Bill: {facts['bill_number']} ({money_text(facts['bill_amount'])}, due {day(facts['bill_due_date'])})",
             f"- Amount paid: {money_text(facts['amount'])}",
             f"- Paid with: {facts['payment_method']}",
             f"- Paid: {when(facts['paid_at'])}"]
    if facts["bill_balance"] > 0:
        lines.append(f"- Left on this bill: {money_text(facts['bill_balance'])} "
                     f"(due {due_text(facts['bill_due_date'])})")
    else:
        lines.append("- This bill is paid in full.")
    if facts["replayed"]:
        lines += ["", "ℹ️ This repeats an earlier request with the same idempotency_key: nothing was charged again."]
    if facts["test_mode"]:
        lines += ["", "🧪 Test payment: the demo gateway charged nothing."]
    return "\n".join(lines)
