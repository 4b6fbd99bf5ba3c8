"""One valid call of every write tool against the demo city, and a second, different one.

The idempotency tests (test_write_keys.py, test_write_keys_e2e.py) are parametrized over
the registry's write tools: a write tool added without an entry here fails them, so it is
covered the day it lands. Each entry is (first, other): the arguments of a call that
writes, and of a different call a reused key must not be able to pass for a retry. An
entry may be a function of `run(name, arguments)` (the same domain, no key) when its
record must be made first.
"""
import json
from dataclasses import dataclass
from typing import Callable

from apps.accounts.principals import Principal
from apps.mcp.call import Call
from apps.mcp.calls import run_tool
from apps.core.http import dumps
from apps.mcp.registry import Access, registry

# A staff key that covers every domain: every write tool is open to it.
STAFF = Principal(name="idempotency staff", key_id=990001, level=Access.STAFF, prefix="cm_idem")


def _payment(run) -> dict:
    owed = run("check_violations", {"license_plate": "ABC123"}).structured["total_outstanding"]
    return {"license_plate": "ABC123", "citation_numbers": ["VIO-2025-001234", "VIO-2025-001456"],
            "amount": owed, "payment_method": "tok_visa"}


def _contest(run, reason: str) -> dict:
    number = run("issue_citation", {"license_plate": "CNT001", "violation_type": "expired_meter",
                                    "location": "123 Main St"}).structured["citation_number"]
    return {"citation_number": number, "license_plate": "CNT001", "reason": reason}


def _new_incident(run) -> str:
    return run("report_incident", {"incident_type": "fire", "location": "123 Main St",
                                   "description": "Smoke from a kitchen vent"}).structured["reference"]


def _new_variance(run) -> str:
    from tests.zoning.conftest import hearing_held

    reference = run("submit_variance", {"property_address": "145 Main St", "variance_type": "parking",
                                        "applicant": "Main Street Bistro LLC",
                                        "description": "Provide 8 of the 12 required spaces."}).structured["reference"]
    hearing_held(reference)  # the Board decides at the hearing, not before (issue 15)
    return reference


def _road_issue_info(run, information: str) -> dict:
    filed = run("report_road_issue", {"issue_type": "sidewalk", "location": "123 Main St"}).structured
    return {"reference": filed["reference"], "access_code": filed["access_code"], "text": information}


def _owned(run, tool: str, arguments: dict, reference: str) -> dict:
    """File a record and return its reference with the access code the filing answered."""
    filed = run(tool, arguments).structured
    return {reference: filed[reference], "access_code": filed["access_code"]}


@dataclass(frozen=True)
class Sample:
    first: dict | Callable
    other: dict | Callable


