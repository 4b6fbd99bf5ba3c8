"""Resources, templates, prompts and completion through the endpoint."""
import base64

import pytest

from apps.mcp import paging
from tests.mcp.conftest import modern, post, rpc

V = {"MCP-Protocol-Version": "2025-11-25"}


async def result_of(client, method, params=None, headers=V):
    response = await post(client, rpc(method, params), headers)
    assert response.status_code == 200, response.text
    return response.json()


async def test_resources_list(mcp_client):
    body = await result_of(mcp_client(), "resources/list")
    assert body["result"] == {"resources": [
        {"uri": "civicmind://parking/zones", "name": "zones", "description": "The parking zones.",
         "mimeType": "application/json", "title": "Parking zones"},
        {"uri": "civicmind://parking/rules.txt", "name": "rules", "description": "The rules, as text.",
         "mimeType": "text/plain", "title": "Rules"},
    ]}


async def test_resources_list_before_titles(mcp_client):
    body = await result_of(mcp_client(), "resources/list", headers={"MCP-Protocol-Version": "2025-03-26"})
    assert "title" not in body["result"]["resources"][0]


async def test_resources_list_is_per_domain(mcp_client):
    assert (await result_of(mcp_client("permits"), "resources/list"))["result"] == {"resources": []}


async def test_resources_list_pages(mcp_client, monkeypatch):
    monkeypatch.setattr(paging, "PAGE_SIZE", 1)
    first = (await result_of(mcp_client(), "resources/list"))["result"]
    assert [r["name"] for r in first["resources"]] == ["zones"]
    second = (await result_of(mcp_client(), "resources/list", {"cursor": first["nextCursor"]}))["result"]
    assert [r["name"] for r in second["resources"]] == ["rules"]
    assert "nextCursor" not in second
    bad = await result_of(mcp_client(), "resources/templates/list", {"cursor": first["nextCursor"]})
    assert bad["error"]["code"] == -32602


async def test_templates_list(mcp_client):
    body = await result_of(mcp_client(), "resources/templates/list")
    assert body["result"] == {"resourceTemplates": [
        {"uriTemplate": "civicmind://parking/citations/{citation_number}", "name": "citation",
         "description": "One citation by number.", "mimeType": "text/plain", "title": "A citation"},
    ]}


async def test_read_fixed_json_resource(mcp_client):
    body = await result_of(mcp_client(), "resources/read", {"uri": "civicmind://parking/zones"})
    assert body["result"] == {"contents": [{"uri": "civicmind://parking/zones", "mimeType": "application/json",
                                            "text": '{"zones": ["A", "B"]}'}]}


async def test_read_text_resource(mcp_client):
    body = await result_of(mcp_client(), "resources/read", {"uri": "civicmind://parking/rules.txt"})
    assert body["result"]["contents"][0]["text"] == "Pay within 30 days."


async def test_read_through_a_template(mcp_client):
    body = await result_of(mcp_client(), "resources/read", {"uri": "civicmind://parking/citations/VIO-2"})
    assert body["result"] == {"contents": [{"uri": "civicmind://parking/citations/VIO-2", "mimeType": "text/plain",
                                            "text": "Blocked driveway, $75.00"}]}


async def test_template_variables_are_percent_decoded(tiny_registry):
    template = tiny_registry.templates[0]
    assert template.match("civicmind://parking/citations/VIO%2D1") == {"citation_number": "VIO-1"}
    assert template.match("civicmind://parking/citations/a/b") is None
    assert template.variables == ("citation_number",)


async def test_bytes_are_sent_as_a_blob(tiny_registry, mcp_client):
    @tiny_registry.resource(uri="civicmind://parking/logo.png", name="logo", title="Logo", mime_type="image/png",
                            domain="parking")
    def logo():
        """The logo."""
        return b"\x89PNG\r\n"

    body = await result_of(mcp_client(), "resources/read", {"uri": "civicmind://parking/logo.png"})
    assert body["result"]["contents"] == [{"uri": "civicmind://parking/logo.png", "mimeType": "image/png",
                                           "blob": base64.b64encode(b"\x89PNG\r\n").decode()}]


