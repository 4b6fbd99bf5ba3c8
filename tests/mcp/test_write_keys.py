"""Every write tool takes an `idempotency_key`: a retry after a lost answer never writes twice.

Parametrized over the registry's write tools (tests/mcp/write_calls.py holds one call of
each against the demo city), so a write tool added tomorrow is covered, or fails here
until it is. Tools that declare the key themselves keep their domain's handling; the
others go through the call layer (apps.mcp.replays).
"""
import threading

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.accounts.principals import ANONYMOUS, Principal
from apps.mcp.calls import run_tool
from apps.mcp.idempotency import KEY_HELP
from apps.mcp.models import ToolAnswer
from apps.mcp.registry import Access, registry
from apps.mcp.replays import KEY_REUSED_MESSAGE, KEY_VIEWER_CHANGED_MESSAGE
from tests.mcp.write_calls import (
    CALL_KEYED,
    SAMPLES,
    STAFF,
    WRITE_TOOLS,
    arguments_of,
    as_sent,
    call_for,
    label,
)

KEY = "3f1c9a2e-7b4d-4e8a-9c6f-0d1e2f3a4b5c"
IDS = [label(tool) for tool in WRITE_TOOLS]
KEYED_IDS = [label(tool) for tool in CALL_KEYED]
IDENTIFIERS = ("citation_number", "receipt_number", "reference", "case_number", "outage_id")


@pytest.fixture
def demo(db):
    """The demo city, inside the test's transaction (rolled back after it)."""
    call_command("loaddata", "demo", verbosity=0)


def rows(tool) -> dict:
    """How many rows each table of the tool's domain (and the event outbox) holds."""
    models = [*apps.get_app_config(tool.domain).get_models(), apps.get_model("events", "Event")]
    return {model._meta.label: model.objects.count() for model in models}


def run(tool, arguments: dict, key: str | None = KEY, principal=STAFF, client_address="127.0.0.1"):
    keyed = dict(arguments, idempotency_key=key) if key is not None else dict(arguments)
    return run_tool(tool, keyed, call_for(tool, principal, client_address))


def identity(structured: dict) -> dict:
    """The identifiers of what a call wrote (DESIGN.md, "Conventions of a tool's answer")."""
    return {name: structured[name] for name in IDENTIFIERS if name in structured}


# --- what every write tool publishes ------------------------------------------------------
def test_every_write_tool_has_a_sample_call():
    assert {label(tool) for tool in WRITE_TOOLS} == set(SAMPLES)


@pytest.mark.parametrize("tool", WRITE_TOOLS, ids=IDS)
def test_every_write_tool_advertises_idempotency_key(tool):
    key = tool.input_schema["properties"].get("idempotency_key")
    assert key is not None, f"{label(tool)} writes but takes no idempotency_key"
    assert "string" in (key["type"] if isinstance(key["type"], list) else [key["type"]])
    assert key["maxLength"] == 64 and key["description"]
    assert "idempotency_key" not in tool.input_schema.get("required", [])


def test_the_call_layer_keys_the_write_tools_that_lack_their_own():
    assert [label(tool) for tool in CALL_KEYED if not tool.own_key] == [
        "environmental.add_report_info", "environmental.cancel_bulk_pickup",
        "noise.add_complaint_info", "noise.issue_enforcement_action", "noise.update_complaint_status",
        "parking.contest_violation", "parking.issue_citation",
        "permits.add_documents", "permits.schedule_inspection", "permits.update_application_status",
        "safety.dispatch_resources",
        "transportation.add_road_issue_info", "transportation.report_road_issue",
        "transportation.update_road_issue",
        "utilities.report_outage", "utilities.resolve_outage", "utilities.update_outage_status",
        "zoning.decide_variance",
    ]
    keyed = registry.find_tool("noise", "issue_enforcement_action").input_schema["properties"]["idempotency_key"]
    assert keyed == {"type": "string", "maxLength": 64, "minLength": 8, "pattern": "^[A-Za-z0-9_.:-]+$",
                     "description": KEY_HELP}


def test_read_tools_take_no_key():
    reads = [tool for tool in registry.tools.values() if tool.annotations["readOnlyHint"]]
    assert reads and not any(tool.call_keyed for tool in reads)
    assert [label(t) for t in reads if "idempotency_key" in t.input_schema["properties"]] == []


