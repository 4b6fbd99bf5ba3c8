"""Derive JSON Schema from DRF serializers, the way DRF derives OpenAPI from fields.

A tool declares its arguments once, as a serializer; the same declaration validates a call
and becomes the `inputSchema` that `tools/list` publishes, and its output serializer
becomes the `outputSchema` its `structuredContent` matches. The result is plain JSON Schema
2020-12 (MCP's default dialect): `type: [T, "null"]` rather than OpenAPI's `nullable`, and
validators turned into keywords (`maxLength`, `minimum`, `pattern`, `enum`, `maxItems`).
Schemas are built once, when a tool is declared.
"""
from django.core.validators import RegexValidator
from rest_framework import fields as f
from rest_framework import serializers as s
from rest_framework.settings import api_settings

from apps.accounts.viewers import hidden_from_public

MONEY_PATTERN = r"^-?\d+\.\d{2}$"
DECIMAL_PATTERN = r"^-?\d+(\.\d+)?$"

_optional_classes: dict[type, type] = {}


def optional(field):
    """Mark an output field as possibly absent from the structured result.

    DRF copies declared fields by re-instantiating their class from their arguments, so
    the mark lives on a subclass (made once per field class) and `required=False` joins the
    arguments: then DRF leaves the key out when the result has none, instead of failing.
    """
    field.required = False
    field._kwargs["required"] = False
    base = type(field)
    if not getattr(base, "_mcp_optional", False):
        if base not in _optional_classes:
            _optional_classes[base] = type(f"Optional{base.__name__}", (base,), {"_mcp_optional": True})
        field.__class__ = _optional_classes[base]
    return field


def serializer_schema(serializer_class, *, for_input: bool) -> dict:
    """Return the object schema of a serializer class."""
    return _object_schema(serializer_class(), for_input=for_input)


def _included(field, *, for_input: bool) -> bool:
    if isinstance(field, f.HiddenField):
        return False  # filled by the server, never sent or shown
    return not (field.read_only if for_input else field.write_only)


def _output_required(field) -> bool:
    if getattr(field, "_mcp_optional", False):
        return False
    # DRF skips a missing attribute only for a field that is not required and has no
    # default or null to fall back on; every other field is always present.
    return field.required or field.default is not f.empty or field.allow_null


def _object_schema(serializer, *, for_input: bool) -> dict:
    properties = {}
    required = []
    for name, field in serializer.fields.items():
        if not _included(field, for_input=for_input):
            continue
        properties[name] = field_schema(field, for_input=for_input)
        if field.required if for_input else (_output_required(field)
                                             and not hidden_from_public(type(serializer), name)):
            required.append(name)
    schema = {"type": "object", "properties": properties}
    if required:
        schema["required"] = required
    schema["additionalProperties"] = False
    return schema


def field_schema(field, *, for_input: bool) -> dict:
    """Map one DRF field to JSON Schema (with validators turned into keywords)."""
    schema = _bare_field_schema(field, for_input=for_input)
    _patterns(schema, field)
    if getattr(field, "allow_null", False):
        _with_null(schema)
    if field.help_text:
        schema["description"] = str(field.help_text)
    if for_input and field.default is not f.empty and not callable(field.default):
        schema["default"] = _json_default(field.default)
    return schema


def _with_null(schema: dict) -> None:
    kind = schema.get("type")
    if isinstance(kind, str):
        schema["type"] = [kind, "null"]
    elif isinstance(kind, list) and "null" not in kind:
        schema["type"] = [*kind, "null"]
    if "enum" in schema and None not in schema["enum"]:
        schema["enum"] = [*schema["enum"], None]