@pytest.mark.parametrize("uri, message", [
    ("civicmind://parking/citations/NOPE", "Resource not found: civicmind://parking/citations/NOPE. No citation NOPE."),
    ("civicmind://parking/unknown", "Resource not found: civicmind://parking/unknown"),
    ("civicmind://permits/zones", "Resource not found: civicmind://permits/zones"),
])
async def test_unknown_resource_is_32002_in_the_handshake_era(mcp_client, uri, message):
    body = await result_of(mcp_client(), "resources/read", {"uri": uri})
    assert body["error"] == {"code": -32002, "message": message, "data": {"uri": uri}}


async def test_resource_of_another_domain_is_not_found(mcp_client):
    body = await result_of(mcp_client("permits"), "resources/read", {"uri": "civicmind://parking/zones"})
    assert body["error"]["code"] == -32002


async def test_unknown_resource_is_400_invalid_params_in_2026(mcp_client):
    uri = "civicmind://parking/citations/NOPE"
    body, headers = modern("resources/read", {"uri": uri}, name=uri)
    response = await post(mcp_client(), body, headers)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == -32602


async def test_read_needs_a_uri(mcp_client):
    body = await result_of(mcp_client(), "resources/read", {})
    assert body["error"]["code"] == -32602
    assert body["error"]["data"] == {"argument": "uri"}


async def test_modern_read_is_private_and_stale_at_once(mcp_client):
    uri = "civicmind://parking/citations/VIO-1"
    body, headers = modern("resources/read", {"uri": uri}, name=uri)
    result = (await post(mcp_client(), body, headers)).json()["result"]
    assert (result["resultType"], result["ttlMs"], result["cacheScope"]) == ("complete", 0, "private")


@pytest.mark.parametrize("method", ["resources/list", "resources/templates/list", "prompts/list"])
async def test_modern_lists_are_public_for_five_minutes(mcp_client, method):
    body, headers = modern(method)
    result = (await post(mcp_client(), body, headers)).json()["result"]
    assert (result["resultType"], result["ttlMs"], result["cacheScope"]) == ("complete", 300000, "public")


# --- prompts -------------------------------------------------------------------------------
async def test_prompts_list(mcp_client):
    body = await result_of(mcp_client(), "prompts/list")
    assert body["result"] == {"prompts": [{
        "name": "explain_citation", "title": "Explain a citation", "description": "Explain a citation to a resident.",
        "arguments": [{"name": "citation_number", "description": "The citation number.", "required": True},
                      {"name": "tone", "description": "friendly or formal", "required": False}],
    }]}


async def test_all_domains_prefix_prompt_names(mcp_client):
    body = await result_of(mcp_client("all"), "prompts/list")
    assert [prompt["name"] for prompt in body["result"]["prompts"]] == ["parking_explain_citation"]
    got = await result_of(mcp_client("all"), "prompts/get",
                          {"name": "parking_explain_citation", "arguments": {"citation_number": "VIO-1"}})
    assert "VIO-1" in got["result"]["messages"][0]["content"]["text"]


async def test_prompts_get(mcp_client):
    body = await result_of(mcp_client(), "prompts/get",
                           {"name": "explain_citation", "arguments": {"citation_number": "VIO-1", "tone": "formal"}})
    assert body["result"] == {"description": "Explain a citation to a resident.", "messages": [
        {"role": "user", "content": {"type": "text",
                                     "text": "Explain citation VIO-1 (Expired meter, $25.00) in a formal tone."}},
    ]}


@pytest.mark.parametrize("params, message", [
    ({"name": "nope"}, "Unknown prompt: nope. Prompts here: explain_citation."),
    ({"name": "explain_citation"}, "Missing required argument(s) for explain_citation: citation_number."),
    ({"name": "explain_citation", "arguments": {"citation_number": ""}},
     "Missing required argument(s) for explain_citation: citation_number."),
    ({"name": "explain_citation", "arguments": {"citation_number": "VIO-1", "mood": "x"}},
     "Unknown argument(s) for explain_citation: mood. It takes: citation_number, tone."),
    ({"name": "explain_citation", "arguments": {"citation_number": "NOPE"}}, "No citation NOPE."),
    ({"name": "explain_citation", "arguments": "VIO-1"},
     "params.arguments must be an object of argument names to strings."),
])
async def test_prompts_get_refusals_are_invalid_params(mcp_client, params, message):
    body = await result_of(mcp_client(), "prompts/get", params)
    assert body["error"]["code"] == -32602
    assert body["error"]["message"] == message


