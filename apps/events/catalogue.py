"""Every event type CivicMind emits: the domain that owns it and what its `data` carries.

Each type also declares which `data` fields are `public`: what a subscriber without a
staff key for the domain receives (apps.events.visibility). Everything else, including a
field a domain adds later, is private until declared here (DESIGN.md, "three views").

The catalogue is the one place an event is introduced: `event_emit` refuses a type that is
not here (or one emitted for another domain, or without its identifiers), subscribing to
an unknown type gets an error on the socket, and docs/events.md documents each entry (a
test keeps the two in step).
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class EventType:
    """One event type: `required` identifiers are always in `data`; `optional` may be.

    `public` names the fields anyone may see; staff see every field.
    """

    name: str
    domain: str
    description: str
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    public: tuple[str, ...] = ()

    @property
    def fields(self) -> tuple[str, ...]:
        return self.required + self.optional


_VIOLATION = ("violation_type", "location", "status")
_VIOLATION_IDS = ("violation_id", "citation_number", "license_plate")
# A citation's number, plate, place, amount and reasons are the owner's and staff's: the
# public sees that a citation of some type moved to some status, nothing to look it up by.
_VIOLATION_PUBLIC = ("violation_type", "status")

CATALOGUE: tuple[EventType, ...] = (
    EventType("violation.created", "parking", "A parking citation was issued.",
              _VIOLATION_IDS, _VIOLATION, public=_VIOLATION_PUBLIC),
    EventType("violation.paid", "parking", "A citation was paid in full.",
              _VIOLATION_IDS, (*_VIOLATION, "receipt_number", "amount"), public=_VIOLATION_PUBLIC),
    EventType("violation.contested", "parking", "A resident contested a citation.",
              _VIOLATION_IDS, (*_VIOLATION, "reason"), public=_VIOLATION_PUBLIC),
    EventType("violation.status_changed", "parking", "Staff moved a citation to another status.",
              (*_VIOLATION_IDS, "status"), ("violation_type", "location", "old_status"),
              public=(*_VIOLATION_PUBLIC, "old_status")),
    # A permit application's reference, address, work and status are public records.
    EventType("permit.submitted", "permits", "A permit application was submitted.",
              ("reference",), ("permit_type", "property_address", "status"),
              public=("reference", "permit_type", "property_address", "status")),
    EventType("permit.status_changed", "permits", "A permit application moved to another status.",
              ("reference", "status"), ("permit_type", "old_status"),
              public=("reference", "status", "permit_type", "old_status")),
    EventType("permit.fees_paid", "permits", "A permit application's outstanding fees were paid online.",
              ("reference", "receipt_number"), ("amount", "status"), public=("reference", "status")),
    EventType("permit.documents_added", "permits", "The applicant added documents to a permit application.",
              ("reference",), ("count", "status", "old_status"), public=("reference", "status", "old_status")),
    EventType("inspection.scheduled", "permits", "An inspection was booked for a permit.",
              ("reference",), ("inspection_type", "scheduled_for", "inspector"),
              public=("reference", "inspection_type", "scheduled_for")),
    # Complaints, incidents and reports: type, status and area only (who filed it, where
    # exactly and the case number stay with staff).
    EventType("complaint.filed", "noise", "A noise complaint was filed.",
              ("case_number",), ("noise_type", "location"), public=("noise_type",)),
    EventType("complaint.status_changed", "noise", "A noise complaint moved to another status.",
              ("case_number", "status"), ("old_status",), public=("status", "old_status")),
    EventType("complaint.info_added", "noise", "The filer added information to their noise complaint.",
              ("case_number",), ("noise_type", "status"), public=("noise_type", "status")),
    EventType("incident.reported", "safety", "A public-safety incident was reported.",
              ("reference",), ("incident_type", "location", "priority"), public=("incident_type",)),
    EventType("incident.status_changed", "safety", "A public-safety incident moved to another status.",
              ("reference", "status"), ("incident_type", "old_status"),
              public=("incident_type", "status", "old_status")),
    EventType("unit.dispatched", "safety", "A response unit was dispatched to an incident.",
              ("reference",), ("unit", "incident_reference")),
    # Outages are announced to everyone affected; the address of the home that reported one is not.
    EventType("outage.reported", "utilities", "A utility outage was reported (or a report joined one).",
              ("outage_id",), ("service_type", "address", "new_outage", "report_count"),
              public=("outage_id", "service_type", "new_outage", "report_count")),
    EventType("outage.resolved", "utilities", "A utility outage was resolved.",
              ("outage_id",), ("service_type", "report_count"),
              public=("outage_id", "service_type", "report_count")),
    EventType("service_request.created", "utilities", "A utility service request was opened.",
              ("reference",), ("service_type", "request_type", "account_number"),
              public=("service_type", "request_type")),
    # A service request: its type and status only (the reference, account and address stay private).
    EventType("service_request.status_changed", "utilities", "A utility service request moved to another status.",
              ("reference", "status"), ("service_type", "request_type", "old_status"),
              public=("service_type", "request_type", "status", "old_status")),
    # A bill payment is the account holder's business: nothing of it is public.
    EventType("bill.paid", "utilities", "A utility bill was paid online.",
              ("account_number", "bill_number", "receipt_number"), ("amount", "balance", "currency")),
    EventType("road_issue.reported", "transportation", "A road issue (pothole, signal...) was reported.",
              ("reference",), ("issue_type", "location", "new_issue", "report_count"),
              public=("issue_type", "new_issue", "report_count")),
    EventType("road_issue.info_added", "transportation", "A reporter added information to their road issue.",
              ("reference",), ("status",), public=("status",)),
    EventType("road_issue.status_changed", "transportation", "A road issue's repair moved to another status.",
              ("reference", "status"), ("issue_type", "old_status"),
              public=("issue_type", "status", "old_status")),
    # A variance's address, parcel, district and hearing are public records.
    EventType("variance.submitted", "zoning", "A zoning variance application was submitted.",
              ("reference",), ("parcel", "variance_type", "property_address", "district", "hearing_date"),
              public=("reference", "parcel", "variance_type", "property_address", "district", "hearing_date")),
    # A decision is a status move; the Board's decision (when, findings or conditions, required
    # parking) is public record, as track_variance shows it to anyone.
    EventType("variance.status_changed", "zoning",
              "A zoning variance application moved to another status (a decision is one).",
              ("reference", "status"), ("variance_type", "old_status", "decided_at", "decision_note",
                                        "parking_spaces_required"),
              public=("reference", "status", "variance_type", "old_status", "decided_at", "decision_note",
                      "parking_spaces_required")),
    EventType("pickup.scheduled", "environmental", "A bulk-waste pickup was scheduled.",
              ("reference",), ("address", "scheduled_for", "area", "item_count", "fee"),
              public=("scheduled_for", "area")),
    EventType("pickup.cancelled", "environmental", "A resident cancelled their bulk-waste pickup.",
              ("reference",), ("scheduled_for", "area", "fee"), public=("scheduled_for", "area")),
    EventType("environmental_report.filed", "environmental", "An environmental concern was reported.",
              ("reference",), ("report_type", "location", "priority"), public=("report_type",)),
    EventType("environmental_report.info_added", "environmental",
              "The filer added information to their environmental report.",
              ("reference",), ("report_type", "status"), public=("report_type", "status")),
    EventType("environmental_report.status_changed", "environmental",
              "An environmental report moved to another status.",
              ("reference", "status"), ("report_type", "old_status"),
              public=("report_type", "status", "old_status")),
)

EVENT_TYPES: dict[str, EventType] = {event_type.name: event_type for event_type in CATALOGUE}


def is_known_type(event_type: str) -> bool:
    return event_type in EVENT_TYPES


def matches(pattern: str, event_type: str) -> bool:
    """Match "violation.created", "permit.*" (a prefix up to a dot) or "*"."""
    if pattern == "*":
        return True
    if pattern.endswith(".*"):
        return event_type.startswith(pattern[:-1])
    return pattern == event_type


def is_valid_pattern(pattern: str) -> bool:
    """True for "*", a known type, or a wildcard that matches at least one known type."""
    if pattern == "*":
        return True
    if pattern.endswith(".*"):
        return any(matches(pattern, name) for name in EVENT_TYPES)
    return is_known_type(pattern)
