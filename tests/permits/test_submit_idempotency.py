"""submit_application's idempotency_key: a retry after a lost answer never files a second application."""
import threading

import httpx
import pytest
from django.db import connection

from apps.accounts.access_codes import access_code_matches
from apps.events.models import Event
from apps.permits.errors import IDEMPOTENCY_KEY_REUSED_MESSAGE
from apps.permits.models import PermitApplication, PermitDocument
from apps.permits.services import permit_application_submit
from tests.permits.helpers import document

SUBMIT = {
    "permit_type": "residential_deck", "property_address": "123 Oak Street", "applicant": "Jane Doe",
    "project_description": "Adding 400 sq ft deck to back of house", "estimated_cost": 8000,
}
KEY = "0f8e2a6c-1b3d-4c5e-9f7a-2b4c6d8e0a1c"


def written():
    return PermitApplication.objects.count(), PermitDocument.objects.count(), Event.objects.count()


def test_a_retry_with_the_key_returns_the_first_application(call_tool, deck_type, places):
    arguments = {**SUBMIT, "documents": [document("site_plan.pdf")], "idempotency_key": KEY}
    first = call_tool("submit_application", arguments)
    assert first.is_error is False, first.text
    after_first = written()
    again = call_tool("submit_application", arguments)
    assert again.is_error is False
    assert again.structured["reference"] == first.structured["reference"]
    assert written() == after_first == (1, 1, 1)
    # Both answers' access codes prove the applicant (the retry could not see the first one).
    application = PermitApplication.objects.get()
    assert access_code_matches(application, first.structured["access_code"])
    assert access_code_matches(application, again.structured["access_code"])


def test_the_key_for_a_different_submission_is_refused(call_tool, deck_type, places):
    reference = call_tool("submit_application", {**SUBMIT, "idempotency_key": KEY}).structured["reference"]
    before = written()
    other = call_tool("submit_application", {**SUBMIT, "applicant": "John Roe", "idempotency_key": KEY})
    assert other.is_error is True
    error = other.structured["error"]
    assert (error["code"], error["field"], error["message"]) == (
        "idempotency_key_reused", "idempotency_key", IDEMPOTENCY_KEY_REUSED_MESSAGE.format(reference=reference))
    assert written() == before


def test_without_a_key_each_call_is_a_new_application(call_tool, deck_type, places):
    references = {call_tool("submit_application", SUBMIT).structured["reference"] for _ in range(2)}
    assert len(references) == 2


@pytest.mark.parametrize("key, message", [
    ("short", "Ensure this field has at least 8 characters."),
    ("has spaces in it", "Use letters, digits, '_', '-', '.', ':' only."),
    ("k" * 65, "Ensure this field has no more than 64 characters."),
])
def test_a_bad_key_is_refused_by_name(call_tool, deck_type, places, key, message):
    result = call_tool("submit_application", {**SUBMIT, "idempotency_key": key})
    assert result.is_error is True
    assert "idempotency_key" in result.text and message in result.text
    assert written() == (0, 0, 0)


@pytest.mark.django_db(transaction=True)
def test_concurrent_retries_file_one_application(deck_type, places):
    barrier, results = threading.Barrier(3), []

    def submit():
        try:
            barrier.wait()
            results.append(permit_application_submit(**SUBMIT, idempotency_key=KEY, actor="tester").reference)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(results) == 3 and len(set(results)) == 1
    assert PermitApplication.objects.count() == 1
    assert Event.objects.filter(type="permit.submitted").count() == 1


def test_a_retry_through_the_server_replays(server, demo_city):
    body = {"jsonrpc": "2.0", "id": 1, "method": "tools/call",
            "params": {"name": "submit_application", "arguments": {**SUBMIT, "idempotency_key": KEY}}}
    headers = {"MCP-Protocol-Version": "2025-06-18"}
    answers = [httpx.post(server.mcp_url("permits"), json=body, headers=headers, timeout=30).json()["result"]
               for _ in range(2)]
    assert [a["isError"] for a in answers] == [False, False]
    assert answers[0]["structuredContent"]["reference"] == answers[1]["structuredContent"]["reference"]
    assert PermitApplication.objects.filter(idempotency_key=KEY).count() == 1
