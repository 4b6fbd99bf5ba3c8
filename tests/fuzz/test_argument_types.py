"""Generated cases per advertised schema type: a tool takes exactly the JSON types it publishes.

For every argument of every registered tool whose published `inputSchema` property declares
a `type`, hypothesis draws a JSON value of another type (a number for a string, "yes" or
"40" for a boolean or an integer, …): the call is refused naming the argument, the type
expected and the value's own type. Values drawn from the property's own schema are never
refused for their type. In process, bounded and derandomized, like the server fuzzing.
"""
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

from apps.mcp.calls import argument_errors
from apps.mcp.registry import registry

EXPECTED_WORDS = {"string": "a string", "integer": "an integer", "number": "a number",
                  "boolean": "a boolean (true or false)", "array": "an array", "object": "an object", "null": "null"}
GENERATED = settings(derandomize=True, deadline=None, database=None, max_examples=300,
                     suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                            HealthCheck.filter_too_much])


def typed_arguments() -> list[tuple[object, str, dict, tuple[str, ...]]]:
    """(tool, argument, its published schema, the JSON types it allows) for every typed argument."""
    found = []
    for (domain, name), tool in sorted(registry.tools.items()):
        for argument, schema in tool.input_schema["properties"].items():
            declared = schema.get("type")
            if declared is not None:
                found.append((tool, argument, schema, (declared,) if isinstance(declared, str) else tuple(declared)))
    return found


TYPED = typed_arguments()
# One value of each JSON type, and what the message calls it; strings that DRF would coerce
# ("yes", "40", "true") are among them.
OTHER_TYPES = {
    "string": st.sampled_from(["yes", "40", "true", "ABC123", ""]).map(lambda v: (v, f'the string "{v}"')),
    "integer": st.integers(-10**6, 10**6).map(lambda v: (v, f"the number {v}")),
    "number": st.sampled_from([1.5, -0.25, 40.01]).map(lambda v: (v, f"the number {v}")),
    "boolean": st.booleans().map(lambda v: (v, f"the boolean {'true' if v else 'false'}")),
    "array": st.lists(st.integers(0, 9), max_size=2).map(lambda v: (v, "an array")),
    "object": st.dictionaries(st.sampled_from(["a", "b"]), st.integers(0, 9), max_size=2).map(lambda v: (v, "an object")),
}


def allows(allowed: tuple[str, ...], kind: str) -> bool:
    return kind in allowed or (kind == "integer" and "number" in allowed)


def test_every_tool_publishes_typed_arguments():
    assert len(TYPED) > 100
    kinds = {kind for *_, allowed in TYPED for kind in allowed}
    assert {"string", "integer", "boolean", "array"} <= kinds


@pytest.mark.django_db
@GENERATED
@given(data=st.data())
def test_a_value_of_another_json_type_is_refused_naming_the_expected_type(data):
    tool, argument, schema, allowed = data.draw(st.sampled_from(TYPED), label="argument")
    kind = data.draw(st.sampled_from([k for k in OTHER_TYPES if not allows(allowed, k)]), label="sent type")
    value, described = data.draw(OTHER_TYPES[kind], label="value")
    _, errors = argument_errors(tool, {argument: value})
    expected = " or ".join(EXPECTED_WORDS[name] for name in allowed)
    assert errors[argument] == [f"Expected {expected}, got {described}."], (tool.name, argument)


@pytest.mark.django_db
@GENERATED
@given(data=st.data())
def test_a_value_of_the_published_type_is_never_refused_for_its_type(data):
    tool, argument, schema, _ = data.draw(st.sampled_from(TYPED), label="argument")
    value = data.draw(from_schema(schema), label="value")
    _, errors = argument_errors(tool, {argument: value})
    assert not any(message.startswith("Expected") and ", got " in message
                   for message in errors.get(argument, [])), (tool.name, argument, value, errors)
