"""Call a tool in-process exactly as the MCP endpoint does: validate, run, serialize, check.

Unit tests use it instead of a server so they can count queries; the structured answer is
checked against the tool's published outputSchema in its JSON form, as a client receives it.
"""
import json
from types import SimpleNamespace

import jsonschema
import pytest

from apps.mcp.calls import run_tool
from apps.mcp.registry import registry


def tool_caller(listener: str):
    """Return `run(name, arguments, domain=listener)` calling tools as if on `listener`'s port."""
    call = SimpleNamespace(listener=listener, version="2025-11-25", principal=None, client_address="127.0.0.1",
                           request_id="test")

    def run(name: str, arguments: dict, domain: str = listener):
        tool = registry.find_tool(domain, name)
        assert tool is not None, f"{domain} has no tool named {name}"
        result = run_tool(tool, arguments, call)
        if not result.is_error:
            jsonschema.validate(json.loads(json.dumps(result.structured)), tool.output_schema)
        return result

    return run


def call_tool_fixture(listener: str):
    """Build a domain conftest's `call_tool` fixture: `call_tool = call_tool_fixture("noise")`."""

    @pytest.fixture
    def call_tool():
        """Call a tool of this domain in-process; the structured answer is checked against its outputSchema."""
        return tool_caller(listener)

    return call_tool
