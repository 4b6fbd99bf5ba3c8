"""Utilities tools in-process: argument tables, answers (text and structured), refusals, query counts."""
from datetime import timedelta

import pytest
from django.utils import timezone

from apps.core.wording import moment_text
from apps.events.models import Event
from apps.mcp.registry import registry
from apps.utilities.models import Outage, ServiceRequest
from tests.utilities.conftest import make_bill, make_outage


def year() -> int:
    return timezone.localdate().year


def test_utilities_tools_are_declared_with_their_access():
    tools = {name: tool for name, tool in registry.tools_for("utilities")}
    assert sorted(tools) == ["billing_inquiry", "check_outages", "create_service_request", "pay_bill",
                             "report_outage", "resolve_outage", "track_service_request", "update_outage_status"]
    assert [tools[n].access.name for n in sorted(tools)] == ["RESIDENT", "PUBLIC", "RESIDENT", "RESIDENT",
                                                             "RESIDENT", "STAFF", "PUBLIC", "STAFF"]
    assert tools["report_outage"].input_schema["required"] == ["service_type", "address"]
    assert tools["report_outage"].input_schema["properties"]["service_type"]["enum"] == [
        "water", "electric", "gas", "sewer"]
    assert tools["report_outage"].annotations["idempotentHint"] is True


# --- report_outage -----------------------------------------------------------------------
@pytest.mark.parametrize("arguments", [
    {"service_type": "water", "address": "456 Oak Ave"},
    {"service_type": "Water", "address": "456 Oak Avenue", "description": "No water", "contact": "555-0100"},
    {"service_type": "power", "address": "456 Oak Ave", "description": ""},
])
def test_report_outage_accepts(call_tool, places, arguments):
    result = call_tool("report_outage", arguments)
    assert result.is_error is False
    assert result.structured["outage_id"] == f"OUT-{year()}-0001"


@pytest.mark.parametrize("arguments, errors", [
    ({"address": "456 Oak Ave"}, {"service_type": ["This field is required."]}),
    ({"service_type": "water"}, {"address": ["This field is required."]}),
    ({"service_type": "steam", "address": "456 Oak Ave"}, {"service_type": ['"steam" is not a valid choice. Valid values: water, electric, gas, sewer.']}),
    ({"service_type": "water", "address": " "}, {"address": ["This field may not be blank."]}),
    ({"service_type": "water", "address": "456 Oak Ave", "urgent": True},
     {"urgent": ["Unknown argument; this tool takes: service_type, address, description, contact."]}),
])
def test_report_outage_refuses_bad_arguments(call_tool, places, arguments, errors):
    result = call_tool("report_outage", arguments)
    assert result.structured["error"]["fields"] == errors
    assert (Outage.objects.count(), Event.objects.count()) == (0, 0)


def test_report_outage_new(call_tool, places):
    result = call_tool("report_outage", {"service_type": "water", "address": "456 Oak Ave"})
    facts = result.structured
    # The outage's own address is where it was first reported: staff only (issue 11, three views).
    assert "address" not in facts
    assert {k: facts[k] for k in ("outage_id", "service_type", "service_label", "status",
                                  "reported_address", "merged", "duplicate", "distance_miles", "report_count",
                                  "estimated_restoration", "area")} == {
        "outage_id": f"OUT-{year()}-0001", "service_type": "water", "service_label": "Water", "status": "reported",
        "reported_address": "456 Oak Ave", "merged": False, "duplicate": False,
        "distance_miles": 0.0, "report_count": 1, "estimated_restoration": None, "area": None}
    assert result.text.splitlines()[:4] == ["💧 **Water Outage Reported**", "",
                                            f"🆔 **Outage ID: OUT-{year()}-0001**", "- Address: 456 Oak Ave"]
    assert "⏱️ An estimated restoration time will be posted once a crew has assessed the outage." in result.text


