"""Access control, the audit trail and metrics through the real server (default settings).

Keys are made in the test database (committed: `server` implies transactional_db), so the
server process finds them. Staff tools are probed with an unknown argument: a caller who
may call the tool gets "Invalid arguments" (the handler never runs), one who may not gets
-32003 naming the key the tool needs, so no record changes whatever the domain's tools do.
"""
import datetime
import re

import httpx
import pytest
from django.utils import timezone
from mcp import Client, ClientSession
from mcp.client.streamable_http import streamable_http_client

from apps.accounts.models import ApiKey, AuditEntry
from apps.mcp.registry import Access, registry
from civicmind.domains import DOMAINS
from tests.accounts.helpers import PROBE_ARGUMENTS, listed_tools, rpc, sample, scrape, wait_for

DOMAINS_WITH_STAFF_TOOLS = [d for d in DOMAINS if any(t.access == Access.STAFF for _, t in registry.tools_for(d))]


def tools_up_to(domain: str, level: Access) -> list[str]:
    return [name for name, tool in registry.tools_for(domain) if tool.access <= level]


def first_tool(domain: str, level: Access) -> str:
    return next(name for name, tool in registry.tools_for(domain) if tool.access == level)


def call_tool(server, domain, name, arguments, headers=None):
    return rpc(server.mcp_url(domain), "tools/call", {"name": name, "arguments": arguments}, headers=headers)


@pytest.mark.parametrize("domain", DOMAINS)
def test_each_listener_lists_tools_by_the_callers_level(server, make_key, domain):
    staff = make_key(domains=[domain], level="staff")
    public = make_key(domains=[domain], level="public")
    elsewhere = make_key(domains=[d for d in DOMAINS if d != domain][:1], level="staff")
    url = server.mcp_url(domain)
    everything = [name for name, _ in registry.tools_for(domain)]
    assert listed_tools(url) == tools_up_to(domain, Access.RESIDENT)
    # A key adds to what anonymous callers get, never removes.
    assert listed_tools(url, {"X-API-Key": public.raw_key}) == tools_up_to(domain, Access.RESIDENT)
    assert listed_tools(url, {"X-API-Key": elsewhere.raw_key}) == tools_up_to(domain, Access.RESIDENT)
    assert listed_tools(url, {"Authorization": f"Bearer {staff.raw_key}"}) == everything


@pytest.mark.parametrize("domain", DOMAINS_WITH_STAFF_TOOLS)
def test_staff_tools_need_a_staff_key_for_their_domain(server, make_key, domain):
    tool = first_tool(domain, Access.STAFF)
    resident = make_key(level="resident")
    elsewhere = make_key(domains=[d for d in DOMAINS if d != domain], level="staff")
    staff = make_key(domains=[domain], level="staff")
    for headers, caller in (({}, None), ({"X-API-Key": resident.raw_key}, resident),
                            ({"X-API-Key": elsewhere.raw_key}, elsewhere)):
        response = call_tool(server, domain, tool, PROBE_ARGUMENTS, headers)
        assert response.status_code == 200
        error = response.json()["error"]
        # The tool is documented: the caller is told it exists and which key it takes.
        assert error["code"] == -32003
        needs = f"{tool} is a staff tool: it needs an API key with the staff level for {domain}"
        if caller is None:
            assert error["message"] == f"{needs}. Send it as X-API-Key: <key> or Authorization: Bearer <key> " \
                                       "(city staff create keys)."
        else:
            assert error["message"] == f"{needs}; the key {caller.api_key.prefix}… does not have it. " \
                                       "Ask city staff for one that does."
        assert error["data"] == {"tool": tool, "level": "staff", "domains": [domain]}
    allowed = call_tool(server, domain, tool, PROBE_ARGUMENTS, {"X-API-Key": staff.raw_key}).json()["result"]
    assert allowed["isError"] is True
    assert allowed["content"][0]["text"].startswith(f"**Invalid arguments for {tool}**")
    assert "`__probe__`: Unknown argument" in allowed["content"][0]["text"]


