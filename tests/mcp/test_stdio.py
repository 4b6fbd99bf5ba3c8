"""`manage.py mcp_stdio` as a subprocess: raw newline-delimited JSON-RPC and the SDK's stdio client."""
import io
import json
import subprocess
import sys
import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from mcp import Client
from mcp.client.stdio import StdioServerParameters
from mcp.shared.exceptions import MCPError

from apps.mcp.access import ANONYMOUS, AccessRefused, may_call
from apps.mcp.registry import ToolResult, registry
from apps.mcp.stdio import StdioServer
from civicmind.domains import DOMAINS
from tests.mcp.conftest import NoInput
from tests.servers import BASE_DIR, server_env

def visible(domain: str) -> list[str]:
    """The names an anonymous caller is shown (the security policy decides which)."""
    return [name for name, tool in registry.tools_for(domain) if may_call(ANONYMOUS, tool)]


META = {"io.modelcontextprotocol/protocolVersion": "2026-07-28", "io.modelcontextprotocol/clientCapabilities": {}}


@pytest.fixture(scope="module")
def stdio_env(django_db_setup, django_db_blocker):
    """The environment of a stdio server reaching the test database."""
    with django_db_blocker.unblock():
        settings_dict = dict(connection.settings_dict)
    env = server_env(settings_dict, 8000, {})  # the stdio process listens on no port
    env.pop("CIVICMIND_API_KEY", None)
    env["LOG_LEVEL"] = "INFO"
    return env


def run_stdio(env, domain: str, lines: list, timeout: float = 60) -> tuple[list[dict], str]:
    payload = "".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines)
    finished = subprocess.run([sys.executable, "manage.py", "mcp_stdio", domain], cwd=BASE_DIR, env=env,
                              input=payload.encode(), capture_output=True, timeout=timeout)
    assert finished.returncode == 0, finished.stderr.decode()
    out = finished.stdout.decode()
    assert out.endswith("\n") or out == ""
    replies = [json.loads(line) for line in out.splitlines()]  # every stdout line is a JSON-RPC message
    return replies, finished.stderr.decode()


def test_raw_stdio_session(stdio_env):
    replies, stderr = run_stdio(stdio_env, "parking", [
        {"jsonrpc": "2.0", "id": 1, "method": "initialize",
         "params": {"protocolVersion": "2024-11-05", "clientInfo": {"name": "raw", "version": "1"}}},
        {"jsonrpc": "2.0", "method": "notifications/initialized"},
        {"jsonrpc": "2.0", "id": 2, "method": "ping"},
        "this is not json",
        "",
        {"jsonrpc": "2.0", "id": 3, "method": "tools/list"},
        {"jsonrpc": "2.0", "id": 4, "method": "tools/call", "params": {"name": "no_such_tool", "arguments": {}}},
        {"jsonrpc": "2.0", "id": 5, "method": "server/discover", "params": {"_meta": META}},
        {"jsonrpc": "2.0", "id": 6, "method": "ping", "params": {"_meta": META}},
        {"jsonrpc": "2.0", "id": 7, "method": "resources/read", "params": {"uri": "civicmind://nowhere"}},
    ])
    by_id = {reply["id"]: reply for reply in replies}
    assert by_id[1]["result"]["protocolVersion"] == "2024-11-05"
    assert by_id[1]["result"]["serverInfo"]["name"] == "civicmind-parking"
    assert by_id[2] == {"jsonrpc": "2.0", "id": 2, "result": {}}
    assert by_id[None]["error"]["code"] == -32700
    tools = by_id[3]["result"]["tools"]
    assert [tool["name"] for tool in tools] == visible("parking")
    assert all("outputSchema" not in tool and "title" not in tool for tool in tools)  # 2024-11-05 shapes
    assert by_id[4]["error"]["code"] == -32602
    assert by_id[5]["result"]["resultType"] == "complete"
    assert by_id[5]["result"]["supportedVersions"][-1] == "2026-07-28"
    assert by_id[6]["error"]["code"] == -32601
    assert by_id[7]["error"]["code"] == -32002
    assert len(replies) == 8  # nothing for the notification or the blank line
    assert "serving parking on stdin/stdout" in stderr


