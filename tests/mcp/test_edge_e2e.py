"""Issue 11 (2, 3, 5, 6) through the real server: what a hostile caller found, each a repro.

Run on SQLite by default and on PostgreSQL + Redis with DATABASE_URL/REDIS_URL (the audit
writer's COPY is where a lone surrogate used to stall the log for good).
"""
import json
import threading
import time

import httpx
import pytest
from django.contrib.auth import get_user_model

from apps.accounts.models import AuditEntry
from apps.accounts.services import api_key_create
from tests.accounts.helpers import rpc, wait_for
from tests.servers import start_daphne

TIMEOUT = httpx.Timeout(20.0)
KEY_SHAPED = "cmk_" + "Z" * 43
CARD = "4242 4242 4242 4242"


def post_raw(url: str, body: bytes, headers: dict | None = None) -> httpx.Response:
    """POST bytes as they are: httpx's json= would refuse to encode a lone surrogate itself."""
    return httpx.post(url, content=body, headers={"Content-Type": "application/json", **(headers or {})},
                      timeout=TIMEOUT)


def envelope(method: str, params: dict, request_id='1') -> bytes:
    # ensure_ascii spells a surrogate as the escape \ud800, which is how a hostile client sends it
    return ('{"jsonrpc": "2.0", "id": %s, "method": %s, "params": %s}' % (
        request_id, json.dumps(method), json.dumps(params))).encode()


SURROGATE_CASES = [
    ("argument value", envelope("tools/call", {"name": "check_violations",
                                               "arguments": {"license_plate": "\ud800"}}),
     "$.params.arguments.license_plate"),
    ("argument key", envelope("tools/call", {"name": "check_violations",
                                             "arguments": {"license_plate": "ABC123", "\ud800": 1}}),
     "$.params.arguments (a key)"),
    ("id", envelope("ping", {}, request_id='"\\ud800"'), "$.id"),
    ("method", envelope("tools/\ud800", {}), "$.method"),
    ("tool name", envelope("tools/call", {"name": "check_\udfff", "arguments": {}}), "$.params.name"),
    ("resource uri", envelope("resources/read", {"uri": "civic://parking/\ud800"}), "$.params.uri"),
    ("prompt argument", envelope("prompts/get", {"name": "pay_a_citation", "arguments": {"plate": "\ud800"}}),
     "$.params.arguments.plate"),
    ("batch item", b'[{"jsonrpc": "2.0", "id": 1, "method": "ping"}, '
                   b'{"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {"name": "make_payment", '
                   b'"arguments": {"license_plate": "\\ud800"}}}]', "$[1].params.arguments.license_plate"),
]


@pytest.mark.parametrize("position, body, where", SURROGATE_CASES, ids=[case[0] for case in SURROGATE_CASES])
def test_a_lone_surrogate_anywhere_is_refused_and_nothing_runs(server, position, body, where):
    response = post_raw(server.mcp_url("parking"), body)
    assert response.status_code == 400
    assert response.json() == {"jsonrpc": "2.0", "id": None, "error": {
        "code": -32700, "message": f"Parse error: the body is not valid UTF-8 JSON (lone surrogate at {where})."}}
    refused = response.headers["x-request-id"]
    # Audit rows are flushed in order: once a later call's row is in, the refused request's would be too.
    marker = rpc(server.mcp_url("parking"), "tools/call",
                 {"name": "check_violations", "arguments": {"license_plate": "ABC123"}}).headers["x-request-id"]
    assert wait_for(lambda: AuditEntry.objects.filter(request_id=marker).exists())
    assert not AuditEntry.objects.filter(request_id=refused).exists()


def test_after_hostile_strings_the_audit_log_and_metrics_still_work(server):
    """The issue's sequence: surrogates first, then ordinary calls that must leave audit rows."""
    for _, body, _ in SURROGATE_CASES:
        assert post_raw(server.mcp_url("parking"), body).status_code == 400
    request_ids = []
    for plate in ("ABC123", "XYZ789"):
        response = rpc(server.mcp_url("parking"), "tools/call",
                       {"name": "check_violations", "arguments": {"license_plate": plate}})
        assert response.status_code == 200
        request_ids.append(response.headers["x-request-id"])
    assert wait_for(lambda: AuditEntry.objects.filter(request_id__in=request_ids).count() == 2)
    assert httpx.get(f"{server.base()}/metrics", timeout=TIMEOUT).status_code == 200


