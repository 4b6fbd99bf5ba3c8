"""Every event type CivicMind emits, with the domain that owns it and what `data` carries.

Emitting an unknown type is a programming error (emit raises), and subscribing to one gets
an error message, so the catalogue is the one place an event is introduced.
"""

EVENT_TYPES: dict[str, tuple[str, str]] = {
    # type: (domain, identifiers in data)
    "violation.created": ("parking", "violation_id, citation_number, license_plate, violation_type, location, status"),
    "violation.paid": ("parking", "violation_id, citation_number, license_plate, receipt_number, amount"),
    "violation.contested": ("parking", "violation_id, citation_number, license_plate, reason"),
    "violation.status_changed": ("parking", "violation_id, citation_number, license_plate, status"),
    "permit.submitted": ("permits", "reference, permit_type, property_address, status"),
    "permit.status_changed": ("permits", "reference, permit_type, old_status, status"),
    "inspection.scheduled": ("permits", "reference, inspection_type, scheduled_for"),
    "complaint.filed": ("noise", "case_number, noise_type, location"),
    "complaint.status_changed": ("noise", "case_number, old_status, status"),
    "incident.reported": ("safety", "reference, incident_type, location, priority"),
    "unit.dispatched": ("safety", "reference, unit, incident_reference"),
    "outage.reported": ("utilities", "outage_id, service_type, address"),
    "outage.resolved": ("utilities", "outage_id, service_type"),
    "service_request.created": ("utilities", "reference, service_type, request_type"),
    "road_issue.reported": ("transportation", "reference, issue_type, location"),
    "variance.submitted": ("zoning", "reference, parcel, variance_type"),
    "pickup.scheduled": ("environmental", "reference, address, scheduled_for"),
    "environmental_report.filed": ("environmental", "reference, report_type, location"),
}


def is_known_type(event_type: str) -> bool:
    return event_type in EVENT_TYPES


def matches(pattern: str, event_type: str) -> bool:
    """Match "violation.created", "permit.*" or "*"."""
    if pattern == "*":
        return True
    if pattern.endswith(".*"):
        return event_type.startswith(pattern[:-1])
    return pattern == event_type


def is_valid_pattern(pattern: str) -> bool:
    if pattern == "*":
        return True
    if pattern.endswith(".*"):
        return any(t.startswith(pattern[:-1]) for t in EVENT_TYPES)
    return is_known_type(pattern)
