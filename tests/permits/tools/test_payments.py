"""pay_permit_fees: declaration, receipt answer, who may pay, arguments."""
from types import SimpleNamespace

import pytest

from apps.accounts.access_codes import access_code_issue
from apps.accounts.principals import Principal
from apps.core.models import DemoCharge
from apps.mcp.calls import run_tool
from apps.mcp.registry import Access, registry
from apps.permits.models import AssessedFee
from tests.permits.helpers import advance, submit_deck


def approved_deck():
    return advance(submit_deck(), "in_review", "approved")


def test_declaration():
    tool = registry.find_tool("permits", "pay_permit_fees")
    assert tool.access == Access.RESIDENT
    assert tool.annotations["idempotentHint"] is True and tool.annotations["readOnlyHint"] is False
    assert tool.input_schema["required"] == ["reference", "payment_method"]
    assert set(tool.input_schema["properties"]) == {"reference", "payment_method", "access_code", "idempotency_key"}


def test_the_applicant_pays_and_gets_a_receipt(call_tool, deck_type, places):
    application = approved_deck()
    code = access_code_issue(application)
    arguments = {"reference": application.reference, "payment_method": "tok_visa", "access_code": code,
                 "idempotency_key": "receipt-0001"}
    result = call_tool("pay_permit_fees", arguments)
    assert result.is_error is False, result.text
    receipt = result.structured
    assert {k: receipt[k] for k in ("reference", "receipt_number", "amount", "payment_method", "test_mode",
                                    "replayed", "application_status")} == {
        "reference": application.reference, "receipt_number": "PFR-2026-000001", "amount": "325.00",
        "payment_method": "Visa ending 4242", "test_mode": True, "replayed": False, "application_status": "approved"}
    assert [fee["label"] for fee in receipt["fees"]] == ["Permit Fee", "Plan Review", "Inspections"]
    assert result.text == (
        "✅ **Permit Fees Paid**\n\n🧾 **Receipt: PFR-2026-000001**\n"
        f"- Application: {application.reference}\n- Paid: Tuesday, November 24\n- Method: Visa ending 4242\n\n"
        "1. Permit Fee: $150.00\n2. Plan Review: $75.00\n3. Inspections: $100.00\n\n💰 **Total Paid: $325.00**\n\n"
        "📞 **Next Step:** The permit office issues the permit now that every fee is paid.\n\n"
        "🧪 Demo payment gateway: no real money was charged.")
    again = call_tool("pay_permit_fees", arguments)
    assert again.structured["replayed"] is True
    assert again.structured["receipt_number"] == "PFR-2026-000001"
    assert again.text.startswith("✅ **Permit Fees Already Paid**\n\n🔁 This request repeats an earlier one")
    assert DemoCharge.objects.count() == 1
    tracked = call_tool("track_status", {"reference": application.reference, "access_code": code})
    assert tracked.structured["fees"]["outstanding"] == "0.00"
    assert tracked.structured["next_step"].startswith("Every fee is paid")


@pytest.mark.parametrize("proof", [{}, {"access_code": "AAAAA-BBBBB"}])
def test_only_the_applicant_or_staff_may_pay(call_tool, deck_type, places, proof):
    application = approved_deck()
    access_code_issue(application)
    result = call_tool("pay_permit_fees", {"reference": application.reference, "payment_method": "tok_visa",
                                           **proof})
    assert result.is_error is True
    assert result.structured["error"] == {
        "code": "owner_proof_required", "field": "access_code",
        "message": f"Only the applicant can pay the fees for {application.reference}: give access_code, the access "
                   "code submit_application returned with the reference (e.g. K7QX2-M9PRT). Without it, the permit "
                   "office can do it for you."}
    assert AssessedFee.objects.filter(paid_at__isnull=False).count() == 0
    assert DemoCharge.objects.count() == 0


def test_permits_staff_pay_without_a_code(deck_type, places):
    application = approved_deck()
    staff = Principal(name="permit desk", key_id=1, domains=frozenset({"permits"}), level=Access.STAFF,
                      prefix="cmk_test")
    call = SimpleNamespace(listener="permits", version="2025-11-25", principal=staff, client_address="127.0.0.1",
                           request_id="test")
    result = run_tool(registry.find_tool("permits", "pay_permit_fees"),
                      {"reference": application.reference, "payment_method": "tok_visa"}, call)
    assert result.is_error is False, result.text
    assert AssessedFee.objects.filter(paid_at__isnull=True).count() == 0


def test_a_decline_is_a_tool_error_naming_the_argument(call_tool, deck_type, places):
    application = approved_deck()
    result = call_tool("pay_permit_fees", {"reference": application.reference, "payment_method": "tok_chargeDeclined",
                                           "access_code": access_code_issue(application)})
    assert result.is_error is True
    assert result.structured["error"]["code"] == "payment_declined"
    assert result.structured["error"]["field"] == "payment_method"
    assert AssessedFee.objects.filter(paid_at__isnull=False).count() == 0


@pytest.mark.parametrize("arguments, fields", [
    ({}, {"reference": ["This field is required."], "payment_method": ["This field is required."]}),
    ({"reference": "PRM-26-1", "payment_method": "4242 4242 4242 4242", "idempotency_key": "short"},
     {"reference": ["Expected a permit application reference like PRM-2026-000123."],
      "payment_method": ["Never send a card number: send a payment token (demo gateway: tok_visa approves, "
                         "tok_chargeDeclined declines)."],
      "idempotency_key": ["Ensure this field has at least 8 characters."]}),
])
def test_invalid_arguments(call_tool, arguments, fields):
    result = call_tool("pay_permit_fees", arguments)
    assert result.is_error is True
    assert result.structured["error"]["fields"] == fields
