"""Example calls of every registered tool over the demo city, for tests that read every answer.

One row per answer shape a tool has (found, not found, past due, contested, staff view, …),
each `(arguments, viewer)`: "public" calls without a key (residents' filings included),
"staff" with a staff key of every domain. Keyed by (domain, tool) as the registry keys them;
tests/platform/test_answer_text.py fails when a registered tool has no row here, so a new
tool cannot escape the text checks. Arguments name the demo city's own records
(fixtures/*/demo.json), so the answers are the ones a resident of the demo would read.
Calls run in this table's order on one city (a staff update of an outage before its
resolution), so a write's example sees the writes listed above it.
"""
from dataclasses import dataclass

PUBLIC, STAFF = "public", "staff"


@dataclass(frozen=True)
class Earlier:
    """A value from an earlier example's structured answer: what a filing hands out once (its access code).

    `tool` names the (domain, tool) whose `index`-th example answered it; the rows run in
    this table's order, so the filing must be listed above the row that uses its answer.
    """

    tool: tuple[str, str]
    field: str
    index: int = 0


BOOKED = ("environmental", "schedule_bulk_pickup")
REPORTED = ("environmental", "file_environmental_report")
FILED = ("noise", "file_complaint")
ROAD = ("transportation", "report_road_issue")
SUBMITTED = ("permits", "submit_application")
SITE_PLAN = {"filename": "site_plan.pdf", "content_type": "application/pdf",
             "content_base64": "JVBERi0xLjQKJeLjz9MKMSAwIG9iajw8PmVuZG9iago="}  # a minimal PDF

