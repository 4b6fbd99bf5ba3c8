"""Through the real server: arguments are taken exactly as the published inputSchema types them.

The issue's three examples were accepted by coercion: `license_plate: 123`,
`include_payment_options: "yes"`, `seating_capacity: "40"`. Each is now an `isError` answer
naming the argument, the type its schema publishes and what was sent; the seed guide's own
calls (JSON numbers and booleans where the schema says so) are unaffected.
"""
import httpx
import pytest

from apps.mcp.registry import registry

HEADERS = {"MCP-Protocol-Version": "2025-06-18"}


def call(server, domain: str, name: str, arguments: dict) -> dict:
    response = httpx.post(server.mcp_url(domain), headers=HEADERS, timeout=30, json={
        "jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": name, "arguments": arguments}})
    assert response.status_code == 200
    return response.json()["result"]


@pytest.mark.parametrize("domain, tool, arguments, argument, message", [
    ("parking", "check_violations", {"license_plate": 123}, "license_plate", "Expected a string, got the number 123."),
    ("parking", "check_violations", {"license_plate": "ABC123", "include_payment_options": "yes"},
     "include_payment_options", 'Expected a boolean (true or false), got the string "yes".'),
    ("zoning", "check_compliance", {"property_address": "123 Main Street", "business_type": "restaurant",
                                    "seating_capacity": "40"},
     "seating_capacity", 'Expected an integer or null, got the string "40".'),
])
def test_coercible_values_of_another_type_are_refused(civic_server, domain, tool, arguments, argument, message):
    # The type named is the one tools/list publishes for the argument.
    published = registry.find_tool(domain, tool).input_schema["properties"][argument]["type"]
    assert published in ("string", "boolean", ["integer", "null"])
    result = call(civic_server, domain, tool, arguments)
    assert result["isError"] is True
    assert result["structuredContent"]["error"]["fields"] == {argument: [message]}
    assert f"- `{argument}`: {message}" in result["content"][0]["text"]


def test_the_seed_guides_typed_calls_pass_the_type_check(server):
    # The guide's orchestrator sends `seating_capacity: 40` and `include_payment_options: True`.
    zoning = call(server, "zoning", "check_compliance", {
        "property_address": "123 Main Street", "business_type": "restaurant", "seating_capacity": 40})
    parking = call(server, "parking", "check_violations",
                   {"license_plate": "ABC123", "include_payment_options": True})
    for result in (zoning, parking):
        fields = (result.get("structuredContent") or {}).get("error", {}).get("fields", {})
        assert not any(m.startswith("Expected") for messages in fields.values() for m in messages), result
