"""The demo city through the real server: the seed's calls, plain HTTP and the official SDK."""
import asyncio
import datetime as dt
import json

import jsonschema
from django.utils import timezone
from mcp import Client

from apps.accounts.access_codes import access_code_issue
from apps.accounts.services import api_key_create
from apps.events.models import Event
from apps.permits.models import Inspection, InspectionClosure, PermitApplication, PermitDocument
from tests.helpers.rpc import STRUCTURED_HEADERS, output_schemas, rpc
from tests.permits.helpers import JPEG, PDF, b64
from tests.permits.tools.test_analysis import SEED_DECK, SEED_TEXT

TOOLS = ["analyze_application", "check_requirements", "calculate_fees", "submit_application", "track_status",
         "add_documents", "schedule_inspection", "pay_permit_fees", "plan_business_opening"]  # the last served here by apps.business
SUBMIT = {
    "permit_type": "residential_deck", "property_address": "123 Oak Street", "applicant": "Jane Doe",
    "project_description": "Adding 400 sq ft deck to back of house", "estimated_cost": 8000,
    "documents": [
        {"filename": "site_plan.pdf", "content_type": "application/pdf", "content_base64": b64(PDF)},
        {"filename": "structural_drawings.jpg", "content_type": "image/jpeg", "content_base64": b64(JPEG)},
    ],
}


def call(url, name, arguments, headers=None) -> dict:
    return rpc(url, "tools/call", {"name": name, "arguments": arguments}, headers)["result"]


def next_business_day(today: dt.date) -> dt.date:
    closures = set(InspectionClosure.objects.values_list("date", flat=True))
    day = today + dt.timedelta(days=1)
    while day.weekday() >= 5 or day in closures:
        day += dt.timedelta(days=1)
    return day


def test_seed_deck_example_as_the_seed_client_sends_it(server, demo_city):
    url = server.mcp_url("permits")
    init = rpc(url, "initialize", {"protocolVersion": "2024-11-05",
                                   "clientInfo": {"name": "CivicMind Python Client", "version": "1.0.0"}}, request_id=1)
    assert init["result"]["serverInfo"]["name"] == "civicmind-permits"
    names = [tool["name"] for tool in rpc(url, "tools/list", request_id=2)["result"]["tools"]]
    assert names == TOOLS  # the staff tool is not listed for anonymous callers
    result = call(url, "analyze_application", SEED_DECK)
    assert result == {"content": [{"type": "text", "text": SEED_TEXT}], "isError": False}


def test_seed_permits_example_and_test_suite_calls(server, demo_city):
    url = server.mcp_url("permits")
    analysis = call(url, "analyze_application", {
        "permit_type": "building_permit", "project_description": "Adding a garage to residential property",
        "property_address": "123 Main Street", "estimated_cost": 15000})
    text = analysis["content"][0]["text"]
    assert analysis["isError"] is False
    assert text.startswith("🏠 **Building Permit Analysis**\n\n**Project Overview:**\n"
                           "- Type: Building Addition or Alteration\n- Location: 123 Main Street\n"
                           "- Estimated Cost: $15,000\n\n✅ **Permit Requirements Met:**\n"
                           "- Commercial property zoning compatible\n")
    assert "- Permit Fee: $220\n- Plan Review: $100\n- Inspections: $150\n- **Total: $470**" in text
    for scope in ("garage_addition", "deck_addition"):
        requirements = call(url, "check_requirements", {"permit_type": "building_permit", "project_scope": scope})
        assert requirements["isError"] is False
        assert "requirements" in requirements["content"][0]["text"].lower()
    bare = call(url, "check_requirements", {"permit_type": "building_permit"})
    assert "content" in bare and bare["isError"] is False
    # The TypeScript client's example.
    small_deck = call(url, "analyze_application", {"permit_type": "residential_deck",
                                                   "project_description": "Adding 200 sq ft deck with stairs",
                                                   "property_address": "456 Oak Street", "estimated_cost": 6000})
    assert "- Type: Deck Addition (200 sq ft)\n- Location: 456 Oak Street\n- Estimated Cost: $6,000" in \
        small_deck["content"][0]["text"]