TOOL_EXAMPLES: dict[tuple[str, str], list[tuple[dict, str]]] = {
    # --- parking ---------------------------------------------------------------------------
    ("parking", "check_violations"): [
        ({"license_plate": "ABC123"}, PUBLIC),  # the seed's plate: two past-due citations
        ({"license_plate": "8DEF456"}, PUBLIC),  # contested
        ({"license_plate": "VAN1234"}, PUBLIC),  # one recent, one old
        ({"license_plate": "TEST123"}, PUBLIC),  # nothing owed
        ({"license_plate": "ABC123", "date_range": "2025-01", "include_payment_options": False}, PUBLIC),
    ],
    ("parking", "find_parking"): [
        ({"location": "Downtown City Hall", "duration": "2 hours", "parking_type": "street"}, PUBLIC),
        ({"location": "Downtown City Hall"}, PUBLIC),
        ({"location": "900 Harbor Blvd", "parking_type": "garage"}, PUBLIC),
        ({"location": "Oakwood", "parking_type": "lot", "max_results": 1}, PUBLIC),
        ({"location": "Nowhere Lane 999"}, PUBLIC),
    ],
    ("parking", "report_violation"): [
        ({"license_plate": "7XYZ123", "violation_type": "fire_hydrant", "location": "123 Main St",
          "description": "Blocking the hydrant"}, PUBLIC),
    ],
    ("parking", "make_payment"): [
        ({"license_plate": "ABC123", "citation_numbers": ["VIO-2025-001234"], "amount": "65.00",
          "payment_method": "tok_visa"}, PUBLIC),  # fine + late fees: paid
        ({"license_plate": "KLM4567", "citation_numbers": ["VIO-2026-000137"], "amount": "1.00",
          "payment_method": "tok_visa"}, PUBLIC),  # the wrong amount
        ({"license_plate": "GREEN42", "citation_numbers": ["VIO-2026-000237"], "amount": "220.00",
          "payment_method": "tok_chargeDeclined"}, PUBLIC),  # declined
    ],
    ("parking", "contest_violation"): [
        ({"citation_number": "VIO-2026-000343", "license_plate": "VAN1234",
          "reason": "The meter was broken and I have a photo of it."}, PUBLIC),
        ({"citation_number": "VIO-2025-001456", "license_plate": "ABC123",
          "reason": "I was not parked there that day."}, PUBLIC),
    ],
    ("parking", "issue_citation"): [
        ({"license_plate": "NEW1234", "violation_type": "expired_meter", "location": "123 Main St"}, STAFF),
    ],
    ("parking", "analyze_requirements"): [
        ({"business_address": "123 Main St", "seating_capacity": 60, "business_type": "restaurant"}, PUBLIC),
        ({"business_address": "900 Harbor Blvd", "seating_capacity": 300, "peak_hours": "6pm-9pm"}, PUBLIC),
    ],
    # --- permits ---------------------------------------------------------------------------
    ("permits", "analyze_application"): [
        ({"permit_type": "residential_deck", "project_description": "Adding 400 sq ft deck to back of house",
          "property_address": "123 Oak St", "estimated_cost": "8000", "square_feet": 400}, PUBLIC),
        ({"permit_type": "business_license", "business_type": "restaurant", "property_address": "123 Main St",
          "serves_alcohol": True}, PUBLIC),
        ({"permit_type": "building_permit", "estimated_cost": "150000"}, PUBLIC),
    ],
    ("permits", "check_requirements"): [
        ({"permit_type": "building_permit"}, PUBLIC),
        ({"permit_type": "residential_deck", "project_scope": "deck_addition"}, PUBLIC),
    ],
    ("permits", "calculate_fees"): [
        ({"permit_type": "building_permit", "estimated_cost": "50000"}, PUBLIC),
        ({"permit_type": "residential_deck", "square_feet": 400}, PUBLIC),
    ],
    ("permits", "submit_application"): [
        ({"permit_type": "residential_deck", "property_address": "123 Oak St",
          "project_description": "Adding a 200 sq ft deck with stairs", "applicant": "Alex Morgan",
          "estimated_cost": "6000", "square_feet": 200}, PUBLIC),
    ],
    ("permits", "track_status"): [
        ({"reference": reference}, viewer)
        for reference in ("PRM-2026-000118", "PRM-2026-000120", "PRM-2026-000122", "PRM-2026-000123",
                          "PRM-2026-000121", "PRM-2026-000101")
        for viewer in (PUBLIC, STAFF)
    ],
    ("permits", "update_application_status"): [
        ({"reference": "PRM-2026-000124", "status": "corrections_requested",
          "note": "Add the structural drawings."}, STAFF),
    ],
    ("permits", "add_documents"): [
        ({"reference": Earlier(SUBMITTED, "reference"), "access_code": Earlier(SUBMITTED, "access_code"),
          "documents": [SITE_PLAN]}, PUBLIC),
        ({"reference": "PRM-2026-000124", "documents": [SITE_PLAN]}, STAFF),  # corrections asked for above
        ({"reference": "PRM-2026-000124", "access_code": "AAAAA-BBBBB", "documents": [SITE_PLAN]}, PUBLIC),
    ],
    ("permits", "pay_permit_fees"): [
        ({"reference": "PRM-2026-000124", "payment_method": "tok_chargeDeclined"}, STAFF),
        ({"reference": "PRM-2026-000124", "payment_method": "tok_visa"}, STAFF),
        ({"reference": "PRM-2026-000124", "payment_method": "tok_visa"}, STAFF),  # nothing left to pay
        ({"reference": Earlier(SUBMITTED, "reference"), "access_code": Earlier(SUBMITTED, "access_code"),
          "payment_method": "tok_visa"}, PUBLIC),
    ],
    ("permits", "schedule_inspection"): [
        ({"reference": "PRM-2026-000126", "inspection_type": "final"}, STAFF),
    ],
    # --- noise -----------------------------------------------------------------------------
    ("noise", "file_complaint"): [
        ({"location": "123 Main St", "noise_type": "loud_music"}, PUBLIC),
        ({"location": "456 Oak Ave", "noise_type": "construction", "observed_at": "2026-11-23T22:30:00-08:00",
          "description": "Jackhammer after 10pm"}, PUBLIC),
    ],
    ("noise", "check_ordinance"): [
        ({"location": "123 Main St"}, PUBLIC),
        ({"location": "456 Oak Ave", "time": "23:30"}, PUBLIC),
        ({"location": "900 Harbor Blvd", "time": "14:00"}, PUBLIC),
    ],
    ("noise", "track_complaint"): [
        ({"case_number": case}, viewer)
        for case in ("NC-2026-000101", "NC-2026-000102", "NC-2026-000104", "NC-2026-000096")
        for viewer in (PUBLIC, STAFF)
    ],
    ("noise", "add_complaint_info"): [
        ({"case_number": Earlier(FILED, "case_number"), "access_code": "AAAAA-BBBBB", "text": "Still going."},
         PUBLIC),  # not the filer's code
        ({"case_number": Earlier(FILED, "case_number"), "access_code": Earlier(FILED, "access_code"),
          "text": "The music started again at 11:40 PM."}, PUBLIC),
    ],
    ("noise", "update_complaint_status"): [
        ({"case_number": "NC-2026-000104", "status": "assigned", "assigned_to": "Officer Diaz"}, STAFF),
    ],
    ("noise", "issue_enforcement_action"): [
        ({"case_number": "NC-2026-000101", "action": "warning", "note": "Music too loud after 10pm."}, STAFF),
    ],
    # --- safety ----------------------------------------------------------------------------
    ("safety", "get_requirements"): [
        ({"business_type": "restaurant", "capacity": 60}, PUBLIC),
        ({"business_type": "event_venue", "capacity": 400, "floor_area_sqft": 6000}, PUBLIC),
        ({"business_type": "office", "capacity": 1}, PUBLIC),
    ],
    ("safety", "report_incident"): [
        ({"incident_type": "traffic_accident", "location": "123 Main St",
          "description": "Two cars collided, no injuries", "priority": "normal"}, PUBLIC),
    ],
    ("safety", "incident_status"): [
        ({"reference": reference}, viewer)
        for reference in ("INC-2026-000101", "INC-2026-000102", "INC-2026-000103", "INC-2026-000104")
        for viewer in (PUBLIC, STAFF)
    ],
    ("safety", "dispatch_resources"): [
        ({"reference": "INC-2026-000103", "unit_types": ["police"]}, STAFF),
    ],
    ("safety", "list_units"): [
        ({}, PUBLIC),
        ({"status": "available", "near": "Downtown City Hall"}, PUBLIC),
        ({"unit_type": "hazmat"}, PUBLIC),
    ],
    # --- utilities -------------------------------------------------------------------------
    ("utilities", "report_outage"): [
        ({"service_type": "water", "address": "456 Oak Ave"}, PUBLIC),
        ({"service_type": "electric", "address": "789 Elm St", "description": "Lights out on the block"}, PUBLIC),
    ],
    ("utilities", "check_outages"): [
        ({}, PUBLIC),
        ({"address": "456 Oak Ave"}, PUBLIC),
        ({"service_type": "gas"}, PUBLIC),
        ({"service_type": "water"}, PUBLIC),
        ({"service_type": "electric", "address": "789 Elm St"}, PUBLIC),
    ],
    ("utilities", "billing_inquiry"): [
        ({"account_number": "UA-100234", "holder_last_name": "Lee"}, PUBLIC),
        ({"account_number": "UA-100235", "holder_last_name": "Shah"}, PUBLIC),
        ({"account_number": "UA-100236"}, STAFF),
        ({"account_number": "UA-100198", "holder_last_name": "Morgan"}, PUBLIC),
    ],
    ("utilities", "create_service_request"): [
        ({"account_number": "UA-100234", "holder_last_name": "Lee", "request_type": "leak",
          "description": "Water pooling by the meter", "service_type": "water"}, PUBLIC),
    ],
    ("utilities", "track_service_request"): [
        ({"reference": "sr-2026-120"}, PUBLIC),  # typed as residents do
        ({"reference": "SR-2026-000120"}, STAFF),
        ({"reference": "SR-2026-000999"}, PUBLIC),  # not found
    ],
    ("utilities", "pay_bill"): [
        ({"account_number": "UA-100234", "holder_last_name": "Lee", "payment_method": "tok_chargeDeclined"},
         PUBLIC),  # declined: nothing paid
        ({"account_number": "UA-100234", "holder_last_name": "Lee", "payment_method": "tok_visa"}, PUBLIC),
        ({"account_number": "UA-100234", "holder_last_name": "Lee", "payment_method": "tok_visa"}, PUBLIC),  # paid up
    ],
    ("utilities", "update_outage_status"): [
        ({"outage_id": "OUT-2026-0007", "status": "crew_dispatched",
          "estimated_restoration": "2026-11-25T18:00:00-08:00", "cause": "Broken main"}, STAFF),
    ],
    ("utilities", "resolve_outage"): [
        ({"outage_id": "OUT-2026-0007", "note": "Main repaired."}, STAFF),
    ],
    # --- transportation --------------------------------------------------------------------
    ("transportation", "transit_info"): [
        ({}, PUBLIC),
        ({"stop": "Downtown City Hall"}, PUBLIC),
        ({"route": "10"}, PUBLIC),
    ],
    ("transportation", "next_departures"): [
        ({"stop": "Central Station"}, PUBLIC),
        ({"stop": "Downtown City Hall", "route": "10", "limit": 1}, PUBLIC),
    ],
    ("transportation", "traffic_alerts"): [
        ({}, PUBLIC),
        ({"location": "Downtown City Hall", "include_upcoming": True}, PUBLIC),
        ({"area": "Harbor District"}, PUBLIC),
    ],
    ("transportation", "report_road_issue"): [
        ({"issue_type": "pothole", "location": "250 Market St", "description": "Deep pothole"}, PUBLIC),
    ],
    ("transportation", "track_road_issue"): [
        ({"reference": reference}, viewer)
        for reference in ("RD-2026-000101", "RD-2026-000102", "RD-2026-000103", "RD-2026-000104")
        for viewer in (PUBLIC, STAFF)
    ],
    ("transportation", "add_road_issue_info"): [
        ({"reference": "RD-2026-000101", "access_code": "AAAAA-BBBBB", "text": "It got deeper."},
         PUBLIC),  # not the reporter's code
        ({"reference": Earlier(ROAD, "reference"), "access_code": Earlier(ROAD, "access_code"),
          "text": "It is in the right lane and about a foot wide."}, PUBLIC),
    ],
    ("transportation", "update_road_issue"): [
        ({"reference": "RD-2026-000102", "status": "scheduled", "scheduled_for": "2026-12-01"}, STAFF),
    ],
    # --- zoning ----------------------------------------------------------------------------
    ("zoning", "check_compliance"): [
        ({"property_address": "123 Main St", "business_type": "restaurant", "seating_capacity": 60}, PUBLIC),
        ({"property_address": "123 Oak St", "business_type": "bar"}, PUBLIC),
        ({"property_address": "900 Harbor Blvd", "business_type": "warehouse", "floor_area_sqft": 20000}, PUBLIC),
    ],
    ("zoning", "lookup_zoning"): [
        ({"property_address": "123 Main St"}, PUBLIC),
        ({"property_address": "123 Oak St"}, PUBLIC),
    ],
    ("zoning", "submit_variance"): [
        ({"property_address": "123 Oak St", "variance_type": "fence", "description": "A 7 ft fence in the back yard",
          "applicant": "Alex Morgan"}, PUBLIC),
    ],
    ("zoning", "track_variance"): [
        ({"reference": reference}, viewer)
        for reference in ("VAR-2026-000101", "VAR-2026-000102", "VAR-2026-000103", "VAR-2026-000104")
        for viewer in (PUBLIC, STAFF)
    ],
    ("zoning", "decide_variance"): [
        ({"reference": "VAR-2026-000103", "decision": "approved", "note": "Meets the hardship test."}, STAFF),
    ],
    # --- environmental ---------------------------------------------------------------------
    ("environmental", "waste_schedule"): [
        ({"address": "123 Main St"}, PUBLIC),
        ({"address": "456 Oak Ave"}, PUBLIC),
    ],
    ("environmental", "schedule_bulk_pickup"): [
        ({"address": "456 Oak Ave", "items": ["sofa", "mattress"]}, PUBLIC),
    ],
    ("environmental", "file_environmental_report"): [
        ({"report_type": "illegal_dumping", "location": "Central Park",
          "description": "Mattresses dumped by the gate"}, PUBLIC),
    ],
    ("environmental", "track_environmental_report"): [
        ({"reference": reference}, viewer)
        for reference in ("ENV-2026-000101", "ENV-2026-000102", "ENV-2026-000103")
        for viewer in (PUBLIC, STAFF)
    ],
    ("environmental", "track_bulk_pickup"): [
        ({"reference": "BP-2026-000101"}, PUBLIC),
        ({"reference": "bp-2026-102"}, STAFF),
        ({"reference": Earlier(BOOKED, "reference"), "access_code": Earlier(BOOKED, "access_code")}, PUBLIC),
    ],
    ("environmental", "cancel_bulk_pickup"): [
        ({"reference": Earlier(BOOKED, "reference"), "access_code": "AAAAA-BBBBB"}, PUBLIC),  # not the booker
        ({"reference": Earlier(BOOKED, "reference"), "access_code": Earlier(BOOKED, "access_code")}, PUBLIC),
        ({"reference": Earlier(BOOKED, "reference"), "access_code": Earlier(BOOKED, "access_code")},
         PUBLIC),  # again: already cancelled
    ],
    ("environmental", "add_report_info"): [
        ({"reference": Earlier(REPORTED, "reference"), "access_code": Earlier(REPORTED, "access_code"),
          "text": "Someone added two more mattresses this morning."}, PUBLIC),
        ({"reference": "ENV-2026-000101", "access_code": "AAAAA-BBBBB", "text": "More."}, PUBLIC),
    ],
    ("environmental", "sustainability_programs"): [
        ({}, PUBLIC),
        ({"category": "composting"}, PUBLIC),
    ],
    # --- business (spans domains) ----------------------------------------------------------
    ("business", "plan_business_opening"): [
        ({"address": "123 Main St", "business_type": "restaurant", "seating_capacity": 60,
          "serves_alcohol": True}, PUBLIC),
        ({"address": "123 Oak St", "business_type": "cafe", "seating_capacity": 20,
          "opening_date": "2026-12-01"}, PUBLIC),
        ({"address": "900 Harbor Blvd", "business_type": "brewery", "seating_capacity": 120,
          "floor_area_sqft": 8000}, PUBLIC),
    ],
}

# Arguments that name an explicit moment: an answer about that moment must not say "now".
EXPLICIT_TIME_ARGUMENTS = frozenset({"time", "observed_at"})
