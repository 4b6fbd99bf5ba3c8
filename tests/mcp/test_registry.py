"""The registry domain apps declare into: names, domains, duplicates, per-domain views."""
import pytest
from rest_framework import serializers

from apps.mcp.registry import Access, PromptArgument, Registry, ToolResult, _domain_of
from tests.mcp.conftest import NoInput


def handler(args, ctx):
    """Do a thing.

    More words."""
    return ToolResult(text="ok")


def test_declaration_derives_description_annotations_and_schemas():
    registry = Registry()
    registry.tool(name="look_up", title="Look up", input=NoInput, read_only=True, domain="zoning")(handler)
    tool = registry.tools[("zoning", "look_up")]
    assert tool.description == "Do a thing."
    assert tool.annotations == {"title": "Look up", "readOnlyHint": True, "destructiveHint": False,
                                "idempotentHint": True, "openWorldHint": False}
    assert tool.input_schema == {"type": "object", "properties": {}, "additionalProperties": False}
    assert tool.output_schema is None
    assert tool.access is Access.PUBLIC
    assert tool.qualified_name() == "zoning_look_up"


def test_write_tool_annotations():
    registry = Registry()
    registry.tool(name="pay", title="Pay", input=NoInput, destructive=True, idempotent=True,
                  access=Access.RESIDENT, domain="parking")(handler)
    tool = registry.tools[("parking", "pay")]
    assert tool.annotations["destructiveHint"] is True and tool.annotations["idempotentHint"] is True
    assert tool.annotations["readOnlyHint"] is False


@pytest.mark.parametrize("name", ["", "has space", "x" * 129, "semi;colon", "ünï"])
def test_invalid_tool_names_are_refused(name):
    with pytest.raises(ValueError, match="not a valid MCP tool name"):
        Registry().tool(name=name, title="T", input=NoInput, domain="parking")(handler)


def test_duplicates_are_refused():
    registry = Registry()
    registry.tool(name="t", title="T", input=NoInput, domain="parking")(handler)
    with pytest.raises(ValueError, match="Tool parking.t is declared twice."):
        registry.tool(name="t", title="T", input=NoInput, domain="parking")(handler)
    registry.tool(name="t", title="T", input=NoInput, domain="permits")(handler)  # another domain: fine
    registry.resource(uri="x://a", name="a", title="A", domain="parking")(lambda: 1)
    with pytest.raises(ValueError, match="declared twice"):
        registry.resource(uri="x://a", name="a", title="A", domain="parking")(lambda: 1)
    registry.resource_template(uri_template="x://{a}", name="a", title="A", domain="parking")(lambda a: 1)
    with pytest.raises(ValueError, match="declared twice"):
        registry.resource_template(uri_template="x://{a}", name="a", title="A", domain="parking")(lambda a: 1)
    registry.prompt(name="p", title="P", domain="parking")(lambda: [])
    with pytest.raises(ValueError, match="Prompt parking.p is declared twice."):
        registry.prompt(name="p", title="P", domain="parking")(lambda: [])


def test_completions_must_name_a_variable_or_argument():
    registry = Registry()
    with pytest.raises(ValueError, match="Completions for b name no variable of x://{a}."):
        registry.resource_template(uri_template="x://{a}", name="a", title="A", domain="parking",
                                   completions={"b": lambda v, c: []})(lambda a: 1)
    with pytest.raises(ValueError, match="Completions for z name no argument of p."):
        registry.prompt(name="p", title="P", domain="parking", arguments=(PromptArgument("a", "A"),),
                        completions={"z": lambda v, c: []})(lambda a: [])


def test_domain_comes_from_the_declaring_module():
    def in_parking():
        pass

    in_parking.__module__ = "apps.parking.tools"
    assert _domain_of(in_parking) == "parking"
    in_parking.__module__ = "apps.mcp.tools"
    with pytest.raises(ValueError, match="Cannot tell the domain"):
        _domain_of(in_parking)


def test_views_per_domain_and_for_all(tiny_registry):
    assert [name for name, _ in tiny_registry.tools_for("parking")] == ["echo", "refuse", "crash"]
    assert [name for name, _ in tiny_registry.tools_for("permits")] == ["whoami"]
    assert [name for name, _ in tiny_registry.tools_for("all")] == [
        "parking_echo", "parking_refuse", "parking_crash", "permits_whoami"]
    assert tiny_registry.tools_for("noise") == []
    assert tiny_registry.find_tool("all", "permits_whoami").name == "whoami"
    assert tiny_registry.find_tool("all", "whoami") is None
    assert tiny_registry.find_tool("parking", "whoami") is None
    assert tiny_registry.find_prompt("all", "parking_explain_citation").name == "explain_citation"
    assert tiny_registry.find_resource("permits", "civicmind://parking/zones") is None
    assert tiny_registry.find_resource("all", "civicmind://parking/zones").name == "zones"


def test_views_are_rebuilt_after_a_declaration(tiny_registry):
    before = tiny_registry.tools_for("parking")
    assert tiny_registry.tools_for("parking") is before  # cached
    generation = tiny_registry.generation

    class Input(serializers.Serializer):
        plate = serializers.CharField(help_text="Plate.")

    tiny_registry.tool(name="late", title="Late", input=Input, domain="parking")(handler)
    assert tiny_registry.generation == generation + 1
    assert [name for name, _ in tiny_registry.tools_for("parking")] == ["echo", "refuse", "crash", "late"]