def test_report_outage_joins_a_known_one_and_says_so(call_tool, places):
    eta = timezone.localtime() + timedelta(hours=5)
    make_outage("OUT-2026-0007", places.oak_456, estimated_restoration=eta, area="Oak Ave, 400 block",
                cause="Main break")
    result = call_tool("report_outage", {"service_type": "water", "address": "123 Oak St"})
    facts = result.structured
    assert (facts["outage_id"], facts["merged"], facts["duplicate"], facts["report_count"]) == (
        "OUT-2026-0007", True, False, 2)
    assert facts["estimated_restoration"] == eta.isoformat()
    assert facts["distance_miles"] == 0.3
    assert result.text.splitlines()[:3] == [
        "💧 **Known Water Outage — Your Report Was Added**", "",
        "There is already an active water outage nearby: **OUT-2026-0007** (0.3 miles from 123 Oak St). Your "
        "report joins it; 2 addresses have reported it."]
    assert f"⏱️ **Estimated restoration: {moment_text(eta)}**" in result.text
    again = call_tool("report_outage", {"service_type": "water", "address": "123 Oak St"})
    assert (again.structured["duplicate"], again.structured["report_count"]) == (True, 2)
    assert again.text.startswith("💧 **Water Outage Already Reported From This Address**")


def test_report_outage_safety_notes(call_tool, places):
    gas = call_tool("report_outage", {"service_type": "gas", "address": "456 Oak Ave"}).text
    assert gas.endswith("⚠️ If you smell gas, leave the building now, don't switch anything on or off, and call 911 "
                        "from outside.")


def test_report_outage_unknown_address(call_tool, places):
    result = call_tool("report_outage", {"service_type": "water", "address": "456 Oak Avenu"})
    assert result.is_error is True
    assert (result.structured["error"]["code"], result.structured["error"]["field"]) == ("unknown_place", "address")
    assert result.text == ("❌ I couldn't find \"456 Oak Avenu\" in the city's gazetteer. Did you mean: 456 Oak Ave, "
                           "Oak Ave, 123 Oak St?")


def test_report_outage_query_count(call_tool, places, django_assert_max_num_queries):
    for n in range(5):
        make_outage(f"OUT-2026-{n + 1:04d}", places.pine_42, service_type="water")
    with django_assert_max_num_queries(20):  # flat: active outages are read in one query
        result = call_tool("report_outage", {"service_type": "water", "address": "42 Pine St"})
    assert result.is_error is False, result.text  # the capped call succeeded


# --- check_outages -----------------------------------------------------------------------
def test_check_outages_near_an_address(call_tool, places, django_assert_max_num_queries):
    make_outage("OUT-2026-0001", places.pine_42, service_type="electric", area="Pine St")
    make_outage("OUT-2026-0002", places.oak_456)
    with django_assert_max_num_queries(3):
        result = call_tool("check_outages", {"address": "123 Oak St"})
    facts = result.structured
    assert (facts["address"], facts["count"], facts["affects_address"]) == ("123 Oak St", 2, True)
    assert [(o["outage_id"], o["affects_address"]) for o in facts["outages"]] == [
        ("OUT-2026-0002", True), ("OUT-2026-0001", False)]
    assert result.text.splitlines()[:3] == ["🔌 **Active Outages near 123 Oak St: 2**", "",
                                            "⚠️ **Your address is inside an active outage area.**"]


def test_check_outages_filters_and_empty_answer(call_tool, places):
    make_outage("OUT-2026-0001", places.pine_42, service_type="electric")
    result = call_tool("check_outages", {"service_type": "gas"})
    assert result.is_error is False
    assert result.structured["outages"] == []
    assert result.text.startswith("✅ **No active gas outages.**")
    every = call_tool("check_outages", {})
    assert [o["distance_miles"] for o in every.structured["outages"]] == [None]


def test_check_outages_refuses_bad_arguments(call_tool, places):
    assert call_tool("check_outages", {"service_type": "cable"}).structured["error"]["fields"] == {
        "service_type": ['"cable" is not a valid choice. Valid values: water, electric, gas, sewer.']}
    assert call_tool("check_outages", {"address": "Nowhere"}).structured["error"]["code"] == "unknown_place"


