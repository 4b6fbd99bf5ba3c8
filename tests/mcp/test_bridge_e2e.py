"""The seed guide's Claude Desktop config, for real: `mcp-client --url http://…:9300`.

A domain port answers MCP at `/` exactly as at `/mcp` (both eras), and the project installs
an `mcp-client` console script (pyproject.toml, apps/mcp/bridge.py) that relays stdio to
that URL. The test runs the installed command as a subprocess against the real server and
talks to it with the official SDK's stdio client. Where the venv has no `mcp-client` yet
(`scripts/bootstrap.sh` installs it; a shared development venv may not have run it), the
project is built and installed into a temporary directory the way pip installs it.
"""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from mcp import Client
from mcp.client.stdio import StdioServerParameters
from mcp.shared.exceptions import MCPError

from apps.mcp.access import ANONYMOUS, may_call
from apps.mcp.bridge import header_safe
from apps.mcp.registry import Access, registry
from tests.servers import BASE_DIR

MODERN = "2026-07-28"
META = {"io.modelcontextprotocol/protocolVersion": MODERN, "io.modelcontextprotocol/clientCapabilities": {},
        "io.modelcontextprotocol/clientInfo": {"name": "tests", "version": "1"}}


def visible(domain: str) -> list[str]:
    return [name for name, tool in registry.tools_for(domain) if may_call(ANONYMOUS, tool)]


@pytest.fixture(scope="session")
def mcp_client_command(tmp_path_factory) -> tuple[str, dict]:
    """(path of the installed `mcp-client`, extra environment it needs)."""
    installed = Path(sys.executable).parent / "mcp-client"
    if installed.exists():
        return str(installed), {}
    source = tmp_path_factory.mktemp("project")
    shutil.copy(BASE_DIR / "pyproject.toml", source)
    shutil.copytree(BASE_DIR / "apps" / "mcp", source / "apps" / "mcp",
                    ignore=shutil.ignore_patterns("__pycache__", "migrations", "management"))
    shutil.copy(BASE_DIR / "apps" / "__init__.py", source / "apps")
    target = tmp_path_factory.mktemp("site")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target),
                    str(source)], check=True, timeout=600)
    return str(target / "bin" / "mcp-client"), {"PYTHONPATH": str(target)}


def bridge(command: tuple[str, dict], url: str) -> StdioServerParameters:
    path, env = command
    # Run from elsewhere than the checkout: the command must work wherever the host starts it.
    return StdioServerParameters(command=path, args=["--url", url], env={**os.environ, **env}, cwd="/")


# --- MCP at `/` on a domain port --------------------------------------------------------------
def test_a_domain_port_answers_mcp_at_its_root_in_both_eras(civic_server):
    root = civic_server.base("parking")
    initialize = {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "seed", "version": "1"}}}
    legacy = httpx.post(root, json=initialize)
    assert legacy.status_code == 200
    assert legacy.json()["result"]["protocolVersion"] == "2025-06-18"
    assert legacy.json()["result"]["serverInfo"]["name"] == "civicmind-parking"
    listed = httpx.post(f"{root}/", json={"jsonrpc": "2.0", "id": 2, "method": "tools/list"},
                        headers={"MCP-Protocol-Version": "2025-06-18"}).json()
    at_mcp = httpx.post(civic_server.mcp_url("parking"), json={"jsonrpc": "2.0", "id": 2, "method": "tools/list"},
                        headers={"MCP-Protocol-Version": "2025-06-18"}).json()
    assert listed == at_mcp
    modern = httpx.post(root, json={"jsonrpc": "2.0", "id": 3, "method": "server/discover", "params": {"_meta": META}},
                        headers={"MCP-Protocol-Version": MODERN, "Mcp-Method": "server/discover"})
    assert modern.status_code == 200
    assert MODERN in modern.json()["result"]["supportedVersions"]
    # Not a web page: GET is refused as on /mcp, and the admin port's `/` stays the landing page.
    assert httpx.get(root).status_code == 405
    assert httpx.get(f"{civic_server.base()}/").status_code != 405


async def test_the_sdk_connects_to_the_bare_port_url(civic_server):
    async with Client(civic_server.base("noise"), mode="auto") as client:
        assert client.protocol_version == MODERN
        assert [tool.name for tool in (await client.list_tools()).tools] == visible("noise")
    async with Client(civic_server.base("noise"), mode="legacy") as client:
        assert client.protocol_version == "2025-11-25"
        assert [tool.name for tool in (await client.list_tools()).tools] == visible("noise")


# --- the mcp-client bridge -------------------------------------------------------------------
async def test_mcp_client_relays_the_sdk_stdio_client_in_both_eras(civic_server, mcp_client_command):
    parameters = bridge(mcp_client_command, civic_server.base("parking"))  # the guide's --url, no /mcp
    staff_tool = next(name for name, tool in registry.tools_for("parking") if tool.access == Access.STAFF)
    for mode, version in (("auto", MODERN), ("legacy", "2025-11-25")):
        async with Client(parameters, mode=mode) as client:
            assert client.protocol_version == version
            assert client.server_info.name == "civicmind-parking"
            assert [tool.name for tool in (await client.list_tools()).tools] == visible("parking")
            answer = await client.call_tool("check_violations", {"license_plate": "ABC123", "colour": "red"})
            assert answer.is_error is True
            # structuredContent came back: the negotiated version reached the server.
            assert answer.structured_content["error"]["fields"]["colour"][0].startswith("Unknown argument")
            with pytest.raises(MCPError) as unknown:
                await client.call_tool("invalid_tool", {})
            assert unknown.value.error.code == -32602
            with pytest.raises(MCPError) as staff_only:
                await client.call_tool(staff_tool, {})
            assert staff_only.value.error.code == -32003


