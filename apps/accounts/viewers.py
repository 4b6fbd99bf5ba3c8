"""The three views (DESIGN.md "Who sees what"): decide the viewer once, shape answers by declaration.

Every answer is rendered for one viewer: PUBLIC (anyone), OWNER (proved by a secret the
filing returned, or by details only the person holds; never by a guessable reference) or
STAFF (an API key with the domain's staff level). `viewer_for` is the one place that
decides; output serializers declare what each viewer gets:

    class Meta:
        public_fields = ("reference", "status", "area")
        owner_fields = ("applicant_name",)      # owners see public + owner fields

Staff see every field. A field neither list names is private (staff only), so a new
field leaks nothing until someone declares it public. `shape` applies the declaration
recursively (nested serializers carry their own Meta); the MCP layer calls it for tool
results, resources and completions, and text is rendered from the shaped facts so the
prose never says what the structured answer hides.
"""
import enum

from rest_framework import serializers

STAFF_LEVEL = 2  # apps.mcp.registry.Access.STAFF (not imported: the registry's schemas read this module)


class Viewer(enum.IntEnum):
    """Who an answer is rendered for; a higher viewer sees everything a lower one does."""

    PUBLIC = 0
    OWNER = 1
    STAFF = 2


def is_staff(principal, domain: str) -> bool:
    """True when `principal` holds an API key with staff level covering `domain`."""
    return (principal is not None and getattr(principal, "key_id", None) is not None
            and principal.level >= STAFF_LEVEL and principal.covers(domain))


def viewer_for(principal, domain: str, *, owner: bool = False) -> Viewer:
    """Return the viewer of one answer: staff by key, owner by a proof the tool checked, else public."""
    if is_staff(principal, domain):
        return Viewer.STAFF
    return Viewer.OWNER if owner else Viewer.PUBLIC


def declared(serializer_class) -> bool:
    """True when the serializer declares its views (Meta.public_fields)."""
    meta = getattr(serializer_class, "Meta", None)
    return meta is not None and hasattr(meta, "public_fields")


def visible_fields(serializer_class, viewer: Viewer) -> frozenset | None:
    """Return the field names `viewer` may see, or None for all of them (staff)."""
    if viewer >= Viewer.STAFF:
        return None
    meta = getattr(serializer_class, "Meta", None)
    names = set(getattr(meta, "public_fields", ()))
    if viewer >= Viewer.OWNER:
        names |= set(getattr(meta, "owner_fields", ()))
    return frozenset(names)


def _nested_class(field):
    if isinstance(field, serializers.ListSerializer):
        field = field.child
    if isinstance(field, serializers.ListField) and isinstance(field.child, serializers.Serializer):
        field = field.child
    return type(field) if isinstance(field, serializers.Serializer) else None


def _fields_of(serializer_class) -> dict:
    cache = _FIELDS.get(serializer_class)
    if cache is None:
        cache = _FIELDS[serializer_class] = dict(serializer_class().fields)
    return cache


_FIELDS: dict = {}


def shape(serializer_class, data, viewer: Viewer, *, for_text: bool = False):
    """Return `data` (facts or their representation) with only what `viewer` may see.

    Works on a dict or a list of dicts; nested serializers are shaped by their own Meta.
    `for_text` keeps the keys the serializer does not know (an icon, a label the prose
    uses): they never reach structuredContent, and renderers may only put public
    presentation there.
    """
    if viewer >= Viewer.STAFF or serializer_class is None:
        return data
    if isinstance(data, list):
        return [shape(serializer_class, item, viewer, for_text=for_text) for item in data]
    if not isinstance(data, dict):
        return data
    allowed = visible_fields(serializer_class, viewer)
    fields = _fields_of(serializer_class)
    shaped = Shaped()
    for name, value in data.items():
        if name not in fields:
            if for_text:
                shaped[name] = value
            continue
        if name not in allowed:
            continue
        nested = _nested_class(fields[name])
        shaped[name] = (shape(nested, value, viewer, for_text=for_text)
                        if nested is not None and value is not None else value)
    return shaped


class Shaped(dict):
    """Facts with hidden keys removed; text renderers reading a hidden key get None, not KeyError."""

    def __missing__(self, key):
        return None


def hidden_from_public(serializer_class, name: str) -> bool:
    """True when field `name` is missing from some viewer's answer (so not `required` in a schema)."""
    return name not in visible_fields(serializer_class, Viewer.PUBLIC)


def personal(completer):
    """Mark a completer that enumerates references to people's records.

    The MCP layer then calls it as completer(value, context, viewer) and audits the call;
    it should complete only for staff, or within what the caller proved (a plate named in
    the context arguments).
    """
    completer.personal = True
    return completer


def access_code_field():
    """The optional `access_code` argument of a tracking tool: the owner's proof."""
    return serializers.CharField(
        max_length=32, default=None, allow_null=True,
        help_text="The access code the filing returned (e.g. K7QX2-M9PRT). With it the filer sees the whole "
        "record; without it only the public view (type, status, dates, area).")


def access_code_note(code: str, tool: str) -> str:
    """The line a filing's text ends with: the access code, shown this once."""
    return (f"\n\n🔑 **Access code: {code}** — keep it private. The reference alone shows only the public "
            f"view; {tool} with this access code shows your full record. It is not shown again.")