def test_stdio_all_domains_prefixes_names(stdio_env):
    replies, _ = run_stdio(stdio_env, "all", [{"jsonrpc": "2.0", "id": 1, "method": "tools/list"}])
    names = [tool["name"] for tool in replies[0]["result"]["tools"]]
    assert names == visible("all")[:50]
    assert all(name.split("_", 1)[0] in (*DOMAINS, "business") for name in names)  # the declaring app


def test_stdio_refuses_an_unknown_domain():
    with pytest.raises(CommandError, match="invalid choice: 'weather'"):
        call_command("mcp_stdio", "weather")


async def test_sdk_stdio_client_auto_and_legacy(stdio_env):
    parameters = StdioServerParameters(command=sys.executable, args=["manage.py", "mcp_stdio", "parking"],
                                       cwd=str(BASE_DIR), env=stdio_env)
    async with Client(parameters, mode="auto") as client:
        assert client.protocol_version == "2026-07-28"
        listed = await client.list_tools()
        assert [tool.name for tool in listed.tools] == visible("parking")
        with pytest.raises(MCPError) as unknown:
            await client.call_tool("invalid_tool", {})
        assert unknown.value.error.code == -32602
    async with Client(parameters, mode="legacy") as client:
        assert client.protocol_version == "2025-11-25"
        listed = await client.list_tools()
        assert [tool.name for tool in listed.tools] == visible("parking")


# --- the stdio server in process ------------------------------------------------------------------
def lines(*messages) -> io.BytesIO:
    return io.BytesIO(b"".join((m if isinstance(m, bytes) else json.dumps(m).encode()) + b"\n" for m in messages))


async def serve_in_process(reader, registry, domain="parking", environ=None) -> list[dict]:
    out = io.BytesIO()
    await StdioServer(domain, reader, out, registry=registry, environ=environ or {}).serve()
    return [json.loads(line) for line in out.getvalue().splitlines()]


async def test_initialize_sets_the_version_for_later_requests(tiny_registry):
    replies = await serve_in_process(lines(
        {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"protocolVersion": "2024-11-05"}},
        {"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {"name": "echo", "arguments": {"text": "a"}}},
    ), tiny_registry)
    by_id = {reply["id"]: reply for reply in replies}
    assert by_id[1]["result"]["protocolVersion"] == "2024-11-05"
    assert "structuredContent" not in by_id[2]["result"]  # 2024-11-05 has none


