"""The demo city through the real server: the seed's call, plain HTTP and the official SDK."""
import asyncio

import jsonschema
from mcp import Client

from apps.accounts.services import api_key_create
from apps.events.models import Event
from apps.utilities.models import Outage
from tests.helpers.rpc import STRUCTURED_HEADERS, output_schema, rpc

SEED_ARGUMENTS = {"service_type": "water", "address": "456 Oak Ave"}


def test_seed_call_as_the_seed_client_sends_it(server, demo_city):
    """The seed's test_cross_domain_tools: a bare tools/call POST, no initialize, no headers."""
    reply = rpc(server.mcp_url("utilities"), "tools/call", {"name": "report_outage", "arguments": SEED_ARGUMENTS})
    result = reply["result"]
    assert "content" in result
    assert result["isError"] is False
    outage = Outage.objects.get(address="456 Oak Ave")  # the demo's active outage is on Pine St: a new one
    assert (outage.service_type, outage.status, outage.report_count) == ("water", "reported", 1)
    assert result["content"][0]["text"].startswith(f"💧 **Water Outage Reported**\n\n🆔 **Outage ID: "
                                                   f"{outage.outage_id}**")
    assert Event.objects.get(type="outage.reported").data["outage_id"] == outage.outage_id


def test_structured_content_matches_the_output_schema(server, demo_city):
    url = server.mcp_url("utilities")
    first = rpc(url, "tools/call", {"name": "report_outage", "arguments": SEED_ARGUMENTS},
                headers=STRUCTURED_HEADERS)["result"]
    jsonschema.validate(first["structuredContent"], output_schema(url, "report_outage"))
    again = rpc(url, "tools/call", {"name": "report_outage", "arguments": SEED_ARGUMENTS},
                headers=STRUCTURED_HEADERS)["result"]["structuredContent"]
    assert (again["outage_id"], again["duplicate"], again["report_count"]) == (
        first["structuredContent"]["outage_id"], True, 1)
    billing = rpc(url, "tools/call", {"name": "billing_inquiry", "arguments": {"account_number": "UA-100235",
                                                                                "holder_last_name": "Shah"}},
                  headers=STRUCTURED_HEADERS)["result"]
    jsonschema.validate(billing["structuredContent"], output_schema(url, "billing_inquiry"))
    assert billing["structuredContent"]["holder_name"] == "Priya Shah"


def test_demo_report_on_pine_st_joins_the_known_outage(server, demo_city):
    result = rpc(server.mcp_url("utilities"), "tools/call", {"name": "report_outage", "arguments": {
        "service_type": "water", "address": "60 Pine St"}}, headers=STRUCTURED_HEADERS)["result"]
    facts = result["structuredContent"]
    assert (facts["outage_id"], facts["merged"], facts["report_count"], facts["status"]) == (
        "OUT-2026-0007", True, 4, "crew_dispatched")
    assert facts["estimated_restoration"] == "2026-11-24T18:00:00-08:00"
    # The estimate is 6:00 PM of the suite's "today": past it or not depends on the hour the test runs.
    if facts["past_estimate"]:
        assert ("⚠️ **Past its estimated restoration (Tuesday, November 24 at 6:00 PM)** — crews are still "
                "working on it") in result["content"][0]["text"]
    else:
        assert "⏱️ **Estimated restoration: Tuesday, November 24 at 6:00 PM**" in result["content"][0]["text"]


def staff_headers(django_user_model) -> dict:
    """An API key for utilities staff: resolve_outage is a staff tool."""
    owner = django_user_model.objects.create_user(username="utility-dispatch", password="x" * 20)
    key = api_key_create(name="utility dispatch", owner=owner, domains=["utilities"], access_level="staff")
    return {**STRUCTURED_HEADERS, "X-API-Key": key.raw_key}