# --- a retry, another request -------------------------------------------------------------
@pytest.mark.parametrize("tool", WRITE_TOOLS, ids=IDS)
def test_a_retry_with_the_same_key_answers_the_first_answer_and_writes_nothing(tool, demo):
    sample = SAMPLES[label(tool)]
    arguments = arguments_of(sample.first, tool)
    first = run(tool, arguments)
    assert first.is_error is False, first.text
    written = rows(tool)
    again = run(tool, arguments)
    assert rows(tool) == written
    if tool.call_keyed:
        assert as_sent(again) == as_sent(first)
        assert ToolAnswer.objects.filter(tool=tool.name, key=KEY).count() == 1
    else:  # the domain's own key: the same record, marked as a replay
        assert again.is_error is False, again.text
        assert identity(again.structured) == identity(first.structured) != {}


@pytest.mark.parametrize("tool", WRITE_TOOLS, ids=IDS)
def test_the_same_key_for_another_request_is_refused(tool, demo):
    sample = SAMPLES[label(tool)]
    first = run(tool, arguments_of(sample.first, tool))
    assert first.is_error is False, first.text
    other = arguments_of(sample.other, tool)
    written = rows(tool)
    refused = run(tool, other)
    assert rows(tool) == written
    assert refused.is_error is True
    error = refused.structured["error"]
    assert (error["code"], error["field"]) == ("idempotency_key_reused", "idempotency_key")
    if tool.call_keyed:
        assert error["message"] == KEY_REUSED_MESSAGE.format(tool=tool.name)
        assert refused.text == f"❌ {KEY_REUSED_MESSAGE.format(tool=tool.name)}"
        fresh = run(tool, other, key=KEY + "-2")  # the other request with its own key goes through
        assert fresh.is_error is False, fresh.text


# --- the call layer's rules ---------------------------------------------------------------
def test_keys_are_scoped_per_caller(demo):
    tool = registry.find_tool("parking", "issue_citation")
    arguments = arguments_of(SAMPLES["parking.issue_citation"].first, tool)
    other_staff = Principal(name="second desk", key_id=990002, level=Access.STAFF, prefix="cm_idm2")
    first, second = run(tool, arguments), run(tool, arguments, principal=other_staff)
    assert first.structured["citation_number"] != second.structured["citation_number"]
    assert sorted(ToolAnswer.objects.values_list("caller", flat=True)) == ["key:990001", "key:990002"]


def test_anonymous_keys_are_scoped_per_client_address(demo):
    tool = registry.find_tool("transportation", "report_road_issue")
    arguments = {"issue_type": "pothole", "location": "123 Main St"}
    here = run(tool, arguments, principal=ANONYMOUS, client_address="198.51.100.7")
    there = run(tool, arguments, principal=ANONYMOUS, client_address="203.0.113.9")
    # The other address's call ran: the road issue service tells it the spot is already reported.
    assert there.text.startswith("🕳️ **Already Reported From Here**") and not here.text.startswith("🕳️ **Already")
    reported = rows(tool)
    again = run(tool, arguments, principal=ANONYMOUS, client_address="198.51.100.7")
    assert as_sent(again) == as_sent(here) and rows(tool) == reported
    assert sorted(ToolAnswer.objects.values_list("caller", flat=True)) == [
        "anonymous:198.51.100.7", "anonymous:203.0.113.9"]


def test_a_failed_call_does_not_use_up_its_key(demo):
    tool = registry.find_tool("noise", "issue_enforcement_action")
    missing = run(tool, {"case_number": "NC-2026-999999", "action": "warning"})
    assert missing.is_error is True and missing.structured["error"]["code"] != "idempotency_key_reused"
    assert ToolAnswer.objects.count() == 0
    done = run(tool, {"case_number": "NC-2026-000103", "action": "warning"})
    assert done.is_error is False, done.text
    assert ToolAnswer.objects.count() == 1


@pytest.mark.parametrize("key, message", [
    ("short", "Ensure this field has at least 8 characters."),
    ("has spaces in it", "Use letters, digits, '_', '-', '.', ':' only."),
    ("k" * 65, "Ensure this field has no more than 64 characters."),
])
def test_a_bad_key_is_refused_by_name_and_nothing_is_written(demo, key, message):
    tool = registry.find_tool("transportation", "report_road_issue")
    before = rows(tool)
    result = run(tool, {"issue_type": "pothole", "location": "458 Oak Ave"}, key=key)
    assert result.is_error is True
    assert result.structured["error"]["fields"] == {"idempotency_key": [message]}
    assert "`idempotency_key`" in result.text
    assert rows(tool) == before and ToolAnswer.objects.count() == 0