def test_a_card_number_and_a_key_never_reach_the_audit_log(server):
    """Issue 11 (5): a refused make_payment with a card number; a cmk_ key under _user_context.user.key."""
    arguments = {"license_plate": "ZZZ999", "citation_numbers": ["VIO-2025-000001"], "amount": "25.00",
                 "payment_method": CARD, "_user_context": {"user": {"key": KEY_SHAPED}, "note": f"Bearer {KEY_SHAPED}"}}
    response = rpc(server.mcp_url("parking"), "tools/call", {"name": "make_payment", "arguments": arguments})
    assert response.status_code == 200
    entry = wait_for(lambda: AuditEntry.objects.filter(request_id=response.headers["x-request-id"]).first())
    assert entry is not None
    stored = json.dumps([entry.arguments, entry.user_context])
    assert "4242" not in stored and KEY_SHAPED not in stored
    assert entry.arguments["payment_method"] == "[card number redacted]"
    assert entry.user_context == {"user": {"key": "[redacted]"}, "note": "Bearer [api key redacted]"}


def test_a_batch_over_the_cap_is_refused_before_any_of_it_runs(server):
    batch = [{"jsonrpc": "2.0", "id": n, "method": "ping"} for n in range(101)]
    response = httpx.post(server.mcp_url("parking"), json=batch, timeout=TIMEOUT)
    assert response.status_code == 400
    assert response.json()["error"] == {
        "code": -32600, "message": "Invalid Request: a batch may hold at most 100 messages "
                                   "(CIVICMIND_MCP_MAX_BATCH); this one holds 101. "
                                   "Send them in batches of 100 or fewer."}


def test_a_huge_batch_neither_stalls_the_process_nor_other_listeners(server):
    """The issue's 160,000-ping batch (8.2 MB) held one process for 17.7 s; /health on another port waited."""
    body = json.dumps([{"jsonrpc": "2.0", "id": n, "method": "ping"} for n in range(160_000)]).encode()
    assert len(body) < 8 * 1024 * 1024
    health_times = []
    done = threading.Event()

    def probe():
        while not done.is_set():
            started = time.monotonic()
            httpx.get(f"{server.base('noise')}/health", timeout=TIMEOUT)
            health_times.append(time.monotonic() - started)
            time.sleep(0.05)

    prober = threading.Thread(target=probe)
    prober.start()
    try:
        started = time.monotonic()
        response = post_raw(server.mcp_url("parking"), body)
        elapsed = time.monotonic() - started
    finally:
        done.set()
        prober.join()
    assert response.status_code == 400 and response.json()["error"]["code"] == -32600
    assert elapsed < 5, elapsed
    assert max(health_times) < 3, health_times


def test_unknown_method_names_share_one_metric_label(server):
    """Issue 11 (6): clients cannot fill the method label set with names of their own."""
    for n in range(45):
        assert rpc(server.mcp_url("parking"), f"made/up/{n}").status_code == 200
    response = httpx.get(f"{server.base()}/metrics", timeout=TIMEOUT)
    assert response.status_code == 200
    assert "made/up" not in response.text
    assert 'method="other"' in response.text


@pytest.fixture
def limited_listener(transactional_db, tmp_path):
    """A parking listener whose keys may make 5 requests a window, and one such key."""
    from django.db import connection

    owner = get_user_model().objects.create_user("edge-owner", password="x")
    key = api_key_create(name="batch probe", owner=owner, domains=["parking"], access_level="resident")
    server = start_daphne(dict(connection.settings_dict), tmp_path, "parking", CIVICMIND_RATE_LIMIT_PER_KEY="5",
                          CIVICMIND_RATE_LIMIT_WINDOW_SECONDS="3600",
                          CIVICMIND_RATE_LIMIT_PREFIX=f"civicmind-test-edge:{time.time_ns()}")
    yield server, key.raw_key
    server.stop()


def test_every_call_of_a_batch_counts_against_the_rate_limit(limited_listener):
    """Issue 11 (3): one batch of many calls used to count as one request."""
    server, raw_key = limited_listener
    batch = [{"jsonrpc": "2.0", "id": n, "method": "tools/call",
              "params": {"name": "check_violations", "arguments": {"license_plate": "ABC123"}}} for n in range(8)]
    response = httpx.post(server.mcp_url("parking"), json=batch, headers={"X-API-Key": raw_key}, timeout=TIMEOUT)
    assert response.status_code == 200
    replies = response.json()
    assert [reply["id"] for reply in replies] == list(range(8))
    assert all("result" in reply for reply in replies[:5])
    assert [reply["error"]["code"] for reply in replies[5:]] == [-32029] * 3
    again = httpx.post(server.mcp_url("parking"), json=batch[0], headers={"X-API-Key": raw_key}, timeout=TIMEOUT)
    assert again.status_code == 429
    assert wait_for(lambda: AuditEntry.objects.filter(tool="check_violations").count() == 5)