# --- billing_inquiry ---------------------------------------------------------------------
def test_billing_inquiry(call_tool, accounts, django_assert_max_num_queries):
    today = timezone.localdate()
    make_bill(accounts.lee, months_ago=3, amount="80.00", paid="80.00", due_in_days=-60, paid_on=today - timedelta(60))
    make_bill(accounts.lee, months_ago=2, amount="120.00", paid="20.00", due_in_days=-10,
              paid_on=today - timedelta(days=15))
    make_bill(accounts.lee, months_ago=1, amount="99.99", due_in_days=12,
              lines=(("water", "Water usage", "3600", "gal"), ("electric", "Electricity usage", "310.5", "kWh")))
    with django_assert_max_num_queries(6):  # one more: the holder's last name is checked first
        result = call_tool("billing_inquiry", {"account_number": "ua-100234", "holder_last_name": "Lee"})
    facts = result.structured
    assert {k: facts[k] for k in ("account_number", "holder_name", "services", "balance", "past_due", "currency",
                                  "next_due_amount")} == {
        "account_number": "UA-100234", "holder_name": "Jordan Lee", "services": ["electric", "sewer", "water"],
        "balance": "199.99", "past_due": "100.00", "currency": "USD", "next_due_amount": "99.99"}
    assert facts["next_due_date"] == (today + timedelta(days=12)).isoformat()
    assert [b["status"] for b in facts["bills"]] == ["due", "past_due", "paid"]
    assert facts["bills"][0]["lines"][1] == {"service_type": "electric", "description": "Electricity usage",
                                             "usage": "310.50", "unit": "kWh", "amount": "50.00"}
    assert "💰 **Current Balance: $199.99**" in result.text
    assert "⚠️ **Past due: $100.00** — pay now to avoid late fees and service interruption." in result.text
    assert "   - ⚡ Electricity usage (310.50 kWh): $50.00" in result.text
    assert "   - 💧 Water usage (3,600 gal): $50.00" in result.text
    assert "- 🌐 Online: https://city.ai/utilities/pay" in result.text


def test_billing_inquiry_nothing_owed_and_unknown(call_tool, accounts):
    result = call_tool("billing_inquiry", {"account_number": "UA-100300", "holder_last_name": "Solo"})
    assert (result.structured["balance"], result.structured["bills"]) == ("0.00", [])
    assert "✅ Nothing is owed right now." in result.text
    assert "Payment Options" not in result.text
    # Issue 11: an unknown account and a wrong name get the same refusal (no account oracle).
    missing = call_tool("billing_inquiry", {"account_number": "UA-1", "holder_last_name": "Solo"})
    assert (missing.is_error, missing.structured["error"]["code"]) == (True, "owner_proof_required")
    assert call_tool("billing_inquiry", {}).structured["error"]["fields"] == {
        "account_number": ["This field is required."]}


# --- create_service_request --------------------------------------------------------------
@pytest.mark.parametrize("arguments, errors", [
    ({"request_type": "leak", "description": "x"},
     {"account_number": ["Give account_number or address (at least one)."]}),
    ({"account_number": "UA-100234", "request_type": "fix", "description": "x"},
     {"request_type": ['"fix" is not a valid choice. Valid values: start_service, stop_service, transfer_service, leak, low_pressure, meter_reading, billing_question, repair, other.']}),
    ({"account_number": "UA-100234", "request_type": "leak"}, {"description": ["This field is required."]}),
    ({"account_number": "UA-100234", "request_type": "leak", "description": "x", "service_type": "cable"},
     {"service_type": ['"cable" is not a valid choice. Valid values: water, electric, gas, sewer.']}),
])
def test_create_service_request_refuses_bad_arguments(call_tool, accounts, arguments, errors):
    assert call_tool("create_service_request", arguments).structured["error"]["fields"] == errors
    assert ServiceRequest.objects.count() == 0


def test_create_service_request_answer(call_tool, accounts):
    result = call_tool("create_service_request", {"account_number": "UA-100234", "holder_last_name": "Lee",
                                                  "request_type": "Meter Reading",
                                                  "service_type": "electricity", "description": "Estimated twice"})
    facts = result.structured
    assert {k: facts[k] for k in ("reference", "status", "service_type", "request_type", "request_type_label",
                                  "account_number", "address", "priority", "replayed")} == {
        "reference": f"SR-{year()}-000001", "status": "open", "service_type": "electric",
        "request_type": "meter_reading", "request_type_label": "Meter reading", "account_number": "UA-100234",
        "address": "456 Oak Ave", "priority": "normal", "replayed": False}
    assert result.text.startswith(f"🛠️ **Service Request Created**\n\n📋 **Reference: SR-{year()}-000001**")
    refused = call_tool("create_service_request", {"account_number": "UA-100234", "holder_last_name": "Lee",
                                                   "request_type": "repair",
                                                   "description": "x"})
    assert refused.structured["error"]["code"] == "service_type_required"


