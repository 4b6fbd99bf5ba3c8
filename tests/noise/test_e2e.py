"""The demo city through the real server: the seed's call, plain HTTP and the official SDK."""
import asyncio
import json

import jsonschema
from mcp import Client

from apps.accounts.access_codes import access_code_issue
from apps.accounts.services import api_key_create
from apps.events.models import Event
from apps.noise.models import Complaint
from tests.helpers.rpc import STRUCTURED_HEADERS, output_schema, rpc

SEED_ARGUMENTS = {"location": "123 Main St", "noise_type": "loud_music"}


def test_seed_call_as_the_seed_client_sends_it(server, demo_city):
    """The seed's test_cross_domain_tools: a bare tools/call POST, no initialize, no headers."""
    reply = rpc(server.mcp_url("noise"), "tools/call", {"name": "file_complaint", "arguments": SEED_ARGUMENTS})
    result = reply["result"]
    assert "content" in result
    assert result["isError"] is False
    complaint = Complaint.objects.select_related("location", "ordinance").get(location__key="123 main st")
    assert (complaint.noise_type, complaint.zone, complaint.ordinance.code) == ("loud_music", "C-1", "CCMC 8.20.030")
    text = result["content"][0]["text"]
    assert f"📋 **Case Number: {complaint.case_number}**" in text
    assert "⚖️ **Applicable Ordinance: CCMC 8.20.030 — Neighborhood commercial noise limits**" in text
    event = Event.objects.get(type="complaint.filed")
    assert event.data == {"case_number": complaint.case_number, "noise_type": "loud_music", "location": "123 Main St"}


def test_structured_content_matches_the_output_schema(server, demo_city):
    url = server.mcp_url("noise")
    result = rpc(url, "tools/call", {"name": "file_complaint", "arguments": SEED_ARGUMENTS},
                 headers=STRUCTURED_HEADERS)["result"]
    jsonschema.validate(result["structuredContent"], output_schema(url, "file_complaint"))
    case = result["structuredContent"]["case_number"]
    assert case == Complaint.objects.get(location__key="123 main st").case_number
    code = result["structuredContent"]["access_code"]
    tracked = rpc(url, "tools/call", {"name": "track_complaint", "arguments": {"case_number": case,
                                                                             "access_code": code}},
                  headers=STRUCTURED_HEADERS)["result"]
    jsonschema.validate(tracked["structuredContent"], output_schema(url, "track_complaint"))
    assert [entry["status"] for entry in tracked["structuredContent"]["timeline"]] == ["filed"]
    public = rpc(url, "tools/call", {"name": "track_complaint", "arguments": {"case_number": case}},
                 headers=STRUCTURED_HEADERS)["result"]
    jsonschema.validate(public["structuredContent"], output_schema(url, "track_complaint"))
    assert "timeline" not in public["structuredContent"] and "123 Main St" not in public["content"][0]["text"]


def test_demo_repeat_complaint_is_tracked_with_its_group(server, demo_city):
    url = server.mcp_url("noise")
    # The demo's filer kept the access code (issue 11: the case number alone shows the public view).
    code = access_code_issue(Complaint.objects.get(case_number="NC-2026-000104"))
    result = rpc(url, "tools/call", {"name": "track_complaint", "arguments": {"case_number": "NC-2026-000104",
                                                                            "access_code": code}},
                 headers=STRUCTURED_HEADERS)["result"]
    facts = result["structuredContent"]
    jsonschema.validate(facts, output_schema(url, "track_complaint"))
    assert (facts["status"], facts["linked_to"], facts["location"]) == ("filed", "NC-2026-000101", "789 Elm St")
    assert [c["case_number"] for c in facts["related_cases"]] == ["NC-2026-000101"]


def test_official_sdk_files_checks_and_tracks(server, demo_city):
    async def session() -> tuple:
        async with Client(server.mcp_url("noise"), mode="legacy") as client:
            filed = await client.call_tool("file_complaint", SEED_ARGUMENTS)
            checked = await client.call_tool("check_ordinance", {"location": "456 Oak Ave", "time": "23:30"})
            case = filed.structured_content["case_number"]
            tracked = await client.call_tool("track_complaint", {"case_number": case})
            resource = await client.read_resource(f"civicmind://noise/complaints/{case}")
            missing = await client.call_tool("track_complaint", {"case_number": "NC-2026-999999"})
            return filed, checked, tracked, resource, missing

    filed, checked, tracked, resource, missing = asyncio.run(session())
    # The SDK validates structuredContent against the published outputSchema itself.
    assert filed.is_error is False and "Noise Complaint Filed" in filed.content[0].text
    assert checked.structured_content["zone"] == "R-1"
    assert checked.structured_content["in_quiet_hours"] is True
    assert tracked.structured_content["case_number"] == filed.structured_content["case_number"]
    assert json.loads(resource.contents[0].text)["case_number"] == filed.structured_content["case_number"]
    assert missing.is_error is True
    assert missing.content[0].text.startswith("❌ No noise complaint has case number NC-2026-999999.")