SAMPLES = {
    "parking.report_violation": Sample(
        {"license_plate": "XYZ789", "violation_type": "expired_meter", "location": "123 Main St"},
        {"license_plate": "XYZ789", "violation_type": "expired_meter", "location": "456 Oak Ave"}),
    "parking.make_payment": Sample(
        _payment, lambda run: {**_payment(run), "citation_numbers": ["VIO-2025-001234"], "amount": "1.00"}),
    "parking.contest_violation": Sample(
        lambda run: _contest(run, "The meter was broken; photo attached."),
        lambda run: _contest(run, "I had moved the car before 9am.")),
    "parking.issue_citation": Sample(
        {"license_plate": "KEY001", "violation_type": "expired_meter", "location": "123 Main St"},
        {"license_plate": "KEY002", "violation_type": "expired_meter", "location": "123 Main St"}),
    "permits.submit_application": Sample(
        {"permit_type": "residential_deck", "property_address": "123 Oak Street", "applicant": "Jane Doe",
         "project_description": "Adding 400 sq ft deck to back of house", "estimated_cost": 8000},
        {"permit_type": "residential_deck", "property_address": "123 Oak Street", "applicant": "Jane Doe",
         "project_description": "Adding 200 sq ft deck to back of house", "estimated_cost": 4000}),
    "permits.update_application_status": Sample(
        {"reference": "PRM-2026-000115", "status": "approved"},
        {"reference": "PRM-2026-000115", "status": "withdrawn", "note": "Owner withdrew."}),
    "permits.schedule_inspection": Sample(
        {"reference": "PRM-2026-000126", "inspection_type": "rough_in"},
        {"reference": "PRM-2026-000110", "inspection_type": "foundation"}),
    "permits.pay_permit_fees": Sample(
        {"reference": "PRM-2026-000122", "payment_method": "tok_visa"},
        {"reference": "PRM-2026-000122", "payment_method": "tok_mastercard"}),
    "permits.add_documents": Sample(
        {"reference": "PRM-2026-000120", "documents": [
            {"filename": "site_plan_revised.pdf", "content_type": "application/pdf",
             "content_base64": "JVBERi0xLjQKJeLjz9MKMSAwIG9iajw8Pj5lbmRvYmoK"}]},
        {"reference": "PRM-2026-000120", "documents": [
            {"filename": "survey.pdf", "content_type": "application/pdf",
             "content_base64": "JVBERi0xLjQKJeLjz9MKMSAwIG9iajw8Pj5lbmRvYmoK"}]}),
    "noise.file_complaint": Sample(
        {"location": "123 Main St", "noise_type": "loud_music"},
        {"location": "456 Oak Ave", "noise_type": "construction"}),
    "noise.update_complaint_status": Sample(
        {"case_number": "NC-2026-000105", "status": "assigned", "assigned_to": "Officer Kim"},
        {"case_number": "NC-2026-000105", "status": "assigned", "assigned_to": "Officer Diaz"}),
    "noise.issue_enforcement_action": Sample(
        {"case_number": "NC-2026-000103", "action": "warning", "note": "First warning."},
        {"case_number": "NC-2026-000103", "action": "citation", "fine": "250.00"}),
    "safety.report_incident": Sample(
        {"incident_type": "fire", "location": "123 Main St", "description": "Smoke from a kitchen vent"},
        {"incident_type": "medical", "location": "456 Oak Ave", "description": "A fall on the stairs"}),
    "safety.dispatch_resources": Sample(
        lambda run: {"reference": _new_incident(run)},
        lambda run: {"reference": _new_incident(run)}),
    "utilities.report_outage": Sample(
        {"service_type": "water", "address": "456 Oak Ave"},
        {"service_type": "electric", "address": "456 Oak Ave"}),
    "utilities.create_service_request": Sample(
        {"account_number": "UA-100234", "holder_last_name": "Lee", "request_type": "leak",
         "service_type": "water", "description": "Water pooling by the meter"},
        {"account_number": "UA-100234", "holder_last_name": "Lee", "request_type": "repair",
         "service_type": "water", "description": "The meter lid is broken"}),
    "utilities.resolve_outage": Sample(
        {"outage_id": "OUT-2026-0007", "note": "Valve reopened"},
        {"outage_id": "OUT-2026-0007", "note": "Main repaired"}),
    "utilities.update_outage_status": Sample(
        {"outage_id": "OUT-2026-0007", "status": "crew_dispatched", "note": "Crew 4 on the way"},
        {"outage_id": "OUT-2026-0007", "status": "resolved", "note": "Main repaired"}),
    "utilities.pay_bill": Sample(
        {"account_number": "UA-100234", "holder_last_name": "Lee", "payment_method": "tok_visa"},
        {"account_number": "UA-100235", "holder_last_name": "Shah", "amount": "10.00", "payment_method": "tok_visa"}),
    "transportation.add_road_issue_info": Sample(
        lambda run: _road_issue_info(run, "The slab is lifted 3 inches."),
        lambda run: _road_issue_info(run, "Someone tripped on it.")),
    "transportation.report_road_issue": Sample(
        {"issue_type": "pothole", "location": "458 Oak Ave"},
        {"issue_type": "pothole", "location": "123 Main St"}),
    "transportation.update_road_issue": Sample(
        {"reference": "RD-2026-000102", "status": "in_progress", "note": "Crew replacing the lamp."},
        {"reference": "RD-2026-000102", "status": "in_progress", "note": "Parts ordered."}),
    "zoning.submit_variance": Sample(
        {"property_address": "145 Main St", "variance_type": "parking", "applicant": "Main Street Bistro LLC",
         "description": "Provide 8 of the 12 required spaces with a shared-parking agreement."},
        {"property_address": "145 Main St", "variance_type": "height", "applicant": "Main Street Bistro LLC",
         "description": "A fourth storey."}),
    "zoning.decide_variance": Sample(
        lambda run: {"reference": _new_variance(run), "decision": "approved", "note": "Shared parking shown.",
                     "parking_spaces_required": 8},
        lambda run: {"reference": _new_variance(run), "decision": "denied", "note": "Not shown."}),
    "environmental.schedule_bulk_pickup": Sample(
        {"address": "456 Oak Ave", "items": ["old sofa", "mattress"]},
        {"address": "456 Oak Ave", "items": ["armchair"]}),
    "environmental.cancel_bulk_pickup": Sample(
        lambda run: _owned(run, "schedule_bulk_pickup", {"address": "789 Elm St", "items": ["table"]}, "reference"),
        lambda run: _owned(run, "schedule_bulk_pickup", {"address": "789 Elm St", "items": ["desk"]}, "reference")),
    "environmental.add_report_info": Sample(
        lambda run: {**_owned(run, "file_environmental_report", {"report_type": "odor", "location": "Market St",
                                                                 "description": "Smell"}, "reference"),
                     "text": "Worse at night."},
        lambda run: {**_owned(run, "file_environmental_report", {"report_type": "odor", "location": "Market St",
                                                                 "description": "Smell"}, "reference"),
                     "text": "Gone by noon."}),
    "noise.add_complaint_info": Sample(
        lambda run: {**_owned(run, "file_complaint", {"location": "123 Main St", "noise_type": "party"},
                              "case_number"), "text": "Still going at 1 AM."},
        lambda run: {**_owned(run, "file_complaint", {"location": "123 Main St", "noise_type": "party"},
                              "case_number"), "text": "Stopped at 2 AM."}),
    "environmental.file_environmental_report": Sample(
        {"report_type": "illegal_dumping", "location": "Market St", "description": "Tires on the curb"},
        {"report_type": "illegal_dumping", "location": "Market St", "description": "A fridge on the curb"}),
}

WRITE_TOOLS = sorted((tool for tool in registry.tools.values() if not tool.annotations["readOnlyHint"]),
                     key=lambda tool: (tool.domain, tool.name))
CALL_KEYED = [tool for tool in WRITE_TOOLS if tool.call_keyed]


def label(tool) -> str:
    return f"{tool.domain}.{tool.name}"


def call_for(tool, principal=STAFF, client_address="127.0.0.1") -> Call:
    return Call(domain=tool.domain, listener=tool.domain, version="2025-11-25", principal=principal,
                client_address=client_address, request_id="idempotency-test")


def runner(tool, principal=STAFF):
    """Return run(name, arguments) for tools of `tool`'s domain, as this caller."""
    def run(name: str, arguments: dict):
        other = registry.find_tool(tool.domain, name)
        result = run_tool(other, arguments, call_for(other, principal))
        assert result.is_error is False, result.text
        return result
    return run


def arguments_of(value, tool, principal=STAFF) -> dict:
    return dict(value(runner(tool, principal)) if callable(value) else value)


def as_sent(result) -> tuple:
    """The answer as the wire carries it: (isError, text, structuredContent)."""
    return result.is_error, result.text, json.loads(dumps(result.structured))
