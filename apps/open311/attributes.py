"""A service's GeoReport attributes: the filing tool's own arguments, as its schema declares them.

The arguments GeoReport names itself (where, what, who) travel in its standard fields; the
argument the service code fixes is not asked again; every other argument is an attribute:
choices become a `singlevaluelist` (a list of choices a `multivaluelist`), a list of free words
a comma-separated `string`, with `required`, `datatype`, `order` and `description` from the
tool's inputSchema.
"""
from apps.mcp.idempotency import KEY_ARGUMENT
from apps.open311.catalogue import Service

# GeoReport's own request fields, and the filing arguments they fill (where: the group's location_argument).
DESCRIPTION_ARGUMENT = "description"
NAME_ARGUMENTS = ("reporter_name",)
# The filer's own last name, where the tool asks for it as proof (an account holder's): GeoReport's
# `last_name` fills it unless the attribute of that name is given.
LAST_NAME_ARGUMENTS = ("holder_last_name",)
CONTACT_ARGUMENTS = ("contact", "reporter_contact")
PERSON_ARGUMENTS = ("reporter",)  # name and contact in one
MEDIA_ARGUMENT = "photo"  # GeoReport's uploaded `media`
STANDARD_ARGUMENTS = {DESCRIPTION_ARGUMENT, KEY_ARGUMENT, MEDIA_ARGUMENT, *NAME_ARGUMENTS, *CONTACT_ARGUMENTS,
                      *PERSON_ARGUMENTS}


def _kinds(schema: dict) -> list[str]:
    kinds = schema.get("type")
    return [kinds] if isinstance(kinds, str) else [kind for kind in kinds or [] if kind != "null"]


def free_list(schema: dict) -> bool:
    """A list of free words (bulk items): GeoReport has no such type, so it travels comma-separated."""
    return "array" in _kinds(schema) and "enum" not in schema.get("items", {})


def datatype(schema: dict) -> str:
    if "enum" in schema:
        return "singlevaluelist"
    kind = (_kinds(schema) or ["string"])[0]
    if kind in ("integer", "number"):
        return "number"
    if kind == "array":
        return "string" if free_list(schema) else "multivaluelist"
    if schema.get("format") == "date-time" or "iso 8601" in schema.get("description", "").lower():
        return "datetime"
    return "text" if schema.get("maxLength", 0) > 200 else "string"


def attributes(service: Service) -> list[dict]:
    tool = service.group.filing
    schema = tool.input_schema
    required = set(schema.get("required", ()))
    found = []
    for name, argument in schema["properties"].items():
        if name in STANDARD_ARGUMENTS or name in (service.group.kind_argument, service.group.location_argument):
            continue
        attribute = {
            "variable": True,
            "code": name,
            "datatype": datatype(argument),
            "required": name in required,
            "datatype_description": ("Comma-separated. " if free_list(argument) else "")
                                    + argument.get("description", ""),
            "order": len(found) + 1,
            "description": argument.get("description", ""),
        }
        if attribute["datatype"].endswith("valuelist"):
            attribute["values"] = [{"key": value, "name": str(value).replace("_", " ")}
                                   for value in argument.get("enum", argument.get("items", {}).get("enum", []))
                                   if value is not None]
        found.append(attribute)
    return found
