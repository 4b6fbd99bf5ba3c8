"""The comparison point: the same tools served by the official MCP Python SDK.

An `MCPServer` (stateless HTTP, JSON responses) under uvicorn — what a city would deploy
without CivicMind — whose tools do exactly CivicMind's domain work (the same argument
serializer, selector, markdown and structured answer, via apps.mcp.calls.run_tool) on the
same database. Only the protocol stack differs, so the ratio measures the stack.

    DATABASE_URL=postgres://... python bench/reference_server.py --port 9400 \
        --tools parking:check_violations,parking:find_parking,permits:analyze_application

The SDK runs each (sync) tool on anyio's worker threads, as it does any sync tool; each
thread keeps its own database connection (Django's per-thread connections, CONN_MAX_AGE),
as CivicMind's worker threads do. uvicorn runs as `pip install mcp` installs it (asyncio
loop, h11), one process.
"""
import argparse
import inspect
import os
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civicmind.settings")

import django  # noqa: E402

django.setup()

import uvicorn  # noqa: E402
from mcp.server.mcpserver import MCPServer  # noqa: E402
from mcp_types import CallToolResult, TextContent  # noqa: E402

from apps.mcp.call import Call  # noqa: E402
from apps.mcp.calls import run_tool  # noqa: E402
from apps.mcp.registry import registry  # noqa: E402

PROTOCOL_VERSION = "2025-11-25"


def make_tool_function(tool):
    """Return a sync function the SDK runs in its worker threads, as SDK tools usually are.

    Its signature mirrors the tool's input serializer, so the SDK builds and validates its
    own argument model the way it does for any hand-written tool. It answers what
    CivicMind answers: the markdown text, the structured content and isError.
    """

    def call(**arguments):
        context = Call(domain=tool.domain, listener=tool.domain, version=PROTOCOL_VERSION)
        result = run_tool(tool, {k: v for k, v in arguments.items() if v is not None}, context)
        return CallToolResult(content=[TextContent(type="text", text=result.text)],
                              structured_content=result.structured, is_error=result.is_error)

    fields = tool.input_serializer().fields
    call.__signature__ = inspect.Signature([
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=Any,
                          default=inspect.Parameter.empty if field.required else None)
        for name, field in fields.items()
    ])
    call.__annotations__ = {name: Any for name in fields} | {"return": CallToolResult}
    return call


def build_server(tool_names: list[str]) -> MCPServer:
    server = MCPServer("civicmind-reference")
    for qualified in tool_names:
        domain, _, name = qualified.partition(":")
        tool = registry.find_tool(domain, name)
        if tool is None:
            raise SystemExit(f"unknown tool {qualified}")
        function = make_tool_function(tool)
        function.__name__ = name
        server.add_tool(function, name=name, description=tool.description)
    return server


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--tools", required=True, help="comma-separated domain:tool names")
    options = parser.parse_args()
    server = build_server(options.tools.split(","))
    app = server.streamable_http_app(json_response=True, stateless_http=True)
    uvicorn.run(app, host="127.0.0.1", port=options.port, log_level="warning", access_log=False)


if __name__ == "__main__":
    main()
