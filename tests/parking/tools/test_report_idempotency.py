"""report_violation's idempotency_key: a retry after a lost answer never files the report twice."""
import threading

import httpx
import pytest
from django.db import connection
from django.utils import timezone

from apps.core.errors import ServiceError
from apps.parking import errors
from apps.parking.models import Citation
from apps.parking.services import citation_report
from tests.parking.helpers import b64, events, png_bytes

KEY = "5c1d7e9a-3b2f-4a6c-8d0e-1f2a3b4c5d6e"
REPORT = {"license_plate": "XYZ789", "violation_type": "blocked_driveway", "location": "123 Main St",
          "description": "Blocking the ramp since 7am."}


@pytest.mark.django_db
def test_a_retry_with_the_key_returns_the_first_report(call_tool, places, violation_types, media_root):
    arguments = {**REPORT, "idempotency_key": KEY, "observed_at": timezone.now().isoformat(),
                 "photo": {"data": b64(png_bytes()), "mime_type": "image/png"}}
    first = call_tool("report_violation", arguments)
    assert first.is_error is False, first.text
    again = call_tool("report_violation", arguments)
    assert again.is_error is False
    assert again.structured["citation_number"] == first.structured["citation_number"]
    assert Citation.objects.count() == 1 and len(events("violation.created")) == 1
    assert len(list(media_root.rglob("*.png"))) == 1  # the retry stored no second photo


@pytest.mark.django_db
def test_the_key_for_a_different_report_is_refused(call_tool, places, violation_types):
    number = call_tool("report_violation", {**REPORT, "idempotency_key": KEY}).structured["citation_number"]
    other = call_tool("report_violation", {**REPORT, "location": "9 Elm St", "idempotency_key": KEY})
    assert other.is_error is True
    error = other.structured["error"]
    assert (error["code"], error["field"], error["message"]) == (
        "idempotency_key_reused", "idempotency_key", errors.REPORT_KEY_REUSED.format(number=number))
    assert Citation.objects.count() == 1 and len(events("violation.created")) == 1


@pytest.mark.django_db
def test_without_a_key_each_call_is_a_new_report(call_tool, places, violation_types):
    numbers = {call_tool("report_violation", REPORT).structured["citation_number"] for _ in range(2)}
    assert len(numbers) == 2


@pytest.mark.django_db
@pytest.mark.parametrize("key, message", [
    ("short", "Ensure this field has at least 8 characters."),
    ("has spaces in it", "Use letters, digits, '_', '-', '.', ':' only."),
])
def test_a_bad_key_is_refused_by_name(call_tool, places, violation_types, key, message):
    result = call_tool("report_violation", {**REPORT, "idempotency_key": key})
    assert result.is_error is True and "idempotency_key" in result.text and message in result.text
    assert Citation.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_concurrent_retries_file_one_report(places, violation_types):
    barrier, results = threading.Barrier(3), []

    def report():
        try:
            barrier.wait()
            results.append(citation_report(**REPORT, idempotency_key=KEY, actor="resident").citation_number)
        except ServiceError as error:  # pragma: no cover - shown in the assertion below
            results.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=report) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(results) == 3 and len(set(results)) == 1
    assert Citation.objects.count() == 1 and len(events("violation.created")) == 1


def test_a_retry_through_the_server_replays(server, demo_city):
    body = {"jsonrpc": "2.0", "id": 1, "method": "tools/call",
            "params": {"name": "report_violation", "arguments": {**REPORT, "idempotency_key": KEY}}}
    headers = {"MCP-Protocol-Version": "2025-06-18"}
    answers = [httpx.post(server.mcp_url("parking"), json=body, headers=headers, timeout=30).json()["result"]
               for _ in range(2)]
    assert [a["isError"] for a in answers] == [False, False]
    assert answers[0]["structuredContent"]["citation_number"] == answers[1]["structuredContent"]["citation_number"]
    assert Citation.objects.filter(idempotency_key=KEY).count() == 1
