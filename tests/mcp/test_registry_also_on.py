"""A declaration served on other domains' listeners too (`also_on`), as apps.business does."""
import pytest

from apps.accounts.authorization import may_call
from apps.accounts.principals import Principal
from apps.mcp.registry import Access, PromptArgument, Registry, ToolResult
from tests.mcp.conftest import NoInput


def handler(args, ctx):
    """Plan something across domains."""
    return ToolResult(text="ok")


def spanning_registry() -> Registry:
    registry = Registry()
    registry.tool(name="look_up", title="Look up", input=NoInput, domain="zoning")(handler)
    registry.tool(name="plan", title="Plan", input=NoInput, domain="business", also_on=("zoning", "permits"))(handler)
    return registry


def test_served_under_its_plain_name_on_each_listener_and_once_on_all_domains():
    registry = spanning_registry()
    plan = registry.tools[("business", "plan")]
    assert plan.listeners == ("business", "zoning", "permits")
    assert [name for name, _ in registry.tools_for("zoning")] == ["look_up", "plan"]
    assert [name for name, _ in registry.tools_for("permits")] == ["plan"]
    assert [name for name, _ in registry.tools_for("parking")] == []
    assert [name for name, _ in registry.tools_for("all")] == ["zoning_look_up", "business_plan"]
    assert registry.find_tool("zoning", "plan") is plan
    assert registry.find_tool("permits", "plan") is plan
    assert registry.find_tool("all", "business_plan") is plan
    assert registry.find_tool("parking", "plan") is None
    assert registry.find_tool("all", "zoning_plan") is None
    assert registry.find_tool("zoning", ["plan"]) is None


def test_a_name_already_served_on_a_listener_is_refused():
    registry = spanning_registry()
    with pytest.raises(ValueError, match="Tool look_up is already served on zoning."):
        registry.tool(name="look_up", title="T", input=NoInput, domain="business2", also_on=("zoning",))(handler)
    with pytest.raises(ValueError, match="Tool plan is already served on permits."):
        registry.tool(name="plan", title="T", input=NoInput, domain="permits")(handler)


@pytest.mark.parametrize("also_on", [("nowhere",), ("business",), ("all",)])
def test_also_on_names_other_real_domains(also_on):
    with pytest.raises(ValueError, match="also_on names"):
        Registry().tool(name="plan", title="T", input=NoInput, domain="business", also_on=also_on)(handler)


def test_prompts_and_templates_follow_the_same_listeners():
    registry = Registry()
    registry.prompt(name="open", title="Open", arguments=(PromptArgument("address", "Where."),),
                    domain="business", also_on=("zoning",))(lambda address: [address])
    registry.resource_template(uri_template="x://plans/{address}", name="plan", title="Plan",
                               domain="business", also_on=("permits",))(lambda address: {})
    assert [name for name, _ in registry.prompts_for("zoning")] == ["open"]
    assert [name for name, _ in registry.prompts_for("all")] == ["business_open"]
    assert registry.find_prompt("all", "business_open") is registry.find_prompt("zoning", "open")
    assert registry.prompts_for("permits") == []
    assert [t.uri_template for t in registry.templates_for("permits")] == ["x://plans/{address}"]
    assert registry.templates_for("zoning") == []
    assert len(registry.templates_for("all")) == 1


def test_a_key_scoped_to_one_listener_reaches_a_tool_served_there(settings):
    settings.CIVICMIND_REQUIRE_API_KEY = True
    plan = spanning_registry().tools[("business", "plan")]
    assert plan.access == Access.PUBLIC
    assert may_call(Principal(key_id=1, name="k", level=Access.PUBLIC, domains=frozenset({"permits"})), plan)
    assert not may_call(Principal(key_id=1, name="k", level=Access.PUBLIC, domains=frozenset({"noise"})), plan)