def test_restaurant_workflow_step(server, demo_city):
    result = call(server.mcp_url("permits"), "analyze_application", {
        "permit_type": "business_license", "business_type": "restaurant", "serves_alcohol": True})
    text = result["content"][0]["text"]
    assert result["isError"] is False
    assert "- State liquor license (ABC) required before serving alcohol" in text
    assert "6. 🍷 State liquor license application" in text
    assert "- **Total: $945**" in text
    assert "required" in text.lower()  # what the seed's orchestrator looks for


def test_unknown_permit_type_is_a_tool_error(server, demo_city):
    url = server.mcp_url("permits")
    prompt = rpc(url, "prompts/get", {"name": "apply_for_a_permit", "arguments": {"permit_type": "hot_tub"}})
    assert prompt["error"]["code"] == -32602
    assert prompt["error"]["message"].startswith("There is no permit type \"hot_tub\". Valid permit types: ")
    result = call(url, "check_requirements", {"permit_type": "hot_tub"})
    assert result["isError"] is True
    assert result["content"][0]["text"] == (
        "❌ There is no permit type \"hot_tub\". Valid permit types: building_permit, business_license, demolition, "
        "electrical, fence, plumbing, residential_deck, roofing, sign, solar.")


def test_every_tools_structured_content_matches_its_output_schema(server, demo_city, django_user_model):
    owner = django_user_model.objects.create_user(username="permit-desk", password="x" * 20)
    key = api_key_create(name="permit desk", owner=owner, domains=["permits"], access_level="staff")
    staff = {**STRUCTURED_HEADERS, "X-API-Key": key.raw_key}
    url = server.mcp_url("permits")
    schemas = output_schemas(url, staff)
    assert sorted(schemas) == sorted([*TOOLS, "update_application_status"])
    calls = [
        ("analyze_application", SEED_DECK),
        ("analyze_application", {"permit_type": "business_license", "business_type": "restaurant",
                                 "serves_alcohol": True}),
        ("check_requirements", {"permit_type": "building_permit", "project_scope": "garage_addition"}),
        ("calculate_fees", {"permit_type": "residential_deck", "estimated_cost": 12000, "square_feet": 600}),
        ("calculate_fees", {"permit_type": "electrical"}),
        ("submit_application", SUBMIT),
        ("track_status", {"reference": "PRM-2026-000118"}),
        ("track_status", {"reference": "PRM-2026-000101"}),
        ("schedule_inspection", {"reference": "PRM-2026-000126", "inspection_type": "rough_in"}),
        ("update_application_status", {"reference": "PRM-2026-000115", "status": "approved"}),
    ]
    answers = {}
    for name, arguments in calls:
        result = call(url, name, arguments, staff)
        assert result["isError"] is False, (name, result["content"][0]["text"])
        jsonschema.validate(result["structuredContent"], schemas[name])
        answers.setdefault(name, []).append(result["structuredContent"])
    assert answers["calculate_fees"][0]["fees"]["total"] == "720.00"
    assert answers["update_application_status"][0]["status"] == "approved"
    finaled = answers["track_status"][1]
    assert finaled["status"] == "finaled"
    assert [i["status"] for i in finaled["inspections"]] == ["passed", "passed", "passed"]


def test_submit_track_and_events_through_the_server(server, demo_city):
    url = server.mcp_url("permits")
    submitted = call(url, "submit_application", SUBMIT, STRUCTURED_HEADERS)
    facts = submitted["structuredContent"]
    reference = facts["reference"]
    assert reference == "PRM-2026-000131"  # the demo city's 130 applications of 2026, then this one
    assert facts["is_complete"] is True
    assert facts["fees"]["total"] == "325.00"
    application = PermitApplication.objects.get(reference=reference)
    assert (application.zone, application.place.name) == ("R-1", "123 Oak St")
    assert [d.required_document.code for d in PermitDocument.objects.filter(application=application)
            .order_by("pk")] == ["site_plan", "structural_drawings"]
    event = Event.objects.get(type="permit.submitted")
    assert event.data == {"reference": reference, "permit_type": "residential_deck",
                          "property_address": "123 Oak Street", "status": "submitted"}
    tracked = call(url, "track_status", {"reference": reference}, STRUCTURED_HEADERS)["structuredContent"]
    assert [entry["status"] for entry in tracked["timeline"]] == ["submitted"]