@pytest.mark.parametrize("domain, tool, level", [
    ("parking", "check_violations", Access.PUBLIC),
    ("parking", "issue_citation", Access.STAFF),
    ("permits", "update_application_status", Access.STAFF),
    ("noise", "file_complaint", Access.RESIDENT),
])
def test_the_seed_tools_declare_the_expected_levels(domain, tool, level):
    found = registry.find_tool(domain, tool)
    assert found is not None, f"{domain} does not declare {tool}"
    assert found.access == level


@pytest.mark.parametrize("domain, tool, level", [
    ("parking", "check_violations", Access.PUBLIC),
    ("noise", "file_complaint", Access.RESIDENT),
])
def test_public_and_resident_tools_need_no_key(server, domain, tool, level):
    result = call_tool(server, domain, tool, PROBE_ARGUMENTS).json()["result"]
    assert result["content"][0]["text"].startswith(f"**Invalid arguments for {tool}**")


def test_the_all_domains_endpoint_obeys_the_same_rules(server, make_key):
    staff_tools = {t.qualified_name() for t in registry.tools.values() if t.access == Access.STAFF}
    parking_staff = make_key(domains=["parking"], level="staff")
    anonymous = listed_tools(server.mcp_url())
    assert anonymous == [t.qualified_name() for t in registry.tools.values() if t.access <= Access.RESIDENT]
    assert not staff_tools & set(anonymous)
    keyed = listed_tools(server.mcp_url(), {"X-API-Key": parking_staff.raw_key})
    assert keyed == [t.qualified_name() for t in registry.tools.values()
                     if t.access <= Access.RESIDENT or t.domain == "parking"]


