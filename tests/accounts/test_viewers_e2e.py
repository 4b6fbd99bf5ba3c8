"""The three views through the real server: issue 11 item 4, each repro as a stranger would try it.

Every test here failed on the code before the three views: a guessed reference or a
completion handed strangers names, addresses, balances and plates.
"""
import json
import time
import uuid

import httpx
import pytest

from apps.accounts.access_codes import access_code_issue
from apps.accounts.models import AuditEntry
from apps.accounts.services import api_key_create
from apps.parking.models import Citation
from apps.permits.models import PermitApplication
from apps.safety.models import Incident
from apps.zoning.models import Variance

HEADERS = {"MCP-Protocol-Version": "2025-06-18"}


def rpc(url: str, method: str, params: dict, key: str | None = None) -> dict:
    headers = dict(HEADERS)
    if key:
        headers["X-API-Key"] = key
    response = httpx.post(url, json={"jsonrpc": "2.0", "id": 1, "method": method, "params": params},
                          headers=headers, timeout=30)
    assert response.status_code == 200, response.text
    return response.json()


def call(url: str, name: str, arguments: dict, key: str | None = None) -> dict:
    reply = rpc(url, "tools/call", {"name": name, "arguments": arguments}, key)
    assert "result" in reply, reply
    return reply["result"]


def read(url: str, uri: str, key: str | None = None) -> dict:
    return json.loads(rpc(url, "resources/read", {"uri": uri}, key)["result"]["contents"][0]["text"])


@pytest.fixture
def staff_key(django_user_model):
    def make(domain: str) -> str:
        owner = django_user_model.objects.create_user(username=f"staff-{uuid.uuid4().hex[:6]}", password="x" * 20)
        return api_key_create(name=f"{domain} staff", owner=owner, domains=[domain], access_level="staff").raw_key
    return make


def audited(method: str, domain: str, timeout: float = 10.0, *, until=bool) -> list:
    """The audit rows the server's background writer flushed for `method` (it flushes every second).

    Waits until `until(rows)` holds (by default: any row), since one flush may carry only some.
    """
    deadline = time.monotonic() + timeout
    while True:
        rows = list(AuditEntry.objects.filter(tool=method, domain=domain))
        if until(rows) or time.monotonic() > deadline:
            return rows
        time.sleep(0.2)


# --- billing_inquiry -------------------------------------------------------------------------
def test_billing_inquiry_needs_the_holders_last_name(server, demo_city):
    url = server.mcp_url("utilities")
    guessed = call(url, "billing_inquiry", {"account_number": "UA-100235"})
    assert guessed["isError"] is True
    assert guessed["structuredContent"]["error"]["code"] == "owner_proof_required"
    assert "holder_last_name" in guessed["content"][0]["text"]
    assert "Priya" not in json.dumps(guessed)

    wrong = call(url, "billing_inquiry", {"account_number": "UA-100235", "holder_last_name": "Lee"})
    assert wrong["isError"] is True and "Priya" not in json.dumps(wrong)
    missing = call(url, "billing_inquiry", {"account_number": "UA-999999", "holder_last_name": "Lee"})
    assert missing["content"][0]["text"].replace("UA-999999", "UA-100235") == wrong["content"][0]["text"]

    owner = call(url, "billing_inquiry", {"account_number": "UA-100235", "holder_last_name": "shah"})
    assert owner["isError"] is False
    assert owner["structuredContent"]["holder_name"] == "Priya Shah"
    assert "Priya Shah" in owner["content"][0]["text"]


def test_billing_inquiry_for_utilities_staff_needs_no_name(server, demo_city, staff_key):
    result = call(server.mcp_url("utilities"), "billing_inquiry", {"account_number": "UA-100235"},
                  staff_key("utilities"))
    assert result["structuredContent"]["holder_name"] == "Priya Shah"