def _json_default(value):
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, (list, tuple)):
        return [_json_default(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _json_default(item) for key, item in value.items()}
    return str(value)  # Decimal, date: their canonical text


def _patterns(schema: dict, field) -> None:
    """Carry plain RegexValidators (RegexField, SlugField, validators=[...]) as `pattern`."""
    if schema.get("type") not in ("string", ["number", "string"]):
        return
    for validator in getattr(field, "validators", ()):
        if type(validator) is RegexValidator and not validator.inverse_match and not validator.flags:
            pattern = validator.regex.pattern
            # Python's \A and \Z anchors are ^ and $ in the ECMA-262 regexes JSON Schema uses.
            schema["pattern"] = pattern.replace(r"\A", "^").replace(r"\Z", "$")


def _bounds(schema: dict, field) -> None:
    for attribute, keyword in (("min_value", "minimum"), ("max_value", "maximum")):
        value = getattr(field, attribute, None)
        if value is not None:
            schema[keyword] = value if isinstance(value, (int, float)) else float(value)


def _choices(field, *, for_input: bool) -> list:
    keys = list(field.choices)
    values = list(keys)
    if for_input:
        # DRF accepts a key or its text ("1" for 1); JSON Schema must say so.
        values += [str(key) for key in keys if not isinstance(key, str)]
    if getattr(field, "allow_blank", False) and "" not in values:
        values.append("")
    return values


def _bare_field_schema(field, *, for_input: bool) -> dict:
    if isinstance(field, s.ListSerializer):
        return _array_schema(field, field.child, for_input=for_input)
    if isinstance(field, s.BaseSerializer):
        return _object_schema(field, for_input=for_input)
    if isinstance(field, f.ListField):
        return _array_schema(field, field.child, for_input=for_input)
    if isinstance(field, f.DictField):
        if isinstance(field.child, f._UnvalidatedField):
            return {"type": "object"}
        return {"type": "object", "additionalProperties": field_schema(field.child, for_input=for_input)}
    if isinstance(field, f.JSONField):
        return {}
    if isinstance(field, f.BooleanField):
        return {"type": "boolean"}
    if isinstance(field, f.MultipleChoiceField):
        schema = {"type": "array", "items": {"enum": _choices(field, for_input=for_input)}, "uniqueItems": True}
        if not field.allow_empty:
            schema["minItems"] = 1
        return schema
    if isinstance(field, f.ChoiceField):
        values = _choices(field, for_input=for_input)
        if all(isinstance(value, str) for value in values):
            return {"type": "string", "enum": values}
        return {"enum": values}
    if isinstance(field, f.IntegerField):
        if not for_input and getattr(field, "coerce_to_string", api_settings.COERCE_BIGINT_TO_STRING) \
                and isinstance(field, f.BigIntegerField):
            return {"type": "string", "pattern": r"^-?\d+$"}
        schema = {"type": "integer"}
        _bounds(schema, field)
        return schema
    if isinstance(field, f.FloatField):
        schema = {"type": "number"}
        _bounds(schema, field)
        return schema
    if isinstance(field, f.DecimalField):
        return _decimal_schema(field, for_input=for_input)
    if isinstance(field, f.DateTimeField):
        return _temporal_schema(field, "date-time")
    if isinstance(field, f.DateField):
        return _temporal_schema(field, "date")
    if isinstance(field, f.TimeField):
        return _temporal_schema(field, "time")
    if isinstance(field, f.DurationField):
        return {"type": "string"}  # Django's "[D ]HH:MM:SS", not ISO 8601
    if isinstance(field, f.UUIDField):
        return {"type": "string", "format": "uuid"}
    if isinstance(field, f.EmailField):
        return _string_schema(field, for_input=for_input, format="email")
    if isinstance(field, f.URLField):
        return _string_schema(field, for_input=for_input, format="uri")
    if isinstance(field, f.IPAddressField):
        protocol = field.protocol.lower()
        return _string_schema(field, for_input=for_input,
                              format={"ipv4": "ipv4", "ipv6": "ipv6"}.get(protocol))
    if isinstance(field, f.CharField):
        return _string_schema(field, for_input=for_input)
    if isinstance(field, f.FileField):
        return {"type": "string"}
    return {}  # SerializerMethodField, ReadOnlyField, ModelField: any JSON value


def _array_schema(field, child, *, for_input: bool) -> dict:
    schema = {"type": "array", "items": field_schema(child, for_input=for_input)}
    min_length = getattr(field, "min_length", None)
    max_length = getattr(field, "max_length", None)
    if not getattr(field, "allow_empty", True):
        min_length = max(min_length or 0, 1)
    if min_length is not None:
        schema["minItems"] = min_length
    if max_length is not None:
        schema["maxItems"] = max_length
    return schema


def _string_schema(field, *, for_input: bool, format: str | None = None) -> dict:
    schema = {"type": "string"}
    if format:
        schema["format"] = format
    if field.max_length is not None:
        schema["maxLength"] = field.max_length
    if field.min_length is not None:
        schema["minLength"] = field.min_length
    elif not field.allow_blank and for_input:
        schema["minLength"] = 1
    return schema


_DEFAULT_RENDERING = {"date-time": "DATETIME_FORMAT", "date": "DATE_FORMAT", "time": "TIME_FORMAT"}


def _temporal_schema(field, format: str) -> dict:
    # Only the ISO 8601 rendering (DRF's default) is what the format keyword promises.
    rendering = getattr(field, "format", f.empty)
    if rendering is f.empty:
        rendering = getattr(api_settings, _DEFAULT_RENDERING[format])
    if isinstance(rendering, str) and rendering.lower() == f.ISO_8601:
        return {"type": "string", "format": format}
    return {"type": "string"}


def _decimal_schema(field, *, for_input: bool) -> dict:
    if for_input:
        # Assistants send numbers; programs that care about cents send strings.
        schema = {"type": ["number", "string"]}
        _bounds(schema, field)
        return schema
    if not getattr(field, "coerce_to_string", api_settings.COERCE_DECIMAL_TO_STRING):
        schema = {"type": "number"}
        _bounds(schema, field)
        return schema
    places = field.decimal_places
    if places is None or getattr(field, "normalize_output", False) or field.localize:
        return {"type": "string", "pattern": DECIMAL_PATTERN}
    if places == 2:
        return {"type": "string", "pattern": MONEY_PATTERN}
    if places == 0:
        return {"type": "string", "pattern": r"^-?\d+$"}
    return {"type": "string", "pattern": rf"^-?\d+\.\d{{{places}}}$"}