def test_schedule_inspection_books_the_next_business_day(server, demo_city):
    url = server.mcp_url("permits")
    code = access_code_issue(PermitApplication.objects.get(reference="PRM-2026-000110"))
    result = call(url, "schedule_inspection", {"reference": "PRM-2026-000110", "inspection_type": "foundation",
                                               "access_code": code}, STRUCTURED_HEADERS)
    assert result["isError"] is False, result["content"][0]["text"]
    booked = Inspection.objects.select_related("inspector").get(application__reference="PRM-2026-000110")
    when = timezone.localtime(booked.scheduled_for)
    assert (when.date(), when.time()) == (next_business_day(timezone.localdate()), dt.time(9))
    assert result["structuredContent"]["scheduled_for"] == when.isoformat()
    assert result["structuredContent"]["inspector"] == booked.inspector.name
    assert PermitApplication.objects.get(reference="PRM-2026-000110").status == "inspections"
    assert Event.objects.get(type="inspection.scheduled").data["reference"] == "PRM-2026-000110"
    submitted = PermitApplication.objects.get(reference="PRM-2026-000123")
    refused = call(url, "schedule_inspection", {"reference": "PRM-2026-000123", "inspection_type": "foundation",
                                                "access_code": access_code_issue(submitted)})
    assert refused["isError"] is True
    assert refused["content"][0]["text"] == ("❌ Application PRM-2026-000123 is Submitted; inspections can be "
                                             "scheduled once the permit is issued.")


def test_schedule_inspection_needs_the_applicants_code_through_the_server(server, demo_city, django_user_model):
    """Issue 11 item 4: a stranger with a guessed reference cannot book; the applicant and permits staff can."""
    url = server.mcp_url("permits")
    code = access_code_issue(PermitApplication.objects.get(reference="PRM-2026-000110"))
    booking = {"reference": "PRM-2026-000110", "inspection_type": "foundation"}
    refusal = ("❌ Only the applicant can book an inspection for PRM-2026-000110: give access_code, the access code "
               "submit_application returned with the reference (e.g. K7QX2-M9PRT). Without it, the permit office "
               "can book the inspection for you.")
    for proof in ({}, {"access_code": "AAAAA-BBBBB"}):
        refused = call(url, "schedule_inspection", {**booking, **proof}, STRUCTURED_HEADERS)
        assert refused["isError"] is True
        assert refused["content"][0]["text"] == refusal
        assert refused["structuredContent"]["error"]["code"] == "owner_proof_required"
        assert refused["structuredContent"]["error"]["field"] == "access_code"
    assert not Inspection.objects.filter(application__reference="PRM-2026-000110").exists()
    assert PermitApplication.objects.get(reference="PRM-2026-000110").status == "issued"
    assert not Event.objects.filter(type="inspection.scheduled").exists()

    owner = call(url, "schedule_inspection", {**booking, "access_code": code}, STRUCTURED_HEADERS)
    assert owner["isError"] is False, owner["content"][0]["text"]
    assert owner["structuredContent"]["already_scheduled"] is False

    clerk = django_user_model.objects.create_user(username="inspection-desk", password="x" * 20)
    key = api_key_create(name="inspection desk", owner=clerk, domains=["permits"], access_level="staff")
    staff = call(url, "schedule_inspection", booking, {**STRUCTURED_HEADERS, "X-API-Key": key.raw_key})
    assert staff["isError"] is False, staff["content"][0]["text"]
    assert staff["structuredContent"]["already_scheduled"] is True  # the applicant's booking, found without a code
    assert Inspection.objects.filter(application__reference="PRM-2026-000110").count() == 1