def test_a_caller_whose_rights_changed_gets_no_replay_of_the_other_view(demo):
    tool = registry.find_tool("transportation", "report_road_issue")
    arguments = {"issue_type": "pothole", "location": "458 Oak Ave"}
    run(tool, arguments)  # answered in the staff view
    demoted = Principal(name=STAFF.name, key_id=STAFF.key_id, level=Access.RESIDENT, prefix=STAFF.prefix)
    before = rows(tool)
    refused = run(tool, arguments, principal=demoted)
    assert refused.structured["error"] == {"code": "idempotency_key_viewer_changed",
                                           "message": KEY_VIEWER_CHANGED_MESSAGE, "field": "idempotency_key"}
    assert rows(tool) == before


def test_reads_and_unkeyed_writes_never_touch_the_answer_table(demo):
    read = registry.find_tool("transportation", "track_road_issue")
    write = registry.find_tool("transportation", "report_road_issue")
    with CaptureQueriesContext(connection) as captured:
        assert run(read, {"reference": "RD-2026-000102"}, key=None).is_error is False
        assert run(write, {"issue_type": "pothole", "location": "458 Oak Ave"}, key=None).is_error is False
    assert [q["sql"] for q in captured if "mcp_toolanswer" in q["sql"]] == []
    refused = run(read, {"reference": "RD-2026-000102"})  # a read does not take the key
    assert list(refused.structured["error"]["fields"]) == ["idempotency_key"]


def test_a_keyed_write_costs_three_queries_more(demo):
    tool = registry.find_tool("transportation", "update_road_issue")
    arguments = {"reference": "RD-2026-000102", "status": "in_progress"}
    with CaptureQueriesContext(connection) as unkeyed:
        run(tool, arguments, key=None)
    run(registry.find_tool("transportation", "update_road_issue"),
        {"reference": "RD-2026-000102", "status": "scheduled"}, key=None)
    with CaptureQueriesContext(connection) as keyed:
        run(tool, arguments)
    # Look-up, claim (insert in a savepoint: +2 statements), answer update.
    extra = [q["sql"] for q in keyed if "mcp_toolanswer" in q["sql"]]
    assert len(extra) == 3, extra
    assert len(keyed) - len(unkeyed) <= 5  # the three, and the savepoint around the claim


# --- two identical calls at once ----------------------------------------------------------
@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL)")
@pytest.mark.parametrize("tool", CALL_KEYED, ids=KEYED_IDS)
def test_two_identical_calls_at_once_write_once(tool, demo_city):
    arguments = arguments_of(SAMPLES[label(tool)].first, tool)
    barrier, answers = threading.Barrier(2), []

    def call():
        try:
            barrier.wait(timeout=30)
            answers.append(as_sent(run(tool, arguments)))
        finally:
            connection.close()

    threads = [threading.Thread(target=call) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a call hung"
    assert len(answers) == 2 and answers[0] == answers[1] and answers[0][0] is False, answers
    assert ToolAnswer.objects.filter(tool=tool.name, key=KEY).count() == 1
    written = rows(tool)
    assert as_sent(run(tool, arguments)) == answers[0] and rows(tool) == written


# --- filings whose own key is city-wide ---------------------------------------------------
FILINGS = [tool for tool in WRITE_TOOLS if tool.own_key and tool.call_keyed]


def test_the_city_wide_filing_keys_are_also_kept_per_caller():
    assert sorted(label(tool) for tool in FILINGS) == [
        "environmental.file_environmental_report", "environmental.schedule_bulk_pickup",
        "noise.file_complaint", "safety.report_incident", "utilities.create_service_request",
        "zoning.submit_variance"]


@pytest.mark.parametrize("tool", [t for t in FILINGS if label(t) != "utilities.create_service_request"],
                         ids=lambda tool: label(tool))
def test_another_caller_on_a_filers_key_gets_the_public_view_and_no_access_code(tool, demo):
    from apps.accounts.models import AccessCode

    arguments = arguments_of(SAMPLES[label(tool)].first, tool, ANONYMOUS)
    filer = run(tool, arguments, principal=ANONYMOUS, client_address="198.51.100.7")
    assert filer.is_error is False, filer.text
    written, codes = rows(tool), AccessCode.objects.count()
    again = run(tool, arguments, principal=ANONYMOUS, client_address="198.51.100.7")
    assert as_sent(again) == as_sent(filer)  # the filer's retry: the first answer, code included
    stranger = run(tool, arguments, principal=ANONYMOUS, client_address="203.0.113.9")
    assert stranger.is_error is False, stranger.text
    assert stranger.text.startswith("ℹ️ This idempotency_key was used before:")
    assert "access_code" not in (stranger.structured or {}) and "Access code" not in stranger.text
    assert identity(stranger.structured) == identity(filer.structured) != {}
    assert (rows(tool), AccessCode.objects.count()) == (written, codes)