async def test_mcp_client_answers_a_request_when_the_server_is_unreachable(mcp_client_command):
    path, env = mcp_client_command
    completed = subprocess.run([path, "--url", "http://127.0.0.1:9"], input=b'{"jsonrpc":"2.0","id":7,"method":"ping"}\n',
                               capture_output=True, env={**os.environ, **env}, timeout=60)
    assert completed.returncode == 0
    answer = completed.stdout.decode()
    assert answer.startswith('{"jsonrpc":"2.0","id":7,"error":{"code":-32603,"message":"mcp-client cannot reach '
                             'http://127.0.0.1:9: ')
    assert "relaying stdio to http://127.0.0.1:9" in completed.stderr.decode()


def test_mcp_client_refuses_a_url_that_is_not_http(mcp_client_command):
    path, env = mcp_client_command
    completed = subprocess.run([path, "--url", "localhost:9300"], capture_output=True, env={**os.environ, **env},
                               timeout=60)
    assert completed.returncode == 2
    assert "--url must be an http(s) URL such as http://localhost:9300" in completed.stderr.decode()


@pytest.mark.parametrize("value, header", [
    ("check_violations", "check_violations"),
    ("civicmind://parking/citations/VIO-1", "civicmind://parking/citations/VIO-1"),
    ("café", "=?base64?Y2Fmw6k=?="),
    (" padded", "=?base64?IHBhZGRlZA==?="),
])
def test_mcp_name_header_is_plain_ascii_or_the_base64_form(value, header):
    assert header_safe(value) == header


def test_a_body_that_is_not_json_rpc_is_answered_not_dropped():
    """A proxy's HTML error page in front of the server: the waiting request still gets an answer."""
    import io
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    from apps.mcp.bridge import Bridge

    class Proxy(BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers["Content-Length"]))
            body = b"<html>502 Bad Gateway</html>"
            self.send_response(502)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    proxy = HTTPServer(("127.0.0.1", 0), Proxy)
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    try:
        out, log = io.BytesIO(), io.StringIO()
        url = f"http://127.0.0.1:{proxy.server_port}"
        Bridge(url, out=out, log=log).serve(io.BytesIO(b'{"jsonrpc":"2.0","id":"a","method":"tools/list"}\n'))
    finally:
        proxy.shutdown()
    assert json.loads(out.getvalue()) == {"jsonrpc": "2.0", "id": "a", "error": {
        "code": -32603, "message": f"mcp-client: {url} answered HTTP 502 without a JSON-RPC body."}}
    assert "answered HTTP 502 with a body that is not JSON" in log.getvalue()


# --- notifications through the bridge ---------------------------------------------------------
async def test_mcp_client_relays_notifications_in_both_eras(server, demo_city, mcp_client_command):
    """Claude Desktop behind `mcp-client` hears of a change: the session's stream, or a listen."""
    import asyncio
    import warnings

    import anyio
    from mcp_types import ResourceUpdatedNotification

    from apps.permits.models import PermitApplication
    from apps.permits.services import permit_application_transition
    from tests.events.streams import db_read

    first, second = await db_read(lambda: list(PermitApplication.objects.filter(status="in_review").order_by("id")[:2]))

    def approve(application):
        return asyncio.to_thread(lambda: db_read_sync(lambda: permit_application_transition(
            reference=application.reference, status="approved", note="", actor="test")))

    parameters = bridge(mcp_client_command, server.base("permits"))
    received: asyncio.Queue = asyncio.Queue()

    async def on_message(message):
        root = getattr(message, "root", message)
        if isinstance(root, ResourceUpdatedNotification):
            received.put_nowait(str(root.params.uri))

    uri = f"civicmind://permits/applications/{first.reference}"
    async with Client(parameters, mode="legacy", message_handler=on_message) as client:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the SDK marks resources/subscribe removed in 2026-07-28
            await client.subscribe_resource(uri)
        await asyncio.sleep(1.0)  # the bridge's session stream is open
        await approve(first)
        with anyio.fail_after(20):
            assert await received.get() == uri

    uri = f"civicmind://permits/applications/{second.reference}"
    async with Client(parameters) as client:
        assert client.protocol_version == MODERN
        async with client.listen(resource_subscriptions=[uri]) as listening:
            assert listening.honored.resource_subscriptions == [uri]
            await approve(second)
            with anyio.fail_after(20):
                assert (await anext(listening)).uri == uri


def db_read_sync(function):
    """Run `function` with a connection of this thread, closed afterwards (the server reads the commit)."""
    from django.db import connection

    try:
        return function()
    finally:
        connection.close()