def test_staff_tool_needs_a_staff_key(server, demo_city, django_user_model):
    url = server.mcp_url("permits")
    anonymous = rpc(url, "tools/call", {"name": "update_application_status",
                                        "arguments": {"reference": "PRM-2026-000123", "status": "in_review"}})
    assert "error" in anonymous
    owner = django_user_model.objects.create_user(username="permit-desk", password="x" * 20)
    key = api_key_create(name="permit desk", owner=owner, domains=["permits"], access_level="staff")
    refused = call(url, "update_application_status", {"reference": "PRM-2026-000123", "status": "in_review"},
                   {"X-API-Key": key.raw_key})
    assert refused["isError"] is True
    assert refused["content"][0]["text"] == (
        "❌ Application PRM-2026-000123 is incomplete (missing: Structural drawings with dimensions); review "
        "starts once every required document is on file.")
    moved = call(url, "update_application_status", {"reference": "PRM-2026-000120", "status": "in_review",
                                                    "note": "Mounting detail received."}, {"X-API-Key": key.raw_key})
    assert moved["isError"] is False
    application = PermitApplication.objects.get(reference="PRM-2026-000120")
    assert application.status == "in_review"
    assert application.timeline.last().actor == "api-key:permit desk"
    assert Event.objects.get(type="permit.status_changed").data == {
        "reference": "PRM-2026-000120", "permit_type": "sign", "old_status": "corrections_requested",
        "status": "in_review"}


def test_official_sdk_session(server, demo_city):
    async def session():
        async with Client(server.mcp_url("permits"), mode="legacy") as client:
            tools = await client.list_tools()
            analysis = await client.call_tool("analyze_application", SEED_DECK)
            submitted = await client.call_tool("submit_application", SUBMIT)
            reference = submitted.structured_content["reference"]
            tracked = await client.call_tool("track_status", {"reference": reference})
            catalogue = await client.read_resource("civicmind://permits/types")
            one_type = await client.read_resource("civicmind://permits/types/residential_deck")
            application = await client.read_resource(f"civicmind://permits/applications/{reference}")
            templates = await client.list_resource_templates()
            prompts = await client.list_prompts()
            prompt = await client.get_prompt("apply_for_a_permit", {"permit_type": "residential_deck",
                                                                    "property_address": "123 Oak St"})
            from mcp.types import PromptReference, ResourceTemplateReference
            completion = await client.complete(PromptReference(type="ref/prompt", name="apply_for_a_permit"),
                                               {"name": "permit_type", "value": "re"})
            type_completion = await client.complete(
                ResourceTemplateReference(type="ref/resource", uri="civicmind://permits/types/{code}"),
                {"name": "code", "value": "bu"})
            inspection_completion = await client.complete(
                PromptReference(type="ref/prompt", name="schedule_an_inspection"),
                {"name": "inspection_type", "value": ""}, context_arguments={"reference": "PRM-2026-000118"})
            missing = await client.call_tool("track_status", {"reference": "PRM-2026-999999"})
            return (tools, analysis, submitted, tracked, catalogue, one_type, application, templates, prompts, prompt,
                    completion, type_completion, inspection_completion, missing)

    (tools, analysis, submitted, tracked, catalogue, one_type, application, templates, prompts, prompt, completion,
     type_completion, inspection_completion, missing) = asyncio.run(session())
    # The SDK validates structuredContent against the published outputSchema itself.
    assert [tool.name for tool in tools.tools] == TOOLS
    assert analysis.content[0].text == SEED_TEXT
    assert analysis.structured_content["fees"]["total"] == "325.00"
    assert submitted.is_error is False
    assert tracked.structured_content["reference"] == submitted.structured_content["reference"]
    codes = [t["code"] for t in json.loads(catalogue.contents[0].text)["permit_types"]]
    assert codes == ["building_permit", "business_license", "demolition", "electrical", "fence", "plumbing",
                     "residential_deck", "roofing", "sign", "solar"]
    assert json.loads(one_type.contents[0].text)["fee_schedule"][0]["formula"] == "$150 flat"
    assert json.loads(application.contents[0].text)["reference"] == submitted.structured_content["reference"]
    assert {t.uri_template for t in templates.resource_templates} >= {
        "civicmind://permits/types/{code}", "civicmind://permits/applications/{reference}"}
    assert {p.name for p in prompts.prompts} == {"apply_for_a_permit", "schedule_an_inspection", "open_a_business"}
    assert "analyze_application" in prompt.messages[0].content.text
    assert completion.completion.values == ["residential_deck"]
    assert type_completion.completion.values == ["building_permit", "business_license"]
    assert inspection_completion.completion.values == ["final", "rough_in"]
    assert missing.is_error is True
    assert missing.content[0].text.startswith("❌ No permit application has reference PRM-2026-999999.")
