"""Hold tool arguments to the JSON types their published `inputSchema` declares.

DRF coerces generously: a CharField takes the number 123, a BooleanField takes "yes", an
IntegerField takes "40". The schema an assistant builds its calls from says `string`,
`boolean`, `integer`, so accepting other types makes the published contract a lie and
hides client bugs (a plate sent as a number loses its leading zeros). Every call's
arguments are checked here against the very schema tools/list publishes, before the
serializer runs; a mismatch is an argument error naming the argument, the type expected
and what came instead. Values with no declared type (mixed enums, free JSON) pass through,
and so does a top-level null, which the serializer refuses in its own words where the
schema does not allow it.
"""
import json

# JSON Schema type names, as a message says them.
EXPECTED = {
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "a boolean (true or false)",
    "array": "an array",
    "object": "an object",
    "null": "null",
}
PREVIEW_CHARS = 40


def json_type(value) -> str:
    """The JSON type of a decoded JSON value ("integer" for 40 and 40.0, as JSON Schema counts)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "integer" if value.is_integer() else "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, (list, tuple)):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def conforms(value, allowed: tuple[str, ...]) -> bool:
    kind = json_type(value)
    return kind in allowed or (kind == "integer" and "number" in allowed)


def _declared_types(schema: dict) -> tuple[str, ...] | None:
    declared = schema.get("type")
    if declared is None:
        return None
    return (declared,) if isinstance(declared, str) else tuple(declared)


def _described(value) -> str:
    kind = json_type(value)
    if kind in ("array", "object"):
        return f"an {kind}"
    if kind == "null":
        return "null"
    text = json.dumps(value, ensure_ascii=False)
    if len(text) > PREVIEW_CHARS:
        text = text[:PREVIEW_CHARS] + "…"
    noun = {"string": "the string", "boolean": "the boolean", "integer": "the number", "number": "the number"}
    return f"{noun.get(kind, kind)} {text}"


def mismatch_message(value, allowed: tuple[str, ...]) -> str:
    expected = " or ".join(EXPECTED.get(name, name) for name in allowed)
    return f"Expected {expected}, got {_described(value)}."


def value_type_errors(value, schema: dict, path: str = "") -> list[str]:
    """Messages for `value` and what it contains against `schema` (DRF's "0: key: …" paths)."""
    allowed = _declared_types(schema)
    if allowed is not None and not conforms(value, allowed):
        return [f"{path}{mismatch_message(value, allowed)}"]
    errors = []
    if isinstance(value, list) and isinstance(schema.get("items"), dict):
        for index, item in enumerate(value):
            errors += value_type_errors(item, schema["items"], f"{path}{index}: ")
    elif isinstance(value, dict):
        properties = schema.get("properties") or {}
        extra = schema.get("additionalProperties")
        for key, item in value.items():
            inner = properties.get(key, extra if isinstance(extra, dict) else None)
            if inner is not None:
                errors += value_type_errors(item, inner, f"{path}{key}: ")
    return errors


def argument_type_errors(input_schema: dict, arguments: dict) -> dict[str, list[str]]:
    """Return {argument: [messages]} for every argument whose JSON type the schema does not allow."""
    properties = input_schema.get("properties") or {}
    errors = {}
    for name, value in arguments.items():
        schema = properties.get(name)
        if schema is None or value is None:
            continue  # an unknown argument, or null: the serializer names it ("may not be null")
        found = value_type_errors(value, schema)
        if found:
            errors[name] = found
    return errors