def test_official_sdk_reports_checks_and_requests(server, demo_city, django_user_model):
    async def session() -> tuple:
        async with Client(server.mcp_url("utilities"), mode="legacy") as client:
            reported = await client.call_tool("report_outage", SEED_ARGUMENTS)
            checked = await client.call_tool("check_outages", {"address": "456 Oak Ave"})
            request = await client.call_tool("create_service_request", {
                "account_number": "UA-100234", "holder_last_name": "Lee", "request_type": "leak",
                "service_type": "water",
                "description": "Water pooling by the meter"})
            return reported, checked, request

    reported, checked, request = asyncio.run(session())
    # The SDK validates structuredContent against the published outputSchema itself.
    assert reported.is_error is False
    outage_id = reported.structured_content["outage_id"]
    assert [o["outage_id"] for o in checked.structured_content["outages"]] == [outage_id, "OUT-2026-0007"]
    assert checked.structured_content["affects_address"] is True
    assert request.structured_content["priority"] == "urgent"
    resolved = rpc(server.mcp_url("utilities"), "tools/call", {"name": "resolve_outage", "arguments": {
        "outage_id": outage_id, "note": "Valve reopened"}}, headers=staff_headers(django_user_model))["result"]
    assert (resolved["isError"], resolved["structuredContent"]["status"]) == (False, "resolved")
    assert list(Event.objects.order_by("id").values_list("type", flat=True)) == [
        "outage.reported", "service_request.created", "outage.resolved"]


def test_new_tools_over_the_real_server(server, demo_city, django_user_model):
    """Issue 15: pay_bill, track_service_request and references as typed, through the real endpoint."""
    url = server.mcp_url("utilities")
    schemas = output_schema(url, "pay_bill"), output_schema(url, "track_service_request")
    paid = rpc(url, "tools/call", {"name": "pay_bill", "arguments": {
        "account_number": "UA-100234", "holder_last_name": "Lee", "payment_method": "tok_visa",
        "idempotency_key": "e2e-pay-lee-1"}}, headers=STRUCTURED_HEADERS)["result"]
    assert paid["isError"] is False, paid["content"][0]["text"]
    jsonschema.validate(paid["structuredContent"], schemas[0])
    assert (paid["structuredContent"]["bill_number"], paid["structuredContent"]["amount"]) == (
        "UB-202610-100234", "157.00")
    again = rpc(url, "tools/call", {"name": "pay_bill", "arguments": {
        "account_number": "UA-100234", "holder_last_name": "Lee", "payment_method": "tok_visa",
        "idempotency_key": "e2e-pay-lee-1"}}, headers=STRUCTURED_HEADERS)["result"]["structuredContent"]
    assert (again["receipt_number"], again["replayed"]) == (paid["structuredContent"]["receipt_number"], True)
    assert Event.objects.filter(type="bill.paid").count() == 1

    created = rpc(url, "tools/call", {"name": "create_service_request", "arguments": {
        "account_number": "UA-100234", "holder_last_name": "Lee", "request_type": "meter_reading",
        "service_type": "water", "description": "Please re-read the meter"}},
        headers=STRUCTURED_HEADERS)["result"]["structuredContent"]
    tracked = rpc(url, "tools/call", {"name": "track_service_request", "arguments": {
        "reference": created["reference"].lower(), "access_code": created["access_code"]}},
        headers=STRUCTURED_HEADERS)["result"]
    jsonschema.validate(tracked["structuredContent"], schemas[1])
    assert tracked["structuredContent"]["address"] == "456 Oak Ave"
    late = rpc(url, "tools/call", {"name": "track_service_request", "arguments": {"reference": "sr-2026-120"}},
               headers=STRUCTURED_HEADERS)["result"]["structuredContent"]
    assert (late["reference"], late["overdue"], "address" in late) == ("SR-2026-000120", True, False)

    resolved = rpc(url, "tools/call", {"name": "resolve_outage", "arguments": {"outage_id": "out-2026-7"}},
                   headers=staff_headers(django_user_model))["result"]
    assert (resolved["isError"], resolved["structuredContent"]["outage_id"]) == (False, "OUT-2026-0007")
