"""Derive JSON Schema from DRF serializers, the way DRF derives OpenAPI from fields.

A tool declares its arguments once, as a serializer; the same declaration validates a call
and becomes the `inputSchema` that `tools/list` publishes. The output is plain JSON Schema
(2020-12 vocabulary, `type: [T, "null"]` rather than OpenAPI's `nullable`).
"""
from rest_framework import fields as f
from rest_framework import serializers as s

MONEY_PATTERN = r"^-?\d+\.\d{2}$"


def serializer_schema(serializer_class, *, for_input: bool) -> dict:
    """Return the object schema of a serializer class."""
    return _object_schema(serializer_class(), for_input=for_input)


def _object_schema(serializer, *, for_input: bool) -> dict:
    properties = {}
    required = []
    for name, field in serializer.fields.items():
        if for_input and field.read_only:
            continue
        if not for_input and field.write_only:
            continue
        properties[name] = field_schema(field, for_input=for_input)
        if for_input and field.required:
            required.append(name)
        if not for_input and not getattr(field, "_mcp_optional", False):
            required.append(name)
    schema = {"type": "object", "properties": properties}
    if required:
        schema["required"] = required
    schema["additionalProperties"] = False
    return schema


def _with_null(schema: dict, field) -> dict:
    if getattr(field, "allow_null", False):
        kind = schema.get("type")
        if isinstance(kind, str):
            schema["type"] = [kind, "null"]
        elif "enum" in schema:
            schema["enum"] = [*schema["enum"], None]
    return schema


def _describe(schema: dict, field, *, for_input: bool) -> dict:
    if field.help_text:
        schema["description"] = str(field.help_text)
    if for_input and field.default is not f.empty and not callable(field.default):
        schema["default"] = field.default
    return schema


def field_schema(field, *, for_input: bool) -> dict:
    """Map one DRF field to JSON Schema (with validators turned into keywords)."""
    schema = _bare_field_schema(field, for_input=for_input)
    return _describe(_with_null(schema, field), field, for_input=for_input)


def _bare_field_schema(field, *, for_input: bool) -> dict:
    if isinstance(field, s.BaseSerializer) and not isinstance(field, s.ListSerializer):
        return _object_schema(field, for_input=for_input)
    if isinstance(field, (s.ListSerializer, f.ListField)):
        child = field.child
        schema = {"type": "array", "items": field_schema(child, for_input=for_input)}
        if getattr(field, "max_length", None) is not None:
            schema["maxItems"] = field.max_length
        if getattr(field, "min_length", None) is not None:
            schema["minItems"] = field.min_length
        if isinstance(field, f.ListField) and not field.allow_empty:
            schema["minItems"] = max(schema.get("minItems", 0), 1)
        return schema
    if isinstance(field, f.DictField):
        child = field.child
        if isinstance(child, f._UnvalidatedField):
            return {"type": "object"}
        return {"type": "object", "additionalProperties": field_schema(child, for_input=for_input)}
    if isinstance(field, f.JSONField):
        return {}
    if isinstance(field, f.BooleanField):
        return {"type": "boolean"}
    if isinstance(field, f.MultipleChoiceField):
        return {"type": "array", "items": {"enum": list(field.choices)}}
    if isinstance(field, f.ChoiceField):
        return {"type": "string", "enum": [str(key) for key in field.choices]}
    if isinstance(field, f.IntegerField):
        schema = {"type": "integer"}
        _bounds(schema, field)
        return schema
    if isinstance(field, f.FloatField):
        schema = {"type": "number"}
        _bounds(schema, field)
        return schema
    if isinstance(field, f.DecimalField):
        if for_input:
            # Assistants send numbers; programs that care about cents send strings.
            schema = {"type": ["number", "string"]}
            _bounds(schema, field)
            return schema
        return {"type": "string", "pattern": MONEY_PATTERN if field.decimal_places == 2 else r"^-?\d+(\.\d+)?$"}
    if isinstance(field, f.DateTimeField):
        return {"type": "string", "format": "date-time"}
    if isinstance(field, f.DateField):
        return {"type": "string", "format": "date"}
    if isinstance(field, f.EmailField):
        return {"type": "string", "format": "email"}
    if isinstance(field, f.URLField):
        return {"type": "string", "format": "uri"}
    if isinstance(field, f.CharField):
        schema = {"type": "string"}
        if field.max_length is not None:
            schema["maxLength"] = field.max_length
        if field.min_length is not None:
            schema["minLength"] = field.min_length
        elif not field.allow_blank and for_input:
            schema["minLength"] = 1
        return schema
    if isinstance(field, f.SerializerMethodField):
        return {}
    return {"type": "string"}


def _bounds(schema: dict, field) -> None:
    if getattr(field, "min_value", None) is not None:
        schema["minimum"] = field.min_value
    if getattr(field, "max_value", None) is not None:
        schema["maximum"] = field.max_value
    for key in ("minimum", "maximum"):
        if key in schema and not isinstance(schema[key], (int, float)):
            schema[key] = float(schema[key])


def optional(field):
    """Mark an output field as possibly absent from the structured result."""
    field._mcp_optional = True
    return field
