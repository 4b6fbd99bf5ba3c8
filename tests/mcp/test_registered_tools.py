"""Whatever the domain apps declare: valid JSON Schema, described arguments, bounded lists.

Parametrized over the live registry, so a tool added tomorrow is checked without editing
this file. The SDK client additionally validates each structuredContent it receives
against the published outputSchema (see the end-to-end tests).
"""
import pytest
from jsonschema import Draft202012Validator

from apps.mcp.registry import TOOL_NAME_RE, registry

TOOLS = list(registry.tools.values())
IDS = [tool.qualified_name() for tool in TOOLS]


def walk(schema: dict, path: str = ""):
    """Yield (path, subschema) for every property and array item of an object schema."""
    yield path, schema
    for name, sub in schema.get("properties", {}).items():
        yield from walk(sub, f"{path}.{name}")
    items = schema.get("items")
    if isinstance(items, dict):
        yield from walk(items, f"{path}[]")
    additional = schema.get("additionalProperties")
    if isinstance(additional, dict):
        yield from walk(additional, f"{path}{{}}")


def test_the_domains_declared_tools():
    assert TOOLS, "no tool is registered: autodiscovery of apps/<domain>/tools.py failed"


@pytest.mark.parametrize("tool", TOOLS, ids=IDS)
def test_input_schema_is_valid_2020_12_object_schema(tool):
    Draft202012Validator.check_schema(tool.input_schema)
    assert tool.input_schema["type"] == "object"
    assert tool.input_schema["additionalProperties"] is False


@pytest.mark.parametrize("tool", [t for t in TOOLS if t.output_schema], ids=[t.qualified_name() for t in TOOLS
                                                                            if t.output_schema])
def test_output_schema_is_valid_2020_12_object_schema(tool):
    Draft202012Validator.check_schema(tool.output_schema)
    assert tool.output_schema["type"] == "object"


@pytest.mark.parametrize("tool", TOOLS, ids=IDS)
def test_every_argument_is_described_and_every_list_bounded(tool):
    undescribed = [name for name, schema in tool.input_schema["properties"].items() if not schema.get("description")]
    assert undescribed == [], f"{tool.qualified_name()}: give these input fields help_text"
    unbounded = [path for path, schema in walk(tool.input_schema)
                 if schema.get("type") in ("array", ["array", "null"]) and "maxItems" not in schema]
    assert unbounded == [], f"{tool.qualified_name()}: give these lists a max_length"


@pytest.mark.parametrize("tool", TOOLS, ids=IDS)
def test_names_titles_and_descriptions(tool):
    assert TOOL_NAME_RE.match(tool.name)
    assert TOOL_NAME_RE.match(tool.qualified_name())
    assert tool.title
    assert tool.description, f"{tool.qualified_name()}: give the handler a docstring"
