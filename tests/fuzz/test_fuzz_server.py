"""Fuzz the real server: every tool's advertised inputSchema, then hostile envelopes (issue 11).

Arguments come from hypothesis-jsonschema over each tool's `inputSchema` as tools/list
publishes it on every domain's listener (what a client builds its calls from), half of them
then bent out of shape; envelopes carry lone surrogates in every position, wrong types,
deep nesting and batches past the cap. For every request: no 5xx, an answer within the
client's timeout, JSON back (or an empty 202). Afterwards the audit log holds (or has
quarantined) a row for every call that reached a tool, and /metrics answers 200.

Bounded for CI on 2 cores: a fixed seed (derandomize), ~300 examples in all, no deadline.
"""
import json

import httpx
import pytest
from django.contrib.auth import get_user_model
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

from apps.accounts.models import AuditEntry, AuditQuarantine
from apps.accounts.services import api_key_create
from civicmind.domains import DOMAINS
from tests.accounts.helpers import wait_for

TIMEOUT = httpx.Timeout(15.0)  # a hang is a failure, not a stuck CI job
pytestmark = pytest.mark.timeout(900)  # every tool of every domain, many examples each
FUZZ = settings(derandomize=True, deadline=None, database=None, print_blob=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                       HealthCheck.data_too_large, HealthCheck.filter_too_much])


class Ledger:
    """What the fuzzing sent and got, for the checks that follow it."""

    def __init__(self):
        self.tool_results = 0  # tools/call answers with a result: each must leave an audit row

    def check(self, response: httpx.Response, method: str | None = None) -> None:
        assert response.status_code < 500, (response.status_code, response.text[:500])
        if response.status_code == 202:
            assert response.content == b""
            return
        body = response.json()  # always JSON, never HTML
        replies = body if isinstance(body, list) else [body]
        for reply in replies:
            assert reply["jsonrpc"] == "2.0"
            assert ("result" in reply) != ("error" in reply), reply
        if method == "tools/call" and not isinstance(body, list) and "result" in body:
            self.tool_results += 1


@pytest.fixture
def staff_headers(server):
    owner = get_user_model().objects.create_user("fuzz-owner", password="x")
    key = api_key_create(name="fuzz", owner=owner, domains=list(DOMAINS), access_level="staff")
    return {"X-API-Key": key.raw_key}


def tool_catalogue(server, headers: dict) -> list[tuple[str, str, dict]]:
    """(domain, tool name, inputSchema) for every tool every listener advertises to staff."""
    tools = []
    for domain in DOMAINS:
        cursor = None
        while True:
            params = {"cursor": cursor} if cursor else {}
            response = httpx.post(server.mcp_url(domain), json={"jsonrpc": "2.0", "id": 1, "method": "tools/list",
                                                                 "params": params}, headers=headers, timeout=TIMEOUT)
            result = response.json()["result"]
            tools += [(domain, tool["name"], tool["inputSchema"]) for tool in result["tools"]]
            cursor = result.get("nextCursor")
            if not cursor:
                break
    return tools


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)


def bent(arguments: dict) -> st.SearchStrategy:
    """Valid arguments, or the same with one value swapped for any JSON, or one unknown added."""
    if not arguments:
        return st.just(arguments) | st.dictionaries(st.text(max_size=10), json_values, max_size=3)
    names = sorted(arguments)
    swap = st.tuples(st.sampled_from(names), json_values).map(lambda pair: {**arguments, pair[0]: pair[1]})
    extra = json_values.map(lambda value: {**arguments, "_user_context": {"user": {"key": value}}})
    return st.just(arguments) | swap | extra


def test_every_tool_with_schema_generated_arguments(server, staff_headers):
    catalogue = tool_catalogue(server, staff_headers)
    assert len({(domain, name) for domain, name, _ in catalogue}) >= 40
    strategies = {}

    def arguments_for(schema: dict) -> st.SearchStrategy:
        key = json.dumps(schema, sort_keys=True)
        if key not in strategies:
            strategies[key] = from_schema(schema, allow_x00=True, codec="utf-8")
        return strategies[key]

    calls = st.sampled_from(catalogue).flatmap(
        lambda tool: arguments_for(tool[2]).flatmap(bent).map(lambda arguments: (tool[0], tool[1], arguments)))
    ledger = Ledger()
    before = AuditEntry.objects.count() + AuditQuarantine.objects.count()
    with httpx.Client(timeout=TIMEOUT, headers=staff_headers) as client:

        @settings(FUZZ, max_examples=200)
        @given(calls)
        def run(call):
            domain, name, arguments = call
            body = {"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": name, "arguments": arguments}}
            ledger.check(client.post(server.mcp_url(domain), content=json.dumps(body), headers={
                "Content-Type": "application/json"}), "tools/call")

        run()
    assert ledger.tool_results > 100
    assert_audit_and_metrics_healthy(server, before + ledger.tool_results)