async def test_without_initialize_stdio_speaks_the_newest_handshake_version(tiny_registry):
    replies = await serve_in_process(lines(
        {"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {"name": "echo", "arguments": {"text": "a"}}},
    ), tiny_registry)
    assert replies[0]["result"]["structuredContent"] == {"text": "a", "times": 1, "fee": "2.50"}


async def test_oversized_line_is_refused_and_the_next_one_served(tiny_registry, settings):
    settings.CIVICMIND_MCP_MAX_BODY_BYTES = 1024
    reader = io.BytesIO(b'{"jsonrpc":"2.0","id":1,"method":"ping","params":{"pad":"' + b"x" * 5000 + b'"}}\n'
                        + b'{"jsonrpc":"2.0","id":2,"method":"ping"}\n')
    replies = await serve_in_process(reader, tiny_registry)
    assert replies[0] == {"jsonrpc": "2.0", "id": None,
                          "error": {"code": -32600, "message": "Message exceeds the 1024-byte limit."}}
    assert replies[1] == {"jsonrpc": "2.0", "id": 2, "result": {}}


async def test_cancelled_request_gets_no_answer(tiny_registry):
    started, release = threading.Event(), threading.Event()

    @tiny_registry.tool(name="slow", title="Slow", input=NoInput, domain="parking")
    def slow(args, ctx):
        """Wait until released."""
        started.set()
        release.wait(10)
        return ToolResult(text="done")

    class Reader:
        """Hand out the call, then the cancellation once the tool is running."""

        def __init__(self):
            self.queue = [json.dumps({"jsonrpc": "2.0", "id": 9, "method": "tools/call",
                                      "params": {"name": "slow", "arguments": {}}}).encode() + b"\n",
                          json.dumps({"jsonrpc": "2.0", "method": "notifications/cancelled",
                                      "params": {"requestId": 9, "reason": "user"}}).encode() + b"\n",
                          json.dumps({"jsonrpc": "2.0", "id": 10, "method": "ping"}).encode() + b"\n"]

        def readline(self, limit):
            if len(self.queue) == 2:
                started.wait(10)
            return self.queue.pop(0) if self.queue else b""

    try:
        replies = await serve_in_process(Reader(), tiny_registry)
    finally:
        release.set()
    assert replies == [{"jsonrpc": "2.0", "id": 10, "result": {}}]


async def test_api_key_comes_from_the_environment(tiny_registry, monkeypatch):
    seen = []

    async def authenticate(headers, call):
        seen.append(headers)
        return ANONYMOUS

    monkeypatch.setattr("apps.mcp.stdio.authenticate", authenticate)
    await serve_in_process(lines({"jsonrpc": "2.0", "id": 1, "method": "ping"}), tiny_registry,
                           environ={"CIVICMIND_API_KEY": "ck_secret"})
    await serve_in_process(lines({"jsonrpc": "2.0", "id": 1, "method": "ping"}), tiny_registry, environ={})
    assert seen == [{"x-api-key": "ck_secret"}, {}]


async def test_refused_key_answers_the_request_with_its_code(tiny_registry, monkeypatch):
    async def refuse(headers, call):
        raise AccessRefused(401, -32001, "Unauthorized: the API key is not valid.")

    monkeypatch.setattr("apps.mcp.stdio.authenticate", refuse)
    replies = await serve_in_process(lines({"jsonrpc": "2.0", "id": 4, "method": "tools/list"},
                                           {"jsonrpc": "2.0", "method": "notifications/initialized"}), tiny_registry)
    assert replies == [{"jsonrpc": "2.0", "id": 4,
                        "error": {"code": -32001, "message": "Unauthorized: the API key is not valid."}}]


def test_stdio_refuses_lone_surrogates_and_batches_over_the_cap_and_goes_on(stdio_env):
    """Issue 11 (2, 3) over stdio: the same edge as HTTP, and the process keeps answering."""
    replies, _ = run_stdio(stdio_env, "parking", [
        {"jsonrpc": "2.0", "id": 0, "method": "initialize",  # the batch era
         "params": {"protocolVersion": "2025-03-26", "clientInfo": {"name": "raw", "version": "1"}}},
        '{"jsonrpc": "2.0", "id": "\\ud800", "method": "ping"}',
        '{"jsonrpc": "2.0", "id": 1, "method": "tools/call", '
        '"params": {"name": "check_violations", "arguments": {"license_plate": "\\udfff"}}}',
        [{"jsonrpc": "2.0", "id": n, "method": "ping"} for n in range(101)],
        {"jsonrpc": "2.0", "id": 2, "method": "ping"},
    ])
    errors = [reply for reply in replies if "error" in reply]
    assert sorted(reply["error"]["message"] for reply in errors[:2]) == [
        "Parse error: the body is not valid UTF-8 JSON (lone surrogate at $.id).",
        "Parse error: the body is not valid UTF-8 JSON (lone surrogate at $.params.arguments.license_plate).",
    ]
    assert errors[2]["error"]["code"] == -32600 and "at most 100 messages" in errors[2]["error"]["message"]
    assert replies[-1] == {"jsonrpc": "2.0", "id": 2, "result": {}}