def test_staff_move_a_complaint_with_a_staff_key(server, demo_city, django_user_model):
    owner = django_user_model.objects.create_user(username="noise-desk", password="x" * 20)
    key = api_key_create(name="noise desk", owner=owner, domains=["noise"], access_level="staff")
    headers = {**STRUCTURED_HEADERS, "X-API-Key": key.raw_key}
    url = server.mcp_url("noise")
    arguments = {"case_number": "NC-2026-000105", "status": "assigned", "assigned_to": "Officer Kim"}
    result = rpc(url, "tools/call", {"name": "update_complaint_status", "arguments": arguments},
                 headers=headers)["result"]
    assert result["isError"] is False
    assert result["structuredContent"]["status"] == "assigned"
    assert Complaint.objects.get(case_number="NC-2026-000105").assigned_to == "Officer Kim"
    assert Event.objects.get(type="complaint.status_changed").data == {
        "case_number": "NC-2026-000105", "old_status": "filed", "status": "assigned"}


def _call(url: str, name: str, arguments: dict) -> dict:
    return rpc(url, "tools/call", {"name": name, "arguments": arguments}, headers=STRUCTURED_HEADERS)["result"]


def test_answers_a_resident_can_trust_in_the_demo_city(server, demo_city):
    """Issue 15: "now" for a time asked about, enforcement threatened after a citation, late cases not flagged."""
    url = server.mcp_url("noise")
    later = _call(url, "check_ordinance", {"location": "456 Oak Ave", "time": "2026-11-28T23:00"})
    text = later["content"][0]["text"]
    assert "🌙 **Quiet hours are in effect at 11:00 PM on Saturday, November 28**" in text
    assert " now" not in text and later["structuredContent"]["time_given"] is True
    cited = _call(url, "track_complaint", {"case_number": "NC-2026-000103"})["structuredContent"]
    assert cited["next_step"].startswith("A citation with a $")
    assert "will visit or contact the source" not in cited["next_step"]
    waiting = _call(url, "track_complaint", {"case_number": "NC-2026-000104"})
    facts = waiting["structuredContent"]
    assert (facts["status"], facts["overdue"], facts["assign_by"]) == ("filed", True, "2026-11-21T23:58:00-08:00")
    assert ("- ⏰ **Overdue:** no officer assigned yet; the target was Saturday, November 21 at 11:58 PM (24 hours "
            "after filing).") in waiting["content"][0]["text"]
    assert _call(url, "track_complaint", {"case_number": "NC-2026-000103"})["structuredContent"]["overdue"] is False


def test_add_complaint_info_over_the_server(server, demo_city):
    url = server.mcp_url("noise")
    code = access_code_issue(Complaint.objects.get(case_number="NC-2026-000104"))
    stranger = _call(url, "add_complaint_info", {"case_number": "NC-2026-000104", "access_code": "AAAAA-BBBBB",
                                                 "text": "Again tonight."})
    assert (stranger["isError"], stranger["structuredContent"]["error"]["code"]) == (True, "not_owner")
    added = _call(url, "add_complaint_info", {"case_number": "nc-2026-104", "access_code": code,
                                              "text": "Again tonight, until 2 AM."})
    assert added["isError"] is False
    assert added["structuredContent"]["timeline"][-1]["note"] == "Resident added: Again tonight, until 2 AM."
    assert added["content"][0]["text"].startswith("✅ **Information added to complaint NC-2026-000104**")
    jsonschema.validate(added["structuredContent"], output_schema(url, "add_complaint_info"))
    assert list(Event.objects.values_list("type", "data")) == [
        ("complaint.info_added", {"case_number": "NC-2026-000104", "noise_type": "loud_music", "status": "filed"})]
    final = _call(url, "add_complaint_info", {"case_number": "NC-2026-000096",
                                              "access_code": access_code_issue(
                                                  Complaint.objects.get(case_number="NC-2026-000096")),
                                              "text": "x"})
    assert final["structuredContent"]["error"]["code"] == "complaint_final"