def test_bad_expired_and_revoked_keys_are_refused_even_for_public_calls(server, make_key):
    expired = make_key(expires_in=datetime.timedelta(hours=1))
    ApiKey.objects.filter(pk=expired.api_key.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    revoked = make_key()
    ApiKey.objects.filter(pk=revoked.api_key.pk).update(revoked_at=timezone.now())
    cases = [
        ({"X-API-Key": "cmk_" + "0" * 43}, "Unauthorized: the API key is not valid. Check it, or ask city staff "
                                           "for a new one."),
        ({"Authorization": "Bearer not-even-a-key"}, "Unauthorized: the API key is not valid. Check it, or ask "
                                                     "city staff for a new one."),
        ({"X-API-Key": expired.raw_key}, f"Unauthorized: the API key {expired.raw_key[:12]}… has expired. Ask "
                                         "city staff for a new one."),
        ({"X-API-Key": revoked.raw_key}, f"Unauthorized: the API key {revoked.raw_key[:12]}… has been revoked. "
                                         "Ask city staff for a new one."),
    ]
    for headers, message in cases:
        for method in ("initialize", "tools/list"):
            response = rpc(server.mcp_url("parking"), method, {"protocolVersion": "2025-06-18"}, headers=headers)
            assert response.status_code == 401
            assert response.headers["www-authenticate"] == 'Bearer realm="civicmind"'
            assert response.json() == {"jsonrpc": "2.0", "id": None, "error": {"code": -32001, "message": message}}


async def test_the_official_sdk_sends_a_key(server, make_key):
    import asyncio

    import httpx2

    staff = await asyncio.to_thread(make_key, domains=["noise"], level="staff")
    async with httpx2.AsyncClient(headers={"X-API-Key": staff.raw_key}) as http:
        async with streamable_http_client(server.mcp_url("noise"), http_client=http) as (read, write):
            async with ClientSession(read, write) as session:
                await session.initialize()
                listed = [tool.name for tool in (await session.list_tools()).tools]
    assert listed == [name for name, _ in registry.tools_for("noise")][:50]
    async with Client(server.mcp_url("noise"), mode="legacy") as anonymous:
        assert [t.name for t in (await anonymous.list_tools()).tools] == tools_up_to("noise", Access.RESIDENT)[:50]


def test_a_call_leaves_a_redacted_audit_row(server, make_key):
    key = make_key(name="Audit probe", level="resident")
    tool = registry.find_tool("parking", "check_violations") or next(
        t for t in registry.tools.values() if t.access == Access.PUBLIC)
    domain, name = tool.domain, tool.name
    arguments = {"password": "hunter2", "photo": "aGVsbG8=" * 100, "__probe__": "x",
                 "_user_context": {"token": "user-jwt-123", "domain": domain, "requested_tool": name,
                                   "timestamp": 1760000000.25}}
    response = call_tool(server, domain, name, arguments, {"X-API-Key": key.raw_key})
    assert response.status_code == 200
    request_id = response.headers["x-request-id"]
    entry = wait_for(lambda: AuditEntry.objects.filter(request_id=request_id).first())
    assert entry is not None, "no audit row within 8 seconds"
    assert (entry.transport, entry.listener, entry.domain, entry.tool) == ("http", domain, domain, name)
    assert (entry.key_id, entry.key_prefix, entry.key_name) == (key.api_key.pk, key.raw_key[:12], "Audit probe")
    assert entry.client_address == "127.0.0.1"
    assert entry.arguments == {"password": "[redacted]", "photo": "[file content redacted: 800 characters]",
                               "__probe__": "x"}
    assert entry.user_context == {"token": "[redacted]", "domain": domain, "requested_tool": name,
                                  "timestamp": 1760000000.25}
    assert (entry.outcome, entry.error_code) == ("error", "invalid_arguments")
    assert 0 < entry.duration_ms < 5000
    assert ApiKey.objects.get(pk=key.api_key.pk).last_used_at is not None


def assert_one_metrics_view(server, samples: dict) -> None:
    """Several daphne processes give one view of metrics only in multiprocess mode: `serve` must set it up."""
    found = re.search(r"Serving with (\d+) daphne process", server.log())
    workers = int(found[1]) if found else 1
    single_process_registry = any(name.startswith("python_gc_") for name, _ in samples)
    assert not (workers > 1 and single_process_registry), (
        f"the session server runs {workers} daphne processes without PROMETHEUS_MULTIPROC_DIR: each scrape "
        "sees one process (serve must set the directory; see docs/security.md)")


def test_metrics_count_real_calls_by_domain_method_tool_and_status(server):
    assert_one_metrics_view(server, scrape(server.base()))
    domain = "noise" if registry.tools_for("noise") else next(d for d in DOMAINS if registry.tools_for(d))
    tool = registry.tools_for(domain)[0][0]
    before = scrape(server.base())
    rpc(server.mcp_url(domain), "tools/list")
    rpc(server.mcp_url(domain), "tools/list")
    call_tool(server, domain, tool, PROBE_ARGUMENTS)
    rpc(server.mcp_url(domain), "resources/read", {"uri": "civicmind://nowhere/at-all"})
    rpc(server.mcp_url(domain), "tools/list", headers={"X-API-Key": "bad"})
    after = scrape(server.base())

    def delta(name, **labels):
        return sample(after, name, **labels) - sample(before, name, **labels)

    assert delta("mcp_requests_total", domain=domain, method="tools/list", tool="", status="success") == 2
    assert delta("mcp_requests_total", domain=domain, method="tools/call", tool=tool, status="error") == 1
    assert delta("mcp_requests_total", domain=domain, method="resources/read", tool="", status="failed") == 1
    assert delta("mcp_request_duration_seconds_count", domain=domain, tool=tool) == 1
    assert delta("mcp_request_duration_seconds_bucket", domain=domain, tool=tool, le="+Inf") == 1
    assert delta("mcp_refused_total", domain=domain, reason="invalid_key") == 1
    assert any(name == "django_http_requests_total_by_method_total" for name, _ in after)


def test_metrics_are_served_on_the_admin_port_only(server):
    response = httpx.get(f"{server.base()}/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    for domain in DOMAINS:
        hidden = httpx.get(f"{server.base(domain)}/metrics")
        assert hidden.status_code == 404
        assert "mcp_requests_total" not in hidden.text


async def test_open_websockets_are_gauged_per_listener(server):
    import asyncio

    import websockets

    def gauge():
        return sample(scrape(server.base()), "mcp_active_websockets", domain="utilities")

    assert_one_metrics_view(server, await asyncio.to_thread(scrape, server.base()))
    before = await asyncio.to_thread(gauge)
    async with websockets.connect(server.events_url("utilities")):
        async def opened():
            for _ in range(50):
                if await asyncio.to_thread(gauge) == before + 1:
                    return True
                await asyncio.sleep(0.1)
            return False

        assert await opened()
    for _ in range(50):
        if await asyncio.to_thread(gauge) == before:
            break
        await asyncio.sleep(0.1)
    assert await asyncio.to_thread(gauge) == before
