"""Issue 15 ("Answers a resident can trust") against the demo city: through the real server, and in-process
with the clock moved past the demo's dates."""
import datetime as dt

import jsonschema

from apps.accounts.access_codes import access_code_issue
from apps.core.models import DemoCharge
from apps.events.models import Event
from apps.permits.models import AssessedFee, FeePayment, PermitApplication
from tests.helpers.demo import demo_load
from tests.helpers.rpc import STRUCTURED_HEADERS, output_schemas
from tests.permits.helpers import PDF, b64
from tests.permits.test_e2e import call

PIZZA = {"permit_type": "business_license", "business_type": "restaurant", "property_address": "145 Main St",
         "project_description": "Pizza restaurant, 40 seats. No alcohol served."}


def test_a_denied_alcohol_is_not_charged_through_the_server(server, demo_city):
    url = server.mcp_url("permits")
    result = call(url, "analyze_application", PIZZA, STRUCTURED_HEADERS)
    assert result["isError"] is False, result["content"][0]["text"]
    facts = result["structuredContent"]
    assert facts["project"]["serves_alcohol"] is False
    assert "Liquor License Review" not in [item["label"] for item in facts["fees"]["items"]]
    assert "Liquor" not in result["content"][0]["text"]
    asked = call(url, "analyze_application", {**PIZZA, "project_description": "Pizza restaurant, 40 seats"},
                 STRUCTURED_HEADERS)["structuredContent"]
    assert [q["question"] for q in asked["open_questions"]] == ["Does the business serve alcohol?"]


def test_pay_permit_fees_through_the_server(server, demo_city):
    """PRM-2026-000122 is approved with its fees unpaid: the applicant pays once, a retry replays the receipt."""
    url = server.mcp_url("permits")
    application = PermitApplication.objects.get(reference="PRM-2026-000122")
    code = access_code_issue(application)
    owed = sum(fee.amount for fee in application.fees.all())
    arguments = {"reference": "PRM-2026-000122", "payment_method": "tok_visa", "access_code": code,
                 "idempotency_key": "e2e-pay-000122"}
    declined = call(url, "pay_permit_fees", {**arguments, "payment_method": "tok_chargeDeclined"}, STRUCTURED_HEADERS)
    assert declined["isError"] is True
    assert declined["structuredContent"]["error"]["code"] == "payment_declined"
    assert AssessedFee.objects.filter(application=application, paid_at__isnull=False).count() == 0
    paid = call(url, "pay_permit_fees", arguments, STRUCTURED_HEADERS)
    assert paid["isError"] is False, paid["content"][0]["text"]
    receipt = paid["structuredContent"]
    jsonschema.validate(receipt, output_schemas(url)["pay_permit_fees"])
    assert receipt["amount"] == f"{owed:.2f}" and receipt["replayed"] is False
    assert f"🧾 **Receipt: {receipt['receipt_number']}**" in paid["content"][0]["text"]
    again = call(url, "pay_permit_fees", arguments, STRUCTURED_HEADERS)["structuredContent"]
    assert (again["receipt_number"], again["replayed"]) == (receipt["receipt_number"], True)
    assert FeePayment.objects.filter(status="succeeded").count() == 1
    assert DemoCharge.objects.count() == 1
    assert Event.objects.filter(type="permit.fees_paid").count() == 1
    tracked = call(url, "track_status", {"reference": "PRM-2026-000122", "access_code": code},
                   STRUCTURED_HEADERS)["structuredContent"]
    assert tracked["fees"]["outstanding"] == "0.00" and tracked["fees"]["days_overdue"] == 0
    assert "Pay" not in tracked["next_step"]


def test_add_documents_through_the_server(server, demo_city):
    """PRM-2026-000120 waits for corrections: the applicant's documents put it back in review."""
    url = server.mcp_url("permits")
    application = PermitApplication.objects.get(reference="PRM-2026-000120")
    code = access_code_issue(application)
    tracked = call(url, "track_status", {"reference": "PRM-2026-000120", "access_code": code},
                   STRUCTURED_HEADERS)["structuredContent"]
    missing = [doc["code"] for doc in tracked["missing_documents"]]
    documents = [{"filename": f"{kind}.pdf", "content_type": "application/pdf", "content_base64": b64(PDF),
                  "document_type": kind} for kind in missing] or [
        {"filename": "revised_plans.pdf", "content_type": "application/pdf", "content_base64": b64(PDF)}]
    refused = call(url, "add_documents", {"reference": "PRM-2026-000120", "documents": documents}, STRUCTURED_HEADERS)
    assert refused["structuredContent"]["error"]["code"] == "owner_proof_required"
    added = call(url, "add_documents", {"reference": "PRM-2026-000120", "documents": documents, "access_code": code},
                 STRUCTURED_HEADERS)
    assert added["isError"] is False, added["content"][0]["text"]
    facts = added["structuredContent"]
    jsonschema.validate(facts, output_schemas(url)["add_documents"])
    assert (facts["status"], facts["missing_documents"]) == ("in_review", [])
    assert Event.objects.filter(type="permit.documents_added").count() == 1


def test_demo_dates_read_right_once_the_clock_passes_them(call_tool, transactional_db, clock_at):
    """Fees "due by November 27" and an inspection "booked for December 2", read on December 7."""
    demo_load("permits")
    clock_at(dt.date(2026, 12, 7))
    submitted = call_tool("track_status", {"reference": "PRM-2026-000123"})
    assert submitted.structured["fees"]["days_overdue"] == 10
    assert "due Friday, November 27 — overdue by 10 days" in submitted.text
    inspections = call_tool("track_status", {"reference": "PRM-2026-000118"})
    booked = [i for i in inspections.structured["inspections"] if i["status"] == "scheduled"]
    assert [i["when"] for i in booked] == ["awaiting_result"]
    assert "Date passed — awaiting result — Wednesday, December 2" in inspections.text
    assert "is booked for" not in inspections.structured["next_step"]
