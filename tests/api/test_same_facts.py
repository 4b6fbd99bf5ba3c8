"""Every tool in tools/list has a REST operation, and both answer the same facts (issue 16).

Over the live registry, so a tool added tomorrow is covered without editing this file. Each
tool gets the same arguments on MCP and on REST, built from its own inputSchema (the demo
city's places for places): a read must answer the same structuredContent (or the same
refusal); a write is sent with one idempotency key from one caller, so the REST call must
come back as the replay of the MCP call's answer — the same store, not a copy of it.
"""
import re

import httpx
import pytest
from django.contrib.auth import get_user_model

from apps.accounts.services import api_key_create
from civicmind.domains import DOMAINS
from tests.helpers.rpc import rpc

TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d")
pytestmark = pytest.mark.timeout(600)
PLACE = "123 Main St"
MOMENT = "2026-11-24T22:30:00-08:00"  # the suite's frozen today, in quiet hours


def without_clock(facts):
    """The facts with each timestamp cut to the minute: "checked at" is the moment each call ran."""
    if isinstance(facts, dict):
        return {key: without_clock(value) for key, value in facts.items()}
    if isinstance(facts, list):
        return [without_clock(value) for value in facts]
    if isinstance(facts, str) and TIMESTAMP.match(facts):
        return facts[:16]
    return facts


def example_value(name: str, schema: dict):
    """A deterministic value the schema accepts, shaped like what a resident would send."""
    kinds = schema.get("type")
    kind = next(k for k in ([kinds] if isinstance(kinds, str) else kinds) if k != "null")
    if "enum" in schema:
        return next(value for value in schema["enum"] if value is not None)
    if kind == "string":
        if any(word in name for word in ("location", "address", "place")):
            return PLACE
        return "ABC123" if "plate" in name else "Example"[: schema.get("maxLength", 7)]
    if kind in ("integer", "number"):
        return schema.get("minimum", 1)
    if kind == "boolean":
        return False
    if kind == "array":
        return []
    return {name: example_value(name, sub) for name, sub in schema.get("properties", {}).items()
            if name in schema.get("required", ())}


def example_arguments(tool: dict) -> dict:
    """The required arguments, plus a fixed moment wherever the tool would otherwise take "now"."""
    schema = tool["inputSchema"]
    arguments = {name: example_value(name, schema["properties"][name]) for name in schema.get("required", ())}
    for name, sub in schema["properties"].items():
        if "default now" in sub.get("description", "").lower():
            arguments.setdefault(name, MOMENT)
    return arguments


def test_every_listed_tool_answers_the_same_on_rest_and_mcp(server, demo_city):
    owner = get_user_model().objects.create_user("parity", password="x")
    key = api_key_create(name="parity", owner=owner, domains=list(DOMAINS), access_level="staff").raw_key
    headers = {"X-API-Key": key, "MCP-Protocol-Version": "2025-11-25"}
    listed, cursor = [], None
    while True:  # tools/list pages (50 a page) on the all-domains endpoint
        page = rpc(server.mcp_url(), "tools/list", {"cursor": cursor} if cursor else {}, headers=headers)["result"]
        listed += page["tools"]
        cursor = page.get("nextCursor")
        if not cursor:
            break
    document = httpx.get(f"{server.base()}/api/v1/schema/").json()
    operations = {(op["tags"][0], op["x-mcp-tool"]): path for path, item in document["paths"].items()
                  for op in item.values() if "x-mcp-tool" in op}
    assert len(listed) == len(operations) > 40
    compared = {"same": 0, "refused": 0, "replayed": 0}
    for described in listed:
        domain, name = next((d, described["name"][len(d) + 1:]) for d in (*DOMAINS, "business")
                            if described["name"].startswith(f"{d}_"))
        path = operations[(domain, name)]
        arguments = example_arguments(described)
        keyed = "idempotency_key" in described["inputSchema"]["properties"]
        if keyed:
            arguments["idempotency_key"] = f"parity-{described['name']}"
        by_mcp = rpc(server.mcp_url(), "tools/call", {"name": described["name"], "arguments": arguments},
                     headers=headers)["result"]
        by_rest = httpx.post(f"{server.base()}{path}", json=arguments, headers={"X-API-Key": key}, timeout=30)
        if by_mcp["isError"]:
            assert by_rest.status_code in (400, 404, 422), (described["name"], by_rest.text)
            error = by_mcp["structuredContent"]["error"]
            assert (by_rest.json()["code"], by_rest.json()["detail"]) == (error["code"], error["message"])
            compared["refused"] += 1
        elif described["annotations"]["readOnlyHint"] or keyed:
            assert by_rest.status_code == 200, (described["name"], by_rest.text)
            assert without_clock(by_rest.json()) == without_clock(by_mcp["structuredContent"]), described["name"]
            compared["replayed" if keyed else "same"] += 1
        else:
            assert by_rest.status_code == 200, (described["name"], by_rest.text)
            assert set(by_rest.json()) == set(by_mcp["structuredContent"]), described["name"]
    assert compared["same"] >= 5 and compared["refused"] >= 5 and compared["replayed"] >= 1, compared