# --- track_status / track_variance --------------------------------------------------------
def test_track_status_shows_the_applicant_only_with_the_access_code(server, demo_city):
    url = server.mcp_url("permits")
    application = PermitApplication.objects.get(reference="PRM-2026-000101")
    public = call(url, "track_status", {"reference": "PRM-2026-000101"})
    assert public["isError"] is False
    assert "applicant" not in public["structuredContent"] and "documents" not in public["structuredContent"]
    assert public["structuredContent"]["property_address"] == application.property_address  # a public record
    assert "Alex Kim" not in public["content"][0]["text"]

    wrong = call(url, "track_status", {"reference": "PRM-2026-000101", "access_code": "AAAAA-BBBBB"})
    assert "applicant" not in wrong["structuredContent"]
    code = access_code_issue(application)
    owner = call(url, "track_status", {"reference": "PRM-2026-000101", "access_code": code})
    assert owner["structuredContent"]["applicant"] == "Alex Kim"
    assert "- Applicant: Alex Kim" in owner["content"][0]["text"]

    resource = read(url, "civicmind://permits/applications/PRM-2026-000101")
    assert "applicant" not in resource and resource["reference"] == "PRM-2026-000101"


def test_track_variance_shows_the_applicant_only_with_the_access_code(server, demo_city):
    url = server.mcp_url("zoning")
    public = call(url, "track_variance", {"reference": "VAR-2026-000102"})
    assert "applicant" not in public["structuredContent"]
    assert "Priya Shah" not in public["content"][0]["text"]
    assert public["structuredContent"]["property_address"]  # address and hearing are public record

    code = access_code_issue(Variance.objects.get(reference="VAR-2026-000102"))
    owner = call(url, "track_variance", {"reference": "VAR-2026-000102", "access_code": code})
    assert owner["structuredContent"]["applicant"] == "Priya Shah"
    assert "- Applicant: Priya Shah" in owner["content"][0]["text"]
    assert "applicant" not in read(url, "civicmind://zoning/variances/VAR-2026-000102")


# --- safety incidents resource -------------------------------------------------------------
def test_open_incidents_resource_shows_the_public_type_status_only(server, demo_city, staff_key):
    url = server.mcp_url("safety")
    public = read(url, "civicmind://safety/incidents")
    text = json.dumps(public)
    assert "Elderly resident" not in text and "789 Elm St" not in text
    assert {"reference", "incident_type", "status"} <= set(public["incidents"][0])
    assert "location" not in public["incidents"][0] and "description" not in public["incidents"][0]
    one = read(url, "civicmind://safety/incidents/INC-2026-000104")
    assert "Elderly" not in json.dumps(one) and one["status"] == "on_scene"

    staff = read(url, "civicmind://safety/incidents", staff_key("safety"))
    assert "Elderly resident fell and cannot get up; conscious and talking." in json.dumps(staff)
    wanted = {"civicmind://safety/incidents", "civicmind://safety/incidents/INC-2026-000104"}
    rows = audited("resources/read", "safety", until=lambda rows: {row.arguments["uri"] for row in rows} >= wanted)
    assert {row.arguments["uri"] for row in rows} >= wanted


def test_incident_status_shows_place_and_details_to_the_caller_with_the_code(server, demo_city):
    url = server.mcp_url("safety")
    public = call(url, "incident_status", {"reference": "INC-2026-000104"})
    assert "789 Elm St" not in json.dumps(public) and "Elderly" not in json.dumps(public)
    code = access_code_issue(Incident.objects.get(reference="INC-2026-000104"))
    owner = call(url, "incident_status", {"reference": "INC-2026-000104", "access_code": code})
    assert owner["structuredContent"]["location"] == "789 Elm St"
    assert "Elderly resident" in owner["content"][0]["text"]


def test_report_incident_returns_an_access_code_that_proves_the_caller(server, demo_city):
    url = server.mcp_url("safety")
    filed = call(url, "report_incident", {"incident_type": "medical", "location": "456 Oak Ave",
                                          "description": "Neighbour collapsed in the hallway."})
    assert filed["isError"] is False
    code = filed["structuredContent"]["access_code"]
    assert code in filed["content"][0]["text"]
    reference = filed["structuredContent"]["reference"]
    owner = call(url, "incident_status", {"reference": reference, "access_code": code})
    assert owner["structuredContent"]["description"] == "Neighbour collapsed in the hallway."
    assert "description" not in call(url, "incident_status", {"reference": reference})["structuredContent"]


# --- citation completion, resource and contest_violation -----------------------------------
CITATION_TEMPLATE = {"type": "ref/resource", "uri": "civicmind://parking/citations/{citation_number}"}


def complete(url: str, value: str, context: dict | None = None, key: str | None = None) -> list[str]:
    params = {"ref": CITATION_TEMPLATE, "argument": {"name": "citation_number", "value": value}}
    if context is not None:
        params["context"] = {"arguments": context}
    return rpc(url, "completion/complete", params, key)["result"]["completion"]["values"]