# --- completion -------------------------------------------------------------------------------
async def test_complete_a_prompt_argument(mcp_client):
    body = await result_of(mcp_client(), "completion/complete", {
        "ref": {"type": "ref/prompt", "name": "explain_citation"},
        "argument": {"name": "citation_number", "value": "vi"},
        "context": {"arguments": {"tone": "formal"}},
    })
    assert body["result"] == {"completion": {"values": ["VIO-1", "VIO-2"], "total": 2, "hasMore": False}}


async def test_complete_a_template_variable(mcp_client):
    body = await result_of(mcp_client(), "completion/complete", {
        "ref": {"type": "ref/resource", "uri": "civicmind://parking/citations/{citation_number}"},
        "argument": {"name": "citation_number", "value": ""},
    })
    assert body["result"]["completion"]["values"] == ["VAN-9", "VIO-1", "VIO-2"]


async def test_argument_without_a_completer_completes_to_nothing(mcp_client):
    body = await result_of(mcp_client(), "completion/complete", {
        "ref": {"type": "ref/prompt", "name": "explain_citation"}, "argument": {"name": "tone", "value": "f"}})
    assert body["result"] == {"completion": {"values": [], "total": 0, "hasMore": False}}


async def test_completion_caps_values_at_100(tiny_registry, mcp_client):
    from apps.mcp.registry import PromptArgument

    @tiny_registry.prompt(name="many", title="Many", domain="parking", arguments=(PromptArgument("n", "n"),),
                          completions={"n": lambda value, context: [str(i) for i in range(150)]})
    def many(n=""):
        """Many values."""
        return [n]

    body = await result_of(mcp_client(), "completion/complete", {
        "ref": {"type": "ref/prompt", "name": "many"}, "argument": {"name": "n", "value": ""}})
    completion = body["result"]["completion"]
    assert (len(completion["values"]), completion["total"], completion["hasMore"]) == (100, 150, True)


@pytest.mark.parametrize("ref, argument", [
    ({"type": "ref/prompt", "name": "nope"}, "x"),
    ({"type": "ref/prompt", "name": "explain_citation"}, "mood"),
    ({"type": "ref/resource", "uri": "civicmind://nope/{x}"}, "x"),
    ({"type": "ref/resource", "uri": "civicmind://parking/citations/{citation_number}"}, "x"),
])
async def test_nothing_to_complete_is_an_empty_completion(mcp_client, ref, argument):
    body = await result_of(mcp_client(), "completion/complete", {"ref": ref, "argument": {"name": argument,
                                                                                          "value": "a"}})
    assert body["result"] == {"completion": {"values": [], "total": 0, "hasMore": False}}


@pytest.mark.parametrize("params", [
    {"ref": {"type": "ref/tool", "name": "echo"}, "argument": {"name": "text", "value": ""}},
    {"ref": "explain_citation", "argument": {"name": "x"}},
    {"ref": {"type": "ref/prompt", "name": "explain_citation"}},
    {"ref": {"type": "ref/prompt", "name": "explain_citation"}, "argument": {"value": "x"}},
])
async def test_malformed_completion_requests_are_invalid_params(mcp_client, params):
    body = await result_of(mcp_client(), "completion/complete", params)
    assert body["error"]["code"] == -32602


async def test_modern_completion_carries_a_result_type(mcp_client):
    body, headers = modern("completion/complete", {
        "ref": {"type": "ref/prompt", "name": "explain_citation"},
        "argument": {"name": "citation_number", "value": "VA"}})
    result = (await post(mcp_client(), body, headers)).json()["result"]
    assert result["completion"]["values"] == ["VAN-9"]
    assert result["resultType"] == "complete"
    assert "ttlMs" not in result