SURROGATE = "\ud800"
positions = st.sampled_from([
    lambda s: {"jsonrpc": "2.0", "id": s, "method": "ping"},
    lambda s: {"jsonrpc": "2.0", "id": 1, "method": s},
    lambda s: {"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": s, "arguments": {}}},
    lambda s: {"jsonrpc": "2.0", "id": 1, "method": "tools/call",
               "params": {"name": "check_violations", "arguments": {"license_plate": s}}},
    lambda s: {"jsonrpc": "2.0", "id": 1, "method": "tools/call",
               "params": {"name": "check_violations", "arguments": {s: "ABC123"}}},
    lambda s: {"jsonrpc": "2.0", "id": 1, "method": "resources/read", "params": {"uri": f"civic://{s}"}},
    lambda s: {"jsonrpc": "2.0", "id": 1, "method": "prompts/get", "params": {"name": s}},
    lambda s: {"jsonrpc": "2.0", "id": 1, "method": "prompts/get",
               "params": {"name": "pay_a_citation", "arguments": {"plate": s}}},
    lambda s: [{"jsonrpc": "2.0", "id": 1, "method": "ping"}, {"jsonrpc": "2.0", "id": s, "method": "ping"}],
])
lone_surrogate_bodies = st.tuples(positions, st.text(max_size=5), st.sampled_from(["\ud800", "\udbff", "\udc00",
                                                                                    "\udfff"])).map(
    lambda case: json.dumps(case[0](case[1] + case[2])).encode())  # ASCII JSON: spelled as \udXXX escapes

wrong_types = st.builds(
    lambda id_, method, params: json.dumps({"jsonrpc": "2.0", "id": id_, "method": method, "params": params}).encode(),
    json_values, st.sampled_from(["tools/call", "tools/list", "resources/read", "prompts/get", "ping",
                                  "completion/complete"]) | json_values,
    json_values | st.fixed_dictionaries({"name": json_values, "arguments": json_values}),
)
deep_nesting = st.integers(min_value=50, max_value=100_000).map(
    lambda depth: (b'{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"check_violations",'
                   b'"arguments":{"license_plate":' + b"[" * depth + b"]" * depth + b"}}}"))
batches = st.integers(min_value=0, max_value=400).flatmap(lambda size: st.lists(
    st.sampled_from([{"jsonrpc": "2.0", "id": 1, "method": "ping"}, {"jsonrpc": "2.0", "method": "notifications/x"},
                     {"jsonrpc": "2.0", "id": 2, "method": "tools/call",
                      "params": {"name": "check_violations", "arguments": {"license_plate": "ABC123"}}}, 7, None]),
    min_size=size, max_size=size)).map(lambda batch: json.dumps(batch).encode())
raw_bodies = st.binary(max_size=200) | json_values.map(lambda value: json.dumps(value).encode())


@pytest.mark.parametrize("name, bodies, examples", [
    ("lone surrogates", lone_surrogate_bodies, 40),
    ("wrong types", wrong_types, 40),
    ("deep nesting", deep_nesting, 15),
    ("batches", batches, 15),
    ("raw bodies", raw_bodies, 30),
])
def test_hostile_envelopes(server, name, bodies, examples):
    ledger = Ledger()
    before = AuditEntry.objects.count() + AuditQuarantine.objects.count()
    with httpx.Client(timeout=TIMEOUT) as client:

        @settings(FUZZ, max_examples=examples)
        @given(bodies)
        def run(body):
            response = client.post(server.mcp_url("parking"), content=body,
                                   headers={"Content-Type": "application/json"})
            ledger.check(response)
            if name == "lone surrogates":
                assert response.status_code == 400
                assert response.json()["error"]["code"] == -32700
                assert "lone surrogate at $" in response.json()["error"]["message"]

        run()
    assert_audit_and_metrics_healthy(server, before)


def assert_audit_and_metrics_healthy(server, expected_rows: int) -> None:
    """Every call that reached a tool is in the audit log or its quarantine; /metrics answers."""
    assert wait_for(lambda: AuditEntry.objects.count() + AuditQuarantine.objects.count() >= expected_rows,
                    timeout=20), (AuditEntry.objects.count(), AuditQuarantine.objects.count(), expected_rows)
    response = httpx.get(f"{server.base()}/metrics", timeout=TIMEOUT)
    assert response.status_code == 200
    assert "civicmind_audit_rows_quarantined_total" in response.text
    assert httpx.get(f"{server.base('parking')}/health", timeout=TIMEOUT).status_code == 200