def test_citation_completion_never_lists_other_peoples_citations(server, demo_city, staff_key):
    url = server.mcp_url("parking")
    found = set()
    for prefix in ["VIO-2025-00", "VIO-2025-001", "VIO-2026-000"] + [f"VIO-2026-0000{d}" for d in range(10)] + [
            f"VIO-2026-0001{d}" for d in range(10)] + [f"VIO-2026-0002{d}" for d in range(10)] + [
            f"VIO-2025-0012{d}" for d in range(10)] + [f"VIO-2025-0018{d}" for d in range(10)]:
        found |= {value for value in complete(url, prefix) if len(value) > 9}
    assert found == set()
    assert complete(url, "VIO-2025-00", {"license_plate": "abc-123"}) == ["VIO-2025-001234", "VIO-2025-001456"]
    assert "VIO-2025-001530" in complete(url, "VIO-2025-0015", key=staff_key("parking"))
    assert audited("completion/complete", "parking")


def test_citation_resource_hides_the_plate_so_a_stranger_cannot_contest(server, demo_city, staff_key):
    url = server.mcp_url("parking")
    public = read(url, "civicmind://parking/citations/VIO-2025-001234")
    assert "license_plate" not in public and public["status"] == "issued"
    assert read(url, "civicmind://parking/citations/VIO-2025-001234", staff_key("parking"))["license_plate"] == "ABC123"

    refused = call(url, "contest_violation", {"citation_number": "VIO-2025-001234", "license_plate": "XYZ999",
                                              "reason": "I was never parked there, honestly."})
    assert refused["isError"] is True
    assert refused["structuredContent"]["error"]["code"] == "citation_not_found"
    assert Citation.objects.get(citation_number="VIO-2025-001234").status == Citation.Status.ISSUED


def test_check_violations_by_plate_is_the_owner_view_of_the_seed(server, demo_city):
    result = call(server.mcp_url("parking"), "check_violations", {"license_plate": "ABC123"})
    assert result["structuredContent"]["license_plate"] == "ABC123"
    assert {v["citation_number"] for v in result["structuredContent"]["violations"]} == {
        "VIO-2025-001234", "VIO-2025-001456"}


# --- the sweep: every other record resource answers the public view ---------------------------
@pytest.mark.parametrize("domain, uri, hidden, shown", [
    ("noise", "civicmind://noise/complaints/NC-2026-000104", ["789 Elm St", "timeline"], "status"),
    ("environmental", "civicmind://environmental/reports/ENV-2026-000101", ["Mattresses", "Harbor Blvd"], "status"),
    ("utilities", "civicmind://utilities/outages/OUT-2026-0007", ["42 Pine St", "reports"], "area"),
    ("utilities", "civicmind://utilities/outages", ["42 Pine St"], "outages"),
])
def test_record_resources_answer_the_public_view(server, demo_city, staff_key, domain, uri, hidden, shown):
    url = server.mcp_url(domain)
    public = read(url, uri)
    assert shown in public
    for text in hidden:
        assert text not in json.dumps(public)
    staff = json.dumps(read(url, uri, staff_key(domain)))
    assert all(text in staff for text in hidden)


def test_pay_a_citation_prompt_completes_only_the_named_plates_citations(server, demo_city):
    url = server.mcp_url("parking")
    params = {"ref": {"type": "ref/prompt", "name": "pay_a_citation"},
              "argument": {"name": "citation_number", "value": "VIO-2025-0012"}}
    values = rpc(url, "completion/complete", params)["result"]["completion"]["values"]
    assert [value for value in values if len(value) > 9] == []
    params["context"] = {"arguments": {"license_plate": "ABC123"}}
    assert rpc(url, "completion/complete", params)["result"]["completion"]["values"] == ["VIO-2025-001234"]


def test_a_second_outage_reporter_does_not_see_the_first_reporters_address(server, demo_city):
    result = call(server.mcp_url("utilities"), "report_outage", {"service_type": "water", "address": "60 Pine St"})
    facts = result["structuredContent"]
    assert (facts["outage_id"], facts["merged"], facts["reported_address"]) == ("OUT-2026-0007", True, "60 Pine St")
    assert "address" not in facts and "42 Pine St" not in result["content"][0]["text"]