def test_create_service_request_gas_leak_says_what_to_do(call_tool, accounts):
    result = call_tool("create_service_request", {"account_number": "UA-100300", "holder_last_name": "Solo",
                                                  "request_type": "leak",
                                                  "description": "Smell of gas by the meter"})
    assert result.structured["priority"] == "urgent"
    # The safety note, then the requester's access code (shown once, for track_service_request).
    assert "call 911 from outside.\n\n🔑 **Access code: " in result.text


def test_create_service_request_retry(call_tool, accounts):
    arguments = {"account_number": "UA-100300", "holder_last_name": "Solo", "request_type": "repair",
                 "description": "x", "idempotency_key": "retry-1"}
    first = call_tool("create_service_request", arguments)
    again = call_tool("create_service_request", arguments)
    # The same caller's retry gets its first answer back (apps.mcp.replays).
    assert (again.text, again.structured) == (first.text, first.structured)
    assert ServiceRequest.objects.count() == 1


def test_create_service_request_on_an_account_needs_the_holders_last_name(call_tool, accounts):
    """Issue 11: a guessed account number neither stops someone's service nor shows their address."""
    for proof in ({}, {"holder_last_name": "Smith"}):
        refused = call_tool("create_service_request", {"account_number": "UA-100234", "request_type": "stop_service",
                                                       "service_type": "water", "description": "Moving out", **proof})
        assert refused.structured["error"]["code"] == "owner_proof_required"
        assert "456 Oak Ave" not in refused.text
    assert ServiceRequest.objects.count() == 0


# --- staff tools -------------------------------------------------------------------------
def test_update_then_resolve_outage(call_tool, places):
    make_outage("OUT-2026-0007", places.oak_456, status="reported")
    eta = (timezone.localtime() + timedelta(hours=6)).replace(microsecond=0)
    updated = call_tool("update_outage_status", {"outage_id": "OUT-2026-0007", "status": "crew_dispatched",
                                                 "estimated_restoration": eta.isoformat(), "cause": "Main break"})
    assert {k: updated.structured[k] for k in ("old_status", "status", "changed", "cause",
                                               "estimated_restoration")} == {
        "old_status": "reported", "status": "crew_dispatched", "changed": True, "cause": "Main break",
        "estimated_restoration": eta.isoformat()}
    assert updated.text.splitlines()[3] == "- Status: Reported → 🚧 Crew dispatched"
    resolved = call_tool("resolve_outage", {"outage_id": "out-2026-0007", "note": "Repaired"})
    assert (resolved.structured["status"], resolved.structured["resolution_note"]) == ("resolved", "Repaired")
    assert resolved.text.startswith("✅ **Outage OUT-2026-0007 resolved**")
    again = call_tool("resolve_outage", {"outage_id": "OUT-2026-0007"})
    assert again.structured["changed"] is False
    assert again.text.startswith("ℹ️ Outage OUT-2026-0007 was already resolved on ")
    assert list(Event.objects.values_list("type", flat=True)) == ["outage.resolved"]


@pytest.mark.parametrize("arguments, errors", [
    ({"outage_id": "OUT-2026-0007", "status": "fixed"}, {"status": ['"fixed" is not a valid choice. Valid values: reported, confirmed, crew_dispatched, resolved.']}),
    ({"outage_id": "OUT-2026-0007", "status": "confirmed", "estimated_restoration": "soon"},
     {"estimated_restoration": [
         "Datetime has wrong format. Use one of these formats instead: "
         "YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z]."]}),
    ({"status": "confirmed"}, {"outage_id": ["This field is required."]}),
])
def test_update_outage_status_refuses_bad_arguments(call_tool, db, arguments, errors):
    assert call_tool("update_outage_status", arguments).structured["error"]["fields"] == errors


def test_resolve_unknown_outage(call_tool, db):
    result = call_tool("resolve_outage", {"outage_id": "OUT-2026-0404"})
    assert (result.is_error, result.structured["error"]["code"]) == (True, "outage_not_found")
