"""The words of each email: what changed, the tracking reference, how to check it, how to stop.

Residents read these without the city's vocabulary at hand, so statuses are spelled as words
("in review", not "in_review") and every email names the assistant tool that shows the rest.
"""
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils import timezone


@dataclass(frozen=True)
class Text:
    subject: str
    body: str


def words(code: str) -> str:
    """A status or type code as words: "corrections_requested" -> "corrections requested"."""
    return (code or "").replace("_", " ").strip()


def when_text(moment: str) -> str:
    """An ISO 8601 moment as the city's local day and time, e.g. "Wed 2026-12-09 09:00"."""
    try:
        value = datetime.fromisoformat(moment.replace("Z", "+00:00"))
    except (AttributeError, ValueError):
        return moment or "a time to be confirmed"
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{value:%a %Y-%m-%d %H:%M}"


PERMIT_NEXT = {
    "approved": "The decision is made: your application is approved.",
    "rejected": "The decision is made: your application was rejected; track_status shows the reviewer's reason.",
    "corrections_requested": "The reviewer asked for corrections; track_status shows what is needed.",
    "issued": "Your permit is issued: you can book inspections with schedule_inspection.",
    "finaled": "Every inspection is done: the permit is closed.",
}

COMPLAINT_NEXT = {
    "assigned": "An officer has your case.",
    "investigating": "An officer is investigating.",
    "resolved": "The city considers the noise dealt with.",
    "closed": "The case is closed.",
    "unfounded": "The officer found no violation.",
}


def status_moved(*, title: str, noun: str, next_steps: dict[str, str],
                 reference_field: str = "reference") -> Callable[[dict], tuple[str, str]]:
    """Return the words of one kind of record's status move: "<Title> <ref>: <status>" and its sentence.

    Every status email reads the same way (the new status, what it was, what happens next),
    so a kind of record declares only its names and its next steps.
    """
    def status_changed(data: dict) -> tuple[str, str]:
        reference = data[reference_field]
        status, old = words(data["status"]), words(data.get("old_status", ""))
        was = f" (it was {old})" if old else ""
        line = f"Your {noun} {reference} is now {status}{was}."
        extra = next_steps.get(data["status"])
        return f"{title} {reference}: {status}", f"{line} {extra}" if extra else line
    return status_changed


permit_status_changed = status_moved(title="Permit", noun="permit application", next_steps=PERMIT_NEXT)


def inspection_scheduled(data: dict) -> tuple[str, str]:
    kind, when = words(data.get("inspection_type", "")) or "an", when_text(data.get("scheduled_for", ""))
    inspector = f" with {data['inspector']}" if data.get("inspector") else ""
    return (f"Permit {data['reference']}: {kind} inspection booked for {when}",
            f"A {kind} inspection of permit {data['reference']} is booked for {when}{inspector}.")


complaint_status_changed = status_moved(title="Noise complaint", noun="noise complaint", next_steps=COMPLAINT_NEXT,
                                        reference_field="case_number")


def outage_resolved(data: dict) -> tuple[str, str]:
    service = words(data.get("service_type", "")) or "utility"
    return (f"Outage {data['outage_id']}: {service} service restored",
            f"The {service} outage {data['outage_id']} you reported is resolved: service should be back. "
            f"If it is not, report it again with report_outage.")


ROAD_ISSUE_NEXT = {
    "scheduled": "A repair is scheduled; track_road_issue shows the date.",
    "in_progress": "A crew is working on it.",
    "resolved": "The repair is done. If the problem is back, report it again with report_road_issue.",
}

ENVIRONMENTAL_REPORT_NEXT = {
    "investigating": "An inspector is looking into it.",
    "resolved": "The city considers the problem dealt with.",
    "closed": "The report is closed; track_environmental_report shows why.",
}

VARIANCE_NEXT = {
    "under_review": "Staff are reviewing it before the Board of Zoning Appeals hearing.",
    "approved": "The Board of Zoning Appeals approved your application.",
    "denied": "The Board of Zoning Appeals denied your application.",
}

SERVICE_REQUEST_NEXT = {
    "scheduled": "The work is scheduled; track_service_request shows the latest.",
    "in_progress": "The work has started.",
    "completed": "The work is done.",
    "cancelled": "The request was cancelled; track_service_request shows its timeline.",
}

INCIDENT_NEXT = {
    "dispatched": "Response units are on their way.",
    "on_scene": "Responders have arrived.",
    "resolved": "Responders have dealt with the incident and cleared the scene.",
}

road_issue_status_changed = status_moved(title="Road issue", noun="road issue", next_steps=ROAD_ISSUE_NEXT)
environmental_report_status_changed = status_moved(title="Environmental report", noun="environmental report",
                                                   next_steps=ENVIRONMENTAL_REPORT_NEXT)
service_request_status_changed = status_moved(title="Service request", noun="service request",
                                              next_steps=SERVICE_REQUEST_NEXT)
incident_status_changed = status_moved(title="Incident", noun="incident report", next_steps=INCIDENT_NEXT)
_variance_moved = status_moved(title="Variance", noun="variance application", next_steps=VARIANCE_NEXT)


def variance_status_changed(data: dict) -> tuple[str, str]:
    """A variance's move; a decision also says the Board's findings or conditions and any parking it requires."""
    subject, line = _variance_moved(data)
    decided = []
    if data.get("decision_note"):
        decided.append(f"The Board's findings and conditions: {data['decision_note']}")
    spaces = data.get("parking_spaces_required")
    if spaces is not None:
        decided.append(f"The Board requires {spaces} off-street parking space{'' if spaces == 1 else 's'} "
                       "at the property.")
    return subject, " ".join([line, *decided])


def notification_text(*, subject: str, line: str, reference: str, how_to_check: str,
                      unsubscribe_url: str) -> Text:
    """Return the whole email around one change's subject and sentence."""
    city = settings.CIVICMIND_CITY_NAME
    body = "\n".join([
        "Hello,",
        "",
        line,
        "",
        f"Tracking reference: {reference}",
        f"To check it, ask your assistant (any app connected to {city}'s services) to run {how_to_check}.",
        "",
        f"You receive this because this address was given when {reference} was filed.",
        f"To stop emails about {reference}, open: {unsubscribe_url}",
        "",
        f"{city}",
    ])
    return Text(subject=subject[:200], body=body + "\n")
